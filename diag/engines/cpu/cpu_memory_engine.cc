// MemoryEngine on the host: the patterns of memory_engine.h over a host
// buffer of 32-bit words. A compiler barrier separates each write pass from
// its verify pass, so the verification reads memory rather than registers.
#include <algorithm>
#include <fstream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "diag/engines/cpu/cpu_engines.h"
#include "reports/model/status_macros.h"

namespace spinecheck {
namespace {

constexpr uint64_t kMiB = 1ULL << 20;
constexpr uint64_t kDefaultCeiling = 256 * kMiB;

inline void MemoryBarrier() { asm volatile("" ::: "memory"); }

inline uint32_t RandomWord(uint64_t seed, uint64_t index) {
  uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (index + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return static_cast<uint32_t>(z ^ (z >> 31));
}

// MemAvailable of /proc/meminfo in bytes; 0 when unknown.
uint64_t AvailableHostBytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    std::vector<std::string> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
    uint64_t kib = 0;
    if (fields.size() >= 2 && fields[0] == "MemAvailable:" && absl::SimpleAtoi(fields[1], &kib)) return kib * 1024;
  }
  return 0;
}

class CpuMemoryEngine final : public MemoryEngine {
 public:
  explicit CpuMemoryEngine(Device& device) : device_(device) {}

  absl::StatusOr<uint64_t> DefaultBytes(int local_ranks) const override {
    // A share of the available memory that leaves room for the GEMM and the
    // other ranks, at most kDefaultCeiling (the test is a smoke test of the
    // host's memory path; --memory-size tests more).
    const uint64_t available = AvailableHostBytes();
    const uint64_t share = available / (8 * static_cast<uint64_t>(local_ranks < 1 ? 1 : local_ranks));
    const uint64_t bytes = (available == 0 ? kDefaultCeiling : std::min(share, kDefaultCeiling)) / kMiB * kMiB;
    if (bytes < kMiB) return absl::ResourceExhaustedError("less than 1 MiB of host memory available per rank");
    return bytes;
  }

  absl::Status Allocate(uint64_t bytes) override {
    Release();
    if (bytes < sizeof(uint32_t)) return absl::InvalidArgumentError("memory test size must be at least 4 bytes");
    SPINECHECK_ASSIGN_OR_RETURN(buffer_, device_.Allocate(bytes));
    words_ = bytes / sizeof(uint32_t);
    return absl::OkStatus();
  }

  absl::StatusOr<MemoryPassResult> Run(MemoryPattern pattern, uint64_t seed) override {
    if (words_ == 0) return absl::FailedPreconditionError("memory test before Allocate");
    uint32_t* words = static_cast<uint32_t*>(buffer_.data());
    MemoryPassResult result;
    switch (pattern) {
      case MemoryPattern::kWalkingOnes:
        for (uint32_t pass = 0; pass < 32; ++pass) {
          for (uint64_t i = 0; i < words_; ++i) words[i] = 1u << ((i + pass) % 32);
          MemoryBarrier();
          for (uint64_t i = 0; i < words_; ++i) result.mismatches += words[i] != (1u << ((i + pass) % 32)) ? 1 : 0;
          MemoryBarrier();
          Account(result, 1, 1);
        }
        break;
      case MemoryPattern::kRandom:
        for (uint64_t i = 0; i < words_; ++i) words[i] = RandomWord(seed, i);
        MemoryBarrier();
        for (uint64_t i = 0; i < words_; ++i) result.mismatches += words[i] != RandomWord(seed, i) ? 1 : 0;
        Account(result, 1, 1);
        break;
      case MemoryPattern::kMovingInversions: {
        const uint32_t p = RandomWord(seed, 0);
        for (uint64_t i = 0; i < words_; ++i) words[i] = p;
        MemoryBarrier();
        for (uint64_t i = 0; i < words_; ++i) {  // ascending: verify p, write ~p
          result.mismatches += words[i] != p ? 1 : 0;
          words[i] = ~p;
        }
        MemoryBarrier();
        for (uint64_t i = words_; i-- > 0;) {  // descending: verify ~p, write p
          result.mismatches += words[i] != ~p ? 1 : 0;
          words[i] = p;
        }
        MemoryBarrier();
        for (uint64_t i = 0; i < words_; ++i) result.mismatches += words[i] != p ? 1 : 0;
        Account(result, 3, 3);  // writes: fill, up, down; reads: up, down, final
        break;
      }
    }
    return result;
  }

  void Release() override {
    buffer_ = DeviceBuffer();
    words_ = 0;
  }

 private:
  void Account(MemoryPassResult& result, int write_passes, int read_passes) const {
    result.words_checked += static_cast<int64_t>(words_) * read_passes;
    result.bytes_moved += words_ * sizeof(uint32_t) * static_cast<uint64_t>(write_passes + read_passes);
  }

  Device& device_;
  DeviceBuffer buffer_;
  uint64_t words_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<MemoryEngine>> CreateCpuMemoryEngine(Device& device) {
  if (device.memory_space() != MemorySpace::kHost) {
    return absl::InvalidArgumentError(absl::StrCat("the CPU memory engine needs host memory; ", device.info().model,
                                                   " is not a CPU device"));
  }
  return std::make_unique<CpuMemoryEngine>(device);
}

}  // namespace spinecheck

// CopyEngine on the host: memcpy between two host buffers, timed with the
// steady clock.
#include <chrono>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "diag/engines/cpu/cpu_engines.h"
#include "reports/model/status_macros.h"

namespace spinecheck {
namespace {

class CpuCopyEngine final : public CopyEngine {
 public:
  explicit CpuCopyEngine(Device& device) : device_(device) {}

  const std::vector<std::string>& Paths() const override { return paths_; }

  absl::Status Allocate(uint64_t bytes) override {
    Release();
    if (bytes < sizeof(uint32_t)) return absl::InvalidArgumentError("copy size must be at least 4 bytes");
    SPINECHECK_ASSIGN_OR_RETURN(source_, device_.Allocate(bytes));
    SPINECHECK_ASSIGN_OR_RETURN(destination_, device_.Allocate(bytes));
    uint32_t* words = static_cast<uint32_t*>(source_.data());
    for (uint64_t i = 0; i < bytes / sizeof(uint32_t); ++i) words[i] = static_cast<uint32_t>(i * 2654435761u);
    bytes_ = bytes;
    return absl::OkStatus();
  }

  absl::StatusOr<double> CopyOnce(size_t path) override {
    SPINECHECK_RETURN_IF_ERROR(CheckPath(path));
    const auto start = std::chrono::steady_clock::now();
    std::memcpy(destination_.data(), source_.data(), bytes_);
    asm volatile("" ::: "memory");
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  absl::StatusOr<int64_t> VerifyLast(size_t path) override {
    SPINECHECK_RETURN_IF_ERROR(CheckPath(path));
    const uint32_t* source = static_cast<const uint32_t*>(source_.data());
    const uint32_t* destination = static_cast<const uint32_t*>(destination_.data());
    int64_t different = 0;
    for (uint64_t i = 0; i < bytes_ / sizeof(uint32_t); ++i) different += source[i] != destination[i] ? 1 : 0;
    return different;
  }

  void Release() override {
    source_ = DeviceBuffer();
    destination_ = DeviceBuffer();
    bytes_ = 0;
  }

 private:
  absl::Status CheckPath(size_t path) const {
    if (path >= paths_.size()) return absl::OutOfRangeError(absl::StrCat("copy path ", path, " of ", paths_.size()));
    if (bytes_ == 0) return absl::FailedPreconditionError("copy before Allocate");
    return absl::OkStatus();
  }

  Device& device_;
  std::vector<std::string> paths_ = {"memcpy"};
  DeviceBuffer source_, destination_;
  uint64_t bytes_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CopyEngine>> CreateCpuCopyEngine(Device& device) {
  if (device.memory_space() != MemorySpace::kHost) {
    return absl::InvalidArgumentError(absl::StrCat("the CPU copy engine needs host memory; ", device.info().model,
                                                   " is not a CPU device"));
  }
  return std::make_unique<CpuCopyEngine>(device);
}

}  // namespace spinecheck

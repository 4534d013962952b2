// MemoryEngine on a GPU: the patterns of memory_engine.h over one buffer of
// device memory, written and verified by the kernels of memory_kernels.cu on
// the device's stream. The words are those of the CPU engine (the same
// random words, the same moving-inversions pattern for a seed).
#include <memory>

#include "absl/strings/str_cat.h"
#include "diag/engines/cuda/cuda_engines.h"
#include "diag/engines/cuda/memory_kernels.h"
#include "diag/engines/cuda/pinned_host.h"
#include "reports/model/status_macros.h"
#include "topology/device/cuda/cuda_error.h"

namespace spinecheck {
namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;
constexpr uint64_t kHeadroomBytes = 512 * kMiB;  // the context, cuBLASLt and the other checks' small buffers
constexpr uint64_t kGranuleBytes = 2 * kMiB;
constexpr uint32_t kWalkingPasses = 32;

class CudaMemoryEngine final : public MemoryEngine {
 public:
  CudaMemoryEngine(CudaDevice& device, DeviceBuffer counter, DeviceBuffer host_counter)
      : device_(device), counter_(std::move(counter)), host_counter_(std::move(host_counter)) {}

  // 90 % of the free device memory less kHeadroomBytes, in whole 2 MiB:
  // each rank drives its own GPU, so `local_ranks` does not divide it.
  absl::StatusOr<uint64_t> DefaultBytes(int /*local_ranks*/) const override {
    SPINECHECK_RETURN_IF_ERROR(device_.MakeCurrent());
    size_t free_bytes = 0;
    size_t total_bytes = 0;
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(cudaMemGetInfo(&free_bytes, &total_bytes), device_.where()));
    const uint64_t usable = static_cast<uint64_t>(free_bytes) / 10 * 9;
    if (usable < kHeadroomBytes + kGranuleBytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat("only ", free_bytes, " of ", total_bytes, " bytes of device memory are free on ",
                       device_.where(), "; the memory test keeps ", kHeadroomBytes, " bytes of headroom"));
    }
    return (usable - kHeadroomBytes) / kGranuleBytes * kGranuleBytes;
  }

  absl::Status Allocate(uint64_t bytes) override {
    Release();
    if (bytes < sizeof(uint32_t)) return absl::InvalidArgumentError("memory test size must be at least 4 bytes");
    absl::StatusOr<DeviceBuffer> buffer = device_.Allocate(bytes);
    if (absl::IsResourceExhausted(buffer.status())) {
      return absl::ResourceExhaustedError(absl::StrCat("cannot allocate ", bytes, " bytes for the memory test on ",
                                                       device_.where(), " (", device_.info().model,
                                                       "); lower --memory-size"));
    }
    SPINECHECK_RETURN_IF_ERROR(buffer.status());
    buffer_ = *std::move(buffer);
    words_ = bytes / sizeof(uint32_t);
    return absl::OkStatus();
  }

  absl::StatusOr<MemoryPassResult> Run(MemoryPattern pattern, uint64_t seed) override {
    if (words_ == 0) return absl::FailedPreconditionError("memory test before Allocate");
    SPINECHECK_RETURN_IF_ERROR(device_.MakeCurrent());
    const std::string& where = device_.where();
    cudaStream_t stream = device_.stream();
    auto* words = static_cast<uint32_t*>(buffer_.data());
    auto* mismatches = static_cast<unsigned long long*>(counter_.data());
    SPINECHECK_RETURN_IF_ERROR(
        SPINECHECK_CUDA_CALL(cudaMemsetAsync(mismatches, 0, sizeof(*mismatches), stream), where));
    MemoryPassResult result;
    switch (pattern) {
      case MemoryPattern::kWalkingOnes:
        for (uint32_t pass = 0; pass < kWalkingPasses; ++pass) {
          WordPattern ones;
          ones.kind = WordPattern::Kind::kWalkingOnes;
          ones.walking_pass = pass;
          SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(LaunchWriteWords(words, words_, ones, stream), where));
          SPINECHECK_RETURN_IF_ERROR(
              SPINECHECK_CUDA_CALL(LaunchVerifyWords(words, words_, ones, mismatches, stream), where));
        }
        Account(result, kWalkingPasses, kWalkingPasses);
        break;
      case MemoryPattern::kRandom: {
        WordPattern random;
        random.kind = WordPattern::Kind::kRandom;
        random.seed = seed;
        SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(LaunchWriteWords(words, words_, random, stream), where));
        SPINECHECK_RETURN_IF_ERROR(
            SPINECHECK_CUDA_CALL(LaunchVerifyWords(words, words_, random, mismatches, stream), where));
        Account(result, 1, 1);
        break;
      }
      case MemoryPattern::kMovingInversions: {
        WordPattern fill;
        fill.kind = WordPattern::Kind::kConstant;
        fill.constant = MemoryRandomWord(seed, 0);
        const uint32_t p = fill.constant;
        SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(LaunchWriteWords(words, words_, fill, stream), where));
        SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(
            LaunchInvertWords(words, words_, p, ~p, /*descending=*/false, mismatches, stream), where));
        SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(
            LaunchInvertWords(words, words_, ~p, p, /*descending=*/true, mismatches, stream), where));
        SPINECHECK_RETURN_IF_ERROR(
            SPINECHECK_CUDA_CALL(LaunchVerifyWords(words, words_, fill, mismatches, stream), where));
        Account(result, 3, 3);  // writes: fill, up, down; reads: up, down, final
        break;
      }
    }
    auto* host_mismatches = static_cast<unsigned long long*>(host_counter_.data());
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(
        cudaMemcpyAsync(host_mismatches, mismatches, sizeof(*mismatches), cudaMemcpyDeviceToHost, stream), where));
    SPINECHECK_RETURN_IF_ERROR(device_.Synchronize());
    result.mismatches = static_cast<int64_t>(*host_mismatches);
    return result;
  }

  void Release() override {
    buffer_ = DeviceBuffer();
    words_ = 0;
  }

 private:
  // `write_passes` and `read_passes` over every word of the buffer.
  void Account(MemoryPassResult& result, uint32_t write_passes, uint32_t read_passes) const {
    result.words_checked += static_cast<int64_t>(words_ * read_passes);
    result.bytes_moved += words_ * sizeof(uint32_t) * (write_passes + read_passes);
  }

  CudaDevice& device_;
  DeviceBuffer counter_;       // mismatches of the current Run, on the device
  DeviceBuffer host_counter_;  // pinned: counter_, read back
  DeviceBuffer buffer_;        // the memory under test
  uint64_t words_ = 0;         // 32-bit words of buffer_ under test (a trailing partial word is not)
};

}  // namespace

absl::StatusOr<std::unique_ptr<MemoryEngine>> CreateCudaMemoryEngine(CudaDevice& device) {
  SPINECHECK_ASSIGN_OR_RETURN(DeviceBuffer counter, device.Allocate(sizeof(unsigned long long)));
  SPINECHECK_ASSIGN_OR_RETURN(DeviceBuffer host_counter, AllocatePinnedHost(device, sizeof(unsigned long long)));
  return std::unique_ptr<MemoryEngine>(
      std::make_unique<CudaMemoryEngine>(device, std::move(counter), std::move(host_counter)));
}

}  // namespace spinecheck

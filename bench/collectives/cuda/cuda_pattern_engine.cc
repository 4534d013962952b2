#include "bench/collectives/cuda/cuda_pattern_engine.h"

#include "bench/collectives/cuda/pattern_kernels.h"
#include "reports/model/status_macros.h"
#include "topology/device/cuda/cuda_error.h"

namespace spinecheck {
namespace {

class CudaPatternEngine : public PatternEngine {
 public:
  CudaPatternEngine(CudaDevice& device, DeviceBuffer counter) : device_(device), counter_(std::move(counter)) {}

  absl::Status Fill(const PatternCall& call, DeviceBuffer& send, DeviceBuffer& recv) override {
    SPINECHECK_RETURN_IF_ERROR(device_.MakeCurrent());
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(
        LaunchPatternFill(ToPatternSpec(call), send.data(), send.bytes(), recv.data(), recv.bytes(), device_.stream()),
        device_.where()));
    return device_.Synchronize();
  }

  absl::StatusOr<int64_t> CountWrong(const PatternCall& call, const DeviceBuffer& send,
                                     const DeviceBuffer& recv) override {
    SPINECHECK_RETURN_IF_ERROR(device_.MakeCurrent());
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(
        LaunchPatternCount(ToPatternSpec(call), send.data(), recv.data(),
                           static_cast<unsigned long long*>(counter_.data()), device_.stream()),
        device_.where()));
    unsigned long long wrong = 0;
    SPINECHECK_RETURN_IF_ERROR(device_.CopyToHost(counter_, 0, &wrong, sizeof(wrong)));
    return static_cast<int64_t>(wrong);
  }

 private:
  CudaDevice& device_;
  DeviceBuffer counter_;  // one unsigned long long on the GPU
};

}  // namespace

absl::StatusOr<std::unique_ptr<PatternEngine>> CreateCudaPatternEngine(CudaDevice& device) {
  SPINECHECK_ASSIGN_OR_RETURN(DeviceBuffer counter, device.Allocate(sizeof(unsigned long long)));
  return std::unique_ptr<PatternEngine>(std::make_unique<CudaPatternEngine>(device, std::move(counter)));
}

}  // namespace spinecheck

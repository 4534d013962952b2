// The pattern engines this build has: host memory always, CUDA when the
// toolkit was found.
#include "absl/strings/str_cat.h"
#include "bench/collectives/pattern_engine.h"

#if SPINECHECK_HAVE_CUDA
#include "bench/collectives/cuda/cuda_pattern_engine.h"
#include "topology/device/cuda/cuda_device.h"
#endif

namespace spinecheck {
namespace {

// Host memory: the patterns' host functions on the buffers themselves.
class HostPatternEngine : public PatternEngine {
 public:
  absl::Status Fill(const PatternCall& call, DeviceBuffer& send, DeviceBuffer& recv) override {
    const size_t element_size = DataTypeSize(call.type);
    FillInput(call, send.data(), send.bytes() / element_size, recv.data(), recv.bytes() / element_size);
    return absl::OkStatus();
  }
  absl::StatusOr<int64_t> CountWrong(const PatternCall& call, const DeviceBuffer& send,
                                     const DeviceBuffer& recv) override {
    return spinecheck::CountWrong(call, send.data(), recv.data());
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<PatternEngine>> CreatePatternEngine(Device& device) {
  if (device.memory_space() == MemorySpace::kHost) {
    return std::unique_ptr<PatternEngine>(std::make_unique<HostPatternEngine>());
  }
#if SPINECHECK_HAVE_CUDA
  if (auto* gpu = dynamic_cast<CudaDevice*>(&device)) return CreateCudaPatternEngine(*gpu);
#endif
  return absl::UnimplementedError(absl::StrCat("no data-pattern engine for a ", device.info().kind, " device"));
}

}  // namespace spinecheck

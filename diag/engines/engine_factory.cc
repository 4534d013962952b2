// The one place in diag/ that knows which engine implementations this build
// has: CPU engines always; CUDA engines when the toolkit was found, for a
// CudaDevice.
#include "diag/engines/engine_factory.h"

#include "diag/engines/cpu/cpu_engines.h"

#if SPINECHECK_HAVE_CUDA
#include "diag/engines/cuda/cuda_engines.h"
#include "topology/device/cuda/cuda_device.h"
#endif

namespace spinecheck {

absl::StatusOr<std::unique_ptr<GemmEngine>> CreateGemmEngine(Device& device, int cpu_threads) {
#if SPINECHECK_HAVE_CUDA
  if (auto* gpu = dynamic_cast<CudaDevice*>(&device)) return CreateCudaGemmEngine(*gpu);
#endif
  return CreateCpuGemmEngine(device, cpu_threads);
}

absl::StatusOr<std::unique_ptr<MemoryEngine>> CreateMemoryEngine(Device& device) {
#if SPINECHECK_HAVE_CUDA
  if (auto* gpu = dynamic_cast<CudaDevice*>(&device)) return CreateCudaMemoryEngine(*gpu);
#endif
  return CreateCpuMemoryEngine(device);
}

absl::StatusOr<std::unique_ptr<CopyEngine>> CreateCopyEngine(Device& device) {
#if SPINECHECK_HAVE_CUDA
  if (auto* gpu = dynamic_cast<CudaDevice*>(&device)) return CreateCudaCopyEngine(*gpu);
#endif
  return CreateCpuCopyEngine(device);
}

}  // namespace spinecheck

// The CUDA engines of the burn checks: cuBLASLt GEMM with an on-device
// comparison, device-memory pattern tests and copy bandwidth, with the
// kernels of this folder. Created by engine_factory.cc for a CudaDevice;
// every engine keeps a reference to `device`, which must outlive it, and
// issues all its work on the device's stream.
#ifndef SPINECHECK_DIAG_ENGINES_CUDA_CUDA_ENGINES_H_
#define SPINECHECK_DIAG_ENGINES_CUDA_CUDA_ENGINES_H_

#include <memory>

#include "absl/status/statusor.h"
#include "diag/engines/copy_engine.h"
#include "diag/engines/gemm_engine.h"
#include "diag/engines/memory_engine.h"
#include "topology/device/cuda/cuda_device.h"

namespace spinecheck {

// cuBLASLt matmul of every GemmType the GPU supports (cuda_gemm_engine.cc).
absl::StatusOr<std::unique_ptr<GemmEngine>> CreateCudaGemmEngine(CudaDevice& device);
// Walking ones, random words and moving inversions over device memory.
absl::StatusOr<std::unique_ptr<MemoryEngine>> CreateCudaMemoryEngine(CudaDevice& device);
// h2d and d2h through pinned memory, and d2d to every peer GPU this process
// can reach with peer access (enabled here).
absl::StatusOr<std::unique_ptr<CopyEngine>> CreateCudaCopyEngine(CudaDevice& device);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_ENGINES_CUDA_CUDA_ENGINES_H_

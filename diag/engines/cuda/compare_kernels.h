// Launcher of the bitwise comparison kernel (compare_kernels.cu) that the
// GEMM engine runs on every product and the copy engine on every copy it
// verifies. Plain C++ declarations, so that host code compiled by the C++
// compiler can call them.
#ifndef SPINECHECK_DIAG_ENGINES_CUDA_COMPARE_KERNELS_H_
#define SPINECHECK_DIAG_ENGINES_CUDA_COMPARE_KERNELS_H_

#include <cuda_runtime_api.h>

#include <cstdint>

namespace spinecheck {

// Enqueues on `stream`: *different (device memory) set to the number of
// `element_bytes`-wide elements (4 or 8) among the `bytes` at `actual` whose
// bits differ from those at `reference`; a trailing partial element
// (bytes % element_bytes) counts as one element. Both pointers must be
// readable by the stream's GPU: its own memory, a peer's with peer access
// enabled, or the device pointer of mapped pinned host memory; aligned to
// `element_bytes`. cudaErrorInvalidValue for another element width.
cudaError_t LaunchCountDifferentElements(const void* actual, const void* reference, uint64_t bytes,
                                         uint32_t element_bytes, unsigned long long* different, cudaStream_t stream);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_ENGINES_CUDA_COMPARE_KERNELS_H_

// Bitwise comparison of two buffers on the GPU, counting the elements that
// differ (compare_kernels.h).
#include "diag/engines/cuda/compare_kernels.h"
#include "diag/engines/cuda/kernel_shape.cuh"

namespace spinecheck {
namespace {

template <typename Bits>
__global__ void CountDifferentKernel(const Bits* actual, const Bits* reference, uint64_t count,
                                     unsigned long long* different) {
  unsigned long long local = 0;
  for (uint64_t i = GridStart(); i < count; i += GridStride()) {
    if (actual[i] != reference[i]) ++local;
  }
  AddWarpCount(local, different);
}

// The last `tail` (< 8) bytes, one element whichever of them differ.
__global__ void CountDifferentTailKernel(const unsigned char* actual, const unsigned char* reference, uint32_t tail,
                                         unsigned long long* different) {
  bool differs = false;
  for (uint32_t i = 0; i < tail; ++i) differs = differs || actual[i] != reference[i];
  if (differs) atomicAdd(different, 1ULL);
}

template <typename Bits>
cudaError_t LaunchCount(const void* actual, const void* reference, uint64_t count, unsigned long long* different,
                        cudaStream_t stream) {
  CountDifferentKernel<Bits><<<BurnBlocksFor(count), kBurnThreads, 0, stream>>>(
      static_cast<const Bits*>(actual), static_cast<const Bits*>(reference), count, different);
  return cudaGetLastError();
}

}  // namespace

cudaError_t LaunchCountDifferentElements(const void* actual, const void* reference, uint64_t bytes,
                                         uint32_t element_bytes, unsigned long long* different, cudaStream_t stream) {
  if (element_bytes != 4 && element_bytes != 8) return cudaErrorInvalidValue;
  cudaError_t code = cudaMemsetAsync(different, 0, sizeof(*different), stream);
  if (code != cudaSuccess) return code;
  const uint64_t count = bytes / element_bytes;
  const uint32_t tail = static_cast<uint32_t>(bytes % element_bytes);
  if (count > 0) {
    code = element_bytes == 4 ? LaunchCount<uint32_t>(actual, reference, count, different, stream)
                              : LaunchCount<uint64_t>(actual, reference, count, different, stream);
    if (code != cudaSuccess) return code;
  }
  if (tail > 0) {
    const uint64_t offset = count * element_bytes;
    CountDifferentTailKernel<<<1, 1, 0, stream>>>(static_cast<const unsigned char*>(actual) + offset,
                                                  static_cast<const unsigned char*>(reference) + offset, tail,
                                                  different);
    code = cudaGetLastError();
  }
  return code;
}

}  // namespace spinecheck

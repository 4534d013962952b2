// Launch shape and mismatch counting shared by the burn kernels (.cu files
// only): grid-stride loops of kThreads-thread blocks, and one atomicAdd per
// warp that found something.
#ifndef SPINECHECK_DIAG_ENGINES_CUDA_KERNEL_SHAPE_CUH_
#define SPINECHECK_DIAG_ENGINES_CUDA_KERNEL_SHAPE_CUH_

#include <cstdint>

namespace spinecheck {

constexpr int kBurnThreads = 256;  // a multiple of the warp size: AddWarpCount needs full warps
constexpr uint64_t kBurnMaxBlocks = 8192;

// Blocks for `count` items, at least 1 and at most kBurnMaxBlocks (the
// grid-stride loops cover the rest).
inline unsigned int BurnBlocksFor(uint64_t count) {
  const uint64_t blocks = (count + kBurnThreads - 1) / kBurnThreads;
  if (blocks == 0) return 1;
  return static_cast<unsigned int>(blocks < kBurnMaxBlocks ? blocks : kBurnMaxBlocks);
}

// First item and stride of the calling thread in a grid-stride loop.
__device__ inline uint64_t GridStart() { return static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; }
__device__ inline uint64_t GridStride() { return static_cast<uint64_t>(gridDim.x) * blockDim.x; }

// Adds the warp's sum of `local` to *counter. Every lane of the warp must
// call it (after its grid-stride loop).
__device__ inline void AddWarpCount(unsigned long long local, unsigned long long* counter) {
  for (int offset = 16; offset > 0; offset /= 2) local += __shfl_down_sync(0xffffffffu, local, offset);
  if ((threadIdx.x & 31) == 0 && local != 0) atomicAdd(counter, local);
}

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_ENGINES_CUDA_KERNEL_SHAPE_CUH_

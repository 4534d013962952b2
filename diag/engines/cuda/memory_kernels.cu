// Memory-test kernels (memory_kernels.h). Every kernel is one pass over the
// buffer; separate launches order the write and verify passes, so each
// verification reads what the device's memory holds.
#include "diag/engines/cuda/kernel_shape.cuh"
#include "diag/engines/cuda/memory_kernels.h"

namespace spinecheck {
namespace {

__device__ uint32_t PatternWord(const WordPattern& pattern, uint64_t index) {
  switch (pattern.kind) {
    case WordPattern::Kind::kWalkingOnes: return 1u << ((index + pattern.walking_pass) % 32);
    case WordPattern::Kind::kRandom: return MemoryRandomWord(pattern.seed, index);
    case WordPattern::Kind::kConstant: return pattern.constant;
  }
  return 0;
}

__global__ void WriteKernel(uint32_t* words, uint64_t count, WordPattern pattern) {
  for (uint64_t i = GridStart(); i < count; i += GridStride()) words[i] = PatternWord(pattern, i);
}

__global__ void VerifyKernel(const uint32_t* words, uint64_t count, WordPattern pattern,
                             unsigned long long* mismatches) {
  unsigned long long local = 0;
  for (uint64_t i = GridStart(); i < count; i += GridStride()) {
    if (words[i] != PatternWord(pattern, i)) ++local;
  }
  AddWarpCount(local, mismatches);
}

__global__ void InvertKernel(uint32_t* words, uint64_t count, uint32_t expected, uint32_t replacement, bool descending,
                             unsigned long long* mismatches) {
  unsigned long long local = 0;
  for (uint64_t j = GridStart(); j < count; j += GridStride()) {
    const uint64_t i = descending ? count - 1 - j : j;
    if (words[i] != expected) ++local;
    words[i] = replacement;
  }
  AddWarpCount(local, mismatches);
}

}  // namespace

cudaError_t LaunchWriteWords(uint32_t* words, uint64_t count, const WordPattern& pattern, cudaStream_t stream) {
  if (count == 0) return cudaSuccess;
  WriteKernel<<<BurnBlocksFor(count), kBurnThreads, 0, stream>>>(words, count, pattern);
  return cudaGetLastError();
}

cudaError_t LaunchVerifyWords(const uint32_t* words, uint64_t count, const WordPattern& pattern,
                              unsigned long long* mismatches, cudaStream_t stream) {
  if (count == 0) return cudaSuccess;
  VerifyKernel<<<BurnBlocksFor(count), kBurnThreads, 0, stream>>>(words, count, pattern, mismatches);
  return cudaGetLastError();
}

cudaError_t LaunchInvertWords(uint32_t* words, uint64_t count, uint32_t expected, uint32_t replacement, bool descending,
                              unsigned long long* mismatches, cudaStream_t stream) {
  if (count == 0) return cudaSuccess;
  InvertKernel<<<BurnBlocksFor(count), kBurnThreads, 0, stream>>>(words, count, expected, replacement, descending,
                                                                  mismatches);
  return cudaGetLastError();
}

}  // namespace spinecheck

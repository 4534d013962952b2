// Data-pattern kernels: the device side of bench/collectives/pattern_math.h.
// Elements are handled as raw bits of their width, so one kernel serves
// every type; the values are those the host functions compute.
#include "bench/collectives/cuda/pattern_kernels.h"

namespace spinecheck {
namespace {

constexpr int kThreads = 256;
constexpr uint64_t kMaxBlocks = 4096;

__device__ void StoreBits(void* base, uint64_t index, uint32_t width, uint64_t bits) {
  switch (width) {
    case 1: static_cast<uint8_t*>(base)[index] = static_cast<uint8_t>(bits); break;
    case 2: static_cast<uint16_t*>(base)[index] = static_cast<uint16_t>(bits); break;
    case 4: static_cast<uint32_t*>(base)[index] = static_cast<uint32_t>(bits); break;
    default: static_cast<uint64_t*>(base)[index] = bits; break;
  }
}

__device__ uint64_t LoadBits(const void* base, uint64_t index, uint32_t width) {
  switch (width) {
    case 1: return static_cast<const uint8_t*>(base)[index];
    case 2: return static_cast<const uint16_t*>(base)[index];
    case 4: return static_cast<const uint32_t*>(base)[index];
    default: return static_cast<const uint64_t*>(base)[index];
  }
}

__global__ void FillKernel(PatternSpec spec, void* base, PatternSpan span) {
  const uint32_t width = PatternElementBytes(spec.type);
  const uint64_t stride = static_cast<uint64_t>(gridDim.x) * blockDim.x;
  for (uint64_t j = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; j < span.count; j += stride) {
    StoreBits(base, span.offset + j, width, PatternInputBits(spec, j));
  }
}

__global__ void CountKernel(PatternSpec spec, const void* base, PatternSpan span, unsigned long long* wrong) {
  const uint32_t width = PatternElementBytes(spec.type);
  const uint64_t stride = static_cast<uint64_t>(gridDim.x) * blockDim.x;
  unsigned long long local = 0;
  for (uint64_t j = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; j < span.count; j += stride) {
    if (!PatternBitsMatch(spec, LoadBits(base, span.offset + j, width), PatternExpectedBits(spec, j))) ++local;
  }
  // One atomic per warp that found something.
  for (int offset = 16; offset > 0; offset /= 2) local += __shfl_down_sync(0xffffffffu, local, offset);
  if ((threadIdx.x & 31) == 0 && local != 0) atomicAdd(wrong, local);
}

unsigned int BlocksFor(uint64_t count) {
  const uint64_t blocks = (count + kThreads - 1) / kThreads;
  return static_cast<unsigned int>(blocks < kMaxBlocks ? (blocks == 0 ? 1 : blocks) : kMaxBlocks);
}

}  // namespace

cudaError_t LaunchPatternFill(const PatternSpec& spec, void* send, uint64_t send_bytes, void* recv,
                              uint64_t recv_bytes, cudaStream_t stream) {
  cudaError_t code = cudaMemsetAsync(send, kPatternFillerByte, send_bytes, stream);
  if (code == cudaSuccess) code = cudaMemsetAsync(recv, kPatternFillerByte, recv_bytes, stream);
  if (code != cudaSuccess) return code;
  const PatternSpan span = PatternInputSpan(spec);
  if (span.count == 0) return cudaSuccess;
  FillKernel<<<BlocksFor(span.count), kThreads, 0, stream>>>(spec, span.in_recv ? recv : send, span);
  return cudaGetLastError();
}

cudaError_t LaunchPatternCount(const PatternSpec& spec, const void* send, const void* recv,
                               unsigned long long* wrong_counter, cudaStream_t stream) {
  cudaError_t code = cudaMemsetAsync(wrong_counter, 0, sizeof(*wrong_counter), stream);
  if (code != cudaSuccess) return code;
  const PatternSpan span = PatternOutputSpan(spec);
  if (span.count == 0) return cudaSuccess;
  CountKernel<<<BlocksFor(span.count), kThreads, 0, stream>>>(spec, span.in_recv ? recv : send, span, wrong_counter);
  return cudaGetLastError();
}

}  // namespace spinecheck

// The GEMM engine's own kernels (gemm_kernels.h).
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>

#include "diag/engines/cuda/gemm_kernels.h"
#include "diag/engines/cuda/kernel_shape.cuh"

namespace spinecheck {
namespace {

__global__ void WidenKernel(const int8_t* entries, uint64_t count, GemmStorage storage, void* out) {
  for (uint64_t i = GridStart(); i < count; i += GridStride()) {
    const float value = static_cast<float>(entries[i]);
    switch (storage) {
      case GemmStorage::kFp64: static_cast<double*>(out)[i] = static_cast<double>(entries[i]); break;
      case GemmStorage::kFp32: static_cast<float*>(out)[i] = value; break;
      case GemmStorage::kBf16: static_cast<__nv_bfloat16*>(out)[i] = __float2bfloat16_rn(value); break;
      case GemmStorage::kFp16: static_cast<__half*>(out)[i] = __float2half_rn(value); break;
      case GemmStorage::kFp8E4M3:
        static_cast<__nv_fp8_storage_t*>(out)[i] = __nv_cvt_float_to_fp8(value, __NV_SATFINITE, __NV_E4M3);
        break;
    }
  }
}

__global__ void FlipBitsKernel(uint8_t* byte, uint8_t mask) { *byte = static_cast<uint8_t>(*byte ^ mask); }

}  // namespace

cudaError_t LaunchWidenGemmEntries(const int8_t* entries, uint64_t count, GemmStorage storage, void* out,
                                   cudaStream_t stream) {
  if (count == 0) return cudaSuccess;
  WidenKernel<<<BurnBlocksFor(count), kBurnThreads, 0, stream>>>(entries, count, storage, out);
  return cudaGetLastError();
}

cudaError_t LaunchFlipBits(void* byte, uint8_t mask, cudaStream_t stream) {
  FlipBitsKernel<<<1, 1, 0, stream>>>(static_cast<uint8_t*>(byte), mask);
  return cudaGetLastError();
}

}  // namespace spinecheck

// Launchers of the GEMM engine's own kernels (gemm_kernels.cu): widening
// the int8 input entries to the GEMM's storage type, and the testing fault
// that flips a bit of the real output. Plain C++ declarations, so that host
// code compiled by the C++ compiler can call them.
#ifndef SPINECHECK_DIAG_ENGINES_CUDA_GEMM_KERNELS_H_
#define SPINECHECK_DIAG_ENGINES_CUDA_GEMM_KERNELS_H_

#include <cuda_runtime_api.h>

#include <cstdint>

namespace spinecheck {

// Element types the GEMM inputs are stored in: IEEE fp64 and fp32, bf16,
// IEEE fp16, and fp8 e4m3 (OCP FP8, cuda_fp8.h's __NV_E4M3).
enum class GemmStorage { kFp64, kFp32, kBf16, kFp16, kFp8E4M3 };

// Bytes of one element of `storage`.
inline constexpr uint32_t GemmStorageBytes(GemmStorage storage) {
  switch (storage) {
    case GemmStorage::kFp64: return 8;
    case GemmStorage::kFp32: return 4;
    case GemmStorage::kBf16:
    case GemmStorage::kFp16: return 2;
    case GemmStorage::kFp8E4M3: return 1;
  }
  return 0;
}

// Enqueues on `stream`: element i of `out` (device memory, `count`
// elements of `storage`) set to entries[i] (device memory). Exact for the
// integers in [-2, 2] GemmInputEntry yields.
cudaError_t LaunchWidenGemmEntries(const int8_t* entries, uint64_t count, GemmStorage storage, void* out,
                                   cudaStream_t stream);

// Enqueues on `stream`: the byte at `byte` (device memory) XOR `mask`.
cudaError_t LaunchFlipBits(void* byte, uint8_t mask, cudaStream_t stream);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_ENGINES_CUDA_GEMM_KERNELS_H_

// GemmEngine: one device's GEMM load with result verification, the core of
// the `gemm` burn check. Implemented with OpenBLAS on a CPU
// (cpu/cpu_gemm_engine) and with cuBLASLt on a GPU (cuda/).
//
// Every engine multiplies the same inputs: A and B are n x n matrices of
// small integers (GemmInputEntry), so every product and every partial sum is
// exact in every type and any summation order, and the correct C is known
// bit for bit on every device. The reference C is the device's first
// product, checked against the exact product with Freivalds' test
// (gemm_verification.h); every later product is compared with the reference
// element by element.
#ifndef SPINECHECK_DIAG_ENGINES_GEMM_ENGINE_H_
#define SPINECHECK_DIAG_ENGINES_GEMM_ENGINE_H_

#include <cstdint>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace spinecheck {

// Input types of the GEMM load. Narrow types accumulate in fp32 and write
// fp32 output; tf32 is fp32 storage with TF32 tensor-core arithmetic.
enum class GemmType { kFp64, kFp32, kTf32, kBf16, kFp16, kFp8 };

// "fp64", "fp32", "tf32", "bf16", "fp16", "fp8".
absl::string_view GemmTypeName(GemmType type);
// All types, widest first.
const std::vector<GemmType>& AllGemmTypes();
// Parses a name above; kInvalidArgument listing the known names.
absl::StatusOr<GemmType> ParseGemmType(absl::string_view name);

class GemmEngine {
 public:
  virtual ~GemmEngine() = default;

  // OK when this device can run `type`; otherwise kUnimplemented (or
  // kFailedPrecondition) saying why, e.g. "fp8 needs compute capability 8.9
  // or newer (this GPU is 8.0)". The check reports the type as skipped.
  virtual absl::Status Supports(GemmType type) const = 0;

  // Allocates A, B, C and the reference for an n x n GEMM of `type`, fills A
  // and B with GemmInputEntry(seed, ...), computes the reference product once
  // and checks it with CountFreivaldsFailures. Returns the number of rows of
  // the reference that fail (0 on a healthy device). kResourceExhausted when
  // the memory is not there, naming the size.
  virtual absl::StatusOr<int64_t> Prepare(GemmType type, int n, uint64_t seed) = 0;

  // One iteration: C = A * B, then C is compared with the reference element
  // by element (bitwise); returns the number of elements that differ, once
  // the device has finished. With `corrupt_output` (the testing fault
  // --inject corrupt=RANK) one bit of one element of the real output buffer
  // C is flipped between the product and the comparison.
  virtual absl::StatusOr<int64_t> Iterate(bool corrupt_output) = 0;

  // Frees what Prepare allocated. Prepare may be called again afterwards.
  virtual void Release() = 0;
};

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_ENGINES_GEMM_ENGINE_H_

// Wrapping cuBLASLt status codes into absl::Status, once, at the call site.
#ifndef SPINECHECK_DIAG_ENGINES_CUDA_CUBLAS_ERROR_H_
#define SPINECHECK_DIAG_ENGINES_CUDA_CUBLAS_ERROR_H_

#include <cublasLt.h>

#include <string>

#include "absl/status/status.h"

namespace spinecheck {

// OK for CUBLAS_STATUS_SUCCESS. Otherwise kResourceExhausted for
// CUBLAS_STATUS_ALLOC_FAILED, kUnimplemented for CUBLAS_STATUS_NOT_SUPPORTED
// and CUBLAS_STATUS_ARCH_MISMATCH (this GPU or library cannot run the
// operation), kUnavailable for everything else, worded
// "cublasLtMatmul failed at cuda_gemm_engine.cc:200 on rank 3@node017 GPU 2: an unsupported value or parameter was
// passed to the function (CUBLAS_STATUS_INVALID_VALUE)".
absl::Status CublasStatus(cublasStatus_t code, const char* call, const char* file, int line, const std::string& where);

}  // namespace spinecheck

// Evaluates a cuBLAS or cuBLASLt call and wraps its return code. `where`
// names rank@host and the GPU.
#define SPINECHECK_CUBLAS_CALL(call, where) ::spinecheck::CublasStatus((call), #call, __FILE__, __LINE__, (where))

#endif  // SPINECHECK_DIAG_ENGINES_CUDA_CUBLAS_ERROR_H_

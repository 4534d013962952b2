#include "diag/engines/cuda/cublas_error.h"

#include "absl/strings/str_cat.h"
#include "reports/model/call_site.h"

namespace spinecheck {

absl::Status CublasStatus(cublasStatus_t code, const char* call, const char* file, int line, const std::string& where) {
  if (code == CUBLAS_STATUS_SUCCESS) return absl::OkStatus();
  std::string message = absl::StrCat(FailedCallSite(call, file, line, where), ": ", cublasLtGetStatusString(code), " (",
                                     cublasLtGetStatusName(code), ")");
  switch (code) {
    case CUBLAS_STATUS_ALLOC_FAILED: return absl::ResourceExhaustedError(message);
    case CUBLAS_STATUS_NOT_SUPPORTED:
    case CUBLAS_STATUS_ARCH_MISMATCH: return absl::UnimplementedError(message);
    default: return absl::UnavailableError(message);
  }
}

}  // namespace spinecheck

#include "topology/device/cuda/cuda_error.h"

#include "absl/strings/str_cat.h"
#include "reports/model/call_site.h"

namespace spinecheck {

absl::Status CudaStatus(cudaError_t code, const char* call, const char* file, int line, const std::string& where) {
  if (code == cudaSuccess) return absl::OkStatus();
  std::string message = absl::StrCat(FailedCallSite(call, file, line, where), ": ", cudaGetErrorString(code), " (",
                                     cudaGetErrorName(code), ")");
  if (code == cudaErrorMemoryAllocation) return absl::ResourceExhaustedError(message);
  return absl::UnavailableError(message);
}

}  // namespace spinecheck

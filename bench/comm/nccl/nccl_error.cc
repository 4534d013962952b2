#include "bench/comm/nccl/nccl_error.h"

#include "absl/strings/str_cat.h"
#include "reports/model/call_site.h"

namespace spinecheck {

absl::Status NcclStatus(ncclResult_t code, const char* call, const char* file, int line, const std::string& where) {
  if (code == ncclSuccess || code == ncclInProgress) return absl::OkStatus();
  const char* last = ncclGetLastError(nullptr);
  return absl::UnavailableError(absl::StrCat(FailedCallSite(call, file, line, where), ": ", ncclGetErrorString(code),
                                             last != nullptr && *last != '\0' ? absl::StrCat(" (", last, ")") : ""));
}

}  // namespace spinecheck

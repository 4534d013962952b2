#include "bench/comm/nccl/nccl_error.h"

#include <cstring>

#include "absl/strings/str_cat.h"

namespace spinecheck {

absl::Status NcclStatus(ncclResult_t code, const char* call, const char* file, int line, const std::string& where) {
  if (code == ncclSuccess || code == ncclInProgress) return absl::OkStatus();
  const char* base = std::strrchr(file, '/');
  std::string name(call);
  name = name.substr(0, name.find('('));
  const char* last = ncclGetLastError(nullptr);
  return absl::UnavailableError(absl::StrCat(name, " failed at ", base ? base + 1 : file, ":", line, " on ", where,
                                             ": ", ncclGetErrorString(code),
                                             last != nullptr && *last != '\0' ? absl::StrCat(" (", last, ")") : ""));
}

}  // namespace spinecheck

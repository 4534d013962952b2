// The one wording of a failed foreign call (MPI, CUDA, NCCL), shared by
// their status wrappers: "MPI_Allreduce failed at world.cc:120 on rank 3@node017".
#ifndef SPINECHECK_REPORTS_MODEL_CALL_SITE_H_
#define SPINECHECK_REPORTS_MODEL_CALL_SITE_H_

#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"

namespace spinecheck {

// `call` is the call's source text ("MPI_Allreduce(&x, ...)"); only the
// function name is kept. `file` is __FILE__; only its base name is kept.
inline std::string FailedCallSite(const char* call, const char* file, int line, const std::string& where) {
  const char* base = std::strrchr(file, '/');
  std::string name(call);
  name = name.substr(0, name.find('('));
  return absl::StrCat(name, " failed at ", base ? base + 1 : file, ":", line, " on ", where);
}

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_MODEL_CALL_SITE_H_

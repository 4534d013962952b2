#include "topology/world/mpi_error.h"

#include <mpi.h>

#include <cstring>

#include "absl/strings/str_cat.h"
#include "reports/model/call_site.h"

namespace spinecheck {

absl::Status MpiStatus(int mpi_code, const char* call, const char* file, int line, const std::string& where) {
  if (mpi_code == MPI_SUCCESS) return absl::OkStatus();
  char text[MPI_MAX_ERROR_STRING] = {};
  int length = 0;
  if (MPI_Error_string(mpi_code, text, &length) != MPI_SUCCESS) std::strcpy(text, "unknown MPI error");
  return absl::UnavailableError(absl::StrCat(FailedCallSite(call, file, line, where), ": ", text));
}

}  // namespace spinecheck

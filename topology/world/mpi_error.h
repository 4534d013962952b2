// Wrapping MPI error codes into absl::Status, once, at the call site.
#ifndef SPINECHECK_TOPOLOGY_WORLD_MPI_ERROR_H_
#define SPINECHECK_TOPOLOGY_WORLD_MPI_ERROR_H_

#include <string>

#include "absl/status/status.h"

namespace spinecheck {

// OK for MPI_SUCCESS; otherwise kUnavailable:
// "MPI_Allreduce failed at world.cc:120 on rank 3@node017: <MPI_Error_string>".
absl::Status MpiStatus(int mpi_code, const char* call, const char* file, int line, const std::string& where);

}  // namespace spinecheck

// Evaluates an MPI call and wraps its return code. `where` is a std::string
// naming rank@host.
#define SPINECHECK_MPI_CALL(call, where) ::spinecheck::MpiStatus((call), #call, __FILE__, __LINE__, (where))

#endif  // SPINECHECK_TOPOLOGY_WORLD_MPI_ERROR_H_

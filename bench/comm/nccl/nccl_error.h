// Wrapping NCCL result codes into absl::Status, once, at the call site.
#ifndef SPINECHECK_BENCH_COMM_NCCL_NCCL_ERROR_H_
#define SPINECHECK_BENCH_COMM_NCCL_NCCL_ERROR_H_

#include <nccl.h>

#include <string>

#include "absl/status/status.h"

namespace spinecheck {

// OK for ncclSuccess and ncclInProgress (a non-blocking communicator's
// "started"; the caller polls). Otherwise kUnavailable:
// "ncclAllReduce failed at nccl_communicator.cc:120 on rank 3@node017 GPU 2: unhandled system error (NCCL: <last error>)".
absl::Status NcclStatus(ncclResult_t code, const char* call, const char* file, int line, const std::string& where);

}  // namespace spinecheck

#define SPINECHECK_NCCL_CALL(call, where) ::spinecheck::NcclStatus((call), #call, __FILE__, __LINE__, (where))

#endif  // SPINECHECK_BENCH_COMM_NCCL_NCCL_ERROR_H_

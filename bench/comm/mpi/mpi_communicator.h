// MpiCommunicator: collectives as plain MPI calls on host memory
// (MPI_Allreduce, MPI_Allgather, MPI_Reduce_scatter_block, MPI_Bcast,
// MPI_Reduce, MPI_Alltoall, MPI_Sendrecv), on a duplicate of MPI_COMM_WORLD.
//
// avg has no MPI operation: it is MPI_SUM followed by a division by the rank
// count on the ranks that hold the result, and that division is part of the
// call (and of its measured time). half, bfloat16 and fp8 are unsupported:
// MPI has no standard datatypes or reductions for them.
#ifndef SPINECHECK_BENCH_COMM_MPI_MPI_COMMUNICATOR_H_
#define SPINECHECK_BENCH_COMM_MPI_MPI_COMMUNICATOR_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "bench/comm/communicator.h"

namespace spinecheck {

// Creates the communicator over all ranks of MPI_COMM_WORLD. MPI must be
// initialised (World::Init). `where` ("rank 3@node017") prefixes errors.
absl::StatusOr<std::unique_ptr<Communicator>> CreateMpiCommunicator(const std::string& where);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_COMM_MPI_MPI_COMMUNICATOR_H_

// Communicator: the data plane under test, one rank of it. One
// implementation per backend (MPI, NCCL); every implementation passes the
// contract suite in tests/bench/communicator_contract_test.cc. A process
// holds one Communicator per device it drives (several with sweep -g N).
//
// Buffers are device pointers of the rank's Device. Counts are per-rank
// element counts, as NCCL takes them. A call is in-place when its buffers
// follow NCCL's in-place layout:
//   AllReduce, AllToAll, Broadcast, Reduce, SendRecv: send == recv
//   AllGather:     send == recv + rank * count elements
//   ReduceScatter: recv == send + rank * count elements, but see
//                  InPlaceReduceScatterResultOffset for where the result lands.
// Calls may return before the data has moved (NCCL enqueues on a stream);
// Synchronize waits for everything issued. All ranks call the same
// collectives in the same order (the usual collective contract). When one
// process drives several ranks, it issues one call per rank between
// GroupStart and GroupEnd.
#ifndef SPINECHECK_BENCH_COMM_COMMUNICATOR_H_
#define SPINECHECK_BENCH_COMM_COMMUNICATOR_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "bench/collectives/data_type.h"

namespace spinecheck {

class Communicator {
 public:
  virtual ~Communicator() = default;

  virtual std::string name() const = 0;  // "mpi", "nccl"
  virtual int rank() const = 0;
  virtual int size() const = 0;

  // OK when `type` can be moved (and reduced with `op` when `reduces`);
  // otherwise kUnimplemented with the reason, to be printed as a skip.
  virtual absl::Status Supports(DataType type, ReduceOp op, bool reduces) const = 0;

  virtual absl::Status AllReduce(const void* send, void* recv, size_t count, DataType type, ReduceOp op) = 0;
  // recv holds size() * count elements, rank r's block at r * count.
  virtual absl::Status AllGather(const void* send, void* recv, size_t count, DataType type) = 0;
  // send holds size() * count elements; recv receives this rank's block.
  virtual absl::Status ReduceScatter(const void* send, void* recv, size_t count, DataType type, ReduceOp op) = 0;
  // Only root's send is read; every rank's recv receives it.
  virtual absl::Status Broadcast(const void* send, void* recv, size_t count, DataType type, int root) = 0;
  // Only root's recv is written.
  virtual absl::Status Reduce(const void* send, void* recv, size_t count, DataType type, ReduceOp op, int root) = 0;
  // send and recv hold size() * count elements; block b goes to / comes from rank b.
  virtual absl::Status AllToAll(const void* send, void* recv, size_t count, DataType type) = 0;
  // Sends count elements to rank+1 and receives count from rank-1 (modulo size).
  virtual absl::Status SendRecv(const void* send, void* recv, size_t count, DataType type) = 0;

  // Brackets the calls of all ranks this process drives, so that they are
  // issued together (ncclGroupStart/End); no-ops for MPI. Call them on any
  // one of the process's communicators. GroupEnd gives up at `deadline` as
  // Synchronize does.
  virtual absl::Status GroupStart() = 0;
  virtual absl::Status GroupEnd(absl::Time deadline) = 0;

  // Waits until every issued call has completed on this rank. A backend that
  // can stop waiting (NCCL) gives up at `deadline`: it aborts the
  // communicator and returns kDeadlineExceeded; a backend whose calls block
  // (MPI) has finished its work before Synchronize is called, and relies on
  // World's watchdog instead.
  virtual absl::Status Synchronize(absl::Time deadline) = 0;

  // The largest per-rank count one call accepts (MPI counts are int).
  virtual size_t MaxCount() const = 0;

  // Element offset, from the start of the buffer, of an in-place
  // ReduceScatter's result: NCCL writes it at rank * count, MPI at 0.
  virtual size_t InPlaceReduceScatterResultOffset(size_t count) const = 0;
};

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_COMM_COMMUNICATOR_H_

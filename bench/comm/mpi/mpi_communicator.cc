#include "bench/comm/mpi/mpi_communicator.h"

#include <mpi.h>

#include <climits>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "bench/collectives/typed.h"
#include "reports/model/status_macros.h"
#include "topology/world/mpi_error.h"

namespace spinecheck {
namespace {

MPI_Datatype ToMpi(DataType type) {
  switch (type) {
    case DataType::kInt8: return MPI_INT8_T;
    case DataType::kUint8: return MPI_UINT8_T;
    case DataType::kInt32: return MPI_INT32_T;
    case DataType::kUint32: return MPI_UINT32_T;
    case DataType::kInt64: return MPI_INT64_T;
    case DataType::kUint64: return MPI_UINT64_T;
    case DataType::kFloat: return MPI_FLOAT;
    case DataType::kDouble: return MPI_DOUBLE;
    default: return MPI_DATATYPE_NULL;
  }
}

MPI_Op ToMpi(ReduceOp op) {
  switch (op) {
    case ReduceOp::kSum: return MPI_SUM;
    case ReduceOp::kProd: return MPI_PROD;
    case ReduceOp::kMin: return MPI_MIN;
    case ReduceOp::kMax: return MPI_MAX;
    case ReduceOp::kAvg: return MPI_SUM;  // then divided by the rank count
  }
  return MPI_OP_NULL;
}

// Turns the sums in `data` into averages over `ranks` (see DivideByRanks).
void FinishAverage(void* data, size_t count, DataType type, int ranks) {
  VisitHostType(type, [&]<typename T>() {
    T* values = static_cast<T*>(data);
    for (size_t i = 0; i < count; ++i) values[i] = DivideByRanks(values[i], ranks);
  });
}

int AsInt(size_t count) { return static_cast<int>(count); }

class MpiCommunicator : public Communicator {
 public:
  MpiCommunicator(MPI_Comm comm, std::string where) : comm_(comm), where_(std::move(where)) {
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
  }
  ~MpiCommunicator() override { MPI_Comm_free(&comm_); }

  std::string name() const override { return "mpi"; }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  absl::Status Supports(DataType type, ReduceOp, bool) const override {
    if (ToMpi(type) == MPI_DATATYPE_NULL) {
      return absl::UnimplementedError(absl::StrCat(
          DataTypeName(type), " is skipped on the mpi backend: MPI has no standard ", DataTypeName(type),
          " datatype or reduction"));
    }
    return absl::OkStatus();
  }

  absl::Status AllReduce(const void* send, void* recv, size_t count, DataType type, ReduceOp op) override {
    const void* source = send == recv ? MPI_IN_PLACE : send;
    SPINECHECK_RETURN_IF_ERROR(
        Check(MPI_Allreduce(source, recv, AsInt(count), ToMpi(type), ToMpi(op), comm_), "MPI_Allreduce"));
    if (op == ReduceOp::kAvg) FinishAverage(recv, count, type, size_);
    return absl::OkStatus();
  }

  absl::Status AllGather(const void* send, void* recv, size_t count, DataType type) override {
    const bool in_place = send == Offset(recv, static_cast<size_t>(rank_) * count, type);
    return Check(MPI_Allgather(in_place ? MPI_IN_PLACE : send, AsInt(count), ToMpi(type), recv, AsInt(count),
                               ToMpi(type), comm_),
                 "MPI_Allgather");
  }

  absl::Status ReduceScatter(const void* send, void* recv, size_t count, DataType type, ReduceOp op) override {
    const bool in_place = recv == Offset(send, static_cast<size_t>(rank_) * count, type);
    // In place, MPI reads the input from the buffer and leaves the result at its start.
    void* result = in_place ? const_cast<void*>(send) : recv;
    SPINECHECK_RETURN_IF_ERROR(Check(MPI_Reduce_scatter_block(in_place ? MPI_IN_PLACE : send, result, AsInt(count),
                                                              ToMpi(type), ToMpi(op), comm_),
                                     "MPI_Reduce_scatter_block"));
    if (op == ReduceOp::kAvg) FinishAverage(result, count, type, size_);
    return absl::OkStatus();
  }

  absl::Status Broadcast(const void* send, void* recv, size_t count, DataType type, int root) override {
    // MPI_Bcast has one buffer: the root broadcasts straight from its send buffer.
    void* buffer = rank_ == root ? const_cast<void*>(send) : recv;
    return Check(MPI_Bcast(buffer, AsInt(count), ToMpi(type), root, comm_), "MPI_Bcast");
  }

  absl::Status Reduce(const void* send, void* recv, size_t count, DataType type, ReduceOp op, int root) override {
    const void* source = (send == recv && rank_ == root) ? MPI_IN_PLACE : send;
    SPINECHECK_RETURN_IF_ERROR(
        Check(MPI_Reduce(source, recv, AsInt(count), ToMpi(type), ToMpi(op), root, comm_), "MPI_Reduce"));
    if (op == ReduceOp::kAvg && rank_ == root) FinishAverage(recv, count, type, size_);
    return absl::OkStatus();
  }

  absl::Status AllToAll(const void* send, void* recv, size_t count, DataType type) override {
    return Check(MPI_Alltoall(send == recv ? MPI_IN_PLACE : send, AsInt(count), ToMpi(type), recv, AsInt(count),
                              ToMpi(type), comm_),
                 "MPI_Alltoall");
  }

  absl::Status SendRecv(const void* send, void* recv, size_t count, DataType type) override {
    const int next = (rank_ + 1) % size_;
    const int previous = (rank_ + size_ - 1) % size_;
    constexpr int kTag = 4242;
    if (send == recv) {
      return Check(MPI_Sendrecv_replace(recv, AsInt(count), ToMpi(type), next, kTag, previous, kTag, comm_,
                                        MPI_STATUS_IGNORE),
                   "MPI_Sendrecv_replace");
    }
    return Check(MPI_Sendrecv(send, AsInt(count), ToMpi(type), next, kTag, recv, AsInt(count), ToMpi(type), previous,
                              kTag, comm_, MPI_STATUS_IGNORE),
                 "MPI_Sendrecv");
  }

  size_t MaxCount() const override { return static_cast<size_t>(INT_MAX); }
  absl::Status GroupStart() override { return absl::OkStatus(); }  // one rank per process
  absl::Status GroupEnd(absl::Time) override { return absl::OkStatus(); }
  absl::Status Synchronize(absl::Time) override { return absl::OkStatus(); }  // MPI calls above are blocking

  size_t InPlaceReduceScatterResultOffset(size_t) const override { return 0; }

 private:
  static const void* Offset(const void* base, size_t elements, DataType type) {
    return static_cast<const char*>(base) + elements * DataTypeSize(type);
  }

  absl::Status Check(int code, const char* call) const {
    if (code == MPI_SUCCESS) return absl::OkStatus();
    return MpiStatus(code, call, __FILE__, __LINE__, where_);
  }

  MPI_Comm comm_;
  std::string where_;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Communicator>> CreateMpiCommunicator(const std::string& where) {
  MPI_Comm comm = MPI_COMM_NULL;
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Comm_dup(MPI_COMM_WORLD, &comm), where));
  MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN);
  return std::unique_ptr<Communicator>(std::make_unique<MpiCommunicator>(comm, where));
}

}  // namespace spinecheck

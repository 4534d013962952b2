#include "bench/comm/nccl/nccl_communicator.h"

#include <cuda_runtime_api.h>
#include <nccl.h>

#include <cstdint>
#include <cstring>
#include <thread>

#include "absl/strings/str_cat.h"
#include "bench/comm/nccl/nccl_error.h"
#include "reports/model/status_macros.h"
#include "topology/device/cuda/cuda_error.h"

namespace spinecheck {
namespace {

// How long a clean shutdown may take before the communicators are aborted.
constexpr absl::Duration kFinalizeTimeout = absl::Seconds(10);

std::string FormatNcclVersion(int code) {
  // NCCL_VERSION(X,Y,Z) is X*10000 + Y*100 + Z since 2.9, X*1000 + Y*100 + Z before.
  if (code >= 10000) return absl::StrCat(code / 10000, ".", (code % 10000) / 100, ".", code % 100);
  return absl::StrCat(code / 1000, ".", (code % 1000) / 100, ".", code % 100);
}

// The NCCL type of `type`; false when this NCCL has none.
bool ToNccl(DataType type, ncclDataType_t& out) {
  switch (type) {
    case DataType::kInt8: out = ncclInt8; return true;
    case DataType::kUint8: out = ncclUint8; return true;
    case DataType::kInt32: out = ncclInt32; return true;
    case DataType::kUint32: out = ncclUint32; return true;
    case DataType::kInt64: out = ncclInt64; return true;
    case DataType::kUint64: out = ncclUint64; return true;
    case DataType::kHalf: out = ncclFloat16; return true;
    case DataType::kFloat: out = ncclFloat32; return true;
    case DataType::kDouble: out = ncclFloat64; return true;
    case DataType::kBfloat16: out = ncclBfloat16; return true;
#if NCCL_VERSION_CODE >= NCCL_VERSION(2, 24, 0)
    case DataType::kF8e4m3: out = ncclFloat8e4m3; return true;
    case DataType::kF8e5m2: out = ncclFloat8e5m2; return true;
#endif
    default: return false;
  }
}

ncclDataType_t NcclType(DataType type) {
  ncclDataType_t out = ncclFloat32;
  (void)ToNccl(type, out);
  return out;
}

ncclRedOp_t NcclOp(ReduceOp op) {
  switch (op) {
    case ReduceOp::kSum: return ncclSum;
    case ReduceOp::kProd: return ncclProd;
    case ReduceOp::kMin: return ncclMin;
    case ReduceOp::kMax: return ncclMax;
    case ReduceOp::kAvg: return ncclAvg;
  }
  return ncclSum;
}

// Polls a non-blocking communicator until it leaves ncclInProgress.
// kDeadlineExceeded at `deadline`; kUnavailable when NCCL reports an error.
absl::Status WaitWhileInProgress(ncclComm_t comm, absl::Time deadline, const std::string& what,
                                 const std::string& where) {
  for (;;) {
    ncclResult_t state = ncclSuccess;
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_NCCL_CALL(ncclCommGetAsyncError(comm, &state), where));
    if (state == ncclSuccess) return absl::OkStatus();
    if (state != ncclInProgress) return SPINECHECK_NCCL_CALL(state, where);
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(absl::StrCat(what, " did not complete on ", where, " by the -T deadline"));
    }
    std::this_thread::yield();
  }
}

// The NCCL communicators of one process, one per GPU it drives. They are
// aborted together: a stuck group involves all of them.
class ProcessComms {
 public:
  explicit ProcessComms(std::vector<std::string> wheres) : comms_(wheres.size(), nullptr), wheres_(std::move(wheres)) {}
  ~ProcessComms() {
    if (aborted_) return;
    const absl::Time deadline = absl::Now() + kFinalizeTimeout;
    bool clean = true;
    for (size_t lane = 0; lane < comms_.size() && clean; ++lane) {
      if (comms_[lane] == nullptr) continue;
      clean = SPINECHECK_NCCL_CALL(ncclCommFinalize(comms_[lane]), wheres_[lane]).ok() &&
              WaitWhileInProgress(comms_[lane], deadline, "ncclCommFinalize", wheres_[lane]).ok();
    }
    if (!clean) {
      AbortAll();
      return;
    }
    for (ncclComm_t comm : comms_) {
      if (comm != nullptr) (void)ncclCommDestroy(comm);
    }
  }
  ProcessComms(const ProcessComms&) = delete;
  ProcessComms& operator=(const ProcessComms&) = delete;

  ncclComm_t& comm(size_t lane) { return comms_[lane]; }
  const std::string& where(size_t lane) const { return wheres_[lane]; }
  size_t lanes() const { return comms_.size(); }
  bool aborted() const { return aborted_; }

  // Ends every communicator of the process, unblocking their kernels.
  void AbortAll() {
    if (aborted_) return;
    aborted_ = true;
    for (ncclComm_t comm : comms_) {
      if (comm != nullptr) (void)ncclCommAbort(comm);
    }
  }

  // Waits for every communicator to leave ncclInProgress; on a timeout or an
  // error aborts them all.
  absl::Status WaitAll(absl::Time deadline, const std::string& what) {
    for (size_t lane = 0; lane < comms_.size(); ++lane) {
      absl::Status status = WaitWhileInProgress(comms_[lane], deadline, what, wheres_[lane]);
      if (!status.ok()) {
        AbortAll();
        return absl::IsDeadlineExceeded(status)
                   ? absl::DeadlineExceededError(absl::StrCat(status.message(), "; NCCL communicators aborted"))
                   : status;
      }
    }
    return absl::OkStatus();
  }

 private:
  std::vector<ncclComm_t> comms_;
  std::vector<std::string> wheres_;
  bool aborted_ = false;
};

class NcclCommunicator : public Communicator {
 public:
  NcclCommunicator(std::shared_ptr<ProcessComms> process, size_t lane, CudaDevice& device, int rank, int size)
      : process_(std::move(process)), lane_(lane), device_(device), rank_(rank), size_(size) {}

  std::string name() const override { return "nccl"; }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  absl::Status Supports(DataType type, ReduceOp, bool) const override {
    ncclDataType_t nccl_type;
    if (!ToNccl(type, nccl_type)) {
      return absl::UnimplementedError(absl::StrCat(DataTypeName(type), " is skipped on the nccl backend: NCCL ",
                                                   NcclBuildVersion(), " has no such type (fp8 needs 2.24 or later)"));
    }
    if ((type == DataType::kF8e4m3 || type == DataType::kF8e5m2) && device_.compute_capability() < 90) {
      return absl::UnimplementedError(absl::StrCat(DataTypeName(type),
                                                   " is skipped on the nccl backend: fp8 needs compute capability 9.0 "
                                                   "or later, and ",
                                                   device_.where(), " has ", device_.info().compute_capability));
    }
    return absl::OkStatus();
  }

  absl::Status AllReduce(const void* send, void* recv, size_t count, DataType type, ReduceOp op) override {
    return Issue(ncclAllReduce(send, recv, count, NcclType(type), NcclOp(op), comm(), stream()), "ncclAllReduce");
  }
  absl::Status AllGather(const void* send, void* recv, size_t count, DataType type) override {
    return Issue(ncclAllGather(send, recv, count, NcclType(type), comm(), stream()), "ncclAllGather");
  }
  absl::Status ReduceScatter(const void* send, void* recv, size_t count, DataType type, ReduceOp op) override {
    return Issue(ncclReduceScatter(send, recv, count, NcclType(type), NcclOp(op), comm(), stream()),
                 "ncclReduceScatter");
  }
  absl::Status Broadcast(const void* send, void* recv, size_t count, DataType type, int root) override {
    return Issue(ncclBroadcast(send, recv, count, NcclType(type), root, comm(), stream()), "ncclBroadcast");
  }
  absl::Status Reduce(const void* send, void* recv, size_t count, DataType type, ReduceOp op, int root) override {
    return Issue(ncclReduce(send, recv, count, NcclType(type), NcclOp(op), root, comm(), stream()), "ncclReduce");
  }
  // As nccl-tests: one send and one receive per peer, in one group.
  absl::Status AllToAll(const void* send, void* recv, size_t count, DataType type) override {
    const size_t block_bytes = count * DataTypeSize(type);
    SPINECHECK_RETURN_IF_ERROR(Issue(ncclGroupStart(), "ncclGroupStart"));
    for (int peer = 0; peer < size_; ++peer) {
      const size_t offset = static_cast<size_t>(peer) * block_bytes;
      SPINECHECK_RETURN_IF_ERROR(
          Issue(ncclSend(static_cast<const char*>(send) + offset, count, NcclType(type), peer, comm(), stream()),
                "ncclSend"));
      SPINECHECK_RETURN_IF_ERROR(Issue(
          ncclRecv(static_cast<char*>(recv) + offset, count, NcclType(type), peer, comm(), stream()), "ncclRecv"));
    }
    return Issue(ncclGroupEnd(), "ncclGroupEnd");
  }
  absl::Status SendRecv(const void* send, void* recv, size_t count, DataType type) override {
    const int next = (rank_ + 1) % size_;
    const int previous = (rank_ + size_ - 1) % size_;
    SPINECHECK_RETURN_IF_ERROR(Issue(ncclGroupStart(), "ncclGroupStart"));
    SPINECHECK_RETURN_IF_ERROR(Issue(ncclSend(send, count, NcclType(type), next, comm(), stream()), "ncclSend"));
    SPINECHECK_RETURN_IF_ERROR(Issue(ncclRecv(recv, count, NcclType(type), previous, comm(), stream()), "ncclRecv"));
    return Issue(ncclGroupEnd(), "ncclGroupEnd");
  }

  absl::Status GroupStart() override {
    SPINECHECK_RETURN_IF_ERROR(CheckUsable());
    ++group_depth_;
    return SPINECHECK_NCCL_CALL(ncclGroupStart(), where());
  }
  absl::Status GroupEnd(absl::Time deadline) override {
    --group_depth_;
    const ncclResult_t result = ncclGroupEnd();
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_NCCL_CALL(result, where()));
    if (result == ncclInProgress) return process_->WaitAll(deadline, "ncclGroupEnd");
    return absl::OkStatus();
  }

  // Polls the stream (as nccl-tests does, without sleeping, so that the
  // measured time is not rounded up) and the communicator's asynchronous
  // error, until the work is done or `deadline` passes.
  absl::Status Synchronize(absl::Time deadline) override {
    SPINECHECK_RETURN_IF_ERROR(CheckUsable());
    for (;;) {
      const cudaError_t query = cudaStreamQuery(stream());
      if (query == cudaSuccess) return absl::OkStatus();
      if (query != cudaErrorNotReady) {
        process_->AbortAll();
        return SPINECHECK_CUDA_CALL(query, where());
      }
      ncclResult_t state = ncclSuccess;
      SPINECHECK_RETURN_IF_ERROR(SPINECHECK_NCCL_CALL(ncclCommGetAsyncError(comm(), &state), where()));
      if (state != ncclSuccess && state != ncclInProgress) {
        process_->AbortAll();
        return SPINECHECK_NCCL_CALL(state, where());
      }
      if (absl::Now() >= deadline) {
        process_->AbortAll();
        return absl::DeadlineExceededError(absl::StrCat(
            "NCCL work on ", where(), " did not complete by the -T deadline; NCCL communicators aborted"));
      }
    }
  }

  size_t MaxCount() const override { return SIZE_MAX; }

  size_t InPlaceReduceScatterResultOffset(size_t count) const override {
    return static_cast<size_t>(rank_) * count;
  }

 private:
  ncclComm_t comm() const { return process_->comm(lane_); }
  cudaStream_t stream() const { return device_.stream(); }
  const std::string& where() const { return process_->where(lane_); }

  absl::Status CheckUsable() const {
    if (process_->aborted()) {
      return absl::UnavailableError(absl::StrCat("the NCCL communicator of ", where(), " was aborted"));
    }
    return absl::OkStatus();
  }

  // Inside a group NCCL only records the call. Outside one, a non-blocking
  // communicator may answer ncclInProgress: wait until it has taken the call.
  absl::Status Issue(ncclResult_t result, const char* call) {
    SPINECHECK_RETURN_IF_ERROR(CheckUsable());
    SPINECHECK_RETURN_IF_ERROR(NcclStatus(result, call, __FILE__, __LINE__, where()));
    if (result == ncclInProgress && group_depth_ == 0) {
      return process_->WaitAll(absl::InfiniteFuture(), call);
    }
    return absl::OkStatus();
  }

  std::shared_ptr<ProcessComms> process_;
  size_t lane_;
  CudaDevice& device_;
  int rank_;
  int size_;
  int group_depth_ = 0;
};

// Rank 0's unique id, on every rank.
absl::StatusOr<ncclUniqueId> ShareUniqueId(World& world) {
  ncclUniqueId id{};
  absl::Status status;
  if (world.rank() == 0) status = SPINECHECK_NCCL_CALL(ncclGetUniqueId(&id), world.Where());
  SPINECHECK_RETURN_IF_ERROR(world.AgreeOnError(status));
  SPINECHECK_ASSIGN_OR_RETURN(const std::string shared,
                              world.Broadcast(std::string(reinterpret_cast<const char*>(&id), sizeof(id)), 0));
  std::memcpy(&id, shared.data(), sizeof(id));
  return id;
}

// Starts ncclCommInitRankConfig for every lane (non-blocking) and waits for
// them until `deadline`.
absl::Status InitializeComms(ProcessComms& process, const std::vector<CudaDevice*>& devices, const ncclUniqueId& id,
                             int first_rank, int size, absl::Time deadline) {
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_NCCL_CALL(ncclGroupStart(), process.where(0)));
  absl::Status status;
  for (size_t lane = 0; lane < devices.size() && status.ok(); ++lane) {
    status = devices[lane]->MakeCurrent();
    if (!status.ok()) break;
    ncclConfig_t config = NCCL_CONFIG_INITIALIZER;
    config.blocking = 0;
    status = SPINECHECK_NCCL_CALL(
        ncclCommInitRankConfig(&process.comm(lane), size, id, first_rank + static_cast<int>(lane), &config),
        process.where(lane));
  }
  const absl::Status end = SPINECHECK_NCCL_CALL(ncclGroupEnd(), process.where(0));
  SPINECHECK_RETURN_IF_ERROR(status);
  SPINECHECK_RETURN_IF_ERROR(end);
  return process.WaitAll(deadline, "ncclCommInitRankConfig");
}

}  // namespace

absl::StatusOr<std::vector<std::unique_ptr<Communicator>>> CreateNcclCommunicators(
    World& world, const std::vector<CudaDevice*>& devices, absl::Duration timeout) {
  const int lanes = static_cast<int>(devices.size());
  const int size = world.size() * lanes;
  const int first_rank = world.rank() * lanes;

  SPINECHECK_RETURN_IF_ERROR(world.Arrive("NCCL communicator creation", timeout));
  const absl::Time deadline = world.phase_deadline();
  SPINECHECK_ASSIGN_OR_RETURN(const ncclUniqueId id, ShareUniqueId(world));

  std::vector<std::string> wheres;
  for (int lane = 0; lane < lanes; ++lane) {
    wheres.push_back(absl::StrCat(devices[static_cast<size_t>(lane)]->where(), " (NCCL rank ", first_rank + lane, ")"));
  }
  auto process = std::make_shared<ProcessComms>(std::move(wheres));
  const absl::Status local = InitializeComms(*process, devices, id, first_rank, size, deadline);

  // Every rank reports back, so that a rank stuck before or inside creation
  // is named by the census, and all ranks agree on the outcome.
  SPINECHECK_RETURN_IF_ERROR(world.Arrive("NCCL communicators created", timeout));
  SPINECHECK_RETURN_IF_ERROR(world.AgreeOnError(local));

  std::vector<std::unique_ptr<Communicator>> comms;
  for (int lane = 0; lane < lanes; ++lane) {
    comms.push_back(std::make_unique<NcclCommunicator>(process, static_cast<size_t>(lane),
                                                       *devices[static_cast<size_t>(lane)], first_rank + lane, size));
  }
  return comms;
}

std::string NcclRuntimeVersion() {
  int code = 0;
  if (ncclGetVersion(&code) != ncclSuccess) return "unknown";
  return FormatNcclVersion(code);
}

std::string NcclBuildVersion() { return FormatNcclVersion(NCCL_VERSION_CODE); }

}  // namespace spinecheck

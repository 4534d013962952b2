#include "bench/sweep/sweep_runner.h"

#include <climits>
#include <csignal>
#include <chrono>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "bench/collectives/patterns.h"
#include "reports/model/status_macros.h"
#include "reports/model/units.h"

namespace spinecheck {
namespace {

using Clock = std::chrono::steady_clock;

double MicrosBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::micro>(to - from).count();
}

// Host-side view of the two device buffers: the buffers themselves for a
// host-memory device, staging copies otherwise.
class HostStaging {
 public:
  HostStaging(Device& device, DeviceBuffer& send, DeviceBuffer& recv) : device_(device), send_(send), recv_(recv) {
    if (device_.memory_space() != MemorySpace::kHost) {
      send_copy_.resize(send_.bytes());
      recv_copy_.resize(recv_.bytes());
    }
  }
  bool host() const { return device_.memory_space() == MemorySpace::kHost; }
  void* send() { return host() ? send_.data() : send_copy_.data(); }
  void* recv() { return host() ? recv_.data() : recv_copy_.data(); }
  absl::Status Upload() {
    if (host()) return absl::OkStatus();
    SPINECHECK_RETURN_IF_ERROR(device_.CopyFromHost(send_copy_.data(), send_, 0, send_.bytes()));
    return device_.CopyFromHost(recv_copy_.data(), recv_, 0, recv_.bytes());
  }
  absl::Status Download() {
    if (host()) return absl::OkStatus();
    SPINECHECK_RETURN_IF_ERROR(device_.CopyToHost(send_, 0, send_copy_.data(), send_.bytes()));
    return device_.CopyToHost(recv_, 0, recv_copy_.data(), recv_.bytes());
  }

 private:
  Device& device_;
  DeviceBuffer& send_;
  DeviceBuffer& recv_;
  std::vector<unsigned char> send_copy_;
  std::vector<unsigned char> recv_copy_;
};

// One rank's measurement of one placement, before combining across ranks.
struct LocalMeasurement {
  double time_us = 0;                 // aggregate: elapsed / iterations
  std::vector<double> iteration_us;   // one sample per timed iteration
  int64_t wrong = 0;
};

class SweepRun {
 public:
  SweepRun(World& world, Communicator& comm, Device& device, const SweepOptions& options, SweepObserver& observer)
      : world_(world), comm_(comm), device_(device), options_(options), observer_(observer) {}

  absl::Status Run();

 private:
  absl::Status CheckJobFits();
  absl::Status AllocateBuffers();
  absl::StatusOr<PlacementResult> MeasurePlacement(const PatternCall& call, const CollectiveRow& row,
                                                   const std::string& phase);
  absl::Status TimeCalls(const PatternCall& call, LocalMeasurement& local);
  absl::Status CheckResults(PatternCall call, LocalMeasurement& local);
  absl::Status CorruptOutput(const PatternCall& call);
  absl::StatusOr<PlacementResult> Combine(const LocalMeasurement& local, const CollectiveRow& row);
  absl::Status Launch(const PatternCall& call) {
    return LaunchCollective(*call.collective, comm_, send_.data(), recv_.data(), call.layout, call.type, call.op,
                            call.root, call.in_place);
  }

  World& world_;
  Communicator& comm_;
  Device& device_;
  const SweepOptions& options_;
  SweepObserver& observer_;
  DeviceBuffer send_;
  DeviceBuffer recv_;
  int rows_done_ = 0;
  std::vector<std::string> hosts_;  // rank -> host, on rank 0
};

absl::Status SweepRun::CheckJobFits() {
  const int n = world_.size();
  if (options_.root >= n) {
    return absl::InvalidArgumentError(
        absl::StrCat("-r/--root ", options_.root, " is not a rank of this job (ranks 0-", n - 1, ")"));
  }
  for (const auto& [what, rank] : {std::pair<const char*, int>{"corrupt", options_.injection.corrupt_rank},
                                   {"hang", options_.injection.hang_rank}}) {
    if (rank >= n) {
      return absl::InvalidArgumentError(
          absl::StrCat("--inject ", what, "=", rank, ": not a rank of this job (ranks 0-", n - 1, ")"));
    }
  }
  if (options_.injection.hang_rank >= 0 && n < 2) {
    return absl::InvalidArgumentError("--inject hang=RANK needs at least 2 ranks: someone must notice the hang");
  }
  return absl::OkStatus();
}

absl::Status SweepRun::AllocateBuffers() {
  size_t send_bytes = 0;
  size_t recv_bytes = 0;
  const uint64_t largest = SweepSizes(options_).back();
  for (const CollectiveDefinition* collective : options_.collectives) {
    for (DataType type : options_.types) {
      const BufferLayout layout = collective->Layout(largest, DataTypeSize(type), world_.size());
      if (layout.param_count > static_cast<size_t>(INT_MAX)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "-e/--maxbytes ", FormatByteSize(largest), " gives ", layout.param_count, " ", DataTypeName(type),
            " elements per call, more than MPI's int count allows; lower -e or use a wider -d"));
      }
      const size_t element_size = DataTypeSize(type);
      // In place, the receive buffer also holds the input (reduce_scatter, alltoall).
      const size_t largest_count = std::max(layout.send_count, layout.recv_count);
      send_bytes = std::max(send_bytes, largest_count * element_size);
      recv_bytes = std::max(recv_bytes, largest_count * element_size);
    }
  }
  absl::Status status;
  absl::StatusOr<DeviceBuffer> send = device_.Allocate(send_bytes);
  absl::StatusOr<DeviceBuffer> recv = send.ok() ? device_.Allocate(recv_bytes) : send.status();
  status = recv.status();
  SPINECHECK_RETURN_IF_ERROR(world_.AgreeOnError(status));
  send_ = std::move(*send);
  recv_ = std::move(*recv);
  return absl::OkStatus();
}

absl::Status SweepRun::TimeCalls(const PatternCall& call, LocalMeasurement& local) {
  for (int i = 0; i < options_.warmup_iterations; ++i) SPINECHECK_RETURN_IF_ERROR(Launch(call));
  SPINECHECK_RETURN_IF_ERROR(comm_.Synchronize());
  if (options_.warmup_iterations > 0) SPINECHECK_RETURN_IF_ERROR(world_.Barrier());

  const int iterations = options_.iterations;
  local.iteration_us.resize(static_cast<size_t>(iterations));
  if (options_.blocking == 3) {
    // Barrier before each call, outside the timed interval.
    double total = 0;
    for (int i = 0; i < iterations; ++i) {
      SPINECHECK_RETURN_IF_ERROR(world_.Barrier());
      const Clock::time_point start = Clock::now();
      SPINECHECK_RETURN_IF_ERROR(Launch(call));
      SPINECHECK_RETURN_IF_ERROR(comm_.Synchronize());
      local.iteration_us[static_cast<size_t>(i)] = MicrosBetween(start, Clock::now());
      total += local.iteration_us[static_cast<size_t>(i)];
    }
    local.time_us = total / iterations;
    return absl::OkStatus();
  }
  // nccl-tests: iterations back to back, total divided by the count.
  const Clock::time_point start = Clock::now();
  Clock::time_point previous = start;
  for (int i = 0; i < iterations; ++i) {
    SPINECHECK_RETURN_IF_ERROR(Launch(call));
    if (options_.blocking == 1 || options_.blocking == 2) SPINECHECK_RETURN_IF_ERROR(comm_.Synchronize());
    if (options_.blocking == 1) SPINECHECK_RETURN_IF_ERROR(world_.Barrier());
    const Clock::time_point now = Clock::now();
    local.iteration_us[static_cast<size_t>(i)] = MicrosBetween(previous, now);
    previous = now;
  }
  SPINECHECK_RETURN_IF_ERROR(comm_.Synchronize());
  local.time_us = MicrosBetween(start, Clock::now()) / iterations;
  return absl::OkStatus();
}

absl::Status SweepRun::CorruptOutput(const PatternCall& call) {
  const ElementSpan output = OutputSpan(call);
  if (output.count == 0) return absl::OkStatus();
  // Flip the lowest bit of the middle element of the received data.
  DeviceBuffer& buffer = output.in_recv ? recv_ : send_;
  const size_t offset = (output.offset + output.count / 2) * DataTypeSize(call.type);
  unsigned char byte = 0;
  SPINECHECK_RETURN_IF_ERROR(device_.CopyToHost(buffer, offset, &byte, 1));
  byte ^= 0x01;
  return device_.CopyFromHost(&byte, buffer, offset, 1);
}

absl::Status SweepRun::CheckResults(PatternCall call, LocalMeasurement& local) {
  HostStaging staging(device_, send_, recv_);
  const size_t element_size = DataTypeSize(call.type);
  for (int check = 0; check < options_.checks; ++check) {
    call.seed = check + 1;
    FillInput(call, staging.send(), send_.bytes() / element_size, staging.recv(), recv_.bytes() / element_size);
    SPINECHECK_RETURN_IF_ERROR(staging.Upload());
    SPINECHECK_RETURN_IF_ERROR(Launch(call));
    SPINECHECK_RETURN_IF_ERROR(comm_.Synchronize());
    if (options_.injection.corrupt_rank == world_.rank()) SPINECHECK_RETURN_IF_ERROR(CorruptOutput(call));
    SPINECHECK_RETURN_IF_ERROR(staging.Download());
    local.wrong = CountWrong(call, staging.send(), staging.recv());
    // Stop at the first check that found errors, as nccl-tests does; every
    // rank must take the same number of calls.
    SPINECHECK_ASSIGN_OR_RETURN(const int64_t total_wrong, world_.SumAll(local.wrong));
    if (total_wrong > 0) break;
  }
  return absl::OkStatus();
}

absl::StatusOr<PlacementResult> SweepRun::Combine(const LocalMeasurement& local, const CollectiveRow& row) {
  PlacementResult result;
  result.measured = true;
  SPINECHECK_ASSIGN_OR_RETURN(const World::RankValue slowest, world_.MaxWithRank(local.time_us));
  SPINECHECK_ASSIGN_OR_RETURN(result.rank_time_min_us, world_.MinAll(local.time_us));
  SPINECHECK_ASSIGN_OR_RETURN(const double sum_us, world_.SumAll(local.time_us));
  result.rank_time_max_us = slowest.value;
  result.slowest_rank = slowest.rank;
  switch (options_.average) {
    case AverageMode::kRankZero: result.time_us = local.time_us; break;
    case AverageMode::kMean: result.time_us = sum_us / world_.size(); break;
    case AverageMode::kMin: result.time_us = result.rank_time_min_us; break;
    case AverageMode::kMax: result.time_us = slowest.value; break;
  }
  const double seconds = result.time_us * 1e-6;
  result.algbw_gbps = BandwidthGbps(static_cast<double>(row.size_bytes), seconds);
  result.busbw_gbps = result.algbw_gbps * row.bus_factor;

  SPINECHECK_ASSIGN_OR_RETURN(const std::vector<double> slowest_per_iteration, world_.MaxToRoot(local.iteration_us));
  result.iteration_stats = SummarizeSamples(slowest_per_iteration);
  if (world_.rank() == 0) result.slowest_host = hosts_[static_cast<size_t>(slowest.rank)];

  if (options_.checks > 0) {
    SPINECHECK_ASSIGN_OR_RETURN(const int64_t total_wrong, world_.SumAll(local.wrong));
    result.wrong = total_wrong;
    if (total_wrong > 0) {
      // Only rows with errors pay for the O(ranks) gather of per-rank counts.
      SPINECHECK_ASSIGN_OR_RETURN(const std::vector<std::string> counts, world_.GatherToRoot(absl::StrCat(local.wrong)));
      for (size_t rank = 0; rank < counts.size(); ++rank) {
        int64_t wrong = 0;
        if (absl::SimpleAtoi(counts[rank], &wrong) && wrong > 0) {
          result.wrong_by_rank.push_back({static_cast<int>(rank), wrong});
        }
      }
    }
  }
  return result;
}

absl::StatusOr<PlacementResult> SweepRun::MeasurePlacement(const PatternCall& call, const CollectiveRow& row,
                                                           const std::string& phase) {
  if (options_.injection.hang_rank == world_.rank() && rows_done_ >= 1) {
    std::fprintf(stderr, "spinecheck: %s: --inject hang: stopping this rank now\n", world_.Where().c_str());
    std::fflush(stderr);
    std::raise(SIGSTOP);
  }
  HostStaging staging(device_, send_, recv_);
  const size_t element_size = DataTypeSize(call.type);
  FillInput(call, staging.send(), send_.bytes() / element_size, staging.recv(), recv_.bytes() / element_size);
  absl::Status status = staging.Upload();

  // The phase starts when every rank has arrived; from here until the next
  // arrival, the watchdog holds the -T deadline.
  SPINECHECK_RETURN_IF_ERROR(world_.Arrive(phase, options_.timeout));
  SPINECHECK_RETURN_IF_ERROR(world_.AgreeOnError(status));
  LocalMeasurement local;
  status = TimeCalls(call, local);
  if (status.ok()) status = CheckResults(call, local);
  SPINECHECK_RETURN_IF_ERROR(world_.AgreeOnError(status));
  return Combine(local, row);
}

absl::Status SweepRun::Run() {
  SPINECHECK_RETURN_IF_ERROR(ValidateSweepOptions(options_));
  SPINECHECK_RETURN_IF_ERROR(CheckJobFits());
  SPINECHECK_ASSIGN_OR_RETURN(hosts_, world_.GatherToRoot(world_.host()));
  SPINECHECK_RETURN_IF_ERROR(AllocateBuffers());
  const int n = world_.size();
  const std::vector<uint64_t> sizes = SweepSizes(options_);
  for (const CollectiveDefinition* collective : options_.collectives) {
    observer_.OnCollectiveStart(*collective);
    for (DataType type : options_.types) {
      const std::vector<ReduceOp> ops = collective->reduces ? options_.ops : std::vector<ReduceOp>{ReduceOp::kSum};
      std::vector<int> roots{-1};
      if (collective->rooted) {
        roots = {options_.root};
        if (options_.root == -1) {
          roots.clear();
          for (int r = 0; r < n; ++r) roots.push_back(r);
        }
      }
      for (ReduceOp op : ops) {
        if (absl::Status supported = comm_.Supports(type, op, collective->reduces); !supported.ok()) {
          observer_.OnSkip(std::string(supported.message()));
          continue;
        }
        for (int root : roots) {
          for (uint64_t size : sizes) {
            CollectiveRow row;
            PatternCall call;
            call.collective = collective;
            call.layout = collective->Layout(size, DataTypeSize(type), n);
            call.type = type;
            call.op = op;
            call.root = root < 0 ? 0 : root;
            call.rank = world_.rank();
            call.ranks = n;
            call.in_place_reduce_scatter_offset = comm_.InPlaceReduceScatterResultOffset(call.layout.param_count);
            row.collective = collective->name;
            row.size_bytes = call.layout.SizeBytes(DataTypeSize(type));
            row.count = call.layout.param_count;
            row.type = std::string(DataTypeName(type));
            row.redop = collective->reduces ? std::string(ReduceOpName(op)) : "none";
            row.root = root;
            row.ranks = n;
            row.bus_factor = collective->BusFactor(n);
            for (const bool in_place : {false, true}) {
              call.in_place = in_place;
              const std::string phase = absl::StrCat(row.collective, " ", row.type, " ", row.redop, " ",
                                                     row.size_bytes, " B ", in_place ? "in-place" : "out-of-place");
              SPINECHECK_ASSIGN_OR_RETURN(PlacementResult result, MeasurePlacement(call, row, phase));
              (in_place ? row.in_place : row.out_of_place) = std::move(result);
            }
            observer_.OnRow(row);
            ++rows_done_;
          }
        }
      }
    }
    observer_.OnCollectiveEnd(*collective);
  }
  if (rows_done_ == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "nothing was measured: every selected type and op is skipped on the ", comm_.name(),
        " backend (see the '# Skipping' lines); choose -d among int8 uint8 int32 uint32 int64 uint64 float double"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RunSweep(World& world, Communicator& comm, Device& device, const SweepOptions& options,
                      SweepObserver& observer) {
  SweepRun run(world, comm, device, options, observer);
  return run.Run();
}

}  // namespace spinecheck

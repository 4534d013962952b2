#include "bench/sweep/sweep_runner.h"

#include <climits>
#include <csignal>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/str_join.h"
#include "bench/collectives/pattern_engine.h"
#include "bench/collectives/patterns.h"
#include "bench/sweep/iteration_samples.h"
#include "reports/model/status_macros.h"
#include "reports/model/units.h"

namespace spinecheck {
namespace {

using Clock = std::chrono::steady_clock;

double MicrosBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::micro>(to - from).count();
}

// One lane's device, communicator, pattern engine and buffers.
struct LaneState {
  Device* device = nullptr;
  Communicator* comm = nullptr;
  std::unique_ptr<PatternEngine> patterns;
  std::unique_ptr<DeviceTimer> timer;
  DeviceBuffer send;
  DeviceBuffer recv;
  int64_t wrong = 0;  // of the last check
};

// One process's measurement of one placement, before combining across
// processes.
struct LocalMeasurement {
  double time_us = 0;                 // aggregate: elapsed / iterations
  std::vector<double> iteration_us;   // one sample per sampled iteration (SampledIterations), the slowest lane's
  int64_t wrong = 0;                  // summed over lanes
};

class SweepRun {
 public:
  SweepRun(World& world, const std::vector<Lane>& lanes, const SweepOptions& options, SweepObserver& observer)
      : world_(world), options_(options), observer_(observer) {
    for (const Lane& lane : lanes) {
      LaneState state;
      state.device = lane.device;
      state.comm = lane.comm;
      lanes_.push_back(std::move(state));
    }
  }

  absl::Status Run();

 private:
  Communicator& first_comm() { return *lanes_.front().comm; }
  int ranks() { return first_comm().size(); }
  bool DrivesRank(int rank) const {
    for (const LaneState& lane : lanes_) {
      if (lane.comm->rank() == rank) return true;
    }
    return false;
  }
  absl::Status CheckJobFits();
  absl::Status PrepareLanes();
  absl::StatusOr<PlacementResult> MeasurePlacement(const PatternCall& call, const CollectiveRow& row,
                                                   const std::string& phase);
  absl::Status Fill(const PatternCall& call);
  absl::Status TimeCalls(const PatternCall& call, LocalMeasurement& local);
  absl::Status CheckResults(PatternCall call, LocalMeasurement& local);
  absl::Status CorruptOutput(const PatternCall& call, LaneState& lane);
  absl::StatusOr<PlacementResult> Combine(const LocalMeasurement& local, const CollectiveRow& row);
  // One call on every lane, issued as one group.
  absl::Status Launch(const PatternCall& call);
  absl::Status SynchronizeLanes();
  absl::Status RecordMark(int index);
  absl::StatusOr<double> SlowestLaneUs(int from, int to);

  World& world_;
  const SweepOptions& options_;
  SweepObserver& observer_;
  std::vector<LaneState> lanes_;
  int rows_done_ = 0;
  // The timed iterations of each size that keep a time sample of their own.
  std::vector<int> sampled_;
  std::vector<std::string> hosts_;  // process (world rank) -> host, on rank 0
};

PatternCall ForLane(PatternCall call, const LaneState& lane) {
  call.rank = lane.comm->rank();
  call.in_place_reduce_scatter_offset = lane.comm->InPlaceReduceScatterResultOffset(call.layout.param_count);
  return call;
}

absl::Status SweepRun::Launch(const PatternCall& call) {
  SPINECHECK_RETURN_IF_ERROR(first_comm().GroupStart());
  absl::Status status;
  for (LaneState& lane : lanes_) {
    status = LaunchCollective(*call.collective, *lane.comm, lane.send.data(), lane.recv.data(), call.layout,
                              call.type, call.op, call.root, call.in_place);
    if (!status.ok()) break;
  }
  const absl::Status end = first_comm().GroupEnd(world_.phase_deadline());
  return status.ok() ? end : status;
}

absl::Status SweepRun::SynchronizeLanes() {
  for (LaneState& lane : lanes_) SPINECHECK_RETURN_IF_ERROR(lane.comm->Synchronize(world_.phase_deadline()));
  return absl::OkStatus();
}

absl::Status SweepRun::RecordMark(int index) {
  for (LaneState& lane : lanes_) SPINECHECK_RETURN_IF_ERROR(lane.timer->Record(index));
  return absl::OkStatus();
}

absl::StatusOr<double> SweepRun::SlowestLaneUs(int from, int to) {
  double slowest = 0;
  for (LaneState& lane : lanes_) {
    SPINECHECK_ASSIGN_OR_RETURN(const double elapsed_us, lane.timer->ElapsedUs(from, to));
    slowest = std::max(slowest, elapsed_us);
  }
  return slowest;
}

absl::Status SweepRun::CheckJobFits() {
  const int n = ranks();
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
  if (options_.injection.hang_rank >= 0 && world_.size() < 2) {
    return absl::InvalidArgumentError(
        "--inject hang=RANK needs at least 2 processes: someone must notice the hang");
  }
  return absl::OkStatus();
}

absl::Status SweepRun::PrepareLanes() {
  size_t buffer_bytes = 0;
  const uint64_t largest = SweepSizes(options_).back();
  for (const CollectiveDefinition* collective : options_.collectives) {
    for (DataType type : options_.types) {
      const BufferLayout layout = collective->Layout(largest, DataTypeSize(type), ranks());
      if (layout.param_count > first_comm().MaxCount()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "-e/--maxbytes ", FormatByteSize(largest), " gives ", layout.param_count, " ", DataTypeName(type),
            " elements per call, more than the ", first_comm().name(),
            " backend accepts in one call; lower -e or use a wider -d"));
      }
      // In place, the receive buffer also holds the input (reduce_scatter, alltoall).
      const size_t largest_count = std::max(layout.send_count, layout.recv_count);
      buffer_bytes = std::max(buffer_bytes, largest_count * DataTypeSize(type));
    }
  }
  sampled_ = SampledIterations(options_.iterations);
  const int marks = options_.blocking == 3 ? 2 * static_cast<int>(sampled_.size()) : MarksForSamples(sampled_);
  absl::Status status;
  for (LaneState& lane : lanes_) {
    absl::StatusOr<DeviceBuffer> send = lane.device->Allocate(buffer_bytes);
    absl::StatusOr<DeviceBuffer> recv = send.ok() ? lane.device->Allocate(buffer_bytes) : send.status();
    if (!recv.ok()) {
      recv = absl::Status(recv.status().code(),
                          absl::StrCat("-e/--maxbytes ", FormatByteSize(largest), " needs two buffers of ",
                                       buffer_bytes, " bytes: ", recv.status().message(), "; lower -e"));
    }
    absl::StatusOr<std::unique_ptr<PatternEngine>> patterns =
        recv.ok() ? CreatePatternEngine(*lane.device) : absl::StatusOr<std::unique_ptr<PatternEngine>>(recv.status());
    absl::StatusOr<std::unique_ptr<DeviceTimer>> timer =
        patterns.ok() ? lane.device->CreateTimer(marks)
                      : absl::StatusOr<std::unique_ptr<DeviceTimer>>(patterns.status());
    status = timer.status();
    if (!status.ok()) break;
    lane.send = std::move(*send);
    lane.recv = std::move(*recv);
    lane.patterns = std::move(*patterns);
    lane.timer = std::move(*timer);
  }
  return world_.AgreeOnError(status);
}

absl::Status SweepRun::Fill(const PatternCall& call) {
  for (LaneState& lane : lanes_) {
    SPINECHECK_RETURN_IF_ERROR(lane.patterns->Fill(ForLane(call, lane), lane.send, lane.recv));
  }
  return absl::OkStatus();
}

absl::Status SweepRun::TimeCalls(const PatternCall& call, LocalMeasurement& local) {
  for (int i = 0; i < options_.warmup_iterations; ++i) SPINECHECK_RETURN_IF_ERROR(Launch(call));
  SPINECHECK_RETURN_IF_ERROR(SynchronizeLanes());
  if (options_.warmup_iterations > 0) SPINECHECK_RETURN_IF_ERROR(world_.Barrier());

  const int iterations = options_.iterations;
  // The marks that start and end each sampled iteration (bounded memory).
  std::vector<int> start_mark(sampled_.size()), end_mark(sampled_.size());
  int next_mark = 0;
  size_t next_sample = 0;
  if (options_.blocking == 3) {
    // Barrier before each call, outside the timed interval; the device
    // timeline marks each sampled call's start and end.
    double total = 0;
    for (int i = 0; i < iterations; ++i) {
      const bool sampled = next_sample < sampled_.size() && sampled_[next_sample] == i;
      SPINECHECK_RETURN_IF_ERROR(world_.Barrier());
      const Clock::time_point start = Clock::now();
      if (sampled) SPINECHECK_RETURN_IF_ERROR(RecordMark(start_mark[next_sample] = next_mark++));
      SPINECHECK_RETURN_IF_ERROR(Launch(call));
      if (sampled) SPINECHECK_RETURN_IF_ERROR(RecordMark(end_mark[next_sample++] = next_mark++));
      SPINECHECK_RETURN_IF_ERROR(SynchronizeLanes());
      total += MicrosBetween(start, Clock::now());
    }
    local.time_us = total / iterations;
  } else {
    // nccl-tests: iterations back to back, host time of the whole loop
    // until the work has completed, divided by the count. Device marks
    // around the sampled iterations give the per-iteration samples; one
    // mark ends an iteration and starts the next.
    const Clock::time_point start = Clock::now();
    int mark_after_previous = -1;  // the mark after iteration i - 1, if it was taken
    for (int i = 0; i < iterations; ++i) {
      const bool sampled = next_sample < sampled_.size() && sampled_[next_sample] == i;
      if (sampled) {
        if (mark_after_previous < 0) {
          mark_after_previous = next_mark++;
          SPINECHECK_RETURN_IF_ERROR(RecordMark(mark_after_previous));
        }
        start_mark[next_sample] = mark_after_previous;
      }
      SPINECHECK_RETURN_IF_ERROR(Launch(call));
      if (options_.blocking == 1 || options_.blocking == 2) SPINECHECK_RETURN_IF_ERROR(SynchronizeLanes());
      if (options_.blocking == 1) SPINECHECK_RETURN_IF_ERROR(world_.Barrier());
      mark_after_previous = -1;
      if (sampled) {
        mark_after_previous = end_mark[next_sample++] = next_mark++;
        SPINECHECK_RETURN_IF_ERROR(RecordMark(mark_after_previous));
      }
    }
    SPINECHECK_RETURN_IF_ERROR(SynchronizeLanes());
    local.time_us = MicrosBetween(start, Clock::now()) / iterations;
  }
  local.iteration_us.resize(sampled_.size());
  for (size_t j = 0; j < sampled_.size(); ++j) {
    SPINECHECK_ASSIGN_OR_RETURN(local.iteration_us[j], SlowestLaneUs(start_mark[j], end_mark[j]));
  }
  return absl::OkStatus();
}

absl::Status SweepRun::CorruptOutput(const PatternCall& call, LaneState& lane) {
  const ElementSpan output = OutputSpan(call);
  if (output.count == 0) return absl::OkStatus();
  // Flip bit 2 of the middle element of the received data: 4 units in the
  // last place, beyond the tolerance of floating-point avg (2).
  DeviceBuffer& buffer = output.in_recv ? lane.recv : lane.send;
  const size_t offset = (output.offset + output.count / 2) * DataTypeSize(call.type);
  unsigned char byte = 0;
  SPINECHECK_RETURN_IF_ERROR(lane.device->CopyToHost(buffer, offset, &byte, 1));
  byte ^= 0x04;
  return lane.device->CopyFromHost(&byte, buffer, offset, 1);
}

absl::Status SweepRun::CheckResults(PatternCall call, LocalMeasurement& local) {
  for (int check = 0; check < options_.checks; ++check) {
    call.seed = check + 1;
    SPINECHECK_RETURN_IF_ERROR(Fill(call));
    SPINECHECK_RETURN_IF_ERROR(Launch(call));
    SPINECHECK_RETURN_IF_ERROR(SynchronizeLanes());
    local.wrong = 0;
    for (LaneState& lane : lanes_) {
      const PatternCall lane_call = ForLane(call, lane);
      if (options_.injection.corrupt_rank == lane_call.rank) {
        SPINECHECK_RETURN_IF_ERROR(CorruptOutput(lane_call, lane));
      }
      SPINECHECK_ASSIGN_OR_RETURN(lane.wrong, lane.patterns->CountWrong(lane_call, lane.send, lane.recv));
      local.wrong += lane.wrong;
    }
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
  result.slowest_rank = slowest.rank * static_cast<int>(lanes_.size());
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
      // Only rows with errors pay for the O(ranks) gather of per-rank
      // counts: "rank:count" for each of this process's lanes.
      std::vector<std::string> counts;
      for (const LaneState& lane : lanes_) counts.push_back(absl::StrCat(lane.comm->rank(), ":", lane.wrong));
      SPINECHECK_ASSIGN_OR_RETURN(const std::vector<std::string> gathered,
                                  world_.GatherToRoot(absl::StrJoin(counts, ",")));
      for (const std::string& process : gathered) {
        for (absl::string_view entry : absl::StrSplit(process, ',', absl::SkipEmpty())) {
          const std::pair<std::string, std::string> parts = absl::StrSplit(entry, ':');
          int rank = 0;
          int64_t wrong = 0;
          if (absl::SimpleAtoi(parts.first, &rank) && absl::SimpleAtoi(parts.second, &wrong) && wrong > 0) {
            result.wrong_by_rank.push_back({rank, wrong});
          }
        }
      }
    }
  }
  return result;
}

absl::StatusOr<PlacementResult> SweepRun::MeasurePlacement(const PatternCall& call, const CollectiveRow& row,
                                                           const std::string& phase) {
  if (options_.injection.hang_rank >= 0 && DrivesRank(options_.injection.hang_rank) && rows_done_ >= 1) {
    std::fprintf(stderr, "spinecheck: %s: --inject hang: stopping this rank now\n", world_.Where().c_str());
    std::fflush(stderr);
    std::raise(SIGSTOP);
  }
  absl::Status status = Fill(call);

  // The phase starts when every rank has arrived; from here until the next
  // arrival, the deadline of -T holds (NCCL waits give up at it, the
  // watchdog covers blocking MPI calls).
  SPINECHECK_RETURN_IF_ERROR(world_.Arrive(phase, options_.timeout));
  SPINECHECK_RETURN_IF_ERROR(world_.AgreeOnError(status));
  LocalMeasurement local;
  status = TimeCalls(call, local);
  if (status.ok()) status = CheckResults(call, local);
  if (absl::IsDeadlineExceeded(status)) {
    // The data plane gave up at the deadline. A rank that stopped will not
    // arrive here either, and the census names it.
    SPINECHECK_RETURN_IF_ERROR(world_.Arrive(absl::StrCat(phase, " (after the data-plane timeout)"), options_.timeout));
  }
  SPINECHECK_RETURN_IF_ERROR(world_.AgreeOnError(status));
  return Combine(local, row);
}

absl::Status SweepRun::Run() {
  SPINECHECK_RETURN_IF_ERROR(ValidateSweepOptions(options_));
  SPINECHECK_RETURN_IF_ERROR(CheckJobFits());
  SPINECHECK_ASSIGN_OR_RETURN(hosts_, world_.GatherToRoot(world_.host()));
  SPINECHECK_RETURN_IF_ERROR(PrepareLanes());
  const int n = ranks();
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
        if (absl::Status supported = first_comm().Supports(type, op, collective->reduces); !supported.ok()) {
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
            call.ranks = n;
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
        "nothing was measured: every selected type and op is skipped on the ", first_comm().name(),
        " backend (see the '# Skipping' lines); choose other -d types (the mpi backend has int8 uint8 int32 uint32 "
        "int64 uint64 float double)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RunSweep(World& world, const std::vector<Lane>& lanes, const SweepOptions& options,
                      SweepObserver& observer) {
  if (lanes.empty()) return absl::InvalidArgumentError("RunSweep needs at least one lane");
  SweepRun run(world, lanes, options, observer);
  return run.Run();
}

}  // namespace spinecheck

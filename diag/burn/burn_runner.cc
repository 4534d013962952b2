#include "diag/burn/burn_runner.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <memory>
#include <thread>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "diag/dcgm/dcgm_diag.h"
#include "diag/telemetry/telemetry.h"
#include "reports/model/status_macros.h"
#include "reports/writers/burn_json.h"

namespace spinecheck {
namespace {

constexpr absl::Duration kTelemetryInterval = absl::Seconds(1);
// The shortest wait a step is given, however late it starts.
constexpr absl::Duration kMinStepWait = absl::Seconds(1);

// DCGM's own estimates per level (seconds, about 2 minutes, about 15
// minutes, longer), with room to spare.
absl::Duration DcgmTimeout(int level) {
  switch (level) {
    case 1: return absl::Minutes(5);
    case 2: return absl::Minutes(15);
    case 3: return absl::Minutes(60);
    default: return absl::Minutes(180);
  }
}

class BurnRunner {
 public:
  BurnRunner(World& world, Device& device, const BurnRunOptions& options, BurnObserver& observer)
      : world_(world), device_(device), options_(options), observer_(observer) {
    check_options_ = options.check_options;
    check_options_.local_ranks = world.local_size();
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    check_options_.cpu_threads = std::max(1, cores / std::max(1, world.local_size()));
    check_options_.faults = FaultsForRank(options.injection, world.rank());
  }

  absl::Status Run() {
    std::unique_ptr<TelemetryMonitor> monitor = CreateTelemetryMonitor(device_.info(), kTelemetryInterval);
    monitor->Start();
    for (size_t i = 0; i < options_.checks.size(); ++i) {
      SPINECHECK_RETURN_IF_ERROR(RunCheck(*options_.checks[i]));
      if (i == 0) StopIfHangInjected();
    }
    DeviceTelemetry telemetry = monitor->Finish();
    Identify(telemetry);
    BurnRecords records;
    records.telemetry.push_back(std::move(telemetry));
    SPINECHECK_ASSIGN_OR_RETURN(BurnRecords all, GatherRecords(records));
    observer_.OnTelemetry(std::move(all.telemetry));
    if (options_.dcgm_level > 0) SPINECHECK_RETURN_IF_ERROR(RunDcgm());
    return absl::OkStatus();
  }

 private:
  absl::Status RunCheck(const DiagCheck& check) {
    const std::string step = absl::StrCat("burn ", check.name());
    const absl::Duration planned = check.PlannedDuration(check_options_);
    BurnRecords records;
    observer_.OnBurnStep(step, planned);
    if (check.RunsConcurrentlyOnHost(device_.memory_space())) {
      SPINECHECK_RETURN_IF_ERROR(world_.Arrive(step, StepWait(planned)));
      records.results = RunOnDevice(check);
    } else {
      // One device of each host at a time, all hosts together.
      SPINECHECK_ASSIGN_OR_RETURN(const World::RankValue most, world_.MaxWithRank(world_.local_size()));
      for (int turn = 0; turn < static_cast<int>(most.value); ++turn) {
        SPINECHECK_RETURN_IF_ERROR(world_.Arrive(absl::StrCat(step, " (local rank ", turn, ")"), StepWait(planned)));
        if (world_.local_rank() == turn) records.results = RunOnDevice(check);
      }
    }
    // Waiting ranks sleep in Arrive rather than spin in the gather, so that
    // a rank still measuring keeps its core (oversubscribed CPU runs); the
    // measuring step's deadline still holds.
    SPINECHECK_RETURN_IF_ERROR(world_.Arrive(absl::StrCat(step, " results"), ResultsWait()));
    SPINECHECK_ASSIGN_OR_RETURN(BurnRecords all, GatherRecords(records));
    observer_.OnBurnResults(std::move(all.results));
    return absl::OkStatus();
  }

  // The wait of a step planned to take `planned` (see BurnRunOptions).
  absl::Duration StepWait(absl::Duration planned) const {
    if (options_.deadline) return UntilDeadline();
    if (options_.phase_slack == absl::ZeroDuration()) return absl::ZeroDuration();
    return planned + options_.phase_slack;
  }

  // The wait for the results of the step just measured: within its deadline.
  absl::Duration ResultsWait() const {
    if (options_.deadline) return UntilDeadline();
    if (options_.phase_slack == absl::ZeroDuration()) return absl::ZeroDuration();
    return std::max(world_.phase_deadline() - absl::Now(), kMinStepWait);
  }

  // The time left to the deadline (to 0.1 s, for messages), at least kMinStepWait.
  absl::Duration UntilDeadline() const {
    return std::max(absl::Trunc(*options_.deadline - absl::Now(), absl::Milliseconds(100)), kMinStepWait);
  }

  std::vector<BurnResult> RunOnDevice(const DiagCheck& check) {
    const ThresholdRow* thresholds =
        options_.thresholds == nullptr ? nullptr : options_.thresholds->Find(device_.info().model);
    const CheckContext context{device_, check_options_, thresholds};
    std::vector<BurnResult> results = RunCheckOnDevice(check, context, world_.Where());
    for (BurnResult& result : results) Identify(result);
    return results;
  }

  template <typename Record>
  void Identify(Record& record) const {
    record.rank = world_.rank();
    record.host = world_.host();
    record.device = device_.info();
  }

  void StopIfHangInjected() const {
    if (options_.injection.hang_rank != world_.rank()) return;
    std::fprintf(stderr, "spinecheck: %s: --inject hang: stopping this rank now\n", world_.Where().c_str());
    std::fflush(stderr);
    std::raise(SIGSTOP);
  }

  // Every rank's records on rank 0 (empty elsewhere). O(total) on rank 0.
  absl::StatusOr<BurnRecords> GatherRecords(const BurnRecords& mine) {
    SPINECHECK_ASSIGN_OR_RETURN(const std::vector<std::string> encoded,
                                world_.GatherToRoot(EncodeBurnRecords(mine)));
    BurnRecords all;
    absl::Status status;
    for (const std::string& text : encoded) {
      absl::StatusOr<BurnRecords> records = DecodeBurnRecords(text);
      if (!records.ok()) {
        status.Update(records.status());
        continue;
      }
      for (BurnResult& result : records->results) all.results.push_back(std::move(result));
      for (DeviceTelemetry& t : records->telemetry) all.telemetry.push_back(std::move(t));
      for (DcgmResult& result : records->dcgm) all.dcgm.push_back(std::move(result));
      for (std::string& reason : records->skipped) all.skipped.push_back(std::move(reason));
    }
    SPINECHECK_RETURN_IF_ERROR(world_.AgreeOnError(status));
    return all;
  }

  // dcgmi diag on the first rank of each host.
  absl::Status RunDcgm() {
    const absl::Duration timeout = DcgmTimeout(options_.dcgm_level);
    SPINECHECK_RETURN_IF_ERROR(world_.Arrive(absl::StrCat("burn dcgm level ", options_.dcgm_level),
                                             options_.deadline ? UntilDeadline() : StepWait(timeout)));
    BurnRecords records;
    if (world_.local_rank() == 0) {
      absl::StatusOr<std::vector<DcgmResult>> results = RunDcgmDiag(options_.dcgm_level, world_.host(), timeout);
      if (results.ok()) {
        records.dcgm = *std::move(results);
      } else {
        records.skipped.push_back(absl::StrCat("dcgm on ", world_.host(), ": ", results.status().message()));
      }
    }
    SPINECHECK_ASSIGN_OR_RETURN(BurnRecords all, GatherRecords(records));
    for (const std::string& reason : all.skipped) observer_.OnSkip(reason);
    observer_.OnDcgm(std::move(all.dcgm));
    return absl::OkStatus();
  }

  World& world_;
  Device& device_;
  const BurnRunOptions& options_;
  BurnObserver& observer_;
  CheckOptions check_options_;
};

}  // namespace

absl::Status RunBurn(World& world, Device& device, const BurnRunOptions& options, BurnObserver& observer) {
  return BurnRunner(world, device, options, observer).Run();
}

}  // namespace spinecheck

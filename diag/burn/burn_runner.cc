#include "diag/burn/burn_runner.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <map>
#include <memory>
#include <thread>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "diag/burn_findings.h"
#include "diag/dcgm/dcgm_diag.h"
#include "diag/telemetry/telemetry.h"
#include "reports/model/status_macros.h"
#include "reports/json/gather_codec.h"

namespace spinecheck {
namespace {

constexpr absl::Duration kTelemetryInterval = absl::Seconds(1);
// The shortest wait a step is given, however late it starts.
constexpr absl::Duration kMinStepWait = absl::Seconds(1);

// With a deadline, the retest may take this share of the time left, and a
// GEMM retest is not shortened below kShortestRetestGemm.
constexpr double kRetestShareOfTimeLeft = 1.0 / 3;
constexpr absl::Duration kShortestRetestGemm = absl::Milliseconds(500);

// One check's retest as rank 0 plans it and every rank runs it.
struct RetestStep {
  BurnRetest retest;
  absl::Duration gemm_duration;  // the GEMM load of the suspect types together
  std::string skip_reason;       // not empty: not run, for this reason
};

std::string EncodeRetestSteps(const std::vector<RetestStep>& steps) {
  nlohmann::json json = nlohmann::json::array();
  for (const RetestStep& step : steps) {
    json.push_back({{"check", step.retest.check},
                    {"variants", step.retest.variants},
                    {"suspects", step.retest.suspects},
                    {"references", step.retest.references},
                    {"gemm_seconds", absl::ToDoubleSeconds(step.gemm_duration)},
                    {"skip_reason", step.skip_reason}});
  }
  return json.dump();
}

absl::StatusOr<std::vector<RetestStep>> DecodeRetestSteps(const std::string& text) {
  std::vector<RetestStep> steps;
  try {
    for (const nlohmann::json& entry : nlohmann::json::parse(text)) {
      RetestStep step;
      step.retest.check = entry.at("check").get<std::string>();
      step.retest.variants = entry.at("variants").get<std::vector<std::string>>();
      step.retest.suspects = entry.at("suspects").get<std::vector<int>>();
      step.retest.references = entry.at("references").get<std::vector<int>>();
      step.gemm_duration = absl::Seconds(entry.at("gemm_seconds").get<double>());
      step.skip_reason = entry.at("skip_reason").get<std::string>();
      steps.push_back(std::move(step));
    }
  } catch (const nlohmann::json::exception& e) {
    return absl::DataLossError(absl::StrCat("the burn retest plan from rank 0 is unreadable: ", e.what()));
  }
  return steps;
}

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
    SPINECHECK_RETURN_IF_ERROR(Retest());
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
    const absl::Time start = absl::Now();
    SPINECHECK_ASSIGN_OR_RETURN(std::vector<BurnResult> all,
                                Measure(check, check_options_, absl::StrCat("burn ", check.name()), true));
    if (world_.rank() == 0) {
      measured_.insert(measured_.end(), all.begin(), all.end());
      check_time_[std::string(check.name())] = absl::Now() - start;
    }
    observer_.OnBurnResults(std::move(all));
    return absl::OkStatus();
  }

  // Runs `check` with `options` on this rank when `participate`, scheduled
  // as the check requires, and returns every rank's results on rank 0.
  absl::StatusOr<std::vector<BurnResult>> Measure(const DiagCheck& check, const CheckOptions& options,
                                                  const std::string& step, bool participate) {
    const absl::Duration planned = check.PlannedDuration(options);
    BurnRecords records;
    observer_.OnBurnStep(step, planned);
    if (check.RunsConcurrentlyOnHost(device_.memory_space())) {
      SPINECHECK_RETURN_IF_ERROR(world_.Arrive(step, StepWait(planned)));
      if (participate) records.results = RunOnDevice(check, options);
    } else {
      // One device of each host at a time, all hosts together.
      SPINECHECK_ASSIGN_OR_RETURN(const World::RankValue most, world_.MaxWithRank(world_.local_size()));
      for (int turn = 0; turn < static_cast<int>(most.value); ++turn) {
        SPINECHECK_RETURN_IF_ERROR(world_.Arrive(absl::StrCat(step, " (local rank ", turn, ")"), StepWait(planned)));
        if (participate && world_.local_rank() == turn) records.results = RunOnDevice(check, options);
      }
    }
    // Waiting ranks sleep in Arrive rather than spin in the gather, so that
    // a rank still measuring keeps its core (oversubscribed CPU runs); the
    // measuring step's deadline still holds.
    SPINECHECK_RETURN_IF_ERROR(world_.Arrive(absl::StrCat(step, " results"), ResultsWait()));
    SPINECHECK_ASSIGN_OR_RETURN(BurnRecords all, GatherRecords(records));
    return std::move(all.results);
  }

  // Confirm before blame: every suspected outlier and its reference peers
  // measured again (see RunBurn). Rank 0 decides what runs, so that every
  // rank takes the same steps.
  absl::Status Retest() {
    std::string plan;
    if (world_.rank() == 0) plan = EncodeRetestSteps(PlanRetest());
    SPINECHECK_ASSIGN_OR_RETURN(const std::string text, world_.Broadcast(plan, 0));
    SPINECHECK_ASSIGN_OR_RETURN(const std::vector<RetestStep> steps, DecodeRetestSteps(text));
    for (const RetestStep& step : steps) {
      if (step.skip_reason.empty()) {
        SPINECHECK_RETURN_IF_ERROR(RunRetest(step));
      } else {
        observer_.OnSkip(absl::StrCat("burn retest of ", step.retest.check, " (ranks ",
                                      absl::StrJoin(step.retest.suspects, ","), "): ", step.skip_reason,
                                      "; their outliers stay unconfirmed"));
      }
    }
    return absl::OkStatus();
  }

  // Rank 0: the retest of the burn's own results, each step expected to
  // take as long as its check did (a GEMM retest: the suspect types' share
  // of it), fitted into a share of the time left to the deadline.
  std::vector<RetestStep> PlanRetest() const {
    std::vector<RetestStep> steps;
    absl::Duration available = absl::InfiniteDuration();
    if (options_.deadline) available = (*options_.deadline - absl::Now()) * kRetestShareOfTimeLeft;
    for (BurnRetest& retest : PlanBurnRetests(measured_, options_.tolerance)) {
      RetestStep step;
      step.gemm_duration = check_options_.gemm_duration;
      const auto took = check_time_.find(retest.check);
      absl::Duration expected = took == check_time_.end() ? absl::ZeroDuration() : took->second;
      if (retest.check == "gemm") {
        // The load was shared by the types measured: the suspect types get their share again.
        std::vector<std::string> types;
        for (const BurnResult& result : measured_) {
          if (result.check == "gemm" && std::find(types.begin(), types.end(), result.variant) == types.end()) {
            types.push_back(result.variant);
          }
        }
        const double share =
            static_cast<double>(retest.variants.size()) / static_cast<double>(std::max<size_t>(1, types.size()));
        step.gemm_duration = step.gemm_duration * share;
        expected = expected * share;
        if (expected > available && expected > absl::ZeroDuration()) {
          step.gemm_duration = step.gemm_duration * (available / expected);
          expected = available;
        }
        if (step.gemm_duration < kShortestRetestGemm) step.skip_reason = "no time left in the budget";
      } else if (expected > available) {
        step.skip_reason = absl::StrCat("it would take about ", absl::FormatDuration(absl::Trunc(expected, absl::Milliseconds(100))),
                                        ", more than the budget leaves");
      }
      if (step.skip_reason.empty()) available -= expected;
      step.retest = std::move(retest);
      steps.push_back(std::move(step));
    }
    return steps;
  }

  absl::Status RunRetest(const RetestStep& step) {
    const BurnRetest& retest = step.retest;
    const auto named = std::find_if(options_.checks.begin(), options_.checks.end(),
                                    [&](const DiagCheck* check) { return check->name() == retest.check; });
    if (named == options_.checks.end()) {
      return world_.AgreeOnError(absl::DataLossError(absl::StrCat("the burn retest names check '", retest.check,
                                                                  "', which this burn did not run")));
    }
    CheckOptions options = check_options_;
    options.gemm_duration = step.gemm_duration;
    if (retest.check == "gemm") {
      options.gemm_types.clear();
      for (const std::string& variant : retest.variants) {
        absl::StatusOr<GemmType> type = ParseGemmType(variant);
        if (type.ok()) options.gemm_types.push_back(*type);
      }
    }
    const auto includes = [&](const std::vector<int>& ranks) {
      return std::find(ranks.begin(), ranks.end(), world_.rank()) != ranks.end();
    };
    const bool participate = includes(retest.suspects) || includes(retest.references);
    SPINECHECK_ASSIGN_OR_RETURN(
        std::vector<BurnResult> all,
        Measure(**named, options,
                absl::StrCat("burn retest ", retest.check, " (ranks ", absl::StrJoin(retest.suspects, ","),
                             " against ", absl::StrJoin(retest.references, ","), ")"),
                participate));
    observer_.OnBurnRetests(std::move(all));
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

  std::vector<BurnResult> RunOnDevice(const DiagCheck& check, const CheckOptions& options) {
    const ThresholdRow* thresholds =
        options_.thresholds == nullptr ? nullptr : options_.thresholds->Find(device_.info().model);
    const CheckContext context{device_, options, thresholds};
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
  // Rank 0, for the retest plan: the burn's own results, and how long each check took.
  std::vector<BurnResult> measured_;
  std::map<std::string, absl::Duration> check_time_;
};

}  // namespace

absl::Status RunBurn(World& world, Device& device, const BurnRunOptions& options, BurnObserver& observer) {
  return BurnRunner(world, device, options, observer).Run();
}

}  // namespace spinecheck

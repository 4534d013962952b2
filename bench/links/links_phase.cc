#include "bench/links/links_phase.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/links/link_schedule.h"
#include "reports/model/check_catalog.h"
#include "reports/model/status_macros.h"
#include "topology/localise/infer.h"
#include "topology/localise/retest.h"
#include "topology/localise/schedule.h"

namespace spinecheck {
namespace {

// With a deadline, a pair's share of the time left is clamped to this range.
constexpr absl::Duration kShortestPairTimeout = absl::Seconds(1);
constexpr absl::Duration kLongestPairTimeout = absl::Seconds(30);

std::vector<Finding> UnreachableFindings(const std::vector<std::string>& unreachable, absl::Duration timeout) {
  std::vector<Finding> findings;
  for (const std::string& host : unreachable) {
    Finding finding = NewFinding(CheckId::kLinksUnreachable, {ComponentKind::kHost, host, {host}});
    finding.unit = "answered";
    finding.measured = 0;
    finding.expected = 1;
    finding.message = absl::StrCat(host, " stopped answering during the link test (no reply within ",
                                   absl::FormatDuration(timeout), "); its pairs were left out");
    finding.action = absl::StrCat("check the spinecheck process and the network on ", host,
                                  " (process stopped, host hung, link down); drain it and rerun without it");
    findings.push_back(std::move(finding));
  }
  return findings;
}

class LinksPhase {
 public:
  LinksPhase(PeerGroup& group, const std::vector<std::string>& hosts, const LinksPhaseOptions& options,
             LinksObserver& observer)
      : group_(group), hosts_(hosts), options_(options), observer_(observer), start_(std::chrono::steady_clock::now()) {}

  absl::StatusOr<LinksOutcome> Run(std::optional<ClusterMap> map) {
    SPINECHECK_ASSIGN_OR_RETURN(std::unique_ptr<LinkSchedule> schedule, ChooseSchedule(map));
    LinkRunOptions run = options_.run;
    if (options_.deadline) {
      run.pair_timeout = std::clamp((*options_.deadline - absl::Now()) / std::max(1, 2 * schedule->rounds()),
                                    kShortestPairTimeout, kLongestPairTimeout);
    }
    LinkRunner runner(group_, run);
    SPINECHECK_RETURN_IF_ERROR(runner.Run(*schedule, [&](int round, int rounds) { AfterRound(round, rounds); }));
    const double first_pass_seconds = SecondsSinceStart();

    LinksOutcome outcome;
    LinkMatrices& matrices = outcome.matrices;
    SPINECHECK_RETURN_IF_ERROR(runner.Gather(hosts_, matrices));
    std::vector<int> retests;
    const bool inferred = !map.has_value();
    if (group_.is_leader()) {
      matrices.schedule = schedule_name_;
      matrices.rounds = schedule->rounds();
      if (inferred) {
        map = InferLeaves(matrices);
        observer_.OnLinksLine("# no topology given: leaves inferred from the measured latency and bandwidth");
      }
      observer_.OnLinksTopology(*map);
      observer_.OnLinksMatrices(matrices);
      if (options_.retest) retests = PlanRetestRounds(*map, matrices, schedule->rounds(), first_pass_seconds);
    }
    SPINECHECK_RETURN_IF_ERROR(group_.Broadcast(retests));
    ExplicitLinkSchedule retest_schedule(UnflattenRounds(retests));
    if (retest_schedule.rounds() > 0) {
      observer_.OnLinksLine(absl::StrFormat(
          "# retesting the suspect pairs and their hosts against known-good hosts: %d rounds", retest_schedule.rounds()));
      SPINECHECK_RETURN_IF_ERROR(runner.Run(retest_schedule, [&](int round, int rounds) { AfterRound(round, rounds); }));
      SPINECHECK_RETURN_IF_ERROR(runner.Gather(hosts_, matrices));
    }
    if (!group_.is_leader()) return LinksOutcome{};

    if (inferred) {
      // Infer again from the final figures, which the retests steadied.
      map = InferLeaves(matrices);
      observer_.OnLinksTopology(*map);
    }
    matrices.schedule = schedule_name_;
    matrices.rounds = schedule->rounds();
    matrices.retest_rounds = retest_schedule.rounds();
    for (int index : group_.lost()) matrices.unreachable.push_back(hosts_[static_cast<size_t>(index)]);
    LocaliseResult result = Localise(*map, matrices, options_.localise);
    outcome.findings = UnreachableFindings(matrices.unreachable, run.pair_timeout);
    for (Finding& finding : result.findings) outcome.findings.push_back(std::move(finding));
    outcome.measured_pairs = result.measured_pairs;
    outcome.slow_pairs = result.slow_pairs;
    outcome.map = *std::move(map);
    return outcome;
  }

 private:
  // The quick schedule (the leader's, from the map) when asked for and
  // possible, else the circle of every pair.
  absl::StatusOr<std::unique_ptr<LinkSchedule>> ChooseSchedule(const std::optional<ClusterMap>& map) {
    const int n = group_.original_size();
    std::vector<int> quick;
    if (group_.is_leader() && options_.quick && map) {
      quick = FlattenRounds(QuickSchedule(LeafIndexOfHosts(*map, hosts_)));
    }
    if (options_.quick) SPINECHECK_RETURN_IF_ERROR(group_.Broadcast(quick));
    std::unique_ptr<LinkSchedule> schedule;
    if (!quick.empty()) {
      schedule = std::make_unique<ExplicitLinkSchedule>(UnflattenRounds(quick));
      schedule_name_ = "quick";
    } else {
      if (options_.quick) {
        observer_.OnLinksLine("# the quick schedule needs the leaf of every host (--topology FILE, or Slurm's "
                              "topology/tree); testing every pair instead");
      }
      schedule = std::make_unique<CircleLinkSchedule>(n);
    }
    observer_.OnLinksLine(absl::StrFormat("# %s schedule: %d rounds for %d hosts (every pair: %d)", schedule_name_,
                                          schedule->rounds(), n, CircleLinkSchedule(n).rounds()));
    return schedule;
  }

  // The leader: retest rounds for the suspect pairs, at most a quarter of
  // the schedule's rounds (at least 4) and, with a deadline, as many as the
  // first pass's pace fits into half the time left.
  std::vector<int> PlanRetestRounds(const ClusterMap& map, const LinkMatrices& matrices, int rounds,
                                    double first_pass_seconds) {
    const LocaliseResult first = Localise(map, matrices, options_.localise);
    if (first.suspect_pairs.empty()) return {};
    std::vector<std::vector<std::pair<int, int>>> plan = PlanRetests(first, map, matrices);
    // A broken uplink makes thousands of suspect pairs at scale; the
    // retests stay a fraction of the run (the plan packs its tasks
    // first-fit, suspect pairs first, so the early rounds hold them).
    size_t cap = static_cast<size_t>(std::max(4, rounds / 4));
    if (options_.deadline) {
      const double seconds_per_round = first_pass_seconds / std::max(1, rounds);
      const double left = absl::ToDoubleSeconds(*options_.deadline - absl::Now()) / 2;
      cap = std::min(cap, static_cast<size_t>(std::max(0.0, left / std::max(seconds_per_round, 1e-3))));
    }
    if (plan.size() > cap) {
      observer_.OnLinksLine(absl::StrFormat("# %d retest rounds planned; running the first %d", plan.size(), cap));
      plan.resize(cap);
    }
    return FlattenRounds(plan);
  }

  void AfterRound(int round, int rounds) { observer_.OnLinksRound(round, rounds, SecondsSinceStart()); }

  double SecondsSinceStart() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  PeerGroup& group_;
  const std::vector<std::string>& hosts_;
  const LinksPhaseOptions& options_;
  LinksObserver& observer_;
  const std::chrono::steady_clock::time_point start_;
  std::string schedule_name_ = "circle";
};

}  // namespace

absl::StatusOr<LinksOutcome> RunLinksPhase(PeerGroup& group, const std::vector<std::string>& hosts,
                                           std::optional<ClusterMap> map, const LinksPhaseOptions& options,
                                           LinksObserver& observer) {
  return LinksPhase(group, hosts, options, observer).Run(std::move(map));
}

}  // namespace spinecheck

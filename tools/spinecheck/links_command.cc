#include "tools/spinecheck/links_command.h"

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "bench/links/links_phase.h"
#include "bench/links/peer_group.h"
#include "reports/model/status_macros.h"
#include "reports/model/units.h"
#include "reports/readers/json_reader.h"
#include "run/fabric_source.h"
#include "run/run_setup.h"
#include "tools/spinecheck/flag_checks.h"
#include "tools/spinecheck/links_report.h"
#include "topology/localise/localise.h"
#include "topology/world/world.h"

namespace spinecheck {
namespace {

struct LinksPlan {
  LinkRunOptions run;
  LocaliseOptions localise;
  std::optional<LinkMatrices> baseline;              // --baseline: an earlier links document
  std::optional<BaselineJudgement> baseline_values;  // --baseline: a baseline file (report baseline)
  std::optional<TopologyFormat> format;  // empty: detect from the file
  int hang_rank = -1;                    // --inject hang=RANK
};

absl::StatusOr<LinksPlan> BuildPlan(const LinksFlags& flags) {
  LinksPlan plan;
  SPINECHECK_ASSIGN_OR_RETURN(plan.run.exchange.bandwidth_bytes, ParseByteSize(flags.bandwidth_bytes));
  SPINECHECK_ASSIGN_OR_RETURN(plan.run.exchange.latency_bytes, ParseByteSize(flags.latency_bytes));
  plan.run.repetitions = flags.repetitions;
  plan.run.warmup = flags.warmup;
  plan.run.exchange.latency_iterations = flags.latency_iterations;
  plan.run.pair_timeout = absl::Seconds(flags.timeout_s);
  plan.localise.latency_min_excess_us = flags.latency_min_excess_us;
  plan.localise.tolerance = flags.tolerance;
  plan.localise.latency_tolerance = flags.latency_tolerance;
  SPINECHECK_ASSIGN_OR_RETURN(plan.format, ParseTopologyFormatFlag(flags.topology_format));
  if (!flags.baseline_path.empty()) {
    // A baseline file (spinecheck.baseline/1), or an earlier links document.
    absl::StatusOr<std::optional<BaselineJudgement>> values = LoadBaselineJudgement(flags.baseline_path, -1);
    absl::StatusOr<LinkMatrices> matrices = ReadLinkMatricesFile(flags.baseline_path);
    if (values.ok()) {
      plan.baseline_values = *std::move(values);
    } else if (matrices.ok()) {
      plan.baseline = *std::move(matrices);
    } else {
      return absl::InvalidArgumentError(absl::StrCat("--baseline: ", flags.baseline_path,
                                                     " is neither a baseline file (", values.status().message(),
                                                     ") nor a links document (", matrices.status().message(), ")"));
    }
  }
  for (const std::string& injection : flags.injections) {
    absl::string_view rank_text = injection;
    int rank = -1;
    if (!absl::ConsumePrefix(&rank_text, "hang=") || !absl::SimpleAtoi(rank_text, &rank) || rank < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--inject: links knows hang=RANK (stop that rank after the first round); got '", injection, "'"));
    }
    plan.hang_rank = rank;
  }
  return plan;
}

std::vector<std::pair<std::string, ConfigValue>> DescribePlan(const LinksPlan& plan, const LinksFlags& flags) {
  return {{"bandwidth_bytes", static_cast<int64_t>(plan.run.exchange.bandwidth_bytes)},
          {"latency_bytes", static_cast<int64_t>(plan.run.exchange.latency_bytes)},
          {"repetitions", static_cast<int64_t>(plan.run.repetitions)},
          {"warmup", static_cast<int64_t>(plan.run.warmup)},
          {"latency_iterations", static_cast<int64_t>(plan.run.exchange.latency_iterations)},
          {"timeout_s", absl::ToDoubleSeconds(plan.run.pair_timeout)},
          {"quick", flags.quick},
          {"retest", flags.retest},
          {"topology", flags.topology_path},
          {"tolerance", plan.localise.tolerance},
          {"latency_tolerance", plan.localise.latency_tolerance},
          {"latency_min_excess_us", plan.localise.latency_min_excess_us},
          {"baseline", flags.baseline_path},
          {"inject", absl::StrJoin(flags.injections, ",")}};
}

std::vector<std::string> HighlightedLinks(const std::vector<Finding>& findings) {
  std::vector<std::string> links;
  for (const Finding& finding : findings) {
    if (finding.severity == Severity::kFail) links.push_back(finding.component.id);
  }
  return links;
}

// The console and the document of the links phase; a testing hang stops
// its rank after the first round.
class LinksPhaseView : public LinksObserver {
 public:
  LinksPhaseView(LinksReport& report, int hang_rank, int world_rank)
      : report_(report), hang_rank_(hang_rank), world_rank_(world_rank) {}

  void OnLinksLine(const std::string& line) override { report_.PrintLine(line); }
  void OnLinksTopology(const ClusterMap& map) override { report_.SetTopology(map); }
  void OnLinksMatrices(const LinkMatrices& matrices) override { report_.SetMatrices(matrices); }
  void OnLinksRound(int round, int rounds, double seconds) override {
    if (round == 0 && hang_rank_ == world_rank_) {
      std::fprintf(stderr, "spinecheck: rank %d: --inject hang: stopping this rank now\n", world_rank_);
      std::fflush(stderr);
      std::raise(SIGSTOP);
    }
    const int every = std::max(1, rounds / 10);
    if ((round + 1) % every == 0 || round + 1 == rounds) {
      report_.PrintLine(absl::StrFormat("# round %d/%d done, %.1f s", round + 1, rounds, seconds));
    }
  }

 private:
  LinksReport& report_;
  int hang_rank_;
  int world_rank_;
};

}  // namespace

CLI::App* AddLinksCommand(CLI::App& app, LinksFlags& flags) {
  CLI::App* links = app.add_subcommand(
      "links", "All-pairs point-to-point test between nodes (one rank per node); names the slow host, uplink or "
               "switch on the fabric map.");
  links->add_option("-b,--bandwidth-bytes", flags.bandwidth_bytes, "Message of the bandwidth test, each direction")
      ->check(ByteSize(1, uint64_t{1} << 30))
      ->capture_default_str();
  links->add_option("--latency-bytes", flags.latency_bytes, "Message of the latency test")
      ->check(ByteSize(1, uint64_t{1} << 20))
      ->capture_default_str();
  // Every sample of every pair is kept for its median: the counts are bounded.
  links->add_option("-n,--repetitions", flags.repetitions, "Samples per pair; the median is kept")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  links->add_option("-w,--warmup", flags.warmup, "Untimed samples per pair before them")
      ->check(CLI::Range(0, 10000))
      ->capture_default_str();
  links->add_option("--latency-iterations", flags.latency_iterations, "Round trips per latency sample")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  links->add_option("-T,--timeout", flags.timeout_s,
                    "Seconds one pair may take before its partner counts as gone (it is then left out)")
      ->check(TimeoutSeconds(/*zero_allowed=*/false))
      ->capture_default_str();
  links->add_flag("--quick", flags.quick, "Every host and every pair of leaves in far fewer rounds (needs a topology)");
  links->add_flag("!--no-retest", flags.retest, "Do not measure suspect pairs again before blaming");
  links->add_option("--topology", flags.topology_path,
                    "Fabric: Slurm topology.conf or topology.yaml, ibnetdiscover output, EC2 instance topology "
                    "JSON, or CSV host,leaf[,spine]");
  links->add_option("--topology-format", flags.topology_format,
                    "auto, slurm-conf, slurm-yaml, ibnetdiscover, ec2 or csv")
      ->capture_default_str();
  links->add_option("--tolerance", flags.tolerance, "A pair is slow below (1 - tolerance) x comparable pairs")
      ->check(Fraction())
      ->capture_default_str();
  links->add_option("--latency-tolerance", flags.latency_tolerance,
                    "A pair's latency is high above (1 + x) x comparable pairs")
      ->check(PositiveFactor())
      ->capture_default_str();
  links->add_option("--latency-min-excess", flags.latency_min_excess_us,
                    "... and at least this many microseconds above them")
      ->check(ParsedBy([](const std::string& text) {
        double us = -1;
        if (absl::SimpleAtod(text, &us) && us >= 0 && std::isfinite(us)) return absl::OkStatus();
        return absl::InvalidArgumentError(absl::StrCat("'", text, "' must be 0 or more microseconds"));
      }))
      ->capture_default_str();
  links->add_option("--baseline", flags.baseline_path,
                    "A previous links document (--json): per-pair expectations become absolute; or a baseline "
                    "file (spinecheck report baseline): each host's median pair bandwidth and latency are judged");
  links->add_option("--json", flags.json_path, "Write the result document (spinecheck.run/1) here");
  links->add_option("--html", flags.html_path, "Write the HTML report of this run here when it ends");
  links->add_option("--dot", flags.dot_path, "Write the fabric map as a Graphviz DOT graph, faults in red");
  links->add_option("--inject", flags.injections, "Testing fault: hang=RANK (stop that rank after the first round)");
  return links;
}

int RunLinksCommand(const LinksFlags& flags, int argc, char** argv) {
  const absl::StatusOr<LinksPlan> plan = BuildPlan(flags);
  if (!plan.ok()) return ExitOnUsageError("links", plan.status());
  absl::StatusOr<std::unique_ptr<World>> world_or = InitWorld("links", &argc, &argv, flags.json_path);
  if (!world_or.ok()) return ExitOnStartError("links", world_or.status());
  World& world = **world_or;
  const bool root = world.rank() == 0;

  RunDocument document = StartDocument("links", world, argc, argv, flags.json_path);
  document.config = DescribePlan(*plan, flags);
  document.environment.backend = "mpi";
  document.environment.backend_reason = "links: MPI point-to-point between one rank per host";
  absl::Status status;
  if (plan->hang_rank >= world.size()) {
    status = absl::InvalidArgumentError(
        absl::StrCat("--inject hang=", plan->hang_rank, ": there are only ", world.size(), " ranks"));
  }
  absl::StatusOr<std::vector<RankInfo>> ranks = GatherRanks(world, {});
  if (status.ok()) status = world.AgreeOnError(ranks.status());
  if (ranks.ok()) document.ranks = std::move(*ranks);
  std::vector<std::string> hosts;
  for (const auto& [host, host_ranks] : RanksByHost(document.ranks)) hosts.push_back(host);
  // SLURM_TOPOLOGY_ADDR of every host's first rank, when Slurm set it.
  absl::StatusOr<std::vector<std::string>> addrs = GatherTopologyAddrs(world, hosts.size());
  if (status.ok()) status = world.AgreeOnError(addrs.status());
  std::optional<ClusterMap> map;
  std::string map_note;
  if (status.ok() && root) {
    absl::StatusOr<std::optional<ClusterMap>> resolved =
        ResolveTopology(flags.topology_path, plan->format, hosts, *addrs, map_note);
    status = resolved.status();
    if (resolved.ok()) map = *std::move(resolved);
  }
  status = world.AgreeOnError(status);

  LinksReport report(std::move(document), {flags.json_path, "", flags.html_path, flags.dot_path}, root, stdout);
  report.SetBaseline(plan->baseline_values);
  if (status.ok()) status = world.AgreeOnError(report.initial_write());
  if (!status.ok()) return EndRun(world, report, status);
  report.PrintLine(absl::StrFormat("# spinecheck %s links: %d hosts, %d ranks; bandwidth %s each way, latency %s, "
                                   "%d repetitions (median kept)",
                                   kToolVersion, hosts.size(), world.size(),
                                   FormatByteSize(plan->run.exchange.bandwidth_bytes),
                                   FormatByteSize(plan->run.exchange.latency_bytes), plan->run.repetitions));
  if (!map_note.empty()) report.PrintLine(map_note);
  if (map) report.PrintLine(absl::StrCat("# fabric: ", map->source));

  absl::StatusOr<std::unique_ptr<PeerGroup>> group =
      PeerGroup::Create(world.local_rank() == 0, world.Where());
  status = world.AgreeOnError(group.status());
  if (!status.ok()) return EndRun(world, report, status);
  if (*group) {
    if ((*group)->original_size() < 2) {
      status = absl::FailedPreconditionError(
          "links needs at least 2 hosts (one rank per host); run it under mpirun or srun across nodes");
    } else {
      LinksPhaseOptions options;
      options.run = plan->run;
      options.localise = plan->localise;
      options.localise.baseline = plan->baseline ? &*plan->baseline : nullptr;
      options.quick = flags.quick;
      options.retest = flags.retest;
      LinksPhaseView view(report, plan->hang_rank, world.rank());
      absl::StatusOr<LinksOutcome> outcome = RunLinksPhase(**group, hosts, std::move(map), options, view);
      status = outcome.status();
      if (outcome.ok() && (*group)->is_leader()) {
        report.SetTopology(std::move(outcome->map));
        report.SetMatrices(std::move(outcome->matrices));
        report.SetFindings(outcome->findings, HighlightedLinks(outcome->findings));
        report.PrintSummary();
      }
    }
    if (!(*group)->lost().empty()) {
      // A member stopped: the world can no longer meet, so the leader writes
      // the report and ends the job; the others wait for that.
      if ((*group)->is_leader()) {
        const int exit_code = report.Finish(status);
        world.Abort(exit_code);
      }
      std::this_thread::sleep_for(std::chrono::seconds(30));
      world.Abort(static_cast<int>(ExitCode::kTimeout));
    }
  }
  return EndRun(world, report, world.AgreeOnError(status));
}

}  // namespace spinecheck

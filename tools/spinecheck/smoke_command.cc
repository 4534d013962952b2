#include "tools/spinecheck/smoke_command.h"

#include <chrono>
#include <cstdio>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/comm/communicator_factory.h"
#include "diag/burn_injection.h"
#include "run/run_setup.h"
#include "run/smoke_plan.h"
#include "run/smoke_profile.h"
#include "run/smoke_report.h"
#include "run/smoke_run.h"
#include "tools/spinecheck/flag_checks.h"
#include "topology/world/watchdog.h"
#include "topology/world/world.h"

namespace spinecheck {
namespace {

// The budget watchdog: rank 0 writes the partial document and exits this long
// before the budget; the other ranks exit this long after it, should rank 0
// itself be the one that stopped. Whole run: at most budget + kOtherRanksAfter
// plus the launcher's teardown.
constexpr absl::Duration kRootBefore = absl::Milliseconds(500);
constexpr absl::Duration kOtherRanksAfter = absl::Milliseconds(1500);

// The flags as a request for a smoke plan: each explicit flag sets its
// profile key, so that a flag and the profile say the same thing one way.
SmokeRequest RequestOf(const SmokeFlags& flags) {
  SmokeRequest request;
  request.profile = flags.profile;
  for (const auto& [flag, key, value] : std::vector<std::tuple<const char*, const char*, const std::string*>>{
           {"--budget", "budget", &flags.budget},
           {"--phases", "phases", &flags.phases},
           {"--expect-devices", "expect_devices", &flags.expect_devices},
           {"--device", "device", &flags.device},
           {"--backend", "backend", &flags.backend},
           {"--burn-duration", "burn_duration", &flags.burn_duration},
           {"--memory-size", "burn_memory_size", &flags.memory_size},
           {"--tolerance", "burn_tolerance", &flags.tolerance},
           {"--collective", "sweep_collectives", &flags.collectives},
           {"-b/--minbytes", "sweep_min_bytes", &flags.min_bytes},
           {"-e/--maxbytes", "sweep_max_bytes", &flags.max_bytes},
           {"--links", "links", &flags.links}}) {
    if (!value->empty()) request.overrides.push_back({flag, key, *value});
  }
  request.settings = flags.settings;
  request.injections = flags.injections;
  request.thresholds_path = flags.thresholds_path;
  request.per_node = flags.per_node;
  return request;
}

}  // namespace

CLI::App* AddSmokeCommand(CLI::App& app, SmokeFlags& flags) {
  CLI::App* smoke = app.add_subcommand(
      "smoke", "Time-budgeted pre-job smoke test: inventory, short burn, verified all_reduce sweep and a quick "
               "links round; one line per bad node; exit 0 pass, 1 blamed, 3 could not test, 4 timeout.");
  smoke->add_option("--profile", flags.profile,
                    "smoke (about 50 s), quick (minutes), acceptance (hours), or a key=value file (docs/profiles.md)")
      ->capture_default_str();
  smoke->add_flag("--per-node", flags.per_node,
                  "No cross-node MPI: run alone on one node (Slurm HealthCheckProgram, prolog); skips links");
  smoke->add_option("--budget", flags.budget,
                    "Wall-clock budget of the whole run (50s, 5m, 2h); a watchdog ends the run at it with exit 4 "
                    "(default: the profile's)");
  smoke->add_option("--phases", flags.phases, "Phases to run: inventory,burn,sweep,links (default: the profile's)");
  smoke->add_option("--expect-devices", flags.expect_devices,
                    "Devices every host must show (default: the most common count across hosts)");
  smoke->add_option("--device", flags.device, "Burn device: gpu, cpu, or auto (GPUs when every rank sees one)");
  smoke->add_option("--backend", flags.backend, "Sweep data plane: nccl, mpi, or auto");
  smoke->add_option("--burn-duration", flags.burn_duration,
                    "GEMM load of the burn, shared by the types; scaled down to fit the budget");
  smoke->add_option("--memory-size", flags.memory_size, "Bytes under the memory test per GPU (or auto)");
  smoke->add_option("--tolerance", flags.tolerance,
                    "A device below (1 - tolerance) x the median of its model fails as an outlier")
      ->check(Fraction());
  smoke->add_option("--collective", flags.collectives, "Collectives of the sweep: a name, a list, or all");
  smoke->add_option("-b,--minbytes", flags.min_bytes, "Smallest sweep size");
  smoke->add_option("-e,--maxbytes", flags.max_bytes, "Largest sweep size (smaller ones are kept when time runs out)");
  smoke->add_option("--links", flags.links, "Links schedule: quick (every host and leaf pair) or full (every pair)");
  smoke->add_option("--set", flags.settings, "Any profile setting, KEY=VALUE (repeatable; docs/profiles.md)");
  smoke->add_option("--thresholds", flags.thresholds_path, "Expected figures per device model (CSV)");
  smoke->add_option("--topology", flags.topology_path,
                    "Fabric for the quick links schedule and the localisation (as `spinecheck links --topology`)");
  smoke->add_option("--json", flags.json_path, "Write the result document (spinecheck.run/1) here");
  smoke->add_option("--html", flags.html_path, "Write the HTML report of this run here when it ends");
  smoke->add_option("--inject", flags.injections,
                    "Testing faults on the real computation: corrupt=RANK (burn GEMM output and sweep received data), "
                    "slow=RANK:FACTOR (burn loops), hang=RANK (stop that rank after its first burn check)");
  return smoke;
}

int RunSmokeCommand(const SmokeFlags& flags, int argc, char** argv) {
  const absl::Time start = absl::Now();
  const absl::StatusOr<SmokePlan> plan = BuildSmokePlan(RequestOf(flags));
  if (!plan.ok()) return ExitOnUsageError("smoke", plan.status());
  const SmokeSettings& settings = plan->settings;
  absl::StatusOr<std::unique_ptr<World>> world_or = InitWorld("smoke", &argc, &argv, flags.json_path);
  if (!world_or.ok()) return ExitOnStartError("smoke", world_or.status());
  World& world = **world_or;
  const bool root = world.rank() == 0;

  RunDocument document = StartDocument("smoke", world, argc, argv, flags.json_path);
  document.config = DescribeSettings(settings);
  document.config.emplace_back("per_node", plan->per_node);
  document.config.emplace_back("topology", flags.topology_path);
  document.config.emplace_back("inject", absl::StrJoin(flags.injections, ","));
  document.environment.nccl_version_build = NcclBuildVersionIfBuilt();
  BurnVerdictOptions verdict;
  verdict.tolerance = settings.burn_tolerance;
  verdict.expect_devices = 0;  // the inventory phase counts devices
  SmokeReport report(std::move(document), {flags.json_path, "", flags.html_path, ""}, root, stdout, verdict);

  // The budget, enforced: rank 0 writes what was measured and exits 4 just
  // before it; the others follow just after, should rank 0 be the one stuck.
  const absl::Time budget_end = start + settings.budget;
  Watchdog budget_watchdog(static_cast<int>(ExitCode::kTimeout), [&report, &settings, &world, root](const std::string&) {
    const std::string phase = report.CurrentPhase();
    const absl::Status status = absl::DeadlineExceededError(absl::StrCat(
        "timeout: the budget of ", absl::FormatDuration(settings.budget), " ran out in phase '",
        phase.empty() ? "setup" : phase,
        "'; the ranks were inside a blocking step, so the one that stopped cannot be named from here"));
    if (root) {
      PrintCommandError("smoke", status);
      report.Finish(status);
    }
    // MPI_Abort has the launcher end every rank at once, a stopped one
    // included (a plain exit leaves it to the launcher's slower teardown).
    // Called from this thread it is outside the MPI threading contract, so
    // a second thread ends the process regardless a moment later.
    std::thread([] {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      std::_Exit(static_cast<int>(ExitCode::kTimeout));
    }).detach();
    world.Abort(static_cast<int>(ExitCode::kTimeout));
  });
  budget_watchdog.Arm(root ? budget_end - kRootBefore : budget_end + kOtherRanksAfter, "budget");
  WriteReportOnTimeout(world, report);

  absl::Status status = world.AgreeOnError(report.initial_write());
  if (status.ok()) status = CheckInjectionFits(plan->injection, world.size());
  if (status.ok() && plan->per_node && world.local_size() != world.size()) {
    status = absl::InvalidArgumentError(
        "--per-node runs on one node: these ranks span several hosts (start it alone, or with every rank on one host)");
  }
  if (!status.ok()) return EndRun(world, report, status);

  status = RunSmokePhases(world, *plan, report, start, flags.topology_path);
  if (absl::IsDeadlineExceeded(status)) {
    world.EndPhase();
    EndOnTimeout(world, report, status);
  }
  const int exit_code = EndRun(world, report, status);
  budget_watchdog.Disarm();
  return exit_code;
}

}  // namespace spinecheck

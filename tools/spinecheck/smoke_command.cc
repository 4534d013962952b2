#include "tools/spinecheck/smoke_command.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/comm/communicator_factory.h"
#include "bench/links/links_phase.h"
#include "bench/links/peer_group.h"
#include "bench/sweep/sweep_runner.h"
#include "diag/builtin_checks.h"
#include "diag/burn/burn_runner.h"
#include "diag/burn_injection.h"
#include "diag/thresholds.h"
#include "reports/model/status_macros.h"
#include "reports/model/units.h"
#include "tools/spinecheck/fabric_source.h"
#include "tools/spinecheck/device_choice.h"
#include "tools/spinecheck/launcher.h"
#include "tools/spinecheck/run_setup.h"
#include "run/smoke_inventory.h"
#include "run/smoke_plan.h"
#include "run/smoke_profile.h"
#include "tools/spinecheck/smoke_report.h"
#include "tools/spinecheck/flag_checks.h"
#include "topology/device/device_factory.h"
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
// The shortest deadline a phase step is given, however late it starts.
constexpr absl::Duration kMinStep = absl::Seconds(1);

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

// The time left until `deadline` (to 0.1 s, for messages), never below kMinStep.
absl::Duration Until(absl::Time deadline) {
  return std::max(absl::Trunc(deadline - absl::Now(), absl::Milliseconds(100)), kMinStep);
}

// ---- The run ----

// The links phase's lines go to the console; the first pass's map and
// matrices reach the document before any retest, the final ones with the
// findings when the phase ends.
class SmokeLinksView : public LinksObserver {
 public:
  explicit SmokeLinksView(SmokeReport& report) : report_(report) {}
  void OnLinksLine(const std::string& line) override { report_.PrintLine(line); }
  void OnLinksRound(int, int, double) override {}
  void OnLinksTopology(const ClusterMap& map) override { map_ = map; }
  void OnLinksMatrices(const LinkMatrices& matrices) override { report_.SetLinks(map_, matrices, {}); }

 private:
  SmokeReport& report_;
  ClusterMap map_;
};

class SmokeRun {
 public:
  SmokeRun(World& world, const SmokePlan& plan, SmokeReport& report, absl::Time start)
      : world_(world), plan_(plan), s_(plan.settings), report_(report), start_(start) {}

  absl::Time PhaseEnd(double share) const { return start_ + s_.budget * share; }

  // Collective: chooses and creates the devices, gathers the world and
  // checks the inventory.
  absl::Status Setup(std::vector<RankInfo>* ranks_out) {
    const absl::Time deadline = PhaseEnd(kSmokeInventoryEnd);
    report_.BeginPhase("inventory", absl::ZeroDuration());
    SPINECHECK_RETURN_IF_ERROR(world_.Arrive("inventory", Until(deadline)));
    const auto phase_start = absl::Now();
    SPINECHECK_ASSIGN_OR_RETURN(device_choice_, ChooseDevice(world_, s_.device));
    DevicePlacement placement;
    placement.local_rank = world_.local_rank();
    placement.where = world_.Where();
    absl::StatusOr<std::unique_ptr<Device>> created = CreateDevice(device_choice_.kind, placement);
    SPINECHECK_RETURN_IF_ERROR(world_.AgreeOnError(created.status()));
    device_ = *std::move(created);
    SPINECHECK_ASSIGN_OR_RETURN(backend_choice_, ChooseBackend(world_, s_.backend));
    report_.SetBackend(std::string(BackendName(backend_choice_.backend)),
                       absl::StrCat(backend_choice_.reason, "; burn on ",
                                    device_choice_.kind == DeviceKind::kCuda ? "GPUs" : "CPUs", " (",
                                    device_choice_.reason, ")"),
                       backend_choice_.backend == Backend::kNccl ? NcclRuntimeVersionIfBuilt() : "");
    // The ranks with their burn device.
    std::vector<std::unique_ptr<Device>> one;
    one.push_back(std::move(device_));
    absl::StatusOr<std::vector<RankInfo>> ranks = GatherRanks(world_, one, DevicesVisible(device_choice_.kind));
    device_ = std::move(one.front());
    SPINECHECK_RETURN_IF_ERROR(world_.AgreeOnError(ranks.status()));
    *ranks_out = *std::move(ranks);
    report_.SetRanks(*ranks_out);

    // Every rank's versions and devices (gathered with the ranks), judged on rank 0.
    const auto hosts = RanksByHost(*ranks_out);
    if (s_.inventory && world_.rank() == 0) {
      report_.AddInventoryFindings(JudgeInventory(InventoryOfRanks(*ranks_out), s_.expect_devices));
    }
    report_.PrintHeader();
    if (s_.inventory && world_.rank() == 0) {
      const SoftwareVersions& own = ranks_out->front().software;
      report_.PrintPhaseSummary(
          "inventory",
          absl::StrFormat("%d hosts, %d ranks; %s \"%s\", driver %s, NCCL %s", hosts.size(), world_.size(),
                          device_choice_.kind == DeviceKind::kCuda ? "GPU" : "CPU", device_->info().model,
                          own.cuda_driver.empty() ? "-" : own.cuda_driver, own.nccl.empty() ? "-" : own.nccl),
          absl::ToDoubleSeconds(absl::Now() - phase_start));
    }
    return absl::OkStatus();
  }

  const DeviceChoice& device_choice() const { return device_choice_; }
  const BackendChoice& backend_choice() const { return backend_choice_; }

  // Collective: the burn checks one after another, each rank on its device.
  absl::Status Burn() {
    const absl::Time deadline = PhaseEnd(kSmokeBurnEnd);
    const absl::Time phase_start = absl::Now();
    BurnRunOptions options;
    options.checks = plan_.checks;
    CheckOptions& check_options = options.check_options;
    // The GEMM load is scaled to fit the burn's share of the budget.
    check_options.gemm_duration = std::min(s_.burn_duration, (deadline - phase_start) * kSmokeGemmShareOfBurn);
    check_options.gemm_duration =
        std::max(absl::Trunc(check_options.gemm_duration, absl::Milliseconds(100)), absl::Milliseconds(500));
    check_options.gemm_types = plan_.gemm_types;
    check_options.gemm_size = s_.burn_gemm_size;
    check_options.memory_bytes =
        device_choice_.kind == DeviceKind::kCuda ? s_.burn_memory_bytes : s_.burn_memory_bytes_cpu;
    options.thresholds = &plan_.thresholds;
    options.injection = plan_.injection;
    options.deadline = deadline;
    report_.PrintLine(absl::StrFormat("# burn: %s, GEMM load %s (scaled to the budget), memory %s per device",
                                      s_.burn_checks, absl::FormatDuration(check_options.gemm_duration),
                                      check_options.memory_bytes == 0 ? "most of the free memory"
                                                                      : FormatByteSize(check_options.memory_bytes)));
    SPINECHECK_RETURN_IF_ERROR(RunBurn(world_, *device_, options, report_));
    std::vector<std::string> names;
    for (const DiagCheck* check : plan_.checks) names.emplace_back(check->name());
    const SmokeReport::BurnTotals totals = report_.burn_totals();
    report_.PrintPhaseSummary("burn",
                              absl::StrFormat("%s on %d devices: %d results, %d mismatching elements",
                                              absl::StrJoin(names, ","), world_.size(), totals.results,
                                              totals.mismatches),
                              absl::ToDoubleSeconds(absl::Now() - phase_start));
    return absl::OkStatus();
  }

  // Collective: the verified sweep, one size at a time, smallest first;
  // sizes that would not fit the sweep's share of the budget are left out
  // (and listed as skipped).
  absl::Status Sweep() {
    const absl::Time deadline = PhaseEnd(kSmokeSweepEnd);
    const absl::Time phase_start = absl::Now();
    report_.BeginPhase("sweep setup", absl::ZeroDuration());
    SPINECHECK_RETURN_IF_ERROR(world_.Arrive("sweep setup", Until(deadline)));
    // The data plane's device: the burn's when the kinds match.
    std::unique_ptr<Device> cpu;
    Device* device = device_.get();
    const DeviceKind wanted = backend_choice_.backend == Backend::kNccl ? DeviceKind::kCuda : DeviceKind::kCpu;
    if (wanted != device_choice_.kind) {
      DevicePlacement placement;
      placement.local_rank = world_.local_rank();
      placement.where = world_.Where();
      absl::StatusOr<std::unique_ptr<Device>> created = CreateDevice(wanted, placement);
      SPINECHECK_RETURN_IF_ERROR(world_.AgreeOnError(created.status()));
      cpu = *std::move(created);
      device = cpu.get();
    }
    absl::StatusOr<std::vector<std::unique_ptr<Communicator>>> comms =
        CreateCommunicators(backend_choice_.backend, world_, {device}, Until(deadline));
    if (absl::IsDeadlineExceeded(comms.status())) return comms.status();
    SPINECHECK_RETURN_IF_ERROR(world_.AgreeOnError(comms.status()));
    const std::vector<Lane> lanes = {{device, comms->front().get()}};

    SweepOptions base;
    base.iterations = s_.sweep_iters;
    base.warmup_iterations = s_.sweep_warmup;
    base.checks = s_.sweep_check;
    base.step_factor = static_cast<uint64_t>(s_.sweep_step_factor);
    base.types = {DataType::kFloat};
    base.ops = {ReduceOp::kSum};
    base.root = 0;
    base.injection.corrupt_rank = plan_.injection.corrupt_rank;
    base.injection.hang_rank = plan_.injection.hang_rank;
    base.min_bytes = s_.sweep_min_bytes;
    base.max_bytes = s_.sweep_max_bytes;
    const std::vector<uint64_t> sizes = SweepSizes(base);
    int rows = 0;
    std::vector<std::string> measured;
    for (size_t c = 0; c < plan_.collectives.size(); ++c) {
      const CollectiveDefinition* collective = plan_.collectives[c];
      // This collective's share of what is left of the sweep's.
      const absl::Time collective_end =
          absl::Now() + (deadline - absl::Now()) / static_cast<int64_t>(plan_.collectives.size() - c);
      double last_seconds = 0;
      uint64_t last_size = 0;
      uint64_t largest = 0;
      for (uint64_t size : sizes) {
        if (last_size > 0) {
          // The next size takes about the last one's time scaled by size;
          // every rank takes rank 0's decision.
          const double predicted = last_seconds * std::max(1.0, static_cast<double>(size) / last_size);
          const double stop_here =
              absl::Now() + absl::Seconds(predicted) > collective_end ? 1.0 : 0.0;
          SPINECHECK_ASSIGN_OR_RETURN(const World::RankValue stop, world_.MaxWithRank(stop_here));
          if (stop.value > 0) {
            report_.AddSkipped(absl::StrCat("sweep ", collective->name, ": sizes from ", FormatByteSize(size),
                                            " left out to stay within the budget"));
            break;
          }
        }
        SweepOptions options = base;
        options.collectives = {collective};
        options.min_bytes = options.max_bytes = size;
        options.timeout = Until(deadline);
        report_.BeginPhase(absl::StrCat("sweep ", collective->name, " ", FormatByteSize(size)), absl::ZeroDuration());
        const absl::Time size_start = absl::Now();
        SPINECHECK_RETURN_IF_ERROR(RunSweep(world_, lanes, options, report_));
        SPINECHECK_ASSIGN_OR_RETURN(const World::RankValue slowest,
                                    world_.MaxWithRank(absl::ToDoubleSeconds(absl::Now() - size_start)));
        last_seconds = slowest.value;
        last_size = size;
        largest = size;
        ++rows;
      }
      measured.push_back(absl::StrCat(collective->name, " ", FormatByteSize(s_.sweep_min_bytes), "..",
                                      FormatByteSize(largest)));
    }
    report_.PrintPhaseSummary(
        "sweep",
        absl::StrFormat("%s on %s: %d sizes verified (-c %d)", absl::StrJoin(measured, ", "),
                        BackendName(backend_choice_.backend), rows, s_.sweep_check),
        absl::ToDoubleSeconds(absl::Now() - phase_start));
    return absl::OkStatus();
  }

  // Collective over the world: one rank per host measures its partners in
  // the quick (or full) schedule; the slow pairs are localised on the map.
  absl::Status Links(const std::vector<std::string>& hosts, std::optional<ClusterMap> map) {
    const absl::Time deadline = PhaseEnd(kSmokeLinksEnd);
    const absl::Time phase_start = absl::Now();
    report_.BeginPhase("links", absl::ZeroDuration());
    SPINECHECK_RETURN_IF_ERROR(world_.Arrive("links", Until(deadline)));
    absl::StatusOr<std::unique_ptr<PeerGroup>> group = PeerGroup::Create(world_.local_rank() == 0, world_.Where());
    SPINECHECK_RETURN_IF_ERROR(world_.AgreeOnError(group.status()));
    absl::Status status;
    if (*group) {
      PeerGroup& peers = **group;
      LinksPhaseOptions options;
      options.run.exchange.bandwidth_bytes = s_.links_bytes;
      options.run.exchange.latency_bytes = 8;
      options.run.exchange.latency_iterations = 20;
      options.run.repetitions = s_.links_repetitions;
      options.run.warmup = 1;
      options.localise.tolerance = s_.links_tolerance;
      options.quick = s_.links_schedule == "quick";
      options.deadline = deadline;
      report_.PrintLine(absl::StrFormat("# links: %d hosts, %s each way, %d repetitions", peers.original_size(),
                                        FormatByteSize(s_.links_bytes), s_.links_repetitions));
      SmokeLinksView view(report_);
      absl::StatusOr<LinksOutcome> outcome = RunLinksPhase(peers, hosts, std::move(map), options, view);
      status = outcome.status();
      if (outcome.ok() && peers.is_leader()) {
        const int64_t measured = outcome->measured_pairs;
        const int64_t slow = outcome->slow_pairs;
        report_.SetLinks(std::move(outcome->map), std::move(outcome->matrices), std::move(outcome->findings));
        report_.PrintPhaseSummary("links",
                                  absl::StrFormat("%d hosts, %d pairs measured, %d slow", peers.original_size(),
                                                  measured, slow),
                                  absl::ToDoubleSeconds(absl::Now() - phase_start));
      }
      if (!peers.lost().empty()) {
        // A member stopped: the world can no longer meet, so the leader
        // writes the document and ends the job; the others wait for that.
        if (peers.is_leader()) world_.Abort(report_.Finish(status));
        std::this_thread::sleep_for(std::chrono::seconds(30));
        world_.Abort(static_cast<int>(ExitCode::kTimeout));
      }
    }
    return world_.AgreeOnError(status);
  }

 private:
  World& world_;
  const SmokePlan& plan_;
  const SmokeSettings& s_;
  SmokeReport& report_;
  absl::Time start_;
  DeviceChoice device_choice_;
  BackendChoice backend_choice_;
  std::unique_ptr<Device> device_;
};

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
  if (!plan.ok()) {
    if (LauncherRank() == 0) PrintCommandError("smoke", plan.status());
    return static_cast<int>(ExitCode::kUsage);
  }
  const SmokeSettings& settings = plan->settings;
  absl::StatusOr<std::unique_ptr<World>> world_or = InitWorld("smoke", &argc, &argv, flags.json_path);
  if (!world_or.ok()) {
    PrintCommandError("smoke", world_or.status());
    return static_cast<int>(ExitCode::kCouldNotTest);
  }
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

  SmokeRun run(world, *plan, report, start);
  std::vector<RankInfo> ranks;
  status = run.Setup(&ranks);
  if (status.ok() && settings.burn) status = run.Burn();
  if (status.ok() && settings.sweep) status = run.Sweep();
  if (status.ok() && settings.links) {
    std::vector<std::string> hosts;
    for (const auto& [host, host_ranks] : RanksByHost(ranks)) hosts.push_back(host);
    absl::StatusOr<std::string> agreed = world.Broadcast(absl::StrCat(hosts.size()), 0);
    status = agreed.status();
    const int spanned = agreed.ok() ? std::atoi(agreed->c_str()) : 0;
    if (status.ok() && (plan->per_node || spanned < 2)) {
      report.AddSkipped(plan->per_node ? "links: --per-node runs no cross-node test"
                                       : "links: the job runs on one host; links needs two or more");
    } else if (status.ok()) {
      absl::StatusOr<std::vector<std::string>> addrs = GatherTopologyAddrs(world, hosts.size());
      status = world.AgreeOnError(addrs.status());
      std::optional<ClusterMap> map;
      if (status.ok() && root) {
        std::string note;
        absl::StatusOr<std::optional<ClusterMap>> resolved =
            ResolveTopology(flags.topology_path, std::nullopt, hosts, *addrs, note);
        status = resolved.status();
        if (resolved.ok()) map = *std::move(resolved);
        if (!note.empty()) report.PrintLine(note);
      }
      status = world.AgreeOnError(status);
      if (status.ok()) status = run.Links(hosts, std::move(map));
    }
  }
  if (absl::IsDeadlineExceeded(status)) {
    world.EndPhase();
    EndOnTimeout(world, report, status);
  }
  const int exit_code = EndRun(world, report, status);
  budget_watchdog.Disarm();
  return exit_code;
}

}  // namespace spinecheck

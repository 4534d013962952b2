#include "run/smoke_run.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "bench/comm/communicator_factory.h"
#include "bench/links/links_phase.h"
#include "bench/links/peer_group.h"
#include "bench/sweep/sweep_runner.h"
#include "diag/burn/burn_runner.h"
#include "reports/model/status_macros.h"
#include "reports/model/units.h"
#include "run/device_choice.h"
#include "run/fabric_source.h"
#include "run/run_setup.h"
#include "run/smoke_inventory.h"
#include "topology/device/device_factory.h"

namespace spinecheck {
namespace {

// The shortest deadline a phase step is given, however late it starts.
constexpr absl::Duration kMinStep = absl::Seconds(1);

// The time left until `deadline` (to 0.1 s, for messages), never below kMinStep.
absl::Duration Until(absl::Time deadline) {
  return std::max(absl::Trunc(deadline - absl::Now(), absl::Milliseconds(100)), kMinStep);
}


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
      report_.SetInventoryFindings(JudgeInventory(InventoryOfRanks(*ranks_out), s_.expect_devices));
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

absl::Status RunSmokePhases(World& world, const SmokePlan& plan, SmokeReport& report, absl::Time start,
                            const std::string& topology_path) {
  const SmokeSettings& settings = plan.settings;
  SmokeRun run(world, plan, report, start);
  std::vector<RankInfo> ranks;
  absl::Status status = run.Setup(&ranks);
  if (status.ok() && settings.burn) status = run.Burn();
  if (status.ok() && settings.sweep) status = run.Sweep();
  if (!status.ok() || !settings.links) return status;
  std::vector<std::string> hosts;
  for (const auto& [host, host_ranks] : RanksByHost(ranks)) hosts.push_back(host);
  // Only rank 0 has the world's hosts: it says how many there are.
  SPINECHECK_ASSIGN_OR_RETURN(const std::string spanned, world.Broadcast(absl::StrCat(hosts.size()), 0));
  if (plan.per_node || std::atoi(spanned.c_str()) < 2) {
    report.AddSkipped(plan.per_node ? "links: --per-node runs no cross-node test"
                                    : "links: the job runs on one host; links needs two or more");
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<std::string>> addrs = GatherTopologyAddrs(world, hosts.size());
  SPINECHECK_RETURN_IF_ERROR(world.AgreeOnError(addrs.status()));
  std::optional<ClusterMap> map;
  if (world.rank() == 0) {
    std::string note;
    absl::StatusOr<std::optional<ClusterMap>> resolved = ResolveTopology(topology_path, std::nullopt, hosts, *addrs, note);
    status = resolved.status();
    if (resolved.ok()) map = *std::move(resolved);
    if (!note.empty()) report.PrintLine(note);
  }
  SPINECHECK_RETURN_IF_ERROR(world.AgreeOnError(status));
  return run.Links(hosts, std::move(map));
}

}  // namespace spinecheck

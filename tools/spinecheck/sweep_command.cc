#include "tools/spinecheck/sweep_command.h"

#include <cstdio>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "bench/comm/communicator_factory.h"
#include "bench/sweep/sweep_runner.h"
#include "reports/model/status_macros.h"
#include "reports/model/units.h"
#include "run/device_choice.h"
#include "run/run_setup.h"
#include "tools/spinecheck/flag_checks.h"
#include "tools/spinecheck/sweep_report.h"
#include "topology/device/device_factory.h"
#include "topology/world/world.h"

namespace spinecheck {
namespace {

// "all", one name, or a comma-separated list, each resolved by `parse`.
template <typename T, typename Parse>
absl::StatusOr<std::vector<T>> ParseList(const std::string& text, const std::vector<T>& all, Parse parse) {
  if (text == "all") return all;
  std::vector<T> items;
  for (absl::string_view name : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    SPINECHECK_ASSIGN_OR_RETURN(T item, parse(name));
    items.push_back(item);
  }
  if (items.empty()) return absl::InvalidArgumentError(absl::StrCat("'", text, "' names nothing"));
  return items;
}

absl::StatusOr<std::vector<DataType>> ParseDataTypes(const std::string& text) {
  return ParseList<DataType>(text, AllDataTypes(), [](absl::string_view name) { return ParseDataType(name); });
}

absl::StatusOr<std::vector<ReduceOp>> ParseReduceOps(const std::string& text) {
  return ParseList<ReduceOp>(text, AllReduceOps(), [](absl::string_view name) { return ParseReduceOp(name); });
}

absl::StatusOr<SweepOptions> BuildOptions(const SweepFlags& flags) {
  SweepOptions options;
  SPINECHECK_ASSIGN_OR_RETURN(options.min_bytes, ParseByteSize(flags.min_bytes));
  SPINECHECK_ASSIGN_OR_RETURN(options.max_bytes, ParseByteSize(flags.max_bytes));
  SPINECHECK_ASSIGN_OR_RETURN(options.step_bytes, ParseByteSize(flags.step_bytes));
  options.step_factor = static_cast<uint64_t>(flags.step_factor);
  options.iterations = flags.iterations;
  options.warmup_iterations = flags.warmup_iterations;
  options.checks = flags.checks;
  options.root = flags.root;
  options.average = static_cast<AverageMode>(flags.average);
  options.blocking = flags.blocking;
  options.timeout = absl::Seconds(flags.timeout_s);

  SPINECHECK_ASSIGN_OR_RETURN(options.collectives, BuiltinCollectives().Select(flags.collectives));
  SPINECHECK_ASSIGN_OR_RETURN(options.types, ParseDataTypes(flags.datatype));
  SPINECHECK_ASSIGN_OR_RETURN(options.ops, ParseReduceOps(flags.op));
  if (flags.gpus_per_process > 1 && flags.backend == "mpi") {
    return absl::InvalidArgumentError("-g/--ngpus above 1 drives several GPUs per process: it needs --backend nccl");
  }
  for (const std::string& text : flags.injections) {
    SPINECHECK_RETURN_IF_ERROR(ParseInjection(text, options.injection));
  }
  SPINECHECK_RETURN_IF_ERROR(ValidateSweepOptions(options));
  return options;
}

std::vector<std::pair<std::string, ConfigValue>> DescribeOptions(const SweepOptions& options,
                                                                 const SweepFlags& flags) {
  return {
      {"minBytes", static_cast<int64_t>(options.min_bytes)},
      {"maxBytes", static_cast<int64_t>(options.max_bytes)},
      {"step", options.step_factor > 1 ? absl::StrCat(options.step_factor, "(factor)")
                                       : absl::StrCat(options.step_bytes, "(bytes)")},
      {"warmup iters", static_cast<int64_t>(options.warmup_iterations)},
      {"iters", static_cast<int64_t>(options.iterations)},
      {"validation", static_cast<int64_t>(options.checks)},
      {"average", static_cast<int64_t>(options.average)},
      {"blocking", static_cast<int64_t>(options.blocking)},
      {"timeout_s", absl::ToDoubleSeconds(options.timeout)},
      {"collectives", flags.collectives},
      {"datatype", flags.datatype},
      {"op", flags.op},
      {"root", static_cast<int64_t>(options.root)},
      {"inject", absl::StrJoin(flags.injections, ",")},
      {"backend", flags.backend},
      {"ngpus", static_cast<int64_t>(flags.gpus_per_process)},
  };
}


// The devices this process drives, one per lane.
absl::StatusOr<std::vector<std::unique_ptr<Device>>> CreateLaneDevices(World& world, Backend backend, int lanes) {
  std::vector<std::unique_ptr<Device>> devices;
  for (int lane = 0; lane < lanes; ++lane) {
    DevicePlacement placement;
    placement.local_rank = world.local_rank();
    placement.lane = lane;
    placement.lanes = lanes;
    placement.where = world.Where();
    SPINECHECK_ASSIGN_OR_RETURN(std::unique_ptr<Device> device,
                                CreateDevice(backend == Backend::kNccl ? DeviceKind::kCuda : DeviceKind::kCpu,
                                             placement));
    devices.push_back(std::move(device));
  }
  return devices;
}

}  // namespace

// The most GPUs one process drives (-g): more than any server holds.
constexpr int kMostGpusPerProcess = 64;

CLI::App* AddSweepCommand(CLI::App& app, SweepFlags& flags) {
  CLI::App* sweep = app.add_subcommand(
      "sweep", "Collective sweeps with nccl-tests' flags: time, algbw, busbw and #wrong per size.");
  sweep->add_option("-b,--minbytes", flags.min_bytes, "Smallest size (8, 64K, 1M, 4G)")
      ->check(ByteSize())
      ->capture_default_str();
  sweep->add_option("-e,--maxbytes", flags.max_bytes, "Largest size")->check(ByteSize())->capture_default_str();
  sweep->add_option("-i,--stepbytes", flags.step_bytes, "Size increment when -f is 1")
      ->check(ByteSize())
      ->capture_default_str();
  sweep->add_option("-f,--stepfactor", flags.step_factor, "Size multiplier between rows")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40))
      ->capture_default_str();
  sweep->add_option("-n,--iters", flags.iterations, "Timed iterations per size")->capture_default_str();
  sweep->add_option("-w,--warmup_iters", flags.warmup_iterations, "Untimed iterations before each size")
      ->capture_default_str();
  sweep->add_option("-c,--check", flags.checks, "Validation calls per size after timing (0: none)")
      ->capture_default_str();
  sweep->add_option("-d,--datatype", flags.datatype,
                    "int8 uint8 int32 uint32 int64 uint64 half float double bfloat16 f8e4m3 f8e5m2, a list, or all")
      ->check(ParsedBy([](const std::string& text) { return ParseDataTypes(text).status(); }))
      ->capture_default_str();
  sweep->add_option("-o,--op", flags.op, "sum prod min max avg, a list, or all")
      ->check(ParsedBy([](const std::string& text) { return ParseReduceOps(text).status(); }))
      ->capture_default_str();
  sweep->add_option("-r,--root", flags.root, "Root rank of broadcast and reduce; -1: every rank")
      ->capture_default_str();
  sweep->add_option("-a,--average", flags.average, "Combine rank times: 0 rank 0, 1 mean, 2 min, 3 max")
      ->check(CLI::Range(0, 3))
      ->capture_default_str();
  sweep->add_option("-z,--blocking", flags.blocking,
                    "0/2: calls back to back; 1: barrier after each call (timed); 3: barrier before each call (untimed)")
      ->capture_default_str();
  sweep->add_option("-T,--timeout", flags.timeout_s, "Seconds each phase may take before exit 4 (0: no deadline)")
      ->check(TimeoutSeconds(/*zero_allowed=*/true))
      ->capture_default_str();
  sweep->add_option("--collective", flags.collectives,
                    "all_reduce all_gather reduce_scatter broadcast reduce alltoall sendrecv, a list, or all")
      ->check(ParsedBy([](const std::string& text) { return BuiltinCollectives().Select(text).status(); }))
      ->capture_default_str();
  sweep->add_option("--json", flags.json_path, "Write the result document (spinecheck.run/1) here");
  sweep->add_option("--html", flags.html_path, "Write the HTML report of this run here when it ends");
  sweep->add_option("--csv", flags.csv_path, "Write one CSV line per size and placement here");
  sweep->add_option("--inject", flags.injections,
                    "Testing faults on the real computation: corrupt=RANK (flip received data), hang=RANK (stop "
                    "that rank after its first row)");
  sweep->add_option("--backend", flags.backend,
                    "Data plane: nccl (GPUs), mpi (host memory), or auto (nccl when every rank sees a GPU)")
      ->check(CLI::IsMember({"nccl", "mpi", "auto"}))
      ->capture_default_str();
  sweep->add_option("-g,--ngpus", flags.gpus_per_process, "GPUs driven by each process (nccl)")
      ->check(CLI::Range(1, kMostGpusPerProcess))
      ->capture_default_str();
  sweep->add_option("--baseline", flags.baseline_path,
                    "Judge the rows against this baseline (spinecheck report baseline): busbw at plateau sizes, "
                    "latency below them");
  sweep->add_option("--baseline-tolerance", flags.baseline_tolerance,
                    "Shortfall against the baseline that is a finding (default 0.1 = 10 %)")
      ->check(Fraction());
  return sweep;
}

int RunSweepCommand(const SweepFlags& flags, int argc, char** argv) {
  const absl::StatusOr<SweepOptions> options = BuildOptions(flags);
  if (!options.ok()) return ExitOnUsageError("sweep", options.status());
  absl::StatusOr<std::optional<BaselineJudgement>> baseline =
      LoadBaselineJudgement(flags.baseline_path, flags.baseline_tolerance);
  if (!baseline.ok()) return ExitOnUsageError("sweep", baseline.status());

  absl::StatusOr<std::unique_ptr<World>> world_or = InitWorld("sweep", &argc, &argv, flags.json_path);
  if (!world_or.ok()) return ExitOnStartError("sweep", world_or.status());
  World& world = **world_or;
  const bool root = world.rank() == 0;

  RunDocument document = StartDocument("sweep", world, argc, argv, flags.json_path);
  document.config = DescribeOptions(*options, flags);
  document.environment.nccl_version_build = NcclBuildVersionIfBuilt();

  // Backend, then every rank's devices; every rank must have them.
  absl::StatusOr<BackendChoice> choice = ChooseBackend(world, flags.backend);
  absl::Status status = choice.status();
  std::vector<std::unique_ptr<Device>> devices;
  if (status.ok()) {
    document.environment.backend = std::string(BackendName(choice->backend));
    document.environment.backend_reason = choice->reason;
    if (choice->backend == Backend::kNccl) document.environment.nccl_version_runtime = NcclRuntimeVersionIfBuilt();
    absl::StatusOr<std::vector<std::unique_ptr<Device>>> created =
        CreateLaneDevices(world, choice->backend, flags.gpus_per_process);
    status = world.AgreeOnError(created.status());
    if (status.ok()) devices = std::move(*created);
  }
  if (status.ok()) {
    absl::StatusOr<std::vector<RankInfo>> ranks = GatherRanks(world, devices);
    status = world.AgreeOnError(ranks.status());
    if (ranks.ok()) document.ranks = std::move(*ranks);
  }

  SweepReport report(std::move(document), {flags.json_path, flags.csv_path, flags.html_path, ""}, root, stdout);
  report.SetBaseline(*std::move(baseline));
  if (status.ok()) status = world.AgreeOnError(report.initial_write());
  // A phase stuck inside a blocking collective: rank 0 writes what it has;
  // the other ranks wait a little before exiting, so that mpirun does not
  // end rank 0 before the document is written.
  WriteReportOnTimeout(world, report);

  // The data-plane communicators: NCCL creation is bounded by -T too.
  std::vector<std::unique_ptr<Communicator>> comms;
  if (status.ok()) {
    std::vector<Device*> device_pointers;
    for (const std::unique_ptr<Device>& device : devices) device_pointers.push_back(device.get());
    absl::StatusOr<std::vector<std::unique_ptr<Communicator>>> created =
        CreateCommunicators(choice->backend, world, device_pointers, options->timeout);
    if (absl::IsDeadlineExceeded(created.status())) EndOnTimeout(world, report, created.status());
    status = world.AgreeOnError(created.status());
    if (status.ok()) comms = std::move(*created);
  }
  // The status is agreed, so every rank ends here together.
  if (!status.ok()) return EndRun(world, report, status);
  report.PrintHeader();

  std::vector<Lane> lanes;
  for (size_t i = 0; i < comms.size(); ++i) lanes.push_back({devices[i].get(), comms[i].get()});
  status = RunSweep(world, lanes, *options, report);
  return EndRun(world, report, status);
}

}  // namespace spinecheck

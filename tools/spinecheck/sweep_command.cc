#include "tools/spinecheck/sweep_command.h"

#include <unistd.h>

#include <cstdio>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "bench/comm/mpi/mpi_communicator.h"
#include "bench/sweep/sweep_runner.h"
#include "reports/model/status_macros.h"
#include "reports/model/units.h"
#include "tools/spinecheck/launcher.h"
#include "tools/spinecheck/sweep_report.h"
#include "topology/device/device_factory.h"
#include "topology/world/environment.h"
#include "topology/world/rank_info_codec.h"
#include "topology/world/world.h"

namespace spinecheck {
namespace {

const CollectiveRegistry& Collectives() {
  static const CollectiveRegistry registry = [] {
    CollectiveRegistry built("collective");
    (void)RegisterBuiltinCollectives(built);  // built-in names are distinct
    return built;
  }();
  return registry;
}

absl::StatusOr<uint64_t> ParseSizeFlag(const char* flag, const std::string& text) {
  absl::StatusOr<uint64_t> bytes = ParseByteSize(text);
  if (!bytes.ok()) return absl::InvalidArgumentError(absl::StrCat(flag, ": ", bytes.status().message()));
  return bytes;
}

// "all", one name, or a comma-separated list, each resolved by `parse`.
template <typename T, typename Parse>
absl::StatusOr<std::vector<T>> ParseList(const char* flag, const std::string& text, const std::vector<T>& all,
                                         Parse parse) {
  if (text == "all") return all;
  std::vector<T> items;
  for (absl::string_view name : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    absl::StatusOr<T> item = parse(name);
    if (!item.ok()) return absl::InvalidArgumentError(absl::StrCat(flag, ": ", item.status().message()));
    items.push_back(*item);
  }
  if (items.empty()) return absl::InvalidArgumentError(absl::StrCat(flag, ": empty list"));
  return items;
}

absl::StatusOr<SweepOptions> BuildOptions(const SweepFlags& flags) {
  SweepOptions options;
  SPINECHECK_ASSIGN_OR_RETURN(options.min_bytes, ParseSizeFlag("-b/--minbytes", flags.min_bytes));
  SPINECHECK_ASSIGN_OR_RETURN(options.max_bytes, ParseSizeFlag("-e/--maxbytes", flags.max_bytes));
  SPINECHECK_ASSIGN_OR_RETURN(options.step_bytes, ParseSizeFlag("-i/--stepbytes", flags.step_bytes));
  if (flags.step_factor < 1) return absl::InvalidArgumentError("-f/--stepfactor must be 1 or more");
  options.step_factor = static_cast<uint64_t>(flags.step_factor);
  options.iterations = flags.iterations;
  options.warmup_iterations = flags.warmup_iterations;
  options.checks = flags.checks;
  options.root = flags.root;
  if (flags.average < 0 || flags.average > 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("-a/--average accepts 0 (rank 0), 1 (mean), 2 (min) or 3 (max); got ", flags.average));
  }
  options.average = static_cast<AverageMode>(flags.average);
  options.blocking = flags.blocking;
  if (!(flags.timeout_s >= 0)) return absl::InvalidArgumentError("-T/--timeout must be 0 or a number of seconds");
  options.timeout = absl::Seconds(flags.timeout_s);

  std::vector<const CollectiveDefinition*> all_collectives;
  for (const std::string& name : Collectives().Names()) all_collectives.push_back(Collectives().Find(name));
  SPINECHECK_ASSIGN_OR_RETURN(
      options.collectives,
      ParseList<const CollectiveDefinition*>("--collective", flags.collectives, all_collectives,
                                             [](absl::string_view name) { return Collectives().Get(name); }));
  SPINECHECK_ASSIGN_OR_RETURN(options.types, ParseList<DataType>("-d/--datatype", flags.datatype, AllDataTypes(),
                                                                 [](absl::string_view n) { return ParseDataType(n); }));
  SPINECHECK_ASSIGN_OR_RETURN(options.ops, ParseList<ReduceOp>("-o/--op", flags.op, AllReduceOps(),
                                                               [](absl::string_view n) { return ParseReduceOp(n); }));
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
  };
}

// Gathers every rank's description to rank 0 (in rank order).
absl::StatusOr<std::vector<RankInfo>> GatherRanks(World& world, const Device& device) {
  RankInfo self;
  self.rank = world.rank();
  self.local_rank = world.local_rank();
  self.pid = static_cast<int>(getpid());
  self.host = world.host();
  self.devices.push_back(device.info());
  SPINECHECK_ASSIGN_OR_RETURN(const std::vector<std::string> encoded, world.GatherToRoot(EncodeRankInfo(self)));
  std::vector<RankInfo> ranks;
  for (const std::string& text : encoded) {
    SPINECHECK_ASSIGN_OR_RETURN(RankInfo info, DecodeRankInfo(text));
    ranks.push_back(std::move(info));
  }
  return ranks;
}

void PrintError(const absl::Status& status) {
  std::fprintf(stderr, "spinecheck sweep: error: %s\n", std::string(status.message()).c_str());
}

}  // namespace

CLI::App* AddSweepCommand(CLI::App& app, SweepFlags& flags) {
  CLI::App* sweep = app.add_subcommand(
      "sweep", "Collective sweeps with nccl-tests' flags: time, algbw, busbw and #wrong per size.");
  sweep->add_option("-b,--minbytes", flags.min_bytes, "Smallest size (8, 64K, 1M, 4G)")->capture_default_str();
  sweep->add_option("-e,--maxbytes", flags.max_bytes, "Largest size")->capture_default_str();
  sweep->add_option("-i,--stepbytes", flags.step_bytes, "Size increment when -f is 1")->capture_default_str();
  sweep->add_option("-f,--stepfactor", flags.step_factor, "Size multiplier between rows")->capture_default_str();
  sweep->add_option("-n,--iters", flags.iterations, "Timed iterations per size")->capture_default_str();
  sweep->add_option("-w,--warmup_iters", flags.warmup_iterations, "Untimed iterations before each size")
      ->capture_default_str();
  sweep->add_option("-c,--check", flags.checks, "Validation calls per size after timing (0: none)")
      ->capture_default_str();
  sweep->add_option("-d,--datatype", flags.datatype,
                    "int8 uint8 int32 uint32 int64 uint64 half float double bfloat16 f8e4m3 f8e5m2, a list, or all")
      ->capture_default_str();
  sweep->add_option("-o,--op", flags.op, "sum prod min max avg, a list, or all")->capture_default_str();
  sweep->add_option("-r,--root", flags.root, "Root rank of broadcast and reduce; -1: every rank")
      ->capture_default_str();
  sweep->add_option("-a,--average", flags.average, "Combine rank times: 0 rank 0, 1 mean, 2 min, 3 max")
      ->capture_default_str();
  sweep->add_option("-z,--blocking", flags.blocking,
                    "0/2: calls back to back; 1: barrier after each call (timed); 3: barrier before each call (untimed)")
      ->capture_default_str();
  sweep->add_option("-T,--timeout", flags.timeout_s, "Seconds each phase may take before exit 4 (0: no deadline)")
      ->capture_default_str();
  sweep->add_option("--collective", flags.collectives,
                    "all_reduce all_gather reduce_scatter broadcast reduce alltoall sendrecv, a list, or all")
      ->capture_default_str();
  sweep->add_option("--json", flags.json_path, "Write the result document (spinecheck.run/1) here");
  sweep->add_option("--csv", flags.csv_path, "Write one CSV line per size and placement here");
  sweep->add_option("--inject", flags.injections,
                    "Testing faults on the real computation: corrupt=RANK (flip received data), hang=RANK (stop "
                    "that rank after its first row)");
  return sweep;
}

int RunSweepCommand(const SweepFlags& flags, int argc, char** argv) {
  const absl::StatusOr<SweepOptions> options = BuildOptions(flags);
  if (!options.ok()) {
    if (LauncherRank() == 0) PrintError(options.status());
    return static_cast<int>(ExitCode::kUsage);
  }

  absl::StatusOr<std::unique_ptr<World>> world_or = World::Init(&argc, &argv);
  if (!world_or.ok()) {
    PrintError(world_or.status());
    return static_cast<int>(ExitCode::kCouldNotTest);
  }
  World& world = **world_or;
  const bool root = world.rank() == 0;

  RunDocument document;
  document.command = "sweep";
  document.argv.assign(argv, argv + argc);
  document.start_time = NowRfc3339();
  document.config = DescribeOptions(*options, flags);
  document.environment.backend = "mpi";
  document.environment.mpi_library = world.MpiLibraryVersion();
  document.environment.mpi_standard = world.MpiStandardVersion();
  document.environment.build = BuildConfiguration();
  document.environment.variables = RelevantEnvironmentVariables();

  // Devices and the data-plane communicator; every rank must have both.
  absl::StatusOr<std::unique_ptr<Device>> device = CreateDevice(DeviceKind::kCpu, world.local_rank());
  absl::StatusOr<std::unique_ptr<Communicator>> comm =
      device.ok() ? CreateMpiCommunicator(world.Where()) : absl::StatusOr<std::unique_ptr<Communicator>>(device.status());
  absl::Status status = world.AgreeOnError(comm.status());
  if (status.ok()) {
    absl::StatusOr<std::vector<RankInfo>> ranks = GatherRanks(world, **device);
    status = world.AgreeOnError(ranks.status());
    if (ranks.ok()) document.ranks = std::move(*ranks);
  }

  SweepReport report(std::move(document), {flags.json_path, flags.csv_path}, root, stdout);
  if (status.ok()) status = world.AgreeOnError(report.initial_write());
  if (!status.ok()) {
    // The status is agreed, so every rank exits with the same code.
    if (root) PrintError(status);
    report.Finish(status);
    return static_cast<int>(ExitCodeForStatus(status));
  }
  // A phase stuck inside a blocking collective: rank 0 writes what it has;
  // the other ranks wait a little before exiting, so that mpirun does not
  // end rank 0 before the document is written.
  world.SetTimeoutHandler([&report, root](const std::string& reason) {
    if (root) {
      report.Finish(absl::DeadlineExceededError(absl::StrCat("timeout: ", reason)));
    } else {
      std::this_thread::sleep_for(std::chrono::seconds(2));
    }
  });
  report.PrintHeader();

  status = RunSweep(world, **comm, **device, *options, report);
  world.EndPhase();

  if (absl::IsDeadlineExceeded(status)) {
    // The ranks can no longer agree: rank 0 writes the partial document and
    // ends the job; the others give it time to do so.
    if (root) {
      PrintError(status);
      report.Finish(status, world.missing_at_timeout());
      world.Abort(static_cast<int>(ExitCode::kTimeout));
    }
    std::this_thread::sleep_for(std::chrono::seconds(5));
    PrintError(status);
    world.Abort(static_cast<int>(ExitCode::kTimeout));
  }
  if (!status.ok() && root) PrintError(status);
  int exit_code = report.Finish(status);
  // Every rank exits with rank 0's verdict.
  absl::StatusOr<std::string> agreed = world.Broadcast(absl::StrCat(exit_code), 0);
  if (agreed.ok()) exit_code = std::atoi(agreed->c_str());
  return exit_code;
}

}  // namespace spinecheck

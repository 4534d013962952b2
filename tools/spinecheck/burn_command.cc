#include "tools/spinecheck/burn_command.h"

#include <algorithm>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "diag/builtin_checks.h"
#include "diag/burn/burn_runner.h"
#include "diag/burn_injection.h"
#include "diag/thresholds.h"
#include "reports/model/status_macros.h"
#include "reports/model/units.h"
#include "run/device_choice.h"
#include "run/run_setup.h"
#include "tools/spinecheck/burn_report.h"
#include "tools/spinecheck/flag_checks.h"
#include "topology/device/device_factory.h"
#include "topology/world/world.h"

namespace spinecheck {
namespace {

// Everything the flags decide, checked before MPI starts.
struct BurnPlan {
  std::vector<const DiagCheck*> checks;
  CheckOptions check_options;
  BurnVerdictOptions verdict;
  BurnInjection injection;
  Thresholds thresholds;
  absl::Duration phase_slack;  // -T; zero: no deadline
};

// --types: "all" (an empty list: every type the device runs), one name or a list.
absl::StatusOr<std::vector<GemmType>> ParseGemmTypes(const std::string& text) {
  std::vector<GemmType> types;
  if (text == "all") return types;
  for (absl::string_view name : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    SPINECHECK_ASSIGN_OR_RETURN(const GemmType type, ParseGemmType(name));
    types.push_back(type);
  }
  if (types.empty()) return absl::InvalidArgumentError(absl::StrCat("'", text, "' names no GEMM type"));
  return types;
}

// --memory-size, --copy-size: empty for the device's default (0).
absl::StatusOr<uint64_t> ParseOptionalSize(const std::string& text) {
  return text.empty() ? absl::StatusOr<uint64_t>(0) : ParseByteSize(text);
}

// The flags, each checked by its validator (AddBurnCommand), as a plan.
absl::StatusOr<BurnPlan> BuildPlan(const BurnFlags& flags) {
  BurnPlan plan;
  SPINECHECK_ASSIGN_OR_RETURN(plan.checks, BuiltinChecks().Select(flags.checks));
  CheckOptions& options = plan.check_options;
  SPINECHECK_ASSIGN_OR_RETURN(options.gemm_duration, ParsePositiveDuration(flags.duration));
  SPINECHECK_ASSIGN_OR_RETURN(options.gemm_types, ParseGemmTypes(flags.types));
  options.gemm_size = flags.gemm_size;
  SPINECHECK_ASSIGN_OR_RETURN(options.memory_bytes, ParseOptionalSize(flags.memory_size));
  SPINECHECK_ASSIGN_OR_RETURN(options.copy_bytes, ParseOptionalSize(flags.copy_size));
  plan.verdict.tolerance = flags.tolerance;
  plan.verdict.expect_devices = flags.expect_devices;
  plan.phase_slack = absl::Seconds(flags.timeout_s);
  for (const std::string& text : flags.injections) {
    SPINECHECK_RETURN_IF_ERROR(ParseBurnInjection(text, plan.injection));
  }
  const std::string thresholds_path = flags.thresholds_path.empty() ? DefaultThresholdsPath() : flags.thresholds_path;
  absl::StatusOr<Thresholds> thresholds = Thresholds::Load(thresholds_path);
  if (!thresholds.ok()) return absl::InvalidArgumentError(absl::StrCat("--thresholds: ", thresholds.status().message()));
  plan.thresholds = *std::move(thresholds);
  return plan;
}

std::vector<std::pair<std::string, ConfigValue>> DescribePlan(const BurnPlan& plan, const BurnFlags& flags) {
  std::vector<std::string> checks;
  for (const DiagCheck* check : plan.checks) checks.emplace_back(check->name());
  return {
      {"checks", absl::StrJoin(checks, ",")},
      {"duration_s", absl::ToDoubleSeconds(plan.check_options.gemm_duration)},
      {"types", flags.types},
      {"gemm_size", static_cast<int64_t>(plan.check_options.gemm_size)},
      {"memory_bytes", static_cast<int64_t>(plan.check_options.memory_bytes)},
      {"copy_bytes", static_cast<int64_t>(plan.check_options.copy_bytes)},
      {"tolerance", plan.verdict.tolerance},
      {"expect_devices", static_cast<int64_t>(plan.verdict.expect_devices)},
      {"dcgm_level", static_cast<int64_t>(flags.dcgm_level)},
      {"device", flags.device},
      {"timeout_s", absl::ToDoubleSeconds(plan.phase_slack)},
      {"inject", absl::StrJoin(flags.injections, ",")},
  };
}

}  // namespace

// The most devices --expect-devices may ask of a host.
constexpr int kMostDevicesPerHost = 4096;

CLI::App* AddBurnCommand(CLI::App& app, BurnFlags& flags) {
  CLI::App* burn = app.add_subcommand(
      "burn", "Device burn-in on every rank: verified GEMM load, memory patterns, copy bandwidth; names bad devices.");
  burn->add_option("--checks", flags.checks, "gemm, memory, copy, a comma-separated list, or all")
      ->check(ParsedBy([](const std::string& text) { return BuiltinChecks().Select(text).status(); }))
      ->capture_default_str();
  burn->add_option("--duration", flags.duration, "GEMM load, shared by the types (90, 30s, 10m, 1h)")
      ->check(ParsedBy([](const std::string& text) { return ParsePositiveDuration(text).status(); }))
      ->capture_default_str();
  burn->add_option("--types", flags.types, "GEMM types: fp64 fp32 tf32 bf16 fp16 fp8, a list, or all")
      ->check(ParsedBy([](const std::string& text) { return ParseGemmTypes(text).status(); }))
      ->capture_default_str();
  burn->add_option("--gemm-size", flags.gemm_size, "n of the n x n GEMM (0: 2048 on a CPU, 8192 on a GPU)")
      ->check(ParsedBy([](const std::string& text) {
        int n = -1;
        if (absl::SimpleAtoi(text, &n) && (n == 0 || (n >= 2 && n <= 65536))) return absl::OkStatus();
        return absl::InvalidArgumentError(absl::StrCat("'", text, "' must be 0 (the default) or from 2 to 65536"));
      }))
      ->capture_default_str();
  burn->add_option("--memory-size", flags.memory_size,
                   "Bytes under the memory test (default: most of the free device memory; 256M on a CPU)")
      ->check(ByteSize(1));
  burn->add_option("--copy-size", flags.copy_size, "Bytes per copy (default: 256M on a GPU, 64M on a CPU)")
      ->check(ByteSize(1));
  burn->add_option("--tolerance", flags.tolerance,
                   "A device below (1 - tolerance) x the median of its model fails as an outlier")
      ->check(Fraction())
      ->capture_default_str();
  burn->add_option("--expect-devices", flags.expect_devices, "Fail a host that shows fewer devices (0: no check)")
      ->check(CLI::Range(0, kMostDevicesPerHost))
      ->capture_default_str();
  burn->add_option("--thresholds", flags.thresholds_path, "Expected figures per device model (CSV)");
  burn->add_option("--baseline", flags.baseline_path,
                   "Judge every device against this baseline (spinecheck report baseline)");
  burn->add_option("--baseline-tolerance", flags.baseline_tolerance,
                   "Shortfall against the baseline that is a finding (default 0.1 = 10 %)")
      ->check(Fraction());
  burn->add_option("--dcgm-level", flags.dcgm_level, "Also run dcgmi diag -r LEVEL where dcgmi is installed (0: off)")
      ->check(CLI::Range(0, 4))
      ->capture_default_str();
  burn->add_option("--device", flags.device, "gpu, cpu, or auto (GPUs when every rank sees one)")
      ->check(CLI::IsMember({"gpu", "cpu", "auto"}))
      ->capture_default_str();
  burn->add_option("-T,--timeout", flags.timeout_s,
                   "Seconds each phase may run beyond its planned length before exit 4 (0: no deadline)")
      ->check(TimeoutSeconds(/*zero_allowed=*/true))
      ->capture_default_str();
  burn->add_option("--json", flags.json_path, "Write the result document (spinecheck.run/1) here");
  burn->add_option("--html", flags.html_path, "Write the HTML report of this run here when it ends");
  burn->add_option("--inject", flags.injections,
                   "Testing faults on the real computation: corrupt=RANK (flip a bit of the GEMM output), "
                   "slow=RANK:FACTOR (run that rank's loops at FACTOR of their speed), hang=RANK (stop that rank "
                   "after its first check)");
  return burn;
}

int RunBurnCommand(const BurnFlags& flags, int argc, char** argv) {
  const absl::StatusOr<BurnPlan> plan = BuildPlan(flags);
  if (!plan.ok()) return ExitOnUsageError("burn", plan.status());
  absl::StatusOr<std::optional<BaselineJudgement>> baseline =
      LoadBaselineJudgement(flags.baseline_path, flags.baseline_tolerance);
  if (!baseline.ok()) return ExitOnUsageError("burn", baseline.status());
  absl::StatusOr<std::unique_ptr<World>> world_or = InitWorld("burn", &argc, &argv, flags.json_path);
  if (!world_or.ok()) return ExitOnStartError("burn", world_or.status());
  World& world = **world_or;
  const bool root = world.rank() == 0;

  RunDocument document = StartDocument("burn", world, argc, argv, flags.json_path);
  document.config = DescribePlan(*plan, flags);
  absl::Status status = CheckInjectionFits(plan->injection, world.size());
  absl::StatusOr<DeviceChoice> choice = DeviceChoice{};
  if (status.ok()) {
    choice = ChooseDevice(world, flags.device);
    status = choice.status();
  }
  std::unique_ptr<Device> device;
  std::vector<std::unique_ptr<Device>> devices;
  if (status.ok()) {
    document.environment.backend = choice->kind == DeviceKind::kCuda ? "cuda" : "cpu";
    document.environment.backend_reason = choice->reason;
    DevicePlacement placement;
    placement.local_rank = world.local_rank();
    placement.where = world.Where();
    absl::StatusOr<std::unique_ptr<Device>> created = CreateDevice(choice->kind, placement);
    status = world.AgreeOnError(created.status());
    if (status.ok()) devices.push_back(*std::move(created));
  }
  if (status.ok()) {
    absl::StatusOr<std::vector<RankInfo>> ranks = GatherRanks(world, devices, DevicesVisible(choice->kind));
    status = world.AgreeOnError(ranks.status());
    if (ranks.ok()) document.ranks = std::move(*ranks);
  }

  BurnReport report(std::move(document), {flags.json_path, "", flags.html_path, ""}, root, stdout, plan->verdict);
  report.SetBaseline(*std::move(baseline));
  if (status.ok()) status = world.AgreeOnError(report.initial_write());
  WriteReportOnTimeout(world, report);
  // The status is agreed, so every rank ends here together.
  if (!status.ok()) return EndRun(world, report, status);
  report.PrintHeader();

  BurnRunOptions options;
  options.checks = plan->checks;
  options.check_options = plan->check_options;
  options.thresholds = &plan->thresholds;
  options.injection = plan->injection;
  options.phase_slack = plan->phase_slack;
  options.dcgm_level = flags.dcgm_level;
  status = RunBurn(world, *devices.front(), options, report);
  return EndRun(world, report, status);
}

}  // namespace spinecheck

#include "run/smoke_profile.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "reports/model/units.h"

namespace spinecheck {
namespace {

// The built-in profiles, in the profile-file syntax, so that they read the
// way an operator's file does (docs/profiles.md tabulates them).
constexpr char kSmokeProfile[] = R"(
budget = 50s
phases = inventory,burn,sweep,links
burn_checks = gemm,memory
burn_duration = 5s
burn_types = all
burn_memory_size = 1G
burn_memory_size_cpu = 64M
burn_tolerance = 0.15
sweep_collectives = all_reduce
sweep_min_bytes = 8
sweep_max_bytes = 64M
sweep_step_factor = 2
sweep_iters = 5
sweep_warmup = 1
sweep_check = 1
links = quick
links_bytes = 4M
links_repetitions = 3
links_tolerance = 0.25
)";

constexpr char kQuickProfile[] = R"(
budget = 5m
phases = inventory,burn,sweep,links
burn_checks = gemm,memory,copy
burn_duration = 30s
burn_types = all
burn_memory_size = 8G
burn_memory_size_cpu = 256M
burn_tolerance = 0.15
sweep_collectives = all
sweep_min_bytes = 8
sweep_max_bytes = 32M
sweep_step_factor = 2
sweep_iters = 20
sweep_warmup = 5
sweep_check = 1
links = quick
links_bytes = 16M
links_repetitions = 5
links_tolerance = 0.25
)";

constexpr char kAcceptanceProfile[] = R"(
budget = 4h
phases = inventory,burn,sweep,links
burn_checks = gemm,memory,copy
burn_duration = 60m
burn_types = all
burn_memory_size = auto
burn_memory_size_cpu = auto
burn_tolerance = 0.10
sweep_collectives = all
sweep_min_bytes = 8
sweep_max_bytes = 1G
sweep_step_factor = 2
sweep_iters = 20
sweep_warmup = 5
sweep_check = 1
links = full
links_bytes = 64M
links_repetitions = 5
links_tolerance = 0.20
)";

constexpr absl::Duration kMinBudget = absl::Seconds(10);
constexpr absl::Duration kMaxBudget = absl::Hours(7 * 24);

const std::vector<std::string>& KnownKeys() {
  static const std::vector<std::string> keys = {
      "budget", "phases", "expect_devices", "device", "backend", "burn_checks", "burn_duration", "burn_types",
      "burn_gemm_size", "burn_memory_size", "burn_memory_size_cpu", "burn_tolerance", "sweep_collectives",
      "sweep_min_bytes", "sweep_max_bytes", "sweep_step_factor", "sweep_iters", "sweep_warmup", "sweep_check",
      "links", "links_bytes", "links_repetitions", "links_tolerance"};
  return keys;
}

absl::Status Bad(absl::string_view key, absl::string_view value, absl::string_view accepted) {
  return absl::InvalidArgumentError(absl::StrCat(key, ": '", value, "': ", accepted));
}

absl::StatusOr<int> IntIn(absl::string_view key, absl::string_view value, int low, int high) {
  int number = 0;
  if (!absl::SimpleAtoi(value, &number) || number < low || number > high) {
    return Bad(key, value, absl::StrCat("must be a whole number from ", low, " to ", high));
  }
  return number;
}

absl::StatusOr<double> FractionIn(absl::string_view key, absl::string_view value) {
  double number = 0;
  if (!absl::SimpleAtod(value, &number) || !(number > 0 && number < 1)) {
    return Bad(key, value, "must lie between 0 and 1 (0.15 = 15% below the median)");
  }
  return number;
}

absl::StatusOr<uint64_t> Size(absl::string_view key, absl::string_view value, bool auto_allowed) {
  if (auto_allowed && value == "auto") return 0;
  absl::StatusOr<uint64_t> bytes = ParseByteSize(value);
  if (!bytes.ok() || *bytes == 0) {
    return Bad(key, value, auto_allowed ? "must be a size above zero (8, 64K, 1M, 4G) or auto"
                                        : "must be a size above zero (8, 64K, 1M, 4G)");
  }
  return *bytes;
}

absl::StatusOr<absl::Duration> Duration(absl::string_view key, absl::string_view value) {
  absl::StatusOr<absl::Duration> duration = ParsePositiveDuration(value);
  if (!duration.ok()) return Bad(key, value, duration.status().message());
  return *duration;
}

absl::Status ParseSettingsText(SmokeSettings& settings, const std::string& text, const std::string& file) {
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    const size_t equals = line.find('=');
    if (equals == absl::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(file, ":", line_number, ": expected key = value; got '", line, "'"));
    }
    const absl::string_view key = absl::StripAsciiWhitespace(line.substr(0, equals));
    const absl::string_view value = absl::StripAsciiWhitespace(line.substr(equals + 1));
    if (absl::Status status = ApplySetting(settings, key, value); !status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(file, ":", line_number, ": ", status.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

const std::vector<std::string>& BuiltinProfileNames() {
  static const std::vector<std::string> names = {"smoke", "quick", "acceptance"};
  return names;
}

absl::Status ApplySetting(SmokeSettings& s, absl::string_view key, absl::string_view value) {
  if (key == "budget") {
    absl::StatusOr<absl::Duration> budget = Duration(key, value);
    if (!budget.ok()) return budget.status();
    if (*budget < kMinBudget || *budget > kMaxBudget) {
      return Bad(key, value, "must lie between 10s and 7 days (50s fits Slurm's 60 s prolog and health check)");
    }
    s.budget = *budget;
  } else if (key == "phases") {
    s.inventory = s.burn = s.sweep = s.links = false;
    for (absl::string_view phase : absl::StrSplit(value, ',', absl::SkipEmpty())) {
      phase = absl::StripAsciiWhitespace(phase);
      if (phase == "inventory") {
        s.inventory = true;
      } else if (phase == "burn") {
        s.burn = true;
      } else if (phase == "sweep") {
        s.sweep = true;
      } else if (phase == "links") {
        s.links = true;
      } else {
        return Bad(key, value, "a comma-separated list of inventory, burn, sweep, links");
      }
    }
    if (!s.inventory && !s.burn && !s.sweep && !s.links) return Bad(key, value, "names no phase");
  } else if (key == "expect_devices") {
    absl::StatusOr<int> n = IntIn(key, value, 0, 1024);
    if (!n.ok()) return n.status();
    s.expect_devices = *n;
  } else if (key == "device") {
    if (value != "auto" && value != "gpu" && value != "cpu") return Bad(key, value, "accepts gpu, cpu or auto");
    s.device = std::string(value);
  } else if (key == "backend") {
    if (value != "auto" && value != "nccl" && value != "mpi") return Bad(key, value, "accepts nccl, mpi or auto");
    s.backend = std::string(value);
  } else if (key == "burn_checks") {
    if (value.empty()) return Bad(key, value, "gemm, memory, copy, a comma-separated list, or all");
    s.burn_checks = std::string(value);  // names are checked against the registry by the command
  } else if (key == "burn_duration") {
    absl::StatusOr<absl::Duration> duration = Duration(key, value);
    if (!duration.ok()) return duration.status();
    s.burn_duration = *duration;
  } else if (key == "burn_types") {
    if (value.empty()) return Bad(key, value, "GEMM types: fp64 fp32 tf32 bf16 fp16 fp8, a list, or all");
    s.burn_types = std::string(value);
  } else if (key == "burn_gemm_size") {
    absl::StatusOr<int> n = IntIn(key, value, 0, 65536);
    if (!n.ok()) return n.status();
    if (*n == 1) return Bad(key, value, "must be 0 (the default) or between 2 and 65536");
    s.burn_gemm_size = *n;
  } else if (key == "burn_memory_size" || key == "burn_memory_size_cpu") {
    absl::StatusOr<uint64_t> bytes = Size(key, value, /*auto_allowed=*/true);
    if (!bytes.ok()) return bytes.status();
    (key == "burn_memory_size" ? s.burn_memory_bytes : s.burn_memory_bytes_cpu) = *bytes;
  } else if (key == "burn_tolerance" || key == "links_tolerance") {
    absl::StatusOr<double> fraction = FractionIn(key, value);
    if (!fraction.ok()) return fraction.status();
    (key == "burn_tolerance" ? s.burn_tolerance : s.links_tolerance) = *fraction;
  } else if (key == "sweep_collectives") {
    if (value.empty()) return Bad(key, value, "a collective, a comma-separated list, or all");
    s.sweep_collectives = std::string(value);  // names are checked against the registry by the command
  } else if (key == "sweep_min_bytes" || key == "sweep_max_bytes") {
    absl::StatusOr<uint64_t> bytes = Size(key, value, /*auto_allowed=*/false);
    if (!bytes.ok()) return bytes.status();
    (key == "sweep_min_bytes" ? s.sweep_min_bytes : s.sweep_max_bytes) = *bytes;
  } else if (key == "sweep_step_factor") {
    absl::StatusOr<int> n = IntIn(key, value, 2, 1024);
    if (!n.ok()) return n.status();
    s.sweep_step_factor = *n;
  } else if (key == "sweep_iters") {
    absl::StatusOr<int> n = IntIn(key, value, 1, 100000);
    if (!n.ok()) return n.status();
    s.sweep_iters = *n;
  } else if (key == "links_repetitions") {
    // As `links -n`: every sample of every pair is kept for its median.
    absl::StatusOr<int> n = IntIn(key, value, 1, 10000);
    if (!n.ok()) return n.status();
    s.links_repetitions = *n;
  } else if (key == "sweep_warmup") {
    absl::StatusOr<int> n = IntIn(key, value, 0, 100000);
    if (!n.ok()) return n.status();
    s.sweep_warmup = *n;
  } else if (key == "sweep_check") {
    absl::StatusOr<int> n = IntIn(key, value, 1, 1000);
    if (!n.ok()) return Bad(key, value, "must be a whole number from 1 to 1000 (a smoke test always verifies data)");
    s.sweep_check = *n;
  } else if (key == "links") {
    if (value != "quick" && value != "full") return Bad(key, value, "accepts quick or full");
    s.links_schedule = std::string(value);
  } else if (key == "links_bytes") {
    absl::StatusOr<uint64_t> bytes = Size(key, value, /*auto_allowed=*/false);
    if (!bytes.ok()) return bytes.status();
    if (*bytes > (1ULL << 30)) return Bad(key, value, "must be at most 1G");
    s.links_bytes = *bytes;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown key '", key, "'; known: ", absl::StrJoin(KnownKeys(), ", ")));
  }
  return absl::OkStatus();
}

absl::StatusOr<SmokeSettings> LoadProfile(const std::string& name) {
  SmokeSettings settings;
  settings.profile = name;
  const char* builtin = name == "smoke" ? kSmokeProfile
                        : name == "quick" ? kQuickProfile
                        : name == "acceptance" ? kAcceptanceProfile
                                               : nullptr;
  if (builtin != nullptr) {
    if (absl::Status status = ParseSettingsText(settings, builtin, name); !status.ok()) return status;
    return settings;
  }
  std::ifstream in(name);
  if (!in) {
    return absl::InvalidArgumentError(absl::StrCat("--profile: '", name, "' is neither a built-in profile (",
                                                   absl::StrJoin(BuiltinProfileNames(), ", "),
                                                   ") nor a readable file"));
  }
  std::stringstream text;
  text << in.rdbuf();
  return ParseProfile(text.str(), name);
}

absl::StatusOr<SmokeSettings> ParseProfile(const std::string& text, const std::string& name) {
  SmokeSettings settings;
  settings.profile = name;
  // A file starts from the smoke profile: it need only say what differs.
  if (absl::Status status = ParseSettingsText(settings, kSmokeProfile, "smoke"); !status.ok()) return status;
  if (absl::Status status = ParseSettingsText(settings, text, name); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--profile: ", status.message()));
  }
  return settings;
}

std::vector<std::pair<std::string, ConfigValue>> DescribeSettings(const SmokeSettings& s) {
  std::vector<std::string> phases;
  for (const auto& [on, name] : {std::pair<bool, const char*>{s.inventory, "inventory"},
                                 {s.burn, "burn"},
                                 {s.sweep, "sweep"},
                                 {s.links, "links"}}) {
    if (on) phases.emplace_back(name);
  }
  return {
      {"profile", s.profile},
      {"budget_s", absl::ToDoubleSeconds(s.budget)},
      {"phases", absl::StrJoin(phases, ",")},
      {"expect_devices", static_cast<int64_t>(s.expect_devices)},
      {"device", s.device},
      {"backend", s.backend},
      {"burn_checks", s.burn_checks},
      {"burn_duration_s", absl::ToDoubleSeconds(s.burn_duration)},
      {"burn_types", s.burn_types},
      {"burn_gemm_size", static_cast<int64_t>(s.burn_gemm_size)},
      {"burn_memory_bytes", static_cast<int64_t>(s.burn_memory_bytes)},
      {"burn_memory_bytes_cpu", static_cast<int64_t>(s.burn_memory_bytes_cpu)},
      {"burn_tolerance", s.burn_tolerance},
      {"sweep_collectives", s.sweep_collectives},
      {"sweep_min_bytes", static_cast<int64_t>(s.sweep_min_bytes)},
      {"sweep_max_bytes", static_cast<int64_t>(s.sweep_max_bytes)},
      {"sweep_step_factor", static_cast<int64_t>(s.sweep_step_factor)},
      {"sweep_iters", static_cast<int64_t>(s.sweep_iters)},
      {"sweep_warmup", static_cast<int64_t>(s.sweep_warmup)},
      {"sweep_check", static_cast<int64_t>(s.sweep_check)},
      {"links", s.links_schedule},
      {"links_bytes", static_cast<int64_t>(s.links_bytes)},
      {"links_repetitions", static_cast<int64_t>(s.links_repetitions)},
      {"links_tolerance", s.links_tolerance},
  };
}

}  // namespace spinecheck

#include "run/smoke_plan.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "diag/builtin_checks.h"
#include "reports/model/status_macros.h"
#include "reports/model/units.h"

namespace spinecheck {
namespace {

// The profile's message ("burn_tolerance: '2': must lie ...") under the
// flag's name ("--tolerance: '2': must lie ...").
absl::Status FlagError(absl::string_view flag, absl::string_view key, const absl::Status& status) {
  absl::string_view message = status.message();
  absl::ConsumePrefix(&message, absl::StrCat(key, ": "));
  return absl::InvalidArgumentError(absl::StrCat(flag, ": ", message));
}

}  // namespace

absl::StatusOr<SmokePlan> BuildSmokePlan(const SmokeRequest& request) {
  SmokePlan plan;
  SPINECHECK_ASSIGN_OR_RETURN(plan.settings, LoadProfile(request.profile));
  SmokeSettings& s = plan.settings;
  // Explicit flags override the profile, through the profile's own keys.
  for (const SmokeOverride& override : request.overrides) {
    if (absl::Status status = ApplySetting(s, override.key, override.value); !status.ok()) {
      return FlagError(override.flag, override.key, status);
    }
  }
  for (const std::string& setting : request.settings) {
    const size_t equals = setting.find('=');
    if (equals == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("--set: expected KEY=VALUE; got '", setting, "'"));
    }
    if (absl::Status status = ApplySetting(s, absl::StripAsciiWhitespace(setting.substr(0, equals)),
                                           absl::StripAsciiWhitespace(setting.substr(equals + 1)));
        !status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--set: ", status.message()));
    }
  }
  plan.per_node = request.per_node;
  absl::StatusOr<std::vector<const DiagCheck*>> checks = BuiltinChecks().Select(s.burn_checks);
  if (!checks.ok()) return absl::InvalidArgumentError(absl::StrCat("burn_checks: ", checks.status().message()));
  plan.checks = *std::move(checks);
  if (s.burn_types != "all") {
    for (absl::string_view name : absl::StrSplit(s.burn_types, ',', absl::SkipEmpty())) {
      absl::StatusOr<GemmType> type = ParseGemmType(absl::StripAsciiWhitespace(name));
      if (!type.ok()) return absl::InvalidArgumentError(absl::StrCat("burn_types: ", type.status().message()));
      plan.gemm_types.push_back(*type);
    }
  }
  absl::StatusOr<std::vector<const CollectiveDefinition*>> collectives =
      BuiltinCollectives().Select(s.sweep_collectives);
  if (!collectives.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--collective: ", collectives.status().message()));
  }
  plan.collectives = *std::move(collectives);
  if (s.sweep_min_bytes > s.sweep_max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("sweep sizes: -b/--minbytes (", FormatByteSize(s.sweep_min_bytes),
                                                   ") is above -e/--maxbytes (", FormatByteSize(s.sweep_max_bytes),
                                                   ")"));
  }
  for (const std::string& text : request.injections) {
    SPINECHECK_RETURN_IF_ERROR(ParseBurnInjection(text, plan.injection));
  }
  const std::string thresholds_path =
      request.thresholds_path.empty() ? DefaultThresholdsPath() : request.thresholds_path;
  absl::StatusOr<Thresholds> thresholds = Thresholds::Load(thresholds_path);
  if (!thresholds.ok()) return absl::InvalidArgumentError(absl::StrCat("--thresholds: ", thresholds.status().message()));
  plan.thresholds = *std::move(thresholds);
  return plan;
}

}  // namespace spinecheck

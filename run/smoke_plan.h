// What `spinecheck smoke` will do, decided before MPI starts: the profile
// with the operator's overrides applied through the profile's keys, every
// name resolved against its registry, the thresholds read, and the budget
// split between the phases. Errors are kInvalidArgument naming the flag or
// key and the accepted values (exit 2 before anything is measured).
#ifndef SPINECHECK_RUN_SMOKE_PLAN_H_
#define SPINECHECK_RUN_SMOKE_PLAN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/collectives/collective.h"
#include "diag/burn_injection.h"
#include "diag/check.h"
#include "diag/thresholds.h"
#include "run/smoke_profile.h"

namespace spinecheck {

// How the budget is split (docs/profiles.md): each phase must end by its
// share of the budget, counted from the start of the process; time a phase
// leaves unused passes to the next. The last 10% is the reserve for writing
// the document and for the launcher to end the job.
inline constexpr double kSmokeInventoryEnd = 0.10;
inline constexpr double kSmokeBurnEnd = 0.50;
inline constexpr double kSmokeSweepEnd = 0.75;
inline constexpr double kSmokeLinksEnd = 0.90;
// The GEMM load takes at most this share of the time left to the burn; the
// memory test (a fixed amount of work) and the result exchange the rest.
inline constexpr double kSmokeGemmShareOfBurn = 0.3;

// One explicit flag: its name (for messages) and the profile key it sets.
struct SmokeOverride {
  std::string flag;   // "--budget"
  std::string key;    // "budget"
  std::string value;  // as given
};

// What the operator asked for.
struct SmokeRequest {
  std::string profile = "smoke";           // a built-in name or a file
  std::vector<SmokeOverride> overrides;    // applied in order after the profile
  std::vector<std::string> settings;       // --set KEY=VALUE, any profile key, applied last
  std::vector<std::string> injections;     // --inject, see diag/burn_injection.h
  std::string thresholds_path;             // empty: the installed thresholds
  bool per_node = false;
};

struct SmokePlan {
  SmokeSettings settings;
  bool per_node = false;
  std::vector<const DiagCheck*> checks;
  std::vector<GemmType> gemm_types;  // empty: every type
  std::vector<const CollectiveDefinition*> collectives;
  BurnInjection injection;
  Thresholds thresholds;
};

absl::StatusOr<SmokePlan> BuildSmokePlan(const SmokeRequest& request);

}  // namespace spinecheck

#endif  // SPINECHECK_RUN_SMOKE_PLAN_H_

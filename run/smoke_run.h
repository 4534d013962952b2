// The phases of `spinecheck smoke`, one after another under the plan's time
// budget: inventory (devices, versions), the burn, the verified sweep (sizes
// that would not fit its share left out), and the links round. Each phase
// runs the runner of its layer (RunBurn, RunSweep, RunLinksPhase) with a
// deadline at its share of the budget (smoke_plan.h, kSmoke*End), and
// reports to the SmokeReport.
#ifndef SPINECHECK_RUN_SMOKE_RUN_H_
#define SPINECHECK_RUN_SMOKE_RUN_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "run/smoke_plan.h"
#include "run/smoke_report.h"
#include "topology/world/world.h"

namespace spinecheck {

// Collective: the phases `plan` enables, the run having started at `start`.
// Links runs on two hosts or more (and never with --per-node), on the
// fabric of `topology_path` (empty: SLURM_TOPOLOGY_ADDR where every host
// has it). Stops at the first error; a phase past its deadline returns
// kDeadlineExceeded.
absl::Status RunSmokePhases(World& world, const SmokePlan& plan, SmokeReport& report, absl::Time start,
                            const std::string& topology_path);

}  // namespace spinecheck

#endif  // SPINECHECK_RUN_SMOKE_RUN_H_

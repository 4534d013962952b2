// Testing faults of `spinecheck burn --inject` (DESIGN.md): they act on the
// real computation of one rank, never on the verdict.
#ifndef SPINECHECK_DIAG_BURN_INJECTION_H_
#define SPINECHECK_DIAG_BURN_INJECTION_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "diag/check.h"

namespace spinecheck {

struct BurnInjection {
  int corrupt_rank = -1;     // corrupt=RANK: flips a bit of that rank's real GEMM output every iteration
  int slow_rank = -1;        // slow=RANK:FACTOR: that rank's measured loops run at FACTOR of their speed
  double slow_factor = 1.0;
  int hang_rank = -1;        // hang=RANK: that rank stops (SIGSTOP) after its first check
};

// Parses one --inject value: "corrupt=2", "slow=1:0.5", "hang=3", or several
// of them comma-separated. kInvalidArgument naming the text and the
// accepted forms (FACTOR must lie in (0, 1]).
absl::Status ParseBurnInjection(absl::string_view text, BurnInjection& injection);

// kInvalidArgument when an injected fault names a rank outside a job of
// `ranks` ranks, or asks for a hang where no other rank would notice it.
absl::Status CheckInjectionFits(const BurnInjection& injection, int ranks);

// The faults that reach the checks of world rank `rank`.
CheckFaults FaultsForRank(const BurnInjection& injection, int rank);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_BURN_INJECTION_H_

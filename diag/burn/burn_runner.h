// The burn phase on every rank, as `burn` and `smoke` run it: each selected
// check on this rank's device, then the retest of suspected throughput
// outliers beside reference peers (confirm before blame), telemetry around
// the whole, and dcgmi diag on the first rank of each host when asked; every
// rank's records reach rank 0 after each step.
#ifndef SPINECHECK_DIAG_BURN_BURN_RUNNER_H_
#define SPINECHECK_DIAG_BURN_BURN_RUNNER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "diag/burn_injection.h"
#include "diag/check.h"
#include "diag/thresholds.h"
#include "reports/model/run_document.h"
#include "topology/device/device.h"
#include "topology/world/world.h"

namespace spinecheck {

struct BurnRunOptions {
  std::vector<const DiagCheck*> checks;  // run in this order
  // Sizes, GEMM load and types. The runner fills in this rank's share:
  // local_ranks, cpu_threads and the injected faults.
  CheckOptions check_options;
  const Thresholds* thresholds = nullptr;  // expected figures per model; null: none
  BurnInjection injection;
  // How long a step waits for every rank. With a deadline (smoke's phase
  // budget): until then, at least 1 s. Otherwise with a phase slack (-T):
  // the step's planned length plus the slack. Otherwise: forever.
  std::optional<absl::Time> deadline;
  absl::Duration phase_slack = absl::ZeroDuration();
  int dcgm_level = 0;  // dcgmi diag -r LEVEL on the first rank of each host; 0: not run
  // The outlier rule's tolerance (BurnVerdictOptions::tolerance): rank 0
  // plans the retest with it (PlanBurnRetests).
  double tolerance = 0.15;
};

// Receives the records as the burn goes. Called on every rank, in the same
// order; the vectors hold every rank's records on rank 0 and are empty
// elsewhere.
class BurnObserver {
 public:
  virtual ~BurnObserver() = default;
  // A step (one check, or one turn of a check that runs one device of a
  // host at a time) starts and should take `planned` (zero: unknown).
  virtual void OnBurnStep(const std::string& step, absl::Duration planned) = 0;
  // One check's results.
  virtual void OnBurnResults(std::vector<BurnResult> results) = 0;
  // One check's retest: the suspects' and the reference peers' new results.
  virtual void OnBurnRetests(std::vector<BurnResult> retests) = 0;
  virtual void OnTelemetry(std::vector<DeviceTelemetry> telemetry) = 0;
  virtual void OnDcgm(std::vector<DcgmResult> results) = 0;
  // Something selected that did not run on some rank, with the reason.
  virtual void OnSkip(const std::string& reason) = 0;
};

// Runs the burn on every rank (collective over `world`). Returns
// kDeadlineExceeded when a step overran its wait (World::missing_at_timeout
// names the late ranks on rank 0), another error every rank agreed on when
// the ranks could not exchange records. Records of the steps before an error
// have already reached the observer. `--inject hang=RANK` stops that rank
// (SIGSTOP) after the first check.
//
// The retest: after the checks, rank 0 finds the throughput outliers of the
// burn's own results and plans their retest (diag/burn_findings.h
// PlanBurnRetests). For each check with a suspect, the suspects and their
// reference peers run it again in one pass, scheduled as the check itself
// (together, or one device of each host at a time), GEMM only in the
// suspect types and for the time each type had. With a deadline, the retest
// takes at most a third of the time left (a check expected to take as long
// as it did the first time; a GEMM retest shortened to fit, down to 0.5 s);
// a check that does not fit is skipped (OnSkip) and its outliers stay
// unconfirmed.
absl::Status RunBurn(World& world, Device& device, const BurnRunOptions& options, BurnObserver& observer);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_BURN_BURN_RUNNER_H_

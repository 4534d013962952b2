// The verdicts of a burn: findings per device from the burn results, the
// telemetry and DCGM, each naming host, device index, UUID and PCI bus id.
//
//   fail  - any mismatch (GEMM, memory, copy); an uncorrectable ECC increase;
//           an XID; a PCIe link below its maximum; a row-remapping failure;
//           a throughput outlier (FindBurnOutliers) that its retest
//           confirmed; a host that shows fewer devices than --expect-devices;
//           a failed DCGM test
//   warn  - a throughput outlier that the retest did not confirm, or that
//           was not re-measured; thermal or power throttling; pending row
//           remapping or page retirement; a throughput below a fraction of
//           the model's published figure; a DCGM warning
//   error - a check that could not run on a device
#ifndef SPINECHECK_DIAG_BURN_FINDINGS_H_
#define SPINECHECK_DIAG_BURN_FINDINGS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "reports/model/run_document.h"

namespace spinecheck {

struct BurnVerdictOptions {
  // A device fails as an outlier below (1 - tolerance) x the median of its
  // peers. 0.15 leaves room for the usual +-5% spread between samples of
  // one model and for clock and thermal variation.
  double tolerance = 0.15;
  int expect_devices = 0;  // devices each host must show; 0: not checked
  // Warn below this fraction of the thresholds.csv figure (published peaks
  // are not reached by any real workload).
  double below_expected_fraction = 0.5;
};

// A device below its peers in one check variant in the burn's own
// measurements: below (1 - tolerance) x the median of the same check,
// variant and device model across the run and, among three or more peers,
// below the group's noise as well (3 robust standard deviations), unless
// below half the median. `result` points into the results searched.
struct BurnOutlier {
  const BurnResult* result = nullptr;
  double median = 0;
  double floor = 0;  // the value it fell below
  size_t peers = 0;  // results in its group, itself included
};
std::vector<BurnOutlier> FindBurnOutliers(const std::vector<BurnResult>& results, double tolerance);

// What the burn measures again before an outlier may fail: per check, its
// suspects and, from each group with a suspect, up to two reference peers
// (the non-suspects nearest the group's median), measured together in one
// pass. An outlier then fails only when it is again below (1 - tolerance) x
// the median of its references' new figures (RunDocument::burn_retests).
struct BurnRetest {
  std::string check;
  std::vector<std::string> variants;  // the suspect variants, in first-seen order
  std::vector<int> suspects;          // world ranks, ascending
  std::vector<int> references;        // world ranks, ascending, none a suspect
};
// Checks without a reference peer are left out (nothing to compare with).
std::vector<BurnRetest> PlanBurnRetests(const std::vector<BurnResult>& results, double tolerance);

// O(R log R) in the number of results R; run on rank 0 over the document.
std::vector<Finding> DeriveBurnFindings(const RunDocument& document, const BurnVerdictOptions& options);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_BURN_FINDINGS_H_

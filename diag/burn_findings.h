// The verdicts of a burn: findings per device from the burn results, the
// telemetry and DCGM, each naming host, device index, UUID and PCI bus id.
//
//   fail  - any mismatch (GEMM, memory, copy); an uncorrectable ECC increase;
//           an XID; a PCIe link below its maximum; a row-remapping failure;
//           a throughput below (1 - tolerance) x the median of the same
//           check, variant and device model across the run (and, among
//           three or more peers, below the group's noise as well); a host that
//           shows fewer devices than --expect-devices; a failed DCGM test
//   warn  - thermal or power throttling; pending row remapping or page
//           retirement; a throughput below a fraction of the model's
//           published figure; a DCGM warning
//   error - a check that could not run on a device
#ifndef SPINECHECK_DIAG_BURN_FINDINGS_H_
#define SPINECHECK_DIAG_BURN_FINDINGS_H_

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

// O(R log R) in the number of results R; run on rank 0 over the document.
std::vector<Finding> DeriveBurnFindings(const RunDocument& document, const BurnVerdictOptions& options);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_BURN_FINDINGS_H_

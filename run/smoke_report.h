// SmokeReport: rank 0's side of `spinecheck smoke`. It keeps the one result
// document of the run (inventory findings, burn results, collective rows,
// link matrices), rewrites it after every phase and every measured row, prints
// a compact summary per phase, and ends with one greppable line per bad
// node (its worst finding) and the verdict.
#ifndef SPINECHECK_RUN_SMOKE_REPORT_H_
#define SPINECHECK_RUN_SMOKE_REPORT_H_

#include <cstdint>
#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/sweep/sweep_runner.h"
#include "diag/burn/burn_runner.h"
#include "diag/burn_findings.h"
#include "reports/model/run_document.h"
#include "run/run_report.h"

namespace spinecheck {

class SmokeReport : public RunReport, public SweepObserver, public BurnObserver {
 public:
  SmokeReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out, BurnVerdictOptions verdict);

  void SetRanks(std::vector<RankInfo> ranks);
  // The sweep's data plane and why, and the NCCL library it loaded.
  void SetBackend(const std::string& backend, const std::string& reason, const std::string& nccl_runtime);
  // Header lines: profile, budget, settings and the device of every rank.
  void PrintHeader();
  void PrintLine(const std::string& line);

  // The phase now running (named by a budget timeout) and the terminal status line.
  void BeginPhase(const std::string& phase, absl::Duration planned);
  std::string CurrentPhase();

  // The inventory's findings, and the links phase's with its map and
  // matrices; each replaces what was set before.
  void SetInventoryFindings(std::vector<Finding> findings);
  void SetLinks(ClusterMap map, LinkMatrices matrices, std::vector<Finding> findings);
  void AddSkipped(const std::string& reason);

  // The burn's results so far (on rank 0; zero elsewhere).
  struct BurnTotals {
    int64_t results = 0;
    int64_t mismatches = 0;  // mismatching elements
  };
  BurnTotals burn_totals();

  // One line for a finished phase: what it measured (`what`), its fail and
  // warn findings so far, and how long it took.
  void PrintPhaseSummary(const std::string& phase, const std::string& what, double seconds);

  // SweepObserver: rows go to the document as they arrive.
  void OnCollectiveStart(const CollectiveDefinition&) override {}
  void OnRow(const CollectiveRow& row) override;
  void OnCollectiveEnd(const CollectiveDefinition&) override {}
  // Sweep and burn skips alike.
  void OnSkip(const std::string& reason) override { AddSkipped(reason); }

  // BurnObserver: a burn step is a phase of the smoke test; records go to
  // the document as they arrive.
  void OnBurnStep(const std::string& step, absl::Duration planned) override { BeginPhase(step, planned); }
  void OnBurnResults(std::vector<BurnResult> results) override;
  void OnBurnRetests(std::vector<BurnResult> retests) override;
  void OnTelemetry(std::vector<DeviceTelemetry> telemetry) override;
  void OnDcgm(std::vector<DcgmResult> results) override;

 protected:
  // One line per bad node, naming its worst finding.
  void PrintFindingLinesLocked() override;

 private:
  std::string phase_;
  // The finding phases, in the order smoke runs them (burn and sweep are
  // rules over their records).
  size_t inventory_phase_;
  size_t links_phase_;
};

// The check prefix of a phase's findings: "inventory." for inventory,
// "burn." for burn, "collective." for sweep, "links." for links.
std::string PhaseCheckPrefix(const std::string& phase);

// Of `findings`, the one that best explains a bad node: fail before error
// before warn; then lost ranks, corrupted data, inventory differences, then
// performance. Null when `findings` is empty.
const Finding* WorstFinding(const std::vector<const Finding*>& findings);

}  // namespace spinecheck

#endif  // SPINECHECK_RUN_SMOKE_REPORT_H_

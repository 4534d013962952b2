// BurnReport: rank 0's side of `spinecheck burn`. It prints one table line
// per device and variant as each check finishes on every rank, adds the
// results to the document (rewritten each time) and ends with the burn
// verdicts of diag/burn_findings.h.
#ifndef SPINECHECK_TOOLS_SPINECHECK_BURN_REPORT_H_
#define SPINECHECK_TOOLS_SPINECHECK_BURN_REPORT_H_

#include <cstdio>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "diag/burn/burn_runner.h"
#include "diag/burn_findings.h"
#include "reports/model/run_document.h"
#include "run/run_report.h"

namespace spinecheck {

class BurnReport : public RunReport, public BurnObserver {
 public:
  BurnReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out, BurnVerdictOptions verdict);

  // Header lines: configuration and the device of every rank.
  void PrintHeader();

  // BurnObserver. A step starts rank 0's terminal status line (nothing
  // unless stdout is a terminal); a skip is printed once.
  void OnBurnStep(const std::string& step, absl::Duration planned) override;
  void OnBurnResults(std::vector<BurnResult> results) override;
  void OnBurnRetests(std::vector<BurnResult> retests) override;
  void OnTelemetry(std::vector<DeviceTelemetry> telemetry) override;
  void OnDcgm(std::vector<DcgmResult> results) override;
  void OnSkip(const std::string& reason) override;

 private:
  std::vector<std::string> printed_skips_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TOOLS_SPINECHECK_BURN_REPORT_H_

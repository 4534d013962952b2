// BurnReport: rank 0's side of `spinecheck burn`. It prints one table line
// per device and variant as each check finishes on every rank, adds the
// results to the document (rewritten each time) and ends with the burn
// verdicts of diag/burn_findings.h.
#ifndef SPINECHECK_TOOLS_SPINECHECK_BURN_REPORT_H_
#define SPINECHECK_TOOLS_SPINECHECK_BURN_REPORT_H_

#include <cstdio>
#include <string>
#include <vector>

#include "diag/burn_findings.h"
#include "reports/model/run_document.h"
#include "tools/spinecheck/run_report.h"

namespace spinecheck {

class BurnReport : public RunReport {
 public:
  BurnReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out, BurnVerdictOptions verdict);

  // Header lines: configuration and the device of every rank.
  void PrintHeader();
  // One check's results from every rank.
  void AddResults(std::vector<BurnResult> results);
  void AddTelemetry(std::vector<DeviceTelemetry> telemetry);
  void AddDcgm(std::vector<DcgmResult> results);
  // Something selected that did not run, with the reason; printed once.
  void AddSkipped(const std::string& reason);

 protected:
  std::vector<Finding> DeriveFindings(const RunDocument& document) const override;

 private:
  BurnVerdictOptions verdict_;
  std::vector<std::string> printed_skips_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TOOLS_SPINECHECK_BURN_REPORT_H_

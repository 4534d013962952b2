// LinksReport: rank 0's side of `spinecheck links`. It prints the plan and
// the progress of the rounds, keeps the fabric map and the matrices in the
// document (rewritten after each phase), prints a per-host summary and the
// map, and ends with the localisation findings.
#ifndef SPINECHECK_TOOLS_SPINECHECK_LINKS_REPORT_H_
#define SPINECHECK_TOOLS_SPINECHECK_LINKS_REPORT_H_

#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

#include "reports/model/fabric.h"
#include "reports/model/run_document.h"
#include "run/run_report.h"

namespace spinecheck {

class LinksReport : public RunReport {
 public:
  LinksReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out);

  void PrintLine(const std::string& line);
  void SetTopology(ClusterMap map);
  // The matrices after the main rounds and again after the retests.
  void SetMatrices(LinkMatrices matrices);
  // The localisation's findings (replacing earlier ones) and the links the
  // DOT graph highlights.
  void SetFindings(std::vector<Finding> findings, std::vector<std::string> highlighted_links);
  // One line per host: median bandwidth to its own leaf and to the others,
  // its slowest pair, median latency; then the map as a tree.
  void PrintSummary();

 private:
  void WriteDotLocked();

  size_t localisation_;  // the finding phase of the localisation
  std::vector<std::string> highlighted_links_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TOOLS_SPINECHECK_LINKS_REPORT_H_

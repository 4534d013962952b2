// The human report of one or several result documents (a sweep, a burn and
// a links run of the same cluster, say) as a single HTML page that works
// offline: inline CSS, inline SVG charts, one small inline script that only
// checks the page, no external URL. Every string from a document is
// HTML-escaped. Sections, with ids for tests and links: #verdict, #actions,
// #nodes, #sweep, #links, #topology, #burn, #environment; a section without
// data says so in one line.
#ifndef SPINECHECK_REPORTS_WRITERS_HTML_REPORT_H_
#define SPINECHECK_REPORTS_WRITERS_HTML_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// The section ids of the page, in page order.
const std::vector<std::string>& HtmlReportSectionIds();

// The page. Deterministic: the same documents give the same bytes.
std::string RenderHtmlReport(const std::vector<RunDocument>& documents);

// Renders the page and writes it to `path` with WriteOutputFile; fails
// with the path and the system's reason.
absl::Status WriteHtmlReport(const std::vector<RunDocument>& documents, const std::string& path);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_HTML_REPORT_H_

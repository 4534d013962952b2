// The sections of the HTML report (html_page.cc puts them together). Each
// returns one complete <section id="..."> element; every string from the
// documents is escaped.
#ifndef SPINECHECK_REPORTS_WRITERS_HTML_SECTIONS_H_
#define SPINECHECK_REPORTS_WRITERS_HTML_SECTIONS_H_

#include <string>
#include <vector>

#include "reports/model/run_document.h"
#include "reports/writers/report_summary.h"

namespace spinecheck {

std::string HtmlVerdictSection(const std::vector<RunDocument>& documents);
std::string HtmlActionsSection(const std::vector<RunDocument>& documents);
std::string HtmlNodesSection(const std::vector<RunDocument>& documents);
std::string HtmlSweepSection(const std::vector<RunDocument>& documents);
std::string HtmlLinksSection(const std::vector<RunDocument>& documents, const BlameMap& blame);
std::string HtmlTopologySection(const std::vector<RunDocument>& documents, const BlameMap& blame);
std::string HtmlBurnSection(const std::vector<RunDocument>& documents, const BlameMap& blame);
std::string HtmlEnvironmentSection(const std::vector<RunDocument>& documents);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_HTML_SECTIONS_H_

// The human report of one or several result documents as Markdown (GitHub
// flavoured tables): the content of the HTML page without charts, for a
// ticket or a wiki. Same sections and order as the page: Verdict, Actions,
// Nodes, Bus bandwidth, Pairwise bandwidth, Topology, GPU burn, Environment;
// a section without data says so in one line. Every string from a document
// goes through MarkdownCell, so no document text can break a table or
// inject HTML.
#ifndef SPINECHECK_REPORTS_WRITERS_MARKDOWN_REPORT_H_
#define SPINECHECK_REPORTS_WRITERS_MARKDOWN_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// The text. Deterministic: the same documents give the same bytes.
std::string RenderMarkdownReport(const std::vector<RunDocument>& documents);

// Renders the text and writes it to `path` with WriteOutputFile; fails
// with the path and the system's reason.
absl::Status WriteMarkdownReport(const std::vector<RunDocument>& documents, const std::string& path);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_MARKDOWN_REPORT_H_

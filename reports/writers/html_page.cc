// The page skeleton of the HTML report: head with the inline stylesheet, the
// sections in order, and the inline script that checks them.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "reports/model/run_document.h"
#include "reports/writers/html_report.h"
#include "reports/writers/html_sections.h"
#include "reports/writers/output_file.h"
#include "reports/writers/report_format.h"
#include "reports/writers/report_summary.h"

namespace spinecheck {
namespace {

// System fonts only: the page must render offline.
constexpr char kStyle[] = R"css(
:root { --fail: #c62828; --warn: #b26a00; --error: #6a1b9a; --pass: #2e7d32; --line: #d0d4da; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 0 auto;
       max-width: 1400px; padding: 16px 24px 48px; color: #1d2127; background: #fff; }
header h1 { font-size: 20px; margin: 0 0 4px; }
header p { margin: 0; color: #5a6270; }
h2 { font-size: 17px; border-bottom: 2px solid var(--line); padding-bottom: 4px; margin: 28px 0 10px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f1f3f6; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.mono, table.burn td, table.telemetry td, table.environment td { white-space: nowrap; }
table.burn td:last-child { white-space: normal; min-width: 12em; }
td.mono, code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
td.host { font-weight: 600; white-space: nowrap; }
tr.st-fail td { background: #fdecea; }
tr.st-error td { background: #f3e5f5; }
tr.st-warn td { background: #fff4e0; }
td.st-fail { background: #fdecea; color: var(--fail); font-weight: 600; }
td.st-warn { background: #fff4e0; }
tr.blamed td.mono { color: var(--fail); font-weight: 600; }
td.differs { background: #fff3b0; font-weight: 600; outline: 2px solid #e0b000; outline-offset: -2px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px; font-weight: 600;
         color: #fff; background: #7a828f; }
.badge.st-fail, .badge.st-timeout { background: var(--fail); }
.badge.st-error, .badge.st-usage, .badge.st-incomplete { background: var(--error); }
.badge.st-warn { background: var(--warn); }
.badge.st-pass { background: var(--pass); }
.banner { margin-top: 16px; padding: 12px 18px; border-radius: 6px; color: #fff; background: #7a828f; }
.banner.st-fail, .banner.st-timeout { background: var(--fail); }
.banner.st-error, .banner.st-usage, .banner.st-incomplete { background: var(--error); }
.banner.st-pass { background: var(--pass); }
.banner .headline { font-size: 26px; font-weight: 700; }
.banner .exit { font-size: 15px; font-weight: 400; margin-left: 12px; }
.banner ul.counts { list-style: none; display: flex; flex-wrap: wrap; gap: 18px; padding: 0; margin: 6px 0; }
.banner ul.runs { margin: 4px 0 0; padding-left: 18px; font-size: 13px; opacity: 0.95; }
.banner .nodata { color: #fff; }
.nodata { color: #5a6270; font-style: italic; }
.measure { color: #3b4250; }
.action { color: #0d47a1; }
.source { color: #5a6270; }
ul.findings, table.drain ul { padding-left: 18px; margin: 2px 0; }
details { font-size: 12px; }
figure { margin: 8px 0 18px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
figcaption .note { font-weight: 400; color: #5a6270; }
.scroll { overflow-x: auto; }
svg text { font: 11px system-ui, "DejaVu Sans", sans-serif; fill: #1d2127; }
svg .frame { fill: #fafbfc; stroke: #9aa1ab; }
svg .grid { stroke: #e3e6ea; }
svg .grid.minor { stroke: #f1f3f5; }
svg .tick { fill: #5a6270; }
svg .axis { font-size: 12px; }
svg .series { fill: none; stroke-width: 2; }
svg .band { fill: #90caf9; fill-opacity: 0.35; stroke: none; }
svg .expected { fill: none; stroke: #1565c0; stroke-width: 1.5; stroke-dasharray: 6 4; }
svg rect.cell { stroke: #ffffff; stroke-width: 0.5; }
svg rect.cell.blamed { stroke: #000; stroke-width: 2.5; }
svg text.host.blamed { fill: var(--fail); font-weight: 700; }
svg text.host.blamed.warn { fill: var(--warn); }
svg .leaf-split { stroke: #1d2127; stroke-width: 1.5; }
svg .edge { stroke: #9aa1ab; stroke-width: 1.5; }
svg .edge.blamed { stroke: var(--fail); stroke-width: 4; stroke-dasharray: 8 4; }
svg .edge.blamed.warn { stroke: var(--warn); }
svg .switch rect { fill: #e3f2fd; stroke: #1565c0; }
svg .node rect { fill: #eceff1; stroke: #455a64; }
svg .blamed.fail rect { fill: #ffcdd2; stroke: var(--fail); stroke-width: 2.5; }
svg .blamed.warn rect { fill: #ffe0b2; stroke: var(--warn); stroke-width: 2; }
svg g.blamed text { fill: var(--fail); font-weight: 700; }
svg g.blamed.warn text { fill: var(--warn); }
ul.notes { color: #5a6270; font-size: 12px; padding-left: 18px; }
@media print { th { position: static; } .scroll { overflow: visible; } }
)css";

// Sets data-report-check="ok" on <body> when every section is present (or
// "missing:<ids>"), so that a headless browser's dumped DOM shows the page
// loaded and ran. It changes nothing else.
std::string CheckScript() {
  std::vector<std::string> quoted;
  for (const std::string& id : HtmlReportSectionIds()) quoted.push_back(absl::StrCat("'", id, "'"));
  return absl::StrCat(
      "<script>\n(function () {\n  var ids = [", absl::StrJoin(quoted, ", "),
      "];\n  var missing = ids.filter(function (id) { return !document.getElementById(id); });\n"
      "  document.body.setAttribute('data-report-check', missing.length ? 'missing:' + missing.join(',') : 'ok');\n"
      "})();\n</script>\n");
}

}  // namespace

const std::vector<std::string>& HtmlReportSectionIds() {
  static const std::vector<std::string> kIds = {"verdict", "actions", "nodes",  "sweep",
                                                "links",   "topology", "burn", "environment"};
  return kIds;
}

std::string RenderHtmlReport(const std::vector<RunDocument>& documents) {
  const BlameMap blame = CollectBlame(documents);
  std::vector<std::string> labels;
  for (const RunDocument& document : documents) labels.push_back(DocumentLabel(document));
  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>spinecheck report</title>\n<style>",
      kStyle, "</style>\n</head>\n<body>\n<header>\n<h1>spinecheck report</h1>\n<p>",
      documents.size(), documents.size() == 1 ? " result document: " : " result documents: ",
      HtmlEscape(absl::StrJoin(labels, "; ")), "</p>\n</header>\n<main>\n");
  absl::StrAppend(&html, HtmlVerdictSection(documents), HtmlActionsSection(documents), HtmlNodesSection(documents),
                  HtmlSweepSection(documents), HtmlLinksSection(documents, blame),
                  HtmlTopologySection(documents, blame), HtmlBurnSection(documents, blame),
                  HtmlEnvironmentSection(documents));
  absl::StrAppend(&html, "</main>\n", CheckScript(), "</body>\n</html>\n");
  return html;
}

absl::Status WriteHtmlReport(const std::vector<RunDocument>& documents, const std::string& path) {
  return WriteOutputFile(path, RenderHtmlReport(documents));
}

}  // namespace spinecheck

#include "reports/writers/html_sections.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "reports/model/units.h"
#include "reports/writers/heatmap.h"
#include "reports/writers/report_format.h"
#include "reports/writers/svg_chart.h"
#include "reports/writers/topology_tree.h"

namespace spinecheck {
namespace {

std::string Open(const char* id, const char* title) {
  return absl::StrCat("<section id=\"", id, "\">\n<h2>", title, "</h2>\n");
}

std::string NoData(const char* what) { return absl::StrCat("<p class=\"nodata\">", what, "</p>\n"); }

std::string Cell(const std::string& text, const std::string& klass = "") {
  if (klass.empty()) return absl::StrCat("<td>", HtmlEscape(text), "</td>");
  return absl::StrCat("<td class=\"", klass, "\">", HtmlEscape(text), "</td>");
}

std::string HeaderRow(const std::vector<std::string>& titles) {
  std::string row = "<tr>";
  for (const std::string& title : titles) absl::StrAppend(&row, "<th>", HtmlEscape(title), "</th>");
  return absl::StrCat(row, "</tr>\n");
}

std::string StatusBadge(const std::string& status) {
  return absl::StrCat("<span class=\"badge st-", HtmlEscape(status), "\">", HtmlEscape(status), "</span>");
}

std::string DescribeFindingHtml(const std::string& command, const Finding& finding) {
  std::string html = absl::StrCat("<li>", StatusBadge(std::string(SeverityName(finding.severity))), " <code>", HtmlEscape(finding.check),
                                  "</code> <span class=\"source\">(", HtmlEscape(command), ")</span> ",
                                  HtmlEscape(finding.message));
  const std::string measurement = DescribeMeasurement(finding);
  if (!measurement.empty()) absl::StrAppend(&html, "<br><span class=\"measure\">", HtmlEscape(measurement), "</span>");
  if (!finding.action.empty()) {
    absl::StrAppend(&html, "<br><span class=\"action\">Action: ", HtmlEscape(finding.action), "</span>");
  }
  if (!finding.evidence.empty()) {
    absl::StrAppend(&html, "<details><summary>evidence (", finding.evidence.size(), ")</summary><ul class=\"evidence\">");
    for (const std::string& line : finding.evidence) absl::StrAppend(&html, "<li>", HtmlEscape(line), "</li>");
    absl::StrAppend(&html, "</ul></details>");
  }
  return absl::StrCat(html, "</li>\n");
}

}  // namespace

std::string HtmlVerdictSection(const std::vector<RunDocument>& documents) {
  const ReportVerdict verdict = SummarizeVerdict(documents);
  std::string html = absl::StrCat("<section id=\"verdict\" class=\"banner st-", HtmlEscape(verdict.status),
                                  "\" data-status=\"", HtmlEscape(verdict.status), "\" data-exit-code=\"",
                                  static_cast<int>(verdict.exit_code), "\">\n");
  absl::StrAppend(&html, "<div class=\"headline\">", HtmlEscape(absl::AsciiStrToUpper(verdict.status)),
                  " <span class=\"exit\">exit code ", static_cast<int>(verdict.exit_code), "</span></div>\n");
  const ReportCounts& c = verdict.counts;
  absl::StrAppend(&html, "<ul class=\"counts\">", "<li><b>", c.nodes, "</b> nodes</li><li><b>", c.gpus,
                  "</b> GPUs</li><li><b>", c.links_tested, "</b> links tested</li><li class=\"n-fail\"><b>", c.failed,
                  "</b> failed</li><li class=\"n-warn\"><b>", c.warned, "</b> warned</li><li class=\"n-error\"><b>",
                  c.could_not_test, "</b> could not test</li></ul>\n");
  if (documents.empty()) absl::StrAppend(&html, NoData("No result documents were given."));
  absl::StrAppend(&html, "<ul class=\"runs\">");
  for (const std::string& line : verdict.lines) absl::StrAppend(&html, "<li>", HtmlEscape(line), "</li>");
  absl::StrAppend(&html, "</ul>\n</section>\n");
  return html;
}

std::string HtmlActionsSection(const std::vector<RunDocument>& documents) {
  std::string html = Open("actions", "Actions");
  const std::vector<DrainEntry> drain = BuildDrainList(documents);
  if (drain.empty()) {
    absl::StrAppend(&html, NoData("Nothing to drain."));
  } else {
    absl::StrAppend(&html, "<table class=\"drain\">\n", HeaderRow({"Drain host", "Why"}));
    for (const DrainGroup& group : GroupDrainList(drain)) {
      absl::StrAppend(&html, "<tr class=\"st-fail\"><td class=\"host\">");
      for (const std::string& host : group.hosts) {
        absl::StrAppend(&html, "<div data-drain=\"", HtmlEscape(host), "\">", HtmlEscape(host), "</div>");
      }
      absl::StrAppend(&html, "</td><td><ul>");
      for (const SourcedFinding& reason : group.reasons) {
        absl::StrAppend(&html, DescribeFindingHtml(reason.command, *reason.finding));
      }
      absl::StrAppend(&html, "</ul></td></tr>\n");
    }
    absl::StrAppend(&html, "</table>\n");
  }
  const std::vector<SourcedFinding> other = OtherFindings(documents);
  if (!other.empty()) {
    absl::StrAppend(&html, "<h3>Other findings</h3>\n<ul class=\"findings\">\n");
    for (const SourcedFinding& finding : other) absl::StrAppend(&html, DescribeFindingHtml(finding.command, *finding.finding));
    absl::StrAppend(&html, "</ul>\n");
  }
  return absl::StrCat(html, "</section>\n");
}

std::string HtmlNodesSection(const std::vector<RunDocument>& documents) {
  std::string html = Open("nodes", "Nodes");
  const NodeTable table = BuildNodeTable(documents);
  if (table.rows.empty()) return absl::StrCat(html, NoData("No hosts in these documents."), "</section>\n");
  std::vector<std::string> titles = {"Host", "Status", "Drain"};
  for (const std::string& family : table.families) titles.push_back(family);
  absl::StrAppend(&html, "<table class=\"nodes\">\n", HeaderRow(titles));
  for (const NodeRow& row : table.rows) {
    absl::StrAppend(&html, "<tr class=\"st-", row.status, "\" data-host=\"", HtmlEscape(row.host), "\">",
                    Cell(row.host, "host"), "<td>", StatusBadge(row.status), "</td>", Cell(row.drain ? "drain" : ""));
    for (const std::string& family : table.families) {
      const auto it = row.counts.find(family);
      absl::StrAppend(&html, Cell(it == row.counts.end() ? "" : NodeCountsText(it->second)));
    }
    absl::StrAppend(&html, "</tr>\n");
  }
  return absl::StrCat(html, "</table>\n</section>\n");
}

std::string HtmlSweepSection(const std::vector<RunDocument>& documents) {
  std::string html = Open("sweep", "Bus bandwidth against message size");
  const std::vector<SweepChart> charts = BuildSweepCharts(documents);
  if (charts.empty()) return absl::StrCat(html, NoData("No collective sweep in these documents."), "</section>\n");
  for (const SweepChart& chart : charts) {
    absl::StrAppend(&html, "<figure class=\"sweep-chart\" data-key=\"", HtmlEscape(chart.key), "\">\n<figcaption>",
                    HtmlEscape(chart.key));
    if (!chart.band.empty()) {
      absl::StrAppend(&html, " <span class=\"note\">baseline ", HtmlEscape(chart.band.front().platform), "</span>");
    }
    absl::StrAppend(&html, "</figcaption>\n", RenderBusbwChartSvg(chart), "</figure>\n");
  }
  return absl::StrCat(html, "</section>\n");
}

std::string HtmlLinksSection(const std::vector<RunDocument>& documents, const BlameMap& blame) {
  std::string html = Open("links", "Pairwise bandwidth");
  bool any = false;
  for (const RunDocument& document : documents) {
    if (!document.links) continue;
    any = true;
    const LinkMatrices& links = *document.links;
    absl::StrAppend(&html, "<figure class=\"links-heatmap\">\n<figcaption>", HtmlEscape(DocumentLabel(document)), ": ",
                    links.size(), " hosts, ", HtmlEscape(links.schedule), " schedule, ", links.rounds, " rounds + ",
                    links.retest_rounds, " retest rounds, ", HtmlEscape(FormatSizeLabel(links.bandwidth_bytes)),
                    " messages, bidirectional GB/s");
    if (!links.unreachable.empty()) {
      absl::StrAppend(&html, "; unreachable: <span class=\"blamed fail\">",
                      HtmlEscape(absl::StrJoin(links.unreachable, ", ")), "</span>");
    }
    absl::StrAppend(&html, "</figcaption>\n<div class=\"scroll\">", RenderLinkHeatmapSvg(links, document.topology, blame),
                    "</div></figure>\n");
  }
  if (!any) absl::StrAppend(&html, NoData("No link matrices in these documents."));
  return absl::StrCat(html, "</section>\n");
}

std::string HtmlTopologySection(const std::vector<RunDocument>& documents, const BlameMap& blame) {
  std::string html = Open("topology", "Topology");
  const std::vector<const ClusterMap*> topologies = DistinctTopologies(documents);
  for (const ClusterMap* topology : topologies) {
    const ClusterMap& map = *topology;
    absl::StrAppend(&html, "<figure class=\"topology-tree\">\n<figcaption>", HtmlEscape(map.source), ": ",
                    map.switches.size(), " switches, ", map.hosts.size(), " hosts, ", map.links.size(),
                    " cables</figcaption>\n<div class=\"scroll\">", RenderTopologyTreeSvg(map, blame),
                    "</div></figure>\n");
  }
  if (topologies.empty()) absl::StrAppend(&html, NoData("No fabric map in these documents."));
  return absl::StrCat(html, "</section>\n");
}

std::string HtmlBurnSection(const std::vector<RunDocument>& documents, const BlameMap& blame) {
  std::string html = Open("burn", "GPU burn");
  bool any_burn = false, any_telemetry = false;
  for (const RunDocument& document : documents) {
    any_burn = any_burn || !document.burn_results.empty();
    any_telemetry = any_telemetry || !document.telemetry.empty();
  }
  if (!any_burn && !any_telemetry) return absl::StrCat(html, NoData("No burn results in these documents."), "</section>\n");
  if (any_burn) {
    absl::StrAppend(&html, "<table class=\"burn\">\n",
                    HeaderRow({"Host", "Index", "UUID", "PCI bus id", "Model", "Check", "Variant", "Value", "Unit",
                               "Expected", "Mismatches", "Status"}));
    for (const RunDocument& document : documents) {
      for (const BurnResult& r : document.burn_results) {
        std::string state = BurnRecordState(document, r);
        const std::string blamed = BlameMap::Of(blame.gpus, r.device.uuid);
        if (SeverityRank(blamed) > SeverityRank(state)) state = blamed;
        absl::StrAppend(&html, "<tr class=\"st-", state, blamed.empty() ? "" : " blamed", "\" data-uuid=\"",
                        HtmlEscape(r.device.uuid), "\">", Cell(r.host, "host"), Cell(absl::StrCat(r.device.index)),
                        Cell(r.device.uuid, "mono"), Cell(r.device.pci_bus_id, "mono"), Cell(r.device.model),
                        Cell(r.check), Cell(r.variant), Cell(r.status == BurnStatus::kMeasured ? FormatNumber(r.value) : "—", "num"),
                        Cell(r.unit), Cell(r.expected > 0 ? FormatNumber(r.expected) : "—", "num"),
                        Cell(r.mismatches ? absl::StrCat(*r.mismatches) : "not verified", "num"),
                        "<td>", StatusBadge(state), " ", HtmlEscape(BurnStatusText(r)), "</td></tr>\n");
      }
    }
    absl::StrAppend(&html, "</table>\n");
  }
  absl::StrAppend(&html, "<h3>Telemetry</h3>\n");
  if (!any_telemetry) return absl::StrCat(html, NoData("No telemetry in these documents."), "</section>\n");
  absl::StrAppend(&html, "<table class=\"telemetry\">\n",
                  HeaderRow({"Host", "Index", "UUID", "Max temp (C)", "Max power (W)", "Throttle reasons",
                             "ECC corrected", "ECC uncorrected", "XIDs", "PCIe (current of max)"}));
  for (const RunDocument& document : documents) {
    for (const DeviceTelemetry& t : document.telemetry) {
      absl::StrAppend(&html, "<tr data-uuid=\"", HtmlEscape(t.device.uuid), "\">", Cell(t.host, "host"),
                      Cell(absl::StrCat(t.device.index)), Cell(t.device.uuid, "mono"));
      if (!t.available) {
        absl::StrAppend(&html, "<td colspan=\"7\" class=\"nodata\">unavailable: ", HtmlEscape(t.reason), "</td></tr>\n");
        continue;
      }
      const std::string uncorrected = CounterDelta(t.ecc_uncorrected_before, t.ecc_uncorrected_after);
      const bool pcie_low = t.pcie_gen_max > 0 && (t.pcie_gen_current < t.pcie_gen_max || t.pcie_width_current < t.pcie_width_max);
      absl::StrAppend(
          &html, Cell(FormatNumber(t.temperature_max_c), "num"),
          Cell(absl::StrCat(FormatNumber(t.power_max_w), " of ", FormatNumber(t.power_limit_w)), "num"),
          Cell(t.throttle_reasons.empty() ? "none" : absl::StrJoin(t.throttle_reasons, ", "),
               t.throttle_reasons.empty() ? "" : "st-warn"),
          Cell(CounterDelta(t.ecc_corrected_before, t.ecc_corrected_after), "num"),
          Cell(uncorrected, uncorrected.rfind('+', 0) == 0 ? "num st-fail" : "num"),
          Cell(t.xid_events.empty() ? "none" : absl::StrJoin(t.xid_events, ", "), t.xid_events.empty() ? "" : "st-fail"),
          Cell(PcieText(t), pcie_low ? "st-fail" : ""), "</tr>\n");
    }
  }
  return absl::StrCat(html, "</table>\n</section>\n");
}

std::string HtmlEnvironmentSection(const std::vector<RunDocument>& documents) {
  std::string html = Open("environment", "Environment");
  const EnvironmentTable table = BuildEnvironmentTable(documents);
  if (table.rows.empty()) return absl::StrCat(html, NoData("No hosts in these documents."), "</section>\n");
  std::vector<std::string> titles = {"Host"};
  titles.insert(titles.end(), table.columns.begin(), table.columns.end());
  absl::StrAppend(&html, "<table class=\"environment\">\n", HeaderRow(titles));
  for (const EnvironmentTable::Row& row : table.rows) {
    absl::StrAppend(&html, "<tr data-host=\"", HtmlEscape(row.host), "\">", Cell(row.host, "host"));
    for (size_t i = 0; i < row.values.size(); ++i) {
      absl::StrAppend(&html, Cell(row.values[i].empty() ? "—" : row.values[i], row.differs[i] ? "differs" : ""));
    }
    absl::StrAppend(&html, "</tr>\n");
  }
  absl::StrAppend(&html, "</table>\n<ul class=\"notes\">");
  for (const std::string& note : table.notes) absl::StrAppend(&html, "<li>", HtmlEscape(note), "</li>");
  return absl::StrCat(html, "<li>Highlighted values differ from the majority of hosts.</li></ul>\n</section>\n");
}

}  // namespace spinecheck

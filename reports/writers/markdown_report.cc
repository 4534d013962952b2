#include "reports/writers/markdown_report.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "reports/writers/output_file.h"
#include "reports/writers/report_format.h"
#include "reports/writers/report_summary.h"

namespace spinecheck {
namespace {

// Pair matrices up to this many hosts are printed whole; larger ones as a
// list of the slowest pairs.
constexpr size_t kMaxMatrixHosts = 16;
constexpr size_t kSlowestPairs = 20;

std::string Row(const std::vector<std::string>& cells) {
  std::string line = "|";
  for (const std::string& cell : cells) absl::StrAppend(&line, " ", cell, " |");
  return absl::StrCat(line, "\n");
}

// A header row (titles escaped) and its separator.
std::string Header(const std::vector<std::string>& titles) {
  std::vector<std::string> escaped, rule;
  for (const std::string& title : titles) {
    escaped.push_back(MarkdownCell(title));
    rule.push_back("---");
  }
  return absl::StrCat(Row(escaped), Row(rule));
}

std::string Bold(const std::string& escaped) { return absl::StrCat("**", escaped, "**"); }

void AppendVerdict(const std::vector<RunDocument>& documents, std::string& out) {
  const ReportVerdict verdict = SummarizeVerdict(documents);
  absl::StrAppend(&out, "## Verdict\n\n", Bold(MarkdownCell(absl::AsciiStrToUpper(verdict.status))), ", exit code ",
                  static_cast<int>(verdict.exit_code), "\n\n");
  const ReportCounts& c = verdict.counts;
  absl::StrAppend(&out, Header({"Nodes", "GPUs", "Links tested", "Failed", "Warned", "Could not test"}),
                  Row({absl::StrCat(c.nodes), absl::StrCat(c.gpus), absl::StrCat(c.links_tested),
                       absl::StrCat(c.failed), absl::StrCat(c.warned), absl::StrCat(c.could_not_test)}),
                  "\n");
  if (documents.empty()) absl::StrAppend(&out, "No result documents were given.\n\n");
  for (const std::string& line : verdict.lines) absl::StrAppend(&out, "- ", MarkdownCell(line), "\n");
  if (!verdict.lines.empty()) absl::StrAppend(&out, "\n");
}

void AppendActions(const std::vector<RunDocument>& documents, std::string& out) {
  absl::StrAppend(&out, "## Actions\n\n");
  const std::vector<DrainEntry> drain = BuildDrainList(documents);
  if (drain.empty()) {
    absl::StrAppend(&out, "Nothing to drain.\n\n");
  } else {
    absl::StrAppend(&out, Header({"Drain host", "Check", "Why", "Measured", "Action"}));
    for (const DrainGroup& group : GroupDrainList(drain)) {
      const std::string hosts = Bold(MarkdownCell(absl::StrJoin(group.hosts, ", ")));
      if (group.reasons.empty()) absl::StrAppend(&out, Row({hosts, "—", "—", "—", "—"}));
      for (const SourcedFinding& reason : group.reasons) {
        const Finding& f = *reason.finding;
        absl::StrAppend(&out, Row({hosts, MarkdownCell(absl::StrCat(reason.command, ": ", f.check)),
                                   MarkdownCell(f.message), MarkdownCell(DescribeMeasurement(f)),
                                   MarkdownCell(f.action)}));
      }
    }
    absl::StrAppend(&out, "\n");
  }
  const std::vector<SourcedFinding> other = OtherFindings(documents);
  if (other.empty()) return;
  absl::StrAppend(&out, "### Other findings\n\n",
                  Header({"Severity", "Check", "Component", "Message", "Measured", "Action"}));
  for (const SourcedFinding& sourced : other) {
    const Finding& f = *sourced.finding;
    absl::StrAppend(&out, Row({MarkdownCell(SeverityName(f.severity)), MarkdownCell(absl::StrCat(sourced.command, ": ", f.check)),
                               MarkdownCell(absl::StrCat(ComponentKindName(f.component.kind), " ", f.component.id)),
                               MarkdownCell(f.message), MarkdownCell(DescribeMeasurement(f)), MarkdownCell(f.action)}));
  }
  absl::StrAppend(&out, "\n");
}

void AppendNodes(const std::vector<RunDocument>& documents, std::string& out) {
  absl::StrAppend(&out, "## Nodes\n\n");
  const NodeTable table = BuildNodeTable(documents);
  if (table.rows.empty()) {
    absl::StrAppend(&out, "No hosts in these documents.\n\n");
    return;
  }
  std::vector<std::string> titles = {"Host", "Status", "Drain"};
  titles.insert(titles.end(), table.families.begin(), table.families.end());
  absl::StrAppend(&out, Header(titles));
  for (const NodeRow& row : table.rows) {
    std::vector<std::string> cells = {MarkdownCell(row.host), MarkdownCell(row.status), row.drain ? "drain" : "—"};
    for (const std::string& family : table.families) {
      const auto it = row.counts.find(family);
      cells.push_back(MarkdownCell(it == row.counts.end() ? "" : NodeCountsText(it->second)));
    }
    absl::StrAppend(&out, Row(cells));
  }
  absl::StrAppend(&out, "\n");
}

void AppendSweep(const std::vector<RunDocument>& documents, std::string& out) {
  absl::StrAppend(&out, "## Bus bandwidth against message size\n\n");
  const std::vector<SweepChart> charts = BuildSweepCharts(documents);
  if (charts.empty()) {
    absl::StrAppend(&out, "No collective sweep in these documents.\n\n");
    return;
  }
  for (const SweepChart& chart : charts) {
    absl::StrAppend(&out, "### ", MarkdownCell(chart.key), "\n\nOut-of-place busbw, GB/s.\n\n");
    std::vector<uint64_t> sizes;
    for (const SweepSeries& series : chart.series) {
      for (const auto& point : series.points) sizes.push_back(point.first);
    }
    for (const Expectation& band : chart.band) sizes.push_back(band.size_bytes);
    std::sort(sizes.begin(), sizes.end());
    sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
    std::vector<std::string> titles = {"Size"};
    for (const SweepSeries& series : chart.series) titles.push_back(series.label);
    if (!chart.band.empty()) {
      titles.push_back("Expected");
      titles.push_back("Baseline low..high");
    }
    absl::StrAppend(&out, Header(titles));
    for (const uint64_t size : sizes) {
      std::vector<std::string> cells = {MarkdownCell(FormatSizeLabel(size))};
      for (const SweepSeries& series : chart.series) {
        const auto it = std::find_if(series.points.begin(), series.points.end(),
                                     [size](const auto& point) { return point.first == size; });
        cells.push_back(it == series.points.end() ? "—" : FormatNumber(it->second));
      }
      if (!chart.band.empty()) {
        const auto band = std::find_if(chart.band.begin(), chart.band.end(),
                                       [size](const Expectation& e) { return e.size_bytes == size; });
        cells.push_back(band == chart.band.end() ? "—" : FormatNumber(band->expected));
        cells.push_back(band == chart.band.end() ? "—"
                                                 : absl::StrCat(FormatNumber(band->low), "..", FormatNumber(band->high)));
      }
      absl::StrAppend(&out, Row(cells));
    }
    absl::StrAppend(&out, "\n");
  }
}

void AppendLinks(const std::vector<RunDocument>& documents, const BlameMap& blame, std::string& out) {
  absl::StrAppend(&out, "## Pairwise bandwidth\n\n");
  bool any = false;
  for (const RunDocument& document : documents) {
    if (!document.links) continue;
    any = true;
    const LinkMatrices& links = *document.links;
    const size_t n = links.size();
    absl::StrAppend(&out, "### ", MarkdownCell(DocumentLabel(document)), "\n\n", n, " hosts, ",
                    MarkdownCell(links.schedule), " schedule, ", links.rounds, " rounds + ", links.retest_rounds,
                    " retest rounds, ", FormatSizeLabel(links.bandwidth_bytes),
                    " messages; bidirectional bandwidth in GB/s; **bold**: pair or host blamed by a finding.\n\n");
    if (!links.unreachable.empty()) {
      absl::StrAppend(&out, "Unreachable: ", MarkdownCell(absl::StrJoin(links.unreachable, ", ")), "\n\n");
    }
    if (links.bibw_gbps.size() != n * n) continue;
    const auto ordered = HostsByLeaf(links.hosts, document.topology);
    std::map<std::string, std::string> leaf_of(ordered.begin(), ordered.end());
    auto index_of = [&](const std::string& host) {
      return static_cast<size_t>(std::find(links.hosts.begin(), links.hosts.end(), host) - links.hosts.begin());
    };
    auto host_cell = [&](const std::string& host) {
      const std::string cell = MarkdownCell(host);
      return BlameMap::Of(blame.hosts, host).empty() ? cell : Bold(cell);
    };
    if (n <= kMaxMatrixHosts) {
      std::vector<std::string> header = {"Host", "Leaf"};
      for (const auto& [host, leaf] : ordered) header.push_back(host_cell(host));
      std::vector<std::string> rule(header.size(), "---");
      absl::StrAppend(&out, Row(header), Row(rule));
      for (const auto& [a, leaf_a] : ordered) {
        std::vector<std::string> cells = {host_cell(a), MarkdownCell(leaf_a)};
        for (const auto& [b, leaf_b] : ordered) {
          const float value = links.bibw(index_of(a), index_of(b));
          const std::string text = std::isnan(value) ? "—" : FormatNumber(value);
          cells.push_back(a != b && !blame.OfPairOnMap(a, leaf_a, b, leaf_b).empty() ? Bold(text) : text);
        }
        absl::StrAppend(&out, Row(cells));
      }
    } else {
      std::vector<std::tuple<float, size_t, size_t>> pairs;
      for (size_t i = 0; i < n; ++i) {
        for (size_t j = i + 1; j < n; ++j) {
          if (!std::isnan(links.bibw(i, j))) pairs.emplace_back(links.bibw(i, j), i, j);
        }
      }
      std::sort(pairs.begin(), pairs.end());
      absl::StrAppend(&out, "The ", std::min(pairs.size(), kSlowestPairs), " slowest of ", pairs.size(),
                      " measured pairs:\n\n", Header({"Pair", "GB/s", "Latency (us)"}));
      for (size_t k = 0; k < pairs.size() && k < kSlowestPairs; ++k) {
        const auto& [value, i, j] = pairs[k];
        const std::string pair = MarkdownCell(absl::StrCat(links.hosts[i], "<->", links.hosts[j]));
        const std::string& a = links.hosts[i];
        const std::string& b = links.hosts[j];
        const bool blamed = !blame.OfPairOnMap(a, leaf_of[a], b, leaf_of[b]).empty();
        absl::StrAppend(&out, Row({blamed ? Bold(pair) : pair,
                                   FormatNumber(value),
                                   links.latency_us.size() == n * n ? FormatNumber(links.latency(i, j)) : "—"}));
      }
    }
    absl::StrAppend(&out, "\n");
  }
  if (!any) absl::StrAppend(&out, "No link matrices in these documents.\n\n");
}

void AppendTopology(const std::vector<RunDocument>& documents, const BlameMap& blame, std::string& out) {
  absl::StrAppend(&out, "## Topology\n\n");
  const std::vector<const ClusterMap*> topologies = DistinctTopologies(documents);
  for (const ClusterMap* topology : topologies) {
    const ClusterMap& map = *topology;
    absl::StrAppend(&out, "Source: ", MarkdownCell(map.source), "\n\n",
                    Header({"Switch", "Level", "Uplinks to", "Hosts below", "Blamed"}));
    for (const FabricSwitch& fabric_switch : map.switches) {
      std::vector<std::string> below;
      for (const FabricHost& host : map.hosts) {
        if (std::find(host.switches.begin(), host.switches.end(), fabric_switch.name) != host.switches.end()) {
          const std::string severity = BlameMap::Of(blame.hosts, host.name);
          below.push_back(severity.empty() ? host.name : absl::StrCat(host.name, " (", severity, ")"));
        }
      }
      std::vector<std::string> blamed;
      if (const std::string s = BlameMap::Of(blame.switches, fabric_switch.name); !s.empty()) blamed.push_back(s);
      for (const FabricLink& cable : map.links) {
        if (cable.lower != fabric_switch.name) continue;
        const std::string id = FabricLinkId(cable.lower, cable.upper);
        if (const std::string s = BlameMap::Of(blame.links, id); !s.empty()) {
          blamed.push_back(absl::StrCat("uplink ", id, " (", s, ")"));
        }
      }
      absl::StrAppend(&out, Row({MarkdownCell(fabric_switch.name), absl::StrCat(fabric_switch.level),
                                 MarkdownCell(absl::StrJoin(fabric_switch.parents, ", ")),
                                 MarkdownCell(absl::StrJoin(below, ", ")), MarkdownCell(absl::StrJoin(blamed, "; "))}));
    }
    std::vector<std::string> blamed_host_cables;
    for (const FabricLink& cable : map.links) {
      const bool from_host = std::any_of(map.hosts.begin(), map.hosts.end(),
                                         [&](const FabricHost& host) { return host.name == cable.lower; });
      const std::string id = FabricLinkId(cable.lower, cable.upper);
      if (const std::string s = BlameMap::Of(blame.links, id); from_host && !s.empty()) {
        blamed_host_cables.push_back(absl::StrCat(id, " (", s, ")"));
      }
    }
    if (!blamed_host_cables.empty()) {
      absl::StrAppend(&out, "\nBlamed host cables: ", MarkdownCell(absl::StrJoin(blamed_host_cables, ", ")), "\n");
    }
    absl::StrAppend(&out, "\n");
  }
  if (topologies.empty()) absl::StrAppend(&out, "No fabric map in these documents.\n\n");
}

void AppendBurn(const std::vector<RunDocument>& documents, const BlameMap& blame, std::string& out) {
  absl::StrAppend(&out, "## GPU burn\n\n");
  bool any_burn = false, any_telemetry = false;
  for (const RunDocument& document : documents) {
    any_burn = any_burn || !document.burn_results.empty();
    any_telemetry = any_telemetry || !document.telemetry.empty();
  }
  if (!any_burn && !any_telemetry) {
    absl::StrAppend(&out, "No burn results in these documents.\n\n");
    return;
  }
  if (any_burn) {
    absl::StrAppend(&out, Header({"Host", "Index", "UUID", "PCI bus id", "Model", "Check", "Variant", "Value", "Unit",
                                  "Expected", "Mismatches", "State", "Status"}));
    for (const RunDocument& document : documents) {
      for (const BurnResult& r : document.burn_results) {
        std::string state = BurnRecordState(document, r);
        const std::string blamed = BlameMap::Of(blame.gpus, r.device.uuid);
        if (SeverityRank(blamed) > SeverityRank(state)) state = blamed;
        const std::string uuid = MarkdownCell(r.device.uuid);
        absl::StrAppend(
            &out, Row({MarkdownCell(r.host), absl::StrCat(r.device.index), blamed.empty() ? uuid : Bold(uuid),
                       MarkdownCell(r.device.pci_bus_id), MarkdownCell(r.device.model), MarkdownCell(r.check),
                       MarkdownCell(r.variant), r.status == BurnStatus::kMeasured ? FormatNumber(r.value) : "—",
                       MarkdownCell(r.unit), r.expected > 0 ? FormatNumber(r.expected) : "—",
                       r.mismatches ? absl::StrCat(*r.mismatches) : "not verified", MarkdownCell(state),
                       MarkdownCell(BurnStatusText(r))}));
      }
    }
    absl::StrAppend(&out, "\n");
  }
  absl::StrAppend(&out, "### Telemetry\n\n");
  if (!any_telemetry) {
    absl::StrAppend(&out, "No telemetry in these documents.\n\n");
    return;
  }
  absl::StrAppend(&out, Header({"Host", "Index", "UUID", "Max temp (C)", "Max power (W)", "Throttle reasons",
                                "ECC corrected", "ECC uncorrected", "XIDs", "PCIe (current of max)"}));
  for (const RunDocument& document : documents) {
    for (const DeviceTelemetry& t : document.telemetry) {
      if (!t.available) {
        absl::StrAppend(&out, Row({MarkdownCell(t.host), absl::StrCat(t.device.index), MarkdownCell(t.device.uuid),
                                   MarkdownCell(absl::StrCat("unavailable: ", t.reason)), "—", "—", "—", "—", "—",
                                   "—"}));
        continue;
      }
      absl::StrAppend(
          &out, Row({MarkdownCell(t.host), absl::StrCat(t.device.index), MarkdownCell(t.device.uuid),
                     FormatNumber(t.temperature_max_c),
                     absl::StrCat(FormatNumber(t.power_max_w), " of ", FormatNumber(t.power_limit_w)),
                     MarkdownCell(t.throttle_reasons.empty() ? "none" : absl::StrJoin(t.throttle_reasons, ", ")),
                     CounterDelta(t.ecc_corrected_before, t.ecc_corrected_after),
                     CounterDelta(t.ecc_uncorrected_before, t.ecc_uncorrected_after),
                     t.xid_events.empty() ? "none" : absl::StrJoin(t.xid_events, ", "), PcieText(t)}));
    }
  }
  absl::StrAppend(&out, "\n");
}

void AppendEnvironment(const std::vector<RunDocument>& documents, std::string& out) {
  absl::StrAppend(&out, "## Environment\n\n");
  const EnvironmentTable table = BuildEnvironmentTable(documents);
  if (table.rows.empty()) {
    absl::StrAppend(&out, "No hosts in these documents.\n\n");
    return;
  }
  std::vector<std::string> titles = {"Host"};
  titles.insert(titles.end(), table.columns.begin(), table.columns.end());
  absl::StrAppend(&out, Header(titles));
  for (const EnvironmentTable::Row& row : table.rows) {
    std::vector<std::string> cells = {MarkdownCell(row.host)};
    for (size_t i = 0; i < row.values.size(); ++i) {
      const std::string cell = MarkdownCell(row.values[i]);
      cells.push_back(row.differs[i] ? Bold(cell) : cell);
    }
    absl::StrAppend(&out, Row(cells));
  }
  absl::StrAppend(&out, "\n");
  for (const std::string& note : table.notes) absl::StrAppend(&out, "- ", MarkdownCell(note), "\n");
  absl::StrAppend(&out, "- **Bold** values differ from the majority of hosts.\n");
}

}  // namespace

std::string RenderMarkdownReport(const std::vector<RunDocument>& documents) {
  const BlameMap blame = CollectBlame(documents);
  std::vector<std::string> labels;
  for (const RunDocument& document : documents) labels.push_back(DocumentLabel(document));
  std::string out = absl::StrCat("# spinecheck report\n\n", documents.size(),
                                 documents.size() == 1 ? " result document: " : " result documents: ",
                                 MarkdownCell(absl::StrJoin(labels, "; ")), "\n\n");
  AppendVerdict(documents, out);
  AppendActions(documents, out);
  AppendNodes(documents, out);
  AppendSweep(documents, out);
  AppendLinks(documents, blame, out);
  AppendTopology(documents, blame, out);
  AppendBurn(documents, blame, out);
  AppendEnvironment(documents, out);
  return out;
}

absl::Status WriteMarkdownReport(const std::vector<RunDocument>& documents, const std::string& path) {
  return WriteOutputFile(path, RenderMarkdownReport(documents));
}

}  // namespace spinecheck

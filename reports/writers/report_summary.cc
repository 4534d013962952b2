#include "reports/writers/report_summary.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "reports/writers/document_views.h"
#include "reports/writers/report_format.h"

namespace spinecheck {
namespace {

// Appends `value` to `list` unless it is empty or already there.
void AddOnce(std::vector<std::string>& list, const std::string& value) {
  if (value.empty()) return;
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// Every host a document names, in first-appearance order.
void CollectHosts(const RunDocument& document, std::vector<std::string>& hosts) {
  for (const RankInfo& rank : document.ranks) AddOnce(hosts, rank.host);
  for (const BurnResult& result : document.burn_results) AddOnce(hosts, result.host);
  for (const DeviceTelemetry& telemetry : document.telemetry) AddOnce(hosts, telemetry.host);
  if (document.links) {
    for (const std::string& host : document.links->hosts) AddOnce(hosts, host);
  }
  if (document.topology) {
    for (const FabricHost& host : document.topology->hosts) AddOnce(hosts, host.name);
  }
  for (const NodeInventory& node : document.inventory) AddOnce(hosts, node.host);
  for (const Finding& finding : document.findings) {
    for (const std::string& host : FindingHosts(finding)) AddOnce(hosts, host);
  }
}

void Worsen(std::map<std::string, std::string>& map, const std::string& key, const std::string& severity) {
  std::string& current = map[key];
  if (SeverityRank(severity) > SeverityRank(current) || current.empty()) current = severity;
}

std::pair<std::string, std::string> PairKey(const std::string& a, const std::string& b) {
  return a < b ? std::make_pair(a, b) : std::make_pair(b, a);
}

// "leaf00<->{spine00,spine01}" -> {"leaf00<->spine00", "leaf00<->spine01"};
// any other id -> itself.
std::vector<std::string> ExpandLinkId(const std::string& id) {
  const size_t arrow = id.find("<->");
  if (arrow == std::string::npos) return {id};
  const std::string lower = id.substr(0, arrow);
  std::string upper = id.substr(arrow + 3);
  if (upper.size() < 2 || upper.front() != '{' || upper.back() != '}') return {id};
  std::vector<std::string> ids;
  for (absl::string_view part : absl::StrSplit(upper.substr(1, upper.size() - 2), ',', absl::SkipEmpty())) {
    ids.push_back(FabricLinkId(lower, std::string(part)));
  }
  return ids;
}

}  // namespace

int SeverityRank(const std::string& severity) {
  if (severity == SeverityName(Severity::kFail)) return 3;
  if (severity == SeverityName(Severity::kError)) return 2;
  if (severity == SeverityName(Severity::kWarn)) return 1;
  return 0;
}

std::vector<std::string> FindingHosts(const Finding& finding) {
  if (!finding.component.hosts.empty()) return finding.component.hosts;
  if (finding.component.kind == ComponentKind::kHost && !finding.component.id.empty()) return {finding.component.id};
  return {};
}

std::string DescribeMeasurement(const Finding& finding) {
  if (finding.unit.empty() && finding.measured == 0 && finding.expected == 0) return "";
  const std::string unit = finding.unit.empty() ? "" : absl::StrCat(" ", finding.unit);
  return absl::StrCat("measured ", FormatNumber(finding.measured), unit, ", expected ", FormatNumber(finding.expected),
                      unit);
}

std::string BurnStatusText(const BurnResult& result) {
  std::string text(BurnStatusName(result.status));
  if (result.mismatches.value_or(0) > 0) absl::StrAppend(&text, "; ", *result.mismatches, " mismatches");
  if (!result.reason.empty()) absl::StrAppend(&text, ": ", result.reason);
  return text;
}

std::vector<const ClusterMap*> DistinctTopologies(const std::vector<RunDocument>& documents) {
  std::vector<const ClusterMap*> maps;
  std::set<std::string> seen;
  for (const RunDocument& document : documents) {
    if (!document.topology || document.topology->hosts.empty()) continue;
    std::vector<std::string> names;
    for (const FabricHost& host : document.topology->hosts) names.push_back(host.name);
    if (seen.insert(absl::StrCat(document.topology->source, "\n", absl::StrJoin(names, ","))).second) {
      maps.push_back(&*document.topology);
    }
  }
  return maps;
}

std::string BurnRecordState(const RunDocument& document, const BurnResult& result) {
  const std::string worst = WorstSeverity(FindingsOfBurnRecord(document, result));
  if (!worst.empty()) return worst;
  if (result.status == BurnStatus::kError) return "error";
  if (result.status == BurnStatus::kSkipped) return "skipped";
  return "pass";
}

std::string CounterDelta(const std::optional<int64_t>& before, const std::optional<int64_t>& after) {
  if (!before || !after) return "n/a";
  const int64_t delta = *after - *before;
  return delta > 0 ? absl::StrCat("+", delta) : absl::StrCat(delta);
}

std::string PcieText(const DeviceTelemetry& telemetry) {
  if (telemetry.pcie_gen_max <= 0) return "n/a";
  return absl::StrCat("gen", telemetry.pcie_gen_current, " x", telemetry.pcie_width_current, " of gen",
                      telemetry.pcie_gen_max, " x", telemetry.pcie_width_max);
}

std::string NodeCountsText(const std::array<int, 3>& counts) {
  static constexpr const char* kNames[] = {"fail", "error", "warn"};
  std::vector<std::string> parts;
  for (int i = 0; i < 3; ++i) {
    if (counts[i] > 0) parts.push_back(absl::StrCat(counts[i], " ", kNames[i]));
  }
  return absl::StrJoin(parts, ", ");
}

std::string DocumentLabel(const RunDocument& document) {
  const std::string command = document.command.empty() ? std::string("run") : document.command;
  if (document.start_time.empty()) return command;
  return absl::StrCat(command, " ", document.start_time);
}

ReportVerdict SummarizeVerdict(const std::vector<RunDocument>& documents) {
  ReportVerdict verdict;
  std::vector<std::string> hosts;
  std::set<std::string> gpus;
  bool first = true;
  for (const RunDocument& document : documents) {
    const ExitCode code = document.verdict.exit_code;
    if (first || static_cast<int>(code) > static_cast<int>(verdict.exit_code)) {
      verdict.status = std::string(VerdictStatusName(document.verdict.status));
    }
    verdict.exit_code = first ? code : WorstExitCode(verdict.exit_code, code);
    first = false;
    verdict.lines.push_back(absl::StrCat(DocumentLabel(document), ": ", VerdictStatusName(document.verdict.status), ", exit ",
                                         static_cast<int>(code),
                                         document.verdict.reason.empty() ? "" : ": ", document.verdict.reason));
    CollectHosts(document, hosts);
    auto add_gpu = [&gpus](const std::string& host, const DeviceInfo& device) {
      if (device.kind != "cuda") return;
      gpus.insert(device.uuid.empty() ? absl::StrCat(host, ":", device.index) : device.uuid);
    };
    for (const RankInfo& rank : document.ranks) {
      for (const DeviceInfo& device : rank.devices) add_gpu(rank.host, device);
    }
    for (const BurnResult& result : document.burn_results) add_gpu(result.host, result.device);
    for (const NodeInventory& node : document.inventory) {
      for (const InventoryGpu& gpu : node.gpus) {
        gpus.insert(gpu.uuid.empty() ? absl::StrCat(node.host, ":", gpu.index) : gpu.uuid);
      }
    }
    if (document.links) {
      const LinkMatrices& links = *document.links;
      const size_t n = links.size();
      if (links.bibw_gbps.size() == n * n) {
        for (size_t i = 0; i < n; ++i) {
          for (size_t j = i + 1; j < n; ++j) {
            if (!std::isnan(links.bibw(i, j))) ++verdict.counts.links_tested;
          }
        }
      }
    }
    for (const Finding& finding : document.findings) {
      if (finding.severity == Severity::kFail) ++verdict.counts.failed;
      if (finding.severity == Severity::kWarn) ++verdict.counts.warned;
      if (finding.severity == Severity::kError) ++verdict.counts.could_not_test;
    }
  }
  verdict.counts.nodes = static_cast<int>(hosts.size());
  verdict.counts.gpus = static_cast<int>(gpus.size());
  return verdict;
}

std::vector<DrainEntry> BuildDrainList(const std::vector<RunDocument>& documents) {
  std::vector<DrainEntry> entries;
  for (const RunDocument& document : documents) {
    for (const std::string& host : document.verdict.drain) {
      auto it = std::find_if(entries.begin(), entries.end(), [&](const DrainEntry& e) { return e.host == host; });
      if (it == entries.end()) {
        entries.push_back(DrainEntry{host, {}});
        it = entries.end() - 1;
      }
      for (const Finding& finding : document.findings) {
        if (finding.severity != Severity::kFail) continue;
        const std::vector<std::string> named = FindingHosts(finding);
        if (std::find(named.begin(), named.end(), host) != named.end()) {
          it->reasons.push_back(SourcedFinding{document.command, &finding});
        }
      }
    }
  }
  return entries;
}

std::vector<DrainGroup> GroupDrainList(const std::vector<DrainEntry>& entries) {
  std::vector<DrainGroup> groups;
  auto same = [](const std::vector<SourcedFinding>& a, const std::vector<SourcedFinding>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const SourcedFinding& x, const SourcedFinding& y) { return x.finding == y.finding; });
  };
  for (const DrainEntry& entry : entries) {
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const DrainGroup& g) { return !entry.reasons.empty() && same(g.reasons, entry.reasons); });
    if (group == groups.end()) {
      groups.push_back(DrainGroup{{entry.host}, entry.reasons});
    } else {
      group->hosts.push_back(entry.host);
    }
  }
  return groups;
}

std::vector<SourcedFinding> OtherFindings(const std::vector<RunDocument>& documents) {
  std::vector<SourcedFinding> other;
  for (const RunDocument& document : documents) {
    for (const Finding& finding : document.findings) {
      if (finding.severity != Severity::kFail || FindingHosts(finding).empty()) {
        other.push_back(SourcedFinding{document.command, &finding});
      }
    }
  }
  return other;
}

NodeTable BuildNodeTable(const std::vector<RunDocument>& documents) {
  NodeTable table;
  std::vector<std::string> hosts;
  for (const RunDocument& document : documents) CollectHosts(document, hosts);
  std::map<std::string, NodeRow> rows;
  for (const std::string& host : hosts) rows[host].host = host;
  std::set<std::string> families;
  for (const RunDocument& document : documents) {
    for (const std::string& host : document.verdict.drain) {
      if (rows.count(host) == 0) {
        rows[host].host = host;
        hosts.push_back(host);
      }
      rows[host].drain = true;
    }
    for (const Finding& finding : document.findings) {
      const std::string family(absl::string_view(finding.check).substr(0, finding.check.find('.')));
      families.insert(family);
      const std::string severity(SeverityName(finding.severity));
      const int rank = SeverityRank(severity);
      for (const std::string& host : FindingHosts(finding)) {
        NodeRow& row = rows[host];
        if (rank > 0) ++row.counts[family][3 - rank];
        if (rank > SeverityRank(row.status)) row.status = severity;
      }
    }
  }
  table.families.assign(families.begin(), families.end());
  for (const std::string& host : hosts) table.rows.push_back(rows[host]);
  std::stable_sort(table.rows.begin(), table.rows.end(), [](const NodeRow& a, const NodeRow& b) {
    const int rank_a = SeverityRank(a.status), rank_b = SeverityRank(b.status);
    if (rank_a != rank_b) return rank_a > rank_b;
    return a.drain && !b.drain;
  });
  return table;
}

std::string BlameMap::Of(const std::map<std::string, std::string>& map, const std::string& name) {
  const auto it = map.find(name);
  return it == map.end() ? std::string() : it->second;
}

std::string BlameMap::OfPair(const std::string& a, const std::string& b) const {
  const auto it = pairs.find(PairKey(a, b));
  return it == pairs.end() ? std::string() : it->second;
}

std::string BlameMap::OfPairOnMap(const std::string& a, const std::string& leaf_a, const std::string& b,
                                  const std::string& leaf_b) const {
  std::string worst = OfPair(a, b);
  for (const auto& [id, severity] : links) {
    const size_t arrow = id.find("<->");
    if (arrow == std::string::npos || arrow == 0) continue;
    const std::string lower = id.substr(0, arrow);
    const bool crosses = lower == a || lower == b || (leaf_a != leaf_b && (lower == leaf_a || lower == leaf_b));
    if (crosses && SeverityRank(severity) > SeverityRank(worst)) worst = severity;
  }
  return worst;
}

BlameMap CollectBlame(const std::vector<RunDocument>& documents) {
  BlameMap blame;
  for (const RunDocument& document : documents) {
    for (const Finding& finding : document.findings) {
      const Component& component = finding.component;
      const std::string severity(SeverityName(finding.severity));
      if (component.kind == ComponentKind::kHost) Worsen(blame.hosts, component.id, severity);
      if (component.kind == ComponentKind::kSwitch) Worsen(blame.switches, component.id, severity);
      if (component.kind == ComponentKind::kGpu) Worsen(blame.gpus, component.id, severity);
      if (component.kind == ComponentKind::kLink) {
        for (const std::string& id : ExpandLinkId(component.id)) Worsen(blame.links, id, severity);
      }
      if (component.kind != ComponentKind::kLink && component.kind != ComponentKind::kHost && component.kind != ComponentKind::kSwitch) continue;
      for (const HostNamePair& pair : finding.subjects.pairs) {
        std::string& current = blame.pairs[PairKey(pair.a, pair.b)];
        if (current.empty() || SeverityRank(severity) > SeverityRank(current)) current = severity;
      }
    }
  }
  return blame;
}

std::vector<std::pair<std::string, std::string>> HostsByLeaf(const std::vector<std::string>& hosts,
                                                              const std::optional<ClusterMap>& topology) {
  std::vector<std::pair<std::string, std::string>> ordered;
  for (const std::string& host : hosts) {
    std::string leaf;
    if (topology) {
      for (const FabricHost& fabric_host : topology->hosts) {
        if (fabric_host.name == host && !fabric_host.switches.empty()) leaf = fabric_host.switches.front();
      }
    }
    ordered.emplace_back(host, leaf);
  }
  if (!topology) return ordered;
  auto leaf_index = [&](const std::string& leaf) -> size_t {
    if (leaf.empty()) return topology->switches.size() + 1;
    for (size_t i = 0; i < topology->switches.size(); ++i) {
      if (topology->switches[i].name == leaf) return i;
    }
    return topology->switches.size();  // a leaf the switch list lacks: after the known ones
  };
  std::stable_sort(ordered.begin(), ordered.end(),
                   [&](const auto& a, const auto& b) { return leaf_index(a.second) < leaf_index(b.second); });
  return ordered;
}

std::vector<SweepChart> BuildSweepCharts(const std::vector<RunDocument>& documents) {
  std::vector<SweepChart> charts;
  auto chart_for = [&charts](const std::string& key) -> SweepChart& {
    for (SweepChart& chart : charts) {
      if (chart.key == key) return chart;
    }
    charts.push_back(SweepChart{key, {}, {}});
    return charts.back();
  };
  for (const RunDocument& document : documents) {
    for (const CollectiveRow& row : document.collective_rows) {
      if (row.size_bytes == 0 || !row.out_of_place.measured) continue;
      SweepChart& chart = chart_for(absl::StrCat(row.collective, " ", row.type, " ", row.redop));
      std::string label = DocumentLabel(document);
      if (row.root >= 0) absl::StrAppend(&label, " root ", row.root);
      auto series = std::find_if(chart.series.begin(), chart.series.end(),
                                 [&](const SweepSeries& s) { return s.label == label; });
      if (series == chart.series.end()) {
        chart.series.push_back(SweepSeries{label, {}});
        series = chart.series.end() - 1;
      }
      series->points.emplace_back(row.size_bytes, row.out_of_place.busbw_gbps);
    }
  }
  for (SweepChart& chart : charts) {
    for (SweepSeries& series : chart.series) {
      std::stable_sort(series.points.begin(), series.points.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    for (const RunDocument& document : documents) {
      for (const Expectation& expectation : document.expectations) {
        if (expectation.check != "collective" || expectation.metric != "busbw_gbps" || expectation.key != chart.key ||
            expectation.size_bytes == 0) {
          continue;
        }
        const bool seen = std::any_of(chart.band.begin(), chart.band.end(), [&](const Expectation& e) {
          return e.size_bytes == expectation.size_bytes;
        });
        if (!seen) chart.band.push_back(expectation);
      }
    }
    std::stable_sort(chart.band.begin(), chart.band.end(),
                     [](const Expectation& a, const Expectation& b) { return a.size_bytes < b.size_bytes; });
  }
  return charts;
}

namespace {

// "Open MPI v4.1.4, package: Debian OpenMPI, ..." -> "Open MPI v4.1.4".
std::string ShortMpi(const std::string& library) { return library.substr(0, library.find(',')); }

std::string NicSummary(const NodeInventory& node) {
  std::vector<std::string> parts;
  for (const InventoryIbDevice& device : node.ib_devices) {
    for (const InventoryIbPort& port : device.ports) {
      parts.push_back(absl::StrCat(device.name, "/", port.port, " ", port.rate_gbps >= 0 ? absl::StrCat(port.rate_gbps, " Gb/s") : port.rate,
                                   " ", port.state));
    }
  }
  if (parts.empty()) {
    for (const InventoryNic& nic : node.nics) {
      if (nic.is_virtual) continue;
      parts.push_back(absl::StrCat(nic.name, " ", nic.speed_mbps >= 0 ? absl::StrCat(nic.speed_mbps, " Mb/s") : "?",
                                   nic.driver.empty() ? "" : " ", nic.driver));
    }
  }
  return absl::StrJoin(parts, ", ");
}

}  // namespace

EnvironmentTable BuildEnvironmentTable(const std::vector<RunDocument>& documents) {
  EnvironmentTable table;
  enum Column { kDriver, kCuda, kNccl, kMpi, kModel, kCount, kCpu, kNics, kColumns };
  table.columns = {"CUDA driver", "CUDA runtime", "NCCL", "MPI", "Device model", "Devices", "CPU", "NICs"};
  std::vector<std::string> hosts;
  for (const RunDocument& document : documents) CollectHosts(document, hosts);
  std::map<std::string, std::vector<std::string>> values;
  for (const std::string& host : hosts) values[host].assign(kColumns, "");
  // Keeps the first value a host reports for a column, and every different
  // later one, joined by " / ".
  auto set = [&values](const std::string& host, int column, const std::string& value) {
    if (value.empty() || values.count(host) == 0) return;
    std::string& cell = values[host][column];
    if (cell.empty()) {
      cell = value;
    } else if (!absl::StrContains(absl::StrCat(" / ", cell, " / "), absl::StrCat(" / ", value, " / "))) {
      absl::StrAppend(&cell, " / ", value);
    }
  };
  bool only_rank0_versions = false;  // some document records the versions of rank 0 only
  std::map<std::string, std::set<std::string>> devices_seen;   // host -> device UUIDs or indexes
  std::map<std::string, std::vector<std::string>> models_seen;
  for (const RunDocument& document : documents) {
    for (const RankInfo& rank : document.ranks) {
      set(rank.host, kDriver, rank.software.cuda_driver);
      set(rank.host, kCuda, rank.software.cuda_runtime);
      set(rank.host, kNccl, rank.software.nccl);
      set(rank.host, kMpi, ShortMpi(rank.software.mpi_library));
    }
    const bool per_rank = std::any_of(document.ranks.begin(), document.ranks.end(), [](const RankInfo& rank) {
      return !rank.software.mpi_library.empty() || !rank.software.cuda_driver.empty();
    });
    if (!per_rank) only_rank0_versions = true;
    if (!document.ranks.empty() && !per_rank) {
      // Documents without the ranks' own versions: rank 0's environment.
      const std::string& host = document.ranks.front().host;
      const Environment& env = document.environment;
      set(host, kDriver, env.cuda_driver);
      set(host, kCuda, env.cuda_runtime);
      set(host, kNccl, env.nccl_version_runtime.empty() ? env.nccl_version_build : env.nccl_version_runtime);
      set(host, kMpi, ShortMpi(env.mpi_library));
    }
    for (const RankInfo& rank : document.ranks) {
      for (const DeviceInfo& device : rank.devices) {
        devices_seen[rank.host].insert(absl::StrCat(device.kind, ":", device.uuid.empty() ? "" : device.uuid, ":",
                                                    device.kind == "cpu" ? 0 : device.index));
        AddOnce(models_seen[rank.host], device.model);
      }
    }
    for (const NodeInventory& node : document.inventory) {
      for (const InventoryGpu& gpu : node.gpus) {
        devices_seen[node.host].insert(absl::StrCat("cuda:", gpu.uuid, ":", gpu.index));
        AddOnce(models_seen[node.host], gpu.name);
      }
      set(node.host, kCpu, node.cpu_model);
      set(node.host, kNics, NicSummary(node));
    }
  }
  for (const auto& [host, devices] : devices_seen) set(host, kCount, absl::StrCat(devices.size()));
  for (const auto& [host, models] : models_seen) set(host, kModel, absl::StrJoin(models, ", "));

  for (const std::string& host : hosts) {
    table.rows.push_back(EnvironmentTable::Row{host, values[host], std::vector<bool>(kColumns, false)});
  }
  for (int column = 0; column < kColumns; ++column) {
    std::map<std::string, int> frequency;
    for (const EnvironmentTable::Row& row : table.rows) {
      if (!row.values[column].empty()) ++frequency[row.values[column]];
    }
    std::string majority;
    int best = 0;
    bool unique = false;
    for (const auto& [value, count] : frequency) {
      if (count > best) {
        best = count;
        majority = value;
        unique = true;
      } else if (count == best) {
        unique = false;
      }
    }
    if (!unique) continue;
    for (EnvironmentTable::Row& row : table.rows) {
      row.differs[column] = !row.values[column].empty() && row.values[column] != majority;
    }
  }
  if (only_rank0_versions) {
    table.notes.push_back(
        "Some documents record CUDA driver, CUDA runtime, NCCL and MPI of rank 0 only: other hosts show them only "
        "from other documents.");
  }
  table.notes.push_back("NIC firmware is not recorded in the node inventory.");
  return table;
}

}  // namespace spinecheck

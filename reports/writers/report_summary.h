// What the human reports (HTML and Markdown) derive from one or several
// result documents before rendering: the overall verdict and counts, the
// drain list with its reasons, the per-host rollup, the blamed components,
// the hosts in topology order, the sweep series and the environment table.
// Pure functions of the documents; both renderers share them so that the
// HTML page and the Markdown text always tell the same story.
#ifndef SPINECHECK_REPORTS_WRITERS_REPORT_SUMMARY_H_
#define SPINECHECK_REPORTS_WRITERS_REPORT_SUMMARY_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reports/model/exit_code.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// Severity order of findings and host states: "fail" 3 > "error" 2 >
// "warn" 1 > anything else 0.
int SeverityRank(const std::string& severity);

// The hosts a finding affects: component.hosts, or the component id when the
// component is a host and lists none.
std::vector<std::string> FindingHosts(const Finding& finding);

struct ReportCounts {
  int nodes = 0;           // distinct host names over every part of every document
  int gpus = 0;            // distinct GPUs (kind "cuda", by UUID, else host:index)
  int links_tested = 0;    // measured host pairs of the link matrices (each pair once)
  int failed = 0;          // findings of severity "fail"
  int warned = 0;          // findings of severity "warn"
  int could_not_test = 0;  // findings of severity "error"
};

struct ReportVerdict {
  // The worst document's verdict.status ("pass" ... "timeout", or
  // "incomplete" for a document of a run that did not finish); "none" when
  // there are no documents.
  std::string status = "none";
  // The worst exit code over the documents (WorstExitCode); kCouldNotTest
  // when there are no documents, since nothing was tested.
  ExitCode exit_code = ExitCode::kCouldNotTest;
  std::vector<std::string> lines;  // one per document: "sweep (2026-…): fail, exit 1: 1 host(s) blamed"
  ReportCounts counts;
};
ReportVerdict SummarizeVerdict(const std::vector<RunDocument>& documents);

// A finding together with the subcommand of the document it came from.
struct SourcedFinding {
  std::string command;
  const Finding* finding = nullptr;
};

// One host to drain and why.
struct DrainEntry {
  std::string host;
  std::vector<SourcedFinding> reasons;  // the "fail" findings naming the host, in document order
};

// The union of every document's verdict.drain, in document order, each host
// once, with the "fail" findings that name it.
std::vector<DrainEntry> BuildDrainList(const std::vector<RunDocument>& documents);

// Hosts drained for exactly the same findings (the hosts behind one slow
// uplink, say), so that a report names the reasons once.
struct DrainGroup {
  std::vector<std::string> hosts;
  std::vector<SourcedFinding> reasons;
};
// `entries` grouped by identical reasons (the same findings, in the same
// order), groups in the order of their first host.
std::vector<DrainGroup> GroupDrainList(const std::vector<DrainEntry>& entries);

// Findings that drain nothing: "warn" and "error" findings, and "fail"
// findings that name no host. Document order.
std::vector<SourcedFinding> OtherFindings(const std::vector<RunDocument>& documents);

// One host of the per-node table.
struct NodeRow {
  std::string host;
  std::string status = "pass";  // the worst severity among its findings: fail, error, warn, or pass
  bool drain = false;           // named in some verdict.drain
  // Per check family (the check id up to its first '.': "burn", "links"):
  // counts of {fail, error, warn} findings naming the host.
  std::map<std::string, std::array<int, 3>> counts;
};
struct NodeTable {
  std::vector<std::string> families;  // the check families seen, sorted
  std::vector<NodeRow> rows;          // worst first; ties keep first-appearance order
};
NodeTable BuildNodeTable(const std::vector<RunDocument>& documents);

// What the findings blame, by name, each with the worst severity naming it.
struct BlameMap {
  std::map<std::string, std::string> hosts;     // host name -> severity
  std::map<std::string, std::string> links;     // "lower<->upper" -> severity (braced ids expanded)
  std::map<std::string, std::string> switches;  // switch name -> severity
  std::map<std::string, std::string> gpus;      // GPU UUID -> severity
  // Host pairs named in the evidence of link findings ("a<->b 0.011 GB/s ..."),
  // as (smaller, larger) names -> severity.
  std::map<std::pair<std::string, std::string>, std::string> pairs;

  // The severity naming `name`, or "" when nothing blames it.
  static std::string Of(const std::map<std::string, std::string>& map, const std::string& name);
  std::string OfPair(const std::string& a, const std::string& b) const;
  // The worst of OfPair and the blamed links the pair (a on leaf_a, b on
  // leaf_b) crosses: a host's own cable, or the uplink of one of the two
  // leaves when they differ. "" when nothing blames the pair.
  std::string OfPairOnMap(const std::string& a, const std::string& leaf_a, const std::string& b,
                          const std::string& leaf_b) const;
};
BlameMap CollectBlame(const std::vector<RunDocument>& documents);

// `hosts` ordered by topology: grouped by the leaf switch each hangs off (the
// first of FabricHost::switches), leaves in the map's switch order, hosts in
// their order in `hosts` within a leaf; hosts the map does not name come
// last with an empty leaf. Without a map the order is unchanged.
std::vector<std::pair<std::string, std::string>> HostsByLeaf(const std::vector<std::string>& hosts,
                                                              const std::optional<ClusterMap>& topology);

// One line of a busbw chart: out-of-place busbw against size.
struct SweepSeries {
  std::string label;  // "sweep 2026-11-22T23:34:21Z", plus " root 1" for rooted collectives
  std::vector<std::pair<uint64_t, double>> points;  // (size_bytes > 0, busbw_gbps), by size
};
// One chart: one collective with its type and op.
struct SweepChart {
  std::string key;  // "all_reduce float sum", as Expectation::key names it
  std::vector<SweepSeries> series;
  std::vector<Expectation> band;  // "collective" expectations of metric busbw_gbps for `key`, by size
};
std::vector<SweepChart> BuildSweepCharts(const std::vector<RunDocument>& documents);

// The environment inventory: one row per host, one column per property.
struct EnvironmentTable {
  std::vector<std::string> columns;
  struct Row {
    std::string host;
    std::vector<std::string> values;  // "" when unknown
    std::vector<bool> differs;        // set where a known value differs from the majority's
  };
  std::vector<Row> rows;
  std::vector<std::string> notes;  // what the table cannot show, one line each
};
// Driver, CUDA, NCCL and MPI come from each rank's software versions (and,
// for documents without them, from rank 0's environment); device model and
// count come from the world and the inventory, CPU and NICs from the
// inventory. The majority of a column is its most frequent known value when
// it is more frequent than every other; columns without one mark nothing.
EnvironmentTable BuildEnvironmentTable(const std::vector<RunDocument>& documents);

// "measured 2 wrong elements, expected 0 wrong elements"; "" when the
// finding carries no unit and both values are 0.
std::string DescribeMeasurement(const Finding& finding);

// "measured", "measured; 12 mismatches", "skipped: <reason>".
std::string BurnStatusText(const BurnResult& result);

// The fabric maps of `documents`, each once: one per distinct source and
// host list, in document order; maps without hosts are left out.
std::vector<const ClusterMap*> DistinctTopologies(const std::vector<RunDocument>& documents);

// The state of a burn record in the views: the worst severity of the
// findings that judge it (FindingsOfBurnRecord); without any, "error" or
// "skipped" from its status, else "pass". The views decide nothing: a
// record is "fail" or "warn" only where a finding says so.
std::string BurnRecordState(const RunDocument& document, const BurnResult& result);

// A counter's change over the burn: "+3", "0", or "n/a" when either reading
// is missing.
std::string CounterDelta(const std::optional<int64_t>& before, const std::optional<int64_t>& after);

// "gen4 x16 of gen5 x16" (current under load, then maximum); "n/a" unknown.
std::string PcieText(const DeviceTelemetry& telemetry);

// A node table cell: "1 fail, 2 warn"; "" when all counts are 0.
std::string NodeCountsText(const std::array<int, 3>& counts);

// The label of a document in headings and series: "sweep" or
// "sweep 2026-11-22T23:34:21.447Z" when it has a start time.
std::string DocumentLabel(const RunDocument& document);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_REPORT_SUMMARY_H_

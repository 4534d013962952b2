#include "tools/spinecheck/links_report.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "reports/writers/output_file.h"
#include "topology/fabric/render.h"

namespace spinecheck {
namespace {

double MedianOf(std::vector<float>& values) {
  if (values.empty()) return std::nan("");
  const size_t half = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(half), values.end());
  return values[half];
}

std::string Figure(double value) { return std::isnan(value) ? "-" : absl::StrFormat("%.3f", value); }

}  // namespace

LinksReport::LinksReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out)
    : RunReport(std::move(document), std::move(paths), printing, out), localisation_(AddFindingPhase()) {}

void LinksReport::PrintLine(const std::string& line) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  absl::FPrintF(out_, "%s\n", line);
  std::fflush(out_);
}

void LinksReport::SetTopology(ClusterMap map) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  document_.topology = std::move(map);
  (void)WriteFilesLocked();
  // A stream takes one graph: the one with the findings (SetFindings).
  if (!IsStreamPath(paths_.dot)) WriteDotLocked();
}

void LinksReport::SetMatrices(LinkMatrices matrices) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  document_.links = std::move(matrices);
  (void)WriteFilesLocked();
}

void LinksReport::SetFindings(std::vector<Finding> findings, std::vector<std::string> highlighted_links) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  // The rank that tested each host: its first rank.
  absl::flat_hash_map<std::string, int> rank_of_host;
  for (const RankInfo& rank : document_.ranks) rank_of_host.try_emplace(rank.host, rank.rank);
  for (Finding& finding : findings) {
    for (const std::string& host : finding.component.hosts) {
      if (auto it = rank_of_host.find(host); it != rank_of_host.end()) finding.ranks.push_back(it->second);
    }
  }
  SetPhaseFindingsLocked(localisation_, std::move(findings));
  highlighted_links_ = std::move(highlighted_links);
  WriteDotLocked();
}

void LinksReport::PrintSummary() {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!document_.links) return;
  const LinkMatrices& m = *document_.links;
  const size_t n = m.size();
  absl::flat_hash_map<std::string, std::string> leaf_of;
  if (document_.topology) {
    for (const FabricHost& host : document_.topology->hosts) {
      if (!host.switches.empty()) leaf_of[host.name] = host.switches.front();
    }
  }
  auto leaf = [&](size_t i) {
    auto it = leaf_of.find(m.hosts[i]);
    return it == leaf_of.end() ? std::string("?") : it->second;
  };
  absl::FPrintF(out_, "#\n# %-20s %-16s %12s %12s %12s  %-20s %11s\n", "host", "leaf", "same-leaf", "other-leaf",
                "slowest", "slowest-with", "latency");
  absl::FPrintF(out_, "# %-20s %-16s %12s %12s %12s  %-20s %11s\n", "", "", "GB/s", "GB/s", "GB/s", "", "us");
  for (size_t i = 0; i < n; ++i) {
    std::vector<float> same, other, latency;
    float slowest = std::nanf("");
    size_t slowest_with = i;
    for (size_t j = 0; j < n; ++j) {
      const float bw = m.bibw(i, j);
      if (j == i || std::isnan(bw)) continue;
      (leaf(i) == leaf(j) ? same : other).push_back(bw);
      if (std::isnan(slowest) || bw < slowest) {
        slowest = bw;
        slowest_with = j;
      }
      if (!std::isnan(m.latency(i, j))) latency.push_back(m.latency(i, j));
    }
    absl::FPrintF(out_, "  %-20s %-16s %12s %12s %12s  %-20s %11s\n", m.hosts[i], leaf(i), Figure(MedianOf(same)),
                  Figure(MedianOf(other)), Figure(slowest), slowest_with == i ? "-" : m.hosts[slowest_with],
                  Figure(MedianOf(latency)));
  }
  if (document_.topology) {
    absl::FPrintF(out_, "#\n# fabric (%s):\n", document_.topology->source);
    for (absl::string_view line : absl::StrSplit(RenderTree(*document_.topology), '\n', absl::SkipEmpty())) {
      absl::FPrintF(out_, "#   %s\n", line);
    }
  }
  std::fflush(out_);
}

void LinksReport::WriteDotLocked() {
  if (paths_.dot.empty() || !document_.topology) return;
  if (absl::Status written = WriteOutputFile(paths_.dot, RenderDot(*document_.topology, highlighted_links_));
      !written.ok()) {
    absl::FPrintF(stderr, "spinecheck links: error: %s\n", written.message());
  }
}

}  // namespace spinecheck

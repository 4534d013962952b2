#include "topology/localise/infer.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"

namespace spinecheck {
namespace {

class UnionFind {
 public:
  explicit UnionFind(int n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  int Find(int x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(int a, int b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<int> parent_;
};

}  // namespace

namespace {

enum class Metric { kLatency, kBandwidth };

// Distance of (i, j) under `metric` (latency, or 1 / bandwidth); NaN when
// unmeasured.
double Distance(const LinkMatrices& matrices, Metric metric, int i, int j) {
  const size_t at = static_cast<size_t>(i) * matrices.size() + static_cast<size_t>(j);
  const std::vector<float>& values = metric == Metric::kLatency ? matrices.latency_us : matrices.bibw_gbps;
  if (values.size() != matrices.size() * matrices.size() || !(values[at] > 0)) return std::nan("");
  return metric == Metric::kLatency ? values[at] : 1.0 / values[at];
}

struct Grouping {
  std::vector<int> root;   // leaf root of every host
  double agreement = 0.0;  // share of row entries whose near/far matches the leaves
};

// Every host's leaf when grouped by `metric` (see the header).
Grouping GroupBy(const LinkMatrices& matrices, Metric metric, const InferOptions& options) {
  const int n = static_cast<int>(matrices.size());
  std::vector<double> split(n, std::nan(""));
  std::vector<double> row;
  std::vector<double> found;
  for (int i = 0; i < n; ++i) {
    row.clear();
    for (int j = 0; j < n; ++j) {
      if (j == i) continue;
      const double d = Distance(matrices, metric, i, j);
      if (!std::isnan(d)) row.push_back(d);
    }
    std::sort(row.begin(), row.end());
    for (size_t k = 0; k + 1 < row.size(); ++k) {
      if (row[k] > 0 && row[k + 1] / row[k] >= options.min_gap_ratio) {
        split[i] = std::sqrt(row[k] * row[k + 1]);
        found.push_back(split[i]);
        break;
      }
    }
  }
  double fallback = std::numeric_limits<double>::infinity();  // no gap anywhere: one leaf
  if (!found.empty()) {
    std::nth_element(found.begin(), found.begin() + found.size() / 2, found.end());
    fallback = found[found.size() / 2];
  }
  UnionFind leaves(n);
  for (int i = 0; i < n; ++i) {
    const double threshold = std::isnan(split[i]) ? fallback : split[i];
    for (int j = 0; j < n; ++j) {
      if (j == i) continue;
      const double d = Distance(matrices, metric, i, j);
      if (!std::isnan(d) && d <= threshold) leaves.Union(i, j);
    }
  }
  Grouping grouping;
  grouping.root.resize(n);
  for (int i = 0; i < n; ++i) grouping.root[i] = leaves.Find(i);
  // How well the leaves match every row's own split (a row without a gap
  // agrees with nothing): noise makes rows disagree, a real structure not.
  int64_t agreeing = 0;
  int64_t entries = 0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      const double d = j == i ? std::nan("") : Distance(matrices, metric, i, j);
      if (std::isnan(d)) continue;
      ++entries;
      if (!std::isnan(split[i]) && (d <= split[i]) == (grouping.root[i] == grouping.root[j])) ++agreeing;
    }
  }
  grouping.agreement = entries > 0 ? static_cast<double>(agreeing) / static_cast<double>(entries) : 0.0;
  return grouping;
}

}  // namespace

ClusterMap InferLeaves(const LinkMatrices& matrices, const InferOptions& options) {
  const int n = static_cast<int>(matrices.size());
  // Latency and bandwidth each give a grouping; the one whose leaves agree
  // better with the rows' own near/far splits is kept, latency on a tie (on
  // a real fabric switch hops tell leaves apart while bandwidth is flat;
  // where latency is noise next to the hops, a narrower spine path shows
  // in bandwidth).
  Grouping chosen = GroupBy(matrices, Metric::kLatency, options);
  bool use_latency = true;
  if (matrices.bibw_gbps.size() == static_cast<size_t>(n) * n) {
    Grouping by_bandwidth = GroupBy(matrices, Metric::kBandwidth, options);
    if (by_bandwidth.agreement > chosen.agreement) {
      use_latency = false;
      chosen = std::move(by_bandwidth);
    }
  }
  const std::vector<int>& root = chosen.root;
  const bool used_latency = use_latency && matrices.latency_us.size() == static_cast<size_t>(n) * n;
  const bool have_bandwidth = !use_latency;

  // Leaves numbered in order of their first host.
  std::vector<int> number(n, -1);
  int leaf_count = 0;
  for (int i = 0; i < n; ++i) {
    if (number[root[i]] < 0) number[root[i]] = leaf_count++;
  }
  int width = 2;
  for (int x = leaf_count - 1; x >= 100; x /= 10) ++width;
  auto leaf_name = [&](int leaf) { return absl::StrFormat("inferred-leaf%0*d", width, leaf); };

  ClusterMap map;
  map.source = absl::StrFormat("inferred from links (%s)", used_latency || !have_bandwidth ? "latency" : "bandwidth");
  const std::string spine = "inferred-spine";
  for (int leaf = 0; leaf < leaf_count; ++leaf) {
    FabricSwitch sw{leaf_name(leaf), 0, {}};
    if (leaf_count > 1) sw.parents.push_back(spine);
    map.switches.push_back(std::move(sw));
  }
  if (leaf_count > 1) map.switches.push_back(FabricSwitch{spine, 1, {}});
  for (int i = 0; i < n; ++i) {
    const std::string leaf = leaf_name(number[root[i]]);
    map.hosts.push_back(FabricHost{matrices.hosts[i], {leaf}});
    map.links.push_back(FabricLink{matrices.hosts[i], leaf, 0});
  }
  if (leaf_count > 1) {
    for (int leaf = 0; leaf < leaf_count; ++leaf) map.links.push_back(FabricLink{leaf_name(leaf), spine, 0});
  }
  return map;
}

}  // namespace spinecheck

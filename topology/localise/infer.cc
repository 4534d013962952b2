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

ClusterMap InferLeaves(const LinkMatrices& matrices, const InferOptions& options) {
  const int n = static_cast<int>(matrices.size());
  const size_t cells = static_cast<size_t>(n) * n;
  const bool have_latency = matrices.latency_us.size() == cells;
  const bool have_bandwidth = matrices.bibw_gbps.size() == cells;

  // Distance of (i, j): latency, else 1 / bandwidth; NaN when unmeasured.
  auto distance = [&](int i, int j) -> double {
    const size_t at = static_cast<size_t>(i) * n + j;
    if (have_latency && matrices.latency_us[at] > 0) return matrices.latency_us[at];
    if (have_bandwidth && matrices.bibw_gbps[at] > 0) return 1.0 / matrices.bibw_gbps[at];
    return std::nan("");
  };
  bool used_latency = false;

  // Per host: the split point of its row; NaN where the row has no gap.
  std::vector<double> split(n, std::nan(""));
  std::vector<double> row;
  std::vector<double> found;
  for (int i = 0; i < n; ++i) {
    row.clear();
    for (int j = 0; j < n; ++j) {
      if (j == i) continue;
      const double d = distance(i, j);
      if (!std::isnan(d)) row.push_back(d);
    }
    if (have_latency && !row.empty()) used_latency = true;
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
      const double d = distance(i, j);
      if (!std::isnan(d) && d <= threshold) leaves.Union(i, j);
    }
  }

  // Leaves numbered in order of their first host.
  std::vector<int> number(n, -1);
  int leaf_count = 0;
  for (int i = 0; i < n; ++i) {
    const int root = leaves.Find(i);
    if (number[root] < 0) number[root] = leaf_count++;
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
    const std::string leaf = leaf_name(number[leaves.Find(i)]);
    map.hosts.push_back(FabricHost{matrices.hosts[i], {leaf}});
    map.links.push_back(FabricLink{matrices.hosts[i], leaf, 0});
  }
  if (leaf_count > 1) {
    for (int leaf = 0; leaf < leaf_count; ++leaf) map.links.push_back(FabricLink{leaf_name(leaf), spine, 0});
  }
  return map;
}

}  // namespace spinecheck

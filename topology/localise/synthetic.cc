#include "topology/localise/synthetic.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "topology/localise/fabric_index.h"
#include "topology/localise/row_paths.h"

namespace spinecheck {
namespace {

int Digits(int count) {
  int width = 2;
  for (int x = count - 1; x >= 100; x /= 10) ++width;
  return width;
}

}  // namespace

ClusterMap MakeSpineLeafMap(int leaves, int hosts_per_leaf, int spines) {
  ClusterMap map;
  map.source = "synthetic";
  const int host_width = Digits(leaves * hosts_per_leaf);
  const int leaf_width = Digits(leaves);
  const int spine_width = Digits(spines);
  std::vector<std::string> spine_names;
  for (int s = 0; s < spines; ++s) spine_names.push_back(absl::StrFormat("spine%0*d", spine_width, s));
  for (int leaf = 0; leaf < leaves; ++leaf) {
    const std::string leaf_name = absl::StrFormat("leaf%0*d", leaf_width, leaf);
    map.switches.push_back(FabricSwitch{leaf_name, 0, spine_names});
    for (int k = 0; k < hosts_per_leaf; ++k) {
      const std::string host = absl::StrFormat("node%0*d", host_width, leaf * hosts_per_leaf + k);
      map.hosts.push_back(FabricHost{host, {leaf_name}});
      map.links.push_back(FabricLink{host, leaf_name, 0});
    }
  }
  for (const std::string& spine : spine_names) map.switches.push_back(FabricSwitch{spine, 1, {}});
  for (int leaf = 0; leaf < leaves; ++leaf) {
    for (const std::string& spine : spine_names) {
      map.links.push_back(FabricLink{map.switches[leaf].name, spine, 0});
    }
  }
  return map;
}

LinkMatrices MakeLinkMatrices(const ClusterMap& map, const SyntheticLinks& links,
                              const std::vector<InjectedFault>& faults) {
  LinkMatrices matrices;
  for (const FabricHost& host : map.hosts) matrices.hosts.push_back(host.name);
  const int n = static_cast<int>(matrices.hosts.size());
  matrices.bandwidth_bytes = 64ull << 20;
  matrices.latency_bytes = 8;
  matrices.repetitions = 3;
  const size_t cells = static_cast<size_t>(n) * n;
  matrices.bibw_gbps.assign(cells, LinkMatrices::kMissing);
  matrices.latency_us.assign(cells, LinkMatrices::kMissing);

  const FabricIndex index(map, matrices.hosts);
  std::vector<double> bandwidth_factor(index.component_count(), 1), latency_factor(index.component_count(), 1);
  absl::flat_hash_map<std::string, int> by_id;
  for (int c = 0; c < index.component_count(); ++c) by_id.emplace(index.component(c).id, c);
  for (const InjectedFault& fault : faults) {
    auto it = by_id.find(fault.component);
    if (it == by_id.end()) continue;
    bandwidth_factor[it->second] = std::min(bandwidth_factor[it->second], fault.bandwidth_factor);
    latency_factor[it->second] = std::max(latency_factor[it->second], fault.latency_factor);
  }

  std::mt19937_64 rng(links.seed);
  std::normal_distribution<double> gauss(0.0, 1.0);
  auto noisy = [&](double nominal) {
    const double z = std::clamp(gauss(rng), -3.0, 3.0);
    return nominal * (1 + links.noise * z);
  };
  RowPaths paths(index);
  for (int i = 0; i < n; ++i) {
    paths.StartRow(i);
    for (int j = i + 1; j < n; ++j) {
      const FabricIndex::Path& path = paths.Get(j);
      const bool same_leaf = index.LeafOf(i) == index.LeafOf(j);
      double bw_factor = 1, lat_factor = 1;
      for (int c : path) {
        bw_factor = std::min(bw_factor, bandwidth_factor[c]);
        lat_factor = std::max(lat_factor, latency_factor[c]);
      }
      const float bw = static_cast<float>(
          noisy(same_leaf ? links.same_leaf_gbps : links.cross_leaf_gbps) * bw_factor);
      const float lat = static_cast<float>(
          noisy(same_leaf ? links.same_leaf_latency_us : links.cross_leaf_latency_us) * lat_factor);
      matrices.bibw_gbps[static_cast<size_t>(i) * n + j] = matrices.bibw_gbps[static_cast<size_t>(j) * n + i] = bw;
      matrices.latency_us[static_cast<size_t>(i) * n + j] = matrices.latency_us[static_cast<size_t>(j) * n + i] = lat;
    }
  }
  return matrices;
}

void KeepScheduledPairs(const std::vector<Round>& schedule, LinkMatrices& matrices) {
  const size_t n = matrices.size();
  std::vector<uint8_t> keep(n * n, 0);
  for (const Round& round : schedule) {
    for (auto [a, b] : round) keep[a * n + b] = keep[b * n + a] = 1;
  }
  for (size_t at = 0; at < n * n; ++at) {
    if (keep[at]) continue;
    if (!matrices.bibw_gbps.empty()) matrices.bibw_gbps[at] = LinkMatrices::kMissing;
    if (!matrices.latency_us.empty()) matrices.latency_us[at] = LinkMatrices::kMissing;
  }
}

void MarkDead(int host, LinkMatrices& matrices) {
  const size_t n = matrices.size();
  for (size_t k = 0; k < n; ++k) {
    for (size_t at : {host * n + k, k * n + host}) {
      if (!matrices.bibw_gbps.empty()) matrices.bibw_gbps[at] = LinkMatrices::kMissing;
      if (!matrices.latency_us.empty()) matrices.latency_us[at] = LinkMatrices::kMissing;
    }
  }
}

}  // namespace spinecheck

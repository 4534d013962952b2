#include "topology/localise/retest.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "topology/localise/fabric_index.h"

namespace spinecheck {
namespace {

// First-fit packing of pairs into rounds of disjoint pairs.
class RoundPacker {
 public:
  explicit RoundPacker(size_t hosts) : busy_(hosts) {}

  void Add(int a, int b) {
    std::vector<uint64_t>& x = busy_[a];
    std::vector<uint64_t>& y = busy_[b];
    size_t word = 0;
    for (;; ++word) {
      const uint64_t bx = word < x.size() ? x[word] : 0;
      const uint64_t by = word < y.size() ? y[word] : 0;
      const uint64_t taken = bx | by;
      if (taken != ~uint64_t{0}) {
        const int bit = __builtin_ctzll(~taken);
        const size_t round = word * 64 + bit;
        Mark(x, round);
        Mark(y, round);
        if (rounds_.size() <= round) rounds_.resize(round + 1);
        rounds_[round].push_back(a < b ? HostPair{a, b} : HostPair{b, a});
        return;
      }
    }
  }

  std::vector<Round> Take() { return std::move(rounds_); }

 private:
  static void Mark(std::vector<uint64_t>& bits, size_t round) {
    if (bits.size() <= round / 64) bits.resize(round / 64 + 1, 0);
    bits[round / 64] |= uint64_t{1} << (round % 64);
  }
  std::vector<std::vector<uint64_t>> busy_;
  std::vector<Round> rounds_;
};

}  // namespace

std::vector<Round> PlanRetests(const LocaliseResult& result, const ClusterMap& map, const LinkMatrices& matrices) {
  const int n = static_cast<int>(matrices.size());
  const FabricIndex index(map, matrices.hosts);

  std::vector<uint8_t> suspect(n, 0), measured(n, 0);
  // The first suspect peer of each suspect host.
  std::vector<int> first_peer(n, -1);
  for (auto [i, j] : result.suspect_pairs) {
    suspect[i] = suspect[j] = 1;
    if (first_peer[i] < 0) first_peer[i] = j;
    if (first_peer[j] < 0) first_peer[j] = i;
  }
  const bool have_bandwidth = matrices.bibw_gbps.size() == static_cast<size_t>(n) * n;
  const bool have_latency = matrices.latency_us.size() == static_cast<size_t>(n) * n;
  for (int i = 0; i < n && (have_bandwidth || have_latency); ++i) {
    for (int j = 0; j < n && !measured[i]; ++j) {
      if (j == i) continue;
      const size_t at = static_cast<size_t>(i) * n + j;
      if ((have_bandwidth && !std::isnan(matrices.bibw_gbps[at])) ||
          (have_latency && !std::isnan(matrices.latency_us[at]))) {
        measured[i] = 1;
      }
    }
  }

  // Known-good hosts per leaf, with a cursor each for taking them in turn.
  std::vector<std::vector<int>> good_by_leaf(index.leaf_count());
  std::vector<int> good_all;
  for (int h = 0; h < n; ++h) {
    if (measured[h] && !suspect[h]) {
      good_by_leaf[index.LeafOf(h)].push_back(h);
      good_all.push_back(h);
    }
  }
  std::vector<size_t> cursor(index.leaf_count(), 0);
  size_t all_cursor = 0;
  auto good_on_leaf = [&](int leaf) {
    std::vector<int>& hosts = good_by_leaf[leaf];
    if (hosts.empty()) return -1;
    return hosts[cursor[leaf]++ % hosts.size()];
  };
  auto good_off_leaf = [&](int leaf) {
    for (size_t tries = 0; tries < good_all.size(); ++tries) {
      const int h = good_all[all_cursor++ % good_all.size()];
      if (index.LeafOf(h) != leaf) return h;
    }
    return -1;
  };

  std::vector<HostPair> tasks(result.suspect_pairs.begin(), result.suspect_pairs.end());
  for (int h = 0; h < n; ++h) {
    if (!suspect[h]) continue;
    const int own = good_on_leaf(index.LeafOf(h));
    if (own >= 0) tasks.emplace_back(std::min(h, own), std::max(h, own));
    const int peer_leaf = index.LeafOf(first_peer[h]);
    int other = peer_leaf != index.LeafOf(h) ? good_on_leaf(peer_leaf) : -1;
    if (other < 0) other = good_off_leaf(index.LeafOf(h));
    if (other >= 0) tasks.emplace_back(std::min(h, other), std::max(h, other));
  }
  std::sort(tasks.begin(), tasks.end());
  tasks.erase(std::unique(tasks.begin(), tasks.end()), tasks.end());

  RoundPacker packer(n);
  for (auto [a, b] : tasks) packer.Add(a, b);
  return packer.Take();
}

}  // namespace spinecheck

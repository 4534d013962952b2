#include "topology/localise/schedule.h"

#include <algorithm>
#include <string>
#include <map>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

HostPair Ordered(int a, int b) { return a < b ? HostPair{a, b} : HostPair{b, a}; }

// Pairs `hosts` among themselves in order (0-1, 2-3, ...); an odd one out is
// left idle.
void PairWithin(const std::vector<int>& hosts, Round& round) {
  for (size_t k = 0; k + 1 < hosts.size(); k += 2) round.push_back(Ordered(hosts[k], hosts[k + 1]));
}

}  // namespace

std::vector<Round> CircleSchedule(int n) {
  std::vector<Round> rounds;
  if (n < 2) return rounds;
  const int m = n % 2 == 0 ? n : n + 1;  // host m-1 is the phantom when n is odd
  const int circle = m - 1;              // positions that rotate; host m-1 stays fixed
  rounds.reserve(circle);
  for (int r = 0; r < circle; ++r) {
    Round round;
    round.reserve(m / 2);
    // The fixed host meets the host at the rotation's head.
    if (m - 1 < n) round.push_back(Ordered(m - 1, r));
    for (int k = 1; k < m / 2; ++k) {
      const int a = (r + k) % circle;
      const int b = (r - k + circle) % circle;
      round.push_back(Ordered(a, b));
    }
    rounds.push_back(std::move(round));
  }
  return rounds;
}

std::vector<Round> QuickSchedule(const std::vector<int>& leaf_of_host) {
  // Hosts of each leaf, leaves in ascending order of their label.
  std::map<int, std::vector<int>> by_label;
  for (int h = 0; h < static_cast<int>(leaf_of_host.size()); ++h) by_label[leaf_of_host[h]].push_back(h);
  std::vector<std::vector<int>> leaves;
  std::vector<int> leaf_index(leaf_of_host.size());
  for (auto& [label, hosts] : by_label) {
    for (int h : hosts) leaf_index[h] = static_cast<int>(leaves.size());
    leaves.push_back(std::move(hosts));
  }
  const int leaf_count = static_cast<int>(leaves.size());

  std::vector<Round> rounds;
  const std::vector<Round> leaf_rounds = CircleSchedule(leaf_count);
  for (int r = 0; r < static_cast<int>(leaf_rounds.size()); ++r) {
    Round round;
    std::vector<bool> busy_leaf(leaf_count, false);
    for (auto [a, b] : leaf_rounds[r]) {
      busy_leaf[a] = busy_leaf[b] = true;
      const std::vector<int>* small = &leaves[a];
      const std::vector<int>* large = &leaves[b];
      if (small->size() > large->size()) std::swap(small, large);
      const int s = static_cast<int>(small->size());
      const int l = static_cast<int>(large->size());
      // Host k of the smaller leaf meets host (k + r) of the larger; the
      // larger leaf's hosts not met this round pair among themselves.
      std::vector<bool> met(l, false);
      for (int k = 0; k < s; ++k) {
        const int partner = (k + r) % l;
        met[partner] = true;
        round.push_back(Ordered((*small)[k], (*large)[partner]));
      }
      std::vector<int> leftover;
      for (int k = 0; k < l; ++k) {
        if (!met[k]) leftover.push_back((*large)[k]);
      }
      PairWithin(leftover, round);
    }
    for (int leaf = 0; leaf < leaf_count; ++leaf) {
      if (!busy_leaf[leaf]) PairWithin(leaves[leaf], round);
    }
    rounds.push_back(std::move(round));
  }

  // Which hosts still lack a same-leaf or an other-leaf partner.
  const int n = static_cast<int>(leaf_of_host.size());
  std::vector<bool> has_same(n, false), has_other(n, false);
  for (const Round& round : rounds) {
    for (auto [a, b] : round) {
      const bool same = leaf_index[a] == leaf_index[b];
      (same ? has_same : has_other)[a] = true;
      (same ? has_same : has_other)[b] = true;
    }
  }
  auto needs_same = [&](int h) { return !has_same[h] && leaves[leaf_index[h]].size() > 1; };
  auto needs_other = [&](int h) { return !has_other[h] && leaf_count > 1; };

  // Greedy extra rounds: each gives every host still in need a partner when
  // one is free; a round that helps nobody ends the loop.
  for (;;) {
    Round round;
    std::vector<bool> busy(n, false);
    auto add = [&](int a, int b) {
      busy[a] = busy[b] = true;
      round.push_back(Ordered(a, b));
      const bool same = leaf_index[a] == leaf_index[b];
      (same ? has_same : has_other)[a] = true;
      (same ? has_same : has_other)[b] = true;
    };
    bool helped = false;
    for (const std::vector<int>& hosts : leaves) {
      for (int h : hosts) {
        if (busy[h] || !needs_same(h)) continue;
        // Prefer another host in need, else any free host of the leaf.
        int partner = -1;
        for (int g : hosts) {
          if (g != h && !busy[g] && needs_same(g)) { partner = g; break; }
        }
        if (partner < 0) {
          for (int g : hosts) {
            if (g != h && !busy[g]) { partner = g; break; }
          }
        }
        if (partner >= 0) { add(h, partner); helped = true; }
      }
    }
    for (int h = 0; h < n; ++h) {
      if (busy[h] || !needs_other(h)) continue;
      int partner = -1;
      for (int g = 0; g < n; ++g) {
        if (!busy[g] && leaf_index[g] != leaf_index[h]) { partner = g; break; }
      }
      if (partner >= 0) { add(h, partner); helped = true; }
    }
    if (!helped) break;
    rounds.push_back(std::move(round));
  }
  return rounds;
}

int QuickScheduleRounds(int leaves, int hosts_per_leaf) {
  std::vector<int> leaf_of_host;
  leaf_of_host.reserve(static_cast<size_t>(leaves) * hosts_per_leaf);
  for (int leaf = 0; leaf < leaves; ++leaf) {
    for (int k = 0; k < hosts_per_leaf; ++k) leaf_of_host.push_back(leaf);
  }
  return static_cast<int>(QuickSchedule(leaf_of_host).size());
}

std::vector<int> LeafIndexOfHosts(const ClusterMap& map, const std::vector<std::string>& hosts) {
  absl::flat_hash_map<std::string, std::string> leaf_of;
  for (const FabricHost& host : map.hosts) {
    if (!host.switches.empty()) leaf_of[host.name] = host.switches.front();
  }
  absl::flat_hash_map<std::string, int> index_of_leaf;
  std::vector<int> leaves;
  for (const std::string& host : hosts) {
    auto it = leaf_of.find(host);
    const std::string leaf = it == leaf_of.end() ? absl::StrCat("(alone) ", host) : it->second;
    leaves.push_back(index_of_leaf.try_emplace(leaf, static_cast<int>(index_of_leaf.size())).first->second);
  }
  return leaves;
}

}  // namespace spinecheck

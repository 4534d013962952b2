// Round schedules: coverage, disjoint rounds and round counts.
#include "topology/localise/schedule.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>
#include <vector>

namespace spinecheck {
namespace {

// Every round's pairs are ordered, in range, and disjoint.
void ExpectWellFormed(const std::vector<Round>& rounds, int n) {
  for (size_t r = 0; r < rounds.size(); ++r) {
    std::vector<bool> busy(n, false);
    for (auto [a, b] : rounds[r]) {
      ASSERT_LT(a, b) << "round " << r;
      ASSERT_GE(a, 0);
      ASSERT_LT(b, n);
      EXPECT_FALSE(busy[a]) << "host " << a << " twice in round " << r;
      EXPECT_FALSE(busy[b]) << "host " << b << " twice in round " << r;
      busy[a] = busy[b] = true;
    }
  }
}

std::vector<int> Leaves(int leaves, int hosts_per_leaf) {
  std::vector<int> leaf_of_host;
  for (int leaf = 0; leaf < leaves; ++leaf) {
    for (int k = 0; k < hosts_per_leaf; ++k) leaf_of_host.push_back(leaf);
  }
  return leaf_of_host;
}

TEST(CircleScheduleTest, EveryPairExactlyOnce) {
  for (int n : {2, 3, 4, 5, 7, 8, 16, 31, 64}) {
    const std::vector<Round> rounds = CircleSchedule(n);
    ExpectWellFormed(rounds, n);
    EXPECT_EQ(rounds.size(), static_cast<size_t>(n % 2 == 0 ? n - 1 : n)) << n;
    std::set<std::pair<int, int>> seen;
    for (const Round& round : rounds) {
      EXPECT_EQ(round.size(), static_cast<size_t>(n / 2)) << n;
      for (const auto& pair : round) EXPECT_TRUE(seen.insert(pair).second) << n;
    }
    EXPECT_EQ(seen.size(), static_cast<size_t>(n * (n - 1) / 2)) << n;
  }
}

TEST(CircleScheduleTest, TooFewHostsGiveNoRounds) {
  EXPECT_TRUE(CircleSchedule(0).empty());
  EXPECT_TRUE(CircleSchedule(1).empty());
}

// Every host gets a same-leaf and an other-leaf partner, every pair of
// leaves meets, and rounds are disjoint.
void ExpectQuickCoverage(const std::vector<int>& leaf_of_host) {
  const int n = static_cast<int>(leaf_of_host.size());
  const std::vector<Round> rounds = QuickSchedule(leaf_of_host);
  ExpectWellFormed(rounds, n);
  int leaves = 0;
  for (int leaf : leaf_of_host) leaves = std::max(leaves, leaf + 1);
  std::vector<int> leaf_size(leaves, 0);
  for (int leaf : leaf_of_host) ++leaf_size[leaf];
  std::vector<bool> same(n, false), other(n, false);
  std::set<std::pair<int, int>> leaf_pairs;
  for (const Round& round : rounds) {
    for (auto [a, b] : round) {
      const int la = leaf_of_host[a], lb = leaf_of_host[b];
      if (la == lb) {
        same[a] = same[b] = true;
      } else {
        other[a] = other[b] = true;
        leaf_pairs.insert({std::min(la, lb), std::max(la, lb)});
      }
    }
  }
  for (int h = 0; h < n; ++h) {
    if (leaf_size[leaf_of_host[h]] > 1) {
      EXPECT_TRUE(same[h]) << "host " << h << " has no same-leaf partner";
    }
    if (leaves > 1) {
      EXPECT_TRUE(other[h]) << "host " << h << " has no other-leaf partner";
    }
  }
  EXPECT_EQ(leaf_pairs.size(), static_cast<size_t>(leaves * (leaves - 1) / 2));
}

TEST(QuickScheduleTest, CoversHostsAndLeafPairs) {
  ExpectQuickCoverage(Leaves(4, 4));
  ExpectQuickCoverage(Leaves(5, 3));   // odd leaves, odd hosts
  ExpectQuickCoverage(Leaves(2, 8));
  ExpectQuickCoverage(Leaves(1, 6));   // one leaf: same-leaf partners only
  ExpectQuickCoverage(Leaves(16, 1));  // one host per leaf
  ExpectQuickCoverage({0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 3});  // uneven leaves
}

TEST(QuickScheduleTest, DifferentHostsMeetAcrossRounds) {
  // Four leaves of four: each host meets 3 other-leaf hosts in 3 rounds, and
  // since host k meets host (k + round) they are not all host k.
  const std::vector<int> leaf_of_host = Leaves(4, 4);
  std::set<int> partners_of_0;
  for (const Round& round : QuickSchedule(leaf_of_host)) {
    for (auto [a, b] : round) {
      if (a == 0 && leaf_of_host[b] != 0) partners_of_0.insert(b % 4);
    }
  }
  EXPECT_GT(partners_of_0.size(), 1u);
}

TEST(QuickScheduleTest, RoundCounts) {
  // Leaf pairs by the circle method (L-1 rounds for even L), plus one round
  // of same-leaf pairs.
  EXPECT_EQ(QuickScheduleRounds(4, 4), 4);
  EXPECT_EQ(QuickScheduleRounds(64, 16), 64);
  // The figure next to CircleSchedule's N-1 = 4095 at 4096 hosts.
  EXPECT_EQ(QuickScheduleRounds(128, 32), 128);
}

}  // namespace
}  // namespace spinecheck

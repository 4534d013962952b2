// The retest plan: suspect pairs again, suspect hosts against good ones.
#include "topology/localise/retest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "topology/localise/synthetic.h"

namespace spinecheck {
namespace {

TEST(PlanRetestsTest, RemeasuresSuspectsAndPairsThemWithGoodHosts) {
  const ClusterMap map = MakeSpineLeafMap(4, 4);
  SyntheticLinks links;
  const LinkMatrices matrices = MakeLinkMatrices(map, links, {{"node05", 0.25, 1}});
  const LocaliseResult result = Localise(map, matrices);
  ASSERT_EQ(result.suspect_pairs.size(), 15u);
  const std::vector<Round> rounds = PlanRetests(result, map, matrices);

  std::set<std::pair<int, int>> planned;
  for (const Round& round : rounds) {
    std::vector<bool> busy(16, false);
    for (auto [a, b] : round) {
      ASSERT_LT(a, b);
      EXPECT_FALSE(busy[a] || busy[b]) << "pairs of a round must be disjoint";
      busy[a] = busy[b] = true;
      planned.insert({a, b});
    }
  }
  for (const auto& pair : result.suspect_pairs) EXPECT_TRUE(planned.count(pair)) << pair.first << "," << pair.second;
  // Every host is suspect here (each has a slow pair with node05), so there
  // is no known-good partner and the plan is the suspect pairs alone.
  EXPECT_EQ(planned.size(), 15u);
  EXPECT_EQ(rounds.size(), 15u);  // node05 is in all 15
}

TEST(PlanRetestsTest, GoodPartnersOnOwnLeafAndPeerLeaf) {
  // One slow pair: node01 (leaf00) <-> node13 (leaf03).
  const ClusterMap map = MakeSpineLeafMap(4, 4);
  LinkMatrices matrices = MakeLinkMatrices(map, SyntheticLinks{});
  matrices.bibw_gbps[1 * 16 + 13] = matrices.bibw_gbps[13 * 16 + 1] = 4;
  const LocaliseResult result = Localise(map, matrices);
  ASSERT_EQ(result.suspect_pairs, (std::vector<std::pair<int, int>>{{1, 13}}));
  std::set<std::pair<int, int>> planned;
  for (const Round& round : PlanRetests(result, map, matrices)) {
    for (const auto& pair : round) planned.insert(pair);
  }
  EXPECT_TRUE(planned.count({1, 13}));
  // Besides the pair itself: node01 with a good host on leaf00 and one on
  // leaf03; node13 with one on leaf03 and one on leaf00.
  std::vector<int> node01_partner_leaves, node13_partner_leaves;
  for (auto [a, b] : planned) {
    if (std::pair{a, b} == std::pair{1, 13}) continue;
    if (a == 1 || b == 1) node01_partner_leaves.push_back((a == 1 ? b : a) / 4);
    if (a == 13 || b == 13) node13_partner_leaves.push_back((a == 13 ? b : a) / 4);
  }
  std::sort(node01_partner_leaves.begin(), node01_partner_leaves.end());
  std::sort(node13_partner_leaves.begin(), node13_partner_leaves.end());
  EXPECT_EQ(node01_partner_leaves, (std::vector<int>{0, 3}));
  EXPECT_EQ(node13_partner_leaves, (std::vector<int>{0, 3}));
  EXPECT_EQ(planned.size(), 5u);
}

TEST(PlanRetestsTest, NothingSuspectPlansNothing) {
  const ClusterMap map = MakeSpineLeafMap(2, 2);
  const LinkMatrices matrices = MakeLinkMatrices(map, SyntheticLinks{});
  EXPECT_TRUE(PlanRetests(Localise(map, matrices), map, matrices).empty());
}

}  // namespace
}  // namespace spinecheck

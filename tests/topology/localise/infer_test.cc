// Leaves inferred from latency (and bandwidth).
#include "topology/localise/infer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "topology/localise/localise.h"
#include "topology/localise/synthetic.h"

namespace spinecheck {
namespace {

// The inferred leaf name of each host, in host order.
std::vector<std::string> LeafOfHosts(const ClusterMap& map) {
  std::vector<std::string> leaves;
  for (const FabricHost& host : map.hosts) leaves.push_back(host.switches.at(0));
  return leaves;
}

// Hosts h and g are on the same inferred leaf exactly when they are on the
// same true leaf (hosts_per_leaf consecutive hosts per leaf).
void ExpectGrouping(const ClusterMap& inferred, int hosts_per_leaf) {
  const std::vector<std::string> leaves = LeafOfHosts(inferred);
  for (size_t h = 0; h < leaves.size(); ++h) {
    for (size_t g = 0; g < leaves.size(); ++g) {
      EXPECT_EQ(leaves[h] == leaves[g], h / hosts_per_leaf == g / hosts_per_leaf) << h << " " << g;
    }
  }
}

TEST(InferLeavesTest, HealthyFabricGivesTheTrueLeaves) {
  const ClusterMap truth = MakeSpineLeafMap(4, 4);
  const ClusterMap inferred = InferLeaves(MakeLinkMatrices(truth, SyntheticLinks{}));
  ExpectGrouping(inferred, 4);
  EXPECT_EQ(inferred.source, "inferred from links (latency)");
  ASSERT_EQ(inferred.switches.size(), 5u);
  EXPECT_EQ(inferred.switches[0].name, "inferred-leaf00");
  EXPECT_EQ(inferred.switches[0].parents, (std::vector<std::string>{"inferred-spine"}));
  EXPECT_EQ(inferred.switches[4].name, "inferred-spine");
  EXPECT_EQ(inferred.switches[4].level, 1);
  EXPECT_EQ(inferred.hosts[0].name, "node00");
  EXPECT_EQ(inferred.links.size(), 16u + 4u);
}

TEST(InferLeavesTest, DegradedHostStillJoinsItsLeaf) {
  // node05: a quarter of the bandwidth to everyone and 1.6x the latency.
  const ClusterMap truth = MakeSpineLeafMap(4, 4);
  ExpectGrouping(InferLeaves(MakeLinkMatrices(truth, SyntheticLinks{}, {{"node05", 0.25, 1.6}})), 4);
}

TEST(InferLeavesTest, DegradedUplinkKeepsTheLeaves) {
  const ClusterMap truth = MakeSpineLeafMap(4, 4);
  ExpectGrouping(InferLeaves(MakeLinkMatrices(truth, SyntheticLinks{}, {{"leaf02<->spine00", 0.3, 1.5}})), 4);
}

TEST(InferLeavesTest, BandwidthAloneWhenNoLatency) {
  const ClusterMap truth = MakeSpineLeafMap(3, 4);
  SyntheticLinks links;
  links.same_leaf_gbps = 45;
  links.cross_leaf_gbps = 20;  // an oversubscribed spine
  links.noise = 0.03;
  LinkMatrices matrices = MakeLinkMatrices(truth, links);
  matrices.latency_us.clear();
  const ClusterMap inferred = InferLeaves(matrices);
  ExpectGrouping(inferred, 4);
  EXPECT_EQ(inferred.source, "inferred from links (bandwidth)");
}

TEST(InferLeavesTest, OneLeafHasNoSpine) {
  const ClusterMap truth = MakeSpineLeafMap(1, 6);
  const ClusterMap inferred = InferLeaves(MakeLinkMatrices(truth, SyntheticLinks{}));
  ExpectGrouping(inferred, 6);
  ASSERT_EQ(inferred.switches.size(), 1u);
  EXPECT_TRUE(inferred.switches[0].parents.empty());
}

TEST(InferLeavesTest, InferredMapLocalisesAnUplink) {
  // The inferred map is good enough for the localiser.
  const ClusterMap truth = MakeSpineLeafMap(4, 4);
  const LinkMatrices matrices = MakeLinkMatrices(truth, SyntheticLinks{}, {{"leaf01<->spine00", 0.25, 1}});
  const ClusterMap inferred = InferLeaves(matrices);
  const LocaliseResult result = Localise(inferred, matrices);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].component.id, "inferred-leaf01<->inferred-spine");
}

}  // namespace
}  // namespace spinecheck

namespace spinecheck {
namespace {

// Matrices measured on tools/vcluster (3 leaves x 2 hosts, leaf02's uplink
// degraded): latency there is scheduling noise with two stalled pairs, while
// bandwidth shows the leaves (same leaf 0.08 GB/s, across 0.055, through the
// degraded uplink 0.011). The bandwidth grouping agrees with its rows, the
// latency grouping does not.
TEST(InferLeavesTest, NoisyLatencyGivesWayToBandwidth) {
  LinkMatrices m;
  m.hosts = {"node01", "node02", "node03", "node04", "node05", "node06"};
  const float nan = LinkMatrices::kMissing;
  m.bibw_gbps = {nan,   0.079, 0.059, 0.057, 0.011, 0.010,  //
                 0.079, nan,   0.055, 0.053, 0.011, 0.012,  //
                 0.059, 0.055, nan,   0.077, 0.011, 0.010,  //
                 0.057, 0.053, 0.077, nan,   0.013, 0.012,  //
                 0.011, 0.011, 0.011, 0.013, nan,   0.078,  //
                 0.010, 0.012, 0.010, 0.012, 0.078, nan};
  m.latency_us = {nan,   6.5, 9.3, 7.9, 5.6, 530.1,  //
                  6.5,   nan, 8.3, 3.9, 530.0, 7.8,  //
                  9.3,   8.3, nan, 7.5, 7.9, 3.6,    //
                  7.9,   3.9, 7.5, nan, 5.7, 8.0,    //
                  5.6, 530.0, 7.9, 5.7, nan, 7.5,    //
                  530.1, 7.8, 3.6, 8.0, 7.5, nan};
  const ClusterMap inferred = InferLeaves(m);
  EXPECT_EQ(inferred.source, "inferred from links (bandwidth)");
  ExpectGrouping(inferred, 2);
}

}  // namespace
}  // namespace spinecheck

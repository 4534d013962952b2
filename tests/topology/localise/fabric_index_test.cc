// The fabric index: component ids, paths and classes on small maps.
#include "topology/localise/fabric_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "topology/localise/synthetic.h"

namespace spinecheck {
namespace {

std::vector<std::string> Ids(const FabricIndex& index, const FabricIndex::Path& path) {
  std::vector<std::string> ids;
  for (int c : path) ids.push_back(index.component(c).id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::string> HostNames(const ClusterMap& map) {
  std::vector<std::string> names;
  for (const FabricHost& host : map.hosts) names.push_back(host.name);
  return names;
}

TEST(FabricIndexTest, SameLeafPathIsTheTwoHostLinks) {
  const ClusterMap map = MakeSpineLeafMap(4, 4);
  const FabricIndex index(map, HostNames(map));
  EXPECT_EQ(Ids(index, index.PathComponents(0, 1)), (std::vector<std::string>{"node00", "node01"}));
  EXPECT_EQ(index.PathClass(0, 1), 2);
}

TEST(FabricIndexTest, CrossLeafPathClimbsToTheSpine) {
  const ClusterMap map = MakeSpineLeafMap(4, 4);
  const FabricIndex index(map, HostNames(map));
  EXPECT_EQ(Ids(index, index.PathComponents(1, 9)),
            (std::vector<std::string>{"leaf00<->spine00", "leaf02<->spine00", "node01", "node09", "spine00"}));
  EXPECT_EQ(index.PathClass(1, 9), 5);
  // Kinds and host lists.
  int uplink = -1;
  for (int c = 0; c < index.component_count(); ++c) {
    if (index.component(c).id == "leaf02<->spine00") uplink = c;
  }
  ASSERT_GE(uplink, 0);
  EXPECT_EQ(index.component(uplink).kind, ComponentKind::kLink);
  EXPECT_EQ(index.HostsBehind(uplink), (std::vector<int>{8, 9, 10, 11}));
  EXPECT_EQ(index.LowerSwitchName(uplink), "leaf02");
  EXPECT_EQ(index.UpperName(uplink), "spine00");
}

TEST(FabricIndexTest, SeveralParentsMakeOneUplinkGroup) {
  const ClusterMap map = MakeSpineLeafMap(2, 2, 2);
  const FabricIndex index(map, HostNames(map));
  EXPECT_EQ(Ids(index, index.PathComponents(0, 2)),
            (std::vector<std::string>{"leaf00<->{spine00,spine01}", "leaf01<->{spine00,spine01}", "node00", "node02",
                                      "spine00"}));
}

TEST(FabricIndexTest, ThreeLevelsClimbToTheLowestCommonAncestor) {
  ClusterMap map;
  map.switches = {{"leafA", 0, {"aggX"}}, {"leafB", 0, {"aggX"}}, {"leafC", 0, {"aggY"}},
                  {"aggX", 1, {"core"}},  {"aggY", 1, {"core"}},  {"core", 2, {}}};
  map.hosts = {{"a", {"leafA"}}, {"b", {"leafB"}}, {"c", {"leafC"}}};
  const FabricIndex index(map, {"a", "b", "c"});
  EXPECT_EQ(Ids(index, index.PathComponents(0, 1)),
            (std::vector<std::string>{"a", "aggX", "b", "leafA<->aggX", "leafB<->aggX"}));
  EXPECT_EQ(Ids(index, index.PathComponents(0, 2)),
            (std::vector<std::string>{"a", "aggX", "aggX<->core", "aggY", "aggY<->core", "c", "core",
                                      "leafA<->aggX", "leafC<->aggY"}));
  EXPECT_EQ(index.PathClass(0, 2), 9);
}

TEST(FabricIndexTest, HostsMissingFromTheMapAreTheirOwnLeafWithUnknownPaths) {
  const ClusterMap map = MakeSpineLeafMap(2, 2);
  const FabricIndex index(map, {"node00", "node01", "stranger", "other"});
  EXPECT_NE(index.LeafOf(2), index.LeafOf(3));
  EXPECT_NE(index.LeafOf(2), index.LeafOf(0));
  const FabricIndex::Path path = index.PathComponents(0, 2);
  EXPECT_FALSE(path.known);
  EXPECT_EQ(Ids(index, path), (std::vector<std::string>{"node00", "stranger"}));
  EXPECT_EQ(index.PathClass(0, 2), 0);
}

TEST(FabricIndexTest, LeafFromLinksWhenHostsNameNoSwitch) {
  ClusterMap map;
  map.switches = {{"leaf0", 0, {"spine"}}, {"leaf1", 0, {"spine"}}, {"spine", 1, {}}};
  map.links = {{"x", "leaf0", 0}, {"y", "leaf1", 0}, {"leaf0", "spine", 0}};
  const FabricIndex index(map, {"x", "y"});
  EXPECT_EQ(index.PathClass(0, 1), 5);
}

}  // namespace
}  // namespace spinecheck

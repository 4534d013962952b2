// Golden outputs of RenderDot and RenderTree on a small map: two spines, a
// leaf under both, a multi-rail host, a peer link and an unattached host.
#include "topology/fabric/render.h"

#include <gtest/gtest.h>

#include "topology/fabric/importers.h"

namespace spinecheck {
namespace {

ClusterMap SmallMap() {
  ClusterMap map;
  map.source = "test";
  map.hosts = {{"node001", {"leaf00"}}, {"node002", {"leaf00", "leaf01"}}, {"node003", {"leaf01"}}, {"lost", {}}};
  map.switches = {{"leaf00", 0, {"spine00", "spine01"}},
                  {"leaf01", 0, {"spine00"}},
                  {"spine00", 1, {}},
                  {"spine01", 1, {}}};
  map.links = {{"node001", "leaf00", 200}, {"node002", "leaf00", 200}, {"node002", "leaf01", 200},
               {"node003", "leaf01", 0},   {"leaf00", "spine00", 400},  {"leaf00", "spine01", 400},
               {"leaf01", "spine00", 400}, {"spine00", "spine01", 0}};
  return map;
}

TEST(RenderTest, SmallMapIsValid) { EXPECT_TRUE(ValidateClusterMap(SmallMap()).ok()) << ValidateClusterMap(SmallMap()); }

TEST(RenderTest, TreeGolden) {
  EXPECT_EQ(RenderTree(SmallMap()),
            "spine00 (peer link to spine01)\n"
            "  leaf00 (also under spine01)\n"
            "    node001\n"
            "    node002 (also on leaf01)\n"
            "  leaf01\n"
            "    node003\n"
            "spine01\n"
            "(unattached)\n"
            "  lost\n");
}

TEST(RenderTest, DotGolden) {
  EXPECT_EQ(RenderDot(SmallMap(), {FabricLinkId("leaf01", "spine00")}),
            "graph fabric {\n"
            "  label=\"test\";\n"
            "  labelloc=t;\n"
            "  rankdir=TB;\n"
            "  { rank=same; // level 1\n"
            "    \"spine00\" [shape=ellipse];\n"
            "    \"spine01\" [shape=ellipse];\n"
            "  }\n"
            "  { rank=same; // level 0\n"
            "    \"leaf00\" [shape=ellipse];\n"
            "    \"leaf01\" [shape=ellipse];\n"
            "  }\n"
            "  { rank=sink; // hosts\n"
            "    \"node001\" [shape=box];\n"
            "    \"node002\" [shape=box];\n"
            "    \"node003\" [shape=box];\n"
            "    \"lost\" [shape=box];\n"
            "  }\n"
            "  \"leaf00\" -- \"node001\" [label=\"200 Gb/s\"];\n"
            "  \"leaf00\" -- \"node002\" [label=\"200 Gb/s\"];\n"
            "  \"leaf01\" -- \"node002\" [label=\"200 Gb/s\"];\n"
            "  \"leaf01\" -- \"node003\";\n"
            "  \"spine00\" -- \"leaf00\" [label=\"400 Gb/s\"];\n"
            "  \"spine01\" -- \"leaf00\" [label=\"400 Gb/s\"];\n"
            "  \"spine00\" -- \"leaf01\" [label=\"400 Gb/s\", color=red, penwidth=3, style=bold];\n"
            "  \"spine01\" -- \"spine00\";\n"
            "}\n");
}

TEST(RenderTest, QuotesAreEscaped) {
  ClusterMap map;
  map.source = "a \"quoted\" source";
  map.switches = {{"MT43132 Mellanox \"x\"", 0, {}}};
  EXPECT_NE(RenderDot(map).find("\"MT43132 Mellanox \\\"x\\\"\" [shape=ellipse]"), std::string::npos);
  EXPECT_EQ(RenderTree(map), "MT43132 Mellanox \"x\"\n");
}

}  // namespace
}  // namespace spinecheck

// Malformed inputs of every importer: each is rejected with
// kInvalidArgument naming the file, the line (and column when known) and
// the reason.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/topology/fabric/fabric_test_util.h"
#include "topology/fabric/importers.h"

namespace spinecheck {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Case {
  const char* file;
  const char* text;
  TopologyFormat format;
  const char* where;   // expected "FILE:LINE[:COLUMN]: " after the folder
  const char* reason;  // expected part of the reason
};

class MalformedTest : public ::testing::TestWithParam<Case> {};

TEST_P(MalformedTest, RejectedWithFileLineAndReason) {
  const Case& c = GetParam();
  const std::string path = WriteTemp(c.file, c.text);
  auto map = ImportTopologyFile(path, c.format);
  ASSERT_FALSE(map.ok()) << c.file;
  EXPECT_EQ(map.status().code(), absl::StatusCode::kInvalidArgument) << map.status();
  const std::string folder = path.substr(0, path.size() - std::string(c.file).size());
  EXPECT_THAT(std::string(map.status().message()), StartsWith(folder + c.where)) << map.status();
  EXPECT_THAT(map.status().message(), HasSubstr(c.reason));
}

INSTANTIATE_TEST_SUITE_P(
    Importers, MalformedTest,
    ::testing::Values(
        Case{"unknown_switch.conf", "SwitchName=s0 Nodes=a\n\nSwitchName=s3 Switches=s[0-1,9]\n",
             TopologyFormat::kAuto, "unknown_switch.conf:3:24: ", "SwitchName=s3: Switches= names unknown switch 's1'"},
        Case{"unknown_key.conf", "SwitchName=s0 Node=a\n", TopologyFormat::kAuto, "unknown_key.conf:1:15: ",
             "unknown key 'Node'"},
        Case{"bracket.conf", "# c\nSwitchName=s0 Nodes=tux[0-3\n", TopologyFormat::kAuto, "bracket.conf:2:24: ",
             "'[' is not closed"},
        Case{"cycle.conf", "SwitchName=a Switches=b Nodes=h\nSwitchName=b Switches=c\nSwitchName=c Switches=b\n",
             TopologyFormat::kAuto, "cycle.conf:", "form a cycle"},
        Case{"two_leaves.conf", "SwitchName=s0 Nodes=n[1-4]\nSwitchName=s1 Nodes=n[4-8]\n", TopologyFormat::kAuto,
             "two_leaves.conf:2:21: ", "node 'n4' is under 's1' and also under 's0'"},
        Case{"empty.conf", "# nothing here\n\n", TopologyFormat::kAuto, "empty.conf: ", "no SwitchName="},
        Case{"mixed.conf", "SwitchName=s0 Nodes=a\nBlockName=b1 Nodes=c\n", TopologyFormat::kAuto, "mixed.conf:2:1: ",
             "are mixed"},
        Case{"twice.conf", "SwitchName=s0 Nodes=a\nSwitchName=s0 Nodes=b\n", TopologyFormat::kAuto,
             "twice.conf:2:12: ", "declared twice (first on line 1)"},
        Case{"range.conf", "SwitchName=s0 Nodes=n[9-2]\n", TopologyFormat::kAuto, "range.conf:1:23: ",
             "ends below its start"},
        Case{"no_instances.json", "# source: test\n{\"Reservations\": []}\n", TopologyFormat::kAuto,
             "no_instances.json: ", "no \"Instances\" list"},
        Case{"broken.json", "{\"Instances\": [\n  {\"InstanceId\": \"i-1\",}\n]}\n", TopologyFormat::kAuto,
             "broken.json:2:", "not valid JSON"},
        Case{"no_id.json", "{\"Instances\": [{\"NetworkNodes\": [\"nn-1\"]}]}", TopologyFormat::kAuto,
             "no_id.json: ", "Instances[0]: no InstanceId string"},
        Case{"flat.yaml", "- topology: f\n  cluster_default: true\n  flat: true\n", TopologyFormat::kAuto,
             "flat.yaml:1:3: ", "is flat"},
        Case{"key.yaml", "- topology: t\n  tree:\n    switches:\n    - switch: s0\n      hosts: n1\n",
             TopologyFormat::kAuto, "key.yaml:5:7: ", "unknown key 'hosts'"},
        Case{"children.yaml", "- topology: t\n  tree:\n    switches:\n    - switch: s0\n      children: s9\n",
             TopologyFormat::kAuto, "children.yaml:5:17: ", "children names unknown switch 's9'"},
        Case{"syntax.yaml", "- topology: t\n  tree: [\n", TopologyFormat::kAuto, "syntax.yaml:", "not valid YAML"},
        Case{"ring.conf", "RingName=ring0 Nodes=node[01-08]\n", TopologyFormat::kAuto, "ring.conf:1:1: ",
             "topology/ring"},
        Case{"junk.txt", "Switch 8 \"S-01\" # \"sw\"\n[1] \"H-02\"[1] # \"h1 HCA-1\" lid 1 4xEDR\nhello world\n",
             TopologyFormat::kIbnetdiscover, "junk.txt:3: ", "not an ibnetdiscover line"},
        Case{"port.txt", "vendid=0x2c9\n[1] \"H-02\"[1] # \"h1 HCA-1\" lid 1 4xEDR\n", TopologyFormat::kIbnetdiscover,
             "port.txt:2: ", "outside a node record"},
        Case{"badport.txt", "Switch 8 \"S-01\" # \"sw\"\n[1] H-02[1]\n", TopologyFormat::kIbnetdiscover,
             "badport.txt:2: ", "bad port line"},
        Case{"noswitch.txt", "Ca 1 \"H-01\" # \"h1 HCA-1\"\n[1](01) \"H-02\"[1] # lid 1 lmc 0 \"h2\" lid 2 4xEDR\n",
             TopologyFormat::kIbnetdiscover, "noswitch.txt: ", "no Switch record"},
        Case{"rows.csv", "host,leaf\nn1,l1\nn2\n", TopologyFormat::kAuto, "rows.csv:3:1: ", "1 field(s)"},
        Case{"emptyfield.csv", "n1, ,s1\n", TopologyFormat::kAuto, "emptyfield.csv:1:5: ", "leaf field is empty"},
        Case{"clash.csv", "n1,l1\nl1,l2\n", TopologyFormat::kAuto, "clash.csv:", "is a host and also a switch"},
        Case{"empty.csv", "# only a comment\n", TopologyFormat::kAuto, "empty.csv: ", "no host,leaf[,spine] row"}));

}  // namespace
}  // namespace spinecheck

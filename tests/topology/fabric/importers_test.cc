// The importers on the real files in tests/fixtures/topology, format
// detection, SLURM_TOPOLOGY_ADDR, validation and restriction.
#include "topology/fabric/importers.h"

#include "absl/strings/str_cat.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/topology/fabric/fabric_test_util.h"
#include "topology/fabric/ec2_topology.h"
#include "topology/fabric/ibnetdiscover.h"
#include "topology/fabric/slurm_addr.h"
#include "topology/fabric/slurm_conf.h"
#include "topology/fabric/slurm_yaml.h"

namespace spinecheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

ClusterMap Import(const std::string& file, TopologyFormat format = TopologyFormat::kAuto) {
  auto map = ImportTopologyFile(Fixture(file), format);
  EXPECT_TRUE(map.ok()) << map.status();
  return map.ok() ? *map : ClusterMap{};
}

TEST(SlurmConfTest, ManPageTreeExample) {
  const ClusterMap map = Import("slurm_man_topology.conf_tree_example.conf");
  EXPECT_EQ(map.source, "slurm topology.conf (" + Fixture("slurm_man_topology.conf_tree_example.conf") + ")");
  ASSERT_EQ(map.switches.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(map.switches[i].name, "s" + std::to_string(i));
    EXPECT_EQ(map.switches[i].level, 0);
    EXPECT_THAT(map.switches[i].parents, ElementsAre("s3"));
  }
  EXPECT_EQ(map.switches[3].name, "s3");
  EXPECT_EQ(map.switches[3].level, 1);
  EXPECT_TRUE(map.switches[3].parents.empty());
  ASSERT_EQ(map.hosts.size(), 18u);
  EXPECT_EQ(map.hosts.front().name, "dev0");
  EXPECT_THAT(FindHost(map, "dev11")->switches, ElementsAre("s1"));
  EXPECT_THAT(FindHost(map, "dev17")->switches, ElementsAre("s2"));
  ASSERT_EQ(map.links.size(), 18u + 3u);  // host links first, then uplinks
  EXPECT_EQ(map.links.front().lower, "dev0");
  EXPECT_EQ(map.links.back().lower, "s2");
  EXPECT_EQ(map.links.back().upper, "s3");
}

TEST(SlurmConfTest, BlockFilesMakeParentlessLevelZeroSwitches) {
  const ClusterMap man = Import("slurm_man_topology.conf_block_example.conf");
  ASSERT_EQ(man.switches.size(), 4u);
  EXPECT_EQ(man.hosts.size(), 128u);
  EXPECT_EQ(man.switches[3].name, "block4");
  EXPECT_EQ(man.switches[3].level, 0);
  EXPECT_TRUE(man.switches[3].parents.empty());
  EXPECT_THAT(FindHost(man, "node97")->switches, ElementsAre("block4"));

  const ClusterMap azure = Import("azure_cyclecloud_azslurm_nvlink_block.conf");
  EXPECT_EQ(azure.switches.size(), 4u);
  EXPECT_EQ(azure.hosts.size(), 18u + 16u + 8u + 9u);
  EXPECT_THAT(FindHost(azure, "ccw-1-3-gpu-400")->switches, ElementsAre("block1"));

  const ClusterMap topograph = Import("topograph_expected.slinky-dra-block.conf");
  EXPECT_EQ(topograph.switches.size(), 12u);
  EXPECT_EQ(topograph.hosts.size(), 96u);
  EXPECT_THAT(FindHost(topograph, "srv6208")->switches, ElementsAre("rack62"));
}

TEST(SlurmConfTest, MultiParentFatTreeAndPaddedHostlists) {
  const std::string path = WriteTemp("fat.conf",
                                     "# two spines\n"
                                     "SwitchName=leaf00 Nodes=node[001-016,020] LinkSpeed=100\n"
                                     "SwitchName=leaf01 Nodes=rack1-gpu[1-2],x\n"
                                     "switchname=spine00 switches=leaf[00-01]\n"
                                     "SwitchName=spine01 Switches=leaf0[0-1]\n"
                                     "SwitchName=core Switches=spine[00-01]\n");
  auto map = ImportTopologyFile(path, TopologyFormat::kSlurmConf);
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->hosts.size(), 20u);
  EXPECT_THAT(FindSwitch(*map, "leaf01")->parents, ElementsAre("spine00", "spine01"));
  EXPECT_EQ(FindSwitch(*map, "spine01")->level, 1);
  EXPECT_EQ(FindSwitch(*map, "core")->level, 2);
  EXPECT_EQ(map->switches.back().name, "core");
  EXPECT_NE(FindLink(*map, "leaf00", "spine01"), nullptr);
  EXPECT_THAT(FindHost(*map, "rack1-gpu2")->switches, ElementsAre("leaf01"));
}

// Found by the slurm_topology_yaml fuzz target: several hostlists of up to
// the per-expression bound each made a map of millions of hosts (minutes).
// A file may name kMaxHostlistNames hosts in all.
TEST(SlurmConfTest, AFileNamingTooManyHostsInAllIsRefused) {
  const auto conf = ParseSlurmTopologyConf(
      "SwitchName=s1 Nodes=a[0-199999]\nSwitchName=s2 Nodes=b[0-199999]\n", "topology.conf");
  ASSERT_FALSE(conf.ok());
  EXPECT_THAT(conf.status().message(), HasSubstr("topology.conf:2:"));
  EXPECT_THAT(conf.status().message(), HasSubstr("more than 262144 hosts in all"));
  const auto yaml = ParseSlurmTopologyYaml(
      "- topology: t\n  cluster_default: true\n  block:\n    blocks:\n    - block: b1\n      nodes: a[0-199999]\n"
      "    - block: b2\n      nodes: b[0-199999]\n",
      "topology.yaml");
  ASSERT_FALSE(yaml.ok());
  EXPECT_THAT(yaml.status().message(), HasSubstr("more than 262144 hosts in all"));
}

// Found by the slurm_topology_yaml fuzz target: a 474-byte file of hostlists
// with 250-character names under the host bound took 3.5 s and 780 MB. The
// names of a file take at most kMaxHostlistBytes (32 MiB) in all.
TEST(SlurmConfTest, AFileWhoseNamesTakeTooManyBytesIsRefused) {
  const std::string prefix(150, 'n');
  const std::string two_lists = absl::StrCat("SwitchName=s1 Nodes=a", prefix, "[000001-120000]\nSwitchName=s2 Nodes=b",
                                             prefix, "[000001-120000]\n");
  const auto conf = ParseSlurmTopologyConf(two_lists, "topology.conf");
  ASSERT_FALSE(conf.ok());
  EXPECT_THAT(conf.status().message(), HasSubstr("topology.conf:2:"));
  EXPECT_THAT(conf.status().message(), HasSubstr("host names take more than 32 MiB in all"));
}

TEST(SlurmYamlTest, ManPageExamplePicksTheClusterDefault) {
  const ClusterMap map = Import("slurm_man_topology.yaml_example.yaml");
  EXPECT_THAT(map.source, HasSubstr("topology topo1"));
  ASSERT_EQ(map.switches.size(), 1u);
  EXPECT_EQ(map.switches[0].name, "sw_root");
  EXPECT_EQ(map.switches[0].level, 0);
  ASSERT_EQ(map.hosts.size(), 4u);
  EXPECT_EQ(map.hosts[0].name, "node01");
  EXPECT_EQ(map.hosts[3].name, "node04");
}

TEST(SlurmYamlTest, TreeWithChildrenAndBlock) {
  const std::string tree = WriteTemp("tree.yaml",
                                     "- topology: t\n"
                                     "  cluster_default: true\n"
                                     "  tree:\n"
                                     "    switches:\n"
                                     "    - switch: s0\n"
                                     "      nodes: tux[0-3]\n"
                                     "    - switch: s1\n"
                                     "      nodes: tux[4-7]\n"
                                     "    - switch: s2\n"
                                     "      children: s[0-1]\n");
  auto map = ImportTopologyFile(tree, TopologyFormat::kAuto);
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->hosts.size(), 8u);
  EXPECT_EQ(FindSwitch(*map, "s2")->level, 1);
  EXPECT_THAT(FindSwitch(*map, "s1")->parents, ElementsAre("s2"));

  const std::string block = WriteTemp("block.yml",
                                      "- topology: b\n"
                                      "  block:\n"
                                      "    block_sizes: [4]\n"
                                      "    blocks:\n"
                                      "    - block: b1\n"
                                      "      nodes: n[1-4]\n"
                                      "    - block: b2\n"
                                      "      nodes: n[5-8]\n");
  map = ImportTopologyFile(block, TopologyFormat::kAuto);
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->switches.size(), 2u);
  EXPECT_THAT(FindHost(*map, "n5")->switches, ElementsAre("b2"));
}

TEST(IbnetdiscoverTest, RateNames) {
  EXPECT_EQ(IbLinkRateGbps("4xHDR"), 200);
  EXPECT_EQ(IbLinkRateGbps("4xNDR"), 400);
  EXPECT_EQ(IbLinkRateGbps("4xEDR"), 100);
  EXPECT_EQ(IbLinkRateGbps("4xFDR"), 56);
  EXPECT_EQ(IbLinkRateGbps("4xQDR"), 40);
  EXPECT_EQ(IbLinkRateGbps("1xSDR"), 2.5);
  EXPECT_EQ(IbLinkRateGbps("lid"), 0);
}

TEST(IbnetdiscoverTest, SuperbenchThreeTierHdrFabric) {
  const ClusterMap map = Import("superbench_topo_aware_faked_ibnetdiscover.txt");
  EXPECT_THAT(map.source, HasSubstr("ibnetdiscover ("));
  // 5 leaves (MQM8700), 2 chassis line cards (L01, L02), 1 spine card (S01);
  // the SHARP aggregation node on S01 is no host.
  ASSERT_EQ(map.switches.size(), 8u);
  ASSERT_EQ(map.hosts.size(), 10u);
  EXPECT_EQ(FindHost(map, "Mellanox"), nullptr);
  const FabricSwitch* leaf = FindSwitch(map, "rmd70-0101-0919-01ib0");
  ASSERT_NE(leaf, nullptr);
  EXPECT_EQ(leaf->level, 0);
  EXPECT_THAT(leaf->parents, ElementsAre("rmd70-0101-0908-01ib1-A/L01"));
  EXPECT_EQ(FindSwitch(map, "rmd70-0101-0908-01ib1-A/L02")->level, 1);
  EXPECT_EQ(FindSwitch(map, "rmd70-0101-0908-01ib1-A/S01")->level, 2);
  EXPECT_THAT(FindHost(map, "RMD701091901003")->switches, ElementsAre("rmd70-0101-0919-01ib0"));
  const FabricLink* link = FindLink(map, "RMD701091901003", "rmd70-0101-0919-01ib0");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->rate_gbps, 200);
  EXPECT_EQ(map.links.size(), 10u + 5u + 2u);
  for (const FabricLink& l : map.links) EXPECT_EQ(l.rate_gbps, 200) << l.lower;
}

TEST(IbnetdiscoverTest, SmallRealCaptures) {
  // IBM 2009: one switch, two hosts by their HCA descriptions.
  ClusterMap map = Import("ibtopotool_tests_2.topo.txt");
  ASSERT_EQ(map.switches.size(), 1u);
  EXPECT_EQ(map.switches[0].name, "MT43132 Mellanox Technologies");
  ASSERT_EQ(map.hosts.size(), 2u);
  EXPECT_EQ(map.hosts[0].name, "compute-00-01");
  EXPECT_EQ(FindLink(map, "compute-00-00", map.switches[0].name)->rate_gbps, 10);

  // Oracle 2002-era layout.
  map = Import("ibtopotool_tests_4.topo.txt");
  ASSERT_EQ(map.hosts.size(), 1u);
  EXPECT_EQ(map.hosts[0].name, "nsn33-43");
  EXPECT_EQ(map.links[0].rate_gbps, 40);

  // NVIDIA 2016: stderr preamble, self-loops, two leaves joined by a peer
  // cable, r-ufm101 on two HCAs of one leaf.
  map = Import("ibtopotool_tests_3.topo.txt");
  ASSERT_EQ(map.switches.size(), 2u);
  EXPECT_EQ(map.hosts.size(), 5u);
  EXPECT_EQ(FindSwitch(map, "switch-de779e")->level, 0);
  EXPECT_EQ(FindSwitch(map, "SwitchIB Mellanox Technologies")->level, 0);
  const FabricLink* peer = FindLink(map, "SwitchIB Mellanox Technologies", "switch-de779e");
  ASSERT_NE(peer, nullptr);
  EXPECT_EQ(peer->rate_gbps, 56);
  // Two CAs of r-ufm101 (4xQDR each) on one leaf: one link, rates summed.
  EXPECT_EQ(FindLink(map, "r-ufm101", "switch-de779e")->rate_gbps, 80);
  EXPECT_EQ(FindLink(map, "r-ufm111", "SwitchIB Mellanox Technologies")->rate_gbps, 56);
}

TEST(IbnetdiscoverTest, ManPageExampleNamesDefaultHcasByGuid) {
  const ClusterMap map = Import("rdma-core_manpage_example.txt");
  ASSERT_EQ(map.switches.size(), 2u);
  // Vendor-default CA descriptions carry no hostname.
  ASSERT_EQ(map.hosts.size(), 4u);
  EXPECT_NE(FindHost(map, "H-0008f10403960558"), nullptr);
  // Its two cables to the ISR9024 are one link: 4xSDR + 4xSDR.
  EXPECT_EQ(FindLink(map, "H-0008f10403960558", "ISR9024 Voltaire")->rate_gbps, 20);
}

TEST(IbnetdiscoverTest, TopographBadCaptureIsRejectedWithLine) {
  auto map = ImportTopologyFile(Fixture("topograph_example-bad.out.txt"), TopologyFormat::kAuto);
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(map.status().message(), HasSubstr("topograph_example-bad.out.txt:11: "));
  EXPECT_THAT(map.status().message(), HasSubstr("lists no port"));
  EXPECT_THAT(map.status().message(), HasSubstr("truncated"));
}

TEST(Ec2Test, AwsCliExampleGivesThreeLevels) {
  const ClusterMap map = Import("awscli_example_describe-instance-topology.json");
  EXPECT_THAT(map.source, HasSubstr("NextToken"));
  ASSERT_EQ(map.hosts.size(), 4u);
  EXPECT_EQ(map.hosts[0].name, "i-1111111111example");
  EXPECT_THAT(map.hosts[0].switches, ElementsAre("nn-3333333333example"));
  EXPECT_EQ(FindSwitch(map, "nn-3333333333example")->level, 0);
  EXPECT_THAT(FindSwitch(map, "nn-3333333333example")->parents, ElementsAre("nn-2222222222example"));
  EXPECT_EQ(FindSwitch(map, "nn-2222222222example")->level, 1);
  EXPECT_EQ(FindSwitch(map, "nn-1111111111example")->level, 2);
  EXPECT_EQ(FindSwitch(map, "nn-1212121212example")->level, 2);
  EXPECT_EQ(map.switches.size(), 8u);
  EXPECT_THAT(FindSwitch(map, "nn-5434334334example")->parents, ElementsAre("nn-1111111111example"));
}

// Found by the ec2_topology fuzz target: a number beyond a double's range
// made nlohmann-json throw out_of_range, which escaped the parser.
TEST(Ec2Test, ANumberOutOfRangeIsAnErrorNotACrash) {
  const auto map = ParseEc2InstanceTopology(R"({"Instances": [{"InstanceId": "i-1", "Zone": 1e999}]})", "t.json");
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(map.status().message(), HasSubstr("not valid JSON"));
}

TEST(Ec2Test, InstanceHostMap) {
  ImportOptions options;
  options.instance_hosts["i-2222222222example"] = "gpu02";
  auto map = ImportTopologyFile(Fixture("awscli_example_describe-instance-topology.json"), TopologyFormat::kEc2,
                                options);
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->hosts[1].name, "gpu02");
}

TEST(CsvTest, HeaderCommentsAndMultiRail) {
  const std::string path = WriteTemp("fabric.csv",
                                     "# cabling plan\n"
                                     "host,leaf,spine\n"
                                     "node001, leaf00, spine00\n"
                                     "node002,leaf00,spine01\n"
                                     "node002,leaf01,spine00\n"
                                     "node003,leaf01\n");
  auto map = ImportTopologyFile(path, TopologyFormat::kAuto);
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->hosts.size(), 3u);
  EXPECT_THAT(FindHost(*map, "node002")->switches, ElementsAre("leaf00", "leaf01"));
  EXPECT_THAT(FindSwitch(*map, "leaf00")->parents, ElementsAre("spine00", "spine01"));
  EXPECT_EQ(FindSwitch(*map, "spine01")->level, 1);

  auto headerless = ImportTopologyFile(WriteTemp("plain.csv", "a,l\nb,l\n"), TopologyFormat::kCsv);
  ASSERT_TRUE(headerless.ok()) << headerless.status();
  EXPECT_EQ(headerless->hosts.size(), 2u);
}

TEST(SlurmAddrTest, ParsesAndMerges) {
  auto path = ParseSlurmTopologyAddr("s2.s0.tux0", "switch.switch.node");
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(path->host, "tux0");
  EXPECT_THAT(path->switches, ElementsAre("s2", "s0"));
  auto alone = ParseSlurmTopologyAddr("tux9", "node");
  ASSERT_TRUE(alone.ok());
  EXPECT_TRUE(alone->switches.empty());
  EXPECT_THAT(ParseSlurmTopologyAddr("s2.tux0", "switch.switch.node").status().message(),
              HasSubstr("2 components in the address but 3"));
  EXPECT_THAT(ParseSlurmTopologyAddr("s2.tux0", "switch.rack").status().message(), HasSubstr("end in 'node'"));

  std::vector<HostPath> paths = {*path, *ParseSlurmTopologyAddr("s2.s1.tux4", "switch.switch.node"), *alone,
                                 *ParseSlurmTopologyAddr("s2.s0.tux0", "switch.switch.node")};
  auto map = ClusterMapFromHostPaths(paths, "SLURM_TOPOLOGY_ADDR");
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->source, "SLURM_TOPOLOGY_ADDR");
  EXPECT_EQ(map->hosts.size(), 3u);
  EXPECT_EQ(FindSwitch(*map, "s2")->level, 1);
  EXPECT_THAT(FindSwitch(*map, "s1")->parents, ElementsAre("s2"));
  EXPECT_TRUE(FindHost(*map, "tux9")->switches.empty());
  EXPECT_TRUE(ValidateClusterMap(*map).ok());

  paths.push_back(*ParseSlurmTopologyAddr("s2.s1.tux0", "switch.switch.node"));
  EXPECT_THAT(ClusterMapFromHostPaths(paths, "SLURM_TOPOLOGY_ADDR").status().message(), HasSubstr("two paths"));
}

TEST(FormatTest, NamesAndDetection) {
  EXPECT_EQ(*ParseTopologyFormat("slurm-conf"), TopologyFormat::kSlurmConf);
  EXPECT_EQ(*ParseTopologyFormat("ibnetdiscover"), TopologyFormat::kIbnetdiscover);
  EXPECT_EQ(*ParseTopologyFormat("auto"), TopologyFormat::kAuto);
  EXPECT_THAT(ParseTopologyFormat("xml").status().message(), HasSubstr("slurm-conf, slurm-yaml, ibnetdiscover, ec2, csv, auto"));
  EXPECT_EQ(*DetectTopologyFormat(Fixture("superbench_topo_aware_faked_ibnetdiscover.txt")),
            TopologyFormat::kIbnetdiscover);
  EXPECT_EQ(*DetectTopologyFormat(Fixture("ibtopotool_tests_3.topo.txt")), TopologyFormat::kIbnetdiscover);
  EXPECT_EQ(*DetectTopologyFormat(Fixture("slurm_man_topology.yaml_example.yaml")), TopologyFormat::kSlurmYaml);
  EXPECT_EQ(*DetectTopologyFormat(Fixture("awscli_example_describe-instance-topology.json")), TopologyFormat::kEc2);
  EXPECT_EQ(*DetectTopologyFormat(WriteTemp("topology", "SwitchName=s0 Nodes=a\n")), TopologyFormat::kSlurmConf);
  EXPECT_EQ(*DetectTopologyFormat(WriteTemp("topo.txt", "- topology: x\n  flat: true\n")), TopologyFormat::kSlurmYaml);
  EXPECT_EQ(*DetectTopologyFormat(WriteTemp("ec2.out", "{\"Instances\": []}")), TopologyFormat::kEc2);
  EXPECT_THAT(DetectTopologyFormat(WriteTemp("what.txt", "hello\n")).status().message(),
              HasSubstr("--topology-format"));
  EXPECT_EQ(DetectTopologyFormat("/nonexistent/topo.txt").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ImportTopologyFile("/nonexistent/topo.conf", TopologyFormat::kAuto).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(ValidateTest, RejectsBrokenMaps) {
  ClusterMap map;
  map.hosts = {{"h1", {"leaf"}}};
  map.switches = {{"leaf", 0, {"spine"}}, {"spine", 1, {}}};
  map.links = {{"h1", "leaf", 0}, {"leaf", "spine", 0}};
  EXPECT_TRUE(ValidateClusterMap(map).ok());

  ClusterMap bad = map;
  bad.switches[1].parents = {"leaf"};  // a cycle, levels out of order
  EXPECT_THAT(ValidateClusterMap(bad).message(), HasSubstr("a parent is above its child"));
  bad = map;
  bad.hosts.push_back({"leaf", {}});
  EXPECT_THAT(ValidateClusterMap(bad).message(), HasSubstr("both a host and a switch"));
  bad = map;
  bad.links.push_back({"h9", "leaf", 0});
  EXPECT_THAT(ValidateClusterMap(bad).message(), HasSubstr("not in the map"));
  bad = map;
  bad.hosts[0].switches = {"leaf9"};
  EXPECT_THAT(ValidateClusterMap(bad).message(), HasSubstr("unknown switch 'leaf9'"));
  bad = map;
  bad.links.push_back({"h1", "leaf", 0});
  EXPECT_THAT(ValidateClusterMap(bad).message(), HasSubstr("listed twice"));
}

TEST(RestrictTest, KeepsRunHostsAndTheirPathsAndReportsMissing) {
  const ClusterMap map = Import("slurm_man_topology.conf_tree_example.conf");
  std::vector<std::string> missing;
  const ClusterMap run = RestrictToHosts(map, {"dev0", "dev7", "ghost"}, &missing);
  EXPECT_THAT(missing, ElementsAre("ghost"));
  ASSERT_EQ(run.hosts.size(), 2u);
  ASSERT_EQ(run.switches.size(), 3u);
  EXPECT_EQ(run.switches[0].name, "s0");
  EXPECT_EQ(run.switches[1].name, "s1");
  EXPECT_EQ(run.switches[2].name, "s3");
  EXPECT_EQ(run.links.size(), 4u);
  EXPECT_EQ(run.source, map.source);
  EXPECT_TRUE(ValidateClusterMap(run).ok());
}

TEST(ScaleTest, FourThousandHostsImportQuickly) {
  std::string conf;
  for (int leaf = 0; leaf < 128; ++leaf) {
    conf += "SwitchName=leaf" + std::to_string(leaf) + " Nodes=n" + std::to_string(leaf) + "-[000-031]\n";
  }
  for (int spine = 0; spine < 8; ++spine) conf += "SwitchName=spine" + std::to_string(spine) + " Switches=leaf[0-127]\n";
  auto map = ImportTopologyFile(WriteTemp("big.conf", conf), TopologyFormat::kSlurmConf);
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->hosts.size(), 4096u);
  EXPECT_EQ(map->links.size(), 4096u + 128u * 8u);
  std::vector<std::string> hosts;
  for (const FabricHost& host : map->hosts) hosts.push_back(host.name);
  EXPECT_EQ(RestrictToHosts(*map, hosts).hosts.size(), 4096u);
}

}  // namespace
}  // namespace spinecheck

// `spinecheck links` end to end on the virtual cluster (tools/vcluster):
// real mpirun across network namespaces, real MPI traffic through veth
// cables whose rates tbf sets, a degraded cable slowed by the kernel. Exits
// 77 (SKIPPED, with the reason) where network namespaces are unavailable.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/tools/cli_test_support.h"
#include "tests/tools/process.h"

namespace spinecheck {
namespace {

using Json = nlohmann::json;

constexpr int kSkipExitCode = 77;

ProcessResult Vcluster(std::vector<std::string> args) {
  args.insert(args.begin(), SPINECHECK_VCLUSTER);
  return RunProcess(args, 60);
}

class LinksVclusterTest : public ::testing::Test {
 protected:
  void TearDown() override { Vcluster({"down"}); }

  // Builds the cluster; returns the path of the topology.conf it wrote.
  std::string Up(const std::vector<std::string>& shape) {
    std::vector<std::string> args = {"up"};
    args.insert(args.end(), shape.begin(), shape.end());
    const ProcessResult result = Vcluster(args);
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    std::string path = result.out.substr(result.out.find_last_of('\n', result.out.size() - 2) + 1);
    while (!path.empty() && path.back() == '\n') path.pop_back();
    return path;
  }

  // spinecheck links across every host, small messages so that a run takes seconds.
  ProcessResult Links(std::vector<std::string> args) {
    std::vector<std::string> argv = {"run", "--", SPINECHECK_BINARY, "links", "-b", "2M", "-n", "3",
                                     "--latency-iterations", "20"};
    if (std::find(args.begin(), args.end(), "-T") == args.end()) argv.insert(argv.end(), {"-T", "20"});
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.begin(), SPINECHECK_VCLUSTER);
    return RunProcess(argv, 400);
  }
};

std::set<std::string> Strings(const Json& array) {
  std::set<std::string> values;
  for (const Json& value : array) values.insert(value.get<std::string>());
  return values;
}

// kind:id of every "fail" finding.
std::set<std::string> Blamed(const Json& document) {
  std::set<std::string> blamed;
  for (const Json& finding : document["findings"]) {
    if (finding["severity"] == "fail") {
      blamed.insert(absl::StrCat(finding["component"]["kind"].get<std::string>(), ":",
                                 finding["component"]["id"].get<std::string>()));
    }
  }
  return blamed;
}

TEST_F(LinksVclusterTest, HealthyFabricHasNoFinding) {
  const std::string topology = Up({"--leaves", "3", "--hosts-per-leaf", "2"});
  const std::string json = TempPath("healthy.json");
  const ProcessResult result = Links({"--topology", topology, "--json", json});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const Json document = ReadJson(json);
  // Nothing blamed. A busy machine (the sanitized suite, a CI runner) can
  // leave a few slow or high-latency pairs that no component explains
  // (links.unexplained, links.high_latency_unexplained): a warning, never a
  // blame.
  for (const Json& finding : document["findings"]) {
    EXPECT_EQ(finding["severity"], "warn") << finding.dump(2);
    EXPECT_TRUE(absl::EndsWith(finding["check"].get<std::string>(), "unexplained")) << finding.dump(2);
  }
  EXPECT_TRUE(document["verdict"]["drain"].empty()) << document["verdict"].dump();
  EXPECT_EQ(document["links"]["hosts"].size(), 6u);
  EXPECT_EQ(document["links"]["rounds"], 5);
  for (size_t i = 0; i < 6; ++i) {
    for (size_t j = 0; j < 6; ++j) {
      if (i == j) continue;
      EXPECT_TRUE(document["links"]["bibw_gbps"][i][j].is_number()) << i << "," << j;
    }
  }
  EXPECT_TRUE(absl::StrContains(document["topology"]["source"].get<std::string>(), "topology.conf"));
}

TEST_F(LinksVclusterTest, DegradedUplinkIsBlamedWithTheHostsBehindIt) {
  const std::string topology = Up({"--leaves", "3", "--hosts-per-leaf", "2", "--degrade", "uplink:1=100"});
  const std::string json = TempPath("uplink.json");
  const ProcessResult result = Links({"--topology", topology, "--json", json});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const Json document = ReadJson(json);
  EXPECT_EQ(Blamed(document), std::set<std::string>{"link:leaf01<->spine00"}) << document["findings"].dump(2);
  for (const Json& finding : document["findings"]) {
    if (finding["severity"] == "fail") {
      EXPECT_EQ(Strings(finding["component"]["hosts"]), (std::set<std::string>{"node03", "node04"}));
    }
  }
}

TEST_F(LinksVclusterTest, DegradedHostLinkBlamesThatHostOnly) {
  const std::string topology = Up({"--leaves", "3", "--hosts-per-leaf", "2", "--degrade", "host:node05=100"});
  const std::string json = TempPath("host.json");
  const ProcessResult result = Links({"--topology", topology, "--json", json});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const Json document = ReadJson(json);
  EXPECT_EQ(Blamed(document), std::set<std::string>{"host:node05"}) << document["findings"].dump(2);
  EXPECT_EQ(document["verdict"]["drain"], Json::array({"node05"}));
}

// `spinecheck smoke` across the cluster: its links phase names the host
// behind the degraded cable, in the one FAIL line of that node.
TEST_F(LinksVclusterTest, SmokeNamesTheHostOfADegradedLink) {
  const std::string topology = Up({"--leaves", "3", "--hosts-per-leaf", "2", "--degrade", "host:node05=100"});
  const std::string json = TempPath("smoke.json");
  const ProcessResult result =
      RunProcess({SPINECHECK_VCLUSTER, "run", "--", SPINECHECK_BINARY, "smoke", "--device", "cpu", "--phases",
                  "inventory,sweep,links", "--budget", "60s", "-e", "4M", "--set", "links_bytes=2M", "--topology",
                  topology, "--json", json},
                 200);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const Json document = ReadJson(json);
  EXPECT_EQ(document["verdict"]["drain"], Json::array({"node05"})) << document["findings"].dump(2);
  EXPECT_TRUE(absl::StrContains(result.out, "spinecheck: FAIL node=node05 check=links.")) << result.out;
}

TEST_F(LinksVclusterTest, WithoutTopologyTheLeavesAreInferred) {
  Up({"--leaves", "3", "--hosts-per-leaf", "2", "--degrade", "uplink:2=100"});
  const std::string json = TempPath("inferred.json");
  const ProcessResult result = Links({"--json", json});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const Json document = ReadJson(json);
  EXPECT_TRUE(absl::StrContains(document["topology"]["source"].get<std::string>(), "inferred"));
  // node05 and node06 share a leaf, and no one else is on it; likewise the others.
  std::map<std::string, std::string> leaf_of;
  for (const Json& host : document["topology"]["hosts"]) leaf_of[host["name"]] = host["switches"][0];
  EXPECT_EQ(leaf_of["node01"], leaf_of["node02"]);
  EXPECT_EQ(leaf_of["node03"], leaf_of["node04"]);
  EXPECT_EQ(leaf_of["node05"], leaf_of["node06"]);
  EXPECT_EQ((std::set<std::string>{leaf_of["node01"], leaf_of["node03"], leaf_of["node05"]}).size(), 3u);
  // The slow uplink is the one above node05 and node06.
  bool uplink_found = false;
  for (const Json& finding : document["findings"]) {
    if (finding["severity"] != "fail") continue;
    uplink_found = true;
    EXPECT_EQ(Strings(finding["component"]["hosts"]), (std::set<std::string>{"node05", "node06"}));
  }
  EXPECT_TRUE(uplink_found) << document["findings"].dump(2);
}

TEST_F(LinksVclusterTest, QuickScheduleCoversEveryHostInFewerRounds) {
  const std::string topology = Up({"--leaves", "4", "--hosts-per-leaf", "2"});
  const std::string json = TempPath("quick.json");
  const ProcessResult result = Links({"--quick", "--topology", topology, "--json", json});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const Json document = ReadJson(json);
  EXPECT_EQ(document["links"]["schedule"], "quick");
  EXPECT_LT(document["links"]["rounds"].get<int>(), 7);
  for (size_t i = 0; i < 8; ++i) {
    int measured = 0;
    for (size_t j = 0; j < 8; ++j) measured += document["links"]["bibw_gbps"][i][j].is_number() ? 1 : 0;
    EXPECT_GE(measured, 2) << "host " << i;
  }
}

TEST_F(LinksVclusterTest, HungHostCostsOneTimeoutAndIsReported) {
  const std::string topology = Up({"--leaves", "2", "--hosts-per-leaf", "2"});
  const std::string json = TempPath("hang.json");
  const ProcessResult result = Links({"--topology", topology, "--json", json, "-T", "5", "--inject", "hang=2"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const Json document = ReadJson(json);
  EXPECT_EQ(Strings(document["links"]["unreachable"]), std::set<std::string>{"node03"});
  EXPECT_EQ(Blamed(document), std::set<std::string>{"host:node03"}) << document["findings"].dump(2);
  // The pairs between the other hosts were all measured.
  const std::vector<size_t> others = {0, 1, 3};
  for (size_t i : others) {
    for (size_t j : others) {
      if (i == j) continue;
      EXPECT_TRUE(document["links"]["bibw_gbps"][i][j].is_number()) << i << "," << j;
    }
  }
}

// A rank killed outright on another host: Open MPI ends the job with
// SIGTERM. Rank 0 cannot see another host's processes, so the run ends as
// interrupted, never a pass, with the pairs measured so far on disk.
TEST_F(LinksVclusterTest, KilledRankLeavesADocumentThatIsNotAPass) {
  const std::string topology = Up({"--leaves", "2", "--hosts-per-leaf", "2"});
  const std::string json = TempPath("killed.json");
  std::vector<std::string> argv = {SPINECHECK_VCLUSTER, "run", "--", SPINECHECK_BINARY, "links", "-b", "16M", "-n",
                                   "20", "--latency-iterations", "20", "-T", "20", "--topology", topology, "--json",
                                   json};
  const StartedProcess run = StartProcess(argv, /*timeout_s=*/180);
  pid_t victim = -1;
  for (int tries = 0; tries < 300 && victim < 0; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::ifstream in(json);
    const Json document = Json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.contains("world")) continue;
    for (const Json& host : document["world"]["hosts"]) {
      for (const Json& rank : host["ranks"]) {
        if (rank["rank"] == 2) victim = rank["pid"].get<pid_t>();
      }
    }
  }
  ASSERT_GT(victim, 0) << "no document naming rank 2's pid";
  std::this_thread::sleep_for(std::chrono::seconds(2));
  ASSERT_EQ(kill(victim, SIGKILL), 0);
  const ProcessResult result = WaitProcess(run);
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  const Json document = ReadJson(json);
  EXPECT_NE(document["state"], "completed") << document["verdict"].dump();
  EXPECT_NE(document["verdict"]["status"], "pass") << document["verdict"].dump();
  EXPECT_NE(document["verdict"]["exit_code"], 0);
  EXPECT_TRUE(document["verdict"]["drain"].empty()) << "a killed process is not proof of a bad node";
  std::printf("links, rank 2 killed: exit %d, verdict %s\n", result.exit_code, document["verdict"].dump().c_str());
}

TEST_F(LinksVclusterTest, TopoGathersEveryHostAndTheMap) {
  const std::string topology = Up({"--leaves", "2", "--hosts-per-leaf", "2"});
  const std::string json = TempPath("topo.json");
  const std::string dot = TempPath("topo.dot");
  const ProcessResult result = RunProcess(
      {SPINECHECK_VCLUSTER, "run", "--", SPINECHECK_BINARY, "topo", "--topology", topology, "--json", json, "--dot", dot},
      120);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const Json document = ReadJson(json);
  std::set<std::string> hosts;
  for (const Json& node : document["inventory"]) {
    hosts.insert(node["host"].get<std::string>());
    ASSERT_FALSE(node["nics"].empty()) << node.dump(2);
    EXPECT_EQ(node["nics"][0]["name"], "eth0");  // the host's cable to its leaf
  }
  EXPECT_EQ(hosts, (std::set<std::string>{"node01", "node02", "node03", "node04"}));
  EXPECT_TRUE(absl::StrContains(result.out, "    leaf01\n#       node03\n#       node04")) << result.out;
  std::ifstream in(dot);
  const std::string graph((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(absl::StrContains(graph, "leaf00")) << graph;
}

}  // namespace
}  // namespace spinecheck

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  spinecheck::AllowMpiRunAsRoot();
  const spinecheck::ProcessResult check = spinecheck::Vcluster({"check"});
  if (check.exit_code != 0) {
    std::printf("SKIPPED: needs network namespaces for the virtual cluster: %s%s\n", check.out.c_str(),
                check.err.c_str());
    return spinecheck::kSkipExitCode;
  }
  return RUN_ALL_TESTS();
}

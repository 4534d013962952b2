// `spinecheck links` bad input: each exits 2 naming the input and the fix,
// before anything is measured; and a launch with one host is a usage error
// too (the test needs two hosts).
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "tests/tools/cli_test_support.h"
#include "tests/tools/process.h"

namespace spinecheck {
namespace {

std::vector<std::string> Links(int ranks, std::vector<std::string> args) {
  std::vector<std::string> argv;
  if (ranks > 0) argv = {SPINECHECK_MPIEXEC, "--oversubscribe", "--allow-run-as-root", "-np", std::to_string(ranks)};
  argv.insert(argv.end(), {SPINECHECK_BINARY, "links"});
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = TempPath(name);
  std::ofstream(path) << text;
  return path;
}

TEST(LinksCliTest, BadInputExitsTwoNamingTheInput) {
  AllowMpiRunAsRoot();
  const std::string bad_conf = WriteFile("bad.conf", "SwitchName=leaf0 Nodes=node[01-04\n");
  const std::string not_links = WriteFile("not_links.json", "{\"schema\": \"spinecheck.run/1\"}\n");
  const std::vector<BadInput> cases = {
      {{"-b", "12X"}, "--bandwidth-bytes: invalid size '12X'"},
      {{"-b", "0"}, "--bandwidth-bytes: '0' must be between 1 and 1G"},
      {{"--latency-bytes", "2G"}, "--latency-bytes: '2G' must be between 1 and 1M"},
      {{"-n", "0"}, "--repetitions"},
      {{"-n", "1000000000"}, "--repetitions"},
      {{"--latency-iterations", "0"}, "--latency-iterations"},
      {{"-T", "0"}, "--timeout"},
      {{"-T", "1e300"}, "at most"},
      {{"--latency-tolerance", "inf"}, "--latency-tolerance"},
      {{"--baseline-tolerance", "-5"}, "--baseline-tolerance"},
      {{"--tolerance", "1.5"}, "--tolerance"},
      {{"--topology-format", "gml"}, "--topology-format"},
      {{"--baseline", "/nonexistent/links.json"}, "/nonexistent/links.json"},
      {{"--baseline", not_links}, "links"},
      {{"--inject", "slow=1:0.5"}, "hang=RANK"},
      {{"--topology", "/nonexistent/topology.conf"}, "/nonexistent/topology.conf"},
      {{"--topology", bad_conf}, bad_conf},
  };
  for (const BadInput& bad : cases) {
    const ProcessResult result = RunProcess(Links(0, bad.args));
    EXPECT_EQ(result.exit_code, 2) << bad.args[0] << " " << bad.args[1] << "\n" << result.out << result.err;
    EXPECT_TRUE(absl::StrContains(result.err, bad.must_mention)) << bad.must_mention << " not in: " << result.err;
  }
}

TEST(LinksCliTest, TopoBadInputExitsTwoNamingTheInput) {
  AllowMpiRunAsRoot();
  const std::string bad_conf = WriteFile("topo_bad.conf", "SwitchName=s0 Switches=s9\n");
  const std::string not_links = WriteFile("topo_not_links.json", "[]\n");
  const std::vector<BadInput> cases = {
      {{"--topology-format", "gml"}, "--topology-format"},
      {{"--topology", bad_conf}, bad_conf},
      {{"--from-links", not_links}, not_links},
      {{"--dot", "/nonexistent/fabric.dot"}, "--dot: cannot write /nonexistent/fabric.dot"},
      {{"--dot", ""}, "--dot: an empty value"},
  };
  for (const BadInput& bad : cases) {
    std::vector<std::string> argv = {SPINECHECK_BINARY, "topo"};
    argv.insert(argv.end(), bad.args.begin(), bad.args.end());
    const ProcessResult result = RunProcess(argv);
    EXPECT_EQ(result.exit_code, 2) << bad.args[0] << "\n" << result.out << result.err;
    EXPECT_TRUE(absl::StrContains(result.err, bad.must_mention)) << bad.must_mention << " not in: " << result.err;
  }
}

TEST(LinksCliTest, OneHostIsAUsageError) {
  AllowMpiRunAsRoot();
  const std::string json = TempPath("alone.json");
  const ProcessResult result = RunProcess(Links(2, {"--json", json}));
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_TRUE(absl::StrContains(result.err, "at least 2 hosts")) << result.err;
  EXPECT_EQ(ReadJson(json)["verdict"]["status"], "usage");
}

}  // namespace
}  // namespace spinecheck

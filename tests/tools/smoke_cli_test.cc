// `spinecheck smoke` end to end under mpirun, as a Slurm prolog runs it: a
// clean run passes within its budget, a corrupted rank's host is named in
// exactly one FAIL line, a hung rank cannot hold the run past its budget,
// --per-node runs alone, and bad input exits 2 naming it.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/tools/cli_test_support.h"
#include "tests/tools/process.h"

namespace spinecheck {
namespace {

using Json = nlohmann::json;

// The smoke test on CPUs with a GEMM small enough for an oversubscribed
// machine. Four ranks time-share fewer cores here, so a rank's GEMM rate
// swings by 20% or more with the scheduler: the outlier tolerance is wide
// (the burn verdicts have their own tests); the faults under test are
// mismatches, wrong data and lost ranks, which no tolerance hides.
std::vector<std::string> Smoke(int ranks, std::vector<std::string> args) {
  std::vector<std::string> argv;
  if (ranks > 0) argv = {SPINECHECK_MPIEXEC, "--oversubscribe", "--allow-run-as-root", "-np", absl::StrCat(ranks)};
  argv.insert(argv.end(), {SPINECHECK_BINARY, "smoke", "--device", "cpu", "--set", "burn_gemm_size=768"});
  if (std::find(args.begin(), args.end(), "--tolerance") == args.end()) argv.insert(argv.end(), {"--tolerance", "0.6"});
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

struct Timed {
  ProcessResult result;
  double seconds = 0;
};

Timed RunTimed(const std::vector<std::string>& argv, int timeout_s = 300) {
  const auto start = std::chrono::steady_clock::now();
  Timed timed;
  timed.result = RunProcess(argv, timeout_s);
  timed.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return timed;
}

std::vector<std::string> LinesStartingWith(const std::string& text, const std::string& prefix) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(line, prefix)) lines.emplace_back(line);
  }
  return lines;
}

// The host of world rank `rank` in the document's world.
std::string HostOfRank(const Json& document, int rank) {
  for (const Json& host : document["world"]["hosts"]) {
    for (const Json& entry : host["ranks"]) {
      if (entry["rank"] == rank) return host["host"];
    }
  }
  return "";
}

// How many of the document's results are of `kind` ("collective", "burn").
size_t ResultsOfKind(const Json& document, const std::string& kind) {
  size_t count = 0;
  for (const Json& result : document["results"]) count += result["kind"] == kind ? 1 : 0;
  return count;
}

class SmokeCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { AllowMpiRunAsRoot(); }
};

TEST_F(SmokeCliTest, BadInputExitsTwoNamingTheInput) {
  const std::string profile = TempPath("bad.profile");
  {
    std::ofstream out(profile);
    out << "# a profile\nbudget = 40s\nburn_speed = fast\n";
  }
  const std::vector<BadInput> cases = {
      {{"--budget", "soon"}, "--budget"},
      {{"--budget", "5s"}, "--budget"},
      {{"--budget", "0"}, "--budget"},
      {{"--budget", ""}, "--budget: an empty value"},
      {{"--phases", ""}, "--phases: an empty value"},
      {{"--burn-duration", "99999999999h"}, "at most"},
      {{"--tolerance", "nan"}, "--tolerance"},
      {{"--profile", "nightly"}, "'nightly' is neither a built-in profile"},
      {{"--profile", profile}, absl::StrCat(profile, ":3: unknown key 'burn_speed'")},
      {{"--set", "sweep_iters=0"}, "sweep_iters"},
      {{"--set", "frobnicate=1"}, "unknown key 'frobnicate'"},
      {{"--tolerance", "2"}, "--tolerance"},
      {{"--collective", "all_shuffle"}, "all_shuffle"},
      {{"--set", "burn_checks=,"}, "burn_checks: no check named: give 'all' or names from gemm, memory, copy"},
      {{"--links", "some"}, "--links"},
      {{"--inject", "slow=1:2"}, "slow=RANK:FACTOR"},
      {{"--json", "x.json", "--html", "./x.json"}, "--json and --html name the same file"},
  };
  for (const BadInput& bad : cases) {
    const ProcessResult result = RunProcess(Smoke(0, bad.args));
    EXPECT_EQ(result.exit_code, 2) << bad.args[0] << " " << bad.args[1] << "\n" << result.err;
    EXPECT_TRUE(absl::StrContains(result.err, bad.must_mention))
        << "stderr should mention '" << bad.must_mention << "':\n" << result.err;
  }
}

TEST_F(SmokeCliTest, CleanRunOnFourRanksPassesWithinItsBudget) {
  const std::string json = TempPath("clean.json");
  const Timed run = RunTimed(Smoke(4, {"--json", json}));
  ASSERT_EQ(run.result.exit_code, 0) << run.result.out << run.result.err;
  // The default budget is 50 s; the launcher's start and end come on top.
  EXPECT_LT(run.seconds, 50 + 5) << run.result.out;
  std::printf("clean smoke, 4 ranks, default budget: %.1f s\n", run.seconds);
  EXPECT_TRUE(absl::StrContains(run.result.out, "spinecheck: verdict=pass")) << run.result.out;
  EXPECT_TRUE(LinesStartingWith(run.result.out, "spinecheck: FAIL").empty()) << run.result.out;
  for (const char* phase : {"# inventory", "# burn", "# sweep"}) {
    EXPECT_TRUE(absl::StrContains(run.result.out, phase)) << "no summary for " << phase << ":\n" << run.result.out;
  }
  const Json document = ReadJson(json);
  EXPECT_EQ(document["command"], "smoke");
  EXPECT_EQ(document["verdict"]["status"], "pass");
  EXPECT_EQ(document["state"], "completed");
  EXPECT_EQ(document["world"]["size"], 4);
  EXPECT_GT(ResultsOfKind(document, "burn"), 0u);
  EXPECT_GT(ResultsOfKind(document, "collective"), 0u);
  EXPECT_TRUE(absl::StrContains(document["config"].dump(), "\"smoke\"")) << document["config"].dump();
}

TEST_F(SmokeCliTest, CorruptedRankNamesItsHostInOneFailLine) {
  const std::string json = TempPath("corrupt.json");
  const std::string html = TempPath("corrupt.html");
  const Timed run =
      RunTimed(Smoke(4, {"--budget", "40s", "--inject", "corrupt=2", "--json", json, "--html", html}));
  ASSERT_EQ(run.result.exit_code, 1) << run.result.out << run.result.err;
  const Json document = ReadJson(json);
  const std::string host = HostOfRank(document, 2);
  ASSERT_FALSE(host.empty()) << document["world"].dump();
  const std::vector<std::string> fails = LinesStartingWith(run.result.out, "spinecheck: FAIL");
  ASSERT_EQ(fails.size(), 1u) << run.result.out;
  EXPECT_TRUE(absl::StrContains(fails[0], absl::StrCat("node=", host, " "))) << fails[0];
  EXPECT_TRUE(absl::StrContains(fails[0], "ranks=2 ")) << fails[0];
  // Every finding blames rank 2 and no other.
  ASSERT_FALSE(document["findings"].empty());
  for (const Json& finding : document["findings"]) {
    EXPECT_EQ(finding["ranks"], Json::array({2})) << finding.dump();
  }
  EXPECT_EQ(document["verdict"]["drain"], Json::array({host}));
  // The report page of the run, written when it ended, names the blamed host in its action list.
  std::ifstream page_file(html);
  ASSERT_TRUE(page_file.good()) << "no page at " << html;
  const std::string page((std::istreambuf_iterator<char>(page_file)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(absl::StrContains(page, "id=\"actions\"")) << html;
  EXPECT_TRUE(absl::StrContains(page, absl::StrCat(">", host, "<"))) << html;
}

TEST_F(SmokeCliTest, HungRankCannotHoldTheRunPastItsBudget) {
  const std::string json = TempPath("hang.json");
  const Timed run = RunTimed(Smoke(4, {"--budget", "20s", "--inject", "hang=3", "--json", json}), 120);
  std::printf("hung rank, --budget 20s: ended after %.1f s with exit %d\n", run.seconds, run.result.exit_code);
  EXPECT_EQ(run.result.exit_code, 4) << run.result.out << run.result.err;
  // The documented margin: the budget plus 2 s, plus the launcher's teardown.
  EXPECT_LT(run.seconds, 20 + 4) << run.result.out << run.result.err;
  const Json document = ReadJson(json);
  EXPECT_EQ(document["state"], "timeout");
  EXPECT_EQ(document["verdict"]["exit_code"], 4);
  // The phases before the hang were kept: the inventory and the first burn check.
  EXPECT_GT(ResultsOfKind(document, "burn"), 0u);
  std::set<int> missing;
  for (const Json& finding : document["findings"]) {
    if (finding["check"] == "world.arrival") missing.insert(finding["ranks"][0].get<int>());
  }
  EXPECT_EQ(missing, std::set<int>({3})) << document["findings"].dump(1);
  EXPECT_TRUE(absl::StrContains(run.result.out + run.result.err, "burn")) << "the timeout should name the phase";
  const std::vector<std::string> fails = LinesStartingWith(run.result.out, "spinecheck: FAIL");
  ASSERT_EQ(fails.size(), 1u) << run.result.out;
  EXPECT_TRUE(absl::StrContains(fails[0], "check=world.arrival")) << fails[0];
}

TEST_F(SmokeCliTest, PerNodeAlonePasses) {
  const std::string json = TempPath("per_node.json");
  const Timed run = RunTimed(Smoke(0, {"--per-node", "--budget", "30s", "--json", json}));
  ASSERT_EQ(run.result.exit_code, 0) << run.result.out << run.result.err;
  EXPECT_LT(run.seconds, 30 + 3);
  const Json document = ReadJson(json);
  EXPECT_EQ(document["verdict"]["status"], "pass");
  EXPECT_TRUE(absl::StrContains(document["skipped"].dump(), "--per-node")) << document["skipped"].dump();
}

TEST_F(SmokeCliTest, ProfileSettingsAndOverridesReachTheDocument) {
  const std::string json = TempPath("quick.json");
  const ProcessResult result = RunProcess(
      Smoke(0, {"--profile", "quick", "--phases", "inventory", "--burn-duration", "7s", "--per-node", "--json", json}));
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const std::string config = ReadJson(json)["config"].dump();
  EXPECT_TRUE(absl::StrContains(config, "\"quick\"")) << config;
  EXPECT_TRUE(absl::StrContains(config, "\"burn_duration_s\":7")) << config;
  EXPECT_TRUE(absl::StrContains(config, "\"sweep_collectives\":\"all\"")) << config;
}

}  // namespace
}  // namespace spinecheck

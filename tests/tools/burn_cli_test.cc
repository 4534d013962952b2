// `spinecheck burn` end to end under mpirun, as an operator runs it: bad
// input, a clean burn, and each testing fault (corrupt, slow, hang) blaming
// the device it was injected on and no other.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/tools/cli_test_support.h"
#include "tests/tools/process.h"

namespace spinecheck {
namespace {

using Json = nlohmann::json;

// A short CPU burn unless the test sets these flags: small GEMMs, and
// buffers larger than the caches (a cache-sized buffer measures the cache,
// with noise to match).
std::vector<std::string> Burn(int ranks, std::vector<std::string> args) {
  std::vector<std::string> argv;
  if (ranks > 0) argv = {SPINECHECK_MPIEXEC, "--oversubscribe", "--allow-run-as-root", "-np", absl::StrCat(ranks)};
  argv.insert(argv.end(), {SPINECHECK_BINARY, "burn"});
  for (const auto& [flag, value] : {std::pair<std::string, std::string>{"--device", "cpu"},
                                    {"--gemm-size", "768"},
                                    {"--memory-size", "64M"}}) {
    if (std::find(args.begin(), args.end(), flag) == args.end()) argv.insert(argv.end(), {flag, value});
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// The ranks named by the document's findings.
std::set<int> BlamedRanks(const Json& document) {
  std::set<int> ranks;
  for (const Json& finding : document["findings"]) {
    for (int rank : finding["ranks"]) ranks.insert(rank);
  }
  return ranks;
}

std::set<std::string> FindingChecks(const Json& document) {
  std::set<std::string> checks;
  for (const Json& finding : document["findings"]) checks.insert(finding["check"].get<std::string>());
  return checks;
}

class BurnCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    AllowMpiRunAsRoot();
  }
};

TEST_F(BurnCliTest, BadInputExitsTwoNamingTheInput) {
  const std::vector<BadInput> cases = {
      {{"--duration", "0"}, "--duration"},
      {{"--duration", "soon"}, "invalid duration 'soon'"},
      {{"--checks", "gemm,smoke"}, "known: gemm, memory, copy"},
      {{"--types", "fp7"}, "unknown GEMM type 'fp7'"},
      {{"--tolerance", "1.5"}, "--tolerance"},
      {{"--memory-size", "12Q"}, "--memory-size"},
      {{"--dcgm-level", "7"}, "--dcgm-level: Value 7 not in range 0 to 4"},
      {{"--device", "tpu"}, "--device: tpu not in {gpu,cpu,auto}"},
      {{"--inject", "slow=1:2"}, "slow=RANK:FACTOR"},
      {{"--thresholds", "/nonexistent/thresholds.csv"}, "/nonexistent/thresholds.csv"},
      {{"--gemm-size", "1"}, "--gemm-size: '1' must be 0 (the default) or from 2 to 65536"},
      {{"--copy-size", "0"}, "--copy-size: '0' must be at least 1"},
      {{"--baseline", "/nonexistent/baseline.json"}, "--baseline: /nonexistent/baseline.json: cannot be read"},
      {{"--expect-devices", "-1"}, "--expect-devices: Value -1 not in range 0 to 4096"},
      {{"-T", "-1"}, "--timeout: '-1' must be 0 (no deadline) or a number of seconds"},
      {{"--types", ","}, "--types: ',' names no GEMM type"},
      {{"--duration", "99999999999h"}, "--duration: invalid duration '99999999999h': it must be at most"},
      {{"--duration", ""}, "--duration: an empty value"},
      {{"--tolerance", "nan"}, "--tolerance"},
      {{"--tolerance", "-0.2"}, "--tolerance"},
      {{"--baseline-tolerance", "-5"}, "--baseline-tolerance"},
      {{"-T", "1e300"}, "--timeout"},
  };
  for (const BadInput& bad : cases) {
    const ProcessResult result = RunProcess(Burn(0, bad.args));
    EXPECT_EQ(result.exit_code, 2) << absl::StrCat(bad.args[0], " ", bad.args[1]) << "\n" << result.err;
    EXPECT_TRUE(absl::StrContains(result.err, bad.must_mention)) << bad.must_mention << " not in: " << result.err;
  }
}

TEST_F(BurnCliTest, MalformedThresholdsFileIsAUsageErrorNamingIt) {
  const std::string csv = TempPath("bad_thresholds.csv");
  std::ofstream(csv) << "model,fp64_tflops\nH100,lots\n";
  const ProcessResult result = RunProcess(Burn(0, {"--thresholds", csv}));
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(absl::StrContains(result.err, csv)) << result.err;
}

TEST_F(BurnCliTest, InjectedRankOutsideTheJobIsAUsageError) {
  const std::string json = TempPath("outside.json");
  const ProcessResult result = RunProcess(Burn(2, {"--duration", "1s", "--inject", "corrupt=5", "--json", json}));
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(absl::StrContains(result.err, "corrupt=5: not a rank of this job (ranks 0-1)")) << result.err;
  EXPECT_EQ(ReadJson(json)["verdict"]["exit_code"], 2);
}

TEST_F(BurnCliTest, CleanBurnOnFourRanksPasses) {
  const std::string json = TempPath("clean.json");
  const ProcessResult result = RunProcess(Burn(4, {"--duration", "4s", "--json", json}));
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(absl::StrContains(result.out, "verdict=pass exit=0")) << result.out;
  const Json document = ReadJson(json);
  EXPECT_EQ(document["command"], "burn");
  EXPECT_EQ(document["state"], "completed");
  // Nothing blamed: four ranks share this machine's cores, so a slow
  // measurement may be suspected, but its retest beside a reference peer
  // must clear it (a warning at most).
  for (const Json& finding : document["findings"]) {
    EXPECT_EQ(finding["severity"], "warn") << finding.dump(2);
    EXPECT_TRUE(absl::EndsWith(finding["check"].get<std::string>(), ".unconfirmed_outlier")) << finding.dump(2);
  }
  EXPECT_TRUE(document["verdict"]["drain"].empty()) << document["verdict"].dump();
  // Per rank: gemm fp64 and fp32, three memory patterns, memcpy; four GEMM types skipped.
  std::map<int, int> measured;
  for (const Json& result_row : document["results"]) {
    if (result_row["kind"] == "burn_retest") continue;
    ASSERT_EQ(result_row["kind"], "burn");
    if (result_row["status"] != "measured") {
      EXPECT_EQ(result_row["status"], "skipped");
      continue;
    }
    ++measured[result_row["rank"].get<int>()];
    EXPECT_GT(result_row["value"].get<double>(), 0) << result_row.dump();
    EXPECT_EQ(result_row["mismatches"], 0) << result_row.dump();
    EXPECT_GT(result_row["checked_elements"].get<int64_t>(), 0) << result_row.dump();
  }
  EXPECT_EQ(measured, (std::map<int, int>{{0, 6}, {1, 6}, {2, 6}, {3, 6}}));
  ASSERT_EQ(document["telemetry"].size(), 4u);
  for (const Json& t : document["telemetry"]) {
    EXPECT_FALSE(t["available"].get<bool>());
    EXPECT_FALSE(t["reason"].get<std::string>().empty());
  }
}

TEST_F(BurnCliTest, CorruptedGemmOutputNamesThatDeviceOnly) {
  const std::string json = TempPath("corrupt.json");
  const ProcessResult result = RunProcess(Burn(4, {"--duration", "4s", "--inject", "corrupt=2", "--json", json}));
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;
  const Json document = ReadJson(json);
  EXPECT_EQ(BlamedRanks(document), std::set<int>{2}) << document["findings"].dump(2);
  EXPECT_TRUE(FindingChecks(document).count("burn.gemm.mismatch")) << document["findings"].dump(2);
  for (const Json& row : document["results"]) {
    if (row["check"] != "gemm" || row["status"] != "measured") continue;
    // Every product after the reference was corrupted once on rank 2.
    const int64_t expected = row["rank"] == 2 ? row["iterations"].get<int64_t>() : 0;
    EXPECT_EQ(row["mismatches"].get<int64_t>(), expected) << row.dump();
  }
  EXPECT_TRUE(absl::StrContains(result.out, "FAIL host=")) << result.out;
}

TEST_F(BurnCliTest, SlowedDeviceIsTheOnlyOutlier) {
  const std::string json = TempPath("slow.json");
  const ProcessResult result = RunProcess(Burn(4, {"--duration", "4s", "--inject", "slow=1:0.3", "--json", json}));
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;
  const Json document = ReadJson(json);
  EXPECT_EQ(BlamedRanks(document), std::set<int>{1}) << document["findings"].dump(2);
  EXPECT_TRUE(FindingChecks(document).count("burn.gemm.outlier")) << document["findings"].dump(2);
  // Confirmed before blamed: rank 1 and reference peers measured again
  // (every loop of rank 1 is slowed, so memory and copy may be retested too).
  std::set<int> retested;
  for (const Json& row : document["results"]) {
    if (row["kind"] == "burn_retest" && row["check"] == "gemm") retested.insert(row["rank"].get<int>());
  }
  EXPECT_TRUE(retested.count(1)) << "the suspect was not measured again";
  EXPECT_GE(retested.size(), 2u) << "no reference peer was measured again";
  EXPECT_TRUE(absl::StrContains(result.out, "(retest)")) << result.out;
  for (const Json& finding : document["findings"]) {
    if (finding["check"] != "burn.gemm.outlier") continue;
    EXPECT_TRUE(absl::StrContains(finding["evidence"].dump(), "re-measured")) << finding.dump(2);
    EXPECT_TRUE(absl::StrContains(finding["evidence"].dump(), "confirmed")) << finding.dump(2);
  }
}

TEST_F(BurnCliTest, HungRankIsNamedAndEarlierResultsAreKept) {
  const std::string json = TempPath("hang.json");
  const ProcessResult result =
      RunProcess(Burn(4, {"--duration", "2s", "-T", "5", "--inject", "hang=3", "--json", json}), 120);
  ASSERT_EQ(result.exit_code, 4) << result.out << result.err;
  const Json document = ReadJson(json);
  EXPECT_EQ(document["state"], "timeout");
  std::set<int> gemm_ranks;
  for (const Json& row : document["results"]) {
    if (row["check"] == "gemm" && row["status"] == "measured") gemm_ranks.insert(row["rank"].get<int>());
  }
  EXPECT_EQ(gemm_ranks, (std::set<int>{0, 1, 2, 3}));  // the first check finished everywhere
  bool named = false;
  for (const Json& finding : document["findings"]) {
    named |= finding["check"] == "world.arrival" && finding["ranks"] == Json::array({3});
  }
  EXPECT_TRUE(named) << document["findings"].dump(2);
}

TEST_F(BurnCliTest, HostWithFewerDevicesThanExpectedFails) {
  const std::string json = TempPath("expect.json");
  const ProcessResult result =
      RunProcess(Burn(2, {"--checks", "copy", "--expect-devices", "2", "--json", json}));
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;
  // Two oversubscribed CPU ranks may also differ in copy bandwidth; this
  // test is about the device count.
  EXPECT_TRUE(FindingChecks(ReadJson(json)).count("burn.device_count")) << result.out;
}

TEST_F(BurnCliTest, DcgmWithoutDcgmiIsRecordedAsSkipped) {
  const std::string json = TempPath("dcgm.json");
  const ProcessResult result = RunProcess(Burn(0, {"--checks", "copy", "--dcgm-level", "1", "--json", json}));
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const Json document = ReadJson(json);
  ASSERT_EQ(document["skipped"].size(), 1u) << document.dump(2);
  EXPECT_TRUE(absl::StrContains(document["skipped"][0].get<std::string>(), "dcgmi")) << document["skipped"];
}

}  // namespace
}  // namespace spinecheck

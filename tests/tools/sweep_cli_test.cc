// `spinecheck sweep` end to end, as an operator runs it: bad input, real
// sweeps under mpirun with 1-4 ranks checked through the table, the JSON
// document and the bus-bandwidth formulas, and the injected faults.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/tools/cli_test_support.h"
#include "tests/tools/process.h"

namespace spinecheck {
namespace {

using Json = nlohmann::json;

// These tests exercise the MPI data plane: --backend mpi unless a test
// chooses the backend itself (on a GPU machine, auto would take NCCL).
std::vector<std::string> Sweep(int ranks, std::vector<std::string> args) {
  std::vector<std::string> argv;
  if (ranks > 0) argv = {SPINECHECK_MPIEXEC, "--oversubscribe", "--allow-run-as-root", "-np", absl::StrCat(ranks)};
  argv.push_back(SPINECHECK_BINARY);
  argv.push_back("sweep");
  if (std::find(args.begin(), args.end(), "--backend") == args.end()) argv.insert(argv.end(), {"--backend", "mpi"});
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

double ExpectedBusFactor(const std::string& collective, int n) {
  if (collective == "all_reduce") return 2.0 * (n - 1) / n;
  if (collective == "all_gather" || collective == "reduce_scatter" || collective == "alltoall") return (n - 1.0) / n;
  return 1.0;
}

// The data lines of the table: 13 whitespace-separated fields each.
std::vector<std::vector<std::string>> TableRows(const std::string& out) {
  std::vector<std::vector<std::string>> rows;
  for (absl::string_view line : absl::StrSplit(out, '\n')) {
    if (line.empty() || line[0] == '#' || absl::StartsWith(line, "spinecheck:")) continue;
    std::vector<std::string> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (fields.size() == 13) rows.push_back(fields);
  }
  return rows;
}

class SweepCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    AllowMpiRunAsRoot();
  }
};

TEST_F(SweepCliTest, BadInputExitsTwoNamingTheFlag) {
  const std::vector<BadInput> cases = {
      {{"-b", "12Q"}, "--minbytes: invalid size '12Q'"},
      {{"-b", "12Q"}, "12Q"},
      {{"-e", "4X"}, "K, M, G or T"},
      {{"-b", "1M", "-e", "1K"}, "-b/--minbytes (1M) is above -e/--maxbytes (1K)"},
      {{"-n", "0"}, "-n/--iters"},
      {{"-n", "many"}, "--iters"},
      {{"-w", "-1"}, "-w/--warmup_iters"},
      {{"-c", "-2"}, "-c/--check"},
      {{"-f", "0"}, "--stepfactor: Value 0 not in range 1 to"},
      {{"--collective", "allreduce"}, "unknown collective 'allreduce'; known: all_reduce, all_gather"},
      {{"-d", "float16"}, "--datatype: unknown data type 'float16'; accepted: int8"},
      {{"-o", "mean"}, "--op: unknown reduction op 'mean'"},
      {{"-a", "7"}, "--average: Value 7 not in range 0 to 3"},
      {{"-z", "9"}, "-z/--blocking"},
      {{"-T", "-1"}, "--timeout"},
      {{"-T", "nan"}, "--timeout"},
      {{"--baseline-tolerance", "-5"}, "--baseline-tolerance"},
      {{"--baseline-tolerance", "nan"}, "--baseline-tolerance"},
      {{"--json", ""}, "--json: an empty value"},
      {{"--json", "x.json", "--csv", "./x.json"}, "--json and --csv name the same file"},
      {{"-r", "-5"}, "-r/--root"},
      {{"--inject", "slow=1"}, "corrupt=RANK, hang=RANK"},
      {{"--bogus"}, "--bogus"},
      {{"-r", "3"}, "-r/--root 3 is not a rank of this job (ranks 0-0)"},
      {{"--inject", "corrupt=4"}, "--inject corrupt=4: not a rank of this job"},
      {{"-d", "half,bfloat16"}, "nothing was measured"},
      {{"--json", "/nonexistent-folder/run.json"}, "cannot write /nonexistent-folder/run.json"},
      {{"--csv", "/nonexistent-folder/run.csv"}, "the folder /nonexistent-folder does not exist"},
      {{"--backend", "gloo"}, "--backend: gloo not in {nccl,mpi,auto}"},
      {{"-g", "0"}, "--ngpus: Value 0 not in range 1 to 64"},
      {{"--backend", "mpi", "-g", "2"}, "-g/--ngpus above 1 drives several GPUs per process: it needs --backend nccl"},
      {{"--baseline", "/nonexistent/baseline.json"}, "--baseline: /nonexistent/baseline.json: cannot be read"},
      {{"--html", "/nonexistent-folder/run.html"}, "/nonexistent-folder/run.html"},
  };
  for (const BadInput& bad : cases) {
    // Small sizes, unless the case sets them itself.
    std::vector<std::string> args = bad.args;
    for (const char* flag : {"-b", "-e"}) {
      if (std::find(args.begin(), args.end(), flag) == args.end()) {
        args.insert(args.begin(), {flag, "64"});
      }
    }
    const ProcessResult result = RunProcess(Sweep(0, args));
    const std::string shown = absl::StrCat(bad.args[0], " ", bad.args.size() > 1 ? bad.args[1] : "");
    EXPECT_EQ(result.exit_code, 2) << shown << "\n" << result.out << result.err;
    EXPECT_NE((result.out + result.err).find(bad.must_mention), std::string::npos)
        << shown << ": expected the message to mention '" << bad.must_mention << "', got:\n"
        << result.err;
  }
}

TEST_F(SweepCliTest, HalfPrecisionIsSkippedWithAStatedReason) {
  const ProcessResult result = RunProcess(Sweep(0, {"-b", "8", "-e", "64", "-d", "half,float"}));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("# Skipping: half is skipped on the mpi backend: MPI has no standard half"),
            std::string::npos)
      << result.out;
}

TEST_F(SweepCliTest, AutoBackendSaysWhichItChoseAndWhy) {
  const std::string json_path = TempPath("auto.json");
  const ProcessResult result =
      RunProcess(Sweep(0, {"--backend", "auto", "-b", "8", "-e", "64", "-n", "2", "--json", json_path}));
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const Json document = ReadJson(json_path);
  const std::string backend = document["environment"]["backend"];
  const std::string reason = document["environment"]["backend_reason"];
  EXPECT_TRUE(backend == "mpi" || backend == "nccl") << backend;
  EXPECT_TRUE(absl::StartsWith(reason, "auto: ")) << reason;
  EXPECT_NE(result.out.find(absl::StrCat("backend ", backend, " (auto: ")), std::string::npos) << result.out;
  if (backend == "mpi") {
    // auto fell back: the reason says what was missing.
    EXPECT_TRUE(absl::StrContains(reason, "no NCCL backend") || absl::StrContains(reason, "no GPU visible")) << reason;
  }
}

TEST_F(SweepCliTest, NcclBackendWithoutGpuOrNcclExitsThreeSayingWhich) {
  const std::string json_path = TempPath("nccl_missing.json");
  const ProcessResult result =
      RunProcess(Sweep(0, {"--backend", "nccl", "-b", "8", "-e", "64", "-n", "2", "--json", json_path}));
  if (result.exit_code == 0) GTEST_SKIP() << "this machine has NCCL and a GPU; covered by the gpu tests";
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_TRUE(absl::StrContains(result.err, "--backend nccl: ")) << result.err;
  EXPECT_TRUE(absl::StrContains(result.err, "no NCCL backend") || absl::StrContains(result.err, "no GPU visible"))
      << result.err;
  const Json document = ReadJson(json_path);
  EXPECT_EQ(document["verdict"]["exit_code"], 3);
}

// A sweep of every collective under mpirun: the table, the document and the
// formulas agree, and nothing is wrong.
void CheckCleanSweep(int ranks) {
  const std::string json_path = TempPath(absl::StrCat("clean", ranks, ".json"));
  const std::string csv_path = TempPath(absl::StrCat("clean", ranks, ".csv"));
  const ProcessResult result =
      RunProcess(Sweep(ranks, {"-b", "8", "-e", "1M", "-f", "8", "-c", "1", "-n", "5", "--collective", "all", "-d",
                               "float,int32", "-o", "sum,min", "-r", "-1", "--json", json_path, "--csv", csv_path}));
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  // Open MPI gives ranks a pseudo-terminal; output to a pipe has no progress line.
  EXPECT_EQ(result.out.find('\r'), std::string::npos) << result.out;
  const int n = ranks == 0 ? 1 : ranks;
  const Json doc = ReadJson(json_path);
  EXPECT_EQ(doc["schema"], "spinecheck.run/1");
  EXPECT_EQ(doc["state"], "completed");
  EXPECT_EQ(doc["verdict"]["status"], "pass");
  EXPECT_EQ(doc["verdict"]["exit_code"], 0);
  EXPECT_EQ(doc["world"]["size"], n);
  EXPECT_TRUE(doc["findings"].empty());
  EXPECT_NE(doc["environment"]["mpi_library"].get<std::string>().find("MPI"), std::string::npos);
  ASSERT_EQ(doc["argv"][1], "sweep");

  // 6 sizes (8, 64, 512, 4K, 32K, 256K) per (collective, type, op, root).
  const int sizes = 6;
  const int rooted_extra = n;  // broadcast and reduce run every root (-r -1)
  const int expected_rows =
      sizes * 2 /*types*/ * (1 /*all_reduce*/ * 2 + 1 /*all_gather*/ + 2 /*reduce_scatter*/ + rooted_extra /*bcast*/ +
                             2 * rooted_extra /*reduce*/ + 1 /*alltoall*/ + 1 /*sendrecv*/);
  const Json& rows = doc["results"];
  ASSERT_EQ(static_cast<int>(rows.size()), expected_rows);

  const std::vector<std::vector<std::string>> table = TableRows(result.out);
  ASSERT_EQ(table.size(), rows.size()) << result.out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Json& row = rows[i];
    const std::string collective = row["collective"];
    SCOPED_TRACE(absl::StrCat(collective, " ", row["type"].get<std::string>(), " ", row["size_bytes"].get<uint64_t>()));
    EXPECT_EQ(row["ranks"], n);
    EXPECT_NEAR(row["bus_factor"].get<double>(), ExpectedBusFactor(collective, n), 1e-12);
    // The table shows the same row.
    EXPECT_EQ(table[i][0], absl::StrCat(row["size_bytes"].get<uint64_t>()));
    EXPECT_EQ(table[i][1], absl::StrCat(row["count"].get<uint64_t>()));
    EXPECT_EQ(table[i][2], row["type"].get<std::string>());
    EXPECT_EQ(table[i][3], row["redop"].get<std::string>());
    EXPECT_EQ(table[i][4], absl::StrCat(row["root"].get<int>()));
    for (const auto& [placement, column] : {std::pair<const char*, int>{"out_of_place", 5}, {"in_place", 9}}) {
      const Json& p = row[placement];
      ASSERT_TRUE(p["measured"].get<bool>());
      const double time_us = p["time_us"];
      const double algbw = p["algbw_gbps"];
      const double busbw = p["busbw_gbps"];
      EXPECT_GT(time_us, 0);
      EXPECT_NEAR(algbw, row["size_bytes"].get<double>() / 1e9 / (time_us * 1e-6), 1e-9 * std::max(1.0, algbw));
      EXPECT_NEAR(busbw, algbw * ExpectedBusFactor(collective, n), 1e-9 * std::max(1.0, busbw));
      EXPECT_EQ(p["wrong"], 0);
      const Json& it = p["iterations"];
      EXPECT_EQ(it["samples"], 5);
      EXPECT_LE(it["min_us"].get<double>(), it["p50_us"].get<double>());
      EXPECT_LE(it["p50_us"].get<double>(), it["p99_us"].get<double>());
      EXPECT_LE(it["p99_us"].get<double>(), it["max_us"].get<double>());
      EXPECT_GE(it["cv_pct"].get<double>(), 0);
      EXPECT_GE(p["slowest_rank"].get<int>(), 0);
      EXPECT_LT(p["slowest_rank"].get<int>(), n);
      EXPECT_FALSE(p["slowest_host"].get<std::string>().empty());
      EXPECT_LE(p["rank_time_us"]["min"].get<double>(), p["rank_time_us"]["max"].get<double>());
      // -a 1: the reported time is the mean of the ranks' times.
      EXPECT_LE(time_us, p["rank_time_us"]["max"].get<double>() * (1 + 1e-12));
      EXPECT_GE(time_us, p["rank_time_us"]["min"].get<double>() * (1 - 1e-12));
      // Printed figures are the document's, rounded for the column.
      double printed_time = 0, printed_busbw = 0;
      ASSERT_TRUE(absl::SimpleAtod(table[i][static_cast<size_t>(column)], &printed_time));
      ASSERT_TRUE(absl::SimpleAtod(table[i][static_cast<size_t>(column) + 2], &printed_busbw));
      EXPECT_NEAR(printed_time, time_us, 0.051 + time_us * 0.05);
      EXPECT_NEAR(printed_busbw, busbw, 0.0051 + busbw * 0.05);
      EXPECT_EQ(table[i][static_cast<size_t>(column) + 3], "0");
    }
  }
  // The CSV has a line per row and placement, plus its header.
  std::ifstream csv(csv_path);
  int csv_lines = 0;
  for (std::string line; std::getline(csv, line);) ++csv_lines;
  EXPECT_EQ(csv_lines, 1 + 2 * expected_rows);
  EXPECT_NE(result.out.find("# Out of bounds values : 0 OK"), std::string::npos);
  EXPECT_NE(result.out.find("spinecheck: verdict=pass exit=0"), std::string::npos);
}

TEST_F(SweepCliTest, CleanSweepAlone) { CheckCleanSweep(0); }
TEST_F(SweepCliTest, CleanSweepTwoRanks) { CheckCleanSweep(2); }
TEST_F(SweepCliTest, CleanSweepThreeRanks) { CheckCleanSweep(3); }
TEST_F(SweepCliTest, CleanSweepFourRanks) { CheckCleanSweep(4); }

TEST_F(SweepCliTest, CorruptedRankIsNamedAndExitIsOne) {
  const std::string json_path = TempPath("corrupt.json");
  const ProcessResult result =
      RunProcess(Sweep(3, {"-b", "1K", "-e", "64K", "-f", "4", "--collective", "all_reduce,all_gather,sendrecv",
                           "--inject", "corrupt=1", "--json", json_path}));
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("check=collective.data_integrity ranks=1 "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("# Out of bounds values : 8 FAILED"), std::string::npos) << result.out;
  const Json doc = ReadJson(json_path);
  EXPECT_EQ(doc["verdict"]["exit_code"], 1);
  ASSERT_EQ(doc["findings"].size(), 1u);
  EXPECT_EQ(doc["findings"][0]["ranks"], Json::array({1}));
  EXPECT_EQ(doc["findings"][0]["component"]["kind"], "host");
  EXPECT_EQ(doc["verdict"]["drain"].size(), 1u);
  for (const Json& row : doc["results"]) {
    for (const char* placement : {"out_of_place", "in_place"}) {
      // One flipped element per checked call, on rank 1 only.
      EXPECT_EQ(row[placement]["wrong"], 1) << row.dump();
      ASSERT_EQ(row[placement]["wrong_by_rank"].size(), 1u);
      EXPECT_EQ(row[placement]["wrong_by_rank"][0]["rank"], 1);
    }
  }
}

// Floating-point avg tolerates 2 units in the last place (NCCL pre-multiplies);
// the injected corruption is larger, so it is still caught.
TEST_F(SweepCliTest, CorruptionIsCaughtDespiteTheAvgTolerance) {
  const ProcessResult result = RunProcess(
      Sweep(2, {"-b", "1K", "-e", "4K", "-f", "4", "-d", "float,double", "-o", "avg", "--inject", "corrupt=0"}));
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("check=collective.data_integrity ranks=0 "), std::string::npos) << result.out;
}

TEST_F(SweepCliTest, WithoutChecksWrongIsNotApplicable) {
  const std::string json_path = TempPath("nocheck.json");
  const ProcessResult result = RunProcess(Sweep(2, {"-b", "1K", "-e", "1K", "-c", "0", "--json", json_path}));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const std::vector<std::vector<std::string>> table = TableRows(result.out);
  ASSERT_EQ(table.size(), 1u) << result.out;
  EXPECT_EQ(table[0][8], "N/A");
  EXPECT_EQ(table[0][12], "N/A");
  const Json doc = ReadJson(json_path);
  EXPECT_TRUE(doc["results"][0]["out_of_place"]["wrong"].is_null());
}

TEST_F(SweepCliTest, StoppedRankTimesOutWithExitFourAndPartialDocument) {
  const std::string json_path = TempPath("hang.json");
  const ProcessResult result = RunProcess(
      Sweep(3, {"-b", "1K", "-e", "64K", "-f", "4", "-T", "2", "--inject", "hang=2", "--json", json_path}), 120);
  EXPECT_EQ(result.exit_code, 4) << result.out << result.err;
  EXPECT_NE(result.err.find("ranks [2] did not arrive"), std::string::npos) << result.err;
  const Json doc = ReadJson(json_path);
  EXPECT_EQ(doc["state"], "timeout");
  EXPECT_EQ(doc["verdict"]["status"], "timeout");
  EXPECT_EQ(doc["verdict"]["exit_code"], 4);
  ASSERT_GE(doc["results"].size(), 1u);  // what was measured before the hang is kept
  ASSERT_EQ(doc["findings"].size(), 1u);
  EXPECT_EQ(doc["findings"][0]["check"], "world.arrival");
  EXPECT_EQ(doc["findings"][0]["ranks"], Json::array({2}));
}

}  // namespace
}  // namespace spinecheck

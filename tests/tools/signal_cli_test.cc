// SIGTERM and SIGINT end a run with the partial result document written and
// the exit code of the interruption: SIGTERM (Slurm's time limit, scancel,
// mpirun passing on its own interruption) exits 4 with verdict "timeout",
// SIGINT (Ctrl-C alone or through srun) exits 3 with verdict "error". What
// was measured before the signal stays in the document; no rank hangs.
//
// Open MPI 4.1's mpirun, when it is itself signalled, passes SIGTERM to the
// ranks (a Ctrl-C too), sends SIGKILL 1 s later, and exits 1 whatever the
// ranks exit with; when only the ranks are signalled (as Slurm does to every
// task), mpirun exits with the first failing rank's code.
#include <dirent.h>
#include <signal.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "tests/tools/cli_test_support.h"
#include "tests/tools/process.h"

namespace spinecheck {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

std::vector<std::string> Launch(int ranks, const std::string& command) {
  std::vector<std::string> argv;
  if (ranks > 0) argv = {SPINECHECK_MPIEXEC, "--oversubscribe", "--allow-run-as-root", "-np", absl::StrCat(ranks)};
  argv.insert(argv.end(), {SPINECHECK_BINARY, command});
  return argv;
}

// A CPU burn far longer than the test waits: the short copy check first,
// so that results exist a few seconds in, then 30 s of GEMM.
std::vector<std::string> LongBurn(int ranks, const std::string& json) {
  std::vector<std::string> argv = Launch(ranks, "burn");
  argv.insert(argv.end(), {"--device", "cpu", "--checks", "copy,gemm,memory", "--gemm-size", "768", "--memory-size",
                           "64M", "--duration", "30s", "--json", json});
  return argv;
}

// A sweep of many sizes, each repeated often: far longer than the test waits.
std::vector<std::string> LongSweep(int ranks, const std::string& json) {
  std::vector<std::string> argv = Launch(ranks, "sweep");
  argv.insert(argv.end(), {"--backend", "mpi", "-b", "8", "-e", "64M", "-f", "2", "-n", "200", "-w", "5", "--json",
                           json});
  return argv;
}

// The document at `path` once it parses and `ready` holds (rank 0 rewrites it
// atomically as results arrive); null after `timeout`.
Json WaitForDocument(const std::string& path, const std::function<bool(const Json&)>& ready,
                     std::chrono::seconds timeout = std::chrono::seconds(90)) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    std::ifstream in(path);
    if (in.good()) {
      Json document = Json::parse(in, nullptr, /*allow_exceptions=*/false);
      if (!document.is_discarded() && ready(document)) return document;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Json();
}

// Measured burn rows: at least one check finished on every rank.
bool HasMeasuredRows(const Json& document) {
  return std::any_of(document["results"].begin(), document["results"].end(),
                     [](const Json& row) { return row.value("status", "") == "measured"; });
}

bool HasResults(const Json& document) { return !document["results"].empty(); }

// The processes whose parent is `parent` (the ranks mpirun started).
std::vector<pid_t> ChildrenOf(pid_t parent) {
  std::vector<pid_t> children;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return children;
  while (dirent* entry = readdir(proc)) {
    int pid = 0;
    if (!absl::SimpleAtoi(entry->d_name, &pid)) continue;
    std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const size_t paren = text.rfind(')');
    if (paren == std::string::npos) continue;
    // ") S PPID ..."
    std::istringstream fields(text.substr(paren + 1));
    std::string state;
    int ppid = 0;
    if (fields >> state >> ppid && ppid == parent) children.push_back(pid);
  }
  closedir(proc);
  return children;
}

// Signals every rank of the job (what Slurm does to every task on a time limit).
void SignalRanks(pid_t mpirun, int signal_number, int ranks) {
  std::vector<pid_t> children;
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (static_cast<int>(children.size()) < ranks && Clock::now() < deadline) children = ChildrenOf(mpirun);
  ASSERT_EQ(static_cast<int>(children.size()), ranks);
  for (pid_t child : children) kill(child, signal_number);
}

// The rows of `before` (measured before the signal) are all in `after`.
void ExpectRowsKept(const Json& before, const Json& after) {
  ASSERT_GE(after["results"].size(), before["results"].size());
  for (size_t i = 0; i < before["results"].size(); ++i) {
    EXPECT_EQ(after["results"][i], before["results"][i]) << "row " << i;
  }
}

void ExpectInterrupted(const Json& document, const std::string& signal, int exit_code) {
  const std::string status = exit_code == 4 ? "timeout" : "error";
  EXPECT_EQ(document["state"], status) << document["verdict"].dump();
  EXPECT_EQ(document["verdict"]["status"], status);
  EXPECT_EQ(document["verdict"]["exit_code"], exit_code);
  EXPECT_TRUE(absl::StrContains(document["verdict"]["reason"].get<std::string>(),
                                absl::StrCat("interrupted by ", signal)))
      << document["verdict"].dump();
  EXPECT_NE(document["end_time"], "");
}

class SignalCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { AllowMpiRunAsRoot(); }
};

TEST_F(SignalCliTest, SigtermToMpirunDuringBurnWritesThePartialDocument) {
  const std::string json = TempPath("burn_term.json");
  const StartedProcess run = StartProcess(LongBurn(4, json), /*timeout_s=*/120);
  const Json before = WaitForDocument(json, HasMeasuredRows);
  ASSERT_FALSE(before.is_null()) << "no measured rows before the signal";
  const auto signalled = Clock::now();
  kill(run.pid, SIGTERM);
  const ProcessResult result = WaitProcess(run);
  EXPECT_LT(Clock::now() - signalled, std::chrono::seconds(15)) << "the ranks did not end promptly";
  // mpirun's own code when it is signalled (1 for Open MPI 4.1); never a pass.
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  const Json after = ReadJson(json);
  ExpectInterrupted(after, "SIGTERM", 4);
  ExpectRowsKept(before, after);
  std::set<int> measured_ranks;
  for (const Json& row : after["results"]) {
    if (row["status"] == "measured") measured_ranks.insert(row["rank"].get<int>());
  }
  EXPECT_EQ(measured_ranks, (std::set<int>{0, 1, 2, 3}));
}

TEST_F(SignalCliTest, SigtermToEveryRankDuringSweepExitsFour) {
  const std::string json = TempPath("sweep_term.json");
  const StartedProcess run = StartProcess(LongSweep(4, json), /*timeout_s=*/120);
  const Json before = WaitForDocument(json, HasResults);
  ASSERT_FALSE(before.is_null()) << "no sweep rows before the signal";
  SignalRanks(run.pid, SIGTERM, 4);
  const ProcessResult result = WaitProcess(run);
  EXPECT_EQ(result.exit_code, 4) << result.out << result.err;
  const Json after = ReadJson(json);
  ExpectInterrupted(after, "SIGTERM", 4);
  ExpectRowsKept(before, after);
  EXPECT_TRUE(absl::StrContains(result.err, "interrupted by SIGTERM during")) << result.err;
}

TEST_F(SignalCliTest, SigintToMpirunReachesTheRanksAsSigterm) {
  const std::string json = TempPath("burn_int_mpirun.json");
  const StartedProcess run = StartProcess(LongBurn(4, json), /*timeout_s=*/120);
  const Json before = WaitForDocument(json, HasMeasuredRows);
  ASSERT_FALSE(before.is_null()) << "no measured rows before the signal";
  kill(run.pid, SIGINT);  // Ctrl-C at mpirun's terminal
  const ProcessResult result = WaitProcess(run);
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  const Json after = ReadJson(json);
  EXPECT_NE(after["verdict"]["status"], "pass");
  ExpectInterrupted(after, "SIGTERM", 4);
  ExpectRowsKept(before, after);
}

TEST_F(SignalCliTest, SigintToEveryRankDuringBurnExitsThree) {
  const std::string json = TempPath("burn_int_ranks.json");
  const StartedProcess run = StartProcess(LongBurn(4, json), /*timeout_s=*/120);
  const Json before = WaitForDocument(json, HasMeasuredRows);
  ASSERT_FALSE(before.is_null()) << "no measured rows before the signal";
  SignalRanks(run.pid, SIGINT, 4);  // srun passes a Ctrl-C on to every task
  const ProcessResult result = WaitProcess(run);
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  const Json after = ReadJson(json);
  ExpectInterrupted(after, "SIGINT", 3);
  ExpectRowsKept(before, after);
}

TEST_F(SignalCliTest, SigtermAloneExitsFourWithTheDocument) {
  const std::string json = TempPath("alone_term.json");
  const StartedProcess run = StartProcess(LongBurn(0, json), /*timeout_s=*/120);
  const Json before = WaitForDocument(json, HasMeasuredRows);
  ASSERT_FALSE(before.is_null()) << "no measured rows before the signal";
  kill(run.pid, SIGTERM);
  const ProcessResult result = WaitProcess(run);
  EXPECT_EQ(result.exit_code, 4) << result.out << result.err;
  EXPECT_TRUE(absl::StrContains(result.out, "verdict=timeout exit=4")) << result.out;
  EXPECT_TRUE(absl::StrContains(result.err, "spinecheck burn: error: interrupted by SIGTERM during burn"))
      << result.err;
  const Json after = ReadJson(json);
  ExpectInterrupted(after, "SIGTERM", 4);
  ExpectRowsKept(before, after);
}

TEST_F(SignalCliTest, SigintAloneExitsThreeWithTheDocument) {
  const std::string json = TempPath("alone_int.json");
  const StartedProcess run = StartProcess(LongSweep(0, json), /*timeout_s=*/120);
  const Json before = WaitForDocument(json, HasResults);
  ASSERT_FALSE(before.is_null()) << "no sweep rows before the signal";
  kill(run.pid, SIGINT);
  const ProcessResult result = WaitProcess(run);
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_TRUE(absl::StrContains(result.out, "verdict=error exit=3")) << result.out;
  const Json after = ReadJson(json);
  ExpectInterrupted(after, "SIGINT", 3);
  ExpectRowsKept(before, after);
}

// The pid of `rank` from the document's world.
pid_t PidOfRank(const Json& document, int rank) {
  for (const Json& host : document["world"]["hosts"]) {
    for (const Json& info : host["ranks"]) {
      if (info["rank"] == rank) return info["pid"].get<pid_t>();
    }
  }
  return -1;
}

// A rank killed outright (the OOM killer, a crash): Open MPI ends the other
// ranks with SIGTERM. Rank 0 writes the document, names the dead rank (it
// sees its own host's ranks) and exits "could not test", never pass.
void ExpectSigkilledRankNamed(const std::vector<std::string>& argv, const std::string& json,
                              const std::function<bool(const Json&)>& ready) {
  const StartedProcess run = StartProcess(argv, /*timeout_s=*/120);
  const Json before = WaitForDocument(json, ready);
  ASSERT_FALSE(before.is_null()) << "no results before the kill";
  const pid_t victim = PidOfRank(before, 2);
  ASSERT_GT(victim, 0) << before["world"].dump();
  const auto killed = Clock::now();
  ASSERT_EQ(kill(victim, SIGKILL), 0);
  const ProcessResult result = WaitProcess(run);
  EXPECT_LT(Clock::now() - killed, std::chrono::seconds(20)) << "the job did not end promptly";
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  const Json after = ReadJson(json);
  EXPECT_NE(after["state"], "completed") << after["verdict"].dump();
  EXPECT_EQ(after["verdict"]["status"], "error") << after["verdict"].dump();
  EXPECT_EQ(after["verdict"]["exit_code"], 3);
  const std::string reason = after["verdict"]["reason"].get<std::string>();
  EXPECT_TRUE(absl::StrContains(reason, "rank 2 on ")) << reason;
  EXPECT_FALSE(absl::StrContains(reason, "Slurm time limit")) << reason;
  bool named = false;
  for (const Json& finding : after["findings"]) {
    if (finding["check"] == "world.rank_lost" && finding["ranks"] == Json::array({2})) named = true;
  }
  EXPECT_TRUE(named) << after["findings"].dump();
  EXPECT_TRUE(after["verdict"]["drain"].empty()) << "a lost rank is not proof of a bad node";
  ExpectRowsKept(before, after);
}

TEST_F(SignalCliTest, SigkillOfOneRankDuringSweepNamesIt) {
  const std::string json = TempPath("sweep_kill.json");
  std::vector<std::string> argv = LongSweep(4, json);
  argv.insert(argv.end(), {"-T", "10"});
  ExpectSigkilledRankNamed(argv, json, HasResults);
}

TEST_F(SignalCliTest, SigkillOfOneRankDuringBurnNamesIt) {
  const std::string json = TempPath("burn_kill.json");
  std::vector<std::string> argv = LongBurn(4, json);
  argv.insert(argv.end(), {"-T", "10"});
  ExpectSigkilledRankNamed(argv, json, HasMeasuredRows);
}

TEST_F(SignalCliTest, SigkillOfOneRankDuringSmokeNamesIt) {
  const std::string json = TempPath("smoke_kill.json");
  std::vector<std::string> argv = Launch(4, "smoke");
  argv.insert(argv.end(), {"--json", json});
  ExpectSigkilledRankNamed(argv, json, HasResults);
}

TEST_F(SignalCliTest, SighupAloneIsHandledLikeSigterm) {
  const std::string json = TempPath("alone_hup.json");
  const StartedProcess run = StartProcess(LongSweep(0, json), /*timeout_s=*/120);
  const Json before = WaitForDocument(json, HasResults);
  ASSERT_FALSE(before.is_null()) << "no sweep rows before the signal";
  kill(run.pid, SIGHUP);
  const ProcessResult result = WaitProcess(run);
  EXPECT_EQ(result.exit_code, 4) << result.out << result.err;
  const Json after = ReadJson(json);
  ExpectInterrupted(after, "SIGHUP", 4);
  ExpectRowsKept(before, after);
}

// The world rank of a process started by mpirun (its environment says).
int RankOfProcess(pid_t pid) {
  std::ifstream environ(absl::StrCat("/proc/", pid, "/environ"));
  std::string variable;
  while (std::getline(environ, variable, '\0')) {
    absl::string_view value = variable;
    int rank = -1;
    if (absl::ConsumePrefix(&value, "OMPI_COMM_WORLD_RANK=") && absl::SimpleAtoi(value, &rank)) return rank;
  }
  return -1;
}

TEST_F(SignalCliTest, ASignalBeforeTheFirstResultStillLeavesADocument) {
  // Rank 1 is stopped as soon as it is seen, so rank 0 waits for it in
  // MPI_Init, while it sets the run up, or inside the first row; a SIGTERM
  // then finds no measurement. The first row is 64 MiB x 200 calls (seconds),
  // so that it cannot finish before the stop lands however fast the ranks start.
  const std::string json = TempPath("early_term.json");
  std::vector<std::string> argv = Launch(2, "sweep");
  argv.insert(argv.end(), {"--backend", "mpi", "-b", "64M", "-e", "64M", "-n", "200", "-w", "5", "--json", json});
  const StartedProcess run = StartProcess(argv, /*timeout_s=*/120);
  std::vector<pid_t> children;
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  pid_t rank0 = -1;
  while ((rank0 < 0 || children.size() < 2) && Clock::now() < deadline) {
    children = ChildrenOf(run.pid);
    for (pid_t child : children) {
      const int rank = RankOfProcess(child);
      if (rank == 1) kill(child, SIGSTOP);
      if (rank == 0) rank0 = child;
    }
  }
  ASSERT_GT(rank0, 0);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  kill(rank0, SIGTERM);
  const ProcessResult result = WaitProcess(run);
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  const Json after = ReadJson(json);
  ExpectInterrupted(after, "SIGTERM", 4);
  EXPECT_TRUE(after["results"].empty());
  EXPECT_EQ(after["command"], "sweep");
}

}  // namespace
}  // namespace spinecheck

// The subprocess helper under dcgmi: captured output, exit codes, signals
// and the timeout, with /bin/sh as the program.
#include "topology/host/subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace spinecheck {
namespace {

SubprocessResult RunShell(const std::string& script, SubprocessOptions options = {}) {
  auto result = RunSubprocess({"/bin/sh", "-c", script}, options);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : SubprocessResult();
}

TEST(SubprocessTest, CapturesStdoutStderrAndExitCode) {
  const SubprocessResult result = RunShell("echo out; echo err >&2; read line; echo \"[$line]\"; exit 3");
  EXPECT_FALSE(result.timed_out);
  EXPECT_TRUE(result.exited);
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.out, "out\n[]\n");  // stdin is /dev/null
  EXPECT_EQ(result.err, "err\n");
  EXPECT_TRUE(result.reaped);
}

TEST(SubprocessTest, LargeOutputIsReadWhileItRunsAndCapped) {
  SubprocessOptions options;
  options.max_output_bytes = 1000;
  const SubprocessResult result = RunShell("head -c 300000 /dev/zero | tr '\\0' x", options);
  EXPECT_TRUE(result.exited);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, std::string(1000, 'x'));
}

TEST(SubprocessTest, ReportsTheSignalThatEndedIt) {
  const SubprocessResult result = RunShell("kill -TERM $$");
  EXPECT_FALSE(result.exited);
  EXPECT_EQ(result.signal, SIGTERM);
  EXPECT_FALSE(result.timed_out);
}

TEST(SubprocessTest, TimeoutKillsTheProcessGroup) {
  SubprocessOptions options;
  options.timeout = absl::Milliseconds(300);
  const absl::Time start = absl::Now();
  const SubprocessResult result = RunShell("echo started; sleep 60; echo never", options);
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  EXPECT_TRUE(result.timed_out);
  EXPECT_FALSE(result.exited);
  EXPECT_EQ(result.signal, SIGKILL);
  EXPECT_EQ(result.out, "started\n");
}

TEST(SubprocessTest, TimeoutSendsSigtermFirstWhenGivenAGrace) {
  SubprocessOptions options;
  options.timeout = absl::Milliseconds(300);
  options.kill_grace = absl::Seconds(5);
  const absl::Time start = absl::Now();
  const SubprocessResult result = RunShell("trap 'echo stopping; exit 7' TERM; sleep 60 & wait", options);
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));  // it stopped on SIGTERM, well before the grace ended
  EXPECT_TRUE(result.timed_out);
  EXPECT_TRUE(result.exited);
  EXPECT_EQ(result.exit_code, 7);
  EXPECT_EQ(result.out, "stopping\n");
}

TEST(SubprocessTest, DescendantHoldingThePipeDoesNotHoldTheResult) {
  SubprocessOptions options;
  options.timeout = absl::Seconds(20);
  const absl::Time start = absl::Now();
  const SubprocessResult result = RunShell("sleep 30 & echo done", options);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_FALSE(result.timed_out);
  EXPECT_TRUE(result.exited);
  EXPECT_EQ(result.out, "done\n");
}

TEST(SubprocessTest, FindExecutableSearchesPath) {
  auto sh = FindExecutable("sh");
  ASSERT_TRUE(sh.ok()) << sh.status();
  EXPECT_TRUE(absl::EndsWith(*sh, "/sh"));
  EXPECT_EQ(FindExecutable("/bin/sh").value_or(""), "/bin/sh");
  EXPECT_EQ(FindExecutable("spinecheck-no-such-program").status().code(), absl::StatusCode::kNotFound);
  char plain[] = "/tmp/spinecheck-not-executable-XXXXXX";  // mode 0600
  const int fd = mkstemp(plain);
  ASSERT_GE(fd, 0);
  close(fd);
  EXPECT_EQ(FindExecutable(plain).status().code(), absl::StatusCode::kNotFound);
  unlink(plain);
}

TEST(SubprocessTest, ProgramThatCannotStartIsAnError) {
  auto result = RunSubprocess({"/nonexistent/program"}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(Subprocess::Start({"/nonexistent/program"}, {}).status().code(), absl::StatusCode::kInternal);
}

// A started program can be signalled while it runs; its output is read from
// the start, so that a program writing more than a pipe holds never blocks
// while the caller is busy elsewhere.
TEST(SubprocessTest, AStartedProgramRunsWhileTheCallerActsOnIt) {
  auto started = Subprocess::Start({"/bin/sh", "-c", "head -c 200000 /dev/zero | tr '\\0' x; echo; sleep 30"}, {});
  ASSERT_TRUE(started.ok()) << started.status();
  Subprocess& process = **started;
  // The 200 kB are written (and read) while this thread waits.
  absl::SleepFor(absl::Milliseconds(500));
  ASSERT_EQ(kill(process.pid(), SIGTERM), 0);
  const absl::StatusOr<SubprocessResult>& result = process.Wait();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->exited);
  EXPECT_EQ(result->signal, SIGTERM);
  EXPECT_EQ(result->out.size(), 200001u);
  EXPECT_EQ(&process.Wait(), &result);  // the same result again
}

}  // namespace
}  // namespace spinecheck

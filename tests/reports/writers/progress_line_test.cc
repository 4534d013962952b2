// ProgressLine draws on a terminal (a pseudo-terminal here) and writes
// nothing to a pipe, so logs stay clean.
#include "reports/writers/progress_line.h"

#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace spinecheck {
namespace {

// Everything readable from `fd` now (non-blocking).
std::string Drain(int fd) {
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n <= 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  return text;
}

class PseudoTerminal {
 public:
  PseudoTerminal() {
    int terminal_fd = -1;
    if (openpty(&controller_, &terminal_fd, nullptr, nullptr, nullptr) != 0) return;
    fcntl(controller_, F_SETFL, O_NONBLOCK);
    terminal_ = fdopen(terminal_fd, "w");
  }
  ~PseudoTerminal() {
    if (terminal_ != nullptr) std::fclose(terminal_);
    if (controller_ >= 0) close(controller_);
  }
  bool ok() const { return terminal_ != nullptr; }
  std::FILE* terminal() const { return terminal_; }
  std::string Read() const { return Drain(controller_); }

 private:
  int controller_ = -1;
  std::FILE* terminal_ = nullptr;
};

TEST(ProgressLineTest, DrawsOnATerminalOnly) {
  setenv("TERM", "xterm", 1);
  PseudoTerminal pty;
  if (!pty.ok()) GTEST_SKIP() << "SKIPPED: no pseudo-terminal available";
  EXPECT_TRUE(ProgressLine::ShouldDraw(pty.terminal()));

  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  std::FILE* pipe_out = fdopen(pipe_fds[1], "w");
  EXPECT_FALSE(ProgressLine::ShouldDraw(pipe_out));
  std::fclose(pipe_out);
  close(pipe_fds[0]);

  setenv("TERM", "dumb", 1);
  EXPECT_FALSE(ProgressLine::ShouldDraw(pty.terminal()));
}

TEST(ProgressLineTest, DrawsErasesAroundOutputAndEnds) {
  PseudoTerminal pty;
  if (!pty.ok()) GTEST_SKIP() << "SKIPPED: no pseudo-terminal available";
  ProgressLine line(pty.terminal(), true);
  line.Begin("burn gemm", absl::Seconds(30));
  std::string drawn = pty.Read();
  EXPECT_NE(drawn.find("\r\x1b[2Kburn gemm: 0 s of 30 s"), std::string::npos) << drawn;
  {
    const ProgressLine::Pause pause(line);
    std::fputs("a table row\n", pty.terminal());
    std::fflush(pty.terminal());
  }
  // Erased before the row, drawn again after it. (The terminal turns "\n" into "\r\n".)
  drawn = pty.Read();
  EXPECT_EQ(drawn.rfind("\r\x1b[2Ka table row\r\n\r\x1b[2Kburn gemm: 0 s of 30 s", 0), 0u) << drawn;
  line.End();
  EXPECT_EQ(pty.Read(), "\r\x1b[2K");
}

TEST(ProgressLineTest, BeginUnderAPauseRelabelsWithoutBlocking) {
  PseudoTerminal pty;
  if (!pty.ok()) GTEST_SKIP() << "SKIPPED: no pseudo-terminal available";
  ProgressLine line(pty.terminal(), true);
  line.Begin("sweep all_reduce: first size");
  {
    const ProgressLine::Pause pause(line);
    std::fputs("a row\n", pty.terminal());
    line.Begin("sweep all_reduce: 1 sizes measured, next size");
  }
  line.End();
  const std::string drawn = pty.Read();
  // Erased, the row, then the new label drawn once the pause ends.
  EXPECT_NE(drawn.find("\r\x1b[2Ka row\r\n\r\x1b[2Ksweep all_reduce: 1 sizes measured"), std::string::npos) << drawn;
}

TEST(ProgressLineTest, DisabledWritesNothing) {
  PseudoTerminal pty;
  if (!pty.ok()) GTEST_SKIP() << "SKIPPED: no pseudo-terminal available";
  {
    ProgressLine line(pty.terminal(), false);
    line.Begin("sweep all_reduce");
    const ProgressLine::Pause pause(line);
  }
  EXPECT_EQ(pty.Read(), "");
}

TEST(ProgressLineTest, TextShowsElapsedAndPlanned) {
  ProgressLine line(nullptr, false);
  line.Begin("burn memory", absl::Seconds(20));
  EXPECT_EQ(line.TextAt(absl::Now() + absl::Seconds(5)), "burn memory: 5 s of 20 s");
  line.Begin("sweep all_gather: 3 sizes measured, next size");
  EXPECT_EQ(line.TextAt(absl::Now() + absl::Milliseconds(2500)), "sweep all_gather: 3 sizes measured, next size: 2 s");
}

}  // namespace
}  // namespace spinecheck

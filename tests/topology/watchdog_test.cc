// Watchdog: a deadline that passes ends the process; a cleared one does not.
#include "topology/world/watchdog.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace spinecheck {
namespace {

constexpr int kTimeoutExitCode = 4;

TEST(WatchdogTest, DisarmedBeforeDeadlineDoesNotFire) {
  std::atomic<int> fired{0};
  {
    Watchdog watchdog(kTimeoutExitCode, [&fired](const std::string&) { fired.fetch_add(1); });
    watchdog.Arm(absl::Now() + absl::Milliseconds(200), "phase that finishes in time");
    absl::SleepFor(absl::Milliseconds(20));
    watchdog.Disarm();
    // Well past the old deadline: had it fired, this process would have exited.
    absl::SleepFor(absl::Milliseconds(400));
    EXPECT_EQ(fired.load(), 0);
  }
  EXPECT_EQ(fired.load(), 0);
}

TEST(WatchdogTest, ArmReplacesTheDeadline) {
  std::atomic<int> fired{0};
  Watchdog watchdog(kTimeoutExitCode, [&fired](const std::string&) { fired.fetch_add(1); });
  watchdog.Arm(absl::Now() + absl::Milliseconds(100), "first");
  watchdog.Arm(absl::Now() + absl::Seconds(60), "second");
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(fired.load(), 0);
  watchdog.Disarm();
}

TEST(WatchdogTest, NeverArmedDestroysCleanly) {
  std::atomic<int> fired{0};
  { Watchdog watchdog(kTimeoutExitCode, [&fired](const std::string&) { fired.fetch_add(1); }); }
  EXPECT_EQ(fired.load(), 0);
}

TEST(WatchdogTest, DestroyedWhileArmedDoesNotFire) {
  std::atomic<int> fired{0};
  { 
    Watchdog watchdog(kTimeoutExitCode, [&fired](const std::string&) { fired.fetch_add(1); });
    watchdog.Arm(absl::Now() + absl::Milliseconds(300), "destroyed first");
  }
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(fired.load(), 0);
}

class WatchdogDeathTest : public ::testing::Test {
 protected:
  WatchdogDeathTest() {
    // The watchdog runs its own thread: fork-and-re-execute is the safe style.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
  }
};

TEST_F(WatchdogDeathTest, ExpiredDeadlineRunsHandlerThenExitsWithCode) {
  EXPECT_EXIT(
      {
        Watchdog watchdog(kTimeoutExitCode, [](const std::string& message) {
          std::fprintf(stderr, "watchdog expired: %s\n", message.c_str());
          std::fflush(stderr);
        });
        watchdog.Arm(absl::Now() + absl::Milliseconds(50), "rank 3 stuck in all_reduce");
        absl::SleepFor(absl::Seconds(30));
        std::fprintf(stderr, "watchdog never fired\n");
        std::exit(0);
      },
      ::testing::ExitedWithCode(kTimeoutExitCode), "watchdog expired: rank 3 stuck in all_reduce");
}

TEST_F(WatchdogDeathTest, UsesTheGivenExitCode) {
  EXPECT_EXIT(
      {
        Watchdog watchdog(7, [](const std::string& message) { std::fprintf(stderr, "expired %s\n", message.c_str()); });
        watchdog.Arm(absl::Now() + absl::Milliseconds(10), "phase x");
        absl::SleepFor(absl::Seconds(30));
        std::exit(0);
      },
      ::testing::ExitedWithCode(7), "expired phase x");
}

TEST_F(WatchdogDeathTest, DeadlineAlreadyPassedFiresAtOnce) {
  EXPECT_EXIT(
      {
        Watchdog watchdog(kTimeoutExitCode, [](const std::string& message) {
          std::fprintf(stderr, "late: %s\n", message.c_str());
        });
        watchdog.Arm(absl::Now() - absl::Seconds(1), "already late");
        absl::SleepFor(absl::Seconds(30));
        std::exit(0);
      },
      ::testing::ExitedWithCode(kTimeoutExitCode), "late: already late");
}

TEST_F(WatchdogDeathTest, SetHandlerReplacesTheHandler) {
  EXPECT_EXIT(
      {
        Watchdog watchdog(kTimeoutExitCode, [](const std::string&) { std::fprintf(stderr, "old handler\n"); });
        watchdog.SetHandler([](const std::string& message) { std::fprintf(stderr, "new handler: %s\n", message.c_str()); });
        watchdog.Arm(absl::Now() + absl::Milliseconds(20), "census");
        absl::SleepFor(absl::Seconds(30));
        std::exit(0);
      },
      ::testing::ExitedWithCode(kTimeoutExitCode), "^new handler: census\n$");
}

TEST_F(WatchdogDeathTest, ReArmedAfterDisarmStillFires) {
  EXPECT_EXIT(
      {
        Watchdog watchdog(kTimeoutExitCode, [](const std::string& message) {
          std::fprintf(stderr, "fired: %s\n", message.c_str());
        });
        watchdog.Arm(absl::Now() + absl::Seconds(60), "first phase");
        watchdog.Disarm();
        watchdog.Arm(absl::Now() + absl::Milliseconds(20), "second phase");
        absl::SleepFor(absl::Seconds(30));
        std::exit(0);
      },
      ::testing::ExitedWithCode(kTimeoutExitCode), "fired: second phase");
}

}  // namespace
}  // namespace spinecheck

// SignalWatch: a SIGTERM or SIGINT runs the callback on the watch thread and
// ends the process with its code; a second SIGINT ends it at once.
#include "topology/world/signal_watch.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace spinecheck {
namespace {

int CodeFor(int signal_number) { return signal_number == SIGTERM ? 4 : 3; }

class SignalWatchDeathTest : public ::testing::Test {
 protected:
  SignalWatchDeathTest() { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

TEST_F(SignalWatchDeathTest, SigtermRunsTheCallbackThenExitsWithItsCode) {
  EXPECT_EXIT(
      {
        std::unique_ptr<SignalWatch> watch = SignalWatch::Create(
            [](int signal_number) {
              std::fprintf(stderr, "callback: %s\n", SignalWatch::Name(signal_number));
              std::fflush(stderr);
              return 4;
            },
            &CodeFor);
        if (!watch) std::exit(90);
        raise(SIGTERM);
        absl::SleepFor(absl::Seconds(30));
        std::exit(0);
      },
      ::testing::ExitedWithCode(4), "callback: SIGTERM");
}

TEST_F(SignalWatchDeathTest, SigintGivesTheCallbackSigint) {
  EXPECT_EXIT(
      {
        std::unique_ptr<SignalWatch> watch = SignalWatch::Create(
            [](int signal_number) {
              std::fprintf(stderr, "callback: %s\n", SignalWatch::Name(signal_number));
              return CodeFor(signal_number);
            },
            &CodeFor);
        raise(SIGINT);
        absl::SleepFor(absl::Seconds(30));
        std::exit(0);
      },
      ::testing::ExitedWithCode(3), "callback: SIGINT");
}

TEST_F(SignalWatchDeathTest, SecondSigintEndsTheProcessWhileTheCallbackRuns) {
  EXPECT_EXIT(
      {
        std::unique_ptr<SignalWatch> watch = SignalWatch::Create(
            [](int) {
              std::fprintf(stderr, "slow callback\n");
              std::fflush(stderr);
              raise(SIGINT);  // the impatient operator
              absl::SleepFor(absl::Seconds(30));
              return 9;
            },
            &CodeFor);
        raise(SIGINT);
        absl::SleepFor(absl::Seconds(30));
        std::exit(0);
      },
      ::testing::ExitedWithCode(3), "slow callback");
}

TEST_F(SignalWatchDeathTest, LaterSigtermsAreIgnoredWhileTheCallbackRuns) {
  EXPECT_EXIT(
      {
        std::unique_ptr<SignalWatch> watch = SignalWatch::Create(
            [](int) {
              raise(SIGTERM);
              absl::SleepFor(absl::Milliseconds(200));
              std::fprintf(stderr, "callback finished\n");
              return 4;
            },
            &CodeFor);
        raise(SIGTERM);
        absl::SleepFor(absl::Seconds(30));
        std::exit(0);
      },
      ::testing::ExitedWithCode(4), "callback finished");
}

TEST_F(SignalWatchDeathTest, AfterDestructionTheDefaultActionIsBack) {
  EXPECT_EXIT(
      {
        { std::unique_ptr<SignalWatch> watch = SignalWatch::Create([](int) { return 5; }, &CodeFor); }
        raise(SIGTERM);
        absl::SleepFor(absl::Seconds(30));
        std::exit(0);
      },
      ::testing::KilledBySignal(SIGTERM), "");
}

TEST(SignalWatchTest, OnlyOneWatchAtATime) {
  std::unique_ptr<SignalWatch> first = SignalWatch::Create([](int) { return 5; }, &CodeFor);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(SignalWatch::Create([](int) { return 6; }, &CodeFor), nullptr);
  first.reset();
  EXPECT_NE(SignalWatch::Create([](int) { return 7; }, &CodeFor), nullptr);
}

}  // namespace
}  // namespace spinecheck

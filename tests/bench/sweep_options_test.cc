// Sweep sizes, option validation and --inject parsing.
#include "bench/sweep/sweep_options.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "bench/collectives/collective.h"

namespace spinecheck {
namespace {

constexpr uint64_t kKiB = uint64_t{1} << 10;
constexpr uint64_t kMiB = uint64_t{1} << 20;

// -b / -e / -f / -i as nccl-tests takes them.
SweepOptions Sizes(uint64_t min_bytes, uint64_t max_bytes, uint64_t factor, uint64_t step_bytes) {
  SweepOptions options;
  options.min_bytes = min_bytes;
  options.max_bytes = max_bytes;
  options.step_factor = factor;
  options.step_bytes = step_bytes;
  return options;
}

TEST(SweepSizesTest, FactorTwoFromEightBytesToFourMiB) {
  const std::vector<uint64_t> sizes = SweepSizes(Sizes(8, 4 * kMiB, 2, kMiB));
  ASSERT_EQ(sizes.size(), 20u);
  for (size_t i = 0; i < sizes.size(); ++i) EXPECT_EQ(sizes[i], uint64_t{8} << i) << i;
  EXPECT_EQ(sizes.front(), 8u);
  EXPECT_EQ(sizes.back(), 4194304u);
}

TEST(SweepSizesTest, FactorOneStepsByStepBytes) {
  EXPECT_EQ(SweepSizes(Sizes(kMiB, 4 * kMiB, 1, kMiB)),
            (std::vector<uint64_t>{kMiB, 2 * kMiB, 3 * kMiB, 4 * kMiB}));
}

TEST(SweepSizesTest, StopsAtTheLastSizeNotAboveMax) {
  // The step overshoots -e: nccl-tests stops below it rather than clamping.
  EXPECT_EQ(SweepSizes(Sizes(kMiB, 3 * kMiB + kMiB / 2, 1, kMiB)),
            (std::vector<uint64_t>{kMiB, 2 * kMiB, 3 * kMiB}));
  EXPECT_EQ(SweepSizes(Sizes(8, 100, 4, 0)), (std::vector<uint64_t>{8, 32}));
}

TEST(SweepSizesTest, EqualMinAndMaxGiveOneSize) {
  EXPECT_EQ(SweepSizes(Sizes(32 * kMiB, 32 * kMiB, 2, kMiB)), (std::vector<uint64_t>{32 * kMiB}));
  EXPECT_EQ(SweepSizes(Sizes(64 * kKiB, 64 * kKiB, 1, kMiB)), (std::vector<uint64_t>{64 * kKiB}));
  // A zero step is harmless when there is only one size.
  EXPECT_EQ(SweepSizes(Sizes(64 * kKiB, 64 * kKiB, 1, 0)), (std::vector<uint64_t>{64 * kKiB}));
  // The defaults describe one 32M row.
  EXPECT_EQ(SweepSizes(SweepOptions{}), (std::vector<uint64_t>{32 * kMiB}));
}

TEST(SweepSizesTest, FactorFromZeroStopsAfterOneSize) {
  EXPECT_EQ(SweepSizes(Sizes(0, kMiB, 2, kMiB)), (std::vector<uint64_t>{0}));
}

TEST(SweepSizesTest, StepFromZeroCountsUp) {
  EXPECT_EQ(SweepSizes(Sizes(0, 3 * kKiB, 1, kKiB)), (std::vector<uint64_t>{0, kKiB, 2 * kKiB, 3 * kKiB}));
}

TEST(SweepSizesTest, MinAboveMaxGivesNothing) {
  EXPECT_TRUE(SweepSizes(Sizes(2 * kMiB, kMiB, 2, kMiB)).empty());
}

TEST(SweepSizesTest, StopsInsteadOfOverflowing) {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  EXPECT_EQ(SweepSizes(Sizes(uint64_t{1} << 63, kMax, 2, 0)), (std::vector<uint64_t>{uint64_t{1} << 63}));
  EXPECT_EQ(SweepSizes(Sizes(kMax - 1, kMax, 1, 4)), (std::vector<uint64_t>{kMax - 1}));
}

class ValidateSweepOptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(RegisterBuiltinCollectives(registry_).ok());
    valid_.collectives = {registry_.Find("all_reduce")};
    ASSERT_NE(valid_.collectives.front(), nullptr);
    valid_.types = {DataType::kFloat};
    valid_.ops = {ReduceOp::kSum};
  }

  // Expects kInvalidArgument whose message contains every one of `needles`.
  static void ExpectInvalid(const SweepOptions& options, const std::vector<std::string>& needles) {
    const absl::Status status = ValidateSweepOptions(options);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    for (const std::string& needle : needles) {
      EXPECT_NE(status.message().find(needle), absl::string_view::npos)
          << "'" << needle << "' missing from: " << status.message();
    }
  }

  CollectiveRegistry registry_{"collective"};
  SweepOptions valid_;
};

TEST_F(ValidateSweepOptionsTest, AcceptsACompleteDescription) {
  EXPECT_TRUE(ValidateSweepOptions(valid_).ok()) << ValidateSweepOptions(valid_);
  SweepOptions options = valid_;
  options.min_bytes = 8;
  options.max_bytes = uint64_t{8} << 30;
  options.step_factor = 2;
  options.root = -1;  // every rank in turn
  options.blocking = 3;
  options.checks = 0;
  options.warmup_iterations = 0;
  options.timeout = absl::Seconds(30);
  EXPECT_TRUE(ValidateSweepOptions(options).ok()) << ValidateSweepOptions(options);
}

TEST_F(ValidateSweepOptionsTest, MinAboveMaxNamesBothFlags) {
  SweepOptions options = valid_;
  options.min_bytes = 2 * kMiB;
  options.max_bytes = kMiB;
  ExpectInvalid(options, {"-b/--minbytes", "-e/--maxbytes"});
}

TEST_F(ValidateSweepOptionsTest, ZeroOrNegativeIterationsNameTheFlag) {
  for (int iterations : {0, -1}) {
    SweepOptions options = valid_;
    options.iterations = iterations;
    ExpectInvalid(options, {"-n/--iters"});
  }
}

TEST_F(ValidateSweepOptionsTest, NegativeWarmupNamesTheFlag) {
  SweepOptions options = valid_;
  options.warmup_iterations = -1;
  ExpectInvalid(options, {"-w"});
}

TEST_F(ValidateSweepOptionsTest, NegativeChecksNameTheFlag) {
  SweepOptions options = valid_;
  options.checks = -1;
  ExpectInvalid(options, {"-c"});
}

TEST_F(ValidateSweepOptionsTest, ZeroStepFactorNamesTheFlag) {
  SweepOptions options = valid_;
  options.step_factor = 0;
  ExpectInvalid(options, {"-f"});
}

TEST_F(ValidateSweepOptionsTest, ZeroStepBytesNamesTheFlagWhenItWouldLoop) {
  SweepOptions options = valid_;
  options.min_bytes = kMiB;
  options.max_bytes = 4 * kMiB;
  options.step_factor = 1;
  options.step_bytes = 0;
  ExpectInvalid(options, {"-i"});
  // With a factor the step is unused.
  options.step_factor = 2;
  EXPECT_TRUE(ValidateSweepOptions(options).ok()) << ValidateSweepOptions(options);
}

TEST_F(ValidateSweepOptionsTest, RootBelowMinusOneNamesTheFlag) {
  SweepOptions options = valid_;
  options.root = -2;
  ExpectInvalid(options, {"-r"});
}

TEST_F(ValidateSweepOptionsTest, BlockingOutsideZeroToThreeNamesTheFlag) {
  for (int blocking : {5, 4, -1}) {
    SweepOptions options = valid_;
    options.blocking = blocking;
    ExpectInvalid(options, {"-z"});
  }
  for (int blocking : {0, 1, 2, 3}) {
    SweepOptions options = valid_;
    options.blocking = blocking;
    EXPECT_TRUE(ValidateSweepOptions(options).ok()) << blocking;
  }
}

TEST_F(ValidateSweepOptionsTest, NegativeTimeoutNamesTheFlag) {
  SweepOptions options = valid_;
  options.timeout = absl::Seconds(-1);
  ExpectInvalid(options, {"-T"});
}

TEST_F(ValidateSweepOptionsTest, EmptySelectionsAreRejected) {
  SweepOptions no_collectives = valid_;
  no_collectives.collectives.clear();
  ExpectInvalid(no_collectives, {"collective"});
  SweepOptions no_types = valid_;
  no_types.types.clear();
  ExpectInvalid(no_types, {"-d"});
  SweepOptions no_ops = valid_;
  no_ops.ops.clear();
  ExpectInvalid(no_ops, {"-o"});
}

TEST(ParseInjectionTest, CorruptAlone) {
  Injection injection;
  ASSERT_TRUE(ParseInjection("corrupt=2", injection).ok());
  EXPECT_EQ(injection.corrupt_rank, 2);
  EXPECT_EQ(injection.hang_rank, -1);
}

TEST(ParseInjectionTest, HangAlone) {
  Injection injection;
  ASSERT_TRUE(ParseInjection("hang=1", injection).ok());
  EXPECT_EQ(injection.hang_rank, 1);
  EXPECT_EQ(injection.corrupt_rank, -1);
}

TEST(ParseInjectionTest, BothCommaSeparated) {
  Injection injection;
  ASSERT_TRUE(ParseInjection("corrupt=0,hang=3", injection).ok());
  EXPECT_EQ(injection.corrupt_rank, 0);
  EXPECT_EQ(injection.hang_rank, 3);
}

TEST(ParseInjectionTest, BadFormsAreInvalidArgumentNamingTheText) {
  for (const char* text : {"corrupt", "corrupt=x", "slow=1", "corrupt=-1"}) {
    Injection injection;
    const absl::Status status = ParseInjection(text, injection);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << text << ": " << status;
    const std::string message(status.message());
    const std::string fault(absl::string_view(text).substr(0, absl::string_view(text).find('=')));
    EXPECT_NE(message.find(fault), std::string::npos) << text << ": " << message;
    EXPECT_NE(message.find("--inject"), std::string::npos) << text << ": " << message;
  }
}

// The header promises the accepted forms in every such message: both of them,
// whichever part of the text was wrong.
TEST(ParseInjectionTest, BadFormsListEveryAcceptedForm) {
  for (const char* text : {"corrupt", "corrupt=x", "slow=1", "corrupt=-1"}) {
    Injection injection;
    const absl::Status status = ParseInjection(text, injection);
    ASSERT_FALSE(status.ok()) << text;
    const std::string message(status.message());
    EXPECT_NE(message.find("corrupt="), std::string::npos) << text << ": " << message;
    EXPECT_NE(message.find("hang="), std::string::npos) << text << ": " << message;
  }
}

TEST(ParseInjectionTest, BadSecondItemIsRejected) {
  Injection injection;
  EXPECT_EQ(ParseInjection("corrupt=1,slow=2", injection).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseInjection("hang=1,corrupt=", injection).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace spinecheck

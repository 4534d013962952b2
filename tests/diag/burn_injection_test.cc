#include "diag/burn_injection.h"

#include <gtest/gtest.h>

namespace spinecheck {
namespace {

TEST(ParseBurnInjectionTest, AcceptsEachFormAndLists) {
  BurnInjection injection;
  ASSERT_TRUE(ParseBurnInjection("corrupt=2", injection).ok());
  ASSERT_TRUE(ParseBurnInjection("slow=1:0.5,hang=3", injection).ok());
  EXPECT_EQ(injection.corrupt_rank, 2);
  EXPECT_EQ(injection.slow_rank, 1);
  EXPECT_DOUBLE_EQ(injection.slow_factor, 0.5);
  EXPECT_EQ(injection.hang_rank, 3);

  const CheckFaults slow = FaultsForRank(injection, 1);
  EXPECT_FALSE(slow.corrupt_gemm);
  EXPECT_DOUBLE_EQ(slow.slow_factor, 0.5);
  const CheckFaults corrupt = FaultsForRank(injection, 2);
  EXPECT_TRUE(corrupt.corrupt_gemm);
  EXPECT_DOUBLE_EQ(corrupt.slow_factor, 1.0);
}

class ParseBurnInjectionRejectsTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ParseBurnInjectionRejectsTest, NamesTheTextAndTheForms) {
  BurnInjection injection;
  const absl::Status status = ParseBurnInjection(GetParam(), injection);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("slow=RANK:FACTOR"), absl::string_view::npos) << status;
}

INSTANTIATE_TEST_SUITE_P(Malformed, ParseBurnInjectionRejectsTest,
                         ::testing::Values("corrupt", "corrupt=", "corrupt=x", "corrupt=-1", "slow=1", "slow=1:0",
                                           "slow=1:1.5", "slow=1:x", "slow=x:0.5", "melt=1", "hang=1.5"));

}  // namespace
}  // namespace spinecheck

// Which iterations keep a sample: all of few, an even spread of many, and
// the marks that time them.
#include "bench/sweep/iteration_samples.h"

#include <gtest/gtest.h>

namespace spinecheck {
namespace {

TEST(IterationSamplesTest, FewIterationsAreAllSampledWithSharedMarks) {
  EXPECT_EQ(SampledIterations(5, 8), (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(MarksForSamples(SampledIterations(5, 8)), 6) << "iterations + 1, as before the bound";
  EXPECT_EQ(MarksForSamples(SampledIterations(20)), 21);
}

TEST(IterationSamplesTest, ManyIterationsAreSpreadEvenly) {
  EXPECT_EQ(SampledIterations(10, 4), (std::vector<int>{0, 3, 5, 8}));
  EXPECT_EQ(MarksForSamples({0, 3, 5, 8}), 8);
  EXPECT_EQ(SampledIterations(6, 4), (std::vector<int>{0, 2, 3, 5}));
  EXPECT_EQ(MarksForSamples({0, 2, 3, 5}), 7) << "2 and 3 share a mark";
}

TEST(IterationSamplesTest, AnyIterationCountTakesBoundedMemory) {
  const std::vector<int> sampled = SampledIterations(1000000000);
  ASSERT_EQ(sampled.size(), static_cast<size_t>(kMaxIterationSamples));
  EXPECT_EQ(sampled.front(), 0);
  EXPECT_LT(sampled.back(), 1000000000);
  EXPECT_GT(sampled.back(), 1000000000 - 1000000000 / kMaxIterationSamples - 1);
  for (size_t j = 1; j < sampled.size(); ++j) ASSERT_GT(sampled[j], sampled[j - 1]);
  EXPECT_EQ(MarksForSamples(sampled), 2 * kMaxIterationSamples);
  EXPECT_TRUE(SampledIterations(0).empty());
}

}  // namespace
}  // namespace spinecheck

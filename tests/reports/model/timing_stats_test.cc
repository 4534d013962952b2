// Per-iteration statistics: nearest-rank percentiles and the population CV.
#include "reports/model/timing_stats.h"

#include <gtest/gtest.h>

#include <vector>

namespace spinecheck {
namespace {

std::vector<double> OneTo(int n) {
  std::vector<double> samples;
  for (int i = 1; i <= n; ++i) samples.push_back(i);
  return samples;
}

TEST(SummarizeSamplesTest, EmptyIsAllZero) {
  const TimingStats stats = SummarizeSamples({});
  EXPECT_EQ(stats.samples, 0);
  EXPECT_EQ(stats.min_us, 0);
  EXPECT_EQ(stats.p50_us, 0);
  EXPECT_EQ(stats.p99_us, 0);
  EXPECT_EQ(stats.max_us, 0);
  EXPECT_EQ(stats.mean_us, 0);
  EXPECT_EQ(stats.cv_pct, 0);
}

TEST(SummarizeSamplesTest, OneToHundred) {
  const TimingStats stats = SummarizeSamples(OneTo(100));
  EXPECT_EQ(stats.samples, 100);
  EXPECT_EQ(stats.min_us, 1);
  EXPECT_EQ(stats.max_us, 100);
  // Nearest rank: the ceil(p/100 * N)-th smallest, no interpolation.
  EXPECT_EQ(stats.p50_us, 50);
  EXPECT_EQ(stats.p99_us, 99);
  EXPECT_DOUBLE_EQ(stats.mean_us, 50.5);
}

TEST(SummarizeSamplesTest, NearestRankOnTwoHundred) {
  const TimingStats stats = SummarizeSamples(OneTo(200));
  EXPECT_EQ(stats.p50_us, 100);
  EXPECT_EQ(stats.p99_us, 198);
}

TEST(SummarizeSamplesTest, NearestRankOnSmallVectors) {
  const TimingStats one = SummarizeSamples({7.5});
  EXPECT_EQ(one.samples, 1);
  EXPECT_EQ(one.min_us, 7.5);
  EXPECT_EQ(one.p50_us, 7.5);
  EXPECT_EQ(one.p99_us, 7.5);
  EXPECT_EQ(one.max_us, 7.5);
  EXPECT_EQ(one.cv_pct, 0);

  const TimingStats two = SummarizeSamples({1, 2});
  EXPECT_EQ(two.p50_us, 1);  // ceil(0.5 * 2) = 1st
  EXPECT_EQ(two.p99_us, 2);  // ceil(0.99 * 2) = 2nd

  const TimingStats three = SummarizeSamples({10, 20, 30});
  EXPECT_EQ(three.p50_us, 20);  // ceil(1.5) = 2nd
  EXPECT_EQ(three.p99_us, 30);  // ceil(2.97) = 3rd

  const TimingStats four = SummarizeSamples({1, 2, 3, 4});
  EXPECT_EQ(four.p50_us, 2);  // ceil(2) = 2nd, not the interpolated 2.5
  EXPECT_EQ(four.p99_us, 4);

  // With -n 20, p99 is the maximum (docs/schema.md).
  const TimingStats twenty = SummarizeSamples(OneTo(20));
  EXPECT_EQ(twenty.p99_us, twenty.max_us);
  EXPECT_EQ(twenty.p50_us, 10);
}

TEST(SummarizeSamplesTest, CoefficientOfVariationUsesPopulationStddev) {
  // Mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; 32 / 8 = 4, sigma = 2
  // (the sample stddev would be sqrt(32/7) = 2.138).
  const TimingStats stats = SummarizeSamples({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_DOUBLE_EQ(stats.mean_us, 5);
  EXPECT_DOUBLE_EQ(stats.cv_pct, 40);
}

TEST(SummarizeSamplesTest, CoefficientOfVariationTwoSamples) {
  // Mean 15, sigma 5: 33.33 %.
  const TimingStats stats = SummarizeSamples({10, 20});
  EXPECT_DOUBLE_EQ(stats.mean_us, 15);
  EXPECT_NEAR(stats.cv_pct, 100.0 / 3.0, 1e-12);
}

TEST(SummarizeSamplesTest, ConstantSamplesHaveZeroCv) {
  const TimingStats stats = SummarizeSamples({3, 3, 3, 3});
  EXPECT_EQ(stats.cv_pct, 0);
  EXPECT_EQ(stats.mean_us, 3);
}

TEST(SummarizeSamplesTest, ZeroMeanGivesZeroCvNotNan) {
  const TimingStats stats = SummarizeSamples({0, 0, 0});
  EXPECT_EQ(stats.cv_pct, 0);
  EXPECT_EQ(stats.mean_us, 0);
}

TEST(SummarizeSamplesTest, UnsortedInputIsSortedFirst) {
  const TimingStats stats = SummarizeSamples({9, 2, 5, 4, 7, 4, 5, 4});
  EXPECT_EQ(stats.samples, 8);
  EXPECT_EQ(stats.min_us, 2);
  EXPECT_EQ(stats.max_us, 9);
  EXPECT_EQ(stats.p50_us, 4);  // sorted 2 4 4 4 5 5 7 9: 4th
  EXPECT_EQ(stats.p99_us, 9);  // 8th
  EXPECT_DOUBLE_EQ(stats.mean_us, 5);
  EXPECT_DOUBLE_EQ(stats.cv_pct, 40);

  std::vector<double> descending = OneTo(100);
  std::vector<double> reversed(descending.rbegin(), descending.rend());
  const TimingStats from_reversed = SummarizeSamples(reversed);
  EXPECT_EQ(from_reversed.p50_us, 50);
  EXPECT_EQ(from_reversed.p99_us, 99);
  EXPECT_EQ(from_reversed.min_us, 1);
  EXPECT_EQ(from_reversed.max_us, 100);
}

}  // namespace
}  // namespace spinecheck

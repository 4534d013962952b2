#include "diag/checks/median_rate.h"

#include "gtest/gtest.h"

namespace spinecheck {
namespace {

TEST(MedianRateTest, AStallInAFewWindowsDoesNotMoveTheFigure) {
  MedianRate rate(absl::Milliseconds(100));
  // Ten windows of 100 ms at 1000 units/s; three of them stalled to 1/5.
  for (int i = 0; i < 10; ++i) rate.Add(100.0, absl::Milliseconds(i < 3 ? 500 : 100));
  EXPECT_DOUBLE_EQ(rate.Median(), 1000.0);
  EXPECT_NEAR(rate.Sustained(), 1000.0 / 2.2, 1e-9);
}

TEST(MedianRateTest, ADeviceSlowThroughoutIsSlow) {
  MedianRate rate(absl::Milliseconds(100));
  for (int i = 0; i < 10; ++i) rate.Add(100.0, absl::Milliseconds(i < 6 ? 200 : 100));
  EXPECT_DOUBLE_EQ(rate.Median(), 500.0);
}

TEST(MedianRateTest, ShortIterationsAreGroupedIntoWindows) {
  MedianRate rate(absl::Milliseconds(100));
  // Iterations of 10 ms alternating between 2 and 0 units: each window of
  // ten holds both kinds, so every window runs at 100 units/s.
  for (int i = 0; i < 40; ++i) rate.Add(i % 2 == 0 ? 2.0 : 0.0, absl::Milliseconds(10));
  EXPECT_NEAR(rate.Median(), 100.0, 1e-9);
}

TEST(MedianRateTest, ALastShortWindowJoinsThePreviousOne) {
  MedianRate rate(absl::Seconds(1));
  rate.Add(10.0, absl::Seconds(1));
  rate.Add(30.0, absl::Seconds(1));
  rate.Add(1.0, absl::Milliseconds(100));  // joins the 30-unit window: 31 / 1.1
  EXPECT_DOUBLE_EQ(rate.Median(), (10.0 + 31.0 / 1.1) / 2.0);
}

TEST(MedianRateTest, OneShortIterationIsItsOwnWindow) {
  MedianRate rate(absl::Seconds(1));
  rate.Add(5.0, absl::Milliseconds(500));
  EXPECT_DOUBLE_EQ(rate.Median(), 10.0);
}

TEST(MedianRateTest, NoIterationIsZero) {
  EXPECT_EQ(MedianRate().Median(), 0.0);
  EXPECT_EQ(MedianRate().Sustained(), 0.0);
}

}  // namespace
}  // namespace spinecheck

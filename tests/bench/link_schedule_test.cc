#include "bench/links/link_schedule.h"

#include <set>
#include <utility>

#include "gtest/gtest.h"

namespace spinecheck {
namespace {

// Every pair exactly once, pairs of a round disjoint, partners mutual.
void ExpectCircleCoversEveryPairOnce(int n) {
  const CircleLinkSchedule schedule(n);
  EXPECT_EQ(schedule.rounds(), n % 2 == 0 ? n - 1 : n) << "n=" << n;
  std::set<std::pair<int, int>> met;
  for (int round = 0; round < schedule.rounds(); ++round) {
    int idle = 0;
    for (int i = 0; i < n; ++i) {
      const int partner = schedule.Partner(round, i);
      if (partner < 0) {
        ++idle;
        continue;
      }
      ASSERT_NE(partner, i);
      ASSERT_LT(partner, n);
      EXPECT_EQ(schedule.Partner(round, partner), i) << "n=" << n << " round " << round;
      if (i < partner) {
        EXPECT_TRUE(met.insert({i, partner}).second) << "n=" << n << " pair met twice";
      }
    }
    EXPECT_EQ(idle, n % 2) << "n=" << n << " round " << round;
  }
  EXPECT_EQ(met.size(), static_cast<size_t>(n) * (n - 1) / 2) << "n=" << n;
}

TEST(CircleLinkScheduleTest, EveryPairOnceForEvenAndOddCounts) {
  for (int n : {2, 3, 4, 5, 6, 7, 8, 9, 16, 33, 64}) ExpectCircleCoversEveryPairOnce(n);
}

TEST(CircleLinkScheduleTest, OneMemberHasNoRounds) {
  EXPECT_EQ(CircleLinkSchedule(1).rounds(), 0);
  EXPECT_EQ(CircleLinkSchedule(1).Partner(0, 0), -1);
}

TEST(ExplicitLinkScheduleTest, PartnersComeFromTheListedPairs) {
  const ExplicitLinkSchedule schedule({{{0, 3}, {1, 2}}, {{2, 0}}});
  EXPECT_EQ(schedule.rounds(), 2);
  EXPECT_EQ(schedule.Partner(0, 3), 0);
  EXPECT_EQ(schedule.Partner(0, 2), 1);
  EXPECT_EQ(schedule.Partner(1, 0), 2);
  EXPECT_EQ(schedule.Partner(1, 1), -1);
  EXPECT_EQ(schedule.Partner(2, 0), -1);
}

TEST(FlattenRoundsTest, RoundTrips) {
  const std::vector<std::vector<std::pair<int, int>>> rounds = {{{0, 1}, {2, 3}}, {}, {{4, 5}}};
  const std::vector<int> flat = FlattenRounds(rounds);
  EXPECT_EQ(flat, (std::vector<int>{2, 0, 1, 2, 3, 0, 1, 4, 5}));
  EXPECT_EQ(UnflattenRounds(flat), rounds);
}

}  // namespace
}  // namespace spinecheck

// The link runner over real MPI point-to-point: every pair of the circle
// schedule measured, the leader's matrices complete and symmetric.
#include <mpi.h>

#include <cmath>

#include "bench/links/link_runner.h"
#include "bench/links/peer_group.h"
#include "gtest/gtest.h"

namespace spinecheck {
namespace {

TEST(LinkRunnerTest, CircleScheduleFillsSymmetricMatrices) {
  absl::StatusOr<std::unique_ptr<PeerGroup>> group = PeerGroup::Create(true, "test");
  ASSERT_TRUE(group.ok()) << group.status();
  ASSERT_NE(*group, nullptr);
  const int n = (*group)->original_size();
  LinkRunOptions options;
  options.exchange.bandwidth_bytes = 1 << 20;
  options.exchange.latency_iterations = 10;
  options.repetitions = 3;
  options.pair_timeout = absl::Seconds(60);
  LinkRunner runner(**group, options);
  int rounds_seen = 0;
  ASSERT_TRUE(runner.Run(CircleLinkSchedule(n), [&](int, int) { ++rounds_seen; }).ok());
  EXPECT_EQ(rounds_seen, CircleLinkSchedule(n).rounds());
  EXPECT_TRUE(runner.timed_out().empty());
  EXPECT_TRUE((*group)->lost().empty());

  std::vector<std::string> hosts;
  for (int i = 0; i < n; ++i) hosts.push_back("h" + std::to_string(i));
  LinkMatrices matrices;
  ASSERT_TRUE(runner.Gather(hosts, matrices).ok());
  if (!(*group)->is_leader()) return;
  ASSERT_EQ(matrices.size(), static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      const float bw = matrices.bibw(i, j);
      const float latency = matrices.latency(i, j);
      if (i == j) {
        EXPECT_TRUE(std::isnan(bw));
        continue;
      }
      EXPECT_GT(bw, 0.0f) << i << "," << j;
      EXPECT_GT(latency, 0.0f) << i << "," << j;
      EXPECT_EQ(bw, matrices.bibw(j, i));
      EXPECT_EQ(matrices.retested[static_cast<size_t>(i * n + j)], 0);
    }
  }
  EXPECT_EQ(matrices.repetitions, 3);
}

TEST(LinkRunnerTest, APairMetAgainIsMarkedRetested) {
  absl::StatusOr<std::unique_ptr<PeerGroup>> group = PeerGroup::Create(true, "test");
  ASSERT_TRUE(group.ok());
  const int n = (*group)->original_size();
  if (n < 2) GTEST_SKIP() << "needs 2 ranks";
  LinkRunOptions options;
  options.exchange.bandwidth_bytes = 64 << 10;
  options.repetitions = 1;
  LinkRunner runner(**group, options);
  const ExplicitLinkSchedule twice({{{0, 1}}, {{1, 0}}});
  ASSERT_TRUE(runner.Run(twice).ok());
  std::vector<std::string> hosts(static_cast<size_t>(n), "h");
  LinkMatrices matrices;
  ASSERT_TRUE(runner.Gather(hosts, matrices).ok());
  if (!(*group)->is_leader()) return;
  EXPECT_EQ(matrices.retested[1], 1);
  EXPECT_EQ(matrices.retested[static_cast<size_t>(n)], 1);
  if (n > 2) {
    EXPECT_TRUE(std::isnan(matrices.bibw(0, 2)));
  }
}

}  // namespace
}  // namespace spinecheck

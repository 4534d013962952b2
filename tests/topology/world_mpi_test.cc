// World under mpirun (and alone): every rank runs every test.
#include "topology/world/world.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

World& TheWorld() {
  // MPI is initialised and finalised by the test main; the World is never
  // destroyed, since its communicators cannot be freed after MPI_Finalize.
  static World* world = [] {
    absl::StatusOr<std::unique_ptr<World>> created = World::Init(nullptr, nullptr);
    EXPECT_TRUE(created.ok()) << created.status();
    return created->release();
  }();
  return *world;
}

TEST(WorldMpiTest, RanksAndHosts) {
  World& world = TheWorld();
  EXPECT_GE(world.rank(), 0);
  EXPECT_LT(world.rank(), world.size());
  char name[256] = {};
  gethostname(name, sizeof(name) - 1);
  EXPECT_EQ(world.host(), name);
  // Every rank of these tests runs on this one host.
  EXPECT_EQ(world.local_rank(), world.rank());
  EXPECT_EQ(world.local_size(), world.size());
  EXPECT_EQ(world.Where(), absl::StrCat("rank ", world.rank(), "@", name));
  EXPECT_NE(world.MpiLibraryVersion().find("MPI"), std::string::npos);
}

TEST(WorldMpiTest, GatherToRootKeepsRankOrder) {
  World& world = TheWorld();
  absl::StatusOr<std::vector<std::string>> gathered = world.GatherToRoot(std::string(world.rank() + 1, 'x'));
  ASSERT_TRUE(gathered.ok()) << gathered.status();
  if (world.rank() == 0) {
    ASSERT_EQ(gathered->size(), static_cast<size_t>(world.size()));
    for (int r = 0; r < world.size(); ++r) EXPECT_EQ((*gathered)[static_cast<size_t>(r)], std::string(r + 1, 'x'));
  } else {
    EXPECT_TRUE(gathered->empty());
  }
}

// A World whose ranks play hosts by `host_of(rank)` (every test process runs
// on this one machine). Never destroyed, like TheWorld().
World& SimulatedWorld(int (*host_of)(int rank)) {
  WorldOptions options;
  options.simulated_host = host_of;
  absl::StatusOr<std::unique_ptr<World>> created = World::Init(nullptr, nullptr, options);
  EXPECT_TRUE(created.ok()) << created.status();
  // Kept where LeakSanitizer sees them, and never destroyed.
  static auto* const kept = new std::vector<World*>();
  kept->push_back(created->release());
  return *kept->back();
}

// What rank `rank` sends in the gather tests: lengths differ, one is empty.
std::string Payload(int rank) {
  return rank == 1 ? std::string() : absl::StrCat("rank ", rank, std::string(static_cast<size_t>(rank), '+'));
}

void ExpectGatheredInRankOrder(World& world) {
  absl::StatusOr<std::vector<std::string>> gathered = world.GatherToRoot(Payload(world.rank()));
  ASSERT_TRUE(gathered.ok()) << gathered.status();
  if (world.rank() != 0) {
    EXPECT_TRUE(gathered->empty());
    return;
  }
  ASSERT_EQ(gathered->size(), static_cast<size_t>(world.size()));
  for (int r = 0; r < world.size(); ++r) EXPECT_EQ((*gathered)[static_cast<size_t>(r)], Payload(r)) << "rank " << r;
}

TEST(WorldMpiTest, GatherAcrossSimulatedHostsOfTwoConsecutiveRanks) {
  World& world = SimulatedWorld([](int rank) { return rank / 2; });
  EXPECT_EQ(world.local_rank(), world.rank() % 2);
  EXPECT_EQ(world.local_size(), std::min(2, world.size() - world.rank() / 2 * 2));
  ExpectGatheredInRankOrder(world);
  // Twice on the same communicators: nothing left over from the first.
  ExpectGatheredInRankOrder(world);
}

TEST(WorldMpiTest, GatherAcrossSimulatedHostsDealtRoundRobin) {
  // mpirun --map-by node: host 0 holds ranks 0, 2, ...; host 1 ranks 1, 3, ...
  World& world = SimulatedWorld([](int rank) { return rank % 2; });
  EXPECT_EQ(world.local_rank(), world.rank() / 2);
  ExpectGatheredInRankOrder(world);
}

TEST(WorldMpiTest, GatherWithEveryRankItsOwnHost) {
  World& world = SimulatedWorld([](int rank) { return rank; });
  EXPECT_EQ(world.local_rank(), 0);
  EXPECT_EQ(world.local_size(), 1);
  ExpectGatheredInRankOrder(world);
}

TEST(WorldMpiTest, GatherOfLargerPayloads) {
  World& world = SimulatedWorld([](int rank) { return rank / 3; });
  const std::string mine(static_cast<size_t>(100000 + world.rank()), static_cast<char>('a' + world.rank()));
  absl::StatusOr<std::vector<std::string>> gathered = world.GatherToRoot(mine);
  ASSERT_TRUE(gathered.ok()) << gathered.status();
  if (world.rank() != 0) return;
  ASSERT_EQ(gathered->size(), static_cast<size_t>(world.size()));
  for (int r = 0; r < world.size(); ++r) {
    EXPECT_EQ((*gathered)[static_cast<size_t>(r)],
              std::string(static_cast<size_t>(100000 + r), static_cast<char>('a' + r)));
  }
}

TEST(WorldMpiTest, InterruptStatusNamesTheSignalAndThePhase) {
  const absl::Status term = World::InterruptStatus(SIGTERM, "burn gemm");
  EXPECT_TRUE(absl::IsDeadlineExceeded(term)) << term;
  EXPECT_NE(term.message().find("interrupted by SIGTERM during burn gemm"), absl::string_view::npos) << term;
  const absl::Status interrupt = World::InterruptStatus(SIGINT, "");
  EXPECT_TRUE(absl::IsCancelled(interrupt)) << interrupt;
  EXPECT_NE(interrupt.message().find("interrupted by SIGINT (Ctrl-C):"), absl::string_view::npos) << interrupt;
}

TEST(WorldMpiTest, Reductions) {
  World& world = TheWorld();
  const int n = world.size();
  EXPECT_EQ(*world.SumAll(static_cast<int64_t>(world.rank())), static_cast<int64_t>(n) * (n - 1) / 2);
  EXPECT_DOUBLE_EQ(*world.SumAll(1.5), 1.5 * n);
  EXPECT_DOUBLE_EQ(*world.MinAll(10.0 + world.rank()), 10.0);
  // The largest value wins; ties go to the lowest rank.
  absl::StatusOr<World::RankValue> max = world.MaxWithRank(world.rank() == n - 1 ? 99.0 : 1.0);
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(max->value, 99.0);
  EXPECT_EQ(max->rank, n - 1);
  absl::StatusOr<World::RankValue> tie = world.MaxWithRank(5.0);
  EXPECT_EQ(tie->rank, 0);
  absl::StatusOr<std::vector<double>> elementwise = world.MaxToRoot({static_cast<double>(world.rank()), -1.0 * world.rank()});
  ASSERT_TRUE(elementwise.ok());
  if (world.rank() == 0) {
    EXPECT_EQ(*elementwise, (std::vector<double>{n - 1.0, 0.0}));
  }
}

TEST(WorldMpiTest, BroadcastFromAnyRoot) {
  World& world = TheWorld();
  const int root = world.size() - 1;
  absl::StatusOr<std::string> value = world.Broadcast(world.rank() == root ? "from the last rank" : "", root);
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, "from the last rank");
}

TEST(WorldMpiTest, AgreeOnErrorGivesEveryRankTheLowestFailure) {
  World& world = TheWorld();
  EXPECT_TRUE(world.AgreeOnError(absl::OkStatus()).ok());
  const int n = world.size();
  // The last rank fails with a usage error, rank n-2 (if any) with an infrastructure error.
  absl::Status local = absl::OkStatus();
  if (world.rank() == n - 1) local = absl::InvalidArgumentError("bad thing on last");
  if (n > 1 && world.rank() == n - 2) local = absl::UnavailableError("link down");
  const absl::Status agreed = world.AgreeOnError(local);
  ASSERT_FALSE(agreed.ok());
  if (n == 1) {
    EXPECT_EQ(agreed.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(agreed.message().find("bad thing on last"), absl::string_view::npos);
  } else {
    EXPECT_EQ(agreed.code(), absl::StatusCode::kUnavailable);
    EXPECT_NE(agreed.message().find(absl::StrCat("rank ", n - 2, "@")), absl::string_view::npos) << agreed;
    EXPECT_NE(agreed.message().find("link down"), absl::string_view::npos);
  }
}

TEST(WorldMpiTest, ArriveWithDeadlineSucceedsWhenEveryoneComes) {
  World& world = TheWorld();
  for (int round = 0; round < 3; ++round) {
    // Ranks arrive at different times, well within the deadline.
    usleep(static_cast<useconds_t>(world.rank() * 20000));
    const absl::Status arrived = world.Arrive(absl::StrCat("round ", round), absl::Seconds(20));
    EXPECT_TRUE(arrived.ok()) << arrived;
  }
  world.EndPhase();
  EXPECT_TRUE(world.Arrive("no deadline", absl::ZeroDuration()).ok());
  EXPECT_TRUE(world.missing_at_timeout().empty());
  EXPECT_EQ(world.phase(), "no deadline");
}

}  // namespace
}  // namespace spinecheck

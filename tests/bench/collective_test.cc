// The collective registry and nccl-tests' byte model and bus factors.
#include "bench/collectives/collective.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/collectives/data_type.h"
#include "reports/model/units.h"

namespace spinecheck {
namespace {

constexpr size_t kMiB = size_t{1} << 20;

class CollectiveTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(RegisterBuiltinCollectives(registry_).ok()); }

  const CollectiveDefinition& Get(const std::string& name) {
    const CollectiveDefinition* definition = registry_.Find(name);
    EXPECT_NE(definition, nullptr) << name;
    static const CollectiveDefinition kMissing{"missing", CollectiveKind::kAllReduce, false, false};
    return definition != nullptr ? *definition : kMissing;
  }

  CollectiveRegistry registry_{"collective"};
};

TEST_F(CollectiveTest, RegistersExactlyTheBuiltinsInOrder) {
  EXPECT_EQ(registry_.Names(), (std::vector<std::string>{"all_reduce", "all_gather", "reduce_scatter", "broadcast",
                                                         "reduce", "alltoall", "sendrecv"}));
}

TEST_F(CollectiveTest, EachDefinitionCarriesItsNameKindAndParameters) {
  struct Expected {
    std::string name;
    CollectiveKind kind;
    bool reduces;
    bool rooted;
  };
  const Expected expected[] = {
      {"all_reduce", CollectiveKind::kAllReduce, true, false},
      {"all_gather", CollectiveKind::kAllGather, false, false},
      {"reduce_scatter", CollectiveKind::kReduceScatter, true, false},
      {"broadcast", CollectiveKind::kBroadcast, false, true},
      {"reduce", CollectiveKind::kReduce, true, true},
      {"alltoall", CollectiveKind::kAllToAll, false, false},
      {"sendrecv", CollectiveKind::kSendRecv, false, false},
  };
  for (const Expected& e : expected) {
    const CollectiveDefinition& definition = Get(e.name);
    EXPECT_EQ(definition.name, e.name);
    EXPECT_EQ(definition.kind, e.kind) << e.name;
    EXPECT_EQ(definition.reduces, e.reduces) << e.name;
    EXPECT_EQ(definition.rooted, e.rooted) << e.name;
  }
}

TEST_F(CollectiveTest, RegisteringTwiceFailsWithAlreadyExists) {
  const absl::Status status = RegisterBuiltinCollectives(registry_);
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_NE(status.message().find("all_reduce"), absl::string_view::npos) << status;
  EXPECT_EQ(registry_.Names().size(), 7u);
}

TEST_F(CollectiveTest, UnknownNameIsNotFoundAndListsTheKnownNames) {
  const absl::StatusOr<const CollectiveDefinition*> result = registry_.Get("allreduce");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
  const std::string message(result.status().message());
  EXPECT_NE(message.find("allreduce"), std::string::npos) << message;
  for (const std::string& name : registry_.Names()) {
    EXPECT_NE(message.find(name), std::string::npos) << name << " missing from: " << message;
  }
}

TEST_F(CollectiveTest, GetFindsEveryBuiltin) {
  for (const std::string& name : registry_.Names()) {
    absl::StatusOr<const CollectiveDefinition*> result = registry_.Get(name);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ((*result)->name, name);
  }
}

// all_reduce, broadcast, reduce and sendrecv: count = bytes / element size,
// the same for send, receive and the parameter, whatever the rank count.
TEST_F(CollectiveTest, UnsplitCollectivesUseBytesOverElementSize) {
  for (const char* name : {"all_reduce", "broadcast", "reduce", "sendrecv"}) {
    const CollectiveDefinition& definition = Get(name);
    for (int ranks : {1, 2, 3, 16}) {
      const BufferLayout layout = definition.Layout(4 * kMiB, 4, ranks);
      EXPECT_EQ(layout.send_count, 1048576u) << name << " n=" << ranks;
      EXPECT_EQ(layout.recv_count, 1048576u) << name << " n=" << ranks;
      EXPECT_EQ(layout.param_count, 1048576u) << name << " n=" << ranks;
      EXPECT_EQ(layout.SizeBytes(4), 4 * kMiB) << name << " n=" << ranks;
    }
    // Not a multiple of the element size: truncated, never rounded up.
    const BufferLayout odd = definition.Layout(1001, 4, 3);
    EXPECT_EQ(odd.param_count, 250u) << name;
    EXPECT_EQ(odd.send_count, 250u) << name;
    EXPECT_EQ(odd.recv_count, 250u) << name;
    EXPECT_EQ(odd.SizeBytes(4), 1000u) << name;
    // Smaller than one element.
    EXPECT_EQ(definition.Layout(7, 8, 2).param_count, 0u) << name;
    // One byte elements.
    EXPECT_EQ(definition.Layout(1000, 1, 3).param_count, 1000u) << name;
  }
}

TEST_F(CollectiveTest, AllGatherFloat4MiBOnThreeRanks) {
  const BufferLayout layout = Get("all_gather").Layout(4 * kMiB, DataTypeSize(DataType::kFloat), 3);
  // count = 1048576; 1048576 / 3 = 349525, rounded down to 16 bytes (4 floats).
  EXPECT_EQ(layout.param_count, 349524u);
  EXPECT_EQ(layout.param_count % 4, 0u);
  EXPECT_EQ(layout.send_count, 349524u);
  EXPECT_EQ(layout.recv_count, 349524u * 3);
  EXPECT_EQ(layout.SizeBytes(4), 4194288u);
}

TEST_F(CollectiveTest, ReduceScatterFloat4MiBOnThreeRanks) {
  const BufferLayout layout = Get("reduce_scatter").Layout(4 * kMiB, 4, 3);
  EXPECT_EQ(layout.param_count, 349524u);
  EXPECT_EQ(layout.send_count, 349524u * 3);
  EXPECT_EQ(layout.recv_count, 349524u);
  EXPECT_EQ(layout.SizeBytes(4), 4194288u);
}

TEST_F(CollectiveTest, AllToAllFloat4MiBOnThreeRanks) {
  const BufferLayout layout = Get("alltoall").Layout(4 * kMiB, 4, 3);
  EXPECT_EQ(layout.param_count, 349524u);
  EXPECT_EQ(layout.send_count, 349524u * 3);
  EXPECT_EQ(layout.recv_count, 349524u * 3);
  EXPECT_EQ(layout.SizeBytes(4), 4194288u);
}

TEST_F(CollectiveTest, SplitCollectivesGiveZeroElementsBelowOneAlignedBlock) {
  // 8 B of float on 4 ranks: 2 elements, 0 per rank.
  for (const char* name : {"all_gather", "reduce_scatter", "alltoall"}) {
    const BufferLayout layout = Get(name).Layout(8, 4, 4);
    EXPECT_EQ(layout.param_count, 0u) << name;
    EXPECT_EQ(layout.send_count, 0u) << name;
    EXPECT_EQ(layout.recv_count, 0u) << name;
    EXPECT_EQ(layout.SizeBytes(4), 0u) << name;
  }
  // 48 B of float on 4 ranks: 3 per rank, below the 4-float granule.
  EXPECT_EQ(Get("all_gather").Layout(48, 4, 4).param_count, 0u);
  // 64 B of float on 4 ranks: exactly one granule per rank.
  EXPECT_EQ(Get("all_gather").Layout(64, 4, 4).param_count, 4u);
}

TEST_F(CollectiveTest, SplitCollectivesRoundInt8BlocksDownToSixteenElements) {
  // 1000 int8 on 3 ranks: 333 per rank, rounded down to 320.
  const BufferLayout gather = Get("all_gather").Layout(1000, 1, 3);
  EXPECT_EQ(gather.param_count, 320u);
  EXPECT_EQ(gather.send_count, 320u);
  EXPECT_EQ(gather.recv_count, 960u);
  EXPECT_EQ(gather.SizeBytes(1), 960u);
  const BufferLayout scatter = Get("reduce_scatter").Layout(1000, 1, 3);
  EXPECT_EQ(scatter.param_count, 320u);
  EXPECT_EQ(scatter.send_count, 960u);
  EXPECT_EQ(scatter.recv_count, 320u);
  const BufferLayout alltoall = Get("alltoall").Layout(1000, 1, 3);
  EXPECT_EQ(alltoall.param_count, 320u);
  EXPECT_EQ(alltoall.send_count, 960u);
  EXPECT_EQ(alltoall.recv_count, 960u);
}

TEST_F(CollectiveTest, SplitCollectivesRoundDoubleBlocksDownToTwoElements) {
  // 1016 B of double on 2 ranks: 127 elements, 63 per rank, rounded down to 62.
  const BufferLayout gather = Get("all_gather").Layout(1016, 8, 2);
  EXPECT_EQ(gather.param_count, 62u);
  EXPECT_EQ(gather.send_count, 62u);
  EXPECT_EQ(gather.recv_count, 124u);
  EXPECT_EQ(gather.SizeBytes(8), 992u);
  // Already aligned: 1024 B of double on 2 ranks is 64 per rank.
  EXPECT_EQ(Get("all_gather").Layout(1024, 8, 2).param_count, 64u);
  // int64 and uint64 share the 8-byte granule; int32 has a 4-element one.
  EXPECT_EQ(Get("reduce_scatter").Layout(1016, 8, 2).param_count, 62u);
  EXPECT_EQ(Get("reduce_scatter").Layout(1016, 4, 2).param_count, 124u);  // 254 / 2 = 127 -> 124
}

TEST_F(CollectiveTest, SplitCollectivesOnOneRankKeepTheAlignedCount) {
  const BufferLayout layout = Get("all_gather").Layout(1000, 4, 1);  // 250 -> 248
  EXPECT_EQ(layout.param_count, 248u);
  EXPECT_EQ(layout.send_count, 248u);
  EXPECT_EQ(layout.recv_count, 248u);
}

TEST_F(CollectiveTest, SplitBlocksAreAlwaysWholeSixteenByteMultiples) {
  for (const char* name : {"all_gather", "reduce_scatter", "alltoall"}) {
    const CollectiveDefinition& definition = Get(name);
    for (size_t element_size : {size_t{1}, size_t{4}, size_t{8}}) {
      for (int ranks : {1, 2, 3, 5, 7, 16, 70}) {
        for (size_t bytes : {size_t{0}, size_t{8}, size_t{1000}, size_t{4096}, size_t{12345}, 3 * kMiB + 7}) {
          const BufferLayout layout = definition.Layout(bytes, element_size, ranks);
          const size_t count = bytes / element_size;
          const size_t block = count / static_cast<size_t>(ranks);
          EXPECT_EQ(layout.param_count * element_size % 16, 0u)
              << name << " elt=" << element_size << " n=" << ranks << " bytes=" << bytes;
          EXPECT_LE(layout.param_count, block) << name << " elt=" << element_size << " n=" << ranks;
          // Rounded down, so less than one granule is lost.
          EXPECT_LT((block - layout.param_count) * element_size, 16u)
              << name << " elt=" << element_size << " n=" << ranks << " bytes=" << bytes;
          EXPECT_LE(layout.SizeBytes(element_size), bytes) << name;
        }
      }
    }
  }
}

TEST(BufferLayoutTest, SizeBytesIsTheLargerBufferTimesElementSize) {
  EXPECT_EQ((BufferLayout{10, 30, 10}).SizeBytes(4), 120u);
  EXPECT_EQ((BufferLayout{30, 10, 10}).SizeBytes(8), 240u);
  EXPECT_EQ((BufferLayout{5, 5, 5}).SizeBytes(1), 5u);
  EXPECT_EQ((BufferLayout{}).SizeBytes(8), 0u);
}

TEST_F(CollectiveTest, BusFactorsFollowNcclTests) {
  for (int ranks : {1, 2, 3, 16}) {
    const double n = ranks;
    EXPECT_DOUBLE_EQ(Get("all_reduce").BusFactor(ranks), 2 * (n - 1) / n) << ranks;
    EXPECT_DOUBLE_EQ(Get("all_gather").BusFactor(ranks), (n - 1) / n) << ranks;
    EXPECT_DOUBLE_EQ(Get("reduce_scatter").BusFactor(ranks), (n - 1) / n) << ranks;
    EXPECT_DOUBLE_EQ(Get("alltoall").BusFactor(ranks), (n - 1) / n) << ranks;
    EXPECT_DOUBLE_EQ(Get("broadcast").BusFactor(ranks), 1.0) << ranks;
    EXPECT_DOUBLE_EQ(Get("reduce").BusFactor(ranks), 1.0) << ranks;
    EXPECT_DOUBLE_EQ(Get("sendrecv").BusFactor(ranks), 1.0) << ranks;
  }
  // Spelled out, so a formula typo in both places cannot hide.
  EXPECT_DOUBLE_EQ(Get("all_reduce").BusFactor(1), 0.0);
  EXPECT_DOUBLE_EQ(Get("all_reduce").BusFactor(2), 1.0);
  EXPECT_DOUBLE_EQ(Get("all_reduce").BusFactor(3), 4.0 / 3.0);
  EXPECT_DOUBLE_EQ(Get("all_reduce").BusFactor(16), 1.875);
  EXPECT_DOUBLE_EQ(Get("all_gather").BusFactor(1), 0.0);
  EXPECT_DOUBLE_EQ(Get("all_gather").BusFactor(2), 0.5);
  EXPECT_DOUBLE_EQ(Get("reduce_scatter").BusFactor(3), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(Get("alltoall").BusFactor(16), 0.9375);
}

// The last row of tests/fixtures/all_reduce_h100_2node_16rank_gcp_a3mega.txt:
//   8589934592  2147483648  float  sum  -1  47535  180.71  338.82  0
TEST_F(CollectiveTest, ReproducesTheNcclTestsFixtureRow) {
  const CollectiveDefinition& all_reduce = Get("all_reduce");
  const BufferLayout layout = all_reduce.Layout(8589934592u, DataTypeSize(DataType::kFloat), 16);
  EXPECT_EQ(layout.param_count, 2147483648u);
  EXPECT_EQ(layout.SizeBytes(4), 8589934592u);
  const double algbw = BandwidthGbps(static_cast<double>(layout.SizeBytes(4)), 47535e-6);
  EXPECT_NEAR(algbw, 180.71, 0.005);
  const double busbw = algbw * all_reduce.BusFactor(16);
  // nccl-tests prints 338.82 from the unrounded time; 47535 us gives 338.83.
  EXPECT_NEAR(busbw, 338.82, 0.015);
}

}  // namespace
}  // namespace spinecheck

// The communicator contract: every collective, type, op and placement moves
// exactly the data the contract promises. Runs the real MPI backend under
// mpirun with 1 to 4 ranks; the NCCL backend joins the same suite.
#include <gtest/gtest.h>

#include <mpi.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/collectives/collective.h"
#include "bench/collectives/patterns.h"
#include "bench/comm/mpi/mpi_communicator.h"
#include "topology/device/cpu_device.h"

namespace spinecheck {
namespace {

struct ContractCase {
  std::string collective;
  DataType type;
  ReduceOp op;
  bool in_place;
};

std::string CaseName(const ::testing::TestParamInfo<ContractCase>& info) {
  return absl::StrCat(info.param.collective, "_", DataTypeName(info.param.type), "_", ReduceOpName(info.param.op), "_",
                      info.param.in_place ? "inplace" : "outofplace");
}

std::vector<ContractCase> AllCases() {
  CollectiveRegistry registry("collective");
  (void)RegisterBuiltinCollectives(registry);
  std::vector<ContractCase> cases;
  for (const std::string& name : registry.Names()) {
    const CollectiveDefinition* collective = registry.Find(name);
    for (DataType type : {DataType::kInt8, DataType::kUint8, DataType::kInt32, DataType::kUint32, DataType::kInt64,
                          DataType::kUint64, DataType::kFloat, DataType::kDouble}) {
      const std::vector<ReduceOp> ops = collective->reduces ? AllReduceOps() : std::vector<ReduceOp>{ReduceOp::kSum};
      for (ReduceOp op : ops) {
        for (bool in_place : {false, true}) cases.push_back({name, type, op, in_place});
      }
    }
  }
  return cases;
}

class CommunicatorContractTest : public ::testing::TestWithParam<ContractCase> {
 protected:
  void SetUp() override {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    absl::StatusOr<std::unique_ptr<Communicator>> comm = CreateMpiCommunicator(absl::StrCat("rank ", rank_));
    ASSERT_TRUE(comm.ok()) << comm.status();
    comm_ = std::move(*comm);
    ASSERT_TRUE(RegisterBuiltinCollectives(registry_).ok());
  }

  CollectiveRegistry registry_{"collective"};
  std::unique_ptr<Communicator> comm_;
  CpuDevice device_{DescribeHostCpu()};
  int rank_ = 0;
};

TEST_P(CommunicatorContractTest, DeliversExactlyTheExpectedData) {
  const ContractCase& c = GetParam();
  const CollectiveDefinition* collective = registry_.Find(c.collective);
  ASSERT_NE(collective, nullptr);
  const int n = comm_->size();
  ASSERT_TRUE(comm_->Supports(c.type, c.op, collective->reduces).ok());
  // A size that is not a power of two, and every root for rooted collectives.
  for (size_t bytes : {size_t{0}, size_t{4096}, size_t{12345 * 8}}) {
    const BufferLayout layout = collective->Layout(bytes, DataTypeSize(c.type), n);
    const size_t elements = std::max<size_t>({layout.send_count, layout.recv_count, 1});
    absl::StatusOr<DeviceBuffer> send = device_.Allocate(elements * DataTypeSize(c.type));
    absl::StatusOr<DeviceBuffer> recv = device_.Allocate(elements * DataTypeSize(c.type));
    ASSERT_TRUE(send.ok() && recv.ok());
    std::vector<int> roots = {0};
    if (collective->rooted) {
      roots.clear();
      for (int r = 0; r < n; ++r) roots.push_back(r);
    }
    for (int root : roots) {
      PatternCall call;
      call.collective = collective;
      call.layout = layout;
      call.type = c.type;
      call.op = c.op;
      call.root = root;
      call.rank = rank_;
      call.ranks = n;
      call.seed = 3;
      call.in_place = c.in_place;
      call.in_place_reduce_scatter_offset = comm_->InPlaceReduceScatterResultOffset(layout.param_count);
      FillInput(call, send->data(), elements, recv->data(), elements);
      ASSERT_TRUE(LaunchCollective(*collective, *comm_, send->data(), recv->data(), layout, c.type, c.op, root,
                                   c.in_place)
                      .ok());
      ASSERT_TRUE(comm_->Synchronize().ok());
      EXPECT_EQ(CountWrong(call, send->data(), recv->data()), 0)
          << "rank " << rank_ << " of " << n << ", " << bytes << " B, root " << root;
      // The check is not vacuous: a different seed disagrees wherever there is output.
      call.seed = 4;
      if (OutputSpan(call).count > 0) {
        EXPECT_GT(CountWrong(call, send->data(), recv->data()), 0);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllCollectives, CommunicatorContractTest, ::testing::ValuesIn(AllCases()), CaseName);

TEST(MpiCommunicatorTest, HalfPrecisionTypesAreSkippedWithAReason) {
  absl::StatusOr<std::unique_ptr<Communicator>> comm = CreateMpiCommunicator("rank ?");
  ASSERT_TRUE(comm.ok());
  for (DataType type : {DataType::kHalf, DataType::kBfloat16, DataType::kF8e4m3, DataType::kF8e5m2}) {
    const absl::Status supported = (*comm)->Supports(type, ReduceOp::kSum, true);
    EXPECT_EQ(supported.code(), absl::StatusCode::kUnimplemented);
    EXPECT_NE(supported.message().find("MPI has no standard"), absl::string_view::npos) << supported;
  }
  EXPECT_EQ((*comm)->name(), "mpi");
}

}  // namespace
}  // namespace spinecheck

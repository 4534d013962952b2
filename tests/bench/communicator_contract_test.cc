// The communicator contract: every collective, type, op and placement moves
// exactly the data the contract promises. The same suite runs the real MPI
// backend (mpirun with 1 to 4 ranks) and, with --backend=nccl, the real
// NCCL backend on GPUs; without NCCL or a GPU the NCCL run exits 77, which
// ctest reports as SKIPPED with the printed reason.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/collectives/collective.h"
#include "bench/collectives/pattern_engine.h"
#include "bench/collectives/patterns.h"
#include "bench/comm/communicator_factory.h"
#include "bench/comm/mpi/mpi_communicator.h"
#include "topology/device/device_factory.h"
#include "topology/world/world.h"

namespace spinecheck {
namespace {

constexpr int kSkipExitCode = 77;

// The backend under test, created once for the whole binary.
struct ContractBackend {
  Backend backend = Backend::kMpi;
  std::unique_ptr<World> world;
  std::unique_ptr<Device> device;
  std::unique_ptr<Communicator> comm;
  std::unique_ptr<PatternEngine> patterns;
};
ContractBackend* backend_under_test = nullptr;

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
    for (DataType type : AllDataTypes()) {
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
  void SetUp() override { ASSERT_TRUE(RegisterBuiltinCollectives(registry_).ok()); }

  CollectiveRegistry registry_{"collective"};
  Communicator* comm_ = backend_under_test->comm.get();
  Device& device_ = *backend_under_test->device;
  PatternEngine& patterns_ = *backend_under_test->patterns;
  int rank_ = backend_under_test->comm->rank();
};

TEST_P(CommunicatorContractTest, DeliversExactlyTheExpectedData) {
  const ContractCase& c = GetParam();
  const CollectiveDefinition* collective = registry_.Find(c.collective);
  ASSERT_NE(collective, nullptr);
  const int n = comm_->size();
  if (absl::Status supported = comm_->Supports(c.type, c.op, collective->reduces); !supported.ok()) {
    // Every rank skips alike: the reason depends on the backend and GPU model only.
    GTEST_SKIP() << supported.message();
  }
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
      ASSERT_TRUE(patterns_.Fill(call, *send, *recv).ok());
      ASSERT_TRUE(comm_->GroupStart().ok());
      ASSERT_TRUE(LaunchCollective(*collective, *comm_, send->data(), recv->data(), layout, c.type, c.op, root,
                                   c.in_place)
                      .ok());
      ASSERT_TRUE(comm_->GroupEnd(absl::InfiniteFuture()).ok());
      ASSERT_TRUE(comm_->Synchronize(absl::InfiniteFuture()).ok());
      absl::StatusOr<int64_t> wrong = patterns_.CountWrong(call, *send, *recv);
      ASSERT_TRUE(wrong.ok()) << wrong.status();
      EXPECT_EQ(*wrong, 0) << "rank " << rank_ << " of " << n << ", " << bytes << " B, root " << root;
      // The check is not vacuous: a different seed disagrees wherever there is output.
      call.seed = 4;
      if (OutputSpan(call).count > 0) {
        wrong = patterns_.CountWrong(call, *send, *recv);
        ASSERT_TRUE(wrong.ok()) << wrong.status();
        EXPECT_GT(*wrong, 0);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllCollectives, CommunicatorContractTest, ::testing::ValuesIn(AllCases()), CaseName);

TEST(MpiCommunicatorTest, HalfPrecisionTypesAreSkippedWithAReason) {
  if (backend_under_test->backend != Backend::kMpi) GTEST_SKIP() << "mpi backend only";
  absl::StatusOr<std::unique_ptr<Communicator>> comm = CreateMpiCommunicator("rank ?");
  ASSERT_TRUE(comm.ok());
  for (DataType type : {DataType::kHalf, DataType::kBfloat16, DataType::kF8e4m3, DataType::kF8e5m2}) {
    const absl::Status supported = (*comm)->Supports(type, ReduceOp::kSum, true);
    EXPECT_EQ(supported.code(), absl::StatusCode::kUnimplemented);
    EXPECT_NE(supported.message().find("MPI has no standard"), absl::string_view::npos) << supported;
  }
  EXPECT_EQ((*comm)->name(), "mpi");
}

// Creates the backend named by --backend=mpi|nccl; exits 77 with the reason
// when the NCCL backend cannot run here.
absl::Status CreateBackend(ContractBackend& backend, const std::string& name, int* argc, char*** argv) {
  backend.backend = name == "nccl" ? Backend::kNccl : Backend::kMpi;
  absl::StatusOr<std::unique_ptr<World>> world = World::Init(argc, argv);
  if (!world.ok()) return world.status();
  backend.world = std::move(*world);
  World& w = *backend.world;
  if (backend.backend == Backend::kNccl) {
    const GpuAvailability gpus = FindGpus();
    std::string reason;
    if (!NcclBuilt()) reason = "this build has no NCCL backend";
    else if (gpus.visible == 0) reason = absl::StrCat("no GPU: ", gpus.reason);
    else if (gpus.visible < w.local_size()) reason = absl::StrCat(w.local_size(), " ranks on this host but ", gpus.visible, " GPUs");
    if (!w.AgreeOnError(reason.empty() ? absl::OkStatus() : absl::UnavailableError(reason)).ok()) {
      if (w.rank() == 0) std::printf("SKIPPED: the NCCL contract needs a GPU per rank: %s\n", reason.c_str());
      std::fflush(stdout);
      backend.world.reset();
      std::exit(kSkipExitCode);
    }
  }
  DevicePlacement placement;
  placement.local_rank = w.local_rank();
  placement.where = w.Where();
  absl::StatusOr<std::unique_ptr<Device>> device =
      CreateDevice(backend.backend == Backend::kNccl ? DeviceKind::kCuda : DeviceKind::kCpu, placement);
  if (!device.ok()) return device.status();
  backend.device = std::move(*device);
  absl::StatusOr<std::vector<std::unique_ptr<Communicator>>> comms =
      CreateCommunicators(backend.backend, w, {backend.device.get()}, absl::Seconds(120));
  if (!comms.ok()) return comms.status();
  backend.comm = std::move(comms->front());
  absl::StatusOr<std::unique_ptr<PatternEngine>> patterns = CreatePatternEngine(*backend.device);
  if (!patterns.ok()) return patterns.status();
  backend.patterns = std::move(*patterns);
  return absl::OkStatus();
}

}  // namespace
}  // namespace spinecheck

// Every rank runs every test; only rank 0 prints gtest's report; the exit
// code is the worst of all ranks.
int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  std::string backend_name = "mpi";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--backend=", 10) == 0) backend_name = argv[i] + 10;
  }
  spinecheck::ContractBackend backend;
  const absl::Status created = spinecheck::CreateBackend(backend, backend_name, &argc, &argv);
  if (!created.ok()) {
    std::fprintf(stderr, "communicator_contract_test: cannot create the %s backend: %s\n", backend_name.c_str(),
                 std::string(created.message()).c_str());
    return 1;
  }
  spinecheck::backend_under_test = &backend;
  if (backend.world->rank() != 0) {
    ::testing::TestEventListeners& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  const int result = RUN_ALL_TESTS();
  absl::StatusOr<double> worst = backend.world->MinAll(-static_cast<double>(result));
  backend.patterns.reset();
  backend.comm.reset();
  backend.device.reset();
  return worst.ok() ? static_cast<int>(-*worst) : 1;
}

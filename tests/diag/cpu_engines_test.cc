// The CPU engines on a real CpuDevice: a healthy host passes, and the
// testing fault is seen by the real comparison.
#include "diag/engines/cpu/cpu_engines.h"

#include <gtest/gtest.h>

#include "topology/device/device_factory.h"

namespace spinecheck {
namespace {

std::unique_ptr<Device> Cpu() {
  absl::StatusOr<std::unique_ptr<Device>> device = CreateDevice(DeviceKind::kCpu, DevicePlacement{});
  EXPECT_TRUE(device.ok()) << device.status();
  return *std::move(device);
}

TEST(CpuGemmEngineTest, Fp64AndFp32MatchTheReferenceUntilCorrupted) {
  std::unique_ptr<Device> device = Cpu();
  absl::StatusOr<std::unique_ptr<GemmEngine>> engine = CreateCpuGemmEngine(*device, 1);
  ASSERT_TRUE(engine.ok()) << engine.status();
  for (GemmType type : {GemmType::kFp64, GemmType::kFp32}) {
    SCOPED_TRACE(GemmTypeName(type));
    ASSERT_TRUE((*engine)->Supports(type).ok());
    absl::StatusOr<int64_t> failed_rows = (*engine)->Prepare(type, 96, 4);
    ASSERT_TRUE(failed_rows.ok()) << failed_rows.status();
    EXPECT_EQ(*failed_rows, 0);
    EXPECT_EQ((*engine)->Iterate(false).value_or(-1), 0);
    EXPECT_EQ((*engine)->Iterate(true).value_or(-1), 1);
    EXPECT_EQ((*engine)->Iterate(true).value_or(-1), 1);
    EXPECT_EQ((*engine)->Iterate(false).value_or(-1), 0);
    (*engine)->Release();
  }
}

TEST(CpuGemmEngineTest, NarrowTypesAreUnsupportedWithAReason) {
  std::unique_ptr<Device> device = Cpu();
  std::unique_ptr<GemmEngine> engine = *CreateCpuGemmEngine(*device, 1);
  for (GemmType type : {GemmType::kTf32, GemmType::kBf16, GemmType::kFp16, GemmType::kFp8}) {
    const absl::Status supported = engine->Supports(type);
    EXPECT_EQ(supported.code(), absl::StatusCode::kUnimplemented);
    EXPECT_NE(supported.message().find("fp64 and fp32"), absl::string_view::npos) << supported;
  }
  EXPECT_FALSE(engine->Prepare(GemmType::kFp8, 16, 1).ok());
  EXPECT_EQ(engine->Iterate(false).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(CpuMemoryEngineTest, EveryPatternReadsBackWhatItWrote) {
  std::unique_ptr<Device> device = Cpu();
  std::unique_ptr<MemoryEngine> engine = *CreateCpuMemoryEngine(*device);
  EXPECT_EQ(engine->Run(MemoryPattern::kRandom, 1).status().code(), absl::StatusCode::kFailedPrecondition);
  const uint64_t bytes = 1 << 20;
  ASSERT_TRUE(engine->Allocate(bytes).ok());
  const int64_t words = static_cast<int64_t>(bytes / 4);
  const std::vector<std::pair<MemoryPattern, int>> reads = {
      {MemoryPattern::kWalkingOnes, 32}, {MemoryPattern::kRandom, 1}, {MemoryPattern::kMovingInversions, 3}};
  for (const auto& [pattern, read_passes] : reads) {
    SCOPED_TRACE(MemoryPatternName(pattern));
    absl::StatusOr<MemoryPassResult> pass = engine->Run(pattern, 9);
    ASSERT_TRUE(pass.ok()) << pass.status();
    EXPECT_EQ(pass->mismatches, 0);
    EXPECT_EQ(pass->words_checked, words * read_passes);
    EXPECT_EQ(pass->bytes_moved, bytes * 2 * static_cast<uint64_t>(read_passes));
  }
  absl::StatusOr<uint64_t> default_bytes = engine->DefaultBytes(4);
  ASSERT_TRUE(default_bytes.ok()) << default_bytes.status();
  EXPECT_GE(*default_bytes, 1u << 20);
  EXPECT_LE(*default_bytes, 256u << 20);
}

TEST(CpuCopyEngineTest, MemcpyDeliversTheSourceBytes) {
  std::unique_ptr<Device> device = Cpu();
  std::unique_ptr<CopyEngine> engine = *CreateCpuCopyEngine(*device);
  ASSERT_EQ(engine->Paths(), std::vector<std::string>{"memcpy"});
  EXPECT_EQ(engine->CopyOnce(0).status().code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(engine->Allocate(1 << 20).ok());
  absl::StatusOr<double> seconds = engine->CopyOnce(0);
  ASSERT_TRUE(seconds.ok()) << seconds.status();
  EXPECT_GT(*seconds, 0);
  EXPECT_EQ(engine->VerifyLast(0).value_or(-1), 0);
  EXPECT_EQ(engine->CopyOnce(1).status().code(), absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace spinecheck

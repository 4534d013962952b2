// The burn engines of one GPU, created through the engine factory as the
// checks create them: every GEMM type the GPU supports verifies its
// reference and counts exactly the injected corruption, every memory pattern
// reads back clean with the documented word counts, and every copy path
// delivers its source. Runs on one GPU; without one (or without CUDA in the
// build) it exits 77, which ctest reports as SKIPPED with the printed reason.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "diag/engines/engine_factory.h"
#include "topology/device/device_factory.h"

namespace spinecheck {
namespace {

constexpr int kSkipExitCode = 77;
constexpr int kGemmSize = 256;
constexpr uint64_t kSeed = 7;

std::unique_ptr<Device> OpenGpu() {
  DevicePlacement placement;
  placement.where = "test";
  absl::StatusOr<std::unique_ptr<Device>> device = CreateDevice(DeviceKind::kCuda, placement);
  EXPECT_TRUE(device.ok()) << device.status();
  return device.ok() ? std::move(*device) : nullptr;
}

TEST(CudaGemmEngineTest, EverySupportedTypeVerifiesAndCountsTheInjectedFlip) {
  std::unique_ptr<Device> gpu = OpenGpu();
  ASSERT_NE(gpu, nullptr);
  absl::StatusOr<std::unique_ptr<GemmEngine>> engine = CreateGemmEngine(*gpu, 1);
  ASSERT_TRUE(engine.ok()) << engine.status();
  int supported = 0;
  for (GemmType type : AllGemmTypes()) {
    SCOPED_TRACE(std::string(GemmTypeName(type)));
    if (absl::Status status = (*engine)->Supports(type); !status.ok()) {
      std::printf("%s not supported: %s\n", std::string(GemmTypeName(type)).c_str(),
                  std::string(status.message()).c_str());
      EXPECT_TRUE(absl::StrContains(status.message(), "compute capability")) << status;
      continue;
    }
    ++supported;
    absl::StatusOr<int64_t> failed_rows = (*engine)->Prepare(type, kGemmSize, kSeed);
    ASSERT_TRUE(failed_rows.ok()) << failed_rows.status();
    EXPECT_EQ(*failed_rows, 0);
    absl::StatusOr<int64_t> different = (*engine)->Iterate(false);
    ASSERT_TRUE(different.ok()) << different.status();
    EXPECT_EQ(*different, 0);
    different = (*engine)->Iterate(true);
    ASSERT_TRUE(different.ok()) << different.status();
    EXPECT_EQ(*different, 1);
    different = (*engine)->Iterate(true);  // another element this time, and only it
    ASSERT_TRUE(different.ok()) << different.status();
    EXPECT_EQ(*different, 1);
    different = (*engine)->Iterate(false);  // the next product overwrites the flip
    ASSERT_TRUE(different.ok()) << different.status();
    EXPECT_EQ(*different, 0);
    (*engine)->Release();
  }
  EXPECT_GE(supported, 3);  // fp64, fp32 and fp16 run on every GPU CUDA 13 supports
}

TEST(CudaGemmEngineTest, IterateBeforePrepareIsRefused) {
  std::unique_ptr<Device> gpu = OpenGpu();
  ASSERT_NE(gpu, nullptr);
  absl::StatusOr<std::unique_ptr<GemmEngine>> engine = CreateGemmEngine(*gpu, 1);
  ASSERT_TRUE(engine.ok()) << engine.status();
  EXPECT_EQ((*engine)->Iterate(false).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(CudaMemoryEngineTest, EveryPatternReadsBackCleanWithTheDocumentedCounts) {
  std::unique_ptr<Device> gpu = OpenGpu();
  ASSERT_NE(gpu, nullptr);
  absl::StatusOr<std::unique_ptr<MemoryEngine>> engine = CreateMemoryEngine(*gpu);
  ASSERT_TRUE(engine.ok()) << engine.status();
  absl::StatusOr<uint64_t> default_bytes = (*engine)->DefaultBytes(1);
  ASSERT_TRUE(default_bytes.ok()) << default_bytes.status();
  EXPECT_GT(*default_bytes, 0u);
  EXPECT_EQ(*default_bytes % (uint64_t{2} << 20), 0u);
  EXPECT_LT(*default_bytes, gpu->info().memory_bytes);

  constexpr uint64_t kBytes = uint64_t{64} << 20;
  constexpr int64_t kWords = static_cast<int64_t>(kBytes / 4);
  ASSERT_TRUE((*engine)->Allocate(kBytes).ok());
  struct Expected {
    MemoryPattern pattern;
    int64_t read_passes;
    uint64_t write_passes;
  };
  for (const Expected& expected :
       {Expected{MemoryPattern::kWalkingOnes, 32, 32}, Expected{MemoryPattern::kRandom, 1, 1},
        Expected{MemoryPattern::kMovingInversions, 3, 3}}) {
    SCOPED_TRACE(std::string(MemoryPatternName(expected.pattern)));
    absl::StatusOr<MemoryPassResult> result = (*engine)->Run(expected.pattern, kSeed);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->mismatches, 0);
    EXPECT_EQ(result->words_checked, kWords * expected.read_passes);
    EXPECT_EQ(result->bytes_moved, kBytes * (expected.write_passes + static_cast<uint64_t>(expected.read_passes)));
  }
  (*engine)->Release();
  EXPECT_EQ((*engine)->Run(MemoryPattern::kRandom, kSeed).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(CudaCopyEngineTest, EveryPathTakesTimeAndDeliversItsSource) {
  std::unique_ptr<Device> gpu = OpenGpu();
  ASSERT_NE(gpu, nullptr);
  absl::StatusOr<std::unique_ptr<CopyEngine>> engine = CreateCopyEngine(*gpu);
  ASSERT_TRUE(engine.ok()) << engine.status();
  const std::vector<std::string>& paths = (*engine)->Paths();
  ASSERT_GE(paths.size(), 2u);
  EXPECT_EQ(paths[0], "h2d");
  EXPECT_EQ(paths[1], "d2h");
  for (size_t path = 2; path < paths.size(); ++path) {
    EXPECT_TRUE(absl::StartsWith(paths[path], "d2d:0->")) << paths[path];
  }
  // 8 MiB and 3 bytes: whole words and a trailing partial one.
  ASSERT_TRUE((*engine)->Allocate((uint64_t{8} << 20) + 3).ok());
  for (size_t path = 0; path < paths.size(); ++path) {
    SCOPED_TRACE(paths[path]);
    absl::StatusOr<int64_t> before = (*engine)->VerifyLast(path);  // nothing copied yet: destinations are zero
    ASSERT_TRUE(before.ok()) << before.status();
    EXPECT_GT(*before, 0);
    for (int repeat = 0; repeat < 3; ++repeat) {
      absl::StatusOr<double> seconds = (*engine)->CopyOnce(path);
      ASSERT_TRUE(seconds.ok()) << seconds.status();
      EXPECT_GT(*seconds, 0.0);
      EXPECT_LT(*seconds, 10.0);
    }
    absl::StatusOr<int64_t> different = (*engine)->VerifyLast(path);
    ASSERT_TRUE(different.ok()) << different.status();
    EXPECT_EQ(*different, 0);
  }
  EXPECT_EQ((*engine)->CopyOnce(paths.size()).status().code(), absl::StatusCode::kOutOfRange);
  (*engine)->Release();
}

}  // namespace
}  // namespace spinecheck

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const spinecheck::GpuAvailability gpus = spinecheck::FindGpus();
  if (gpus.visible == 0) {
    std::printf("SKIPPED: needs a GPU: %s\n", gpus.reason.c_str());
    return spinecheck::kSkipExitCode;
  }
  return RUN_ALL_TESTS();
}

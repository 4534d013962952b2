// `spinecheck sweep` on GPUs, end to end: the NCCL backend on every
// collective, type and op with results checked, the document's GPU and
// NCCL facts, an injected corruption, and -g. Needs NCCL in the build and a
// GPU; otherwise it exits 77, which ctest reports as SKIPPED with the reason.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "bench/comm/communicator_factory.h"
#include "tests/tools/cli_test_support.h"
#include "tests/tools/process.h"
#include "topology/device/device_factory.h"

namespace spinecheck {
namespace {

using Json = nlohmann::json;
constexpr int kSkipExitCode = 77;

ProcessResult Sweep(std::vector<std::string> args) {
  std::vector<std::string> argv = {SPINECHECK_BINARY, "sweep"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, 600);
}

TEST(GpuSweepTest, EveryCollectiveTypeAndOpIsCorrectOnNccl) {
  const std::string json_path = TempPath("all.json");
  const ProcessResult result = Sweep({"--backend", "nccl", "-b", "8", "-e", "16M", "-f", "4", "--collective", "all",
                                      "-d", "all", "-o", "all", "-n", "5", "-c", "1", "--json", json_path});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const Json document = ReadJson(json_path);
  const Json& environment = document["environment"];
  EXPECT_EQ(environment["backend"], "nccl");
  EXPECT_NE(environment["nccl_version_runtime"], "");
  EXPECT_NE(environment["cuda_driver"], "");
  const Json& device = document["world"]["hosts"][0]["ranks"][0]["devices"][0];
  EXPECT_EQ(device["kind"], "cuda");
  EXPECT_EQ(device["comm_rank"], 0);
  EXPECT_TRUE(absl::StartsWith(device["uuid"].get<std::string>(), "GPU-"));
  ASSERT_FALSE(document["results"].empty());
  for (const Json& row : document["results"]) {
    for (const char* placement : {"out_of_place", "in_place"}) {
      EXPECT_EQ(row[placement]["wrong"], 0) << row.dump();
    }
  }
}

TEST(GpuSweepTest, CorruptedGpuDataIsCountedAndTheRankNamed) {
  const std::string json_path = TempPath("corrupt.json");
  const ProcessResult result = Sweep({"--backend", "nccl", "-b", "1M", "-e", "1M", "-n", "2", "--inject",
                                      "corrupt=0", "--json", json_path});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(absl::StrContains(result.out, "spinecheck: FAIL host=")) << result.out;
  const Json document = ReadJson(json_path);
  EXPECT_EQ(document["verdict"]["exit_code"], 1);
}

TEST(GpuSweepTest, AutoChoosesNccl) {
  const std::string json_path = TempPath("auto.json");
  const ProcessResult result = Sweep({"-b", "1M", "-e", "1M", "-n", "2", "--json", json_path});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(ReadJson(json_path)["environment"]["backend"], "nccl");
}

TEST(GpuSweepTest, OneProcessDrivesTwoGpus) {
  if (FindGpus().visible < 2) GTEST_SKIP() << "-g 2 needs two GPUs";
  const std::string json_path = TempPath("g2.json");
  const ProcessResult result =
      Sweep({"--backend", "nccl", "-g", "2", "-b", "8", "-e", "4M", "-f", "8", "--collective", "all", "--json",
             json_path});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const Json document = ReadJson(json_path);
  EXPECT_EQ(document["world"]["hosts"][0]["ranks"][0]["devices"].size(), 2u);
  EXPECT_EQ(document["results"][0]["ranks"], 2);
}

TEST(GpuSweepTest, TooManyGpusPerProcessIsAClearError) {
  const int visible = FindGpus().visible;
  const ProcessResult result = Sweep({"--backend", "nccl", "-g", absl::StrCat(visible + 1), "-b", "8", "-e", "8"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_TRUE(absl::StrContains(result.err, "check CUDA_VISIBLE_DEVICES")) << result.err;
}

}  // namespace
}  // namespace spinecheck

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const spinecheck::GpuAvailability gpus = spinecheck::FindGpus();
  if (!spinecheck::NcclBuilt() || gpus.visible == 0) {
    std::printf("SKIPPED: needs NCCL and a GPU: %s\n",
                spinecheck::NcclBuilt() ? gpus.reason.c_str() : "this build has no NCCL backend");
    return spinecheck::kSkipExitCode;
  }
  return RUN_ALL_TESTS();
}

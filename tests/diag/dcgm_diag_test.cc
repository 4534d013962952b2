#include "diag/dcgm/dcgm_diag.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

// A fixture without its "# source:" first line.
std::string Fixture(const std::string& name) {
  std::ifstream in(absl::StrCat(SPINECHECK_FIXTURES, "/dcgm/", name));
  EXPECT_TRUE(in.good()) << name;
  std::string source_line;
  std::getline(in, source_line);
  EXPECT_TRUE(absl::StartsWith(source_line, "# source: "));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ParseDcgmDiagJsonTest, RealDcgm31OutputOnEightGpus) {
  absl::StatusOr<std::vector<DcgmResult>> results =
      ParseDcgmDiagJson(Fixture("dcgmi_diag_3.1.0_8gpu_pass.json"), "node7");
  ASSERT_TRUE(results.ok()) << results.status();
  // 9 Deployment tests listed for "0,1,...,7" and one Custom test per GPU.
  ASSERT_EQ(results->size(), 9u * 8 + 8);
  const DcgmResult& first = results->front();
  EXPECT_EQ(first.host, "node7");
  EXPECT_EQ(first.gpu_index, 0);
  EXPECT_EQ(first.category, "Deployment");
  EXPECT_EQ(first.test, "Denylist");
  EXPECT_EQ(first.status, "pass");
  const DcgmResult& last = results->back();
  EXPECT_EQ(last.gpu_index, 7);
  EXPECT_EQ(last.category, "Custom");
  EXPECT_EQ(last.test, "software");
  for (const DcgmResult& result : *results) EXPECT_EQ(result.status, "pass") << result.test;
}

TEST(ParseDcgmDiagJsonTest, FailuresKeepDcgmsMessages) {
  const std::string json = R"(Warning: text before the object
  {"DCGM GPU Diagnostic": {"test_categories": [{"category": "Hardware", "tests": [{"name": "Memory",
    "results": [{"gpu_ids": "0", "status": "Pass"},
                {"gpu_ids": "1", "status": "Fail", "warnings": [{"warning": "DBE detected on GPU 1", "error_id": 10}],
                 "info": ["Allocated 95% of memory"]},
                {"gpu_ids": 2, "status": "Warn", "warnings": "retired pages pending"},
                {"gpu_ids": 3, "status": "Skip"}]}]}], "version": "3.3.5"}})";
  absl::StatusOr<std::vector<DcgmResult>> results = ParseDcgmDiagJson(json, "n1");
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), 4u);
  EXPECT_EQ((*results)[1].status, "fail");
  EXPECT_EQ((*results)[1].messages, (std::vector<std::string>{"DBE detected on GPU 1", "Allocated 95% of memory"}));
  EXPECT_EQ((*results)[2].status, "warn");
  EXPECT_EQ((*results)[3].status, "skip");
}

TEST(ParseDcgmDiagJsonTest, NotDcgmJsonIsInvalidArgument) {
  for (const char* text : {"", "garbage", "{\"foo\": 1}", "{\"DCGM GPU Diagnostic\": {\"version\": \"4.2.3\"}}",
                           "{\"DCGM GPU Diagnostic\": "}) {
    EXPECT_EQ(ParseDcgmDiagJson(text, "h").status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

class RunDcgmDiagTest : public ::testing::Test {
 protected:
  void SetUp() override { saved_path_ = std::getenv("PATH"); }
  void TearDown() override { setenv("PATH", saved_path_.c_str(), 1); }

  // A fake dcgmi first on the PATH running `body`.
  void FakeDcgmi(const std::string& body) {
    const std::string directory = absl::StrCat(::testing::TempDir(), "fake_dcgmi_", getpid());
    mkdir(directory.c_str(), 0755);
    const std::string script = directory + "/dcgmi";
    std::ofstream(script) << "#!/bin/sh\n" << body << "\n";
    chmod(script.c_str(), 0755);
    setenv("PATH", absl::StrCat(directory, ":", saved_path_).c_str(), 1);
  }

  std::string saved_path_;
};

TEST_F(RunDcgmDiagTest, WithoutDcgmiIsNotFound) {
  setenv("PATH", "/nonexistent", 1);
  const absl::Status status = RunDcgmDiag(1, "h", absl::Seconds(5)).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(status.message(), "dcgmi")) << status;
}

TEST_F(RunDcgmDiagTest, ParsesItsOutputEvenWhenItExitsNonZero) {
  FakeDcgmi(absl::StrCat("tail -n +2 ", SPINECHECK_FIXTURES, "/dcgm/dcgmi_diag_3.1.0_8gpu_pass.json; exit 226"));
  absl::StatusOr<std::vector<DcgmResult>> results = RunDcgmDiag(1, "h", absl::Seconds(20));
  ASSERT_TRUE(results.ok()) << results.status();
  EXPECT_EQ(results->size(), 80u);
}

TEST_F(RunDcgmDiagTest, OutputWithoutJsonIsUnavailable) {
  FakeDcgmi("echo 'Error: unable to connect to host engine'; exit 1");
  const absl::Status status = RunDcgmDiag(1, "h", absl::Seconds(20)).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(status.message(), "unable to connect to host engine")) << status;
}

TEST_F(RunDcgmDiagTest, HangingDcgmiIsKilledAtTheTimeout) {
  FakeDcgmi("exec sleep 60");
  const absl::Status status = RunDcgmDiag(2, "h", absl::Seconds(1)).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_TRUE(absl::StrContains(status.message(), "known to hang")) << status;
}

}  // namespace
}  // namespace spinecheck

// DCGM diagnostics: real `dcgmi diag -j` output (tests/fixtures/dcgm) parsed
// into rows, malformed input rejected, and RunDcgmDiag against a fake dcgmi
// (tests/support/fake_dcgmi.sh) placed first on PATH.
#include "diag/dcgm/dcgm_diag.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

#ifndef SPINECHECK_FIXTURES
#error "SPINECHECK_FIXTURES must name the tests/fixtures folder"
#endif
#ifndef SPINECHECK_FAKE_DCGMI
#error "SPINECHECK_FAKE_DCGMI must name tests/support/fake_dcgmi.sh"
#endif

namespace spinecheck {
namespace {

constexpr char kDcgm3Fixture[] = "dcgm/dcgm3_1_0_nvvs_8gpu_pass.json";
constexpr char kDcgm4Fragment[] = "dcgm/dcgm4_diagnostic_8gpu_pass_fragment.json";

std::string FixturePath(const std::string& name) { return absl::StrCat(SPINECHECK_FIXTURES, "/", name); }

// The fixture's text without its first line (the "# source:" line).
std::string ReadFixture(const std::string& name) {
  std::ifstream in(FixturePath(name), std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << FixturePath(name);
  std::string first_line;
  std::getline(in, first_line);
  EXPECT_TRUE(absl::StartsWith(first_line, "# source: ")) << name;
  std::ostringstream rest;
  rest << in.rdbuf();
  return rest.str();
}

const DcgmResult* FindRow(const std::vector<DcgmResult>& rows, const std::string& test, int gpu) {
  for (const DcgmResult& row : rows) {
    if (row.test == test && row.gpu_index == gpu) return &row;
  }
  return nullptr;
}

bool Contains(absl::string_view text, absl::string_view part) { return absl::StrContains(text, part); }

TEST(ParseDcgmDiagJsonTest, Dcgm3DocumentExpandsGpuListsToOneRowPerGpu) {
  auto rows = ParseDcgmDiagJson(ReadFixture(kDcgm3Fixture), "node017");
  ASSERT_TRUE(rows.ok()) << rows.status();
  // Nine deployment tests for "0,1,2,3,4,5,6,7" and "software" once per GPU.
  ASSERT_EQ(rows->size(), 9u * 8 + 8);
  std::map<std::string, int> per_test;
  for (const DcgmResult& row : *rows) {
    EXPECT_EQ(row.host, "node017");
    EXPECT_EQ(row.status, DcgmStatus::kPass);  // "PASS" in the document
    EXPECT_TRUE(row.messages.empty());
    EXPECT_GE(row.gpu_index, 0);
    EXPECT_LE(row.gpu_index, 7);
    ++per_test[row.test];
  }
  EXPECT_EQ(per_test.size(), 10u);
  for (const auto& [test, count] : per_test) EXPECT_EQ(count, 8) << test;
  const DcgmResult* denylist = FindRow(*rows, "Denylist", 5);
  ASSERT_NE(denylist, nullptr);
  EXPECT_EQ(denylist->category, "Deployment");
  const DcgmResult* page_retirement = FindRow(*rows, "Page Retirement/Row Remap", 0);
  ASSERT_NE(page_retirement, nullptr);
  const DcgmResult* software = FindRow(*rows, "software", 7);
  ASSERT_NE(software, nullptr);
  EXPECT_EQ(software->category, "Custom");
}

TEST(ParseDcgmDiagJsonTest, Dcgm4ResultsByEntityWithInfo) {
  // The fixture is one entry of a "tests" list with its trailing comma, as
  // quoted in the issue; wrap it in the document dcgmi prints around it.
  std::string fragment = ReadFixture(kDcgm4Fragment);
  fragment = fragment.substr(0, fragment.rfind(','));
  const std::string document =
      absl::StrCat("{\"DCGM Diagnostic\": {\"test_categories\": [{\"category\": \"Hardware\", \"tests\": [", fragment,
                   "]}]}}");
  auto rows = ParseDcgmDiagJson(document, "gpu-node-3");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 8u);
  for (int gpu = 0; gpu < 8; ++gpu) {
    const DcgmResult* row = FindRow(*rows, "diagnostic", gpu);
    ASSERT_NE(row, nullptr) << gpu;
    EXPECT_EQ(row->host, "gpu-node-3");
    EXPECT_EQ(row->category, "Hardware");
    EXPECT_EQ(row->status, DcgmStatus::kPass);
  }
  const DcgmResult* gpu0 = FindRow(*rows, "diagnostic", 0);
  EXPECT_EQ(gpu0->messages,
            (std::vector<std::string>{"Allocated space for 138 output matricies from 76077622886 bytes available.",
                                      "Running with precisions: FP64 1, FP32 1, FP16 1",
                                      "GPU 0 calculated at approximately 859.08 gigaflops during this test"}));
  EXPECT_EQ(FindRow(*rows, "diagnostic", 2)->messages.size(), 2u);
  EXPECT_TRUE(FindRow(*rows, "diagnostic", 3)->messages.empty());
}

// Constructed, not captured: a failing DCGM 4 run in the layout of
// testing/python3/dcgm_diag_schema.json (NVIDIA/DCGM), with a CPU entity
// and a test summary.
TEST(ParseDcgmDiagJsonTest, Dcgm4FailureWarningsAndSummary) {
  const std::string document = R"json({
    "DCGM Diagnostic": {"test_categories": [
      {"category": "Deployment", "tests": [
        {"name": "software",
         "results": [{"entity_group": "GPU", "entity_group_id": 1, "entity_id": 0, "status": "Fail",
                      "warnings": [{"error_category": 8, "error_id": 29, "error_severity": 5,
                                    "warning": "Persistence mode for GPU 0 is disabled."}]},
                     {"entity_group": "GPU", "entity_group_id": 1, "entity_id": 1, "status": "Pass"}],
         "test_summary": {"status": "Fail", "info": ["summary note"]}}]},
      {"category": "Hardware", "tests": [
        {"name": "cpu_eud",
         "results": [{"entity_group": "CPU", "entity_group_id": 7, "entity_id": 0, "status": "Skip"}],
         "test_summary": {"status": "Skip"}},
        {"name": "memory",
         "results": [{"entity_group": "GPU", "entity_id": 1, "status": "Warn", "info": ["slow"]}],
         "test_summary": {"status": "Warn"}}]}]},
    "metadata": {"version": "4.2.3"}})json";
  auto rows = ParseDcgmDiagJson(document, "h");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 4u);
  const DcgmResult* failed = FindRow(*rows, "software", 0);
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->status, DcgmStatus::kFail);
  EXPECT_EQ(failed->messages, (std::vector<std::string>{"Persistence mode for GPU 0 is disabled.", "summary note"}));
  EXPECT_EQ(FindRow(*rows, "software", 1)->status, DcgmStatus::kPass);
  // The CPU result is not a GPU's: the test is kept host-wide from its summary.
  const DcgmResult* cpu = FindRow(*rows, "cpu_eud", -1);
  ASSERT_NE(cpu, nullptr);
  EXPECT_EQ(cpu->status, DcgmStatus::kSkip);
  EXPECT_EQ(FindRow(*rows, "memory", 1)->status, DcgmStatus::kWarn);
}

// Constructed, not captured: a DCGM 3.3 dcgmi document as dcgmi/Diag.cpp
// (HelperJsonAddBasicTests, HelperJsonAddResult) writes it.
TEST(ParseDcgmDiagJsonTest, Dcgm3DcgmiLayoutWithGpuIdAndHostWideResults) {
  const std::string document = R"json({
  "DCGM GPU Diagnostic": {"test_categories": [
    {"category": "Deployment", "tests": [
      {"name": "Denylist", "results": [{"status": "Pass"}]},
      {"name": "Persistence Mode", "results": [{"status": "Fail", "gpu_id": 1,
        "warnings": [{"warnings": "Persistence mode for GPU 1 is disabled.", "error_id": 29}]}]}]},
    {"category": "Hardware", "tests": [
      {"name": "GPU Memory", "results": [
        {"gpu_id": "0", "status": "Pass", "info": "Allocated 15568304202 bytes (98.3%)"},
        {"gpu_id": "1", "status": "Fail", "warnings": [null, {"warning": "Error using CUDA API cuCtxCreate"}]},
        {"gpu_id": "2", "status": "Skip"}]}]}]},
  "version": "3.3.5", "Driver Version Detected": "550.54.15"})json";
  auto rows = ParseDcgmDiagJson(document, "h");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 5u);
  const DcgmResult* denylist = FindRow(*rows, "Denylist", -1);
  ASSERT_NE(denylist, nullptr);  // a host-wide check names no GPU
  EXPECT_EQ(denylist->status, DcgmStatus::kPass);
  const DcgmResult* persistence = FindRow(*rows, "Persistence Mode", 1);
  ASSERT_NE(persistence, nullptr);
  EXPECT_EQ(persistence->status, DcgmStatus::kFail);
  EXPECT_EQ(persistence->messages, (std::vector<std::string>{"Persistence mode for GPU 1 is disabled."}));
  EXPECT_EQ(FindRow(*rows, "GPU Memory", 0)->messages,
            (std::vector<std::string>{"Allocated 15568304202 bytes (98.3%)"}));
  EXPECT_EQ(FindRow(*rows, "GPU Memory", 1)->messages,
            (std::vector<std::string>{"Error using CUDA API cuCtxCreate"}));
  EXPECT_EQ(FindRow(*rows, "GPU Memory", 2)->status, DcgmStatus::kSkip);
}

// DCGM's NOT_RUN is a skip; a word spinecheck does not know is never a pass
// and is named in the row's messages.
TEST(ParseDcgmDiagJsonTest, NotRunIsASkipAndAnUnknownWordIsNamed) {
  const std::string document = R"json({
  "DCGM GPU Diagnostic": {"test_categories": [
    {"category": "Hardware", "tests": [
      {"name": "GPU Memory", "results": [
        {"gpu_id": "0", "status": "Not Run"},
        {"gpu_id": "1", "status": "Inconclusive", "info": "odd"}]}]}]}})json";
  auto rows = ParseDcgmDiagJson(document, "h");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(FindRow(*rows, "GPU Memory", 0)->status, DcgmStatus::kSkip);
  const DcgmResult* odd = FindRow(*rows, "GPU Memory", 1);
  EXPECT_EQ(odd->status, DcgmStatus::kUnknown);
  EXPECT_EQ(odd->messages, (std::vector<std::string>{
                               "dcgmi reported the status 'Inconclusive', which spinecheck does not know", "odd"}));
}

TEST(ParseDcgmDiagJsonTest, RuntimeErrorIsUnavailable) {
  auto rows = ParseDcgmDiagJson(R"json({"DCGM Diagnostic": {"version": "4.2.3",
      "runtime_error": "Error: Unable to run diagnostic on unsupported GPU 0."}})json",
                                "h");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(Contains(rows.status().message(), "unsupported GPU 0")) << rows.status();
}

TEST(ParseDcgmDiagJsonTest, GarbageIsInvalidArgumentNamingWhatIsMissing) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "no JSON object"},
      {"Error: unable to connect to host engine", "no JSON object"},
      {"{not json", "no JSON object"},
      {"{\"a\": [1, 2}", "parse error"},
      {"{\"results\": []}", "\"DCGM Diagnostic\""},
      {"{\"DCGM Diagnostic\": {\"version\": \"4.0\"}}", "test_categories"},
      {"{\"DCGM Diagnostic\": {\"test_categories\": [{\"category\": \"x\"}]}}", "test_categories[0] has no \"tests\""},
      {"{\"DCGM Diagnostic\": {\"test_categories\": [{\"tests\": [{\"results\": []}]}]}}", "has no \"name\""},
      {"{\"DCGM Diagnostic\": {\"test_categories\": [{\"tests\": [{\"name\": \"a\", \"results\": [{}]}]}]}}",
       "has no \"status\""},
      {"{\"DCGM Diagnostic\": {\"test_categories\": [{\"tests\": [{\"name\": \"a\", \"results\": "
       "[{\"status\": \"Pass\", \"gpu_ids\": \"0,x\"}]}]}]}}",
       "not a GPU id"},
  };
  for (const auto& [text, part] : cases) {
    auto rows = ParseDcgmDiagJson(text, "h");
    ASSERT_FALSE(rows.ok()) << text;
    EXPECT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_TRUE(Contains(rows.status().message(), part)) << rows.status();
  }
}

// Sets environment variables for one test and restores them after it.
class ScopedEnv {
 public:
  ScopedEnv() = default;
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ~ScopedEnv() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second.has_value()) {
        setenv(it->first.c_str(), it->second->c_str(), 1);
      } else {
        unsetenv(it->first.c_str());
      }
    }
  }
  void Set(const std::string& name, const std::string& value) {
    const char* old = getenv(name.c_str());
    saved_.emplace_back(name, old != nullptr ? std::optional<std::string>(old) : std::nullopt);
    setenv(name.c_str(), value.c_str(), 1);
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

// A temporary folder holding `dcgmi` (a link to the fake), first on PATH.
class FakeDcgmiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/spinecheck-fake-dcgmi-XXXXXX";
    ASSERT_NE(mkdtemp(dir_template), nullptr);
    dir_ = dir_template;
    std::filesystem::create_symlink(SPINECHECK_FAKE_DCGMI, dir_ + "/dcgmi");
    env_.Set("PATH", absl::StrCat(dir_, ":/usr/bin:/bin"));
    for (const char* name : {"FAKE_DCGMI_OUTPUT", "FAKE_DCGMI_EXIT", "FAKE_DCGMI_SLEEP", "FAKE_DCGMI_STDERR",
                             "FAKE_DCGMI_IGNORE_TERM", "FAKE_DCGMI_ARGS_FILE"}) {
      env_.Set(name, "");
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
  ScopedEnv env_;
};

TEST_F(FakeDcgmiTest, ParsesWhatDcgmiPrintsAndPassesTheLevel) {
  env_.Set("FAKE_DCGMI_OUTPUT", FixturePath(kDcgm3Fixture));
  env_.Set("FAKE_DCGMI_ARGS_FILE", dir_ + "/args");
  auto rows = RunDcgmDiag(3, "node017", absl::Seconds(30));
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->size(), 80u);
  ASSERT_NE(FindRow(*rows, "Inforom", 4), nullptr);
  EXPECT_EQ(FindRow(*rows, "Inforom", 4)->host, "node017");
  std::ifstream args(dir_ + "/args");
  std::stringstream text;
  text << args.rdbuf();
  EXPECT_EQ(text.str(), "diag\n-r\n3\n-j\n");
}

TEST_F(FakeDcgmiTest, NonZeroExitWithJsonStillParses) {
  // dcgmi exits non-zero when a test fails; the JSON is the result.
  env_.Set("FAKE_DCGMI_OUTPUT", FixturePath(kDcgm3Fixture));
  env_.Set("FAKE_DCGMI_EXIT", "226");
  auto rows = RunDcgmDiag(1, "h", absl::Seconds(30));
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->size(), 80u);
}

TEST_F(FakeDcgmiTest, NoJsonIsUnavailableWithTheOutput) {
  env_.Set("FAKE_DCGMI_STDERR", "Error: unable to establish a connection to the specified host: localhost");
  env_.Set("FAKE_DCGMI_EXIT", "1");
  auto rows = RunDcgmDiag(2, "h", absl::Seconds(30));
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(Contains(rows.status().message(), "dcgmi diag -r 2 exited with code 1")) << rows.status();
  EXPECT_TRUE(Contains(rows.status().message(), "unable to establish a connection")) << rows.status();
}

TEST_F(FakeDcgmiTest, HangIsDeadlineExceededQuickly) {
  env_.Set("FAKE_DCGMI_SLEEP", "60");
  const absl::Time start = absl::Now();
  auto rows = RunDcgmDiag(3, "h", absl::Seconds(1));
  const absl::Duration took = absl::Now() - start;
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(rows.status().message(),
            "dcgmi diag -r 3 did not finish within 1 s; DCGM diag is known to hang on faulty GPUs");
  EXPECT_LT(took, absl::Seconds(5));
}

TEST_F(FakeDcgmiTest, HangThatIgnoresSigtermIsKilled) {
  env_.Set("FAKE_DCGMI_SLEEP", "60");
  env_.Set("FAKE_DCGMI_IGNORE_TERM", "1");
  const absl::Time start = absl::Now();
  auto rows = RunDcgmDiag(1, "h", absl::Seconds(1));
  const absl::Duration took = absl::Now() - start;
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(took, absl::Seconds(6));  // 1 s, then SIGTERM and at most 1 s of grace before SIGKILL
}

TEST_F(FakeDcgmiTest, WithoutDcgmiOnPathIsNotFound) {
  std::filesystem::remove(dir_ + "/dcgmi");
  env_.Set("PATH", dir_);
  auto rows = RunDcgmDiag(1, "h", absl::Seconds(5));
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(Contains(rows.status().message(), "dcgmi not found")) << rows.status();
}

TEST(RunDcgmDiagTest, LevelOutsideOneToFourIsInvalid) {
  EXPECT_EQ(RunDcgmDiag(0, "h", absl::Seconds(1)).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RunDcgmDiag(5, "h", absl::Seconds(1)).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace spinecheck

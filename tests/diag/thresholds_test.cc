// Thresholds: the shipped diag/data/thresholds.csv, model matching, and the
// errors of a malformed or missing file.
#include "diag/thresholds.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

constexpr char kHeader[] =
    "model,fp64_tflops,fp32_tflops,tf32_tflops,bf16_tflops,fp16_tflops,fp8_tflops,memory_gbps,h2d_gbps,d2h_gbps,"
    "source\n";

// A file in a fresh temporary folder, removed with it.
class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    char dir_template[] = "/tmp/spinecheck-thresholds-XXXXXX";
    dir_ = mkdtemp(dir_template);
    path_ = dir_ + "/thresholds.csv";
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempFile() { std::filesystem::remove_all(dir_); }
  const std::string& path() const { return path_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::string path_;
};

Thresholds ParseOrDie(const std::string& text) {
  auto thresholds = Thresholds::Parse(text, "test.csv");
  EXPECT_TRUE(thresholds.ok()) << thresholds.status();
  return thresholds.ok() ? *thresholds : Thresholds();
}

TEST(ShippedThresholdsTest, LoadsAndEveryRowHasASourceAndAFigure) {
  const std::string path = DefaultThresholdsPath();
  ASSERT_TRUE(std::filesystem::is_regular_file(path)) << path;
  auto thresholds = Thresholds::Load(path);
  ASSERT_TRUE(thresholds.ok()) << thresholds.status();
  ASSERT_GE(thresholds->rows().size(), 8u);
  for (const ThresholdRow& row : thresholds->rows()) {
    SCOPED_TRACE(row.model);
    EXPECT_TRUE(absl::StartsWith(row.source, "https://")) << row.source;
    double figures = row.memory_gbps + row.h2d_gbps + row.d2h_gbps;
    for (const auto& [type, tflops] : row.gemm_tflops) figures += tflops;
    EXPECT_GT(figures, 0);
    EXPECT_EQ(row.gemm_tflops.size(), 6u);
    EXPECT_GT(row.memory_gbps, 0);  // every listed datasheet gives it
  }
}

TEST(ShippedThresholdsTest, NamesAsNvmlReportsThemFindTheirRows) {
  auto thresholds = Thresholds::Load(DefaultThresholdsPath());
  ASSERT_TRUE(thresholds.ok()) << thresholds.status();
  const ThresholdRow* h100 = thresholds->Find("NVIDIA H100 80GB HBM3");
  ASSERT_NE(h100, nullptr);
  EXPECT_EQ(h100->model, "H100 80GB HBM3");
  EXPECT_DOUBLE_EQ(h100->gemm_tflops.at("fp8"), 1979);  // 3,958 with sparsity, halved
  EXPECT_DOUBLE_EQ(h100->memory_gbps, 3350);
  EXPECT_DOUBLE_EQ(h100->h2d_gbps, 64);

  const ThresholdRow* a100 = thresholds->Find("NVIDIA A100-SXM4-80GB");
  ASSERT_NE(a100, nullptr);
  EXPECT_DOUBLE_EQ(a100->memory_gbps, 2039);
  EXPECT_DOUBLE_EQ(a100->gemm_tflops.at("fp64"), 19.5);
  EXPECT_DOUBLE_EQ(a100->gemm_tflops.at("fp8"), 0);  // no FP8 on Ampere

  ASSERT_NE(thresholds->Find("NVIDIA H200"), nullptr);
  EXPECT_EQ(thresholds->Find("NVIDIA H200")->model, "H200");
  ASSERT_NE(thresholds->Find("NVIDIA H200 NVL"), nullptr);
  EXPECT_EQ(thresholds->Find("NVIDIA H200 NVL")->model, "H200 NVL");
  ASSERT_NE(thresholds->Find("NVIDIA L40S"), nullptr);
  EXPECT_EQ(thresholds->Find("NVIDIA L40S")->model, "L40S");
  ASSERT_NE(thresholds->Find("NVIDIA L4"), nullptr);
  EXPECT_EQ(thresholds->Find("NVIDIA L4")->model, "L4");
  EXPECT_EQ(thresholds->Find("NVIDIA L40"), nullptr);  // not an L4
  EXPECT_EQ(thresholds->Find("NVIDIA GeForce RTX 4090"), nullptr);
}

TEST(ThresholdsFindTest, ExactCaseInsensitiveAndContainedNames) {
  const Thresholds thresholds = ParseOrDie(absl::StrCat(kHeader,
                                                        "H100,1,2,3,4,5,6,7,8,9,https://a\n"
                                                        "H100 80GB HBM3,10,20,30,40,50,60,70,80,90,https://b\n"
                                                        "L4,0,30,60,121,121,242,300,32,32,https://c\n"));
  ASSERT_NE(thresholds.Find("H100 80GB HBM3"), nullptr);
  EXPECT_EQ(thresholds.Find("H100 80GB HBM3")->source, "https://b");
  ASSERT_NE(thresholds.Find("h100 80gb hbm3"), nullptr);
  EXPECT_EQ(thresholds.Find("h100 80gb hbm3")->source, "https://b");
  // Contained: the longest listed model wins.
  ASSERT_NE(thresholds.Find("NVIDIA H100 80GB HBM3"), nullptr);
  EXPECT_EQ(thresholds.Find("NVIDIA H100 80GB HBM3")->source, "https://b");
  ASSERT_NE(thresholds.Find("nvidia h100 pcie"), nullptr);
  EXPECT_EQ(thresholds.Find("nvidia h100 pcie")->source, "https://a");
  // Whole words only.
  EXPECT_EQ(thresholds.Find("NVIDIA H1000"), nullptr);
  EXPECT_EQ(thresholds.Find("NVIDIA L40S"), nullptr);
  ASSERT_NE(thresholds.Find("NVIDIA L4"), nullptr);
  EXPECT_EQ(thresholds.Find("NVIDIA L4")->source, "https://c");
  EXPECT_EQ(thresholds.Find("NVIDIA A100-SXM4-40GB"), nullptr);
  EXPECT_EQ(thresholds.Find(""), nullptr);
}

TEST(ThresholdsParseTest, CommentsQuotesAnyColumnOrderAndCrlf) {
  const Thresholds thresholds = ParseOrDie(
      "# a comment before the header\r\n"
      "source,model,fp64_tflops,fp32_tflops,tf32_tflops,bf16_tflops,fp16_tflops,fp8_tflops,memory_gbps,h2d_gbps,"
      "d2h_gbps\r\n"
      "# a comment between rows\r\n"
      "\"https://example.com/a,b\", \"X 1\" ,1.5,2,3,4,5,6,7e2,8,9\r\n");
  ASSERT_EQ(thresholds.rows().size(), 1u);
  const ThresholdRow& row = thresholds.rows()[0];
  EXPECT_EQ(row.model, "X 1");
  EXPECT_EQ(row.source, "https://example.com/a,b");
  EXPECT_DOUBLE_EQ(row.gemm_tflops.at("fp64"), 1.5);
  EXPECT_DOUBLE_EQ(row.gemm_tflops.at("fp8"), 6);
  EXPECT_DOUBLE_EQ(row.memory_gbps, 700);
  EXPECT_DOUBLE_EQ(row.h2d_gbps, 8);
  EXPECT_DOUBLE_EQ(row.d2h_gbps, 9);
}

void ExpectInvalid(const std::string& text, const std::vector<std::string>& parts) {
  auto thresholds = Thresholds::Parse(text, "bad.csv");
  ASSERT_FALSE(thresholds.ok());
  EXPECT_EQ(thresholds.status().code(), absl::StatusCode::kInvalidArgument) << thresholds.status();
  const std::string message(thresholds.status().message());
  EXPECT_TRUE(absl::StrContains(message, "'bad.csv'")) << message;
  for (const std::string& part : parts) EXPECT_TRUE(absl::StrContains(message, part)) << message;
}

TEST(ThresholdsParseTest, BadNumbersNameFileLineAndColumn) {
  ExpectInvalid(absl::StrCat("# comment\n", kHeader, "A,1,abc,3,4,5,6,7,8,9,https://a\n"),
                {"line 3", "column 'fp32_tflops'", "'abc'"});
  ExpectInvalid(absl::StrCat(kHeader, "A,1,2,3,4,5,6,7,8,9,https://a\nB,1,2,3,4,5,6,,8,9,https://b\n"),
                {"line 3", "column 'memory_gbps'", "not a number"});
  ExpectInvalid(absl::StrCat(kHeader, "A,1,2,3,4,5,6,7,8,-9,https://a\n"), {"line 2", "column 'd2h_gbps'", "negative"});
  ExpectInvalid(absl::StrCat(kHeader, "A,1,2,3,4,5,6,7,8,1.5.2,https://a\n"), {"line 2", "column 'd2h_gbps'"});
}

TEST(ThresholdsParseTest, MissingAndExtraColumnsNameTheLine) {
  ExpectInvalid(absl::StrCat(kHeader, "A,1,2,3,4,5,6,7,8,9,https://a\nB,1,2,3,4,5,6,7,8,9\n"),
                {"line 3", "too few columns"});
  ExpectInvalid(absl::StrCat(kHeader, "A,1,2,3,4,5,6,7,8,9,https://a,extra\n"), {"line 2", "too many columns"});
  ExpectInvalid("model,fp64_tflops,fp32_tflops,tf32_tflops,bf16_tflops,fp16_tflops,fp8_tflops,memory_gbps,h2d_gbps,"
                "source\nA,1,2,3,4,5,6,7,8,https://a\n",
                {"line 1", "column 'd2h_gbps' is missing"});
  ExpectInvalid(absl::StrCat("# c\n", "model,fp64_tflops,fp32_tflops,tf32_tflops,bf16_tflops,fp16_tflops,fp8_tflops,"
                                      "memory_gbps,h2d_gbps,d2h_gbps,source,power_w\n"),
                {"line 2", "column 'power_w' is not one of"});
  ExpectInvalid(absl::StrCat(kHeader, "A,1,2,3,4,5,6,7,8,9,\"https://a\n"), {"line 2", "quoted field"});
  ExpectInvalid("# only a comment\n", {"no header"});
}

TEST(ThresholdsParseTest, EmptyAndDuplicatedModelsAreErrors) {
  ExpectInvalid(absl::StrCat(kHeader, ",1,2,3,4,5,6,7,8,9,https://a\n"), {"line 2", "model is empty"});
  ExpectInvalid(absl::StrCat(kHeader, "A100,1,2,3,4,5,6,7,8,9,https://a\na100,1,2,3,4,5,6,7,8,9,https://b\n"),
                {"line 3", "listed twice"});
}

TEST(ThresholdsLoadTest, ReadsAFile) {
  TempFile file(absl::StrCat(kHeader, "A,1,2,3,4,5,6,7,8,9,https://a\n"));
  auto thresholds = Thresholds::Load(file.path());
  ASSERT_TRUE(thresholds.ok()) << thresholds.status();
  ASSERT_EQ(thresholds->rows().size(), 1u);
  EXPECT_EQ(thresholds->rows()[0].model, "A");
}

TEST(ThresholdsLoadTest, ErrorsNameTheFile) {
  TempFile file(absl::StrCat(kHeader, "A,1,2,x,4,5,6,7,8,9,https://a\n"));
  auto bad = Thresholds::Load(file.path());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(bad.status().message(), file.path())) << bad.status().message();
  EXPECT_TRUE(absl::StrContains(bad.status().message(), "line 2")) << bad.status().message();
}

TEST(ThresholdsLoadTest, MissingFileIsNotFound) {
  TempFile file("");
  const std::string missing = file.dir() + "/no-such.csv";
  auto thresholds = Thresholds::Load(missing);
  ASSERT_FALSE(thresholds.ok());
  EXPECT_EQ(thresholds.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(thresholds.status().message(),
            absl::StrCat("thresholds file '", missing, "' not found: give an existing --thresholds file"));
  auto folder = Thresholds::Load(file.dir());
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(folder.status().message(), "is a folder")) << folder.status().message();
}

}  // namespace
}  // namespace spinecheck

#include "diag/thresholds.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace spinecheck {
namespace {

TEST(ThresholdsTest, ShippedFileLoadsAndEveryRowNamesItsSource) {
  absl::StatusOr<Thresholds> thresholds = Thresholds::Load(DefaultThresholdsPath());
  ASSERT_TRUE(thresholds.ok()) << thresholds.status();
  ASSERT_GE(thresholds->rows().size(), 5u);
  for (const ThresholdRow& row : thresholds->rows()) {
    SCOPED_TRACE(row.model);
    EXPECT_TRUE(absl::StartsWith(row.source, "https://")) << row.source;
    EXPECT_GT(row.gemm_tflops.at("fp32"), 0);
    EXPECT_GT(row.memory_gbps, 0);
  }
}

TEST(ThresholdsTest, FindsByExactCaseInsensitiveAndContainedName) {
  const Thresholds thresholds = *Thresholds::Load(DefaultThresholdsPath());
  const ThresholdRow* h100 = thresholds.Find("NVIDIA H100 80GB HBM3");
  ASSERT_NE(h100, nullptr);
  EXPECT_EQ(h100->model, "H100 80GB HBM3");
  EXPECT_DOUBLE_EQ(h100->gemm_tflops.at("bf16"), 989.5);
  EXPECT_DOUBLE_EQ(h100->memory_gbps, 3350);
  ASSERT_NE(thresholds.Find("h100 pcie"), nullptr);
  EXPECT_EQ(thresholds.Find("h100 pcie")->model, "H100 PCIe");
  ASSERT_NE(thresholds.Find("NVIDIA A100-SXM4-80GB"), nullptr);
  EXPECT_DOUBLE_EQ(thresholds.Find("NVIDIA A100-SXM4-80GB")->gemm_tflops.at("fp8"), 0);
  EXPECT_EQ(thresholds.Find("AMD EPYC 7763 64-Core Processor"), nullptr);
}

TEST(ThresholdsTest, MalformedRowsNameTheLine) {
  const std::string header = "model,fp64_tflops,fp32_tflops,tf32_tflops,bf16_tflops,fp16_tflops,fp8_tflops,"
                             "memory_gbps,h2d_gbps,d2h_gbps,source\n";
  absl::StatusOr<Thresholds> bad_number =
      Thresholds::Parse(header + "# comment\nX1,1,2,3,4,5,6,7,8,9,https://a\nX2,1,two,3,4,5,6,7,8,9,https://b\n",
                        "mine.csv");
  ASSERT_EQ(bad_number.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(bad_number.status().message(), "mine.csv")) << bad_number.status();
  EXPECT_TRUE(absl::StrContains(bad_number.status().message(), "in line \"4\"")) << bad_number.status();

  absl::StatusOr<Thresholds> short_row = Thresholds::Parse(header + "X1,1,2,3\n", "mine.csv");
  EXPECT_EQ(short_row.status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<Thresholds> no_header = Thresholds::Parse("model,fp64\nX,1\n", "mine.csv");
  EXPECT_EQ(no_header.status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<Thresholds> empty_model = Thresholds::Parse(header + ",1,2,3,4,5,6,7,8,9,https://a\n", "mine.csv");
  EXPECT_EQ(empty_model.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ThresholdsTest, MissingFileIsNotFoundNamingIt) {
  absl::StatusOr<Thresholds> missing = Thresholds::Load("/nonexistent/thresholds.csv");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(missing.status().message(), "/nonexistent/thresholds.csv")) << missing.status();
}

}  // namespace
}  // namespace spinecheck

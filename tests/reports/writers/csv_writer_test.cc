// Sweep CSV: one line per measured (row, placement).
#include "reports/writers/csv_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "reports/model/run_document.h"
#include "tests/support/sample_rows.h"

namespace spinecheck {
namespace {

constexpr char kHeader[] =
    "collective,size_bytes,count,type,redop,root,ranks,placement,time_us,algbw_gbps,busbw_gbps,wrong,"
    "min_us,p50_us,p99_us,max_us,cv_pct,slowest_rank,slowest_host";

PlacementResult Measured(double time_us, std::optional<int64_t> wrong, std::string slowest_host) {
  PlacementResult result;
  result.measured = true;
  result.time_us = time_us;
  result.algbw_gbps = 0.5;
  result.busbw_gbps = 0.75;
  result.wrong = wrong;
  result.iteration_stats.samples = 20;
  result.iteration_stats.min_us = 1.5;
  result.iteration_stats.p50_us = 2;
  result.iteration_stats.p99_us = 3.25;
  result.iteration_stats.max_us = 4;
  result.iteration_stats.cv_pct = 12.5;
  result.slowest_rank = 1;
  result.slowest_host = std::move(slowest_host);
  return result;
}

CollectiveRow Row(uint64_t size_bytes) { return FloatAllReduceRow(size_bytes, 4); }

std::vector<std::string> Lines(const std::string& csv) {
  EXPECT_TRUE(absl::EndsWith(csv, "\n")) << csv;
  std::vector<std::string> lines = absl::StrSplit(csv, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

TEST(RenderSweepCsvTest, HeaderOnlyWhenNothingMeasured) {
  RunDocument document;
  EXPECT_EQ(RenderSweepCsv(document), absl::StrCat(kHeader, "\n"));
  document.collective_rows = {Row(1024)};  // neither placement measured
  EXPECT_EQ(RenderSweepCsv(document), absl::StrCat(kHeader, "\n"));
}

TEST(RenderSweepCsvTest, OneLinePerMeasuredPlacement) {
  RunDocument document;
  CollectiveRow both = Row(1024);
  both.out_of_place = Measured(12.5, 0, "node-a");
  both.in_place = Measured(13.25, 2, "node-b");
  CollectiveRow out_only = Row(2048);
  out_only.out_of_place = Measured(20, 0, "node-a");
  CollectiveRow in_only = Row(4096);
  in_only.in_place = Measured(30, 0, "node-a");
  document.collective_rows = {both, out_only, in_only};

  const std::vector<std::string> lines = Lines(RenderSweepCsv(document));
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], kHeader);
  EXPECT_EQ(lines[1], "all_reduce,1024,256,float,sum,-1,4,out_of_place,12.500,0.5000,0.7500,0,"
                      "1.500,2.000,3.250,4.000,12.50,1,node-a");
  EXPECT_EQ(lines[2], "all_reduce,1024,256,float,sum,-1,4,in_place,13.250,0.5000,0.7500,2,"
                      "1.500,2.000,3.250,4.000,12.50,1,node-b");
  EXPECT_TRUE(absl::StartsWith(lines[3], "all_reduce,2048,512,float,sum,-1,4,out_of_place,20.000,")) << lines[3];
  EXPECT_TRUE(absl::StartsWith(lines[4], "all_reduce,4096,1024,float,sum,-1,4,in_place,30.000,")) << lines[4];
}

TEST(RenderSweepCsvTest, EveryLineHasEveryColumn) {
  RunDocument document;
  CollectiveRow row = Row(1024);
  row.out_of_place = Measured(12.5, 0, "node-a");
  row.in_place = Measured(12.5, std::nullopt, "node-a");
  document.collective_rows = {row};
  const std::vector<std::string> lines = Lines(RenderSweepCsv(document));
  const size_t columns = std::vector<std::string>(absl::StrSplit(kHeader, ',')).size();
  ASSERT_EQ(columns, 19u);
  for (const std::string& line : lines) {
    EXPECT_EQ(std::vector<std::string>(absl::StrSplit(line, ',')).size(), columns) << line;
  }
}

TEST(RenderSweepCsvTest, UncheckedWrongIsEmpty) {
  RunDocument document;
  CollectiveRow row = Row(1024);
  row.out_of_place = Measured(12.5, std::nullopt, "node-a");
  document.collective_rows = {row};
  const std::vector<std::string> lines = Lines(RenderSweepCsv(document));
  ASSERT_EQ(lines.size(), 2u);
  const std::vector<std::string> fields = absl::StrSplit(lines[1], ',');
  ASSERT_EQ(fields.size(), 19u) << lines[1];
  EXPECT_EQ(fields[11], "");
  EXPECT_EQ(fields[10], "0.7500");  // busbw_gbps, just before
  EXPECT_EQ(fields[12], "1.500");   // min_us, just after
}

TEST(RenderSweepCsvTest, HostWithCommaIsQuoted) {
  RunDocument document;
  CollectiveRow row = Row(1024);
  row.out_of_place = Measured(12.5, 0, "rack1,node7");
  row.in_place = Measured(12.5, 0, "say \"hi\"");
  document.collective_rows = {row};
  const std::vector<std::string> lines = Lines(RenderSweepCsv(document));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_TRUE(absl::EndsWith(lines[1], ",1,\"rack1,node7\"")) << lines[1];
  // RFC 4180: quotes doubled inside a quoted field.
  EXPECT_TRUE(absl::EndsWith(lines[2], ",1,\"say \"\"hi\"\"\"")) << lines[2];
}

TEST(RenderSweepCsvTest, PlainHostIsNotQuoted) {
  RunDocument document;
  CollectiveRow row = Row(1024);
  row.out_of_place = Measured(12.5, 0, "node-a.cluster");
  document.collective_rows = {row};
  const std::vector<std::string> lines = Lines(RenderSweepCsv(document));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(absl::EndsWith(lines[1], ",1,node-a.cluster")) << lines[1];
}

TEST(WriteSweepCsvTest, WritesAndReportsMissingFolder) {
  RunDocument document;
  CollectiveRow row = Row(1024);
  row.out_of_place = Measured(12.5, 0, "node-a");
  document.collective_rows = {row};
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / absl::StrCat("csv_writer_test_", getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  const std::string path = (dir / "sweep.csv").string();
  ASSERT_TRUE(WriteSweepCsv(document, path).ok());
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), RenderSweepCsv(document));

  const std::string missing = (dir / "missing" / "sweep.csv").string();
  const absl::Status status = WriteSweepCsv(document, missing);
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(absl::StrContains(status.message(), missing)) << status;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace spinecheck

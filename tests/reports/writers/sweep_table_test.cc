// The terminal table in nccl-tests' layout, checked against a golden file.
#include "reports/writers/sweep_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "reports/model/run_document.h"
#include "tests/support/sample_rows.h"

#ifndef SPINECHECK_FIXTURES
#error "SPINECHECK_FIXTURES must name the tests/fixtures folder"
#endif

namespace spinecheck {
namespace {

std::string ReadFixture(const std::string& name) {
  const std::string path = absl::StrCat(SPINECHECK_FIXTURES, "/", name);
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

PlacementResult Measured(double time_us, double algbw_gbps, double busbw_gbps, std::optional<int64_t> wrong) {
  PlacementResult result;
  result.measured = true;
  result.time_us = time_us;
  result.algbw_gbps = algbw_gbps;
  result.busbw_gbps = busbw_gbps;
  result.wrong = wrong;
  return result;
}

CollectiveRow AllReduceRow(uint64_t size_bytes) { return FloatAllReduceRow(size_bytes, 16); }

// 8 GiB, both placements measured and checked, nothing wrong.
CollectiveRow CheckedRow() {
  CollectiveRow row = AllReduceRow(8589934592);
  row.out_of_place = Measured(33169.3, 258.97, 485.57, 0);
  row.in_place = Measured(33000.46, 260.3, 488.06, 0);
  return row;
}

// 8 B with -c 0: measured, not checked.
CollectiveRow UncheckedRow() {
  CollectiveRow row = AllReduceRow(8);
  row.out_of_place = Measured(22.35, 0.004, 0.0003, std::nullopt);
  row.in_place = Measured(21.5, 0.00037, 0.0007, std::nullopt);
  return row;
}

// A broadcast from root 0 with 3 wrong elements out of place; in-place not measured.
CollectiveRow WrongRow() {
  CollectiveRow row;
  row.collective = "broadcast";
  row.size_bytes = 4096;
  row.count = 1024;
  row.type = "float";
  row.redop = "none";
  row.root = 0;
  row.ranks = 16;
  row.bus_factor = 1;
  row.out_of_place = Measured(12345678, 1234.5, 0, 3);
  return row;
}

// End column (one past the last character) of every whitespace-separated field.
std::vector<size_t> FieldEnds(const std::string& line) {
  std::vector<size_t> ends;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] != ' ' && (i + 1 == line.size() || line[i + 1] == ' ')) ends.push_back(i + 1);
  }
  return ends;
}

TEST(FitFloatTest, FirstFormatThatFits) {
  EXPECT_EQ(FitFloat(33169.3, 7), "33169.3");   // %.2f is 8 wide
  EXPECT_EQ(FitFloat(258.97, 6), "258.97");     // %.2f fits
  EXPECT_EQ(FitFloat(1234.5, 6), "1234.5");     // %.1f
  EXPECT_EQ(FitFloat(123456.7, 6), "123457");   // %.0f
  EXPECT_EQ(FitFloat(12345678, 7), "1.2e+07");  // %.1e
  EXPECT_EQ(FitFloat(0.004, 6), "0.00");
  EXPECT_EQ(FitFloat(0, 6), "0.00");
  EXPECT_EQ(FitFloat(12.5, 7), "12.50");
}

TEST(FitFloatTest, SevenDigitsStillFitSevenWide) {
  // %.0f of 1234567 is exactly 7 characters, as nccl-tests' getFloatStr
  // prints it too; the exponent form starts at 8 digits.
  EXPECT_EQ(FitFloat(1234567, 7), "1234567");
}

TEST(FitFloatTest, LastResortIsShortExponent) {
  // 1.2e+07 does not fit in 6 characters; %.0e is the last candidate.
  EXPECT_EQ(FitFloat(12345678, 6), "1e+07");
  EXPECT_EQ(FitFloat(1e300, 4), "1e+300");  // nothing fits: the last one anyway
}

TEST(SweepTableTest, MatchesGolden) {
  const std::string table = absl::StrCat(FormatTableHeader(), FormatTableRow(CheckedRow()), "\n",
                                         FormatTableRow(UncheckedRow()), "\n", FormatTableRow(WrongRow()), "\n");
  EXPECT_EQ(table, ReadFixture("sweep_table_golden.txt"));
}

TEST(SweepTableTest, HeaderHasThreeLines) {
  const std::vector<std::string> lines = absl::StrSplit(FormatTableHeader(), '\n');
  ASSERT_EQ(lines.size(), 4u);  // three lines, each ending in a newline
  EXPECT_TRUE(lines[3].empty());
  EXPECT_TRUE(absl::StrContains(lines[0], "out-of-place")) << lines[0];
  EXPECT_TRUE(absl::StrContains(lines[0], "in-place")) << lines[0];
  for (const std::string& line : {lines[0], lines[1], lines[2]}) EXPECT_TRUE(absl::StartsWith(line, "#")) << line;
}

TEST(SweepTableTest, ColumnsLineUpWithHeader) {
  const std::vector<std::string> header = absl::StrSplit(FormatTableHeader(), '\n');
  // Drop the leading "#" field: data rows have no marker.
  std::vector<size_t> header_ends = FieldEnds(header[1]);
  ASSERT_EQ(header_ends.size(), 14u) << header[1];
  header_ends.erase(header_ends.begin());

  EXPECT_EQ(FieldEnds(FormatTableRow(CheckedRow())), header_ends) << FormatTableRow(CheckedRow());
  EXPECT_EQ(FieldEnds(FormatTableRow(WrongRow())), header_ends) << FormatTableRow(WrongRow());

  // The units line ends its fields where the header does.
  const std::vector<size_t> unit_ends = FieldEnds(header[2]);
  for (size_t end : unit_ends) {
    if (end == 1) continue;  // "#"
    EXPECT_NE(std::find(header_ends.begin(), header_ends.end(), end), header_ends.end()) << end;
  }
  // "out-of-place" and "in-place" sit over their halves of the table.
  const size_t out_of_place = header[0].find("out-of-place");
  const size_t in_place = header[0].find("in-place");
  ASSERT_NE(out_of_place, std::string::npos);
  ASSERT_NE(in_place, std::string::npos);
  EXPECT_GT(out_of_place, header_ends[4]);   // after "root"
  EXPECT_LT(out_of_place, header_ends[8]);   // before the first "#wrong" ends
  EXPECT_GT(in_place, header_ends[8]);
  EXPECT_LT(in_place, header_ends[12]);
}

TEST(SweepTableTest, UncheckedWrongIsNcclTestsNa) {
  // nccl-tests prints "    N/A" (7 characters) where "  %6g" would be 8.
  const std::string row = FormatTableRow(UncheckedRow());
  EXPECT_TRUE(absl::EndsWith(row, "  0.00    N/A")) << row;
  const std::vector<std::string> fields = absl::StrSplit(row, ' ', absl::SkipEmpty());
  ASSERT_EQ(fields.size(), 13u) << row;
  EXPECT_EQ(fields[8], "N/A");
  EXPECT_EQ(fields[12], "N/A");
}

TEST(SweepTableTest, WrongCountIsPrinted) {
  CollectiveRow row = CheckedRow();
  row.in_place.wrong = 1234567;
  const std::vector<std::string> fields = absl::StrSplit(FormatTableRow(row), ' ', absl::SkipEmpty());
  ASSERT_EQ(fields.size(), 13u);
  EXPECT_EQ(fields[8], "0");
  EXPECT_EQ(fields[12], "1.23457e+06");  // %g, as nccl-tests
}

TEST(SweepTableTest, RowHasNoTrailingNewline) {
  EXPECT_FALSE(absl::EndsWith(FormatTableRow(CheckedRow()), "\n"));
}

TEST(FormatTableFooterTest, AveragesBothPlacementsOfMeasuredRows) {
  // Measured busbw values: 485.57, 488.06, 0.0003, 0.0007, 0 -> 973.631 / 5.
  const std::string footer = FormatTableFooter({CheckedRow(), UncheckedRow(), WrongRow()});
  EXPECT_EQ(footer,
            "# Out of bounds values : 1 FAILED\n"
            "# Avg bus bandwidth    : 194.726 \n");
}

TEST(FormatTableFooterTest, AllCorrect) {
  CollectiveRow second = AllReduceRow(1024);
  second.out_of_place = Measured(10, 0.1, 14.37, 0);
  second.in_place = Measured(10, 0.1, 12, 0);
  // (485.57 + 488.06 + 14.37 + 12) / 4 = 250
  EXPECT_EQ(FormatTableFooter({CheckedRow(), second}),
            "# Out of bounds values : 0 OK\n"
            "# Avg bus bandwidth    : 250 \n");
}

TEST(FormatTableFooterTest, UncheckedIsNotOutOfBounds) {
  EXPECT_EQ(FormatTableFooter({UncheckedRow()}),
            "# Out of bounds values : 0 OK\n"
            "# Avg bus bandwidth    : 0.0005 \n");
}

TEST(FormatTableFooterTest, CountsEveryPlacementWithWrongElements) {
  CollectiveRow row = CheckedRow();
  row.out_of_place.wrong = 7;
  row.in_place.wrong = 1;
  const std::string footer = FormatTableFooter({row, WrongRow()});
  EXPECT_TRUE(absl::StartsWith(footer, "# Out of bounds values : 3 FAILED\n")) << footer;
}

TEST(FormatTableFooterTest, NothingMeasured) {
  CollectiveRow row = AllReduceRow(8);
  EXPECT_EQ(FormatTableFooter({row}),
            "# Out of bounds values : 0 OK\n"
            "# Avg bus bandwidth    : 0 \n");
  EXPECT_EQ(FormatTableFooter({}),
            "# Out of bounds values : 0 OK\n"
            "# Avg bus bandwidth    : 0 \n");
}

TEST(FormatDeviceLinesTest, CpuShowsKindAndGpuShowsBusId) {
  RankInfo cpu_rank;
  cpu_rank.rank = 0;
  cpu_rank.pid = 6899;
  cpu_rank.host = "node-a";
  DeviceInfo cpu;
  cpu.kind = "cpu";
  cpu.index = 0;
  cpu.model = "AMD EPYC 7763 64-Core Processor";
  cpu_rank.devices = {cpu};

  RankInfo gpu_rank;
  gpu_rank.rank = 11;
  gpu_rank.pid = 123;
  gpu_rank.host = "ztan-mig-gq73";
  DeviceInfo gpu0;
  gpu0.kind = "cuda";
  gpu0.index = 3;
  gpu0.pci_bus_id = "0000:0c:00.0";
  gpu0.model = "NVIDIA H100 80GB HBM3";
  DeviceInfo gpu1 = gpu0;
  gpu1.index = 4;
  gpu1.pci_bus_id = "0000:84:00.0";
  gpu_rank.devices = {gpu0, gpu1};

  RankInfo no_device;
  no_device.rank = 12;
  no_device.host = "node-c";

  EXPECT_EQ(FormatDeviceLines({cpu_rank, gpu_rank, no_device}),
            "#\n"
            "# Using devices\n"
            "#  Rank  0 Group  0 Pid   6899 on     node-a device  0 [cpu] AMD EPYC 7763 64-Core Processor\n"
            "#  Rank 11 Group  0 Pid    123 on ztan-mig-gq73 device  3 [0000:0c:00.0] NVIDIA H100 80GB HBM3\n"
            "#  Rank 11 Group  0 Pid    123 on ztan-mig-gq73 device  4 [0000:84:00.0] NVIDIA H100 80GB HBM3\n");
}

TEST(FormatDeviceLinesTest, NoRanks) {
  EXPECT_EQ(FormatDeviceLines({}), "#\n# Using devices\n");
}

}  // namespace
}  // namespace spinecheck

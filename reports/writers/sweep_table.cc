#include "reports/writers/sweep_table.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace spinecheck {

std::string FitFloat(double value, int width) {
  const std::string candidates[] = {
      absl::StrFormat("%.2f", value), absl::StrFormat("%.1f", value), absl::StrFormat("%.0f", value),
      absl::StrFormat("%.1e", value), absl::StrFormat("%.0e", value)};
  for (const std::string& text : candidates) {
    if (static_cast<int>(text.size()) <= width) return text;
  }
  return candidates[4];
}

std::string FormatDeviceLines(const std::vector<RankInfo>& ranks) {
  std::string out = "#\n# Using devices\n";
  for (const RankInfo& rank : ranks) {
    for (const DeviceInfo& device : rank.devices) {
      const std::string bus = device.pci_bus_id.empty() ? device.kind : device.pci_bus_id;
      // nccl-tests numbers the lines by data-plane rank (several per process with -g).
      const int line_rank = device.comm_rank >= 0 ? device.comm_rank : rank.rank;
      absl::StrAppendFormat(&out, "#  Rank %2d Group %2d Pid %6d on %10s device %2d [%s] %s\n", line_rank, 0,
                            rank.pid, rank.host, device.index, bus, device.model);
    }
  }
  return out;
}

std::string FormatTableHeader() {
  std::string out =
      "#                                                              out-of-place                       in-place\n";
  absl::StrAppendFormat(&out, "# %10s  %12s  %8s  %6s  %6s  %7s  %6s  %6s  %6s  %7s  %6s  %6s  %6s\n", "size",
                        "count", "type", "redop", "root", "time", "algbw", "busbw", "#wrong", "time", "algbw", "busbw",
                        "#wrong");
  absl::StrAppendFormat(&out, "# %10s  %12s  %8s  %6s  %6s  %7s  %6s  %6s  %6s  %7s  %6s  %6s\n", "(B)",
                        "(elements)", "", "", "", "(us)", "(GB/s)", "(GB/s)", "", "(us)", "(GB/s)", "(GB/s)");
  return out;
}

namespace {

std::string FormatPlacement(const PlacementResult& result) {
  if (!result.measured) return absl::StrFormat("  %7s  %6s  %6s  %6s", "N/A", "N/A", "N/A", "N/A");
  std::string out = absl::StrFormat("  %7s  %6s  %6s", FitFloat(result.time_us, 7), FitFloat(result.algbw_gbps, 6),
                                    FitFloat(result.busbw_gbps, 6));
  if (result.wrong.has_value()) {
    absl::StrAppendFormat(&out, "  %6g", static_cast<double>(*result.wrong));
  } else {
    absl::StrAppend(&out, "    N/A");
  }
  return out;
}

}  // namespace

std::string FormatTableRow(const CollectiveRow& row) {
  return absl::StrCat(absl::StrFormat("%12u  %12u  %8s  %6s  %6d", row.size_bytes, row.count, row.type, row.redop,
                                      row.root),
                      FormatPlacement(row.out_of_place), FormatPlacement(row.in_place));
}

std::string FormatTableFooter(const std::vector<CollectiveRow>& rows) {
  int out_of_bounds = 0;
  double busbw_sum = 0;
  int busbw_count = 0;
  for (const CollectiveRow& row : rows) {
    for (const PlacementResult* result : {&row.out_of_place, &row.in_place}) {
      if (!result->measured) continue;
      busbw_sum += result->busbw_gbps;
      ++busbw_count;
      if (result->wrong.value_or(0) > 0) ++out_of_bounds;
    }
  }
  const double average = busbw_count > 0 ? busbw_sum / busbw_count : 0;
  std::string out;
  absl::StrAppendFormat(&out, "# %-20s : %d %s\n", "Out of bounds values", out_of_bounds,
                        out_of_bounds == 0 ? "OK" : "FAILED");
  absl::StrAppendFormat(&out, "# %-20s : %g \n", "Avg bus bandwidth", average);
  return out;
}

}  // namespace spinecheck

#include "reports/writers/csv_writer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "reports/writers/output_file.h"

namespace spinecheck {
namespace {

// RFC 4180 quoting, only where needed.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

}  // namespace

std::string RenderSweepCsv(const RunDocument& document) {
  std::string out =
      "collective,size_bytes,count,type,redop,root,ranks,placement,time_us,algbw_gbps,busbw_gbps,wrong,"
      "min_us,p50_us,p99_us,max_us,cv_pct,slowest_rank,slowest_host\n";
  for (const CollectiveRow& row : document.collective_rows) {
    for (const auto& [placement, result] :
         {std::pair<const char*, const PlacementResult*>{"out_of_place", &row.out_of_place},
          {"in_place", &row.in_place}}) {
      if (!result->measured) continue;
      const TimingStats& s = result->iteration_stats;
      absl::StrAppendFormat(&out, "%s,%u,%u,%s,%s,%d,%d,%s,%.3f,%.4f,%.4f,%s,%.3f,%.3f,%.3f,%.3f,%.2f,%d,%s\n",
                            CsvField(row.collective), row.size_bytes, row.count, row.type, row.redop, row.root,
                            row.ranks, placement, result->time_us, result->algbw_gbps, result->busbw_gbps,
                            result->wrong.has_value() ? absl::StrCat(*result->wrong) : "", s.min_us, s.p50_us,
                            s.p99_us, s.max_us, s.cv_pct, result->slowest_rank, CsvField(result->slowest_host));
    }
  }
  return out;
}

absl::Status WriteSweepCsv(const RunDocument& document, const std::string& path) {
  return WriteOutputFile(path, RenderSweepCsv(document));
}

}  // namespace spinecheck

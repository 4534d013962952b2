// The stdout reader of nccl-tests (see nccl_tests.h for the contract).
// Lines are classified by their words after an optional leading '#', so
// logs whose '#' was stripped (console copies) read the same; rows are split
// on whitespace because fields overflow their printf widths.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "reports/importers/nccl_tests_internal.h"
#include "reports/model/status_macros.h"

namespace spinecheck::importers {
namespace {

// The columns of one results table, from its header line.
struct NcclLayout {
  bool has_redop = false;
  bool has_root = false;
  bool legacy_error = false;  // "error" (max abs deviation, before 2.13) instead of "#wrong"
  bool bitdiff = false;       // "#bitdiff" after #wrong in each half
  bool per_iter = false;      // -I: i_min i_max i_p99 i_cv% in each half
  bool timestamp = false;     // -S: date and time after the in-place half
  size_t row_fields = 0;
};

// Reads the column words of one half ("time algbw busbw #wrong ...") at
// `words[*at]`; false when they are not a half nccl-tests prints.
bool ReadHeaderHalf(const std::vector<absl::string_view>& words, size_t* at, NcclLayout& layout) {
  auto next_is = [&](absl::string_view word) {
    if (*at < words.size() && words[*at] == word) {
      ++*at;
      return true;
    }
    return false;
  };
  if (!next_is("time") && !next_is("cputime")) return false;
  if (!next_is("algbw") || !next_is("busbw")) return false;
  if (next_is("error")) {
    layout.legacy_error = true;
  } else if (!next_is("#wrong")) {
    return false;
  }
  layout.bitdiff = next_is("#bitdiff");
  if (next_is("i_min")) {
    if (!next_is("i_max") || !next_is("i_p99") || !next_is("i_cv%")) return false;
    layout.per_iter = true;
  }
  return true;
}

// The layout of a header line "size count type [redop] [root] <half> <half> [timestamp]".
std::optional<NcclLayout> ParseHeader(const std::vector<absl::string_view>& words) {
  NcclLayout layout;
  if (words.size() < 3 || words[0] != "size" || words[1] != "count" || words[2] != "type") return std::nullopt;
  size_t at = 3;
  auto next_is = [&](absl::string_view word) {
    if (at < words.size() && words[at] == word) {
      ++at;
      return true;
    }
    return false;
  };
  layout.has_redop = next_is("redop");
  layout.has_root = next_is("root");
  if (!ReadHeaderHalf(words, &at, layout) || !ReadHeaderHalf(words, &at, layout)) return std::nullopt;
  layout.timestamp = next_is("timestamp");
  if (at != words.size()) return std::nullopt;
  const size_t half = 4 + (layout.bitdiff ? 1 : 0) + (layout.per_iter ? 4 : 0);
  layout.row_fields = 3 + (layout.has_redop ? 1 : 0) + (layout.has_root ? 1 : 0) + 2 * half +
                      (layout.timestamp ? 2 : 0);
  return layout;
}

// nccl-tests' pass threshold of the legacy error column: DeltaMaxValue(type)
// × (nranks - 1) (src/common.cu before 2.13).
double LegacyErrorTolerance(absl::string_view type, int ranks) {
  double delta = 1e-200;  // integer types
  if (type == "half" || type == "bfloat16") delta = 1e-2;
  if (type == "float") delta = 1e-5;
  if (type == "double") delta = 1e-12;
  return delta * std::max(ranks - 1, 1);
}

// One run (one `*_perf` invocation) while its lines are read.
struct NcclRun {
  std::vector<RankInfo> ranks;
  std::optional<NcclLayout> layout;
  std::string collective;
  bool has_rows = false;
};

// "Rank N [Group G] Pid P on HOST device D [BUS] MODEL..." (words after '#').
absl::StatusOr<NcclDeviceLine> ParseDeviceLine(const std::vector<absl::string_view>& words, const std::string& file,
                                               int line) {
  NcclDeviceLine device;
  size_t at = 0;
  auto take = [&](absl::string_view keyword) -> absl::StatusOr<absl::string_view> {
    if (at + 1 >= words.size() || words[at] != keyword) {
      return LineError(file, line, absl::StrCat("device line: expected '", keyword, " <value>'"));
    }
    at += 2;
    return words[at - 1];
  };
  SPINECHECK_ASSIGN_OR_RETURN(absl::string_view rank, take("Rank"));
  SPINECHECK_ASSIGN_OR_RETURN(const int64_t rank_number, ParseInteger(rank, "rank", file, line));
  device.rank = static_cast<int>(rank_number);
  if (at < words.size() && words[at] == "Group") at += 2;
  SPINECHECK_ASSIGN_OR_RETURN(absl::string_view pid, take("Pid"));
  SPINECHECK_ASSIGN_OR_RETURN(const int64_t pid_number, ParseInteger(pid, "pid", file, line));
  device.pid = static_cast<int>(pid_number);
  SPINECHECK_ASSIGN_OR_RETURN(absl::string_view host, take("on"));
  device.host = std::string(host);
  SPINECHECK_ASSIGN_OR_RETURN(absl::string_view index, take("device"));
  SPINECHECK_ASSIGN_OR_RETURN(const int64_t index_number, ParseInteger(index, "device", file, line));
  device.device = static_cast<int>(index_number);
  if (at < words.size() && absl::StartsWith(words[at], "[") && absl::EndsWith(words[at], "]")) {
    device.bus_id = std::string(words[at].substr(1, words[at].size() - 2));
    ++at;
  }
  device.model = absl::StrJoin(words.begin() + static_cast<std::ptrdiff_t>(at), words.end(), " ");
  return device;
}

// The reader's state over the whole file.
class NcclTextReader {
 public:
  explicit NcclTextReader(const std::string& file)
      : file_(file), document_(NewImportDocument("nccl-tests", file)), file_collective_(NcclCollectiveOfFileName(file)) {}

  absl::Status Read(const TextLine& line);
  absl::StatusOr<RunDocument> Finish(int last_line);

 private:
  void StartRunIfTableSeen();
  void EndRun();
  absl::Status ReadRow(const std::vector<absl::string_view>& fields, int line);
  absl::Status ReadHalf(const std::vector<absl::string_view>& fields, size_t* at, const CollectiveRow& row,
                        absl::string_view placement, PlacementResult& result, int line);

  const std::string& file_;
  RunDocument document_;
  std::string file_collective_;
  std::string named_collective_;  // the last `*_perf` program the log named
  NcclRun run_;
  std::vector<std::string> legacy_evidence_;
};

void NcclTextReader::EndRun() {
  if (run_.has_rows && run_.ranks.size() > document_.ranks.size()) document_.ranks = run_.ranks;
  run_ = NcclRun();
}

void NcclTextReader::StartRunIfTableSeen() {
  if (run_.layout.has_value() || run_.has_rows) EndRun();
}

absl::Status NcclTextReader::Read(const TextLine& line) {
  absl::string_view content = absl::StripAsciiWhitespace(line.text);
  const bool commented = absl::ConsumePrefix(&content, "#");
  const std::vector<absl::string_view> words = Fields(content);
  if (words.empty()) return absl::OkStatus();

  // A data row: its first field is the size in bytes.
  if (!commented && IsUnsignedInteger(words[0])) return ReadRow(words, line.number);

  for (absl::string_view word : words) {
    if (std::string program = NcclCollectiveOfProgram(word); !program.empty()) named_collective_ = program;
  }
  if (words.size() >= 4 && words[0] == "nccl-tests" && words[1] == "version") {
    StartRunIfTableSeen();
    document_.source.producer_version = std::string(words[2]);
    for (absl::string_view word : words) {
      int64_t code = 0;
      if (absl::ConsumePrefix(&word, "nccl-library=") && absl::SimpleAtoi(word, &code)) {
        document_.environment.nccl_version_runtime = NcclVersionOfCode(code);
      }
    }
  } else if (words.size() >= 4 && words[0] == "Collective" && words[2] == "starting:") {
    StartRunIfTableSeen();
    run_.collective = NcclCollectiveOfProgram(words[3]);
  } else if (words[0] == "nThread") {
    StartRunIfTableSeen();
  } else if (words.size() >= 3 && words[0] == "NCCL" && words[1] == "version") {
    document_.environment.nccl_version_runtime = std::string(words[2].substr(0, words[2].find('+')));
  } else if (words[0] == "Rank" && words.size() >= 2 && IsUnsignedInteger(words[1])) {
    StartRunIfTableSeen();
    SPINECHECK_ASSIGN_OR_RETURN(const NcclDeviceLine device, ParseDeviceLine(words, file_, line.number));
    AppendNcclRank(device, run_.ranks);
  } else if (words[0] == "size") {
    StartRunIfTableSeen();
    run_.layout = ParseHeader(words);
    if (!run_.layout.has_value()) {
      return LineError(file_, line.number, absl::StrCat("unknown nccl-tests column header '", content, "'"));
    }
    if (run_.collective.empty()) run_.collective = named_collective_;
    if (run_.collective.empty()) run_.collective = file_collective_;
    if (run_.collective.empty()) {
      return LineError(file_, line.number,
                       "cannot tell which collective this table measured: the log has no 'Collective test "
                       "starting' line and names no *_perf program, and the file name names no collective");
    }
  }
  // Everything else (units line, footers, NCCL INFO, launcher and shell lines) carries no row.
  return absl::OkStatus();
}

absl::Status NcclTextReader::ReadHalf(const std::vector<absl::string_view>& fields, size_t* at,
                                      const CollectiveRow& row, absl::string_view placement, PlacementResult& result,
                                      int line) {
  const NcclLayout& layout = *run_.layout;
  result.measured = true;
  SPINECHECK_ASSIGN_OR_RETURN(result.time_us, ParseNumber(fields[(*at)++], "time", file_, line));
  SPINECHECK_ASSIGN_OR_RETURN(result.algbw_gbps, ParseNumber(fields[(*at)++], "algbw", file_, line));
  SPINECHECK_ASSIGN_OR_RETURN(result.busbw_gbps, ParseNumber(fields[(*at)++], "busbw", file_, line));
  const absl::string_view wrong = fields[(*at)++];
  if (wrong != "N/A") {
    // #wrong is printed with %g (1.23457e+06 for large counts); error is a float deviation.
    SPINECHECK_ASSIGN_OR_RETURN(const double value,
                                ParseNumber(wrong, layout.legacy_error ? "error" : "#wrong", file_, line));
    if (!layout.legacy_error) {
      result.wrong = static_cast<int64_t>(std::llround(value));
    } else if (row.ranks > 0 && value > LegacyErrorTolerance(row.type, row.ranks)) {
      legacy_evidence_.push_back(absl::StrCat(row.collective, " ", row.type, " ", row.size_bytes, " B ", placement,
                                              ": max deviation ", wrong, " beyond nccl-tests' tolerance ",
                                              LegacyErrorTolerance(row.type, row.ranks)));
    }
  }
  if (layout.bitdiff) {
    SPINECHECK_ASSIGN_OR_RETURN(const double ignored, ParseNumber(fields[(*at)++], "#bitdiff", file_, line));
    (void)ignored;
  }
  if (layout.per_iter) {
    TimingStats& stats = result.iteration_stats;
    SPINECHECK_ASSIGN_OR_RETURN(stats.min_us, ParseNumber(fields[(*at)++], "i_min", file_, line));
    SPINECHECK_ASSIGN_OR_RETURN(stats.max_us, ParseNumber(fields[(*at)++], "i_max", file_, line));
    SPINECHECK_ASSIGN_OR_RETURN(stats.p99_us, ParseNumber(fields[(*at)++], "i_p99", file_, line));
    SPINECHECK_ASSIGN_OR_RETURN(stats.cv_pct, ParseNumber(fields[(*at)++], "i_cv%", file_, line));
  }
  return absl::OkStatus();
}

absl::Status NcclTextReader::ReadRow(const std::vector<absl::string_view>& fields, int line) {
  if (!run_.layout.has_value()) return LineError(file_, line, "data row before any nccl-tests column header");
  const NcclLayout& layout = *run_.layout;
  // hypercube prints its redop as an empty string: one field fewer.
  const bool blank_redop = layout.has_redop && run_.collective == "hypercube" && fields.size() + 1 == layout.row_fields;
  if (fields.size() != layout.row_fields && !blank_redop) {
    return LineError(file_, line,
                     absl::StrCat("row has ", fields.size(), " fields, the column header has ", layout.row_fields,
                                  fields.size() < layout.row_fields ? " (truncated row)" : ""));
  }
  CollectiveRow row;
  row.collective = run_.collective;
  row.ranks = static_cast<int>(run_.ranks.size());
  row.bus_factor = NcclBusFactor(row.collective, row.ranks);
  size_t at = 0;
  SPINECHECK_ASSIGN_OR_RETURN(row.size_bytes, ParseCount(fields[at++], "size", file_, line));
  SPINECHECK_ASSIGN_OR_RETURN(row.count, ParseCount(fields[at++], "count", file_, line));
  row.type = std::string(fields[at++]);
  row.redop = layout.has_redop && !blank_redop ? std::string(fields[at++]) : "none";
  if (layout.has_root) {
    SPINECHECK_ASSIGN_OR_RETURN(const int64_t root, ParseInteger(fields[at++], "root", file_, line));
    row.root = static_cast<int>(root);
  }
  SPINECHECK_RETURN_IF_ERROR(ReadHalf(fields, &at, row, "out-of-place", row.out_of_place, line));
  SPINECHECK_RETURN_IF_ERROR(ReadHalf(fields, &at, row, "in-place", row.in_place, line));
  document_.collective_rows.push_back(std::move(row));
  run_.has_rows = true;
  return absl::OkStatus();
}

absl::StatusOr<RunDocument> NcclTextReader::Finish(int last_line) {
  EndRun();
  if (document_.collective_rows.empty()) {
    return LineError(file_, last_line, "no nccl-tests data rows in the file");
  }
  FinishNcclImport(document_, std::move(legacy_evidence_));
  return std::move(document_);
}

}  // namespace

absl::StatusOr<RunDocument> ImportNcclTestsText(const std::vector<TextLine>& lines, const std::string& file) {
  NcclTextReader reader(file);
  for (const TextLine& line : lines) SPINECHECK_RETURN_IF_ERROR(reader.Read(line));
  return reader.Finish(lines.empty() ? 1 : lines.back().number);
}

}  // namespace spinecheck::importers

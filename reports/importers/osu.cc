#include "reports/importers/osu.h"

#include <array>
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
#include "reports/importers/bench_rows.h"
#include "reports/importers/import_text.h"
#include "reports/model/status_macros.h"

namespace spinecheck {
namespace {

// The largest count a double holds exactly (2^53).
constexpr double kMaxExactCount = 9007199254740992.0;

using importers::BenchMeasurement;
using importers::LineError;
using importers::TextLine;

struct OsuBenchmark {
  absl::string_view title;       // between "# OSU MPI[-CUDA] " and the version
  absl::string_view collective;  // spinecheck name or program name
  int ranks;                    // fixed process count; 0: from pairs or the launcher
};

constexpr std::array<OsuBenchmark, 13> kBenchmarks = {{
    {"Latency Test", "osu_latency", 2},
    {"Bandwidth Test", "osu_bw", 2},
    {"Bi-Directional Bandwidth Test", "osu_bibw", 2},
    {"Multiple Bandwidth / Message Rate Test", "osu_mbw_mr", 0},
    {"Multi Latency Test", "osu_multi_lat", 0},
    {"Allreduce Latency Test", "all_reduce", 0},
    {"Allgather Latency Test", "all_gather", 0},
    {"All-to-All Personalized Exchange Latency Test", "alltoall", 0},
    {"Reduce Latency Test", "reduce", 0},
    {"Broadcast Latency Test", "broadcast", 0},
    {"Reduce_scatter Latency Test", "reduce_scatter", 0},
    {"Gather Latency Test", "gather", 0},
    {"Scatter Latency Test", "scatter", 0},
}};

enum class OsuColumn { kLatency, kMinLatency, kMaxLatency, kIterations, kBandwidth, kMessageRate, kValidation, kP50, kOther };

struct OsuLabel {
  absl::string_view text;
  OsuColumn column;
};

// Column labels of the "# Size" header, longest first where one starts another.
constexpr std::array<OsuLabel, 13> kLabels = {{
    {"Avg Latency(us)", OsuColumn::kLatency},
    {"Latency (us)", OsuColumn::kLatency},
    {"Min Latency(us)", OsuColumn::kMinLatency},
    {"Max Latency(us)", OsuColumn::kMaxLatency},
    {"Iterations", OsuColumn::kIterations},
    {"Bandwidth (MB/s)", OsuColumn::kBandwidth},
    {"Messages/s", OsuColumn::kMessageRate},
    {"MB/s", OsuColumn::kBandwidth},
    {"Validation", OsuColumn::kValidation},
    {"P50 Tail Lat(us)", OsuColumn::kP50},
    {"P90 Tail Lat(us)", OsuColumn::kOther},
    {"P99 Tail Lat(us)", OsuColumn::kOther},
    {"Avg Bandwidth(MB/s)", OsuColumn::kBandwidth},
}};

class OsuReader {
 public:
  explicit OsuReader(const std::string& file) : file_(file), document_(importers::NewImportDocument("osu", file)) {}

  absl::Status Read(const TextLine& line) {
    const absl::string_view content = absl::StripAsciiWhitespace(line.text);
    const std::vector<absl::string_view> words = importers::Fields(content);
    if (words.empty()) return absl::OkStatus();
    if (words[0] == "#") return ReadComment(content, words, line.number);
    if (importers::IsUnsignedInteger(words[0])) return ReadRow(words, line.number);
    if (const int ranks = importers::LauncherRanks(words); ranks > 0) launcher_ranks_ = ranks;
    return absl::OkStatus();  // shell prompts, launcher and MPI lines
  }

  absl::StatusOr<RunDocument> Finish(int last_line) {
    if (document_.collective_rows.empty()) return LineError(file_, last_line, "no OSU data rows in the file");
    if (!failed_validation_.empty()) {
      document_.findings.push_back(
          importers::ImportedIntegrityFinding(document_, "OSU", 0, std::move(failed_validation_)));
    }
    importers::FinishImport(document_);
    return std::move(document_);
  }

 private:
  absl::Status ReadComment(absl::string_view content, const std::vector<absl::string_view>& words, int line) {
    if (words.size() >= 4 && words[1] == "OSU") return ReadTitle(words, line);
    if (words.size() >= 2 && words[1] == "Size") return ReadHeader(content, line);
    // "# [ pairs: 32 ] [ window size: 64 ]"
    for (size_t i = 0; i + 1 < words.size(); ++i) {
      int pairs = 0;
      if (words[i] == "pairs:" && absl::SimpleAtoi(words[i + 1], &pairs)) pairs_ = pairs;
    }
    return absl::OkStatus();  // "# Datatype: MPI_CHAR." and other notes
  }

  // "# OSU MPI[-CUDA] <title> v7.5"
  absl::Status ReadTitle(const std::vector<absl::string_view>& words, int line) {
    const std::string title = absl::StrJoin(words.begin() + 3, words.end() - 1, " ");
    benchmark_ = std::nullopt;
    columns_.clear();
    pairs_ = 0;
    for (const OsuBenchmark& benchmark : kBenchmarks) {
      if (benchmark.title == title) benchmark_ = benchmark;
    }
    if (!benchmark_.has_value()) return LineError(file_, line, absl::StrCat("unknown OSU benchmark '", title, "'"));
    if (absl::StartsWith(words.back(), "v")) document_.source.producer_version = std::string(words.back());
    return absl::OkStatus();
  }

  // "# Size   Avg Latency(us)   Validation": labels contain spaces, so they
  // are matched as text rather than split.
  absl::Status ReadHeader(absl::string_view content, int line) {
    if (!benchmark_.has_value()) return LineError(file_, line, "column header before any '# OSU' title line");
    columns_.clear();
    absl::string_view rest = content;
    absl::ConsumePrefix(&rest, "#");
    rest = absl::StripLeadingAsciiWhitespace(rest);
    absl::ConsumePrefix(&rest, "Size");
    while (!(rest = absl::StripLeadingAsciiWhitespace(rest)).empty()) {
      const OsuLabel* match = nullptr;
      for (const OsuLabel& label : kLabels) {
        if (absl::StartsWith(rest, label.text)) {
          match = &label;
          break;
        }
      }
      if (match == nullptr) return LineError(file_, line, absl::StrCat("unknown OSU column '", rest, "'"));
      columns_.push_back(match->column);
      rest.remove_prefix(match->text.size());
    }
    if (columns_.empty()) return LineError(file_, line, "OSU column header names no columns");
    return absl::OkStatus();
  }

  int Ranks() const {
    if (benchmark_->ranks > 0) return benchmark_->ranks;
    if (pairs_ > 0) return 2 * pairs_;
    return launcher_ranks_;
  }

  absl::Status ReadRow(const std::vector<absl::string_view>& words, int line) {
    if (columns_.empty()) return LineError(file_, line, "data row before any OSU '# Size' column header");
    if (words.size() != columns_.size() + 1) {
      return LineError(file_, line,
                       absl::StrCat("row has ", words.size(), " fields, the column header has ", columns_.size() + 1,
                                    words.size() < columns_.size() + 1 ? " (truncated row)" : ""));
    }
    BenchMeasurement m;
    m.collective = std::string(benchmark_->collective);
    m.ranks = Ranks();
    SPINECHECK_ASSIGN_OR_RETURN(m.size_bytes, importers::ParseCount(words[0], "size", file_, line));
    std::optional<bool> passed;
    double p50_us = 0;
    for (size_t i = 0; i < columns_.size(); ++i) {
      const absl::string_view field = words[i + 1];
      if (columns_[i] == OsuColumn::kValidation) {
        if (field != "Pass" && field != "Fail") {
          return LineError(file_, line, absl::StrCat("validation '", field, "' is neither Pass nor Fail"));
        }
        passed = field == "Pass";
        continue;
      }
      SPINECHECK_ASSIGN_OR_RETURN(const double value, importers::ParseNumber(field, "value", file_, line));
      switch (columns_[i]) {
        case OsuColumn::kLatency: m.time_us = value; break;
        case OsuColumn::kMinLatency: m.min_us = value; break;
        case OsuColumn::kMaxLatency: m.max_us = value; break;
        case OsuColumn::kIterations:
          // A count: whole and within what a double holds exactly (a cast of
          // a larger one is undefined behaviour, found by the osu_import fuzz target).
          if (!(value >= 0 && value <= kMaxExactCount) || value != std::floor(value)) {
            return LineError(file_, line, absl::StrCat("iterations '", field, "' is not a whole count"));
          }
          m.iterations = static_cast<int64_t>(value);
          break;
        case OsuColumn::kBandwidth: m.bandwidth_bps = value * 1e6; break;  // OSU MB/s = 1e6 B/s
        case OsuColumn::kP50: p50_us = value; break;
        default: break;
      }
    }
    CollectiveRow row = importers::BenchRow(m);
    row.out_of_place.iteration_stats.p50_us = p50_us;
    if (passed.has_value()) {
      if (*passed) {
        row.out_of_place.wrong = 0;
      } else {
        failed_validation_.push_back(absl::StrCat(row.collective, " ", row.size_bytes, " B: validation Fail"));
      }
    }
    document_.collective_rows.push_back(std::move(row));
    return absl::OkStatus();
  }

  const std::string& file_;
  RunDocument document_;
  std::optional<OsuBenchmark> benchmark_;
  std::vector<OsuColumn> columns_;
  int pairs_ = 0;
  int launcher_ranks_ = 0;
  std::vector<std::string> failed_validation_;
};

}  // namespace

absl::StatusOr<RunDocument> ImportOsu(std::string_view text, const std::string& file) {
  const std::vector<TextLine> lines = importers::NumberedLines(absl::string_view(text.data(), text.size()));
  OsuReader reader(file);
  for (const TextLine& line : lines) SPINECHECK_RETURN_IF_ERROR(reader.Read(line));
  return reader.Finish(lines.empty() ? 1 : lines.back().number);
}

}  // namespace spinecheck

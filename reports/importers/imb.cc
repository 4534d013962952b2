#include "reports/importers/imb.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "reports/importers/bench_rows.h"
#include "reports/importers/import_text.h"
#include "reports/model/status_macros.h"

namespace spinecheck {
namespace {

using importers::BenchMeasurement;
using importers::LineError;
using importers::TextLine;

enum class ImbColumn { kBytes, kRepetitions, kTime, kTimeMin, kTimeMax, kTimeAvg, kMbytes, kMessageRate, kDefects };

// The spinecheck name of an IMB benchmark, else its own name in lower case.
std::string ImbCollective(absl::string_view benchmark) {
  const std::string name = absl::AsciiStrToLower(benchmark);
  if (name == "allreduce") return "all_reduce";
  if (name == "allgather") return "all_gather";
  if (name == "bcast") return "broadcast";
  return name;  // alltoall, reduce, reduce_scatter, gather, scatter, pingpong, uniband, biband ...
}

class ImbReader {
 public:
  explicit ImbReader(const std::string& file) : file_(file), document_(importers::NewImportDocument("imb", file)) {}

  absl::Status Read(const TextLine& line) {
    absl::string_view content = absl::StripAsciiWhitespace(line.text);
    const std::vector<absl::string_view> words = importers::Fields(content);
    if (words.empty()) return absl::OkStatus();
    if (words[0] == "#bytes" || words[0] == "#repetitions") return ReadHeader(words, line.number);
    if (importers::IsUnsignedInteger(words[0])) return ReadRow(words, line.number);
    if (!absl::ConsumePrefix(&content, "#")) return absl::OkStatus();  // launcher, MPI and shell lines
    content = absl::StripLeadingAsciiWhitespace(content);
    if (absl::ConsumePrefix(&content, "Benchmarking ")) {
      benchmark_ = std::string(absl::StripAsciiWhitespace(content));
      ranks_ = 0;
      columns_.clear();
    } else if (absl::ConsumePrefix(&content, "#processes =")) {
      SPINECHECK_ASSIGN_OR_RETURN(const int64_t ranks,
                                  importers::ParseInteger(absl::StripAsciiWhitespace(content), "#processes",
                                                          file_, line.number));
      ranks_ = static_cast<int>(ranks);
    } else if (const size_t at = content.find("MPI Benchmarks "); at != absl::string_view::npos) {
      // "Intel(R) MPI Benchmarks 2019 Update 5, MPI-1 part"
      absl::string_view version = content.substr(at + 15);
      version = version.substr(0, version.find(','));
      document_.source.producer_version = std::string(absl::StripAsciiWhitespace(version));
      int year = 0;
      const absl::string_view first = version.substr(0, version.find_first_of(" ."));
      mbyte_ = absl::SimpleAtoi(first, &year) && year >= 2019 ? 1e6 : 1048576.0;
    } else if (absl::ConsumePrefix(&content, "MPI Version") && absl::ConsumePrefix(&content, "           :")) {
      document_.environment.mpi_standard = std::string(absl::StripAsciiWhitespace(content));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<RunDocument> Finish(int last_line) {
    if (document_.collective_rows.empty()) return LineError(file_, last_line, "no IMB data rows in the file");
    importers::FinishImport(document_);
    return std::move(document_);
  }

 private:
  absl::Status ReadHeader(const std::vector<absl::string_view>& words, int line) {
    if (benchmark_.empty()) return LineError(file_, line, "column header before any '# Benchmarking' line");
    columns_.clear();
    for (absl::string_view word : words) {
      if (word == "#bytes") columns_.push_back(ImbColumn::kBytes);
      else if (word == "#repetitions") columns_.push_back(ImbColumn::kRepetitions);
      else if (word == "t[usec]") columns_.push_back(ImbColumn::kTime);
      else if (word == "t_min[usec]") columns_.push_back(ImbColumn::kTimeMin);
      else if (word == "t_max[usec]") columns_.push_back(ImbColumn::kTimeMax);
      else if (word == "t_avg[usec]") columns_.push_back(ImbColumn::kTimeAvg);
      else if (word == "Mbytes/sec") columns_.push_back(ImbColumn::kMbytes);
      else if (word == "Msg/sec") columns_.push_back(ImbColumn::kMessageRate);
      else if (word == "defects") columns_.push_back(ImbColumn::kDefects);
      else return LineError(file_, line, absl::StrCat("unknown IMB column '", word, "'"));
    }
    return absl::OkStatus();
  }

  absl::Status ReadRow(const std::vector<absl::string_view>& words, int line) {
    if (columns_.empty()) return LineError(file_, line, "data row before any IMB column header");
    if (words.size() != columns_.size()) {
      return LineError(file_, line,
                       absl::StrCat("row has ", words.size(), " fields, the column header has ", columns_.size(),
                                    words.size() < columns_.size() ? " (truncated row)" : ""));
    }
    BenchMeasurement m;
    m.collective = ImbCollective(benchmark_);
    m.ranks = ranks_;
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (columns_[i] == ImbColumn::kBytes) {
        SPINECHECK_ASSIGN_OR_RETURN(m.size_bytes, importers::ParseCount(words[i], "#bytes", file_, line));
        continue;
      }
      if (columns_[i] == ImbColumn::kRepetitions) {
        SPINECHECK_ASSIGN_OR_RETURN(const uint64_t repetitions,
                                    importers::ParseCount(words[i], "#repetitions", file_, line));
        m.iterations = static_cast<int64_t>(repetitions);
        continue;
      }
      SPINECHECK_ASSIGN_OR_RETURN(const double value, importers::ParseNumber(words[i], "value", file_, line));
      switch (columns_[i]) {
        case ImbColumn::kTime:
        case ImbColumn::kTimeAvg: m.time_us = value; break;
        case ImbColumn::kTimeMin: m.min_us = value; break;
        case ImbColumn::kTimeMax: m.max_us = value; break;
        case ImbColumn::kMbytes: m.bandwidth_bps = value * mbyte_; break;
        default: break;
      }
    }
    document_.collective_rows.push_back(importers::BenchRow(m));
    return absl::OkStatus();
  }

  const std::string& file_;
  RunDocument document_;
  std::string benchmark_;
  int ranks_ = 0;
  std::vector<ImbColumn> columns_;
  double mbyte_ = 1e6;  // bytes per IMB "Mbyte": 1e6 from IMB 2019 on, 2^20 before
};

}  // namespace

absl::StatusOr<RunDocument> ImportImb(std::string_view text, const std::string& file) {
  const std::vector<TextLine> lines = importers::NumberedLines(absl::string_view(text.data(), text.size()));
  ImbReader reader(file);
  for (const TextLine& line : lines) SPINECHECK_RETURN_IF_ERROR(reader.Read(line));
  return reader.Finish(lines.empty() ? 1 : lines.back().number);
}

}  // namespace spinecheck

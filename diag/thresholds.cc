// Thresholds read with fast-cpp-csv-parser (fccp). fccp splits lines and
// fields (comments, quotes, trimming, CRLF); numbers are read with
// absl::SimpleAtod so that an empty or partly numeric field is an error
// instead of fccp's silent 0. fccp's io::error exceptions end here.
#include "diag/thresholds.h"

#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <system_error>
#include <utility>

// The text is in memory already: no reader thread per parse.
#define CSV_IO_NO_THREAD
#include <csv.h>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

#ifndef SPINECHECK_SOURCE_DIR
#error "SPINECHECK_SOURCE_DIR must name the source tree (diag/CMakeLists.txt defines it)"
#endif

namespace spinecheck {
namespace {

constexpr int kColumnCount = 11;
using CsvReader = io::CSVReader<kColumnCount, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>,
                                io::throw_on_overflow, io::single_line_comment<'#'>>;

constexpr std::array<const char*, kColumnCount> kColumns = {
    "model",      "fp64_tflops", "fp32_tflops", "tf32_tflops", "bf16_tflops", "fp16_tflops",
    "fp8_tflops", "memory_gbps", "h2d_gbps",    "d2h_gbps",    "source"};

// The GEMM types of the *_tflops columns, in column order (GemmTypeName).
constexpr std::array<const char*, 6> kGemmTypes = {"fp64", "fp32", "tf32", "bf16", "fp16", "fp8"};

std::string Where(const std::string& name, unsigned line) {
  return absl::StrCat("thresholds file '", name, "' line ", line);
}

// The figure in `field` of column `column`; kInvalidArgument naming the
// file, line and column unless it is a finite number >= 0.
absl::StatusOr<double> ParseFigure(const std::string& field, const char* column, const std::string& name,
                                   unsigned line) {
  double value = 0;
  if (!absl::SimpleAtod(field, &value) || !std::isfinite(value)) {
    return absl::InvalidArgumentError(absl::StrCat(Where(name, line), ", column '", column, "': '", field,
                                                   "' is not a number (write 0 when there is no figure)"));
  }
  if (value < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(Where(name, line), ", column '", column, "': ", field, " is negative"));
  }
  return value;
}

// Rows of `text` as read by fccp; its exceptions become kInvalidArgument.
absl::StatusOr<std::vector<ThresholdRow>> ReadRows(const std::string& text, const std::string& name) {
  std::vector<ThresholdRow> rows;
  // fccp keeps the reader's line count when it throws; read it there.
  unsigned line = 0;
  try {
    CsvReader reader(name, text.data(), text.data() + text.size());
    try {
      reader.read_header(io::ignore_no_column, kColumns[0], kColumns[1], kColumns[2], kColumns[3], kColumns[4],
                         kColumns[5], kColumns[6], kColumns[7], kColumns[8], kColumns[9], kColumns[10]);
    } catch (const io::error::base&) {
      line = reader.get_file_line();
      throw;
    }
    std::array<std::string, kColumnCount> fields;
    while (true) {
      bool more = false;
      try {
        more = reader.read_row(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7],
                               fields[8], fields[9], fields[10]);
      } catch (const io::error::base&) {
        line = reader.get_file_line();
        throw;
      }
      if (!more) break;
      line = reader.get_file_line();
      ThresholdRow row;
      row.model = fields[0];
      if (row.model.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(Where(name, line), ", column 'model': the model is empty"));
      }
      for (size_t i = 0; i < kGemmTypes.size(); ++i) {
        auto figure = ParseFigure(fields[1 + i], kColumns[1 + i], name, line);
        if (!figure.ok()) return figure.status();
        row.gemm_tflops[kGemmTypes[i]] = *figure;
      }
      double* const link_figures[] = {&row.memory_gbps, &row.h2d_gbps, &row.d2h_gbps};
      for (size_t i = 0; i < 3; ++i) {
        auto figure = ParseFigure(fields[7 + i], kColumns[7 + i], name, line);
        if (!figure.ok()) return figure.status();
        *link_figures[i] = *figure;
      }
      row.source = fields[10];
      for (const ThresholdRow& earlier : rows) {
        if (absl::EqualsIgnoreCase(earlier.model, row.model)) {
          return absl::InvalidArgumentError(
              absl::StrCat(Where(name, line), ", column 'model': '", row.model, "' is listed twice"));
        }
      }
      rows.push_back(std::move(row));
    }
  } catch (const io::error::missing_column_in_header& e) {
    return absl::InvalidArgumentError(absl::StrCat(Where(name, line), " (the header): column '", e.column_name,
                                                   "' is missing; the header needs ", absl::StrJoin(kColumns, ",")));
  } catch (const io::error::extra_column_in_header& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(Where(name, line), " (the header): column '", e.column_name, "' is not one of ",
                     absl::StrJoin(kColumns, ",")));
  } catch (const io::error::duplicated_column_in_header& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(Where(name, line), " (the header): column '", e.column_name, "' appears twice"));
  } catch (const io::error::header_missing&) {
    return absl::InvalidArgumentError(absl::StrCat("thresholds file '", name, "' has no header line; it needs ",
                                                   absl::StrJoin(kColumns, ",")));
  } catch (const io::error::too_few_columns&) {
    return absl::InvalidArgumentError(
        absl::StrCat(Where(name, line), ": too few columns (", kColumnCount, " expected: ",
                     absl::StrJoin(kColumns, ","), ")"));
  } catch (const io::error::too_many_columns&) {
    return absl::InvalidArgumentError(absl::StrCat(Where(name, line), ": too many columns (", kColumnCount,
                                                   " expected; quote a field that contains a comma)"));
  } catch (const io::error::escaped_string_not_closed&) {
    return absl::InvalidArgumentError(absl::StrCat(Where(name, line), ": a quoted field is not closed"));
  } catch (const io::error::base& e) {
    return absl::InvalidArgumentError(absl::StrCat(Where(name, line), ": ", e.what()));
  }
  return rows;
}

// Whether `c` may continue a word of a model name ("L4" is not a word of "L40").
bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Whether `needle` occurs in `haystack` with no letter or digit right
// before or after it; both are lower case.
bool ContainsWord(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return false;
  for (size_t at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) {
    const size_t end = at + needle.size();
    const bool starts_word = at == 0 || !IsWordChar(haystack[at - 1]) || !IsWordChar(needle.front());
    const bool ends_word = end == haystack.size() || !IsWordChar(haystack[end]) || !IsWordChar(needle.back());
    if (starts_word && ends_word) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<Thresholds> Thresholds::Parse(const std::string& text, const std::string& name) {
  auto rows = ReadRows(text, name);
  if (!rows.ok()) return rows.status();
  Thresholds thresholds;
  thresholds.rows_ = *std::move(rows);
  return thresholds;
}

absl::StatusOr<Thresholds> Thresholds::Load(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return absl::NotFoundError(
        absl::StrCat("thresholds file '", path, "' is a folder: give an existing --thresholds file"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int errno_value = errno;
    if (errno_value == ENOENT || errno_value == 0) {
      return absl::NotFoundError(
          absl::StrCat("thresholds file '", path, "' not found: give an existing --thresholds file"));
    }
    return absl::NotFoundError(absl::StrCat("thresholds file '", path, "' cannot be opened (",
                                            std::strerror(errno_value), "): give a readable --thresholds file"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return absl::NotFoundError(absl::StrCat("thresholds file '", path, "' cannot be read"));
  }
  return Parse(text.str(), path);
}

const ThresholdRow* Thresholds::Find(const std::string& device_model) const {
  for (const ThresholdRow& row : rows_) {
    if (absl::EqualsIgnoreCase(row.model, device_model)) return &row;
  }
  const std::string device = absl::AsciiStrToLower(device_model);
  const ThresholdRow* best = nullptr;
  for (const ThresholdRow& row : rows_) {
    if (best != nullptr && row.model.size() <= best->model.size()) continue;
    if (ContainsWord(device, absl::AsciiStrToLower(row.model))) best = &row;
  }
  return best;
}

std::string DefaultThresholdsPath() {
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const std::filesystem::path installed =
        (exe.parent_path() / ".." / "share" / "spinecheck" / "thresholds.csv").lexically_normal();
    if (std::filesystem::is_regular_file(installed, error)) return installed.string();
  }
  return SPINECHECK_SOURCE_DIR "/diag/data/thresholds.csv";
}

}  // namespace spinecheck

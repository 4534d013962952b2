// Thresholds from CSV through fast-cpp-csv-parser (libfccp), whose
// exceptions end here as absl::Status naming the file and line.
#include "diag/thresholds.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

// csv.h's strncpy of file names warns under GCC 12 at -O2; the header is
// third-party, so the warning is silenced for it alone.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <libfccp/csv.h>
#pragma GCC diagnostic pop

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

using Reader = io::CSVReader<11, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>, io::throw_on_overflow,
                             io::single_and_empty_line_comment<'#'>>;

}  // namespace

absl::StatusOr<Thresholds> Thresholds::Parse(const std::string& text, const std::string& name) {
  Thresholds thresholds;
  try {
    Reader reader(name, text.data(), text.data() + text.size());
    reader.read_header(io::ignore_no_column, "model", "fp64_tflops", "fp32_tflops", "tf32_tflops", "bf16_tflops",
                       "fp16_tflops", "fp8_tflops", "memory_gbps", "h2d_gbps", "d2h_gbps", "source");
    ThresholdRow row;
    double fp64 = 0, fp32 = 0, tf32 = 0, bf16 = 0, fp16 = 0, fp8 = 0;
    while (reader.read_row(row.model, fp64, fp32, tf32, bf16, fp16, fp8, row.memory_gbps, row.h2d_gbps, row.d2h_gbps,
                           row.source)) {
      if (row.model.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": line ", reader.get_file_line(), ": the model column is empty"));
      }
      row.gemm_tflops = {{"fp64", fp64}, {"fp32", fp32}, {"tf32", tf32},
                         {"bf16", bf16}, {"fp16", fp16}, {"fp8", fp8}};
      thresholds.rows_.push_back(row);
      row = ThresholdRow();
    }
  } catch (const io::error::base& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read thresholds: ", e.what(),
                     " (expected a header and rows model,fp64_tflops,...,d2h_gbps,source; see diag/data/thresholds.csv)"));
  }
  return thresholds;
}

absl::StatusOr<Thresholds> Thresholds::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in.good()) {
    return absl::NotFoundError(
        absl::StrCat("thresholds file '", path, "' not found: give an existing --thresholds file"));
  }
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

const ThresholdRow* Thresholds::Find(const std::string& device_model) const {
  const std::string model = absl::AsciiStrToLower(device_model);
  const ThresholdRow* best = nullptr;
  for (const ThresholdRow& row : rows_) {
    const std::string listed = absl::AsciiStrToLower(row.model);
    if (listed == model) return &row;
    if (absl::StrContains(model, listed) && (best == nullptr || row.model.size() > best->model.size())) best = &row;
  }
  return best;
}

std::string DefaultThresholdsPath() {
  char self[4096] = {};
  const ssize_t length = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (length > 0) {
    std::string directory(self, static_cast<size_t>(length));
    directory = directory.substr(0, directory.rfind('/'));
    const std::string installed = directory + "/../share/spinecheck/thresholds.csv";
    if (std::ifstream(installed).good()) return installed;
  }
  return SPINECHECK_SOURCE_DIR "/diag/data/thresholds.csv";
}

}  // namespace spinecheck

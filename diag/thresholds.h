// Thresholds: the expected figures of each device model, kept as data in
// diag/data/thresholds.csv (one row per model, each naming its public
// source) and read with the CSV parser.
#ifndef SPINECHECK_DIAG_THRESHOLDS_H_
#define SPINECHECK_DIAG_THRESHOLDS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace spinecheck {

// One device model. A figure of 0 means "not published / not applicable".
struct ThresholdRow {
  std::string model;  // matched against DeviceInfo::model, see Thresholds::Find
  std::map<std::string, double> gemm_tflops;  // by GemmTypeName: "fp64", "fp32", "tf32", "bf16", "fp16", "fp8"
  double memory_gbps = 0;  // device memory bandwidth
  double h2d_gbps = 0;     // host to device over the host link
  double d2h_gbps = 0;
  std::string source;      // where the figures come from (URL of the datasheet)
};

class Thresholds {
 public:
  // Reads `path`. kNotFound when it cannot be opened; kInvalidArgument naming
  // the file, line and column when a row does not parse.
  static absl::StatusOr<Thresholds> Load(const std::string& path);
  // Parses CSV text; `name` is used in messages.
  static absl::StatusOr<Thresholds> Parse(const std::string& text, const std::string& name);

  // The row whose model matches `device_model`: equal ignoring case, else
  // the longest listed model contained in it, ignoring case, as whole words
  // ("NVIDIA H100 80GB HBM3" contains "H100 80GB HBM3"; "NVIDIA L40" does
  // not contain "L4"). Null when none does.
  const ThresholdRow* Find(const std::string& device_model) const;

  const std::vector<ThresholdRow>& rows() const { return rows_; }

 private:
  std::vector<ThresholdRow> rows_;
};

// The thresholds file shipped with spinecheck: the installed copy next to
// the binary's share/ folder, else the source tree's diag/data/thresholds.csv.
std::string DefaultThresholdsPath();

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_THRESHOLDS_H_

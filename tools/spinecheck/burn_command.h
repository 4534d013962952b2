// `spinecheck burn`: device burn-in on every rank (GEMM with result
// verification, memory patterns, copy bandwidth), NVML telemetry, optional
// DCGM diagnostics, and verdicts that compare every device with its peers
// across the whole job.
#ifndef SPINECHECK_TOOLS_SPINECHECK_BURN_COMMAND_H_
#define SPINECHECK_TOOLS_SPINECHECK_BURN_COMMAND_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace spinecheck {

// Flag values as typed; checked by RunBurnCommand.
struct BurnFlags {
  std::string checks = "all";      // gemm,memory,copy
  std::string duration = "30s";    // GEMM load, shared by the types
  std::string types = "all";       // GEMM types
  int gemm_size = 0;               // 0: 2048 on a CPU, 8192 on a GPU
  std::string memory_size;         // empty: most of the device's free memory
  std::string copy_size;           // empty: 256M on a GPU, 64M on a CPU
  double tolerance = 0.15;         // throughput outlier below (1 - tolerance) x median
  int expect_devices = 0;
  std::string baseline_path;       // --baseline: judge the results against this baseline file
  double baseline_tolerance = -1;  // below 0: the comparison's default
  std::string thresholds_path;     // empty: the shipped thresholds.csv
  int dcgm_level = 0;              // 0: no DCGM
  std::string device = "auto";     // gpu, cpu or auto
  double timeout_s = 120;          // -T: slack per phase beyond its planned length
  std::string json_path;
  std::string html_path;  // --html: the report page, written when the run ends
  std::vector<std::string> injections;
};

CLI::App* AddBurnCommand(CLI::App& app, BurnFlags& flags);

// Runs the burn under the current launcher and returns the exit code.
int RunBurnCommand(const BurnFlags& flags, int argc, char** argv);

}  // namespace spinecheck

#endif  // SPINECHECK_TOOLS_SPINECHECK_BURN_COMMAND_H_

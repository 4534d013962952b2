// `spinecheck sweep`: flags with nccl-tests' names and meanings.
#ifndef SPINECHECK_TOOLS_SPINECHECK_SWEEP_COMMAND_H_
#define SPINECHECK_TOOLS_SPINECHECK_SWEEP_COMMAND_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace spinecheck {

// Flag values as typed; sizes and names are parsed and checked by RunSweepCommand.
struct SweepFlags {
  std::string min_bytes = "32M";
  std::string max_bytes = "32M";
  std::string step_bytes = "1M";
  int64_t step_factor = 1;
  int iterations = 20;
  int warmup_iterations = 1;
  int checks = 1;
  std::string datatype = "float";
  std::string op = "sum";
  int root = 0;
  int average = 1;
  int blocking = 0;
  double timeout_s = 0;
  std::string collectives = "all_reduce";
  std::string json_path;
  std::string html_path;  // --html: the report page, written when the run ends
  std::string csv_path;
  std::vector<std::string> injections;
  std::string backend = "auto";  // nccl, mpi or auto
  int gpus_per_process = 1;      // -g
  std::string baseline_path;     // --baseline: judge the rows against this baseline file
  double baseline_tolerance = -1;  // below 0: the comparison's default
};

// Adds the `sweep` subcommand and its flags to `app`, bound to `flags`.
CLI::App* AddSweepCommand(CLI::App& app, SweepFlags& flags);

// Runs the sweep under the current launcher and returns the exit code.
// `argv` is recorded in the result document.
int RunSweepCommand(const SweepFlags& flags, int argc, char** argv);

}  // namespace spinecheck

#endif  // SPINECHECK_TOOLS_SPINECHECK_SWEEP_COMMAND_H_

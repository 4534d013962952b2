// `spinecheck smoke`: the time-budgeted pre-job smoke test. In order: an
// inventory check (device count, model and driver/CUDA/NCCL/MPI versions of
// every host against the majority), a short burn (GEMM and memory, the burn
// verdicts), a small verified all_reduce sweep, and a quick links round
// when the job spans hosts; one result document, one greppable line per bad
// node, exit 0/1/2/3/4 (DESIGN.md). A watchdog ends the run at its budget.
#ifndef SPINECHECK_TOOLS_SPINECHECK_SMOKE_COMMAND_H_
#define SPINECHECK_TOOLS_SPINECHECK_SMOKE_COMMAND_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace spinecheck {

// Flag values as typed; empty strings were not given and leave the
// profile's setting.
struct SmokeFlags {
  std::string profile = "smoke";
  bool per_node = false;
  std::string budget;
  std::string phases;
  std::string expect_devices;
  std::string device;
  std::string backend;
  std::string burn_duration;
  std::string memory_size;
  std::string tolerance;
  std::string collectives;
  std::string min_bytes;
  std::string max_bytes;
  std::string links;
  std::vector<std::string> settings;  // --set KEY=VALUE, any profile key
  std::string thresholds_path;
  std::string topology_path;
  std::string json_path;
  std::string html_path;  // --html: the report page, written when the run ends
  std::vector<std::string> injections;
};

CLI::App* AddSmokeCommand(CLI::App& app, SmokeFlags& flags);

// Runs the smoke test under the current launcher and returns the exit code.
int RunSmokeCommand(const SmokeFlags& flags, int argc, char** argv);

}  // namespace spinecheck

#endif  // SPINECHECK_TOOLS_SPINECHECK_SMOKE_COMMAND_H_

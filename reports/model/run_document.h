// The result document ("spinecheck.run/1", documented in docs/schema.md).
//
// Every subcommand fills one RunDocument; every output (terminal table, JSON,
// CSV, later HTML/JUnit/Prometheus) is rendered from it. The structs are
// plain data: producers fill them, writers in reports/writers render them.
#ifndef SPINECHECK_REPORTS_MODEL_RUN_DOCUMENT_H_
#define SPINECHECK_REPORTS_MODEL_RUN_DOCUMENT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "reports/model/exit_code.h"
#include "reports/model/timing_stats.h"

namespace spinecheck {

inline constexpr char kSchema[] = "spinecheck.run/1";
inline constexpr char kToolVersion[] = "0.1.0";

// One compute device a rank drives.
struct DeviceInfo {
  std::string kind;        // "cpu" or "cuda"
  int index = 0;           // device ordinal on its host
  std::string uuid;        // GPU UUID; for a CPU, the host's machine id
  std::string pci_bus_id;  // "0000:07:00.0"; empty for a CPU
  std::string model;       // "NVIDIA H100 80GB HBM3", "AMD EPYC 7763 64-Core Processor"
  uint64_t memory_bytes = 0;
  std::string compute_capability;  // "9.0" for a GPU; empty for a CPU
  int comm_rank = -1;              // the data-plane rank driven on this device (NCCL or MPI rank)
};

struct RankInfo {
  int rank = 0;
  int local_rank = 0;
  int pid = 0;
  std::string host;
  std::vector<DeviceInfo> devices;
};

struct Environment {
  std::string mpi_library;  // MPI_Get_library_version, first line
  std::string mpi_standard; // "3.1"
  std::string backend;      // data-plane backend of the run: "mpi", later "nccl"
  std::string build;        // "cuda=ON nccl=ON (2.28.9)" as configured
  std::string backend_reason;        // why this backend: "--backend nccl", "auto: 8 GPUs visible on every rank"
  std::string nccl_version_build;    // nccl.h the binary was built with, "2.28.9"; empty without NCCL
  std::string nccl_version_runtime;  // ncclGetVersion of the loaded library; empty unless NCCL ran
  std::string cuda_driver;           // cudaDriverGetVersion, "13.0"; empty without CUDA
  std::string cuda_runtime;          // cudaRuntimeGetVersion, "13.0"; empty without CUDA
  std::map<std::string, std::string> variables;  // rank 0's, see RelevantEnvironmentVariables
};

// One placement (out-of-place or in-place) of one sweep row.
struct PlacementResult {
  bool measured = false;
  double time_us = 0;          // the nccl-tests aggregate, combined across ranks by -a
  double algbw_gbps = 0;
  double busbw_gbps = 0;
  std::optional<int64_t> wrong;  // wrong elements summed over ranks; empty: not checked
  std::vector<std::pair<int, int64_t>> wrong_by_rank;  // only ranks with wrong > 0
  TimingStats iteration_stats;  // per iteration, the slowest rank's time
  int slowest_rank = -1;        // rank with the largest mean iteration time
  std::string slowest_host;
  double rank_time_min_us = 0;  // spread across ranks of each rank's own time_us (elapsed / iterations)
  double rank_time_max_us = 0;
};

struct CollectiveRow {
  std::string collective;  // registry name, "all_reduce"
  uint64_t size_bytes = 0; // nccl-tests "size": max(send, recv) bytes
  uint64_t count = 0;      // per-rank element count passed to the collective
  std::string type;        // "float"
  std::string redop;       // "sum", or "none" for collectives without reduction
  int root = -1;           // -1 for rootless collectives
  int ranks = 0;
  double bus_factor = 0;   // busbw = algbw * bus_factor
  PlacementResult out_of_place;
  PlacementResult in_place;
};

// What a finding blames.
struct Component {
  std::string kind;                // host | gpu | nic | link | switch
  std::string id;                  // host name, GPU UUID, link name ...
  std::vector<std::string> hosts;  // hosts affected
};

struct Finding {
  std::string severity;  // "fail", "warn", "error"
  std::string check;     // "collective.data_integrity", "world.arrival" ...
  Component component;
  std::vector<int> ranks;
  double measured = 0;
  double expected = 0;
  std::string unit;
  std::vector<std::string> evidence;
  std::string action;    // recommended action for the operator
  std::string message;   // one line a person reads
};

struct Verdict {
  std::string status;  // pass | fail | usage | error | timeout
  ExitCode exit_code = ExitCode::kPass;
  std::string reason;  // why the run ended as it did
  std::vector<std::string> drain;  // hosts to drain
};

using ConfigValue = std::variant<int64_t, double, bool, std::string>;

struct RunDocument {
  std::string schema = kSchema;
  std::string tool_version = kToolVersion;
  std::string command;  // subcommand: "sweep"
  std::vector<std::string> argv;
  std::string start_time;  // RFC 3339, UTC
  std::string end_time;
  std::string state = "running";  // running | completed | error | timeout
  std::vector<std::pair<std::string, ConfigValue>> config;
  std::vector<RankInfo> ranks;  // world: every rank with its host and devices
  Environment environment;
  std::vector<CollectiveRow> collective_rows;
  std::vector<std::string> skipped;  // selected combinations the backend cannot run, with the reason
  std::vector<Finding> findings;
  Verdict verdict;
};

// Current time as RFC 3339 UTC with milliseconds.
std::string NowRfc3339();

// Hosts in first-appearance order with the ranks on each.
std::vector<std::pair<std::string, std::vector<int>>> RanksByHost(const std::vector<RankInfo>& ranks);

// Findings implied by the collective rows: one "collective.data_integrity"
// failure per rank that had wrong elements, with up to `max_evidence` rows
// of evidence each.
std::vector<Finding> DeriveCollectiveFindings(const RunDocument& document, size_t max_evidence = 8);

// The verdict of a run that ended with `run_status` (OK when it completed):
// a usage error, timeout or infrastructure error decides first, since the run
// is incomplete; otherwise any "fail" finding gives kFailure; otherwise pass.
// Hosts blamed by "fail" findings are listed for draining.
Verdict DecideVerdict(const std::vector<Finding>& findings, const absl::Status& run_status);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_MODEL_RUN_DOCUMENT_H_

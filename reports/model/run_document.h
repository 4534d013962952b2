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

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reports/model/exit_code.h"
#include "reports/model/fabric.h"
#include "reports/model/inventory.h"
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

// The software stack as one rank sees it, so that a host whose driver or
// libraries differ from the rest can be named. Empty where not present.
struct SoftwareVersions {
  std::string cuda_driver;   // cudaDriverGetVersion, "13.0"; "none" without a driver
  std::string cuda_runtime;  // the CUDA runtime the binary loaded
  std::string nccl;          // ncclGetVersion of the NCCL library loaded
  std::string mpi_library;   // first line of MPI_Get_library_version
};

struct RankInfo {
  int rank = 0;
  int local_rank = 0;
  int pid = 0;
  std::string host;
  std::vector<DeviceInfo> devices;
  int devices_visible = 0;  // devices of its kind this rank's host shows (burn --expect-devices); 0: not counted
  SoftwareVersions software;
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

// What became of one burn check on one device.
enum class BurnStatus {
  kMeasured,  // it ran; value and mismatches hold what it found
  kSkipped,   // it could not run here; the reason says why
  kError,     // it failed to run; the reason is the error
};
// The document's names: "measured", "skipped", "error".
absl::string_view BurnStatusName(BurnStatus status);
// kInvalidArgument naming the accepted names for any other name.
absl::StatusOr<BurnStatus> ParseBurnStatus(absl::string_view name);

// One check's measurement on one device (`spinecheck burn`), streamed into
// the document as each check finishes on every rank.
struct BurnResult {
  std::string check;    // registry name: "gemm", "memory", "copy"
  std::string variant;  // "fp32" (gemm type), "moving_inversions" (pattern), "h2d" (direction); may be empty
  int rank = -1;        // world rank that drove the device
  std::string host;
  DeviceInfo device;    // index, UUID, PCI bus id, model of the device tested
  BurnStatus status = BurnStatus::kMeasured;
  std::string reason;
  double seconds = 0;   // wall time spent measuring
  int64_t iterations = 0;
  std::optional<int64_t> mismatches;  // elements that differed from the reference; empty: not verified
  int64_t checked_elements = 0;       // elements compared, over all iterations
  double value = 0;     // achieved throughput in `unit`; 0 when the check measures none
  std::string unit;     // "TFLOPS" or "GB/s"
  double expected = 0;  // the device model's figure from diag/data/thresholds.csv; 0: unknown
  std::vector<std::pair<std::string, double>> details;  // check-specific: {"n", 2048}, {"threads", 4} ...
};

// NVML readings of one GPU around a burn (see diag/telemetry). Counters are
// empty when the device or driver does not report them.
struct DeviceTelemetry {
  int rank = -1;
  std::string host;
  DeviceInfo device;
  bool available = false;
  std::string reason;  // when not available: why ("libnvidia-ml.so.1 not found", "CPU device")
  int samples = 0;     // samples taken during the burn
  double temperature_max_c = 0;
  double power_max_w = 0;
  double power_limit_w = 0;
  double sm_clock_min_mhz = 0;  // lowest SM clock seen under load
  double sm_clock_max_mhz = 0;  // the GPU's maximum SM clock
  uint64_t throttle_reasons_mask = 0;      // OR of nvmlClocksEventReasons seen during the burn
  std::vector<std::string> throttle_reasons;  // the same, named: "sw_thermal", "hw_slowdown", "sw_power_cap" ...
  std::optional<int64_t> ecc_corrected_before, ecc_corrected_after;      // volatile totals
  std::optional<int64_t> ecc_uncorrected_before, ecc_uncorrected_after;
  std::optional<int64_t> retired_pages_sbe, retired_pages_dbe;  // pages retired (pre-Ampere)
  bool retired_pages_pending = false;
  std::optional<int64_t> remapped_rows_correctable, remapped_rows_uncorrectable;  // Ampere and newer
  bool remapped_rows_pending = false;
  bool remapped_rows_failure = false;
  std::vector<int64_t> xid_events;  // XIDs reported during the burn, in order
  int pcie_gen_current = 0;   // highest generation seen under load; 0: unknown
  int pcie_gen_max = 0;
  int pcie_width_current = 0;
  int pcie_width_max = 0;
};

// DCGM's result of one test on one GPU, least bad first. kUnknown: a word
// dcgmi wrote that is none of the others (never taken for a pass; the word
// is in the result's messages).
enum class DcgmStatus { kPass, kSkip, kUnknown, kWarn, kFail };
// The document's names: "pass", "skip", "unknown", "warn", "fail".
absl::string_view DcgmStatusName(DcgmStatus status);
// kInvalidArgument naming the accepted names for any other name.
absl::StatusOr<DcgmStatus> ParseDcgmStatus(absl::string_view name);

// One test of `dcgmi diag` on one GPU, folded into the document.
struct DcgmResult {
  std::string host;
  int gpu_index = -1;   // DCGM's GPU id on that host; -1: a host-wide check that names no GPU
  std::string category; // "Deployment", "Integration", "Hardware", "Stress"
  std::string test;     // "Memory", "Diagnostic", "PCIe" ...
  DcgmStatus status = DcgmStatus::kPass;
  std::vector<std::string> messages;  // DCGM's warnings and info for this GPU and test
};

// The enums below (ComponentKind, Severity, BurnStatus, DcgmStatus) are
// written by their *Name function. absl::StrCat and absl::StrFormat take an
// enum class as its integer without complaint: never pass one to them.

// The kind of component a finding blames. The order (hosts before links
// before switches) is the one localisation lists its suspects in.
enum class ComponentKind {
  kHost,    // a node; id is its host name
  kGpu,     // a GPU; id is its UUID (host:dcgm-gpu-N when DCGM names it)
  kNic,     // a network port of a host
  kLink,    // a cable; id is "lower<->upper" (FabricLinkId), or "pairs" for slow pairs no single component explains
  kSwitch,  // a switch; id is its name
  kJob,     // the job as a whole; id lists its hosts
  kOther,   // read from a document: a kind this version does not know (docs/schema.md, Versioning)
};
// The document's names: "host", "gpu", "nic", "link", "switch", "job",
// "other".
absl::string_view ComponentKindName(ComponentKind kind);
// kInvalidArgument naming the accepted names for any other name.
absl::StatusOr<ComponentKind> ParseComponentKind(absl::string_view name);

// What a finding blames.
struct Component {
  ComponentKind kind = ComponentKind::kHost;
  std::string id;                  // host name, GPU UUID, link name ...
  std::vector<std::string> hosts;  // hosts affected
};

// How bad a finding is, in one order, least bad first: a warning; an error
// (something could not be tested, so nothing was learnt about it); a
// failure (something measured wrong or too slow). Compare with < and >.
enum class Severity { kWarn, kError, kFail };

// The document's names: "warn", "error", "fail".
absl::string_view SeverityName(Severity severity);
// The severity named `name` (a document's); kInvalidArgument naming the
// accepted names otherwise.
absl::StatusOr<Severity> ParseSeverity(absl::string_view name);

// Two hosts of the link matrices, by name.
struct HostNamePair {
  std::string a;
  std::string b;
};

// The document's records a finding judges, by key, so that every view
// matches findings to records without reading the finding's prose. Empty in
// a document written before subjects existed.
struct FindingSubjects {
  // burn.<check>.*: the variants of the check, on the device the finding
  // names, that it judges; empty: every variant.
  std::vector<std::string> variants;
  // links.*: the pairs of hosts it judges, either way round.
  std::vector<HostNamePair> pairs;

  bool empty() const { return variants.empty() && pairs.empty(); }
  // Whether it judges `variant` of its check: listed, or no variant listed.
  bool JudgesVariant(const std::string& variant) const;
  bool JudgesPair(const std::string& a, const std::string& b) const;
};

struct Finding {
  Severity severity = Severity::kFail;
  std::string check;     // "collective.data_integrity", "world.arrival" ...
  Component component;
  std::vector<int> ranks;
  double measured = 0;
  double expected = 0;
  std::string unit;
  std::vector<std::string> evidence;
  FindingSubjects subjects;
  std::string action;    // recommended action for the operator
  std::string message;   // one line a person reads
};

// How a run ended: one status for each exit code, and kIncomplete (exit
// code 3) while it has not ended (the document is rewritten as results
// arrive).
enum class VerdictStatus { kPass, kFail, kUsage, kError, kTimeout, kIncomplete };
// The document's names: "pass", "fail", "usage", "error", "timeout",
// "incomplete".
absl::string_view VerdictStatusName(VerdictStatus status);
// kInvalidArgument naming the accepted names for any other name.
absl::StatusOr<VerdictStatus> ParseVerdictStatus(absl::string_view name);
// The status of a run that ended with `code`, and the code of a status.
VerdictStatus VerdictStatusOf(ExitCode code);
ExitCode ExitCodeOf(VerdictStatus status);

// Where a run is: kRunning until it ends, then how it ended.
enum class RunState { kRunning, kCompleted, kError, kTimeout };
// The document's names: "running", "completed", "error", "timeout".
absl::string_view RunStateName(RunState state);
// kInvalidArgument naming the accepted names for any other name.
absl::StatusOr<RunState> ParseRunState(absl::string_view name);

struct Verdict {
  VerdictStatus status = VerdictStatus::kPass;
  ExitCode exit_code = ExitCode::kPass;
  std::string reason;  // why the run ended as it did
  std::vector<std::string> drain;  // hosts to drain
};

using ConfigValue = std::variant<int64_t, double, bool, std::string>;

// Who produced the measurements: spinecheck itself, or another tool whose
// output `spinecheck report import` read.
struct DocumentSource {
  std::string producer = "spinecheck";  // "spinecheck", "nccl-tests", "osu", "imb"
  std::string producer_version;         // "2.19.6", "v7.5", "2021.7"; empty when the input does not say
  std::string file;                     // the imported file's path; empty for a live run
};

// One expected value a run was judged against (`--baseline FILE`), kept in the
// document so that every view shows the band the live run used.
struct Expectation {
  std::string check;        // what was measured: "collective", "burn", "links"
  std::string key;          // within the check: "all_reduce float sum", "gemm fp32", "bandwidth"
  uint64_t size_bytes = 0;  // message size of a collective; 0 for other checks
  std::string metric;       // "busbw_gbps", "time_us", "value", "bandwidth_gbps", "latency_us"
  std::string unit;         // "GB/s", "us", "TFLOPS"
  double expected = 0;      // the baseline's median, in `unit`
  double low = 0;           // the band of the baseline runs: lowest and highest value seen
  double high = 0;
  double tolerance = 0;     // fraction: beyond expected × (1 ∓ tolerance) a finding is raised
  std::string platform;     // the baseline's platform key ("NVIDIA H100 80GB HBM3 x8")
};

struct RunDocument {
  std::string schema = kSchema;
  std::string tool_version = kToolVersion;
  std::string command;  // subcommand: "sweep"; "import" for another tool's output
  DocumentSource source;
  std::vector<std::string> argv;
  std::string start_time;  // RFC 3339, UTC
  std::string end_time;
  RunState state = RunState::kRunning;
  std::vector<std::pair<std::string, ConfigValue>> config;
  std::vector<RankInfo> ranks;  // world: every rank with its host and devices
  Environment environment;
  std::vector<CollectiveRow> collective_rows;
  std::vector<BurnResult> burn_results;
  // burn: the suspected outliers and their reference peers measured again
  // (diag/burn_findings.h PlanBurnRetests); empty when nothing was suspect.
  std::vector<BurnResult> burn_retests;
  std::vector<DeviceTelemetry> telemetry;
  std::vector<DcgmResult> dcgm_results;
  std::optional<ClusterMap> topology;  // the fabric map (links, topo)
  std::optional<LinkMatrices> links;   // the all-pairs matrices (links)
  std::vector<NodeInventory> inventory;  // one per host (topo)
  std::vector<std::string> skipped;  // selected combinations the backend cannot run, with the reason
  std::string baseline_file;                // `--baseline FILE` the run was judged against; empty: none
  std::vector<Expectation> expectations;    // the baseline's values for what this run measured
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
// is incomplete; otherwise any "fail" finding gives kFailure (even one that
// names no host); otherwise any
// "error" finding (a measurement that could not be taken) gives
// kCouldNotTest; otherwise pass.
// The hosts of "fail" findings are listed for draining, in finding order,
// unless the check catalog says the check never drains (check_catalog.h).
Verdict DecideVerdict(const std::vector<Finding>& findings, const absl::Status& run_status);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_MODEL_RUN_DOCUMENT_H_

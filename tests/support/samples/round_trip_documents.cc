#include "tests/support/samples/round_trip_documents.h"

#include <cstdint>
#include <limits>
#include <string>

namespace spinecheck::testing {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

DeviceInfo Gpu(int index, int comm_rank) {
  DeviceInfo device;
  device.kind = "cuda";
  device.index = index;
  device.uuid = "GPU-" + std::to_string(1000 + comm_rank);
  device.pci_bus_id = "0000:0" + std::to_string(index) + ":00.0";
  device.model = "NVIDIA H100 80GB HBM3";
  device.memory_bytes = uint64_t{85} << 30;
  device.compute_capability = "9.0";
  device.comm_rank = comm_rank;
  return device;
}

// Ranks 0..3 on node-a, node-b, node-a, node-b: the writer groups them by host.
void FillWorld(RunDocument& document) {
  for (int rank = 0; rank < 4; ++rank) {
    RankInfo info;
    info.rank = rank;
    info.local_rank = rank / 2;
    info.pid = 4000 + rank;
    info.host = rank % 2 == 0 ? "node-a" : "node-b";
    info.devices = {Gpu(2 * info.local_rank, 2 * rank), Gpu(2 * info.local_rank + 1, 2 * rank + 1)};
    info.devices_visible = 8;
    document.ranks.push_back(info);
  }
}

void FillEnvironment(Environment& env) {
  env.mpi_library = "Open MPI v4.1.6, package: Debian OpenMPI";
  env.mpi_standard = "3.1";
  env.backend = "nccl";
  env.build = "cuda=ON nccl=ON (2.28.9)";
  env.backend_reason = "auto: NCCL 2.28.9 built in and a GPU visible on every rank";
  env.nccl_version_build = "2.28.9";
  env.nccl_version_runtime = "2.28.9";
  env.cuda_driver = "13.0";
  env.cuda_runtime = "13.0";
  env.variables = {{"CUDA_VISIBLE_DEVICES", "0,1"}, {"NCCL_DEBUG", "WARN"}, {"OMPI_COMM_WORLD_SIZE", "4"}};
}

PlacementResult Measured(double time_us, double bus_factor) {
  PlacementResult result;
  result.measured = true;
  result.time_us = time_us;
  result.algbw_gbps = 1048576 / time_us / 1e3;
  result.busbw_gbps = result.algbw_gbps * bus_factor;
  result.wrong = 0;
  result.iteration_stats = {20, time_us * 0.9, time_us, time_us * 1.3, time_us * 1.5, time_us + 0.1 + 0.2, 3.75};
  result.slowest_rank = 3;
  result.slowest_host = "node-b";
  result.rank_time_min_us = time_us * 0.95;
  result.rank_time_max_us = time_us * 1.05;
  return result;
}

CollectiveRow Row(std::string collective, uint64_t size_bytes, int root) {
  CollectiveRow row;
  row.collective = std::move(collective);
  row.size_bytes = size_bytes;
  row.count = size_bytes / 4;
  row.type = "float";
  row.redop = root < 0 ? "sum" : "none";
  row.root = root;
  row.ranks = 8;
  row.bus_factor = 2.0 * 7 / 8;
  row.out_of_place = Measured(123.456789, row.bus_factor);
  row.in_place = Measured(119.1, row.bus_factor);
  return row;
}

Expectation BusbwExpectation() {
  Expectation expectation;
  expectation.check = "collective";
  expectation.key = "all_reduce float sum";
  expectation.size_bytes = 1048576;
  expectation.metric = "busbw_gbps";
  expectation.unit = "GB/s";
  expectation.expected = 312.5;
  expectation.low = 300.25;
  expectation.high = 320.0;
  expectation.tolerance = 0.1;
  expectation.platform = "NVIDIA H100 80GB HBM3 x8";
  return expectation;
}

}  // namespace

RunDocument SweepDocument() {
  RunDocument document;
  document.command = "sweep";
  document.argv = {"/usr/bin/spinecheck", "sweep", "-b", "1K", "-e", "1M", "--json", "run.json"};
  document.start_time = "2026-11-22T23:07:58.504Z";
  document.end_time = "2026-11-22T23:08:01.000Z";
  document.state = RunState::kCompleted;
  document.config = {{"minBytes", int64_t{1024}},
                     {"maxBytes", int64_t{1} << 40},
                     {"root", int64_t{-1}},
                     {"step", std::string("2(factor)")},
                     {"timeout_s", 5.0},
                     {"zero", 0.0},
                     {"tiny", 1e-300},
                     {"validation", true},
                     {"blocking", false},
                     {"inject", std::string("")}};
  FillWorld(document);
  FillEnvironment(document.environment);

  CollectiveRow wrong = Row("all_reduce", 1048576, -1);
  wrong.out_of_place.wrong = 12;
  wrong.out_of_place.wrong_by_rank = {{3, 8}, {5, 4}};
  CollectiveRow half = Row("broadcast", 4096, 2);
  half.in_place = PlacementResult{};
  CollectiveRow unchecked = Row("all_gather", 8, -1);
  unchecked.out_of_place.wrong.reset();
  unchecked.in_place.wrong.reset();
  document.collective_rows = {wrong, half, unchecked};
  document.skipped = {"bfloat16: not supported by the mpi backend"};

  document.baseline_file = "baselines/h100.json";
  document.expectations = {BusbwExpectation()};

  Finding integrity;
  integrity.severity = Severity::kFail;
  integrity.check = "collective.data_integrity";
  integrity.component = {ComponentKind::kGpu, "GPU-1003", {"node-b"}};
  integrity.ranks = {3, 5};
  integrity.measured = 8;
  integrity.expected = 0;
  integrity.unit = "elements";
  integrity.evidence = {"all_reduce float sum 1048576 B out-of-place: 8 wrong"};
  integrity.action = "drain node-b and run spinecheck burn on GPU-1003";
  integrity.message = "rank 3 on node-b returned wrong data";
  Finding unmeasured;
  unmeasured.severity = Severity::kError;
  unmeasured.check = "world.arrival";
  unmeasured.component = {ComponentKind::kHost, "node-a", {"node-a"}};
  unmeasured.measured = std::numeric_limits<double>::quiet_NaN();
  unmeasured.expected = std::numeric_limits<double>::infinity();
  unmeasured.unit = "s";
  unmeasured.message = "node-a did not arrive";
  document.findings = {integrity, unmeasured};
  document.verdict = {VerdictStatus::kFail, ExitCode::kFailure, "a health failure was found", {"node-b"}};
  return document;
}

RunDocument BurnDocument() {
  RunDocument document;
  document.command = "burn";
  document.argv = {"spinecheck", "burn"};
  document.start_time = "2026-11-22T23:07:58.504Z";
  document.end_time = "2026-11-22T23:09:58.504Z";
  document.state = RunState::kCompleted;
  document.config = {{"duration_s", 60.0}, {"checks", std::string("gemm,memory,copy")}};
  FillWorld(document);
  FillEnvironment(document.environment);

  BurnResult gemm;
  gemm.check = "gemm";
  gemm.variant = "fp32";
  gemm.rank = 1;
  gemm.host = "node-b";
  gemm.device = Gpu(1, 3);
  gemm.device.memory_bytes = 0;  // burn records carry the short device form
  gemm.device.compute_capability = "";
  gemm.device.comm_rank = -1;
  gemm.status = BurnStatus::kMeasured;
  gemm.seconds = 30.000001;
  gemm.iterations = int64_t{1} << 33;
  gemm.mismatches = 0;
  gemm.checked_elements = 4194304;
  gemm.value = 51.234;
  gemm.unit = "TFLOPS";
  gemm.expected = 60;
  gemm.details = {{"n", 8192}, {"alpha", 0.5}, {"beta", -1}};
  BurnResult copy = gemm;
  copy.check = "copy";
  copy.variant = "h2d";
  copy.mismatches.reset();
  copy.unit = "GB/s";
  copy.details.clear();
  BurnResult skipped = gemm;
  skipped.check = "memory";
  skipped.variant = "";
  skipped.status = BurnStatus::kSkipped;
  skipped.reason = "not enough free memory";
  skipped.mismatches.reset();
  skipped.value = 0;
  document.burn_results = {gemm, copy, skipped};

  DeviceTelemetry full;
  full.rank = 1;
  full.host = "node-b";
  full.device = gemm.device;
  full.available = true;
  full.samples = 60;
  full.temperature_max_c = 83.5;
  full.power_max_w = 699.9;
  full.power_limit_w = 700;
  full.sm_clock_min_mhz = 1755;
  full.sm_clock_max_mhz = 1980;
  full.throttle_reasons_mask = 0x20 | 0x4;
  full.throttle_reasons = {"sw_power_cap", "sw_thermal"};
  full.ecc_corrected_before = 0;
  full.ecc_corrected_after = 3;
  full.ecc_uncorrected_before = 0;
  full.ecc_uncorrected_after = 1;
  full.retired_pages_sbe = 2;
  full.retired_pages_dbe = 1;
  full.retired_pages_pending = true;
  full.remapped_rows_correctable = 4;
  full.remapped_rows_uncorrectable = 0;
  full.remapped_rows_pending = true;
  full.remapped_rows_failure = true;
  full.xid_events = {79, 48, 79};
  full.pcie_gen_current = 4;
  full.pcie_gen_max = 5;
  full.pcie_width_current = 8;
  full.pcie_width_max = 16;
  DeviceTelemetry none;
  none.rank = 0;
  none.host = "node-a";
  none.device.kind = "cpu";
  none.reason = "CPU device";
  document.telemetry = {full, none};

  DcgmResult memory{"node-b", 1, "Hardware", "Memory", DcgmStatus::kFail, {"DBE detected", "page retirement pending"}};
  DcgmResult deployment{"node-a", -1, "Deployment", "Driver", DcgmStatus::kPass, {}};
  document.dcgm_results = {memory, deployment};
  document.verdict = {VerdictStatus::kFail, ExitCode::kFailure, "GPU-1003 failed memory", {"node-b"}};
  return document;
}

RunDocument LinksDocument() {
  RunDocument document;
  document.command = "links";
  document.state = RunState::kCompleted;
  document.config = {{"bandwidth_bytes", int64_t{1} << 26}, {"quick", false}};
  FillWorld(document);
  ClusterMap map;
  map.source = "slurm topology.conf (/etc/slurm/topology.conf)";
  map.hosts = {{"node-a", {"leaf0"}}, {"node-b", {"leaf0", "leaf1"}}, {"node-c", {}}};
  map.switches = {{"leaf0", 0, {"spine0", "spine1"}}, {"leaf1", 0, {"spine0"}}, {"spine0", 1, {}}, {"spine1", 1, {}}};
  map.links = {{"node-a", "leaf0", 400}, {"node-b", "leaf0", 0}, {"leaf0", "spine0", 1600.5}};
  document.topology = map;

  LinkMatrices links;
  links.hosts = {"node-a", "node-b", "node-c"};
  links.bandwidth_bytes = uint64_t{1} << 26;
  links.latency_bytes = 8;
  links.repetitions = 5;
  links.bibw_gbps = {kNaN, 23.456789f, 0.0f, 23.456789f, kNaN, 12345.678f, 0.0f, 12345.678f, kNaN};
  links.latency_us = {kNaN, 1.23456f, 0.00098765f, 1.23456f, kNaN, 999.96f, 0.00098765f, 999.96f, kNaN};
  links.retested = {0, 1, 0, 1, 0, 0, 0, 0, 0};
  links.schedule = "circle";
  links.rounds = 3;
  links.retest_rounds = 1;
  links.unreachable = {"node-d"};
  document.links = links;

  Finding slow;
  slow.severity = Severity::kFail;
  slow.check = "links.bandwidth";
  slow.component = {ComponentKind::kLink, "node-b<->leaf0", {"node-b"}};
  slow.ranks = {1};
  slow.measured = 23.456789;
  slow.expected = 48;
  slow.unit = "GB/s";
  document.findings = {slow};
  document.verdict = {VerdictStatus::kFail, ExitCode::kFailure, "", {"node-b"}};
  return document;
}

RunDocument TopoDocument() {
  RunDocument document;
  document.command = "topo";
  document.state = RunState::kCompleted;
  FillWorld(document);
  document.topology = ClusterMap{};  // "none", nothing known

  NodeInventory rich;
  rich.host = "node-a";
  rich.cpu_model = "AMD EPYC 9654 96-Core Processor";
  rich.sockets = 2;
  rich.cores = 192;
  rich.threads = 384;
  rich.numa_nodes = {{0, uint64_t{768} << 30, "0-95,192-287"}, {1, uint64_t{768} << 30, "96-191,288-383"}};
  InventoryNic ib0{"ib0", false, "0000:3b:00.0", 0, "0c:42:a1:00:00:01", 400000, "up", "mlx5_core", "mlx5_0"};
  InventoryNic veth{"veth1", true, "", -1, "", -1, "unknown", "veth", ""};
  rich.nics = {ib0, veth};
  InventoryIbPort port{1, "ACTIVE", "LinkUp", "400 Gb/sec (4X NDR)", 400, "InfiniBand", 17, "ib0"};
  InventoryIbPort unknown_port{2, "DOWN", "Disabled", "garbled", -1, "Ethernet", -1, ""};
  rich.ib_devices = {{"mlx5_0", {port, unknown_port}, "0000:3b:00.0", 0, "0c42:a103:00b1:2c3e"}};
  rich.gpus = {{0, "NVIDIA H100 80GB HBM3", "GPU-1", "0000:07:00.0", 0, "0-95"},
               {1, "NVIDIA H100 80GB HBM3", "GPU-2", "0000:08:00.0", -1, ""}};
  rich.gpu_links = {{"mlx5_0"}, {"X", "NV18", "NV18", "X"}, {"PIX", "SYS"}, {"X"}};
  rich.gpu_link_source = "nvml";
  rich.warnings = {"/sys/class/net/veth1/speed: Invalid argument"};
  NodeInventory bare;
  bare.host = "node-b";
  bare.gpu_link_source = "unavailable: NVML unavailable: libnvidia-ml.so.1: cannot open shared object file";
  document.inventory = {rich, bare};
  document.verdict = {VerdictStatus::kPass, ExitCode::kPass, "", {}};
  return document;
}

RunDocument ImportDocument() {
  RunDocument document;
  document.command = "import";
  document.source = {"nccl-tests", "2.19.6", "/data/all_reduce.txt"};
  document.state = RunState::kCompleted;
  document.collective_rows = {Row("all_reduce", 1048576, -1)};
  document.baseline_file = "baselines/h100.json";
  Expectation time = BusbwExpectation();
  time.metric = "time_us";
  time.unit = "us";
  document.expectations = {BusbwExpectation(), time};
  document.verdict = {VerdictStatus::kError, ExitCode::kCouldNotTest, "import: no world recorded", {}};
  return document;
}

}  // namespace spinecheck::testing

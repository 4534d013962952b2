#include "tests/support/samples/machine_output_documents.h"

#include <cmath>

#include "reports/model/fabric.h"
#include "tests/support/sample_rows.h"

namespace spinecheck {
namespace {

RankInfo Rank(int rank, const std::string& host, std::vector<DeviceInfo> devices) {
  RankInfo info;
  info.rank = rank;
  info.host = host;
  info.devices = std::move(devices);
  return info;
}

DeviceInfo Gpu(int index, const std::string& uuid) {
  DeviceInfo device;
  device.kind = "cuda";
  device.index = index;
  device.uuid = uuid;
  device.pci_bus_id = "0000:0" + std::to_string(index + 7) + ":00.0";
  device.model = "NVIDIA H100 80GB HBM3";
  device.comm_rank = index;
  return device;
}

PlacementResult Measured(double time_us, double algbw, double busbw, std::optional<int64_t> wrong) {
  PlacementResult result;
  result.measured = true;
  result.time_us = time_us;
  result.algbw_gbps = algbw;
  result.busbw_gbps = busbw;
  result.wrong = wrong;
  return result;
}

BurnResult Burn(const std::string& host, int rank, const DeviceInfo& device, const std::string& check,
                const std::string& variant, double value, const std::string& unit) {
  BurnResult result;
  result.check = check;
  result.variant = variant;
  result.rank = rank;
  result.host = host;
  result.device = device;
  result.status = BurnStatus::kMeasured;
  result.seconds = 2.5;
  result.iterations = 10;
  result.mismatches = 0;
  result.checked_elements = 1000;
  result.value = value;
  result.unit = unit;
  return result;
}

Finding MakeFinding(Severity severity, const std::string& check, Component component,
                    const std::string& message) {
  Finding finding;
  finding.severity = severity;
  finding.check = check;
  finding.component = std::move(component);
  finding.message = message;
  return finding;
}

}  // namespace

RunDocument SampleSweepDocument() {
  RunDocument document;
  document.command = "sweep";
  document.start_time = "2026-11-22T23:34:21.447Z";
  document.end_time = "2026-11-22T23:34:31.947Z";
  document.state = RunState::kCompleted;
  document.ranks = {Rank(0, "node01", {}), Rank(1, kOddHost, {})};
  CollectiveRow small = FloatAllReduceRow(1024, 2);
  small.out_of_place = Measured(1.5, 0.6826666666666666, 0.6826666666666666, 0);
  small.in_place = Measured(1.25, 0.8192, 0.8192, 0);
  CollectiveRow large = FloatAllReduceRow(1048576, 2);
  large.out_of_place = Measured(100, 10.48576, 10.48576, 7);
  large.out_of_place.wrong_by_rank = {{1, 7}};
  large.in_place = Measured(98, 10.7, 10.7, 0);
  CollectiveRow gather = FloatAllReduceRow(1048576, 2);
  gather.collective = "all_gather";
  gather.redop = "none";
  gather.out_of_place = Measured(50, 20.97152, 10.48576, std::nullopt);
  document.collective_rows = {small, large, gather};
  Finding corrupt = MakeFinding(Severity::kFail, "collective.data_integrity", {ComponentKind::kHost, kOddHost, {kOddHost}},
                                "rank 1 on odd\"<&\nhost received 7 wrong elements in 1 checked calls (row and placement)");
  corrupt.ranks = {1};
  corrupt.measured = 7;
  corrupt.expected = 0;
  corrupt.unit = "wrong elements";
  corrupt.evidence = {"all_reduce float sum 1048576 B out-of-place: 7 wrong elements"};
  corrupt.action = "drain the host";
  document.findings = {corrupt};
  document.verdict = {VerdictStatus::kFail, ExitCode::kFailure, "1 host(s) blamed", {kOddHost}};
  return document;
}

RunDocument SampleBurnDocument() {
  RunDocument document;
  document.command = "burn";
  document.start_time = "2026-11-23T01:00:00.000Z";
  document.end_time = "2026-11-23T01:01:00.000Z";
  document.state = RunState::kCompleted;
  const DeviceInfo a0 = Gpu(0, "GPU-aaaa0000");
  const DeviceInfo a1 = Gpu(1, "GPU-aaaa1111");
  const DeviceInfo a2 = Gpu(2, "GPU-aaaa2222");
  const DeviceInfo b0 = Gpu(0, "GPU-bbbb0000");
  document.ranks = {Rank(0, "node01", {a0, a1, a2}), Rank(1, "node02", {b0})};

  BurnResult skipped_fp8 = Burn("node01", 0, a0, "gemm", "fp8", 0, "TFLOPS");
  skipped_fp8.status = BurnStatus::kSkipped;
  skipped_fp8.reason = "fp8 needs compute capability 8.9";
  skipped_fp8.mismatches.reset();
  skipped_fp8.seconds = 0;
  BurnResult mismatch = Burn("node01", 0, a1, "gemm", "fp32", 48.5, "TFLOPS");
  mismatch.mismatches = 12;
  BurnResult copy_skipped = Burn("node01", 0, a2, "copy", "d2d:2->3", 0, "GB/s");
  copy_skipped.status = BurnStatus::kSkipped;
  copy_skipped.reason = "no peer device";
  copy_skipped.mismatches.reset();
  copy_skipped.seconds = 0;
  BurnResult memory_error = Burn("node02", 1, b0, "memory", "", 0, "GB/s");
  memory_error.status = BurnStatus::kError;
  memory_error.reason = "cudaMalloc: out of memory";
  memory_error.mismatches.reset();
  memory_error.seconds = 0;
  document.burn_results = {Burn("node01", 0, a0, "gemm", "fp32", 51.25, "TFLOPS"), skipped_fp8, mismatch,
                           Burn("node01", 0, a2, "gemm", "fp32", 20, "TFLOPS"), copy_skipped, memory_error};

  DeviceTelemetry healthy;
  healthy.rank = 0;
  healthy.host = "node01";
  healthy.device = a0;
  healthy.available = true;
  healthy.samples = 60;
  healthy.temperature_max_c = 71;
  healthy.power_max_w = 690.5;
  healthy.power_limit_w = 700;
  healthy.sm_clock_min_mhz = 1755;
  healthy.sm_clock_max_mhz = 1980;
  healthy.ecc_uncorrected_before = 0;
  healthy.ecc_uncorrected_after = 0;
  healthy.pcie_gen_current = 5;
  healthy.pcie_width_current = 16;
  DeviceTelemetry missing;
  missing.rank = 1;
  missing.host = "node02";
  missing.device = b0;
  missing.reason = "libnvidia-ml.so.1 not found";
  document.telemetry = {healthy, missing};

  Finding failed = MakeFinding(Severity::kFail, "burn.gemm.mismatch", {ComponentKind::kGpu, "GPU-aaaa1111", {"node01"}},
                               "node01 rank 0 gpu1 GPU-aaaa1111 0000:08:00.0: 12 mismatching elements in gemm");
  failed.measured = 12;
  failed.unit = "elements";
  failed.evidence = {"gemm fp32: 12 of 1000 elements differ from the reference"};
  failed.subjects.variants = {"fp32"};
  failed.action = "drain the node and run the vendor diagnostics on this GPU";
  Finding warned = MakeFinding(Severity::kWarn, "burn.gemm.below_expected", {ComponentKind::kGpu, "GPU-aaaa2222", {"node01"}},
                               "node01 gpu2 GPU-aaaa2222: gemm fp32 20 TFLOPS, below half of 51.2");
  warned.measured = 20;
  warned.expected = 51.2;
  warned.unit = "TFLOPS";
  warned.evidence = {"gemm fp32: 20 TFLOPS"};
  warned.subjects.variants = {"fp32"};
  Finding errored = MakeFinding(Severity::kError, "burn.memory.error", {ComponentKind::kGpu, "GPU-bbbb0000", {"node02"}},
                                "node02 rank 1 gpu0 GPU-bbbb0000: memory could not run: cudaMalloc: out of memory");
  document.findings = {failed, warned, errored};
  document.verdict = {VerdictStatus::kFail, ExitCode::kFailure, "1 host(s) blamed", {"node01"}};
  return document;
}

RunDocument SampleLinksDocument() {
  RunDocument document;
  document.command = "links";
  document.start_time = "2026-11-23T02:00:00.000Z";
  document.end_time = "2026-11-23T02:00:30.500Z";
  document.state = RunState::kCompleted;
  const std::vector<std::string> hosts = {"node01", "node02", "node03", "node04"};
  for (int r = 0; r < 4; ++r) document.ranks.push_back(Rank(r, hosts[r], {}));

  ClusterMap map;
  map.source = "csv (fabric.csv)";
  map.hosts = {{"node01", {"leaf0"}}, {"node02", {"leaf0"}}, {"node03", {"leaf1"}}, {"node04", {"leaf1"}}};
  map.switches = {{"leaf0", 0, {"spine0"}}, {"leaf1", 0, {"spine0"}}, {"spine0", 1, {}}};
  map.links = {{"node01", "leaf0", 0},  {"node02", "leaf0", 0},  {"node03", "leaf1", 0},
               {"node04", "leaf1", 0},  {"leaf0", "spine0", 0},  {"leaf1", "spine0", 0}};
  document.topology = map;

  LinkMatrices links;
  links.hosts = hosts;
  links.bandwidth_bytes = 1 << 24;
  links.latency_bytes = 8;
  links.repetitions = 3;
  links.schedule = "circle";
  links.rounds = 3;
  const float nan = LinkMatrices::kMissing;
  // node01 node02 node03 node04; cross-leaf pairs slow (through leaf1<->spine0).
  links.bibw_gbps = {nan, 24.0f, 6.0f, 6.5f,  //
                     24.0f, nan, 6.25f, nan,  //
                     6.0f, 6.25f, nan, 23.5f,  //
                     6.5f, nan, 23.5f, nan};
  links.latency_us = {nan, 3.5f, 5.0f, 5.25f,  //
                      3.5f, nan, 5.0f, nan,  //
                      5.0f, 5.0f, nan, 3.75f,  //
                      5.25f, nan, 3.75f, nan};
  links.retested = std::vector<uint8_t>(16, 0);
  document.links = links;

  Finding uplink = MakeFinding(Severity::kFail, "links.slow_uplink", {ComponentKind::kLink, "leaf1<->spine0", {"node03", "node04"}},
                               "uplink leaf1<->spine0 (slow): 3 of 3 pairs slow, median 6.25 GB/s against 24 expected");
  uplink.measured = 6.25;
  uplink.expected = 24;
  uplink.unit = "GB/s";
  uplink.evidence = {"node01<->node03 6 GB/s (expected 24)", "node02<->node03 6.25 GB/s (expected 24)",
                     "node01<->node04 6.5 GB/s (expected 24)", "votes: 3 of 3 pairs through leaf1<->spine0 slow; confidence 1.00"};
  uplink.subjects.pairs = {{"node01", "node03"}, {"node02", "node03"}, {"node01", "node04"}};
  uplink.action = "check the cables and ports between leaf1 and spine0";
  Finding unexplained = MakeFinding(Severity::kWarn, "links.high_latency_unexplained", {ComponentKind::kLink, "pairs", {"node01", "node02"}},
                                    "1 pair with high latency that no component explains");
  unexplained.evidence = {"node01<->node02 3.5 us (expected 2)"};
  unexplained.subjects.pairs = {{"node01", "node02"}};
  document.findings = {uplink, unexplained};
  document.verdict = {VerdictStatus::kFail, ExitCode::kFailure, "2 host(s) blamed", {"node03", "node04"}};
  return document;
}

std::vector<RunDocument> SampleDocuments() {
  return {SampleSweepDocument(), SampleBurnDocument(), SampleLinksDocument()};
}

}  // namespace spinecheck

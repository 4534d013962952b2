#include "tests/support/samples/report_documents.h"

#include <cmath>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace spinecheck {
namespace {

const std::vector<std::string>& RankHosts() {
  static const std::vector<std::string> kHosts = {"node01", "node03", "node02", "node04", "node05", kHostileHost};
  return kHosts;
}

std::string Uuid(int host, int index) {
  return absl::StrFormat("GPU-%08d-%04d-4000-8000-000000000000", host, index);
}

DeviceInfo Gpu(int host, int index) {
  DeviceInfo device;
  device.kind = "cuda";
  device.index = index;
  device.uuid = Uuid(host, index);
  device.pci_bus_id = absl::StrFormat("0000:%02x:00.0", 0x18 + 0x20 * index);
  device.model = "NVIDIA H100 80GB HBM3";
  device.memory_bytes = uint64_t{85520809984};
  device.compute_capability = "9.0";
  return device;
}

// One rank per host for node01..node05 (host number = position in the name).
std::vector<RankInfo> FiveHostRanks(bool with_gpus) {
  std::vector<RankInfo> ranks;
  for (int h = 1; h <= 5; ++h) {
    RankInfo rank;
    rank.rank = h - 1;
    rank.pid = 4000 + h;
    rank.host = absl::StrFormat("node%02d", h);
    if (with_gpus) {
      for (int index = 0; index < 2; ++index) {
        rank.devices.push_back(Gpu(h, index));
        rank.devices.back().comm_rank = 2 * (h - 1) + index;
      }
      rank.devices_visible = 2;
    }
    ranks.push_back(rank);
  }
  return ranks;
}

Environment SampleEnvironment() {
  Environment env;
  env.mpi_library = "Open MPI v4.1.4, package: Debian OpenMPI, ident: 4.1.4";
  env.mpi_standard = "3.1";
  env.backend = "nccl";
  env.build = "cuda=ON nccl=ON (2.28.9)";
  env.nccl_version_build = "2.28.9";
  env.nccl_version_runtime = "2.28.9";
  env.cuda_driver = "13.0";
  env.cuda_runtime = "13.0";
  return env;
}

ClusterMap SampleMap() {
  ClusterMap map;
  map.source = "slurm topology.conf (/etc/slurm/topology.conf)";
  const std::vector<std::pair<std::string, std::string>> hosts = {
      {"node01", "leaf00"}, {"node02", "leaf00"}, {"node05", "leaf00"},
      {"node03", "leaf01"}, {"node04", "leaf01"}, {kHostileHost, "leaf01"}};
  for (const auto& [host, leaf] : hosts) {
    map.hosts.push_back(FabricHost{host, {leaf}});
    map.links.push_back(FabricLink{host, leaf, 400});
  }
  map.switches = {FabricSwitch{"leaf00", 0, {"spine00"}}, FabricSwitch{"leaf01", 0, {"spine00"}},
                  FabricSwitch{"spine00", 1, {}}};
  map.links.push_back(FabricLink{"leaf00", "spine00", 1600});
  map.links.push_back(FabricLink{"leaf01", "spine00", 1600});
  return map;
}

}  // namespace

RunDocument SampleSweepDocument() {
  RunDocument document;
  document.command = "sweep";
  document.start_time = "2026-11-22T23:00:00.000Z";
  document.end_time = "2026-11-22T23:01:00.000Z";
  document.state = RunState::kCompleted;
  document.ranks = FiveHostRanks(true);
  document.environment = SampleEnvironment();
  document.baseline_file = "baselines/h100x2.json";
  for (uint64_t size = 8; size <= (uint64_t{16} << 20); size *= 8) {
    CollectiveRow row;
    row.collective = "all_reduce";
    row.size_bytes = size;
    row.count = size / 4;
    row.type = "float";
    row.redop = "sum";
    row.ranks = 10;
    row.bus_factor = 1.8;
    // A saturating curve: small messages are latency bound.
    const double busbw = 180.0 * static_cast<double>(size) / (static_cast<double>(size) + 262144.0);
    for (PlacementResult* placement : {&row.out_of_place, &row.in_place}) {
      placement->measured = true;
      placement->busbw_gbps = busbw;
      placement->algbw_gbps = busbw / row.bus_factor;
      placement->time_us = static_cast<double>(size) / (placement->algbw_gbps * 1e3);
      placement->wrong = 0;
    }
    document.collective_rows.push_back(row);
    Expectation expectation;
    expectation.check = "collective";
    expectation.key = "all_reduce float sum";
    expectation.size_bytes = size;
    expectation.metric = "busbw_gbps";
    expectation.unit = "GB/s";
    expectation.expected = busbw * 1.05;
    expectation.low = busbw * 0.95;
    expectation.high = busbw * 1.12;
    expectation.tolerance = 0.1;
    expectation.platform = "NVIDIA H100 80GB HBM3 x2";
    document.expectations.push_back(expectation);
  }
  document.verdict = DecideVerdict(document.findings, absl::OkStatus());
  return document;
}

RunDocument SampleBurnDocument() {
  RunDocument document;
  document.command = "burn";
  document.start_time = "2026-11-22T23:10:00.000Z";
  document.end_time = "2026-11-22T23:20:00.000Z";
  document.state = RunState::kCompleted;
  document.ranks = FiveHostRanks(true);
  document.environment = SampleEnvironment();
  for (const RankInfo& rank : document.ranks) {
    for (const DeviceInfo& device : rank.devices) {
      const bool corrupt = device.uuid == kCorruptGpuUuid;
      BurnResult result;
      result.check = "gemm";
      result.variant = "fp32";
      result.rank = rank.rank;
      result.host = rank.host;
      result.device = device;
      result.status = BurnStatus::kMeasured;
      result.seconds = 30;
      result.iterations = 4000;
      result.mismatches = corrupt ? 12 : 0;
      result.checked_elements = 4000 * 4096;
      result.value = 48.5 + 0.25 * device.index;
      result.unit = "TFLOPS";
      result.expected = 51.2;
      document.burn_results.push_back(result);

      DeviceTelemetry telemetry;
      telemetry.rank = rank.rank;
      telemetry.host = rank.host;
      telemetry.device = device;
      telemetry.available = true;
      telemetry.samples = 30;
      telemetry.temperature_max_c = corrupt ? 83 : 71;
      telemetry.power_max_w = 690;
      telemetry.power_limit_w = 700;
      telemetry.sm_clock_min_mhz = 1755;
      telemetry.sm_clock_max_mhz = 1980;
      telemetry.ecc_corrected_before = 0;
      telemetry.ecc_corrected_after = corrupt ? 3 : 0;
      telemetry.ecc_uncorrected_before = 0;
      telemetry.ecc_uncorrected_after = 0;
      if (corrupt) {
        telemetry.xid_events = {79};
        telemetry.throttle_reasons = {"sw_thermal"};
      }
      telemetry.pcie_gen_current = 5;
      telemetry.pcie_gen_max = 5;
      telemetry.pcie_width_current = 16;
      telemetry.pcie_width_max = 16;
      document.telemetry.push_back(telemetry);
    }
  }
  Finding finding;
  finding.severity = Severity::kFail;
  finding.check = "burn.gemm.mismatch";
  finding.component = Component{ComponentKind::kGpu, kCorruptGpuUuid, {"node02"}};
  finding.ranks = {1};
  finding.measured = 12;
  finding.expected = 0;
  finding.unit = "mismatching elements";
  finding.evidence = {"gemm fp32: 12 mismatching elements of 16384000"};
  finding.subjects.variants = {"fp32"};
  finding.action = "drain node02 and replace GPU 1 (0000:38:00.0); rerun burn to confirm";
  finding.message = absl::StrCat("node02 rank 1 GPU 1 ", kCorruptGpuUuid, " (0000:38:00.0): 12 wrong GEMM elements | fp32");
  document.findings.push_back(finding);
  document.verdict = DecideVerdict(document.findings, absl::OkStatus());
  return document;
}

RunDocument SampleLinksDocument() {
  RunDocument document;
  document.command = "links";
  document.start_time = "2026-11-22T23:30:00.000Z";
  document.end_time = "2026-11-22T23:31:00.000Z";
  document.state = RunState::kCompleted;
  for (size_t i = 0; i < RankHosts().size(); ++i) {
    RankInfo rank;
    rank.rank = static_cast<int>(i);
    rank.pid = 5000 + static_cast<int>(i);
    rank.host = RankHosts()[i];
    document.ranks.push_back(rank);
  }
  document.environment = SampleEnvironment();
  document.topology = SampleMap();
  LinkMatrices links;
  links.hosts = RankHosts();
  links.bandwidth_bytes = uint64_t{64} << 20;
  links.latency_bytes = 8;
  links.repetitions = 5;
  links.schedule = "circle";
  links.rounds = 5;
  links.retest_rounds = 1;
  auto leaf_of = [&](const std::string& host) {
    for (const FabricHost& fabric_host : document.topology->hosts) {
      if (fabric_host.name == host) return fabric_host.switches.front();
    }
    return std::string();
  };
  const size_t n = links.hosts.size();
  links.bibw_gbps.assign(n * n, LinkMatrices::kMissing);
  links.latency_us.assign(n * n, LinkMatrices::kMissing);
  links.retested.assign(n * n, 0);
  Finding uplink;
  uplink.severity = Severity::kFail;
  uplink.check = "links.slow_uplink";
  uplink.component = Component{ComponentKind::kLink, "leaf01<->spine00", {"node03", "node04", kHostileHost}};
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const bool crosses = leaf_of(links.hosts[i]) != leaf_of(links.hosts[j]);
      links.bibw_gbps[i * n + j] = crosses ? 11.5f + 0.1f * static_cast<float>(i + j) : 46.0f;
      links.latency_us[i * n + j] = crosses ? 4.5f : 2.1f;
      const bool node01 = links.hosts[i] == "node01" || links.hosts[j] == "node01";
      if (node01) links.latency_us[i * n + j] += 3.0f;
      if (crosses && i < j && uplink.evidence.size() < 8) {
        uplink.evidence.push_back(absl::StrFormat("%s<->%s %.4g GB/s (expected 46)", links.hosts[i], links.hosts[j],
                                                  links.bibw_gbps[i * n + j]));
        uplink.subjects.pairs.push_back({links.hosts[i], links.hosts[j]});
      }
    }
  }
  uplink.evidence.push_back("votes: 9 of 9 pairs through leaf01<->spine00 slow; confidence 1.00");
  uplink.measured = 11.9;
  uplink.expected = 46;
  uplink.unit = "GB/s";
  uplink.action = "inspect the cable and ports of leaf01<->spine00";
  uplink.message = "pairs through leaf01<->spine00 reach 11.9 GB/s of 46 expected; leaf01's own pairs are healthy";
  Finding latency;
  latency.severity = Severity::kWarn;
  latency.check = "links.high_latency_host";
  latency.component = Component{ComponentKind::kHost, "node01", {"node01"}};
  latency.measured = 5.1;
  latency.expected = 2.1;
  latency.unit = "us";
  latency.action = "check node01's NIC settings (interrupt moderation, firmware)";
  latency.message = "node01 answers 3 us slower than its peers";
  document.findings = {uplink, latency};
  document.links = links;
  document.verdict = DecideVerdict(document.findings, absl::OkStatus());
  return document;
}

RunDocument SampleTopoDocument() {
  RunDocument document;
  document.command = "topo";
  document.start_time = "2026-11-22T23:40:00.000Z";
  document.end_time = "2026-11-22T23:40:05.000Z";
  document.state = RunState::kCompleted;
  document.ranks = FiveHostRanks(false);
  document.environment = SampleEnvironment();
  document.topology = SampleMap();
  for (int h = 1; h <= 5; ++h) {
    NodeInventory node;
    node.host = absl::StrFormat("node%02d", h);
    node.cpu_model = "AMD EPYC 9654 96-Core Processor";
    node.sockets = 2;
    node.cores = 192;
    node.threads = 384;
    InventoryIbDevice ib;
    ib.name = "mlx5_0";
    InventoryIbPort port;
    port.port = 1;
    port.state = "ACTIVE";
    port.phys_state = "LinkUp";
    port.rate_gbps = h == 4 ? 200 : 400;
    port.rate = h == 4 ? "200 Gb/sec (4X HDR)" : "400 Gb/sec (4X NDR)";
    port.link_layer = "InfiniBand";
    ib.ports.push_back(port);
    node.ib_devices.push_back(ib);
    for (int index = 0; index < 2; ++index) {
      const DeviceInfo gpu = Gpu(h, index);
      node.gpus.push_back(InventoryGpu{index, gpu.model, gpu.uuid, gpu.pci_bus_id, index, ""});
    }
    node.gpu_link_source = "nvml";
    document.inventory.push_back(node);
  }
  document.verdict = DecideVerdict(document.findings, absl::OkStatus());
  return document;
}

std::vector<RunDocument> SampleDocuments() {
  return {SampleSweepDocument(), SampleBurnDocument(), SampleLinksDocument(), SampleTopoDocument()};
}

}  // namespace spinecheck

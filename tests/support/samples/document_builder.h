// Result documents built in code for the baseline and history tests: a world
// of hosts with GPUs, an inventory with their NIC, all_reduce rows that follow
// a latency + bandwidth curve, burn results and link matrices.
#ifndef SPINECHECK_TESTS_SUPPORT_SAMPLES_DOCUMENT_BUILDER_H_
#define SPINECHECK_TESTS_SUPPORT_SAMPLES_DOCUMENT_BUILDER_H_

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "reports/model/run_document.h"
#include "tests/support/sample_rows.h"

namespace spinecheck {

struct SampleWorld {
  int hosts = 2;
  int gpus_per_host = 8;
  std::string model = "NVIDIA H100 80GB HBM3";
  bool inventory = true;  // an inventory per host with one mlx5 400 Gb/s port
};

inline std::string SampleHost(int host) { return absl::StrFormat("node%02d", host + 1); }
inline std::string SampleGpuUuid(int host, int gpu) {
  return absl::StrFormat("GPU-%08d-0000-0000-0000-%012d", host + 1, gpu);
}

// A completed, passing document of `command` started at `start_time`, one
// rank per GPU (rank = host * gpus_per_host + gpu).
inline RunDocument SampleDocument(const SampleWorld& world, const std::string& start_time,
                                  const std::string& command = "sweep") {
  RunDocument document;
  document.command = command;
  document.start_time = start_time;
  document.end_time = start_time;
  document.state = RunState::kCompleted;
  document.argv = {"spinecheck", command};
  document.config = {{"minBytes", int64_t{8}}, {"maxBytes", int64_t{1} << 30}};
  for (int host = 0; host < world.hosts; ++host) {
    for (int gpu = 0; gpu < world.gpus_per_host; ++gpu) {
      RankInfo rank;
      rank.rank = host * world.gpus_per_host + gpu;
      rank.local_rank = gpu;
      rank.host = SampleHost(host);
      DeviceInfo device;
      device.kind = "cuda";
      device.index = gpu;
      device.uuid = SampleGpuUuid(host, gpu);
      device.pci_bus_id = absl::StrFormat("0000:%02x:00.0", 0x10 + gpu);
      device.model = world.model;
      device.comm_rank = rank.rank;
      rank.devices.push_back(device);
      document.ranks.push_back(rank);
    }
    if (world.inventory) {
      NodeInventory node;
      node.host = SampleHost(host);
      InventoryIbDevice ib;
      ib.name = "mlx5_0";
      ib.ports.push_back(InventoryIbPort{1, "ACTIVE", "LinkUp", "400 Gb/sec (4X NDR)", 400, "InfiniBand", 7, "ib0"});
      node.ib_devices.push_back(ib);
      document.inventory.push_back(node);
    }
  }
  document.verdict.status = VerdictStatus::kPass;
  document.verdict.reason = "all measurements completed; nothing blamed";
  return document;
}

inline int SampleRanks(const RunDocument& document) { return static_cast<int>(document.ranks.size()); }

// Sizes 8 B to 1 GiB in steps of x8 (10 sizes).
inline std::vector<uint64_t> SampleSizes() {
  std::vector<uint64_t> sizes;
  for (uint64_t size = 8; size <= (uint64_t{1} << 30); size *= 8) sizes.push_back(size);
  return sizes;
}

// One all_reduce float sum row per size, out-of-place measured: time_us =
// latency_us + size / peak algbw, so busbw reaches its plateau (about
// `peak_busbw_gbps`) above a few tens of MiB. `scale` multiplies the
// bandwidth (0.8: 20 % slower); `latency_scale` the latency term.
inline void AddAllReduceRows(RunDocument& document, double scale = 1.0, double latency_scale = 1.0,
                             double peak_busbw_gbps = 360.0, double latency_us = 20.0) {
  const int ranks = SampleRanks(document);
  for (uint64_t size : SampleSizes()) {
    CollectiveRow row = FloatAllReduceRow(size, ranks);
    const double peak_algbw = peak_busbw_gbps * scale / row.bus_factor;
    PlacementResult& placement = row.out_of_place;
    placement.measured = true;
    placement.time_us = latency_us * latency_scale + static_cast<double>(size) / (peak_algbw * 1e3);
    placement.algbw_gbps = static_cast<double>(size) / (placement.time_us * 1e3);
    placement.busbw_gbps = placement.algbw_gbps * row.bus_factor;
    placement.wrong = 0;
    placement.slowest_rank = 0;
    placement.slowest_host = SampleHost(0);
    placement.rank_time_min_us = placement.time_us * 0.99;
    placement.rank_time_max_us = placement.time_us;
    document.collective_rows.push_back(row);
  }
}

// A measured "gemm fp32" result per GPU of `tflops`, or of the value given
// for its UUID in `by_uuid`.
inline void AddGemmResults(RunDocument& document, double tflops, const std::map<std::string, double>& by_uuid = {}) {
  for (const RankInfo& rank : document.ranks) {
    for (const DeviceInfo& device : rank.devices) {
      BurnResult result;
      result.check = "gemm";
      result.variant = "fp32";
      result.rank = rank.rank;
      result.host = rank.host;
      result.device = device;
      result.status = BurnStatus::kMeasured;
      result.iterations = 100;
      const auto it = by_uuid.find(device.uuid);
      result.value = it == by_uuid.end() ? tflops : it->second;
      result.unit = "TFLOPS";
      document.burn_results.push_back(result);
    }
  }
}

// All-pairs matrices over the document's hosts: `gbps` and `latency_us` per
// pair, with every pair of `slow_host` at `slow_factor` × gbps.
inline void AddLinks(RunDocument& document, double gbps, double latency_us, const std::string& slow_host = "",
                     double slow_factor = 1.0) {
  LinkMatrices links;
  for (const auto& [host, ranks] : RanksByHost(document.ranks)) links.hosts.push_back(host);
  const size_t n = links.hosts.size();
  links.bibw_gbps.assign(n * n, LinkMatrices::kMissing);
  links.latency_us.assign(n * n, LinkMatrices::kMissing);
  links.retested.assign(n * n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const bool slow = links.hosts[i] == slow_host || links.hosts[j] == slow_host;
      links.bibw_gbps[i * n + j] = static_cast<float>(slow ? gbps * slow_factor : gbps);
      links.latency_us[i * n + j] = static_cast<float>(latency_us);
    }
  }
  links.schedule = "circle";
  document.links = links;
}

}  // namespace spinecheck

#endif  // SPINECHECK_TESTS_SUPPORT_SAMPLES_DOCUMENT_BUILDER_H_

#include "reports/writers/prometheus_textfile.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "reports/writers/document_views.h"
#include "reports/writers/output_file.h"
#include "reports/writers/prometheus_exposition.h"

namespace spinecheck {
namespace {

constexpr char kGauge[] = "gauge";

void DeclareFamilies(PromExposition& out) {
  out.Declare("spinecheck_run_exit_code", kGauge,
              "Exit code of the latest run: 0 pass, 1 fail, 2 usage, 3 could not test, 4 timeout.");
  out.Declare("spinecheck_run_timestamp_seconds", kGauge, "Start time of the latest run, seconds since the Unix epoch.");
  out.Declare("spinecheck_run_duration_seconds", kGauge, "Wall time of the latest run, seconds.");
  out.Declare("spinecheck_run_findings", kGauge, "Findings of the latest run, by severity.");
  out.Declare("spinecheck_node_status", kGauge,
              "Node verdict over the runs: 0 pass, 1 blamed by a fail finding, 3 could not test.");
  out.Declare("spinecheck_node_findings", kGauge, "Findings that concern the node, by severity.");
  out.Declare("spinecheck_node_link_bandwidth_min_bytes_per_second", kGauge,
              "Lowest bidirectional bandwidth of the node's measured link pairs, bytes per second.");
  out.Declare("spinecheck_node_link_bandwidth_median_bytes_per_second", kGauge,
              "Median bidirectional bandwidth of the node's measured link pairs, bytes per second.");
  out.Declare("spinecheck_node_link_latency_median_seconds", kGauge,
              "Median one-way latency of the node's measured link pairs, seconds.");
  out.Declare("spinecheck_node_link_pairs", kGauge, "Link pairs of the node that were measured.");
  out.Declare("spinecheck_collective_busbw_bytes_per_second", kGauge,
              "Bus bandwidth at the largest measured size, bytes per second.");
  out.Declare("spinecheck_collective_algbw_bytes_per_second", kGauge,
              "Algorithm bandwidth at the largest measured size, bytes per second.");
  out.Declare("spinecheck_collective_time_seconds", kGauge, "Time per call at the largest measured size, seconds.");
  out.Declare("spinecheck_collective_size_bytes", kGauge, "The largest measured size (the plateau), bytes.");
  out.Declare("spinecheck_collective_wrong_elements", kGauge, "Wrong output elements over every checked size.");
  for (const char* kind : {"gpu", "cpu"}) {
    const std::string prefix = absl::StrCat("spinecheck_", kind, "_");
    out.Declare(prefix + "status", kGauge, "Device verdict: 0 pass, 1 blamed by a fail finding, 3 could not test.");
    out.Declare(prefix + "gemm_flops", kGauge, "GEMM throughput of the burn (median window), floating-point operations per second.");
    out.Declare(prefix + "memory_bandwidth_bytes_per_second", kGauge, "Memory test bandwidth of the burn, bytes per second.");
    out.Declare(prefix + "copy_bandwidth_bytes_per_second", kGauge, "Copy bandwidth of the burn, bytes per second.");
    out.Declare(prefix + "mismatched_elements", kGauge, "Elements that differed from the reference in a burn check.");
  }
  out.Declare("spinecheck_gpu_temperature_max_celsius", kGauge, "Highest GPU temperature during the burn, degrees Celsius.");
  out.Declare("spinecheck_gpu_power_max_watts", kGauge, "Highest GPU power draw during the burn, watts.");
  out.Declare("spinecheck_gpu_sm_clock_min_hertz", kGauge, "Lowest SM clock under load during the burn, hertz.");
  out.Declare("spinecheck_gpu_xid_events", kGauge, "XID events reported during the burn.");
  out.Declare("spinecheck_gpu_ecc_uncorrected_errors", kGauge, "Uncorrected ECC errors that appeared during the burn.");
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

bool FindingConcernsHost(const Finding& finding, const std::string& host) {
  if (finding.component.kind == ComponentKind::kHost && finding.component.id == host) return true;
  return std::find(finding.component.hosts.begin(), finding.component.hosts.end(), host) !=
         finding.component.hosts.end();
}

// 0 pass, 1 a fail finding, 3 an error finding (could not test).
int StatusOf(const std::vector<const Finding*>& findings) {
  const std::string worst = WorstSeverity(findings);
  return worst == "fail" ? 1 : worst == "error" ? 3 : 0;
}

void AddRun(const RunDocument& document, PromExposition& out) {
  const PromLabels labels = {{"producer", document.source.producer}, {"command", document.command}};
  if (!out.AddSample("spinecheck_run_exit_code", labels, static_cast<int>(document.verdict.exit_code))) return;
  if (std::optional<double> start = UnixSeconds(document.start_time)) {
    out.AddSample("spinecheck_run_timestamp_seconds", labels, *start);
  }
  out.AddSample("spinecheck_run_duration_seconds", labels, RunDurationSeconds(document));
  for (const char* severity : {"fail", "error", "warn"}) {
    PromLabels with_severity = labels;
    with_severity.emplace_back("severity", severity);
    const auto count = std::count_if(document.findings.begin(), document.findings.end(),
                                     [&](const Finding& finding) { return SeverityName(finding.severity) == severity; });
    out.AddSample("spinecheck_run_findings", with_severity, static_cast<double>(count));
  }
}

// Per-host aggregates of the link matrices; never one series per pair.
void AddLinkAggregates(const RunDocument& document, PromExposition& out) {
  if (!document.links) return;
  const LinkMatrices& links = *document.links;
  const size_t n = links.size();
  if (links.bibw_gbps.size() != n * n || links.latency_us.size() != n * n) return;
  for (size_t i = 0; i < n; ++i) {
    std::vector<double> bandwidth, latency;
    for (size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      if (!std::isnan(links.bibw(i, j))) bandwidth.push_back(links.bibw(i, j) * 1e9);
      if (!std::isnan(links.latency(i, j))) latency.push_back(links.latency(i, j) / 1e6);
    }
    const PromLabels labels = {{"host", links.hosts[i]}};
    if (!out.AddSample("spinecheck_node_link_pairs", labels, static_cast<double>(bandwidth.size()))) continue;
    if (!bandwidth.empty()) {
      out.AddSample("spinecheck_node_link_bandwidth_min_bytes_per_second", labels,
                    *std::min_element(bandwidth.begin(), bandwidth.end()));
      out.AddSample("spinecheck_node_link_bandwidth_median_bytes_per_second", labels, Median(bandwidth));
    }
    if (!latency.empty()) out.AddSample("spinecheck_node_link_latency_median_seconds", labels, Median(latency));
  }
}

void AddCollectives(const RunDocument& document, PromExposition& out) {
  using Key = std::tuple<std::string, std::string, std::string, std::string>;  // collective, type, redop, placement
  struct Plateau {
    uint64_t size_bytes = 0;
    const PlacementResult* result = nullptr;  // lowest busbw over the roots at size_bytes
    std::optional<int64_t> wrong;             // summed over every checked row
  };
  std::map<Key, Plateau> plateaus;
  std::vector<Key> order;
  for (const CollectiveRow& row : document.collective_rows) {
    for (const auto& [placement, result] : {std::pair<const char*, const PlacementResult*>{"out_of_place", &row.out_of_place},
                                            {"in_place", &row.in_place}}) {
      if (!result->measured) continue;
      const Key key{row.collective, row.type, row.redop, placement};
      auto [it, inserted] = plateaus.try_emplace(key);
      if (inserted) order.push_back(key);
      Plateau& plateau = it->second;
      if (plateau.result == nullptr || row.size_bytes > plateau.size_bytes ||
          (row.size_bytes == plateau.size_bytes && result->busbw_gbps < plateau.result->busbw_gbps)) {
        plateau.size_bytes = row.size_bytes;
        plateau.result = result;
      }
      if (result->wrong) plateau.wrong = plateau.wrong.value_or(0) + *result->wrong;
    }
  }
  for (const Key& key : order) {
    const Plateau& plateau = plateaus.at(key);
    const PromLabels labels = {{"producer", document.source.producer}, {"collective", std::get<0>(key)},
                               {"type", std::get<1>(key)}, {"redop", std::get<2>(key)},
                               {"placement", std::get<3>(key)}};
    if (!out.AddSample("spinecheck_collective_busbw_bytes_per_second", labels, plateau.result->busbw_gbps * 1e9)) {
      continue;  // a newer document has this collective
    }
    out.AddSample("spinecheck_collective_algbw_bytes_per_second", labels, plateau.result->algbw_gbps * 1e9);
    out.AddSample("spinecheck_collective_time_seconds", labels, plateau.result->time_us / 1e6);
    out.AddSample("spinecheck_collective_size_bytes", labels, static_cast<double>(plateau.size_bytes));
    if (plateau.wrong) out.AddSample("spinecheck_collective_wrong_elements", labels, static_cast<double>(*plateau.wrong));
  }
}

// dcgm-exporter's labels for a GPU; cpu, modelName, Hostname for a CPU.
PromLabels DeviceLabels(const std::string& host, const DeviceInfo& device) {
  if (device.kind == "cpu") {
    return {{"cpu", absl::StrCat(device.index)}, {"modelName", device.model}, {"Hostname", host}};
  }
  return {{"gpu", absl::StrCat(device.index)}, {"UUID", device.uuid}, {"pci_bus_id", device.pci_bus_id},
          {"modelName", device.model}, {"Hostname", host}};
}

std::string DevicePrefix(const DeviceInfo& device) {
  return device.kind == "cpu" ? "spinecheck_cpu_" : "spinecheck_gpu_";
}

// One device of a burn, and whether a check could not run on it.
struct BurnDevice {
  std::string host;
  const DeviceInfo* device = nullptr;
  bool check_error = false;
};

void AddBurn(const RunDocument& document, PromExposition& out) {
  std::vector<BurnDevice> devices;
  auto remember = [&](const std::string& host, const DeviceInfo& device) -> BurnDevice& {
    for (BurnDevice& known : devices) {
      if (known.host == host && known.device->uuid == device.uuid && known.device->index == device.index) return known;
    }
    devices.push_back(BurnDevice{host, &device, false});
    return devices.back();
  };
  for (const BurnResult& result : document.burn_results) {
    BurnDevice& device = remember(result.host, result.device);
    if (result.status == BurnStatus::kError) device.check_error = true;
    if (result.status != BurnStatus::kMeasured) continue;
    const PromLabels labels = DeviceLabels(result.host, result.device);
    const std::string prefix = DevicePrefix(result.device);
    PromLabels with_variant = labels;
    with_variant.emplace_back("variant", result.variant);
    if (result.check == "gemm" && result.unit == "TFLOPS") {
      out.AddSample(prefix + "gemm_flops", with_variant, result.value * 1e12);
    } else if (result.check == "memory" && result.unit == "GB/s") {
      out.AddSample(prefix + "memory_bandwidth_bytes_per_second", with_variant, result.value * 1e9);
    } else if (result.check == "copy" && result.unit == "GB/s") {
      out.AddSample(prefix + "copy_bandwidth_bytes_per_second", with_variant, result.value * 1e9);
    }
    if (result.mismatches) {
      PromLabels with_check = labels;
      with_check.emplace_back("check", result.check);
      with_check.emplace_back("variant", result.variant);
      out.AddSample(prefix + "mismatched_elements", with_check, static_cast<double>(*result.mismatches));
    }
  }
  for (const DeviceTelemetry& telemetry : document.telemetry) {
    remember(telemetry.host, telemetry.device);
    if (!telemetry.available || telemetry.device.kind == "cpu") continue;
    const PromLabels labels = DeviceLabels(telemetry.host, telemetry.device);
    out.AddSample("spinecheck_gpu_temperature_max_celsius", labels, telemetry.temperature_max_c);
    out.AddSample("spinecheck_gpu_power_max_watts", labels, telemetry.power_max_w);
    out.AddSample("spinecheck_gpu_sm_clock_min_hertz", labels, telemetry.sm_clock_min_mhz * 1e6);
    out.AddSample("spinecheck_gpu_xid_events", labels, static_cast<double>(telemetry.xid_events.size()));
    if (telemetry.ecc_uncorrected_after) {
      out.AddSample("spinecheck_gpu_ecc_uncorrected_errors", labels,
                    static_cast<double>(*telemetry.ecc_uncorrected_after - telemetry.ecc_uncorrected_before.value_or(0)));
    }
  }
  for (const BurnDevice& device : devices) {
    std::vector<const Finding*> findings;
    for (const Finding& finding : document.findings) {
      if (absl::StartsWith(finding.check, "burn.") && FindingNamesDevice(finding, device.host, *device.device)) {
        findings.push_back(&finding);
      }
    }
    // A check that could not run makes the device "could not test" (3) unless a failure names it (1).
    int status = StatusOf(findings);
    if (device.check_error && status != 1) status = 3;
    out.AddSample(DevicePrefix(*device.device) + "status", DeviceLabels(device.host, *device.device), status);
  }
}

void AddNodes(const std::vector<const RunDocument*>& documents, PromExposition& out) {
  std::vector<std::string> hosts;
  for (const RunDocument* document : documents) {
    for (const std::string& host : DocumentHosts(*document)) {
      if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) hosts.push_back(host);
    }
  }
  for (const std::string& host : hosts) {
    std::vector<const Finding*> findings;
    for (const RunDocument* document : documents) {
      for (const Finding& finding : document->findings) {
        if (FindingConcernsHost(finding, host)) findings.push_back(&finding);
      }
    }
    out.AddSample("spinecheck_node_status", {{"host", host}}, StatusOf(findings));
    for (const char* severity : {"fail", "error", "warn"}) {
      const auto count = std::count_if(findings.begin(), findings.end(),
                                       [&](const Finding* finding) { return SeverityName(finding->severity) == severity; });
      out.AddSample("spinecheck_node_findings", {{"host", host}, {"severity", severity}}, static_cast<double>(count));
    }
  }
}

}  // namespace

std::string RenderPrometheus(const std::vector<RunDocument>& documents) {
  // Latest first: the first sample of a series wins.
  std::vector<const RunDocument*> latest_first;
  for (const RunDocument& document : documents) latest_first.push_back(&document);
  std::stable_sort(latest_first.begin(), latest_first.end(), [](const RunDocument* a, const RunDocument* b) {
    return UnixSeconds(a->start_time).value_or(0) > UnixSeconds(b->start_time).value_or(0);
  });
  // Only the latest document of each (producer, command) counts.
  std::vector<const RunDocument*> current;
  for (const RunDocument* document : latest_first) {
    const bool newer_seen = std::any_of(current.begin(), current.end(), [&](const RunDocument* kept) {
      return kept->source.producer == document->source.producer && kept->command == document->command;
    });
    if (!newer_seen) current.push_back(document);
  }
  latest_first = current;
  PromExposition out;
  DeclareFamilies(out);
  for (const RunDocument* document : latest_first) AddRun(*document, out);
  AddNodes(latest_first, out);
  for (const RunDocument* document : latest_first) AddLinkAggregates(*document, out);
  for (const RunDocument* document : latest_first) AddCollectives(*document, out);
  for (const RunDocument* document : latest_first) AddBurn(*document, out);
  return out.Render();
}

absl::Status WritePrometheusTextfile(const std::vector<RunDocument>& documents, const std::string& path) {
  // WriteOutputFile's temporary is "<path>.tmp.<pid>.<n>" in the same folder:
  // it does not end in ".prom", so the collector skips it.
  return WriteOutputFile(path, RenderPrometheus(documents));
}

}  // namespace spinecheck

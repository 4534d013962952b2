#include "diag/burn_findings.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace spinecheck {
namespace {

// "GPU 3 (GPU-8f2c..., 0000:07:00.0) on node017, rank 3" or "CPU of rank 2 on node017".
std::string DeviceLabel(int rank, const std::string& host, const DeviceInfo& device) {
  if (device.kind == "cpu") return absl::StrCat("CPU of rank ", rank, " on ", host);
  return absl::StrCat("GPU ", device.index, " (", device.uuid, ", ", device.pci_bus_id, ") on ", host, ", rank ", rank);
}

Component DeviceComponent(const std::string& host, const DeviceInfo& device) {
  if (device.kind == "cpu") return {"host", host, {host}};
  return {"gpu", device.uuid, {host}};
}

Finding DeviceFinding(std::string severity, std::string check, int rank, const std::string& host,
                      const DeviceInfo& device) {
  Finding finding;
  finding.severity = std::move(severity);
  finding.check = std::move(check);
  finding.component = DeviceComponent(host, device);
  finding.ranks = {rank};
  return finding;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

std::string ResultLabel(const BurnResult& result) {
  return result.variant.empty() ? result.check : absl::StrCat(result.check, " ", result.variant);
}

// Results of one device and one check, in document order.
using DeviceCheckKey = std::tuple<int, std::string, int, std::string>;  // rank, uuid, device index, check
DeviceCheckKey KeyOf(const BurnResult& result) {
  return {result.rank, result.device.uuid, result.device.index, result.check};
}

void AddMismatchFindings(const RunDocument& document, std::vector<Finding>& findings) {
  std::map<DeviceCheckKey, std::vector<const BurnResult*>> by_device;
  for (const BurnResult& result : document.burn_results) {
    if (result.mismatches.value_or(0) > 0) by_device[KeyOf(result)].push_back(&result);
  }
  for (const auto& [key, results] : by_device) {
    const BurnResult& first = *results.front();
    Finding finding = DeviceFinding("fail", absl::StrCat("burn.", first.check, ".mismatch"), first.rank, first.host,
                                    first.device);
    int64_t total = 0;
    int64_t checked = 0;
    for (const BurnResult* result : results) {
      total += *result->mismatches;
      checked += result->checked_elements;
      finding.evidence.push_back(absl::StrCat(ResultLabel(*result), ": ", *result->mismatches, " of ",
                                              result->checked_elements, " elements differ from the reference"));
    }
    finding.measured = static_cast<double>(total);
    finding.expected = 0;
    finding.unit = "mismatching elements";
    finding.message = absl::StrCat(DeviceLabel(first.rank, first.host, first.device), ": ", total, " of ", checked,
                                   " elements wrong in the ", first.check, " check");
    finding.action = first.check == "copy"
                         ? "drain the node; check the host link (reseat, PCIe AER log) and rerun burn --checks copy"
                         : "drain the node and rerun burn on this device to confirm; a repeat means RMA";
    findings.push_back(std::move(finding));
  }
}

// The fraction of its peers' median below which a device is an outlier
// whatever the noise of its group.
constexpr double kNoiseNeverExcusesBelow = 0.5;

void AddOutlierFindings(const RunDocument& document, const BurnVerdictOptions& options,
                        std::vector<Finding>& findings) {
  // Peers: measured results of the same check, variant and model.
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<const BurnResult*>> groups;
  for (const BurnResult& result : document.burn_results) {
    if (result.status == "measured" && result.value > 0) {
      groups[{result.check, result.variant, result.device.model}].push_back(&result);
    }
  }
  std::map<DeviceCheckKey, Finding> by_device;
  for (auto& [group, results] : groups) {
    if (results.size() < 2) continue;  // no peer to compare with
    std::vector<double> values;
    for (const BurnResult* result : results) values.push_back(result->value);
    const double median = Median(values);
    // Below the tolerance, and with three peers or more also below the
    // group's own noise: 3 robust standard deviations (1.4826 x the median
    // absolute deviation), so that a noisy group (shared cores, a busy
    // host) does not fail its slowest member while one device far below a
    // tight group always does. The noise never excuses a device below half
    // the median: in a small group the slow device's own distance inflates
    // the deviation, and no healthy spread reaches a factor of two.
    const double tolerance_floor = (1.0 - options.tolerance) * median;
    double floor = tolerance_floor;
    if (values.size() >= 3) {
      std::vector<double> deviations;
      for (double value : values) deviations.push_back(std::fabs(value - median));
      floor = std::min(floor, median - 3.0 * 1.4826 * Median(deviations));
      floor = std::max(floor, std::min(tolerance_floor, kNoiseNeverExcusesBelow * median));
    }
    for (const BurnResult* result : results) {
      if (result->value >= floor) continue;
      const double below_pct = 100.0 * (1.0 - result->value / median);
      const std::string line =
          absl::StrFormat("%s: %.4g %s, %.0f%% below the median %.4g of %d %s devices (tolerance %.0f%%)",
                          ResultLabel(*result), result->value, result->unit, below_pct, median, results.size(),
                          result->device.model, 100.0 * options.tolerance);
      auto [it, inserted] = by_device.try_emplace(KeyOf(*result));
      Finding& finding = it->second;
      if (inserted) {
        finding = DeviceFinding("fail", absl::StrCat("burn.", result->check, ".outlier"), result->rank, result->host,
                                result->device);
        finding.unit = result->unit;
        finding.action = "drain the node; check clocks, power and cooling of this device (telemetry) and rerun burn";
      }
      finding.evidence.push_back(line);
      // The headline figures are those of the worst variant.
      if (inserted || result->value / median < finding.measured / finding.expected) {
        finding.measured = result->value;
        finding.expected = median;
        finding.unit = result->unit;
        finding.message = absl::StrCat(DeviceLabel(result->rank, result->host, result->device), ": ", line);
      }
    }
  }
  for (auto& [key, finding] : by_device) findings.push_back(std::move(finding));
}

void AddResultStatusFindings(const RunDocument& document, const BurnVerdictOptions& options,
                             std::vector<Finding>& findings) {
  for (const BurnResult& result : document.burn_results) {
    if (result.status == "error") {
      Finding finding = DeviceFinding("error", absl::StrCat("burn.", result.check, ".error"), result.rank, result.host,
                                      result.device);
      finding.message = absl::StrCat(DeviceLabel(result.rank, result.host, result.device), ": ", ResultLabel(result),
                                     " could not run: ", result.reason);
      finding.action = "fix the cause named in the message and rerun; an untested device is not a pass";
      findings.push_back(std::move(finding));
    } else if (result.status == "measured" && result.expected > 0 &&
               result.value < options.below_expected_fraction * result.expected) {
      Finding finding = DeviceFinding("warn", absl::StrCat("burn.", result.check, ".below_expected"), result.rank,
                                      result.host, result.device);
      finding.measured = result.value;
      finding.expected = result.expected;
      finding.unit = result.unit;
      finding.message = absl::StrFormat("%s: %s %.4g %s is below %.0f%% of the model's published %.4g %s",
                                        DeviceLabel(result.rank, result.host, result.device), ResultLabel(result),
                                        result.value, result.unit, 100.0 * options.below_expected_fraction,
                                        result.expected, result.unit);
      finding.action = "compare with the other nodes; check clocks, power limits and the PCIe/NUMA placement";
      findings.push_back(std::move(finding));
    }
  }
}

void AddTelemetryFindings(const RunDocument& document, std::vector<Finding>& findings) {
  for (const DeviceTelemetry& t : document.telemetry) {
    if (!t.available) continue;
    const std::string label = DeviceLabel(t.rank, t.host, t.device);
    auto add = [&](const char* severity, const char* check, double measured, double expected, const char* unit,
                   std::string message, std::string action) {
      Finding finding = DeviceFinding(severity, check, t.rank, t.host, t.device);
      finding.measured = measured;
      finding.expected = expected;
      finding.unit = unit;
      finding.message = absl::StrCat(label, ": ", message);
      finding.action = std::move(action);
      findings.push_back(std::move(finding));
    };
    if (t.ecc_uncorrected_before && t.ecc_uncorrected_after && *t.ecc_uncorrected_after > *t.ecc_uncorrected_before) {
      const int64_t increase = *t.ecc_uncorrected_after - *t.ecc_uncorrected_before;
      add("fail", "burn.ecc_uncorrectable", static_cast<double>(increase), 0, "uncorrectable ECC errors",
          absl::StrCat(increase, " uncorrectable ECC errors during the burn (volatile count ", *t.ecc_uncorrected_before,
                       " -> ", *t.ecc_uncorrected_after, ")"),
          "drain the node, reset the GPU and rerun; repeated uncorrectable errors mean RMA");
    }
    if (!t.xid_events.empty()) {
      add("fail", "burn.xid", static_cast<double>(t.xid_events.size()), 0, "XID events",
          absl::StrCat("XID ", absl::StrJoin(t.xid_events, ", "), " reported during the burn"),
          "drain the node; look the XID up in NVIDIA's XID catalogue and the kernel log");
    }
    if (t.pcie_gen_max > 0 && t.pcie_width_max > 0 &&
        (t.pcie_gen_current < t.pcie_gen_max || t.pcie_width_current < t.pcie_width_max)) {
      add("fail", "burn.pcie_link", t.pcie_gen_current * 100.0 + t.pcie_width_current,
          t.pcie_gen_max * 100.0 + t.pcie_width_max, "gen*100+width",
          absl::StrCat("PCIe link at gen ", t.pcie_gen_current, " x", t.pcie_width_current, " under load, below its gen ",
                       t.pcie_gen_max, " x", t.pcie_width_max),
          "drain the node; reseat the GPU or riser, check the slot's BIOS settings and the AER log");
    }
    if (t.remapped_rows_failure) {
      add("fail", "burn.row_remap_failure", 1, 0, "remap failure", "row remapping failed: the GPU is out of spare rows",
          "drain the node; the GPU needs RMA");
    } else if (t.remapped_rows_pending || t.retired_pages_pending) {
      add("warn", "burn.retirement_pending", 1, 0, "pending",
          "memory row remapping or page retirement is pending until the GPU is reset",
          "reset the GPU (or reboot the node) before the next job");
    }
    if (!t.throttle_reasons.empty()) {
      add("warn", "burn.throttle", static_cast<double>(t.throttle_reasons_mask), 0, "throttle reasons mask",
          absl::StrFormat("clocks throttled during the burn (%s); max %.0f C, max %.0f W of %.0f W, lowest SM clock "
                          "%.0f of %.0f MHz",
                          absl::StrJoin(t.throttle_reasons, ", "), t.temperature_max_c, t.power_max_w, t.power_limit_w,
                          t.sm_clock_min_mhz, t.sm_clock_max_mhz),
          "check cooling (fans, inlet temperature, airflow) and the power limit of this node");
    }
  }
}

void AddDeviceCountFindings(const RunDocument& document, const BurnVerdictOptions& options,
                            std::vector<Finding>& findings) {
  if (options.expect_devices <= 0) return;
  std::map<std::string, int> shown;              // host -> devices its ranks report
  std::map<std::string, std::set<std::string>> tested;  // host -> distinct device UUIDs under test
  std::map<std::string, std::vector<int>> ranks;
  for (const RankInfo& rank : document.ranks) {
    shown[rank.host] = std::max(shown[rank.host], rank.devices_visible);
    ranks[rank.host].push_back(rank.rank);
    for (const DeviceInfo& device : rank.devices) tested[rank.host].insert(device.uuid);
  }
  for (const auto& [host, count] : shown) {
    const int devices = std::max(count, static_cast<int>(tested[host].size()));
    if (devices >= options.expect_devices) continue;
    Finding finding;
    finding.severity = "fail";
    finding.check = "burn.device_count";
    finding.component = {"host", host, {host}};
    finding.ranks = ranks[host];
    finding.measured = devices;
    finding.expected = options.expect_devices;
    finding.unit = "devices";
    finding.message = absl::StrCat(host, " shows ", devices, " devices; --expect-devices asks for ",
                                   options.expect_devices);
    finding.action = "drain the node; a GPU that fell off the bus needs a reset or a reboot (check the kernel log "
                     "for XID 79), then RMA if it stays missing";
    findings.push_back(std::move(finding));
  }
}

void AddDcgmFindings(const RunDocument& document, std::vector<Finding>& findings) {
  for (const DcgmResult& result : document.dcgm_results) {
    if (result.status != "fail" && result.status != "warn") continue;
    Finding finding;
    finding.severity = result.status;
    finding.check = absl::StrCat("dcgm.", result.test);
    finding.component = {"gpu", absl::StrCat(result.host, ":dcgm-gpu-", result.gpu_index), {result.host}};
    finding.measured = result.status == "fail" ? 1 : 0;
    finding.unit = "dcgm result";
    finding.evidence = result.messages;
    finding.message = absl::StrCat("DCGM ", result.category, "/", result.test, " ", result.status, "ed on GPU ",
                                   result.gpu_index, " of ", result.host,
                                   result.messages.empty() ? "" : absl::StrCat(": ", result.messages.front()));
    finding.action = "follow DCGM's recommendation in the evidence; rerun dcgmi diag at a higher level to confirm";
    findings.push_back(std::move(finding));
  }
}

}  // namespace

std::vector<Finding> DeriveBurnFindings(const RunDocument& document, const BurnVerdictOptions& options) {
  std::vector<Finding> findings;
  AddMismatchFindings(document, findings);
  AddOutlierFindings(document, options, findings);
  AddResultStatusFindings(document, options, findings);
  AddTelemetryFindings(document, findings);
  AddDeviceCountFindings(document, options, findings);
  AddDcgmFindings(document, findings);
  return findings;
}

}  // namespace spinecheck

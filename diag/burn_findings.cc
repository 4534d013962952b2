#include "diag/burn_findings.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "reports/model/check_catalog.h"

namespace spinecheck {
namespace {

// "GPU 3 (GPU-8f2c..., 0000:07:00.0) on node017, rank 3" or "CPU of rank 2 on node017".
std::string DeviceLabel(int rank, const std::string& host, const DeviceInfo& device) {
  if (device.kind == "cpu") return absl::StrCat("CPU of rank ", rank, " on ", host);
  return absl::StrCat("GPU ", device.index, " (", device.uuid, ", ", device.pci_bus_id, ") on ", host, ", rank ", rank);
}

Component DeviceComponent(const std::string& host, const DeviceInfo& device) {
  if (device.kind == "cpu") return {ComponentKind::kHost, host, {host}};
  return {ComponentKind::kGpu, device.uuid, {host}};
}

// A finding of `check` (for a family, of the burn check `member`) about one device.
Finding DeviceFinding(CheckId check, int rank, const std::string& host, const DeviceInfo& device,
                      absl::string_view member = "") {
  Finding finding = NewFinding(check, DeviceComponent(host, device), member);
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
    Finding finding = DeviceFinding(CheckId::kBurnMismatch, first.rank, first.host, first.device, first.check);
    int64_t total = 0;
    int64_t checked = 0;
    for (const BurnResult* result : results) {
      total += *result->mismatches;
      checked += result->checked_elements;
      finding.evidence.push_back(absl::StrCat(ResultLabel(*result), ": ", *result->mismatches, " of ",
                                              result->checked_elements, " elements differ from the reference"));
      finding.subjects.variants.push_back(result->variant);
    }
    finding.measured = static_cast<double>(total);
    finding.expected = 0;
    finding.unit = "mismatching elements";
    finding.message = absl::StrCat(DeviceLabel(first.rank, first.host, first.device), ": ", total, " of ", checked,
                                   " elements wrong in the ", first.check, " check");
    if (first.check == "copy") {
      finding.action = "drain the node; check the host link (reseat, PCIe AER log) and rerun burn --checks copy";
    }
    findings.push_back(std::move(finding));
  }
}

// The fraction of its peers' median below which a device is an outlier
// whatever the noise of its group.
constexpr double kNoiseNeverExcusesBelow = 0.5;
// Reference peers re-measured beside the suspects of each group.
constexpr size_t kReferencesPerGroup = 2;

// Peers: measured results of the same check, variant and model.
using PeerKey = std::tuple<std::string, std::string, std::string>;  // check, variant, model
PeerKey PeerKeyOf(const BurnResult& result) { return {result.check, result.variant, result.device.model}; }

std::map<PeerKey, std::vector<const BurnResult*>> PeerGroups(const std::vector<BurnResult>& results) {
  std::map<PeerKey, std::vector<const BurnResult*>> groups;
  for (const BurnResult& result : results) {
    if (result.status == BurnStatus::kMeasured && result.value > 0) groups[PeerKeyOf(result)].push_back(&result);
  }
  return groups;
}

// A device within the run: rank, UUID, index.
using DeviceKey = std::tuple<int, std::string, int>;
DeviceKey DeviceKeyOf(const BurnResult& result) { return {result.rank, result.device.uuid, result.device.index}; }

// The retest of one peer group: the references' new figures, and each
// suspect's new figure by device.
struct GroupRetest {
  std::vector<double> references;
  std::vector<int> reference_ranks;
  std::map<DeviceKey, const BurnResult*> again;
};

// The retests grouped by peer group; a retest of a device that was itself
// an outlier in that group is never a reference. O(R log R).
std::map<PeerKey, GroupRetest> IndexRetests(const std::vector<BurnResult>& retests,
                                            const std::vector<BurnOutlier>& outliers) {
  std::set<std::pair<PeerKey, DeviceKey>> suspects;
  for (const BurnOutlier& outlier : outliers) {
    suspects.insert({PeerKeyOf(*outlier.result), DeviceKeyOf(*outlier.result)});
  }
  std::map<PeerKey, GroupRetest> groups;
  for (const BurnResult& retest : retests) {
    if (retest.status != BurnStatus::kMeasured || retest.value <= 0) continue;
    GroupRetest& group = groups[PeerKeyOf(retest)];
    if (suspects.count({PeerKeyOf(retest), DeviceKeyOf(retest)})) {
      group.again[DeviceKeyOf(retest)] = &retest;
    } else {
      group.references.push_back(retest.value);
      group.reference_ranks.push_back(retest.rank);
    }
  }
  return groups;
}

// How an outlier's retest came out.
struct Confirmation {
  bool confirmed = false;  // measured again beside a reference, and again below the tolerance
  std::string evidence;    // one line: both measurements, or why there is no second one
};

Confirmation Confirm(const BurnOutlier& outlier, const std::map<PeerKey, GroupRetest>& retests, double tolerance) {
  const BurnResult& suspect = *outlier.result;
  Confirmation confirmation;
  const auto group = retests.find(PeerKeyOf(suspect));
  const BurnResult* again = nullptr;
  if (group != retests.end()) {
    const auto found = group->second.again.find(DeviceKeyOf(suspect));
    if (found != group->second.again.end()) again = found->second;
  }
  if (again == nullptr || group->second.references.empty()) {
    confirmation.evidence = absl::StrCat(ResultLabel(suspect), ": not re-measured (",
                                         retests.empty() ? "no retest ran" : "no retest of this device and a peer",
                                         "), so not confirmed");
    return confirmation;
  }
  const GroupRetest& references = group->second;
  const double reference = Median(references.references);
  confirmation.confirmed = again->value < (1.0 - tolerance) * reference;
  confirmation.evidence = absl::StrFormat(
      "%s re-measured: %.4g %s against %.4g %s on %d reference %s (rank %s): %.0f%% below, %s", ResultLabel(suspect),
      again->value, again->unit, reference, again->unit, references.references.size(),
      references.references.size() == 1 ? "device" : "devices", absl::StrJoin(references.reference_ranks, ", rank "),
      100.0 * (1.0 - again->value / reference),
      confirmation.confirmed ? "confirmed" : absl::StrFormat("within the tolerance of %.0f%%", 100.0 * tolerance));
  return confirmation;
}

void AddOutlierFindings(const RunDocument& document, const BurnVerdictOptions& options,
                        std::vector<Finding>& findings) {
  const std::vector<BurnOutlier> outliers = FindBurnOutliers(document.burn_results, options.tolerance);
  struct DeviceOutliers {
    std::vector<const BurnOutlier*> variants;
    std::vector<Confirmation> confirmations;
  };
  const std::map<PeerKey, GroupRetest> retests = IndexRetests(document.burn_retests, outliers);
  std::map<DeviceCheckKey, DeviceOutliers> by_device;
  for (const BurnOutlier& outlier : outliers) {
    DeviceOutliers& device = by_device[KeyOf(*outlier.result)];
    device.variants.push_back(&outlier);
    device.confirmations.push_back(Confirm(outlier, retests, options.tolerance));
  }
  for (const auto& [key, device] : by_device) {
    const bool confirmed = std::any_of(device.confirmations.begin(), device.confirmations.end(),
                                       [](const Confirmation& c) { return c.confirmed; });
    // The headline figures are those of the worst variant (a confirmed one when any is).
    const BurnOutlier* worst = nullptr;
    for (size_t i = 0; i < device.variants.size(); ++i) {
      const BurnOutlier* outlier = device.variants[i];
      if (confirmed && !device.confirmations[i].confirmed) continue;
      if (worst == nullptr || outlier->result->value / outlier->median < worst->result->value / worst->median) {
        worst = outlier;
      }
    }
    const BurnResult& result = *worst->result;
    Finding finding = DeviceFinding(confirmed ? CheckId::kBurnOutlier : CheckId::kBurnUnconfirmedOutlier, result.rank,
                                    result.host, result.device, result.check);
    for (size_t i = 0; i < device.variants.size(); ++i) {
      const BurnOutlier& outlier = *device.variants[i];
      finding.evidence.push_back(absl::StrFormat(
          "%s: %.4g %s, %.0f%% below the median %.4g of %d %s devices (tolerance %.0f%%)",
          ResultLabel(*outlier.result), outlier.result->value, outlier.result->unit,
          100.0 * (1.0 - outlier.result->value / outlier.median), outlier.median, outlier.peers,
          outlier.result->device.model, 100.0 * options.tolerance));
      finding.evidence.push_back(device.confirmations[i].evidence);
      finding.subjects.variants.push_back(outlier.result->variant);
    }
    finding.measured = result.value;
    finding.expected = worst->median;
    finding.unit = result.unit;
    finding.message = absl::StrFormat("%s: %s %.4g %s, %.0f%% below the median %.4g of its %d peers%s",
                                      DeviceLabel(result.rank, result.host, result.device), ResultLabel(result),
                                      result.value, result.unit, 100.0 * (1.0 - result.value / worst->median),
                                      worst->median, worst->peers,
                                      confirmed ? ", and again when re-measured" : ", not confirmed by a retest");
    findings.push_back(std::move(finding));
  }
}

void AddResultStatusFindings(const RunDocument& document, const BurnVerdictOptions& options,
                             std::vector<Finding>& findings) {
  for (const BurnResult& result : document.burn_results) {
    if (result.status == BurnStatus::kError) {
      Finding finding = DeviceFinding(CheckId::kBurnError, result.rank, result.host, result.device, result.check);
      finding.subjects.variants = {result.variant};
      finding.message = absl::StrCat(DeviceLabel(result.rank, result.host, result.device), ": ", ResultLabel(result),
                                     " could not run: ", result.reason);
      findings.push_back(std::move(finding));
    } else if (result.status == BurnStatus::kMeasured && result.expected > 0 &&
               result.value < options.below_expected_fraction * result.expected) {
      Finding finding = DeviceFinding(CheckId::kBurnBelowExpected, result.rank, result.host, result.device, result.check);
      finding.subjects.variants = {result.variant};
      finding.measured = result.value;
      finding.expected = result.expected;
      finding.unit = result.unit;
      finding.message = absl::StrFormat("%s: %s %.4g %s is below %.0f%% of the model's published %.4g %s",
                                        DeviceLabel(result.rank, result.host, result.device), ResultLabel(result),
                                        result.value, result.unit, 100.0 * options.below_expected_fraction,
                                        result.expected, result.unit);
      findings.push_back(std::move(finding));
    }
  }
}

void AddTelemetryFindings(const RunDocument& document, std::vector<Finding>& findings) {
  for (const DeviceTelemetry& t : document.telemetry) {
    if (!t.available) continue;
    const std::string label = DeviceLabel(t.rank, t.host, t.device);
    auto add = [&](CheckId check, double measured, double expected, const char* unit, std::string message) {
      Finding finding = DeviceFinding(check, t.rank, t.host, t.device);
      finding.measured = measured;
      finding.expected = expected;
      finding.unit = unit;
      finding.message = absl::StrCat(label, ": ", message);
      findings.push_back(std::move(finding));
    };
    if (t.ecc_uncorrected_before && t.ecc_uncorrected_after && *t.ecc_uncorrected_after > *t.ecc_uncorrected_before) {
      const int64_t increase = *t.ecc_uncorrected_after - *t.ecc_uncorrected_before;
      add(CheckId::kBurnEccUncorrectable, static_cast<double>(increase), 0, "uncorrectable ECC errors",
          absl::StrCat(increase, " uncorrectable ECC errors during the burn (volatile count ", *t.ecc_uncorrected_before,
                       " -> ", *t.ecc_uncorrected_after, ")"));
    }
    if (!t.xid_events.empty()) {
      add(CheckId::kBurnXid, static_cast<double>(t.xid_events.size()), 0, "XID events",
          absl::StrCat("XID ", absl::StrJoin(t.xid_events, ", "), " reported during the burn"));
    }
    if (t.pcie_gen_max > 0 && t.pcie_width_max > 0 &&
        (t.pcie_gen_current < t.pcie_gen_max || t.pcie_width_current < t.pcie_width_max)) {
      add(CheckId::kBurnPcieLink, t.pcie_gen_current * 100.0 + t.pcie_width_current,
          t.pcie_gen_max * 100.0 + t.pcie_width_max, "gen*100+width",
          absl::StrCat("PCIe link at gen ", t.pcie_gen_current, " x", t.pcie_width_current, " under load, below its gen ",
                       t.pcie_gen_max, " x", t.pcie_width_max));
    }
    if (t.remapped_rows_failure) {
      add(CheckId::kBurnRowRemapFailure, 1, 0, "remap failure", "row remapping failed: the GPU is out of spare rows");
    } else if (t.remapped_rows_pending || t.retired_pages_pending) {
      add(CheckId::kBurnRetirementPending, 1, 0, "pending",
          "memory row remapping or page retirement is pending until the GPU is reset");
    }
    if (!t.throttle_reasons.empty()) {
      add(CheckId::kBurnThrottle, static_cast<double>(t.throttle_reasons_mask), 0, "throttle reasons mask",
          absl::StrFormat("clocks throttled during the burn (%s); max %.0f C, max %.0f W of %.0f W, lowest SM clock "
                          "%.0f of %.0f MHz",
                          absl::StrJoin(t.throttle_reasons, ", "), t.temperature_max_c, t.power_max_w, t.power_limit_w,
                          t.sm_clock_min_mhz, t.sm_clock_max_mhz));
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
    Finding finding = NewFinding(CheckId::kBurnDeviceCount, {ComponentKind::kHost, host, {host}});
    finding.ranks = ranks[host];
    finding.measured = devices;
    finding.expected = options.expect_devices;
    finding.unit = "devices";
    finding.message = absl::StrCat(host, " shows ", devices, " devices; --expect-devices asks for ",
                                   options.expect_devices);
    findings.push_back(std::move(finding));
  }
}

void AddDcgmFindings(const RunDocument& document, std::vector<Finding>& findings) {
  for (const DcgmResult& result : document.dcgm_results) {
    if (result.status < DcgmStatus::kUnknown) continue;
    Finding finding = NewFinding(
        CheckId::kDcgmTest, {ComponentKind::kGpu, absl::StrCat(result.host, ":dcgm-gpu-", result.gpu_index), {result.host}},
        result.test);
    if (result.status != DcgmStatus::kFail) finding.severity = Severity::kWarn;
    finding.measured = result.status == DcgmStatus::kFail ? 1 : 0;
    finding.unit = "dcgm result";
    finding.evidence = result.messages;
    const char* outcome = result.status == DcgmStatus::kFail   ? "failed"
                          : result.status == DcgmStatus::kWarn ? "warned"
                                                               : "gave an unknown result";
    finding.message = absl::StrCat("DCGM ", result.category, "/", result.test, " ", outcome, " on GPU ",
                                   result.gpu_index, " of ", result.host,
                                   result.messages.empty() ? "" : absl::StrCat(": ", result.messages.front()));
    findings.push_back(std::move(finding));
  }
}

}  // namespace

std::vector<BurnOutlier> FindBurnOutliers(const std::vector<BurnResult>& results, double tolerance) {
  std::vector<BurnOutlier> outliers;
  for (const auto& [group, members] : PeerGroups(results)) {
    if (members.size() < 2) continue;  // no peer to compare with
    std::vector<double> values;
    for (const BurnResult* result : members) values.push_back(result->value);
    const double median = Median(values);
    // Below the tolerance, and with three peers or more also below the
    // group's own noise: 3 robust standard deviations (1.4826 x the median
    // absolute deviation), so that a noisy group (shared cores, a busy
    // host) does not fail its slowest member while one device far below a
    // tight group always does. The noise never excuses a device below half
    // the median: in a small group the slow device's own distance inflates
    // the deviation, and no healthy spread reaches a factor of two.
    const double tolerance_floor = (1.0 - tolerance) * median;
    double floor = tolerance_floor;
    if (values.size() >= 3) {
      std::vector<double> deviations;
      for (double value : values) deviations.push_back(std::fabs(value - median));
      floor = std::min(floor, median - 3.0 * 1.4826 * Median(deviations));
      floor = std::max(floor, std::min(tolerance_floor, kNoiseNeverExcusesBelow * median));
    }
    for (const BurnResult* result : members) {
      if (result->value < floor) outliers.push_back({result, median, floor, members.size()});
    }
  }
  return outliers;
}

std::vector<BurnRetest> PlanBurnRetests(const std::vector<BurnResult>& results, double tolerance) {
  const std::vector<BurnOutlier> outliers = FindBurnOutliers(results, tolerance);
  std::map<std::string, std::set<PeerKey>> suspect_groups;  // check -> groups with an outlier
  std::map<std::string, std::set<int>> suspect_ranks;       // check -> ranks with an outlier
  std::map<std::string, BurnRetest> by_check;
  for (const BurnOutlier& outlier : outliers) {
    const BurnResult& result = *outlier.result;
    BurnRetest& retest = by_check[result.check];
    retest.check = result.check;
    if (std::find(retest.variants.begin(), retest.variants.end(), result.variant) == retest.variants.end()) {
      retest.variants.push_back(result.variant);
    }
    retest.suspects.push_back(result.rank);
    suspect_groups[result.check].insert(PeerKeyOf(result));
    suspect_ranks[result.check].insert(result.rank);
  }
  const auto groups = PeerGroups(results);
  for (auto& [check, retest] : by_check) {
    // References: in each group with a suspect, the peers nearest its median
    // that are not suspects themselves.
    for (const PeerKey& key : suspect_groups[check]) {
      std::vector<const BurnResult*> members = groups.at(key);
      std::vector<double> values;
      for (const BurnResult* member : members) values.push_back(member->value);
      const double median = Median(values);
      std::stable_sort(members.begin(), members.end(), [&](const BurnResult* a, const BurnResult* b) {
        return std::fabs(a->value - median) < std::fabs(b->value - median);
      });
      size_t chosen = 0;
      for (const BurnResult* member : members) {
        if (chosen == kReferencesPerGroup) break;
        if (suspect_ranks[check].count(member->rank)) continue;
        retest.references.push_back(member->rank);
        ++chosen;
      }
    }
    for (std::vector<int>* ranks : {&retest.suspects, &retest.references}) {
      std::sort(ranks->begin(), ranks->end());
      ranks->erase(std::unique(ranks->begin(), ranks->end()), ranks->end());
    }
    // A rank suspected in one group may be a reference in another: it is measured once, as a suspect.
    // (A structured binding cannot be captured before C++20's P1091, which clang 14 lacks.)
    const std::vector<int>& suspects = retest.suspects;
    std::erase_if(retest.references,
                  [&suspects](int rank) { return std::binary_search(suspects.begin(), suspects.end(), rank); });
  }
  std::vector<BurnRetest> plan;
  for (auto& [check, retest] : by_check) {
    if (!retest.references.empty()) plan.push_back(std::move(retest));
  }
  return plan;
}

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

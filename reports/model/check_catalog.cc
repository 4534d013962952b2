#include "reports/model/check_catalog.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

using enum CheckId;
using enum DrainRank;
constexpr Severity kWarn = Severity::kWarn;
constexpr Severity kError = Severity::kError;
constexpr Severity kFail = Severity::kFail;

const std::vector<CheckSpec> kCatalog = {
    // sweep and every phase that gathers ranks
    {kCollectiveDataIntegrity, "collective.data_integrity", kFail, kDefect,
     "a rank received wrong elements from a collective",
     "drain the host, rerun the sweep with a higher -c to confirm, then burn-test its devices and memory"},
    {kWorldArrival, "world.arrival", kFail, kUnresponsive, "a rank did not arrive at a phase before the -T deadline",
     "check the spinecheck process of that rank (stopped, swapping, stuck in the kernel); rerun without the node"},
    {kWorldRankLost, "world.rank_lost", kError, kNever, "a rank's process died during the run",
     "look for the cause on the host (dmesg, the launcher's output) before testing the node again"},
    // burn
    {kBurnMismatch, "burn.<check>.mismatch", kFail, kDefect,
     "a device computed, stored or copied elements that differ from the reference",
     "drain the node and rerun burn on this device to confirm; a repeat means RMA"},
    {kBurnOutlier, "burn.<check>.outlier", kFail, kSlow,
     "a device below its peers of the same model, confirmed by a retest beside reference peers",
     "drain the node; check clocks, power and cooling of this device (telemetry) and rerun burn"},
    {kBurnUnconfirmedOutlier, "burn.<check>.unconfirmed_outlier", kWarn, kNever,
     "a device below its peers once, not confirmed by a retest (or not retested)",
     "nothing to drain: one slow measurement that a retest did not confirm (a busy or shared machine); rerun burn "
     "on this node if it recurs"},
    {kBurnError, "burn.<check>.error", kError, kNever, "the check could not run on a device",
     "fix the cause named in the message and rerun; an untested device is not a pass"},
    {kBurnBelowExpected, "burn.<check>.below_expected", kWarn, kNever,
     "a device below half the model's published figure",
     "compare with the other nodes; check clocks, power limits and the PCIe/NUMA placement"},
    {kBurnEccUncorrectable, "burn.ecc_uncorrectable", kFail, kDefect,
     "uncorrectable ECC errors appeared during the burn", "drain the node, reset the GPU and rerun; repeated uncorrectable errors mean RMA"},
    {kBurnXid, "burn.xid", kFail, kDefect, "the driver reported XID events during the burn",
     "drain the node; look the XID up in NVIDIA's XID catalogue and the kernel log"},
    {kBurnPcieLink, "burn.pcie_link", kFail, kDefect,
     "a device's PCIe link ran below its maximum generation or width under load",
     "drain the node; reseat the GPU or riser, check the slot's BIOS settings and the AER log"},
    {kBurnRowRemapFailure, "burn.row_remap_failure", kFail, kDefect, "row remapping failed: the GPU has no spare rows",
     "drain the node; the GPU needs RMA"},
    {kBurnRetirementPending, "burn.retirement_pending", kWarn, kNever,
     "row remapping or page retirement waits for a GPU reset", "reset the GPU (or reboot the node) before the next job"},
    {kBurnThrottle, "burn.throttle", kWarn, kNever, "clocks were throttled during the burn",
     "check cooling (fans, inlet temperature, airflow) and the power limit of this node"},
    {kBurnDeviceCount, "burn.device_count", kFail, kDefect, "a host shows fewer devices than --expect-devices",
     "drain the node; a GPU that fell off the bus needs a reset or a reboot (check the kernel log for XID 79), then "
     "RMA if it stays missing"},
    {kDcgmTest, "dcgm.<test>", kFail, kDefect, "a DCGM diagnostic test failed (fail) or warned (warn) on a GPU",
     "follow DCGM's recommendation in the evidence; rerun dcgmi diag at a higher level to confirm"},
    // links
    {kLinksSlowHost, "links.slow_host", kFail, kSlow, "a host slow with its peers on every path (its NIC or cable)",
     "drain the host and check its NIC, cable and switch port (ethtool/ibstat, port counters)"},
    {kLinksSlowUplink, "links.slow_uplink", kFail, kSlow,
     "the pairs that cross one leaf's uplink are slow while the leaf's own pairs are healthy",
     "check the cables and ports of the uplink"},
    {kLinksSlowSwitch, "links.slow_switch", kFail, kSlow, "the pairs through one switch are slow",
     "check the switch (port counters, logs, temperature)"},
    {kLinksSlowPath, "links.slow_path", kFail, kSlow,
     "slow pairs that several components explain equally (the measurements cannot tell them apart)",
     "check each of the alternatives (cables, ports, port counters)"},
    {kLinksUnexplained, "links.unexplained", kWarn, kNever, "slow pairs no component explains with enough votes",
     "re-measure these pairs (PlanRetests) before blaming a host or link"},
    {kLinksHighLatencyHost, "links.high_latency_host", kWarn, kNever, "a host with high latency to its peers on every path",
     "check the host's NIC, cable and switch port"},
    {kLinksHighLatencyUplink, "links.high_latency_uplink", kWarn, kNever,
     "high latency on the pairs that cross one leaf's uplink", "check the cables and ports of the uplink"},
    {kLinksHighLatencySwitch, "links.high_latency_switch", kWarn, kNever, "high latency on the pairs through one switch",
     "check the switch (port counters, logs, temperature)"},
    {kLinksHighLatencyPath, "links.high_latency_path", kWarn, kNever,
     "high-latency pairs that several components explain equally", "check each of the alternatives"},
    {kLinksHighLatencyUnexplained, "links.high_latency_unexplained", kWarn, kNever,
     "high-latency pairs no component explains with enough votes", "re-measure these pairs (PlanRetests) before blaming a host or link"},
    {kLinksUnreachable, "links.unreachable", kFail, kUnresponsive, "a host stopped answering during the link test",
     "check the spinecheck process and the network on the host; drain it and rerun without it"},
    // topo and smoke's inventory
    {kTopoInventory, "topo.inventory", kError, kNever, "a host's inventory could not be taken",
     "run spinecheck topo on the host alone to see the error"},
    {kInventoryDeviceCount, "inventory.device_count", kFail, kDefect,
     "a host shows another number of devices than expected (--expect-devices, or the most common count)",
     "check the host for a lost GPU (nvidia-smi, dmesg for XIDs, PCIe), drain it"},
    {kInventoryDeviceModel, "inventory.device_model", kFail, kMisconfigured,
     "a host's device model differs from the majority's (warn when there is no majority)",
     "align the host with the other nodes (or drain it) before the job runs"},
    {kInventoryCudaDriver, "inventory.cuda_driver", kFail, kMisconfigured,
     "a host's CUDA driver differs from the majority's (warn when there is no majority)",
     "align the host with the other nodes (or drain it) before the job runs"},
    {kInventoryCudaRuntime, "inventory.cuda_runtime", kFail, kMisconfigured,
     "a host's CUDA runtime differs from the majority's (warn when there is no majority)",
     "align the host with the other nodes (or drain it) before the job runs"},
    {kInventoryNcclVersion, "inventory.nccl_version", kFail, kMisconfigured,
     "a host's NCCL version differs from the majority's (warn when there is no majority)",
     "align the host with the other nodes (or drain it) before the job runs"},
    {kInventoryMpiLibrary, "inventory.mpi_library", kFail, kMisconfigured,
     "a host's MPI library differs from the majority's (warn when there is no majority)",
     "align the host with the other nodes (or drain it) before the job runs"},
    // --baseline
    {kBaselineCollectiveBusbw, "baseline.collective.busbw", kFail, kSlow,
     "busbw at plateau sizes below the baseline's band (component job when no host explains it)",
     "Run `spinecheck links` and `spinecheck burn` on these hosts to find the slow part; compare NCCL_* settings and "
     "link rates with the baseline runs"},
    {kBaselineCollectiveLatency, "baseline.collective.latency", kWarn, kNever,
     "time below the plateau above the baseline's", "Rerun to confirm; look for background traffic or CPU contention on these hosts"},
    {kBaselineBurnValue, "baseline.burn.value", kFail, kSlow, "a burn check variant below the baseline's band",
     "Rerun burn on this device; check its clocks, power limit and temperature in the telemetry; replace it if the "
     "shortfall persists"},
    {kBaselineLinksBandwidth, "baseline.links.bandwidth", kFail, kSlow,
     "a host's median pair bandwidth below the baseline's band",
     "Check the host's NIC and cable (ibstat: link rate, symbol and error counters); `spinecheck links` localises "
     "slow pairs"},
    {kBaselineLinksLatency, "baseline.links.latency", kWarn, kNever, "a host's median pair latency above the baseline's band",
     "Check the host's NIC and cable (ibstat: link rate, symbol and error counters); `spinecheck links` localises "
     "slow pairs"},
};

// "burn.<check>.mismatch" -> {"burn.", ".mismatch"}; no brackets: {id, ""} and not a family.
struct IdParts {
  absl::string_view before, after;
  bool family = false;
};
IdParts Split(absl::string_view id) {
  const size_t open = id.find('<');
  if (open == absl::string_view::npos) return {id, "", false};
  const size_t close = id.find('>', open);
  return {id.substr(0, open), id.substr(close + 1), true};
}

// A catalog used against its contract is a defect in the program, not in its input.
[[noreturn]] void CatalogMisused(const std::string& what) {
  std::fprintf(stderr, "spinecheck: check catalog: %s\n", what.c_str());
  std::abort();
}

}  // namespace

const std::vector<CheckSpec>& CheckCatalog() { return kCatalog; }

const CheckSpec& SpecOf(CheckId check) {
  const CheckSpec& spec = kCatalog[static_cast<size_t>(check)];
  if (spec.check != check) CatalogMisused(absl::StrCat("entry ", spec.id, " is out of CheckId order"));
  return spec;
}

const CheckSpec* FindCheck(absl::string_view check) {
  for (const CheckSpec& spec : kCatalog) {
    const IdParts parts = Split(spec.id);
    if (!parts.family) {
      if (check == spec.id) return &spec;
      continue;
    }
    const size_t fixed = parts.before.size() + parts.after.size();
    if (check.size() > fixed && absl::StartsWith(check, parts.before) && absl::EndsWith(check, parts.after)) {
      return &spec;
    }
  }
  return nullptr;
}

Finding NewFinding(CheckId check, Component component, absl::string_view member) {
  const CheckSpec& spec = SpecOf(check);
  const IdParts parts = Split(spec.id);
  if (parts.family == member.empty()) {
    CatalogMisused(absl::StrCat(spec.id, ": a family takes a member, a single check none"));
  }
  Finding finding;
  finding.severity = spec.severity;
  finding.check = parts.family ? absl::StrCat(parts.before, member, parts.after) : std::string(spec.id);
  finding.component = std::move(component);
  finding.action = std::string(spec.action);
  return finding;
}

DrainRank DrainRankOf(const Finding& finding) {
  const CheckSpec* spec = FindCheck(finding.check);
  return spec == nullptr ? DrainRank::kSlow : spec->drain_rank;
}

}  // namespace spinecheck

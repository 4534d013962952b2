#include "reports/writers/burn_table.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace spinecheck {
namespace {

std::string DeviceColumn(const DeviceInfo& device) {
  if (device.kind == "cpu") return "cpu";
  return absl::StrCat("gpu", device.index, " ", device.pci_bus_id);
}

}  // namespace

std::string FormatBurnTableHeader() {
  return absl::StrFormat("# %-7s %-18s %5s %-16s %-18s %7s %8s %10s %-6s %9s %10s  %s\n", "check", "variant", "rank",
                         "host", "device", "iters", "seconds", "value", "unit", "expected", "mismatch", "status") +
         absl::StrFormat("# %-7s %-18s %5s %-16s %-18s %7s %8s %10s %-6s %9s %10s  %s\n", "", "", "", "", "", "",
                         "(s)", "", "", "", "(elem)", "");
}

std::string FormatBurnTableRow(const BurnResult& result) {
  const std::string expected = result.expected > 0 ? absl::StrFormat("%.4g", result.expected) : "-";
  const std::string mismatches = result.mismatches.has_value() ? absl::StrCat(*result.mismatches) : "-";
  std::string status(BurnStatusName(result.status));
  if (!result.reason.empty()) absl::StrAppend(&status, ": ", result.reason);
  return absl::StrFormat("  %-7s %-18s %5d %-16s %-18s %7d %8.2f %10.4g %-6s %9s %10s  %s", result.check,
                         result.variant, result.rank, result.host, DeviceColumn(result.device), result.iterations,
                         result.seconds, result.value, result.unit, expected, mismatches, status);
}

std::string FormatTelemetryLine(const DeviceTelemetry& t) {
  const std::string who = absl::StrCat("# telemetry rank ", t.rank, " ", t.host, " ", DeviceColumn(t.device), ": ");
  if (!t.available) return absl::StrCat(who, "unavailable (", t.reason, ")\n");
  auto count = [](const std::optional<int64_t>& value) { return value ? absl::StrCat(*value) : std::string("n/a"); };
  return absl::StrCat(
      who,
      absl::StrFormat("max %.0f C, max %.0f W of %.0f W, SM clock %.0f-%.0f MHz, PCIe gen%d x%d (max gen%d x%d), ",
                      t.temperature_max_c, t.power_max_w, t.power_limit_w, t.sm_clock_min_mhz, t.sm_clock_max_mhz,
                      t.pcie_gen_current, t.pcie_width_current, t.pcie_gen_max, t.pcie_width_max),
      "ECC uncorrected ", count(t.ecc_uncorrected_before), " -> ", count(t.ecc_uncorrected_after), ", XIDs [",
      absl::StrJoin(t.xid_events, ","), "], throttle [", absl::StrJoin(t.throttle_reasons, ","), "]\n");
}

}  // namespace spinecheck

#include "reports/readers/burn_reader.h"

namespace spinecheck::json_reader_internal {
namespace {

// The short device form burn records carry: kind, index, uuid, pci_bus_id, model.
DeviceInfo ReadBurnDevice(const JsonNode& node) {
  DeviceInfo device;
  node["kind"].To(device.kind);
  node["index"].To(device.index);
  node["uuid"].To(device.uuid);
  node["pci_bus_id"].To(device.pci_bus_id);
  node["model"].To(device.model);
  return device;
}

}  // namespace

BurnResult ReadBurnResult(const JsonNode& node) {
  BurnResult result;
  node["check"].To(result.check);
  node["variant"].To(result.variant);
  node["rank"].To(result.rank);
  node["host"].To(result.host);
  result.device = ReadBurnDevice(node["device"]);
  node["status"].To(result.status);
  node["reason"].To(result.reason);
  node["seconds"].To(result.seconds);
  node["iterations"].To(result.iterations);
  node["mismatches"].To(result.mismatches);
  node["checked_elements"].To(result.checked_elements);
  node["value"].To(result.value);
  node["unit"].To(result.unit);
  node["expected"].To(result.expected);
  // Details keep the document's order.
  node["details"].ForEachMember([&](const std::string& key, const JsonNode& value) {
    double number = 0;
    value.To(number);
    result.details.emplace_back(key, number);
  });
  return result;
}

DeviceTelemetry ReadTelemetry(const JsonNode& node) {
  DeviceTelemetry t;
  node["rank"].To(t.rank);
  node["host"].To(t.host);
  t.device = ReadBurnDevice(node["device"]);
  node["available"].To(t.available);
  node["reason"].To(t.reason);
  node["samples"].To(t.samples);
  node["temperature_max_c"].To(t.temperature_max_c);
  node["power_max_w"].To(t.power_max_w);
  node["power_limit_w"].To(t.power_limit_w);
  node["sm_clock_min_mhz"].To(t.sm_clock_min_mhz);
  node["sm_clock_max_mhz"].To(t.sm_clock_max_mhz);
  node["throttle_reasons_mask"].To(t.throttle_reasons_mask);
  node["throttle_reasons"].To(t.throttle_reasons);
  const JsonNode ecc = node["ecc"];
  ecc["corrected_before"].To(t.ecc_corrected_before);
  ecc["corrected_after"].To(t.ecc_corrected_after);
  ecc["uncorrected_before"].To(t.ecc_uncorrected_before);
  ecc["uncorrected_after"].To(t.ecc_uncorrected_after);
  const JsonNode retired = node["retired_pages"];
  retired["single_bit"].To(t.retired_pages_sbe);
  retired["double_bit"].To(t.retired_pages_dbe);
  retired["pending"].To(t.retired_pages_pending);
  const JsonNode remapped = node["remapped_rows"];
  remapped["correctable"].To(t.remapped_rows_correctable);
  remapped["uncorrectable"].To(t.remapped_rows_uncorrectable);
  remapped["pending"].To(t.remapped_rows_pending);
  remapped["failure"].To(t.remapped_rows_failure);
  node["xid_events"].To(t.xid_events);
  const JsonNode pcie = node["pcie"];
  pcie["gen_current"].To(t.pcie_gen_current);
  pcie["gen_max"].To(t.pcie_gen_max);
  pcie["width_current"].To(t.pcie_width_current);
  pcie["width_max"].To(t.pcie_width_max);
  return t;
}

DcgmResult ReadDcgmResult(const JsonNode& node) {
  DcgmResult result;
  node["host"].To(result.host);
  node["gpu_index"].To(result.gpu_index);
  node["category"].To(result.category);
  node["test"].To(result.test);
  node["status"].To(result.status);
  node["messages"].To(result.messages);
  return result;
}

}  // namespace spinecheck::json_reader_internal

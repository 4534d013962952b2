#include "reports/writers/burn_json.h"

#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

using Json = nlohmann::ordered_json;

Json DeviceJson(const DeviceInfo& device) {
  return Json{{"kind", device.kind},
              {"index", device.index},
              {"uuid", device.uuid},
              {"pci_bus_id", device.pci_bus_id},
              {"model", device.model}};
}

DeviceInfo DeviceFromJson(const Json& json) {
  DeviceInfo device;
  device.kind = json.at("kind").get<std::string>();
  device.index = json.at("index").get<int>();
  device.uuid = json.at("uuid").get<std::string>();
  device.pci_bus_id = json.at("pci_bus_id").get<std::string>();
  device.model = json.at("model").get<std::string>();
  return device;
}

template <typename T>
Json Optional(const std::optional<T>& value) {
  return value.has_value() ? Json(*value) : Json(nullptr);
}

template <typename T>
std::optional<T> OptionalFrom(const Json& json, const char* key) {
  const Json& value = json.at(key);
  if (value.is_null()) return std::nullopt;
  return value.get<T>();
}

BurnResult BurnResultFromJson(const Json& json) {
  BurnResult result;
  result.check = json.at("check").get<std::string>();
  result.variant = json.at("variant").get<std::string>();
  result.rank = json.at("rank").get<int>();
  result.host = json.at("host").get<std::string>();
  result.device = DeviceFromJson(json.at("device"));
  result.status = json.at("status").get<std::string>();
  result.reason = json.at("reason").get<std::string>();
  result.seconds = json.at("seconds").get<double>();
  result.iterations = json.at("iterations").get<int64_t>();
  result.mismatches = OptionalFrom<int64_t>(json, "mismatches");
  result.checked_elements = json.at("checked_elements").get<int64_t>();
  result.value = json.at("value").get<double>();
  result.unit = json.at("unit").get<std::string>();
  result.expected = json.at("expected").get<double>();
  for (const auto& [key, value] : json.at("details").items()) result.details.emplace_back(key, value.get<double>());
  return result;
}

DeviceTelemetry TelemetryFromJson(const Json& json) {
  DeviceTelemetry t;
  t.rank = json.at("rank").get<int>();
  t.host = json.at("host").get<std::string>();
  t.device = DeviceFromJson(json.at("device"));
  t.available = json.at("available").get<bool>();
  t.reason = json.at("reason").get<std::string>();
  t.samples = json.at("samples").get<int>();
  t.temperature_max_c = json.at("temperature_max_c").get<double>();
  t.power_max_w = json.at("power_max_w").get<double>();
  t.power_limit_w = json.at("power_limit_w").get<double>();
  t.sm_clock_min_mhz = json.at("sm_clock_min_mhz").get<double>();
  t.sm_clock_max_mhz = json.at("sm_clock_max_mhz").get<double>();
  t.throttle_reasons_mask = json.at("throttle_reasons_mask").get<uint64_t>();
  t.throttle_reasons = json.at("throttle_reasons").get<std::vector<std::string>>();
  const Json& ecc = json.at("ecc");
  t.ecc_corrected_before = OptionalFrom<int64_t>(ecc, "corrected_before");
  t.ecc_corrected_after = OptionalFrom<int64_t>(ecc, "corrected_after");
  t.ecc_uncorrected_before = OptionalFrom<int64_t>(ecc, "uncorrected_before");
  t.ecc_uncorrected_after = OptionalFrom<int64_t>(ecc, "uncorrected_after");
  const Json& retired = json.at("retired_pages");
  t.retired_pages_sbe = OptionalFrom<int64_t>(retired, "single_bit");
  t.retired_pages_dbe = OptionalFrom<int64_t>(retired, "double_bit");
  t.retired_pages_pending = retired.at("pending").get<bool>();
  const Json& remapped = json.at("remapped_rows");
  t.remapped_rows_correctable = OptionalFrom<int64_t>(remapped, "correctable");
  t.remapped_rows_uncorrectable = OptionalFrom<int64_t>(remapped, "uncorrectable");
  t.remapped_rows_pending = remapped.at("pending").get<bool>();
  t.remapped_rows_failure = remapped.at("failure").get<bool>();
  t.xid_events = json.at("xid_events").get<std::vector<int64_t>>();
  const Json& pcie = json.at("pcie");
  t.pcie_gen_current = pcie.at("gen_current").get<int>();
  t.pcie_gen_max = pcie.at("gen_max").get<int>();
  t.pcie_width_current = pcie.at("width_current").get<int>();
  t.pcie_width_max = pcie.at("width_max").get<int>();
  return t;
}

DcgmResult DcgmFromJson(const Json& json) {
  DcgmResult result;
  result.host = json.at("host").get<std::string>();
  result.gpu_index = json.at("gpu_index").get<int>();
  result.category = json.at("category").get<std::string>();
  result.test = json.at("test").get<std::string>();
  result.status = json.at("status").get<std::string>();
  result.messages = json.at("messages").get<std::vector<std::string>>();
  return result;
}

}  // namespace

Json ToJson(const BurnResult& result) {
  Json details = Json::object();
  for (const auto& [key, value] : result.details) details[key] = value;
  return Json{{"kind", "burn"},
              {"check", result.check},
              {"variant", result.variant},
              {"rank", result.rank},
              {"host", result.host},
              {"device", DeviceJson(result.device)},
              {"status", result.status},
              {"reason", result.reason},
              {"seconds", result.seconds},
              {"iterations", result.iterations},
              {"mismatches", Optional(result.mismatches)},
              {"checked_elements", result.checked_elements},
              {"value", result.value},
              {"unit", result.unit},
              {"expected", result.expected},
              {"details", details}};
}

Json ToJson(const DeviceTelemetry& t) {
  return Json{{"rank", t.rank},
              {"host", t.host},
              {"device", DeviceJson(t.device)},
              {"available", t.available},
              {"reason", t.reason},
              {"samples", t.samples},
              {"temperature_max_c", t.temperature_max_c},
              {"power_max_w", t.power_max_w},
              {"power_limit_w", t.power_limit_w},
              {"sm_clock_min_mhz", t.sm_clock_min_mhz},
              {"sm_clock_max_mhz", t.sm_clock_max_mhz},
              {"throttle_reasons_mask", t.throttle_reasons_mask},
              {"throttle_reasons", t.throttle_reasons},
              {"ecc",
               {{"corrected_before", Optional(t.ecc_corrected_before)},
                {"corrected_after", Optional(t.ecc_corrected_after)},
                {"uncorrected_before", Optional(t.ecc_uncorrected_before)},
                {"uncorrected_after", Optional(t.ecc_uncorrected_after)}}},
              {"retired_pages",
               {{"single_bit", Optional(t.retired_pages_sbe)},
                {"double_bit", Optional(t.retired_pages_dbe)},
                {"pending", t.retired_pages_pending}}},
              {"remapped_rows",
               {{"correctable", Optional(t.remapped_rows_correctable)},
                {"uncorrectable", Optional(t.remapped_rows_uncorrectable)},
                {"pending", t.remapped_rows_pending},
                {"failure", t.remapped_rows_failure}}},
              {"xid_events", t.xid_events},
              {"pcie",
               {{"gen_current", t.pcie_gen_current},
                {"gen_max", t.pcie_gen_max},
                {"width_current", t.pcie_width_current},
                {"width_max", t.pcie_width_max}}}};
}

Json ToJson(const DcgmResult& result) {
  return Json{{"host", result.host},         {"gpu_index", result.gpu_index}, {"category", result.category},
              {"test", result.test},         {"status", result.status},       {"messages", result.messages}};
}

std::string EncodeBurnRecords(const BurnRecords& records) {
  Json results = Json::array();
  for (const BurnResult& result : records.results) results.push_back(ToJson(result));
  Json telemetry = Json::array();
  for (const DeviceTelemetry& t : records.telemetry) telemetry.push_back(ToJson(t));
  Json dcgm = Json::array();
  for (const DcgmResult& result : records.dcgm) dcgm.push_back(ToJson(result));
  return Json{{"results", results}, {"telemetry", telemetry}, {"dcgm", dcgm}, {"skipped", records.skipped}}.dump(
      -1, ' ', false, Json::error_handler_t::replace);
}

absl::StatusOr<BurnRecords> DecodeBurnRecords(const std::string& text) {
  try {
    const Json json = Json::parse(text);
    BurnRecords records;
    for (const Json& item : json.at("results")) records.results.push_back(BurnResultFromJson(item));
    for (const Json& item : json.at("telemetry")) records.telemetry.push_back(TelemetryFromJson(item));
    for (const Json& item : json.at("dcgm")) records.dcgm.push_back(DcgmFromJson(item));
    records.skipped = json.at("skipped").get<std::vector<std::string>>();
    return records;
  } catch (const Json::exception& e) {
    return absl::DataLossError(absl::StrCat("malformed burn records from a rank: ", e.what()));
  }
}

}  // namespace spinecheck

#include "reports/json/gather_codec.h"

#include <initializer_list>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "reports/json/inventory_json.h"
#include "reports/json/json_read.h"
#include "reports/json/run_document_json.h"

namespace spinecheck {
namespace {

using Json = nlohmann::ordered_json;

std::string Compact(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

// The parsed object; throws JsonReadError when `text` is not JSON, not an
// object, or lacks one of `required`.
Json ParseObject(absl::string_view text, std::initializer_list<const char*> required) {
  Json json = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) throw JsonReadError("not JSON");
  RequireJsonObject(json);
  for (const char* key : required) {
    if (!json.contains(key)) throw JsonReadError(absl::StrCat("has no \"", key, "\""));
  }
  return json;
}

}  // namespace

std::string EncodeRankInfo(const RankInfo& info) {
  Json json = info;
  json["host"] = info.host;
  return Compact(json);
}

absl::StatusOr<RankInfo> DecodeRankInfo(absl::string_view text) {
  try {
    const Json json = ParseObject(text, {"rank", "host", "software"});
    RankInfo info;
    from_json(json, info);
    ReadMember(json, "host", info.host);
    return info;
  } catch (const JsonReadError& error) {
    return absl::DataLossError(absl::StrCat("malformed rank description: ", error.Describe()));
  }
}

std::string EncodeBurnRecords(const BurnRecords& records) {
  return Compact(Json{{"results", records.results},
                      {"telemetry", records.telemetry},
                      {"dcgm", records.dcgm},
                      {"skipped", records.skipped}});
}

absl::StatusOr<BurnRecords> DecodeBurnRecords(absl::string_view text) {
  try {
    const Json json = ParseObject(text, {"results", "telemetry", "dcgm", "skipped"});
    BurnRecords records;
    ReadMember(json, "results", records.results);
    ReadMember(json, "telemetry", records.telemetry);
    ReadMember(json, "dcgm", records.dcgm);
    ReadMember(json, "skipped", records.skipped);
    return records;
  } catch (const JsonReadError& error) {
    return absl::DataLossError(absl::StrCat("malformed burn records from a rank: ", error.Describe()));
  }
}

std::string EncodeNodeInventory(const NodeInventory& inventory) { return Compact(Json(inventory)); }

absl::StatusOr<NodeInventory> DecodeNodeInventory(absl::string_view text) {
  NodeInventory inventory;
  try {
    from_json(ParseObject(text, {"host", "gpus", "gpu_links"}), inventory);
  } catch (const JsonReadError& error) {
    return absl::InvalidArgumentError(absl::StrCat("node inventory: ", error.Describe()));
  }
  const size_t g = inventory.gpus.size();
  const size_t n = inventory.gpu_links.nics.size();
  const GpuLinkMatrix& m = inventory.gpu_links;
  if (m.gpu_gpu.size() != g * g || m.gpu_nic.size() != g * n || m.nic_nic.size() != n * n) {
    return absl::InvalidArgumentError(absl::StrCat("node inventory: /gpu_links: matrices are not ", g, "x", g, ", ",
                                                   g, "x", n, " and ", n, "x", n));
  }
  return inventory;
}

}  // namespace spinecheck

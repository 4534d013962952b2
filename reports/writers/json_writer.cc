#include "reports/writers/json_writer.h"

#include <map>

#include <nlohmann/json.hpp>

#include "reports/json/fabric_json.h"
#include "reports/json/inventory_json.h"
#include "reports/json/run_document_json.h"
#include "reports/writers/output_file.h"

namespace spinecheck {
namespace {

using Json = nlohmann::ordered_json;

Json ToJson(const ConfigValue& value) {
  return std::visit([](const auto& v) { return Json(v); }, value);
}

Json WorldJson(const std::vector<RankInfo>& ranks) {
  std::map<int, const RankInfo*> by_rank;
  for (const RankInfo& rank_info : ranks) by_rank[rank_info.rank] = &rank_info;
  Json hosts = Json::array();
  const auto by_host = RanksByHost(ranks);
  for (const auto& [host, rank_ids] : by_host) {
    Json host_ranks = Json::array();
    for (int id : rank_ids) host_ranks.push_back(*by_rank.at(id));  // without the host: it is this entry's
    hosts.push_back({{"host", host}, {"ranks", host_ranks}});
  }
  return Json{{"size", ranks.size()}, {"host_count", by_host.size()}, {"hosts", hosts}};
}

}  // namespace

std::string RenderJson(const RunDocument& document) {
  Json config = Json::object();
  for (const auto& [key, value] : document.config) config[key] = ToJson(value);
  Json results = Json::array();
  for (const CollectiveRow& row : document.collective_rows) results.push_back(row);
  for (const BurnResult& result : document.burn_results) results.push_back(result);
  for (const BurnResult& result : document.burn_retests) {
    Json retest = result;
    retest["kind"] = "burn_retest";
    results.push_back(std::move(retest));
  }
  Json json{
      {"schema", document.schema},
      {"tool", {{"name", "spinecheck"}, {"version", document.tool_version}}},
      {"command", document.command},
      {"source",
       {{"producer", document.source.producer},
        {"producer_version", document.source.producer_version},
        {"file", document.source.file}}},
      {"argv", document.argv},
      {"start_time", document.start_time},
      {"end_time", document.end_time},
      {"state", RunStateName(document.state)},
      {"config", config},
      {"world", WorldJson(document.ranks)},
      {"environment", document.environment},
      {"results", results},
      {"telemetry", document.telemetry},
      {"dcgm", document.dcgm_results},
      {"skipped", document.skipped},
      {"topology", document.topology ? Json(*document.topology) : Json(nullptr)},
      {"links", document.links ? Json(*document.links) : Json(nullptr)},
      {"inventory", document.inventory},
      {"baseline", {{"file", document.baseline_file}, {"expectations", document.expectations}}},
      {"findings", document.findings},
      {"verdict", document.verdict},
  };
  // Replace invalid UTF-8 (a host name or variable from a broken environment)
  // instead of throwing: the document must always be written.
  return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

absl::Status WriteJsonDocument(const RunDocument& document, const std::string& path) {
  return WriteOutputFile(path, RenderJson(document));
}

}  // namespace spinecheck

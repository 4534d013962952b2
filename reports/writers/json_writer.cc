#include "reports/writers/json_writer.h"

#include <map>

#include <nlohmann/json.hpp>

#include "reports/writers/burn_json.h"
#include "reports/writers/fabric_json.h"
#include "reports/writers/inventory_json.h"
#include "reports/writers/output_file.h"

namespace spinecheck {
namespace {

using Json = nlohmann::ordered_json;

Json ToJson(const TimingStats& stats) {
  return Json{{"samples", stats.samples}, {"min_us", stats.min_us}, {"p50_us", stats.p50_us},
              {"p99_us", stats.p99_us},   {"max_us", stats.max_us}, {"mean_us", stats.mean_us},
              {"cv_pct", stats.cv_pct}};
}

Json ToJson(const PlacementResult& result) {
  if (!result.measured) return Json{{"measured", false}};
  Json wrong_by_rank = Json::array();
  for (const auto& [rank, wrong] : result.wrong_by_rank) wrong_by_rank.push_back({{"rank", rank}, {"wrong", wrong}});
  return Json{{"measured", true},
              {"time_us", result.time_us},
              {"algbw_gbps", result.algbw_gbps},
              {"busbw_gbps", result.busbw_gbps},
              {"wrong", result.wrong.has_value() ? Json(*result.wrong) : Json(nullptr)},
              {"wrong_by_rank", wrong_by_rank},
              {"iterations", ToJson(result.iteration_stats)},
              {"slowest_rank", result.slowest_rank},
              {"slowest_host", result.slowest_host},
              {"rank_time_us", {{"min", result.rank_time_min_us}, {"max", result.rank_time_max_us}}}};
}

Json ToJson(const CollectiveRow& row) {
  return Json{{"kind", "collective"},
              {"collective", row.collective},
              {"size_bytes", row.size_bytes},
              {"count", row.count},
              {"type", row.type},
              {"redop", row.redop},
              {"root", row.root},
              {"ranks", row.ranks},
              {"bus_factor", row.bus_factor},
              {"out_of_place", ToJson(row.out_of_place)},
              {"in_place", ToJson(row.in_place)}};
}

Json ToJson(const Finding& finding) {
  return Json{{"severity", SeverityName(finding.severity)},
              {"check", finding.check},
              {"component",
               {{"kind", finding.component.kind}, {"id", finding.component.id}, {"hosts", finding.component.hosts}}},
              {"ranks", finding.ranks},
              {"measured", finding.measured},
              {"expected", finding.expected},
              {"unit", finding.unit},
              {"message", finding.message},
              {"evidence", finding.evidence},
              {"action", finding.action}};
}

Json ToJson(const Expectation& expectation) {
  return Json{{"check", expectation.check},       {"key", expectation.key},
              {"size_bytes", expectation.size_bytes}, {"metric", expectation.metric},
              {"unit", expectation.unit},         {"expected", expectation.expected},
              {"low", expectation.low},           {"high", expectation.high},
              {"tolerance", expectation.tolerance}, {"platform", expectation.platform}};
}

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
    for (int id : rank_ids) {
      const RankInfo& rank = *by_rank.at(id);
      Json devices = Json::array();
      for (const DeviceInfo& device : rank.devices) {
        devices.push_back({{"kind", device.kind},
                           {"index", device.index},
                           {"uuid", device.uuid},
                           {"pci_bus_id", device.pci_bus_id},
                           {"model", device.model},
                           {"memory_bytes", device.memory_bytes},
                           {"compute_capability", device.compute_capability},
                           {"comm_rank", device.comm_rank}});
      }
      const SoftwareVersions& software = rank.software;
      host_ranks.push_back({{"rank", rank.rank},
                            {"local_rank", rank.local_rank},
                            {"pid", rank.pid},
                            {"devices_visible", rank.devices_visible},
                            {"devices", devices},
                            {"software",
                             {{"cuda_driver", software.cuda_driver},
                              {"cuda_runtime", software.cuda_runtime},
                              {"nccl", software.nccl},
                              {"mpi_library", software.mpi_library}}}});
    }
    hosts.push_back({{"host", host}, {"ranks", host_ranks}});
  }
  return Json{{"size", ranks.size()}, {"host_count", by_host.size()}, {"hosts", hosts}};
}

}  // namespace

std::string RenderJson(const RunDocument& document) {
  Json config = Json::object();
  for (const auto& [key, value] : document.config) config[key] = ToJson(value);
  Json results = Json::array();
  for (const CollectiveRow& row : document.collective_rows) results.push_back(ToJson(row));
  for (const BurnResult& result : document.burn_results) results.push_back(ToJson(result));
  for (const BurnResult& result : document.burn_retests) {
    Json retest = ToJson(result);
    retest["kind"] = "burn_retest";
    results.push_back(std::move(retest));
  }
  Json telemetry = Json::array();
  for (const DeviceTelemetry& t : document.telemetry) telemetry.push_back(ToJson(t));
  Json dcgm = Json::array();
  for (const DcgmResult& result : document.dcgm_results) dcgm.push_back(ToJson(result));
  Json findings = Json::array();
  for (const Finding& finding : document.findings) findings.push_back(ToJson(finding));
  Json inventory = Json::array();
  for (const NodeInventory& node : document.inventory) inventory.push_back(ToJson(node));
  Json expectations = Json::array();
  for (const Expectation& expectation : document.expectations) expectations.push_back(ToJson(expectation));
  const Environment& env = document.environment;
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
      {"state", document.state},
      {"config", config},
      {"world", WorldJson(document.ranks)},
      {"environment",
       {{"backend", env.backend},
        {"backend_reason", env.backend_reason},
        {"mpi_library", env.mpi_library},
        {"mpi_standard", env.mpi_standard},
        {"build", env.build},
        {"nccl_version_build", env.nccl_version_build},
        {"nccl_version_runtime", env.nccl_version_runtime},
        {"cuda_driver", env.cuda_driver},
        {"cuda_runtime", env.cuda_runtime},
        {"variables", env.variables}}},
      {"results", results},
      {"telemetry", telemetry},
      {"dcgm", dcgm},
      {"skipped", document.skipped},
      {"topology", document.topology ? ToJson(*document.topology) : Json(nullptr)},
      {"links", document.links ? ToJson(*document.links) : Json(nullptr)},
      {"inventory", inventory},
      {"baseline", {{"file", document.baseline_file}, {"expectations", expectations}}},
      {"findings", findings},
      {"verdict",
       {{"status", document.verdict.status},
        {"exit_code", static_cast<int>(document.verdict.exit_code)},
        {"reason", document.verdict.reason},
        {"drain", document.verdict.drain}}},
  };
  // Replace invalid UTF-8 (a host name or variable from a broken environment)
  // instead of throwing: the document must always be written.
  return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

absl::Status WriteJsonDocument(const RunDocument& document, const std::string& path) {
  return WriteOutputFile(path, RenderJson(document));
}

}  // namespace spinecheck

#include "reports/readers/json_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "reports/readers/burn_reader.h"
#include "reports/readers/document_checks.h"
#include "reports/readers/fabric_reader.h"
#include "reports/readers/inventory_reader.h"
#include "reports/readers/json_node.h"

namespace spinecheck {
namespace {

using json_reader_internal::CheckNumbers;
using json_reader_internal::CheckVerdict;
using json_reader_internal::Json;
using json_reader_internal::JsonNode;
using json_reader_internal::ReadErrors;

void ReadStats(const JsonNode& node, TimingStats& stats) {
  node["samples"].To(stats.samples);
  node["min_us"].To(stats.min_us);
  node["p50_us"].To(stats.p50_us);
  node["p99_us"].To(stats.p99_us);
  node["max_us"].To(stats.max_us);
  node["mean_us"].To(stats.mean_us);
  node["cv_pct"].To(stats.cv_pct);
}

// A placement that was not measured is {"measured": false}; its other keys,
// if any, are not read.
void ReadPlacement(const JsonNode& node, PlacementResult& result) {
  node["measured"].To(result.measured);
  if (!result.measured) return;
  node["time_us"].To(result.time_us);
  node["algbw_gbps"].To(result.algbw_gbps);
  node["busbw_gbps"].To(result.busbw_gbps);
  node["wrong"].To(result.wrong);
  node["wrong_by_rank"].AppendEach(result.wrong_by_rank, [](const JsonNode& element, std::pair<int, int64_t>& entry) {
    element["rank"].To(entry.first);
    element["wrong"].To(entry.second);
  });
  ReadStats(node["iterations"], result.iteration_stats);
  node["slowest_rank"].To(result.slowest_rank);
  node["slowest_host"].To(result.slowest_host);
  node["rank_time_us"]["min"].To(result.rank_time_min_us);
  node["rank_time_us"]["max"].To(result.rank_time_max_us);
}

CollectiveRow ReadCollectiveRow(const JsonNode& node) {
  CollectiveRow row;
  node["collective"].To(row.collective);
  node["size_bytes"].To(row.size_bytes);
  node["count"].To(row.count);
  node["type"].To(row.type);
  node["redop"].To(row.redop);
  node["root"].To(row.root);
  node["ranks"].To(row.ranks);
  node["bus_factor"].To(row.bus_factor);
  ReadPlacement(node["out_of_place"], row.out_of_place);
  ReadPlacement(node["in_place"], row.in_place);
  return row;
}

// `results`: collective rows, burn results and burn retests, each in document order;
// entries of another kind are skipped.
void ReadResults(const JsonNode& node, RunDocument& document) {
  node.ForEach([&](const JsonNode& entry) {
    std::string kind;
    entry["kind"].To(kind);
    if (kind == "collective") {
      document.collective_rows.push_back(ReadCollectiveRow(entry));
    } else if (kind == "burn") {
      document.burn_results.push_back(json_reader_internal::ReadBurnResult(entry));
    } else if (kind == "burn_retest") {
      document.burn_retests.push_back(json_reader_internal::ReadBurnResult(entry));
    }
  });
}

// A config value keeps the JSON type: integer, number, boolean or string.
// null is a double NaN, the writer's form of a non-finite double.
void ReadConfig(const JsonNode& node, RunDocument& document) {
  node.ForEachMember([&](const std::string& key, const JsonNode& value) {
    const Json& json = value.json();
    if (json.is_boolean()) {
      document.config.emplace_back(key, json.get<bool>());
    } else if (json.is_string()) {
      document.config.emplace_back(key, json.get<std::string>());
    } else if (json.is_number_float() || json.is_null()) {
      double number = 0;
      value.To(number);
      document.config.emplace_back(key, number);
    } else if (json.is_number_integer()) {
      int64_t number = 0;
      value.To(number);
      document.config.emplace_back(key, number);
    } else {
      value.FailType("an integer, number, boolean or string");
    }
  });
}

DeviceInfo ReadDevice(const JsonNode& node) {
  DeviceInfo device;
  node["kind"].To(device.kind);
  node["index"].To(device.index);
  node["uuid"].To(device.uuid);
  node["pci_bus_id"].To(device.pci_bus_id);
  node["model"].To(device.model);
  node["memory_bytes"].To(device.memory_bytes);
  node["compute_capability"].To(device.compute_capability);
  node["comm_rank"].To(device.comm_rank);
  return device;
}

// `world.hosts[].ranks[]`, flattened and sorted by rank; size and
// host_count are derived from them, not read.
void ReadWorld(const JsonNode& node, RunDocument& document) {
  node["hosts"].ForEach([&](const JsonNode& host_node) {
    std::string host;
    host_node["host"].To(host);
    host_node["ranks"].ForEach([&](const JsonNode& rank_node) {
      RankInfo rank;
      rank.host = host;
      rank_node["rank"].To(rank.rank);
      rank_node["local_rank"].To(rank.local_rank);
      rank_node["pid"].To(rank.pid);
      rank_node["devices_visible"].To(rank.devices_visible);
      rank_node["devices"].ForEach([&](const JsonNode& device) { rank.devices.push_back(ReadDevice(device)); });
      const JsonNode software = rank_node["software"];
      software["cuda_driver"].To(rank.software.cuda_driver);
      software["cuda_runtime"].To(rank.software.cuda_runtime);
      software["nccl"].To(rank.software.nccl);
      software["mpi_library"].To(rank.software.mpi_library);
      document.ranks.push_back(std::move(rank));
    });
  });
  std::stable_sort(document.ranks.begin(), document.ranks.end(),
                   [](const RankInfo& a, const RankInfo& b) { return a.rank < b.rank; });
}

void ReadEnvironment(const JsonNode& node, Environment& env) {
  node["backend"].To(env.backend);
  node["backend_reason"].To(env.backend_reason);
  node["mpi_library"].To(env.mpi_library);
  node["mpi_standard"].To(env.mpi_standard);
  node["build"].To(env.build);
  node["nccl_version_build"].To(env.nccl_version_build);
  node["nccl_version_runtime"].To(env.nccl_version_runtime);
  node["cuda_driver"].To(env.cuda_driver);
  node["cuda_runtime"].To(env.cuda_runtime);
  node["variables"].To(env.variables);
}

Finding ReadFinding(const JsonNode& node) {
  Finding finding;
  std::string severity;
  node["severity"].To(severity);
  if (!node.failed()) {
    absl::StatusOr<Severity> parsed = ParseSeverity(severity);
    if (parsed.ok()) {
      finding.severity = *parsed;
    } else {
      node["severity"].Fail(parsed.status().message());
    }
  }
  node["check"].To(finding.check);
  node["component"]["kind"].To(finding.component.kind);
  node["component"]["id"].To(finding.component.id);
  node["component"]["hosts"].To(finding.component.hosts);
  node["ranks"].To(finding.ranks);
  node["measured"].To(finding.measured);
  node["expected"].To(finding.expected);
  node["unit"].To(finding.unit);
  node["message"].To(finding.message);
  node["evidence"].To(finding.evidence);
  node["action"].To(finding.action);
  return finding;
}

Expectation ReadExpectation(const JsonNode& node) {
  Expectation expectation;
  node["check"].To(expectation.check);
  node["key"].To(expectation.key);
  node["size_bytes"].To(expectation.size_bytes);
  node["metric"].To(expectation.metric);
  node["unit"].To(expectation.unit);
  node["expected"].To(expectation.expected);
  node["low"].To(expectation.low);
  node["high"].To(expectation.high);
  node["tolerance"].To(expectation.tolerance);
  node["platform"].To(expectation.platform);
  return expectation;
}

// exit_code is one of the ExitCode classes (0 to 4).
void ReadVerdict(const JsonNode& node, Verdict& verdict) {
  node["status"].To(verdict.status);
  const JsonNode exit_code = node["exit_code"];
  int code = static_cast<int>(verdict.exit_code);
  exit_code.To(code);
  if (code < static_cast<int>(ExitCode::kPass) || code > static_cast<int>(ExitCode::kTimeout)) {
    exit_code.Fail(absl::StrCat("expected an exit code from 0 to 4, got ", code));
  } else {
    verdict.exit_code = static_cast<ExitCode>(code);
  }
  node["reason"].To(verdict.reason);
  node["drain"].To(verdict.drain);
}

// Everything but `schema`, in the writer's key order.
void ReadBody(const JsonNode& root, RunDocument& document) {
  root["tool"]["version"].To(document.tool_version);
  root["command"].To(document.command);
  root["source"]["producer"].To(document.source.producer);
  root["source"]["producer_version"].To(document.source.producer_version);
  root["source"]["file"].To(document.source.file);
  root["argv"].To(document.argv);
  root["start_time"].To(document.start_time);
  root["end_time"].To(document.end_time);
  root["state"].To(document.state);
  ReadConfig(root["config"], document);
  ReadWorld(root["world"], document);
  ReadEnvironment(root["environment"], document.environment);
  ReadResults(root["results"], document);
  root["telemetry"].ForEach(
      [&](const JsonNode& node) { document.telemetry.push_back(json_reader_internal::ReadTelemetry(node)); });
  root["dcgm"].ForEach(
      [&](const JsonNode& node) { document.dcgm_results.push_back(json_reader_internal::ReadDcgmResult(node)); });
  root["skipped"].To(document.skipped);
  const JsonNode topology = root["topology"];
  if (!topology.absent() && !topology.is_null()) document.topology = json_reader_internal::ReadClusterMap(topology);
  const JsonNode links = root["links"];
  if (!links.absent() && !links.is_null()) document.links = json_reader_internal::ReadLinkMatrices(links);
  root["inventory"].ForEach(
      [&](const JsonNode& node) { document.inventory.push_back(json_reader_internal::ReadNodeInventory(node)); });
  root["baseline"]["file"].To(document.baseline_file);
  root["baseline"]["expectations"].ForEach(
      [&](const JsonNode& node) { document.expectations.push_back(ReadExpectation(node)); });
  root["findings"].ForEach([&](const JsonNode& node) { document.findings.push_back(ReadFinding(node)); });
  ReadVerdict(root["verdict"], document.verdict);
}

absl::StatusOr<RunDocument> ReadParsed(const Json& json, absl::string_view source_name) {
  ReadErrors errors(source_name);
  const JsonNode root(&json, "", errors);
  if (!json.is_object()) {
    root.FailType("an object");
    return errors.status();
  }
  RunDocument document;
  const JsonNode schema = root["schema"];
  if (schema.absent()) {
    return absl::InvalidArgumentError(absl::StrCat(source_name, ": has no \"schema\"; this spinecheck reads ",
                                                   kSchema, " documents"));
  }
  schema.To(document.schema);
  if (errors.failed()) return errors.status();
  if (document.schema != kSchema) {
    return absl::InvalidArgumentError(absl::StrCat(source_name, ": schema \"", document.schema, "\" is not ", kSchema,
                                                   "; this spinecheck reads ", kSchema, " documents"));
  }
  if (absl::Status numbers = CheckNumbers(json, source_name); !numbers.ok()) return numbers;
  ReadBody(root, document);
  if (errors.failed()) return errors.status();
  if (absl::Status verdict = CheckVerdict(json, document, source_name); !verdict.ok()) return verdict;
  return document;
}

}  // namespace

absl::StatusOr<RunDocument> ParseRunDocument(std::string_view json_text, std::string_view source_name) {
  const absl::string_view source(source_name.data(), source_name.size());
  Json json;
  try {
    json = Json::parse(json_text.begin(), json_text.end());
  } catch (const Json::exception& error) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": not a JSON document: ", error.what()));
  }
  try {
    return ReadParsed(json, source);
  } catch (const Json::exception& error) {
    // JsonNode checks every type before reading, so this is not expected;
    // it keeps the promise that no exception escapes.
    return absl::InvalidArgumentError(absl::StrCat(source, ": ", error.what()));
  }
}

absl::StatusOr<RunDocument> ReadRunDocument(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": is a folder, not a result document"));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot be read: ", std::strerror(errno)));
  }
  return ParseRunDocument(text.str(), path);
}

}  // namespace spinecheck

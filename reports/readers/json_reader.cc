#include "reports/readers/json_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "reports/json/fabric_json.h"
#include "reports/json/inventory_json.h"
#include "reports/json/json_read.h"
#include "reports/json/run_document_json.h"
#include "reports/readers/document_checks.h"

namespace spinecheck {
namespace {

using json_reader_internal::CheckNumbers;
using json_reader_internal::CheckVerdict;
using Json = nlohmann::ordered_json;

// `results`: collective rows, burn results and burn retests, each in document order;
// entries of another kind are skipped.
void ReadResults(const Json& results, RunDocument& document) {
  ReadEachElement(results, [&](const Json& entry) {
    std::string kind;
    ReadMember(entry, "kind", kind);
    if (kind == "collective") {
      ReadJsonValue(entry, document.collective_rows.emplace_back());
    } else if (kind == "burn") {
      ReadJsonValue(entry, document.burn_results.emplace_back());
    } else if (kind == "burn_retest") {
      ReadJsonValue(entry, document.burn_retests.emplace_back());
    }
  });
}

// A config value keeps the JSON type: integer, number, boolean or string.
// null is a double NaN, the writer's form of a non-finite double.
void ReadConfig(const Json& config, RunDocument& document) {
  ReadEachMember(config, [&](const std::string& key, const Json& value) {
    if (value.is_boolean()) {
      document.config.emplace_back(key, value.get<bool>());
    } else if (value.is_string()) {
      document.config.emplace_back(key, value.get<std::string>());
    } else if (value.is_number_float() || value.is_null()) {
      double number = 0;
      ReadJsonValue(value, number);
      document.config.emplace_back(key, number);
    } else if (value.is_number_integer()) {
      int64_t number = 0;
      ReadJsonValue(value, number);
      document.config.emplace_back(key, number);
    } else {
      ThrowExpected(value, "an integer, number, boolean or string");
    }
  });
}

// `world.hosts[].ranks[]`, flattened and sorted by rank; size and
// host_count are derived from them, not read.
void ReadWorld(const Json& world, RunDocument& document) {
  ReadMemberWith(world, "hosts", [&](const Json& hosts) {
    ReadEachElement(hosts, [&](const Json& host_entry) {
      std::string host;
      ReadMember(host_entry, "host", host);
      ReadMemberWith(host_entry, "ranks", [&](const Json& ranks) {
        ReadEachElement(ranks, [&](const Json& rank_entry) {
          RankInfo rank;
          rank.host = host;
          ReadJsonValue(rank_entry, rank);
          document.ranks.push_back(std::move(rank));
        });
      });
    });
  });
  std::stable_sort(document.ranks.begin(), document.ranks.end(),
                   [](const RankInfo& a, const RankInfo& b) { return a.rank < b.rank; });
}

// Everything but `schema`, in the writer's key order.
void ReadBody(const Json& root, RunDocument& document) {
  ReadMemberWith(root, "tool", [&](const Json& tool) { ReadMember(tool, "version", document.tool_version); });
  ReadMember(root, "command", document.command);
  ReadMemberWith(root, "source", [&](const Json& source) {
    ReadMember(source, "producer", document.source.producer);
    ReadMember(source, "producer_version", document.source.producer_version);
    ReadMember(source, "file", document.source.file);
  });
  ReadMember(root, "argv", document.argv);
  ReadMember(root, "start_time", document.start_time);
  ReadMember(root, "end_time", document.end_time);
  ReadNamedMember(root, "state", document.state, ParseRunState);
  ReadMemberWith(root, "config", [&](const Json& config) { ReadConfig(config, document); });
  ReadMemberWith(root, "world", [&](const Json& world) { ReadWorld(world, document); });
  ReadMember(root, "environment", document.environment);
  ReadMemberWith(root, "results", [&](const Json& results) { ReadResults(results, document); });
  ReadMember(root, "telemetry", document.telemetry);
  ReadMember(root, "dcgm", document.dcgm_results);
  ReadMember(root, "skipped", document.skipped);
  ReadMemberWith(root, "topology", [&](const Json& topology) {
    if (!topology.is_null()) ReadJsonValue(topology, document.topology.emplace());
  });
  ReadMemberWith(root, "links", [&](const Json& links) {
    if (!links.is_null()) ReadJsonValue(links, document.links.emplace());
  });
  ReadMember(root, "inventory", document.inventory);
  ReadMemberWith(root, "baseline", [&](const Json& baseline) {
    ReadMember(baseline, "file", document.baseline_file);
    ReadMember(baseline, "expectations", document.expectations);
  });
  ReadMember(root, "findings", document.findings);
  ReadMember(root, "verdict", document.verdict);
}

absl::StatusOr<RunDocument> ReadParsed(const Json& json, absl::string_view source_name) {
  RunDocument document;
  try {
    RequireJsonObject(json);
    if (!json.contains("schema")) {
      return absl::InvalidArgumentError(absl::StrCat(source_name, ": has no \"schema\"; this spinecheck reads ",
                                                     kSchema, " documents"));
    }
    ReadMember(json, "schema", document.schema);
  } catch (const JsonReadError& error) {
    return absl::InvalidArgumentError(absl::StrCat(source_name, ": ", error.Describe()));
  }
  if (document.schema != kSchema) {
    return absl::InvalidArgumentError(absl::StrCat(source_name, ": schema \"", document.schema, "\" is not ", kSchema,
                                                   "; this spinecheck reads ", kSchema, " documents"));
  }
  if (absl::Status numbers = CheckNumbers(json, source_name); !numbers.ok()) return numbers;
  try {
    ReadBody(json, document);
  } catch (const JsonReadError& error) {
    return absl::InvalidArgumentError(absl::StrCat(source_name, ": ", error.Describe()));
  }
  if (absl::Status verdict = CheckVerdict(json, document, source_name); !verdict.ok()) return verdict;
  return document;
}

// The text of the file at `path`; kNotFound or kInvalidArgument naming it.
absl::StatusOr<std::string> ReadDocumentText(const std::string& path) {
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
  return text.str();
}

// `text` parsed; kInvalidArgument naming `source` when it is not JSON.
absl::StatusOr<Json> ParseJson(std::string_view text, absl::string_view source) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::exception& error) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": not a JSON document: ", error.what()));
  }
}

}  // namespace

absl::StatusOr<RunDocument> ParseRunDocument(std::string_view json_text, std::string_view source_name) {
  const absl::string_view source(source_name.data(), source_name.size());
  absl::StatusOr<Json> json = ParseJson(json_text, source);
  if (!json.ok()) return json.status();
  return ReadParsed(*json, source);
}

absl::StatusOr<RunDocument> ReadRunDocument(const std::string& path) {
  absl::StatusOr<std::string> text = ReadDocumentText(path);
  if (!text.ok()) return text.status();
  return ParseRunDocument(*text, path);
}

absl::StatusOr<LinkMatrices> ReadLinkMatricesFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadDocumentText(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<Json> json = ParseJson(*text, path);
  if (!json.ok()) return json.status();
  if (!json->is_object() || !json->contains("links") || !(*json)["links"].is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": has no \"links\" object; give a document written by spinecheck links --json"));
  }
  const Json& links = (*json)["links"];
  LinkMatrices matrices;
  try {
    ReadJsonValue(links, matrices);
  } catch (const JsonReadError& error) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": /links", error.pointer(), ": ", error.message()));
  }
  if (matrices.hosts.empty() || matrices.bibw_gbps.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": links has no hosts or bibw_gbps"));
  }
  // A matrix the document leaves out is all missing entries.
  const size_t n = matrices.size();
  if (matrices.latency_us.empty()) matrices.latency_us.assign(n * n, LinkMatrices::kMissing);
  return matrices;
}

}  // namespace spinecheck

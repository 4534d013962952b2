#include "reports/writers/fabric_json.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

using Json = nlohmann::ordered_json;

Json Rounded(float value) {
  if (std::isnan(value)) return nullptr;
  if (value == 0.0f) return 0.0;
  const double magnitude = std::pow(10.0, 3 - static_cast<int>(std::floor(std::log10(std::fabs(value)))));
  return std::round(static_cast<double>(value) * magnitude) / magnitude;
}

Json Rows(const std::vector<float>& matrix, size_t n) {
  Json rows = Json::array();
  for (size_t i = 0; i < n; ++i) {
    Json row = Json::array();
    for (size_t j = 0; j < n; ++j) row.push_back(Rounded(matrix[i * n + j]));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

Json ToJson(const ClusterMap& map) {
  Json hosts = Json::array();
  for (const FabricHost& host : map.hosts) hosts.push_back({{"name", host.name}, {"switches", host.switches}});
  Json switches = Json::array();
  for (const FabricSwitch& fabric_switch : map.switches) {
    switches.push_back({{"name", fabric_switch.name}, {"level", fabric_switch.level}, {"parents", fabric_switch.parents}});
  }
  Json links = Json::array();
  for (const FabricLink& link : map.links) {
    links.push_back({{"id", FabricLinkId(link.lower, link.upper)},
                     {"lower", link.lower},
                     {"upper", link.upper},
                     {"rate_gbps", link.rate_gbps}});
  }
  return Json{{"source", map.source}, {"hosts", hosts}, {"switches", switches}, {"links", links}};
}

Json ToJson(const LinkMatrices& matrices) {
  const size_t n = matrices.size();
  Json retested = Json::array();
  for (size_t i = 0; i < n && matrices.retested.size() == n * n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      if (matrices.retested[i * n + j]) retested.push_back({matrices.hosts[i], matrices.hosts[j]});
    }
  }
  return Json{{"hosts", matrices.hosts},
              {"schedule", matrices.schedule},
              {"rounds", matrices.rounds},
              {"retest_rounds", matrices.retest_rounds},
              {"bandwidth_bytes", matrices.bandwidth_bytes},
              {"latency_bytes", matrices.latency_bytes},
              {"repetitions", matrices.repetitions},
              {"unreachable", matrices.unreachable},
              {"retested_pairs", retested},
              {"bibw_gbps", matrices.bibw_gbps.size() == n * n ? Rows(matrices.bibw_gbps, n) : Json::array()},
              {"latency_us", matrices.latency_us.size() == n * n ? Rows(matrices.latency_us, n) : Json::array()}};
}

absl::StatusOr<LinkMatrices> ReadLinkMatrices(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot be read (give a document written by links --json)"));
  std::stringstream text;
  text << in.rdbuf();
  const Json json = Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return absl::InvalidArgumentError(absl::StrCat(path, ": not JSON"));
  if (!json.contains("links") || !json["links"].is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": has no \"links\" object; a baseline is a document written by spinecheck links --json"));
  }
  const Json& links = json["links"];
  LinkMatrices matrices;
  if (!links.contains("hosts") || !links["hosts"].is_array() || !links.contains("bibw_gbps") ||
      !links["bibw_gbps"].is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": links has no hosts or bibw_gbps"));
  }
  for (const Json& host : links["hosts"]) {
    if (!host.is_string()) return absl::InvalidArgumentError(absl::StrCat(path, ": links.hosts holds a non-string"));
    matrices.hosts.push_back(host.get<std::string>());
  }
  const size_t n = matrices.hosts.size();
  for (const char* key : {"bibw_gbps", "latency_us"}) {
    std::vector<float>& matrix = std::string(key) == "bibw_gbps" ? matrices.bibw_gbps : matrices.latency_us;
    matrix.assign(n * n, LinkMatrices::kMissing);
    if (!links.contains(key)) continue;
    const Json& rows = links[key];
    if (!rows.is_array() || rows.size() != n) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": links.", key, " must have ", n, " rows"));
    }
    for (size_t i = 0; i < n; ++i) {
      if (!rows[i].is_array() || rows[i].size() != n) {
        return absl::InvalidArgumentError(absl::StrCat(path, ": links.", key, " row ", i, " must have ", n, " entries"));
      }
      for (size_t j = 0; j < n; ++j) {
        const Json& value = rows[i][j];
        if (value.is_number()) {
          matrix[i * n + j] = value.get<float>();
        } else if (!value.is_null()) {
          return absl::InvalidArgumentError(absl::StrCat(path, ": links.", key, "[", i, "][", j, "] is not a number"));
        }
      }
    }
  }
  matrices.retested.assign(n * n, 0);
  return matrices;
}

}  // namespace spinecheck

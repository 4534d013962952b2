#include "reports/json/fabric_json.h"

#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "reports/json/json_fields.h"

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
  if (matrix.size() != n * n) return Json::array();
  Json rows = Json::array();
  for (size_t i = 0; i < n; ++i) {
    Json row = Json::array();
    for (size_t j = 0; j < n; ++j) row.push_back(Rounded(matrix[i * n + j]));
    rows.push_back(std::move(row));
  }
  return rows;
}

// An n x n matrix of numbers or nulls, row-major; empty for an empty array.
std::vector<float> ReadMatrix(const Json& rows, size_t n) {
  if (!rows.is_array()) ThrowExpected(rows, "an array of rows");
  if (rows.empty()) return {};
  if (rows.size() != n) throw JsonReadError(absl::StrCat("expected ", n, " rows (one per host), got ", rows.size()));
  std::vector<float> matrix(n * n, LinkMatrices::kMissing);
  size_t i = 0;
  ReadEachElement(rows, [&](const Json& row) {
    if (!row.is_array() || row.size() != n) {
      throw JsonReadError(absl::StrCat("expected an array of ", n, " numbers or nulls (one per host)"));
    }
    size_t j = 0;
    ReadEachElement(row, [&](const Json& entry) {
      double value = std::numeric_limits<double>::quiet_NaN();
      ReadJsonValue(entry, value);
      if (std::isfinite(value) && std::fabs(value) > std::numeric_limits<float>::max()) {
        throw JsonReadError(absl::StrCat("expected a number within float range, got ", value));
      }
      matrix[i * n + j++] = static_cast<float>(value);
    });
    ++i;
  });
  return matrix;
}

// The index of `host` in `hosts`; throws when it is not one of them.
size_t HostIndex(const std::vector<std::string>& hosts, const std::string& host) {
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (hosts[i] == host) return i;
  }
  throw JsonReadError(absl::StrCat("\"", host, "\" is not one of links.hosts"));
}

const auto kHostFields = std::make_tuple(Field("name", &FabricHost::name), Field("switches", &FabricHost::switches));

const auto kSwitchFields = std::make_tuple(Field("name", &FabricSwitch::name), Field("level", &FabricSwitch::level),
                                           Field("parents", &FabricSwitch::parents));

// After the derived "id".
const auto kLinkFields = std::make_tuple(Field("lower", &FabricLink::lower), Field("upper", &FabricLink::upper),
                                         Field("rate_gbps", &FabricLink::rate_gbps));

const auto kMapFields = std::make_tuple(Field("source", &ClusterMap::source), Field("hosts", &ClusterMap::hosts),
                                        Field("switches", &ClusterMap::switches), Field("links", &ClusterMap::links));

}  // namespace

void to_json(Json& json, const FabricHost& host) { WriteFields(json, host, kHostFields); }
void from_json(const Json& json, FabricHost& host) { ReadFields(json, host, kHostFields); }

void to_json(Json& json, const FabricSwitch& fabric_switch) { WriteFields(json, fabric_switch, kSwitchFields); }
void from_json(const Json& json, FabricSwitch& fabric_switch) { ReadFields(json, fabric_switch, kSwitchFields); }

void to_json(Json& json, const FabricLink& link) {
  json = Json{{"id", FabricLinkId(link.lower, link.upper)}};
  WriteFields(json, link, kLinkFields);
}

void from_json(const Json& json, FabricLink& link) { ReadFields(json, link, kLinkFields); }

void to_json(Json& json, const ClusterMap& map) { WriteFields(json, map, kMapFields); }
void from_json(const Json& json, ClusterMap& map) { ReadFields(json, map, kMapFields); }

void to_json(Json& json, const LinkMatrices& matrices) {
  const size_t n = matrices.size();
  Json retested = Json::array();
  for (size_t i = 0; i < n && matrices.retested.size() == n * n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      if (matrices.retested[i * n + j]) retested.push_back({matrices.hosts[i], matrices.hosts[j]});
    }
  }
  json = Json{{"hosts", matrices.hosts},
              {"schedule", matrices.schedule},
              {"rounds", matrices.rounds},
              {"retest_rounds", matrices.retest_rounds},
              {"bandwidth_bytes", matrices.bandwidth_bytes},
              {"latency_bytes", matrices.latency_bytes},
              {"repetitions", matrices.repetitions},
              {"unreachable", matrices.unreachable},
              {"retested_pairs", retested},
              {"bibw_gbps", Rows(matrices.bibw_gbps, n)},
              {"latency_us", Rows(matrices.latency_us, n)}};
}

void from_json(const Json& json, LinkMatrices& matrices) {
  ReadMember(json, "hosts", matrices.hosts);
  ReadMember(json, "schedule", matrices.schedule);
  ReadMember(json, "rounds", matrices.rounds);
  ReadMember(json, "retest_rounds", matrices.retest_rounds);
  ReadMember(json, "bandwidth_bytes", matrices.bandwidth_bytes);
  ReadMember(json, "latency_bytes", matrices.latency_bytes);
  ReadMember(json, "repetitions", matrices.repetitions);
  ReadMember(json, "unreachable", matrices.unreachable);
  const size_t n = matrices.hosts.size();
  matrices.retested.assign(n * n, 0);
  ReadMemberWith(json, "retested_pairs", [&](const Json& pairs) {
    ReadEachElement(pairs, [&](const Json& pair) {
      std::vector<std::string> names;
      ReadJsonValue(pair, names);
      if (names.size() != 2) throw JsonReadError("expected a pair of host names");
      size_t ends[2];
      for (size_t k = 0; k < 2; ++k) {
        try {
          ends[k] = HostIndex(matrices.hosts, names[k]);
        } catch (JsonReadError& error) {
          error.AddParent(k);
          throw;
        }
      }
      matrices.retested[ends[0] * n + ends[1]] = 1;
      matrices.retested[ends[1] * n + ends[0]] = 1;
    });
  });
  ReadMemberWith(json, "bibw_gbps", [&](const Json& rows) { matrices.bibw_gbps = ReadMatrix(rows, n); });
  ReadMemberWith(json, "latency_us", [&](const Json& rows) { matrices.latency_us = ReadMatrix(rows, n); });
}

}  // namespace spinecheck

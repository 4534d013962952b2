#include "reports/readers/fabric_reader.h"

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace spinecheck::json_reader_internal {
namespace {

// An N x N matrix given as N rows of N numbers or nulls, row-major.
std::vector<float> ReadMatrix(const JsonNode& node, size_t n) {
  std::vector<float> matrix;
  if (node.absent() || node.failed()) return matrix;
  if (!node.json().is_array()) {
    node.FailType("an array of rows");
    return matrix;
  }
  if (node.size() == 0) return matrix;
  if (node.size() != n) {
    node.Fail(absl::StrCat("expected ", n, " rows (one per host), got ", node.size()));
    return matrix;
  }
  matrix.assign(n * n, LinkMatrices::kMissing);
  for (size_t i = 0; i < n && !node.failed(); ++i) {
    const JsonNode row = node.Element(i);
    if (!row.json().is_array() || row.size() != n) {
      row.Fail(absl::StrCat("expected an array of ", n, " numbers or nulls (one per host)"));
      break;
    }
    for (size_t j = 0; j < n; ++j) {
      const JsonNode entry = row.Element(j);
      double value = std::numeric_limits<double>::quiet_NaN();
      entry.To(value);
      if (std::isfinite(value) && std::fabs(value) > std::numeric_limits<float>::max()) {
        entry.Fail(absl::StrCat("expected a number within float range, got ", value));
        break;
      }
      matrix[i * n + j] = static_cast<float>(value);
    }
  }
  return matrix;
}

// The index of `host` in `hosts`; nothing (recorded as an error at `node`) when absent.
std::optional<size_t> HostIndex(const std::vector<std::string>& hosts, const std::string& host,
                                const JsonNode& node) {
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (hosts[i] == host) return i;
  }
  node.Fail(absl::StrCat("\"", host, "\" is not one of links.hosts"));
  return std::nullopt;
}

}  // namespace

ClusterMap ReadClusterMap(const JsonNode& node) {
  ClusterMap map;
  node["source"].To(map.source);
  node["hosts"].AppendEach(map.hosts, [](const JsonNode& element, FabricHost& host) {
    element["name"].To(host.name);
    element["switches"].To(host.switches);
  });
  node["switches"].AppendEach(map.switches, [](const JsonNode& element, FabricSwitch& fabric_switch) {
    element["name"].To(fabric_switch.name);
    element["level"].To(fabric_switch.level);
    element["parents"].To(fabric_switch.parents);
  });
  node["links"].AppendEach(map.links, [](const JsonNode& element, FabricLink& link) {
    element["lower"].To(link.lower);
    element["upper"].To(link.upper);
    element["rate_gbps"].To(link.rate_gbps);
  });
  return map;
}

LinkMatrices ReadLinkMatrices(const JsonNode& node) {
  LinkMatrices matrices;
  node["hosts"].To(matrices.hosts);
  node["schedule"].To(matrices.schedule);
  node["rounds"].To(matrices.rounds);
  node["retest_rounds"].To(matrices.retest_rounds);
  node["bandwidth_bytes"].To(matrices.bandwidth_bytes);
  node["latency_bytes"].To(matrices.latency_bytes);
  node["repetitions"].To(matrices.repetitions);
  node["unreachable"].To(matrices.unreachable);
  const size_t n = matrices.hosts.size();
  matrices.retested.assign(n * n, 0);
  node["retested_pairs"].ForEach([&](const JsonNode& pair) {
    std::vector<std::string> names;
    pair.To(names);
    if (pair.failed()) return;
    if (names.size() != 2) {
      pair.Fail("expected a pair of host names");
      return;
    }
    const std::optional<size_t> i = HostIndex(matrices.hosts, names[0], pair.Element(0));
    const std::optional<size_t> j = HostIndex(matrices.hosts, names[1], pair.Element(1));
    if (!i.has_value() || !j.has_value()) return;
    matrices.retested[*i * n + *j] = 1;
    matrices.retested[*j * n + *i] = 1;
  });
  matrices.bibw_gbps = ReadMatrix(node["bibw_gbps"], n);
  matrices.latency_us = ReadMatrix(node["latency_us"], n);
  return matrices;
}

}  // namespace spinecheck::json_reader_internal

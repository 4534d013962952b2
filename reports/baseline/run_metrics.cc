#include "reports/baseline/run_metrics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

using SampleId = std::tuple<std::string, std::string, int, uint64_t, std::string, std::string>;

void AddSamples(const std::map<SampleId, std::vector<double>>& grouped, std::vector<MetricSample>& out) {
  for (const auto& [id, values] : grouped) {
    const auto& [check, key, ranks, size_bytes, metric, unit] = id;
    out.push_back(MetricSample{check, key, ranks, size_bytes, metric, unit, Median(values)});
  }
}

bool Measured(float value) { return std::isfinite(value); }

}  // namespace

bool LowerIsBetter(absl::string_view metric) {
  return absl::EndsWith(metric, "_us");
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t middle = values.size() / 2;
  if (values.size() % 2 == 1) return values[middle];
  return (values[middle - 1] + values[middle]) / 2;
}

std::string CollectiveKey(const CollectiveRow& row) {
  return absl::StrCat(row.collective, " ", row.type, " ", row.redop);
}

std::string BurnKey(const BurnResult& result) {
  return result.variant.empty() ? result.check : absl::StrCat(result.check, " ", result.variant);
}

std::string LinkHopClass(const RunDocument& document, const std::string& host_a, const std::string& host_b) {
  if (!document.topology.has_value()) return "any pair";
  const std::vector<std::string>* switches_a = nullptr;
  const std::vector<std::string>* switches_b = nullptr;
  for (const FabricHost& host : document.topology->hosts) {
    if (host.name == host_a) switches_a = &host.switches;
    if (host.name == host_b) switches_b = &host.switches;
  }
  if (switches_a == nullptr || switches_b == nullptr || switches_a->empty() || switches_b->empty()) {
    return "any pair";
  }
  for (const std::string& name : *switches_a) {
    if (std::find(switches_b->begin(), switches_b->end(), name) != switches_b->end()) return "same leaf";
  }
  return "across leaves";
}

std::vector<MetricSample> RunSamples(const RunDocument& document) {
  std::map<SampleId, std::vector<double>> grouped;
  for (const CollectiveRow& row : document.collective_rows) {
    if (!row.out_of_place.measured) continue;
    const std::string key = CollectiveKey(row);
    grouped[{"collective", key, row.ranks, row.size_bytes, kMetricBusbw, "GB/s"}].push_back(
        row.out_of_place.busbw_gbps);
    grouped[{"collective", key, row.ranks, row.size_bytes, kMetricTime, "us"}].push_back(
        row.out_of_place.time_us);
  }
  for (const BurnResult& result : document.burn_results) {
    if (result.status != BurnStatus::kMeasured || result.value <= 0) continue;
    grouped[{"burn", BurnKey(result), 0, 0, kMetricValue, result.unit}].push_back(result.value);
  }
  if (document.links.has_value()) {
    const LinkMatrices& links = *document.links;
    for (size_t i = 0; i < links.size(); ++i) {
      for (size_t j = i + 1; j < links.size(); ++j) {
        const std::string hop_class = LinkHopClass(document, links.hosts[i], links.hosts[j]);
        if (Measured(links.bibw(i, j))) {
          grouped[{"links", hop_class, 0, 0, kMetricLinkBandwidth, "GB/s"}].push_back(links.bibw(i, j));
        }
        if (Measured(links.latency(i, j)) && links.latency(i, j) > 0) {
          grouped[{"links", hop_class, 0, 0, kMetricLinkLatency, "us"}].push_back(links.latency(i, j));
        }
      }
    }
  }
  std::vector<MetricSample> samples;
  AddSamples(grouped, samples);
  return samples;
}

std::vector<HostLinkStat> HostLinkMedians(const RunDocument& document, bool split_by_hop_class) {
  std::vector<HostLinkStat> stats;
  if (!document.links.has_value()) return stats;
  const LinkMatrices& links = *document.links;
  for (size_t i = 0; i < links.size(); ++i) {
    // hop class -> (bandwidths, latencies)
    std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> by_class;
    for (size_t j = 0; j < links.size(); ++j) {
      if (i == j || !Measured(links.bibw(i, j))) continue;
      const std::string hop_class =
          split_by_hop_class ? LinkHopClass(document, links.hosts[i], links.hosts[j]) : "all";
      auto& [bandwidths, latencies] = by_class[hop_class];
      bandwidths.push_back(links.bibw(i, j));
      if (Measured(links.latency(i, j)) && links.latency(i, j) > 0) latencies.push_back(links.latency(i, j));
    }
    for (auto& [hop_class, values] : by_class) {
      stats.push_back(HostLinkStat{links.hosts[i], hop_class, static_cast<int>(values.first.size()),
                                   Median(values.first), Median(values.second)});
    }
  }
  return stats;
}

}  // namespace spinecheck

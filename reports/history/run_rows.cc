#include "reports/history/run_rows.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "reports/baseline/platform.h"
#include "reports/baseline/run_metrics.h"

namespace spinecheck {
namespace {

std::string ConfigText(const ConfigValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else {
          return absl::StrCat(v);
        }
      },
      value);
}

}  // namespace

std::string ConfigurationKey(const RunDocument& document) {
  std::vector<std::string> config;
  for (const auto& [name, value] : document.config) {
    // --inject is a fault in the computation, as a real fault would be; a
    // run with one is judged against the same configuration without it.
    if (name == "inject") continue;
    config.push_back(absl::StrCat(name, "=", ConfigText(value)));
  }
  std::sort(config.begin(), config.end());
  return absl::StrCat(document.command, " | ", PlatformKey(document), " | ", absl::StrJoin(config, " "));
}

std::string RunHosts(const RunDocument& document) {
  std::vector<std::string> hosts;
  for (const auto& [host, ranks] : RanksByHost(document.ranks)) hosts.push_back(host);
  std::sort(hosts.begin(), hosts.end());
  return absl::StrJoin(hosts, ",");
}

std::vector<MeasurementRow> MeasurementRows(const RunDocument& document) {
  std::vector<MeasurementRow> rows;
  for (const MetricSample& sample : RunSamples(document)) {
    if (sample.check != "collective") continue;
    rows.push_back(MeasurementRow{"collective", absl::StrCat(sample.key, " ", sample.ranks, " ranks"),
                                  sample.size_bytes, "", sample.metric, sample.unit,
                                  !LowerIsBetter(sample.metric), sample.value});
  }

  // (kind, component, host, metric, unit) -> values of repeated checks
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, std::vector<double>> burn;
  for (const BurnResult& result : document.burn_results) {
    if (result.status != BurnStatus::kMeasured || result.value <= 0) continue;
    const bool gpu = result.device.kind != "cpu" && !result.device.uuid.empty();
    burn[{gpu ? "gpu" : "device", gpu ? result.device.uuid : absl::StrCat(result.host, " cpu", result.device.index),
          result.host, BurnKey(result), result.unit}]
        .push_back(result.value);
  }
  for (const auto& [id, values] : burn) {
    const auto& [kind, component, host, metric, unit] = id;
    rows.push_back(MeasurementRow{kind, component, 0, host, metric, unit, true, Median(values)});
  }

  for (const HostLinkStat& stat : HostLinkMedians(document, /*split_by_hop_class=*/false)) {
    rows.push_back(
        MeasurementRow{"host", stat.host, 0, stat.host, "links.bandwidth_gbps", "GB/s", true, stat.bandwidth_gbps});
    if (stat.latency_us > 0) {
      rows.push_back(
          MeasurementRow{"host", stat.host, 0, stat.host, "links.latency_us", "us", false, stat.latency_us});
    }
  }
  return rows;
}

}  // namespace spinecheck

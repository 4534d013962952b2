#include "reports/baseline/compare.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include "absl/strings/string_view.h"
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "reports/baseline/platform.h"
#include "reports/baseline/run_metrics.h"
#include "reports/model/check_catalog.h"
#include "reports/model/units.h"

namespace spinecheck {
namespace {

// "14 %" for a relative change of 0.14.
std::string Percent(double fraction) { return absl::StrFormat("%.0f %%", fraction * 100); }

std::string Band(const BaselineValue& value) {
  return absl::StrFormat("band %g–%g over %d runs", value.low, value.high, value.runs);
}

// One finding being gathered: several slow measurements (sizes, variants,
// hop classes) of one component and check; the worst sets measured/expected.
struct Pending {
  Finding finding;
  double worst = -1;  // relative distance from expected of the worst entry
  int slow = 0;
};

// Gathers findings, expectations and skip reasons in first-seen order.
class Judge {
 public:
  Judge(const CompareOptions& options, const PlatformBaseline& platform, BaselineComparison& out)
      : options_(options), platform_(platform), out_(out) {}

  // Records `value` as an expectation of this run (once per id).
  void Expect(const BaselineValue& value) {
    const auto id = std::make_tuple(value.check, value.key, value.ranks, value.size_bytes, value.metric);
    if (!expected_.insert(id).second) return;
    Expectation expectation;
    expectation.check = value.check;
    expectation.key = value.key;
    expectation.size_bytes = value.size_bytes;
    expectation.metric = value.metric;
    expectation.unit = value.unit;
    expectation.expected = value.expected;
    expectation.low = value.low;
    expectation.high = value.high;
    expectation.tolerance = LowerIsBetter(value.metric) ? options_.latency_tolerance : options_.tolerance;
    expectation.platform = platform_.platform;
    out_.expectations.push_back(std::move(expectation));
  }

  // The relative distance beyond the band when `measured` is outside it, else nullopt.
  std::optional<double> Outside(const BaselineValue& value, double measured) const {
    if (value.expected <= 0) return std::nullopt;
    if (LowerIsBetter(value.metric)) {
      const double excess = measured - value.expected;
      if (measured > value.expected * (1 + options_.latency_tolerance) && excess >= options_.latency_min_excess_us) {
        return excess / value.expected;
      }
      return std::nullopt;
    }
    if (measured < value.expected * (1 - options_.tolerance)) return (value.expected - measured) / value.expected;
    return std::nullopt;
  }

  // The pending finding `id`, created from `prototype` on first use.
  Pending& Slow(const std::string& id, const Finding& prototype) {
    const auto [it, inserted] = index_.try_emplace(id, pending_.size());
    if (inserted) pending_.push_back(Pending{prototype, -1, 0});
    return pending_[it->second];
  }

  void AddEvidence(Pending& pending, std::string line) const {
    ++pending.slow;
    if (pending.finding.evidence.size() < options_.max_evidence) pending.finding.evidence.push_back(std::move(line));
  }

  void Skip(const std::string& reason) {
    if (skipped_.insert(reason).second) out_.skipped.push_back(reason);
  }

  // Moves the gathered findings out, with "... and <n> more" where evidence was cut.
  void Finish() {
    for (Pending& pending : pending_) {
      const int shown = static_cast<int>(pending.finding.evidence.size());
      if (pending.slow > shown) pending.finding.evidence.push_back(absl::StrCat("... and ", pending.slow - shown, " more"));
      out_.findings.push_back(std::move(pending.finding));
    }
  }

  const CompareOptions& options() const { return options_; }
  const PlatformBaseline& platform() const { return platform_; }

 private:
  const CompareOptions& options_;
  const PlatformBaseline& platform_;
  BaselineComparison& out_;
  std::set<std::tuple<std::string, std::string, int, uint64_t, std::string>> expected_;
  std::set<std::string> skipped_;
  std::vector<Pending> pending_;
  std::map<std::string, size_t> index_;
};

std::vector<std::string> RunHosts(const RunDocument& run) {
  std::vector<std::string> hosts;
  for (const auto& [host, ranks] : RanksByHost(run.ranks)) hosts.push_back(host);
  return hosts;
}

// Whether busbw (true) or time_us (false) judges `size_bytes` of this key;
// nullopt when the baseline has no busbw for the key at that size.
std::optional<bool> OnPlateau(const Judge& judge, const std::string& key, int ranks, uint64_t size_bytes) {
  const BaselineValue* largest = nullptr;
  const BaselineValue* at_size = nullptr;
  for (const BaselineValue& value : judge.platform().values) {
    if (value.check != "collective" || value.key != key || value.ranks != ranks || value.metric != kMetricBusbw) {
      continue;
    }
    if (largest == nullptr || value.size_bytes > largest->size_bytes) largest = &value;
    if (value.size_bytes == size_bytes) at_size = &value;
  }
  if (at_size == nullptr) return std::nullopt;
  if (judge.options().plateau_min_bytes > 0) return size_bytes >= judge.options().plateau_min_bytes;
  return at_size->expected >= judge.options().plateau_fraction * largest->expected;
}

// The reason a collective row has no baseline value.
std::string CollectiveSkipReason(const Judge& judge, const std::string& key, int ranks) {
  std::set<int> known_ranks;
  for (const BaselineValue& value : judge.platform().values) {
    if (value.check == "collective" && value.key == key) known_ranks.insert(value.ranks);
  }
  const std::string what = absl::StrCat("baseline: collective ", key, " at ", ranks, " ranks");
  if (known_ranks.empty()) return absl::StrCat(what, ": not in the baseline; not judged");
  if (!known_ranks.contains(ranks)) {
    return absl::StrCat(what, ": the baseline has it at ", absl::StrJoin(known_ranks, ", "), " ranks only; not judged");
  }
  return absl::StrCat(what, ": some sizes are not in the baseline; those are not judged");
}

// The single host every slow row blames, or "" when they disagree or the
// spread across ranks stays within the tolerance.
std::string SlowestHost(const std::vector<const CollectiveRow*>& rows, double tolerance) {
  std::string host;
  for (const CollectiveRow* row : rows) {
    const PlacementResult& placement = row->out_of_place;
    if (placement.slowest_host.empty() || (!host.empty() && placement.slowest_host != host)) return "";
    if (!(placement.rank_time_max_us > placement.rank_time_min_us * (1 + tolerance))) return "";
    host = placement.slowest_host;
  }
  return host;
}

void CompareCollectives(const RunDocument& run, Judge& judge) {
  std::map<std::string, std::vector<const CollectiveRow*>> slow_rows;  // pending id -> rows
  for (const CollectiveRow& row : run.collective_rows) {
    if (!row.out_of_place.measured) continue;
    const std::string key = CollectiveKey(row);
    const std::optional<bool> plateau = OnPlateau(judge, key, row.ranks, row.size_bytes);
    const char* metric = plateau.value_or(false) ? kMetricBusbw : kMetricTime;
    const BaselineValue* value =
        plateau.has_value() ? judge.platform().Find("collective", key, row.ranks, row.size_bytes, metric) : nullptr;
    if (value == nullptr) {
      judge.Skip(CollectiveSkipReason(judge, key, row.ranks));
      continue;
    }
    judge.Expect(*value);
    const double measured = *plateau ? row.out_of_place.busbw_gbps : row.out_of_place.time_us;
    const std::optional<double> distance = judge.Outside(*value, measured);
    if (!distance.has_value()) continue;

    const bool bandwidth = *plateau;
    const std::string what = absl::StrCat(key, " at ", row.ranks, " ranks");
    const std::string id = absl::StrCat(what, "|", metric);
    // The component is chosen when every row has been judged (Blame below).
    Finding prototype = NewFinding(bandwidth ? CheckId::kBaselineCollectiveBusbw : CheckId::kBaselineCollectiveLatency, {});
    prototype.unit = value->unit;
    Pending& pending = judge.Slow(id, prototype);
    slow_rows[id].push_back(&row);
    judge.AddEvidence(pending, absl::StrFormat("%s %s: %g %s, expected %g (%s), %s %s", what,
                                               FormatByteSize(row.size_bytes), measured, value->unit,
                                               value->expected, Band(*value), Percent(*distance),
                                               bandwidth ? "below" : "above"));
    if (*distance > pending.worst) {
      pending.worst = *distance;
      pending.finding.measured = measured;
      pending.finding.expected = value->expected;
      pending.finding.message =
          absl::StrFormat("%s: %s %g %s at %s is %s %s the baseline %g %s (%s)", what,
                          bandwidth ? "busbw" : "time", measured, value->unit, FormatByteSize(row.size_bytes),
                          Percent(*distance), bandwidth ? "below" : "above", value->expected, value->unit,
                          judge.platform().platform);
    }
  }
  // Blame, now that every slow row of each finding is known.
  const std::vector<std::string> hosts = RunHosts(run);
  for (const auto& [id, rows] : slow_rows) {
    Pending& pending = judge.Slow(id, Finding{});
    const std::string host = SlowestHost(rows, judge.options().tolerance);
    if (!host.empty()) {
      pending.finding.component = Component{ComponentKind::kHost, host, {host}};
      pending.finding.ranks = {rows.front()->out_of_place.slowest_rank};
      absl::StrAppend(&pending.finding.message, "; ", host, " is the slowest host at every such size");
    } else {
      // No host stands out: the job fails, but nothing is drained on this
      // evidence alone (a slow switch or a broken setup must not drain the
      // fleet); links and burn say which part is at fault.
      pending.finding.component = Component{ComponentKind::kJob, absl::StrJoin(hosts, ","), {}};
    }
  }
}

void CompareBurn(const RunDocument& run, Judge& judge) {
  for (const BurnResult& result : run.burn_results) {
    if (result.status != BurnStatus::kMeasured || result.value <= 0) continue;
    const std::string key = BurnKey(result);
    const BaselineValue* value = judge.platform().Find("burn", key, 0, 0, kMetricValue);
    if (value == nullptr) {
      judge.Skip(absl::StrCat("baseline: burn ", key, ": not in the baseline; not judged"));
      continue;
    }
    judge.Expect(*value);
    const std::optional<double> distance = judge.Outside(*value, result.value);
    if (!distance.has_value()) continue;

    const DeviceInfo& device = result.device;
    const bool gpu = device.kind != "cpu" && !device.uuid.empty();
    Finding prototype = NewFinding(CheckId::kBaselineBurnValue,
                                   gpu ? Component{ComponentKind::kGpu, device.uuid, {result.host}}
                                       : Component{ComponentKind::kHost, result.host, {result.host}});
    prototype.ranks = {result.rank};
    prototype.unit = value->unit;
    Pending& pending = judge.Slow(
        absl::StrCat(result.host, "|", device.index, "|", device.uuid, "|", result.check), prototype);
    judge.AddEvidence(pending, absl::StrFormat("%s: %g %s, expected %g (%s), %s below", key, result.value,
                                               value->unit, value->expected, Band(*value), Percent(*distance)));
    if (*distance > pending.worst) {
      pending.worst = *distance;
      pending.finding.measured = result.value;
      pending.finding.expected = value->expected;
      pending.finding.message = absl::StrFormat(
          "%s %d (%s%s%s) on %s, rank %d: %s %g %s is %s below the baseline %g %s (%s)", gpu ? "GPU" : "device",
          device.index, device.uuid, device.pci_bus_id.empty() ? "" : ", ", device.pci_bus_id, result.host,
          result.rank, key, result.value, value->unit, Percent(*distance), value->expected, value->unit,
          judge.platform().platform);
    }
  }
}

void CompareLinks(const RunDocument& run, Judge& judge) {
  for (const HostLinkStat& stat : HostLinkMedians(run, /*split_by_hop_class=*/true)) {
    for (const char* metric : {kMetricLinkBandwidth, kMetricLinkLatency}) {
      const bool bandwidth = absl::string_view(metric) == kMetricLinkBandwidth;
      const double measured = bandwidth ? stat.bandwidth_gbps : stat.latency_us;
      if (!bandwidth && measured <= 0) continue;
      const BaselineValue* value = judge.platform().Find("links", stat.hop_class, 0, 0, metric);
      if (value == nullptr) {
        judge.Skip(absl::StrCat("baseline: links ", stat.hop_class, " ", metric, ": not in the baseline; not judged"));
        continue;
      }
      judge.Expect(*value);
      const std::optional<double> distance = judge.Outside(*value, measured);
      if (!distance.has_value()) continue;
      Finding prototype = NewFinding(bandwidth ? CheckId::kBaselineLinksBandwidth : CheckId::kBaselineLinksLatency,
                                     Component{ComponentKind::kHost, stat.host, {stat.host}});
      prototype.unit = value->unit;
      Pending& pending = judge.Slow(absl::StrCat(stat.host, "|", metric), prototype);
      judge.AddEvidence(pending, absl::StrFormat("%s, %d pairs: median %g %s, expected %g (%s), %s %s",
                                                 stat.hop_class, stat.pairs, measured, value->unit, value->expected,
                                                 Band(*value), Percent(*distance), bandwidth ? "below" : "above"));
      if (*distance > pending.worst) {
        pending.worst = *distance;
        pending.finding.measured = measured;
        pending.finding.expected = value->expected;
        pending.finding.message = absl::StrFormat(
            "%s: median %s to its peers (%s) %g %s is %s %s the baseline %g %s (%s)", stat.host,
            bandwidth ? "bandwidth" : "latency", stat.hop_class, measured, value->unit, Percent(*distance),
            bandwidth ? "below" : "above", value->expected, value->unit, judge.platform().platform);
      }
    }
  }
}

}  // namespace

BaselineComparison CompareWithBaseline(const RunDocument& run, const Baseline& baseline,
                                       const CompareOptions& options) {
  BaselineComparison comparison;
  const std::string platform_key = PlatformKey(run);
  const PlatformBaseline* platform = baseline.Find(platform_key);
  if (platform == nullptr) {
    std::vector<std::string> known;
    for (const PlatformBaseline& entry : baseline.platforms) known.push_back(absl::StrCat("\"", entry.platform, "\""));
    comparison.skipped.push_back(absl::StrCat("baseline: platform \"", platform_key,
                                              "\" is not in the baseline (it has ",
                                              known.empty() ? "none" : absl::StrJoin(known, ", "),
                                              "); nothing was judged against it"));
    return comparison;
  }
  Judge judge(options, *platform, comparison);
  CompareCollectives(run, judge);
  CompareBurn(run, judge);
  CompareLinks(run, judge);
  judge.Finish();
  return comparison;
}

void JudgeAgainstBaseline(RunDocument& run, const Baseline& baseline, const std::string& baseline_file,
                          const CompareOptions& options) {
  BaselineComparison comparison = CompareWithBaseline(run, baseline, options);
  run.baseline_file = baseline_file;
  run.expectations = std::move(comparison.expectations);
  for (Finding& finding : comparison.findings) run.findings.push_back(std::move(finding));
  for (std::string& reason : comparison.skipped) run.skipped.push_back(std::move(reason));
}

}  // namespace spinecheck

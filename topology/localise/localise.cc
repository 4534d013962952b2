#include "topology/localise/localise.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "reports/model/check_catalog.h"
#include "topology/localise/fabric_index.h"
#include "topology/localise/log_histogram.h"
#include "topology/localise/row_paths.h"

namespace spinecheck {
namespace {

constexpr int kClasses = FabricIndex::kMaxPath + 1;  // class = path length, 0 = unknown
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct SlowPair {
  int i;
  int j;
  float value;
  float expected;
};

// One metric under analysis: bandwidth (higher is better) or latency.
struct Metric {
  const char* name = "";          // "bandwidth" / "latency"
  // The checks of its findings (their severity is the catalog's): one
  // component blamed, by kind; several that the pairs cannot tell apart; no
  // component at all.
  CheckId host_check, uplink_check, switch_check, path_check, unexplained_check;
  const char* unit = "";
  const char* slow_word = "";     // "slow" / "high-latency"
  bool higher_is_better = true;
  double tolerance = 0;
  double min_excess = 0;              // the least absolute excess over expected that counts
  const std::vector<float>* values = nullptr;  // null: not analysed
  // Expected value per class; with a baseline, the baseline's class medians.
  std::vector<double> class_expected = std::vector<double>(kClasses, kNaN);
  const std::vector<float>* baseline_values = nullptr;
  // Per component: measured pairs, and a signature of which pairs.
  std::vector<int64_t> total;
  std::vector<uint64_t> signature_sum;
  std::vector<uint64_t> signature_xor;
  std::vector<SlowPair> slow;

  bool IsSlow(double value, double expected) const {
    if (!(expected > 0)) return false;
    return higher_is_better ? value < (1 - tolerance) * expected && expected - value > min_excess
                            : value > (1 + tolerance) * expected && value - expected > min_excess;
  }
};

uint64_t Mix(uint64_t x) {  // splitmix64's finaliser
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

bool Measured(float v) { return !std::isnan(v); }

// Per class, the median of the measured pairs within tolerance of the
// healthy side's anchor: the 75th percentile for bandwidth (25th for
// latency). Up to half of a class may then be degraded (a leaf uplink of
// four leaves) without pulling its expectation towards the fault.
std::vector<double> RobustClassMedians(const FabricIndex& index, const std::vector<float>& values,
                                       const Metric& metric, std::vector<int64_t>* counts) {
  const int n = index.host_count();
  std::vector<std::unique_ptr<LogHistogram>> histograms(kClasses);
  RowPaths paths(index);
  for (int i = 0; i < n; ++i) {
    paths.StartRow(i);
    const float* row = values.data() + static_cast<size_t>(i) * n;
    for (int j = i + 1; j < n; ++j) {
      if (!Measured(row[j])) continue;
      const FabricIndex::Path& path = paths.Get(j);
      const int cls = path.known ? path.size : 0;
      if (!histograms[cls]) histograms[cls] = std::make_unique<LogHistogram>();
      histograms[cls]->Add(row[j]);
    }
  }
  std::vector<double> medians(kClasses, kNaN);
  if (counts) counts->assign(kClasses, 0);
  for (int cls = 0; cls < kClasses; ++cls) {
    if (!histograms[cls]) continue;
    if (counts) (*counts)[cls] = histograms[cls]->count();
    const LogHistogram& histogram = *histograms[cls];
    const double anchor = histogram.Quantile(metric.higher_is_better ? 0.75 : 0.25);
    const double refined = metric.higher_is_better ? histogram.Median((1 - metric.tolerance) * anchor)
                                                   : histogram.Median(0, (1 + metric.tolerance) * anchor);
    medians[cls] = std::isnan(refined) ? anchor : refined;
  }
  return medians;
}

// Keeps each class's expectation within class_floor_fraction of the best.
void ApplyClassFloor(Metric& metric, double floor_fraction) {
  if (!(floor_fraction > 0)) return;
  double best = kNaN;
  for (double e : metric.class_expected) {
    if (std::isnan(e)) continue;
    if (std::isnan(best) || (metric.higher_is_better ? e > best : e < best)) best = e;
  }
  if (std::isnan(best)) return;
  for (double& e : metric.class_expected) {
    if (std::isnan(e)) continue;
    e = metric.higher_is_better ? std::max(e, floor_fraction * best) : std::min(e, best / floor_fraction);
  }
}

double Median(std::vector<double> values) {
  if (values.empty()) return kNaN;
  const size_t mid = (values.size() - 1) / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  return values[mid];
}

std::string PairText(const FabricIndex& index, const SlowPair& pair, const char* unit) {
  return absl::StrFormat("%s<->%s %.2f %s (expected %.2f)", index.host_name(pair.i), index.host_name(pair.j),
                         pair.value, unit, pair.expected);
}

// Worst first: lowest ratio for bandwidth, highest for latency.
void SortWorstFirst(std::vector<SlowPair>& pairs, bool higher_is_better) {
  std::sort(pairs.begin(), pairs.end(), [&](const SlowPair& a, const SlowPair& b) {
    const double ra = a.value / a.expected, rb = b.value / b.expected;
    if (ra != rb) return higher_is_better ? ra < rb : ra > rb;
    return std::tie(a.i, a.j) < std::tie(b.i, b.j);
  });
}

std::string HostList(const FabricIndex& index, const std::vector<int>& hosts, size_t limit) {
  std::vector<std::string> names;
  for (size_t k = 0; k < hosts.size() && k < limit; ++k) names.push_back(index.host_name(hosts[k]));
  std::string text = absl::StrJoin(names, ", ");
  if (hosts.size() > limit) absl::StrAppend(&text, ", ... (", hosts.size(), " hosts)");
  return text;
}

class Localiser {
 public:
  Localiser(const FabricIndex& index, const LocaliseOptions& options) : index_(index), options_(options) {}

  // The measured-pair counts, signatures and slow pairs of every metric, in
  // one pass over the pairs.
  void CountPairs(std::vector<Metric*>& metrics, const std::vector<int>& baseline_host) {
    const int n = index_.host_count();
    const int components = index_.component_count();
    for (Metric* m : metrics) {
      m->total.assign(components, 0);
      m->signature_sum.assign(components, 0);
      m->signature_xor.assign(components, 0);
    }
    const size_t baseline_n = options_.baseline ? options_.baseline->size() : 0;
    RowPaths paths(index_);
    for (int i = 0; i < n; ++i) {
      paths.StartRow(i);
      for (int j = i + 1; j < n; ++j) {
        const FabricIndex::Path* path = nullptr;
        for (Metric* m : metrics) {
          const float v = (*m->values)[static_cast<size_t>(i) * n + j];
          if (!Measured(v)) continue;
          if (!path) path = &paths.Get(j);
          const uint64_t h = Mix((static_cast<uint64_t>(i) << 32) | static_cast<uint32_t>(j));
          const uint64_t h2 = Mix(h);
          for (int c : *path) {
            ++m->total[c];
            m->signature_sum[c] += h;
            m->signature_xor[c] ^= h2;
          }
          const int cls = path->known ? path->size : 0;
          double expected = m->class_expected[cls];
          if (m->baseline_values && baseline_host[i] >= 0 && baseline_host[j] >= 0) {
            const float b = (*m->baseline_values)[baseline_host[i] * baseline_n + baseline_host[j]];
            if (Measured(b)) expected = b;
          }
          if (m->IsSlow(v, expected)) m->slow.push_back({i, j, v, static_cast<float>(expected)});
        }
      }
    }
  }

  // The greedy explanation of `metric`'s slow pairs; appends findings.
  void Explain(const Metric& metric, std::vector<Finding>& findings) const {
    const int components = index_.component_count();
    const size_t slow_count = metric.slow.size();
    std::vector<uint8_t> explained(slow_count, 0);
    std::vector<int64_t> unexplained_through(components), explained_through(components);
    for (;;) {
      std::fill(unexplained_through.begin(), unexplained_through.end(), 0);
      std::fill(explained_through.begin(), explained_through.end(), 0);
      for (size_t s = 0; s < slow_count; ++s) {
        const FabricIndex::Path path = index_.PathComponents(metric.slow[s].i, metric.slow[s].j);
        for (int c : path) ++(explained[s] ? explained_through : unexplained_through)[c];
      }
      int best = -1;
      int64_t best_net = 0;
      double best_fraction = 0;
      for (int c = 0; c < components; ++c) {
        const int64_t votes = unexplained_through[c];
        if (votes == 0) continue;
        const int64_t open = metric.total[c] - explained_through[c];
        const double fraction = static_cast<double>(votes) / static_cast<double>(open);
        const int64_t needed = std::min<int64_t>(options_.min_votes, metric.total[c]);
        if (!(fraction > options_.min_slow_fraction) || votes < needed) continue;
        const int64_t net = votes - (open - votes);
        if (best < 0 || Better(c, net, fraction, best, best_net, best_fraction)) {
          best = c;
          best_net = net;
          best_fraction = fraction;
        }
      }
      if (best < 0) break;
      findings.push_back(MakeFinding(metric, best));
      for (size_t s = 0; s < slow_count; ++s) {
        if (!explained[s] && index_.PathComponents(metric.slow[s].i, metric.slow[s].j).Contains(best)) {
          explained[s] = 1;
        }
      }
    }
    std::vector<SlowPair> left;
    for (size_t s = 0; s < slow_count; ++s) {
      if (!explained[s]) left.push_back(metric.slow[s]);
    }
    if (!left.empty()) findings.push_back(MakeUnexplained(metric, std::move(left)));
  }

 private:
  // The larger net explanation first: slow pairs it would explain minus the
  // healthy pairs through it (a broken component predicts every pair through
  // it slow; each healthy one counts against it). By votes alone a spine
  // that carries two separate faults' pairs would beat either fault. Ties:
  // higher fraction, kind host < link < switch, then name.
  bool Better(int c, int64_t net, double fraction, int best, int64_t best_net, double best_fraction) const {
    if (net != best_net) return net > best_net;
    if (fraction != best_fraction) return fraction > best_fraction;
    return KindThenName(c, best);
  }

  bool KindThenName(int a, int b) const {
    const auto& ca = index_.component(a);
    const auto& cb = index_.component(b);
    if (ca.kind != cb.kind) return ca.kind < cb.kind;
    return ca.id < cb.id;
  }

  // Components that see exactly the pairs `chosen` sees (same count and
  // signature), `chosen` first, then by kind and name.
  std::vector<int> SamePairs(const Metric& metric, int chosen) const {
    std::vector<int> group = {chosen};
    for (int c = 0; c < index_.component_count(); ++c) {
      if (c != chosen && metric.total[c] == metric.total[chosen] &&
          metric.signature_sum[c] == metric.signature_sum[chosen] &&
          metric.signature_xor[c] == metric.signature_xor[chosen]) {
        group.push_back(c);
      }
    }
    std::sort(group.begin() + 1, group.end(), [&](int a, int b) { return KindThenName(a, b); });
    return group;
  }

  Finding MakeFinding(const Metric& metric, int chosen) const {
    const std::vector<int> group = SamePairs(metric, chosen);
    const auto& info = index_.component(chosen);
    std::vector<SlowPair> through;
    for (const SlowPair& pair : metric.slow) {
      if (index_.PathComponents(pair.i, pair.j).Contains(chosen)) through.push_back(pair);
    }
    SortWorstFirst(through, metric.higher_is_better);
    std::vector<double> values, expected;
    for (const SlowPair& pair : through) {
      values.push_back(pair.value);
      expected.push_back(pair.expected);
    }
    std::vector<int> hosts;
    for (int c : group) {
      for (int h : index_.HostsBehind(c)) hosts.push_back(h);
    }
    std::sort(hosts.begin(), hosts.end());
    hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());

    const bool ambiguous = group.size() > 1;
    const CheckId check = ambiguous                           ? metric.path_check
                          : info.kind == ComponentKind::kHost ? metric.host_check
                          : info.kind == ComponentKind::kLink ? metric.uplink_check
                                                              : metric.switch_check;
    Finding finding = NewFinding(check, {info.kind, info.id, {}});
    for (int h : hosts) finding.component.hosts.push_back(index_.host_name(h));
    finding.measured = Median(values);
    finding.expected = Median(expected);
    finding.unit = metric.unit;
    for (size_t k = 0; k < through.size() && k < options_.max_evidence_pairs; ++k) {
      finding.evidence.push_back(PairText(index_, through[k], metric.unit));
      finding.subjects.pairs.push_back({index_.host_name(through[k].i), index_.host_name(through[k].j)});
    }
    const double confidence = 1.0 / static_cast<double>(group.size());
    finding.evidence.push_back(absl::StrFormat("votes: %d of %d pairs through %s %s; confidence %.2f",
                                               through.size(), metric.total[chosen], info.id, metric.slow_word,
                                               confidence));
    std::vector<std::string> names;
    for (int c : group) names.push_back(index_.component(c).id);
    if (ambiguous) {
      finding.evidence.push_back(absl::StrCat("alternatives (the same pairs cross each; no pair of hosts tells them apart): ",
                                              absl::StrJoin(names, ", ")));
    }

    const std::string summary =
        absl::StrFormat("%d of %d pairs %s, median %.2f %s against %.2f expected", through.size(),
                        metric.total[chosen], metric.slow_word, finding.measured, metric.unit, finding.expected);
    const char* what = metric.higher_is_better ? "slow" : "high latency";
    if (ambiguous) {
      finding.message = absl::StrCat("suspect path (", what, "): ", absl::StrJoin(names, " | "), ": ", summary);
      finding.action = absl::StrCat("check each of ", absl::StrJoin(names, ", "),
                                    " (cables, ports, port counters); hosts behind: ", HostList(index_, hosts, 16));
    } else if (info.kind == ComponentKind::kHost) {
      finding.message = absl::StrCat("host ", info.id, " (", what, "): ", summary);
      finding.action = absl::StrCat("drain ", info.id,
                                    " and check its NIC, cable and switch port (ethtool/ibstat, port counters)");
    } else if (info.kind == ComponentKind::kLink) {
      finding.message = absl::StrCat("uplink ", info.id, " (", what, "): ", summary);
      finding.action = absl::StrCat("check the cables and ports between ", index_.LowerSwitchName(chosen), " and ",
                                    index_.UpperName(chosen), "; hosts behind it: ", HostList(index_, hosts, 16));
    } else {
      finding.message = absl::StrCat("switch ", info.id, " (", what, "): ", summary);
      finding.action = absl::StrCat("check switch ", info.id,
                                    " (port counters, logs, temperature); hosts below it: ", HostList(index_, hosts, 16));
    }
    return finding;
  }

  Finding MakeUnexplained(const Metric& metric, std::vector<SlowPair> left) const {
    SortWorstFirst(left, metric.higher_is_better);
    Finding finding = NewFinding(metric.unexplained_check, {ComponentKind::kLink, "pairs", {}});
    std::vector<double> values, expected;
    for (const SlowPair& pair : left) {
      values.push_back(pair.value);
      expected.push_back(pair.expected);
    }
    std::vector<int> hosts;
    for (size_t k = 0; k < left.size() && k < options_.max_unexplained_pairs; ++k) {
      finding.evidence.push_back(PairText(index_, left[k], metric.unit));
      finding.subjects.pairs.push_back({index_.host_name(left[k].i), index_.host_name(left[k].j)});
      hosts.push_back(left[k].i);
      hosts.push_back(left[k].j);
    }
    std::sort(hosts.begin(), hosts.end());
    hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
    for (int h : hosts) finding.component.hosts.push_back(index_.host_name(h));
    finding.measured = Median(values);
    finding.expected = Median(expected);
    finding.unit = metric.unit;
    finding.message = absl::StrFormat("%d %s pairs no single component explains (too few votes or isolated)",
                                      left.size(), metric.slow_word);
    return finding;
  }

  const FabricIndex& index_;
  const LocaliseOptions& options_;
};

}  // namespace

LocaliseResult Localise(const ClusterMap& map, const LinkMatrices& matrices, const LocaliseOptions& options) {
  LocaliseResult result;
  const FabricIndex index(map, matrices.hosts);
  const size_t n = matrices.size();

  Metric bandwidth;
  bandwidth.name = "bandwidth";
  bandwidth.host_check = CheckId::kLinksSlowHost;
  bandwidth.uplink_check = CheckId::kLinksSlowUplink;
  bandwidth.switch_check = CheckId::kLinksSlowSwitch;
  bandwidth.path_check = CheckId::kLinksSlowPath;
  bandwidth.unexplained_check = CheckId::kLinksUnexplained;
  bandwidth.unit = "GB/s";
  bandwidth.slow_word = "slow";
  bandwidth.higher_is_better = true;
  bandwidth.tolerance = options.tolerance;
  Metric latency;
  latency.name = "latency";
  latency.host_check = CheckId::kLinksHighLatencyHost;
  latency.uplink_check = CheckId::kLinksHighLatencyUplink;
  latency.switch_check = CheckId::kLinksHighLatencySwitch;
  latency.path_check = CheckId::kLinksHighLatencyPath;
  latency.unexplained_check = CheckId::kLinksHighLatencyUnexplained;
  latency.unit = "us";
  latency.slow_word = "high-latency";
  latency.higher_is_better = false;
  latency.tolerance = options.latency_tolerance;
  latency.min_excess = options.latency_min_excess_us;
  if (matrices.bibw_gbps.size() == n * n) bandwidth.values = &matrices.bibw_gbps;
  if (matrices.latency_us.size() == n * n) latency.values = &matrices.latency_us;

  // Where each host sits in the baseline, and the baseline's class medians.
  std::vector<int> baseline_host(n, -1);
  const LinkMatrices* baseline = options.baseline;
  std::unique_ptr<FabricIndex> baseline_index;
  if (baseline) {
    absl::flat_hash_map<std::string, int> position;
    for (size_t k = 0; k < baseline->hosts.size(); ++k) position.emplace(baseline->hosts[k], static_cast<int>(k));
    for (size_t i = 0; i < n; ++i) {
      auto it = position.find(matrices.hosts[i]);
      if (it != position.end()) baseline_host[i] = it->second;
    }
    baseline_index = std::make_unique<FabricIndex>(map, baseline->hosts);
  }
  const size_t baseline_n = baseline ? baseline->size() : 0;

  std::vector<int64_t> bandwidth_counts, latency_counts;
  for (auto [metric, counts, baseline_values] :
       {std::tuple{&bandwidth, &bandwidth_counts, baseline ? &baseline->bibw_gbps : nullptr},
        std::tuple{&latency, &latency_counts, baseline ? &baseline->latency_us : nullptr}}) {
    if (!metric->values) continue;
    if (baseline_values && baseline_values->size() == baseline_n * baseline_n) {
      metric->baseline_values = baseline_values;
      metric->class_expected = RobustClassMedians(*baseline_index, *baseline_values, *metric, nullptr);
      RobustClassMedians(index, *metric->values, *metric, counts);  // counts for the report only
    } else {
      metric->class_expected = RobustClassMedians(index, *metric->values, *metric, counts);
      ApplyClassFloor(*metric, options.class_floor_fraction);
    }
  }
  for (int cls = 0; cls < kClasses; ++cls) {
    const int64_t pairs = cls < static_cast<int>(bandwidth_counts.size()) ? bandwidth_counts[cls] : 0;
    const int64_t latency_pairs = cls < static_cast<int>(latency_counts.size()) ? latency_counts[cls] : 0;
    if (pairs == 0 && latency_pairs == 0) continue;
    result.classes.push_back({cls, pairs, bandwidth.values ? bandwidth.class_expected[cls] : kNaN,
                              latency.values ? latency.class_expected[cls] : kNaN});
    result.measured_pairs += pairs;
  }

  std::vector<Metric*> metrics;
  for (Metric* m : {&bandwidth, &latency}) {
    if (m->values) metrics.push_back(m);
  }
  Localiser localiser(index, options);
  localiser.CountPairs(metrics, baseline_host);
  for (Metric* m : metrics) localiser.Explain(*m, result.findings);
  // Fail findings first, then the unexplained warnings.
  std::stable_partition(result.findings.begin(), result.findings.end(),
                        [](const Finding& f) { return f.severity == Severity::kFail; });

  result.slow_pairs = static_cast<int64_t>(bandwidth.slow.size());
  result.high_latency_pairs = static_cast<int64_t>(latency.slow.size());
  for (const Metric* m : metrics) {
    for (const SlowPair& pair : m->slow) result.suspect_pairs.emplace_back(pair.i, pair.j);
  }
  std::sort(result.suspect_pairs.begin(), result.suspect_pairs.end());
  result.suspect_pairs.erase(std::unique(result.suspect_pairs.begin(), result.suspect_pairs.end()),
                             result.suspect_pairs.end());
  return result;
}

}  // namespace spinecheck

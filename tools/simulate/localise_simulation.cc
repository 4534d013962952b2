// spinecheck_localise_sim: how well and how fast the localiser names
// injected faults on synthetic spine/leaf fabrics.
//
// Per fabric (LEAVESxHOSTS) and trial: healthy matrices (45 GB/s same leaf,
// 44 across, 2 / 3.5 us, gaussian noise), --host-faults random host links
// and --uplink-faults random leaf uplinks at 20-60 % of nominal, optionally
// reduced to the pairs of the quick schedule; then Localise and InferLeaves.
// A fault is found when a "fail" finding names it (its id, or one of the
// alternatives of a suspect-path finding); a fail finding naming no fault is
// a false blame. Times are wall time of the analysis only.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "topology/localise/fabric_index.h"
#include "topology/localise/infer.h"
#include "topology/localise/localise.h"
#include "topology/localise/schedule.h"
#include "topology/localise/synthetic.h"

namespace spinecheck {
namespace {

struct Totals {
  int faults = 0, found = 0, missed = 0, false_blames = 0, unexplained_warnings = 0, inferred_right = 0;
  double localise_ms_sum = 0, localise_ms_max = 0, infer_ms_sum = 0;
};

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

bool Names(const Finding& finding, const std::string& id) {
  if (finding.component.id == id) return true;
  for (const std::string& line : finding.evidence) {
    if (absl::StartsWith(line, "alternatives") &&
        (absl::StrContains(line, ": " + id + ",") || absl::StrContains(line, ", " + id + ",") ||
         absl::EndsWith(line, " " + id))) {
      return true;
    }
  }
  return false;
}

int Run(int leaves, int hosts_per_leaf, int spines, int trials, int host_faults, int uplink_faults,
        bool quick, bool infer, uint64_t seed) {
  const ClusterMap map = MakeSpineLeafMap(leaves, hosts_per_leaf, spines);
  const int n = leaves * hosts_per_leaf;
  std::vector<int> leaf_of_host(n);
  for (int h = 0; h < n; ++h) leaf_of_host[h] = h / hosts_per_leaf;
  const std::vector<Round> schedule = QuickSchedule(leaf_of_host);
  std::printf("fabric %dx%d (%d hosts, %d spine%s): quick schedule %zu rounds, full schedule %d rounds; "
              "matrices: %s schedule\n",
              leaves, hosts_per_leaf, n, spines, spines == 1 ? "" : "s", schedule.size(), n % 2 ? n : n - 1,
              quick ? "quick" : "full");

  std::vector<std::string> host_ids, uplink_ids;
  {
    std::vector<std::string> names;
    for (const FabricHost& host : map.hosts) names.push_back(host.name);
    const FabricIndex index(map, names);
    for (int c = 0; c < index.component_count(); ++c) {
      const auto& info = index.component(c);
      if (info.kind == ComponentKind::kHost) host_ids.push_back(info.id);
      if (info.kind == ComponentKind::kLink) uplink_ids.push_back(info.id);
    }
  }

  std::mt19937_64 rng(seed);
  Totals totals;
  for (int trial = 0; trial < trials; ++trial) {
    std::vector<InjectedFault> faults;
    std::uniform_real_distribution<double> factor(0.2, 0.6);
    std::vector<std::string> hosts = host_ids, uplinks = uplink_ids;
    std::shuffle(hosts.begin(), hosts.end(), rng);
    std::shuffle(uplinks.begin(), uplinks.end(), rng);
    for (int k = 0; k < host_faults && k < static_cast<int>(hosts.size()); ++k) {
      faults.push_back({hosts[k], factor(rng), 1});
    }
    for (int k = 0; k < uplink_faults && k < static_cast<int>(uplinks.size()); ++k) {
      faults.push_back({uplinks[k], factor(rng), 1});
    }
    SyntheticLinks links;
    links.seed = rng();
    LinkMatrices matrices = MakeLinkMatrices(map, links, faults);
    if (quick) KeepScheduledPairs(schedule, matrices);

    auto start = std::chrono::steady_clock::now();
    const LocaliseResult result = Localise(map, matrices);
    const double ms = MillisecondsSince(start);
    totals.localise_ms_sum += ms;
    totals.localise_ms_max = std::max(totals.localise_ms_max, ms);

    std::set<std::string> found;
    for (const Finding& finding : result.findings) {
      if (finding.severity != Severity::kFail) {
        ++totals.unexplained_warnings;
        continue;
      }
      bool matches = false;
      for (const InjectedFault& fault : faults) {
        if (Names(finding, fault.component)) {
          found.insert(fault.component);
          matches = true;
        }
      }
      if (!matches) {
        ++totals.false_blames;
        std::printf("  trial %d: false blame: %s\n", trial, finding.message.c_str());
      }
    }
    totals.faults += static_cast<int>(faults.size());
    totals.found += static_cast<int>(found.size());
    for (const InjectedFault& fault : faults) {
      if (!found.count(fault.component)) {
        ++totals.missed;
        std::printf("  trial %d: missed %s at %.0f %%; the trial's faults:", trial, fault.component.c_str(),
                    100 * fault.bandwidth_factor);
        for (const InjectedFault& other : faults) {
          std::printf(" %s %.0f %%", other.component.c_str(), 100 * other.bandwidth_factor);
        }
        std::printf("\n");
      }
    }

    if (infer) {
      start = std::chrono::steady_clock::now();
      const ClusterMap inferred = InferLeaves(matrices);
      totals.infer_ms_sum += MillisecondsSince(start);
      // Right: hosts share an inferred leaf exactly when they share a true one.
      bool right = true;
      std::set<std::string> distinct;
      for (int h = 0; h < n; ++h) {
        const std::string& mine = inferred.hosts[h].switches[0];
        distinct.insert(mine);
        right = right && mine == inferred.hosts[(h / hosts_per_leaf) * hosts_per_leaf].switches[0];
      }
      right = right && static_cast<int>(distinct.size()) == leaves;
      totals.inferred_right += right;
    }
  }
  std::printf("  %d trials, %d faults: found %d, missed %d, false blames %d, unexplained warnings %d\n", trials,
              totals.faults, totals.found, totals.missed, totals.false_blames, totals.unexplained_warnings);
  std::printf("  Localise: %.1f ms mean, %.1f ms max per analysis\n", totals.localise_ms_sum / trials,
              totals.localise_ms_max);
  if (infer) {
    std::printf("  InferLeaves: %d of %d trials grouped every host right, %.1f ms mean\n", totals.inferred_right,
                trials, totals.infer_ms_sum / trials);
  }
  return totals.missed == 0 && totals.false_blames == 0 ? 0 : 1;
}

}  // namespace
}  // namespace spinecheck

int main(int argc, char** argv) {
  CLI::App app{"Simulated accuracy and run time of spinecheck's slow-link localiser"};
  std::vector<std::string> fabrics = {"64x16", "128x32"};
  int spines = 1, trials = 10, host_faults = 1, uplink_faults = 1;
  uint64_t seed = 1;
  std::string schedule = "full";
  bool infer = false;
  app.add_option("--fabric", fabrics, "LEAVESxHOSTS_PER_LEAF, repeatable")->capture_default_str();
  app.add_option("--spines", spines, "spines (every leaf's parents)")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--trials", trials, "trials per fabric")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--host-faults", host_faults, "degraded host links per trial")->capture_default_str();
  app.add_option("--uplink-faults", uplink_faults, "degraded leaf uplinks per trial")->capture_default_str();
  app.add_option("--schedule", schedule, "pairs measured: full or quick")
      ->capture_default_str()
      ->check(CLI::IsMember({"full", "quick"}));
  app.add_option("--seed", seed, "random seed")->capture_default_str();
  app.add_flag("--infer", infer, "also time InferLeaves and check its grouping");
  CLI11_PARSE(app, argc, argv);

  int status = 0;
  for (const std::string& fabric : fabrics) {
    std::vector<std::string> parts = absl::StrSplit(fabric, 'x');
    int leaves = 0, hosts = 0;
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &leaves) || !absl::SimpleAtoi(parts[1], &hosts) ||
        leaves < 1 || hosts < 1) {
      std::fprintf(stderr, "--fabric %s: expected LEAVESxHOSTS, for example 64x16\n", fabric.c_str());
      return 2;
    }
    status |= spinecheck::Run(leaves, hosts, spines, trials, host_faults, uplink_faults, schedule == "quick",
                              infer, seed);
  }
  return status;
}

// Localisation of slow links on the cluster map: from the all-pairs matrices
// of `spinecheck links`, name the host link, uplink group or switch that the
// slow pairs have in common, with the pairs as evidence.
//
// Method (see Localise): mark slow pairs against the expected value of
// comparable pairs; count slow and measured pairs per component of the
// FabricIndex; greedily pick the candidate component with the largest net
// explanation (slow pairs through it not yet explained, minus the healthy
// pairs through it that no earlier pick explains); report one finding per
// pick (components that see exactly the same pairs are one "suspect path"
// finding); report what is left as unexplained. Bandwidth and latency are analysed separately, the same way.
#ifndef SPINECHECK_TOPOLOGY_LOCALISE_LOCALISE_H_
#define SPINECHECK_TOPOLOGY_LOCALISE_LOCALISE_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "reports/model/fabric.h"
#include "reports/model/run_document.h"

namespace spinecheck {

struct LocaliseOptions {
  // A pair is slow when bibw < (1 - tolerance) x expected.
  double tolerance = 0.25;
  // A pair has high latency when latency > (1 + latency_tolerance) x expected
  // and also exceeds it by latency_min_excess_us: tens of microseconds of
  // scheduling noise on a busy host is not a fabric fault, while the faults
  // latency reveals (retransmissions, congestion, a detour) cost tens of
  // microseconds to milliseconds.
  double latency_tolerance = 1.0;
  double latency_min_excess_us = 50.0;
  // Latency findings warn (they name the component but drain nothing):
  // a pair's bandwidth decides whether its path is broken.
  // A component is a candidate when MORE than this fraction of the measured
  // pairs through it (less those already explained by an earlier pick) are
  // slow and not yet explained.
  double min_slow_fraction = 0.5;
  // A pick must explain at least this many slow pairs; a component with
  // fewer measured pairs needs all of them.
  int min_votes = 2;
  // Without a baseline, a class's expected bandwidth is at least this
  // fraction of the best class's (latency: at most best / fraction), so a
  // fault under every pair of a class (two leaves, one uplink) still shows.
  // Deeper paths may be slower (oversubscription), not by more than this.
  double class_floor_fraction = 0.5;
  // Absolute expectations: the baseline's value of the same host pair when
  // measured there, else the baseline's median of the pair's class. Not
  // owned; may be null.
  const LinkMatrices* baseline = nullptr;
  size_t max_evidence_pairs = 8;
  size_t max_unexplained_pairs = 10;
};

// The expectation of one class of comparable pairs (without a baseline).
struct ClassExpectation {
  int path_components = 0;  // 2: same leaf, 5: across one spine, ...; 0: path unknown
  int64_t pairs = 0;        // measured pairs (bandwidth) in the class
  double bibw_gbps = 0;     // NaN when the class has no measured pair
  double latency_us = 0;
};

struct LocaliseResult {
  // "fail" per picked component (links.slow_host, links.slow_uplink,
  // links.slow_switch, links.slow_path; links.high_latency_* for latency),
  // then "warn" links.unexplained / links.high_latency_unexplained.
  std::vector<Finding> findings;
  int64_t measured_pairs = 0;      // host pairs with a bandwidth figure
  int64_t slow_pairs = 0;          // of those, slow
  int64_t high_latency_pairs = 0;  // pairs whose latency is too high
  // Pairs slow in bandwidth or latency, (i, j) with i < j indices into the
  // matrices' hosts, ascending.
  std::vector<std::pair<int, int>> suspect_pairs;
  std::vector<ClassExpectation> classes;  // by path_components, ascending
};

// Analyses `matrices` on `map`. Hosts the map lacks are their own leaf (see
// FabricIndex). Pairs with NaN are not measured and blame nothing: a dead
// host is the caller's to report. A matrix whose size is not N x N is not
// analysed. Cost: O(N^2 x path length) time; memory beyond the matrices
// O(N + switches + slow pairs).
LocaliseResult Localise(const ClusterMap& map, const LinkMatrices& matrices, const LocaliseOptions& options = {});

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_LOCALISE_LOCALISE_H_

// Synthetic spine/leaf fabrics and link matrices with injected faults, for
// the localiser's tests, simulation (spinecheck_localise_sim) and
// benchmarks. Deterministic for a given seed (std::mt19937_64).
#ifndef SPINECHECK_TOPOLOGY_LOCALISE_SYNTHETIC_H_
#define SPINECHECK_TOPOLOGY_LOCALISE_SYNTHETIC_H_

#include <cstdint>
#include <string>
#include <vector>

#include "reports/model/fabric.h"
#include "topology/localise/schedule.h"

namespace spinecheck {

// A two-level fabric: `leaves` leaves of `hosts_per_leaf` hosts, each leaf's
// parents all `spines` spines. Names: hosts "node00".."nodeNN" (numbered
// across leaves, leaf-major), leaves "leaf00", spines "spine00" (at least two
// digits, more when needed).
ClusterMap MakeSpineLeafMap(int leaves, int hosts_per_leaf, int spines = 1);

struct SyntheticLinks {
  double same_leaf_gbps = 45;
  double cross_leaf_gbps = 44;
  double same_leaf_latency_us = 2;
  double cross_leaf_latency_us = 3.5;
  double noise = 0.05;  // standard deviation of the gaussian noise, relative; clipped at 3 sigma
  uint64_t seed = 1;
};

// A fault on one component, named as FabricIndex names it (a host name, or
// "leaf02<->spine00").
struct InjectedFault {
  std::string component;
  double bandwidth_factor = 1;  // pairs through it get nominal x the smallest factor on their path
  double latency_factor = 1;    // and latency x the largest
};

// All-pairs matrices over the map's hosts (in map order), every pair
// measured, symmetric, NaN on the diagonal.
LinkMatrices MakeLinkMatrices(const ClusterMap& map, const SyntheticLinks& links,
                              const std::vector<InjectedFault>& faults = {});

// Keeps only the pairs of `schedule` (others become NaN), as a run of that
// schedule would measure.
void KeepScheduledPairs(const std::vector<Round>& schedule, LinkMatrices& matrices);

// Marks host `host` dead: every pair with it NaN.
void MarkDead(int host, LinkMatrices& matrices);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_LOCALISE_SYNTHETIC_H_

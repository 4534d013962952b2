// The retest plan the caller runs before blaming: re-measure every suspect
// pair, and measure every suspect host against known-good hosts.
#ifndef SPINECHECK_TOPOLOGY_LOCALISE_RETEST_H_
#define SPINECHECK_TOPOLOGY_LOCALISE_RETEST_H_

#include <utility>
#include <vector>

#include "reports/model/fabric.h"
#include "topology/localise/localise.h"
#include "topology/localise/schedule.h"

namespace spinecheck {

// Rounds of disjoint pairs (indices into matrices.hosts, smaller first)
// covering: each of result.suspect_pairs; and for each suspect host (one in
// a suspect pair) two known-good partners (hosts with a measured pair and no
// suspect pair): one on its own leaf, which tests its host link without any
// uplink, and one on the leaf of its first suspect peer (else on any other
// leaf), which crosses the same uplinks as the suspect pair. A slow host
// link is slow against both; a slow uplink only against the second. Good
// partners are taken in turn so the load spreads. Rounds are packed first-
// fit: at most 2 x the largest number of tasks of one host, minus one.
// Cost: O(tasks x rounds / 64) time, O(hosts x rounds / 8) bytes.
std::vector<Round> PlanRetests(const LocaliseResult& result, const ClusterMap& map, const LinkMatrices& matrices);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_LOCALISE_RETEST_H_

// Round schedules for all-pairs link tests: which host pairs run together.
//
// A round is a set of disjoint host pairs (no host appears twice), so every
// pair of a round can be measured at the same time. Hosts are the integers
// 0..N-1; a pair is (smaller, larger).
#ifndef SPINECHECK_TOPOLOGY_LOCALISE_SCHEDULE_H_
#define SPINECHECK_TOPOLOGY_LOCALISE_SCHEDULE_H_

#include <string>
#include <utility>
#include <vector>

#include "reports/model/fabric.h"

namespace spinecheck {

using HostPair = std::pair<int, int>;
using Round = std::vector<HostPair>;

// The circle (round-robin) method: every unordered pair of 0..n-1 exactly
// once. Even n: n-1 rounds of n/2 pairs. Odd n: n rounds of (n-1)/2 pairs,
// one host idle per round (a phantom host completes the circle). n < 2: no
// rounds.
std::vector<Round> CircleSchedule(int n);

// A schedule far shorter than CircleSchedule that still measures every host
// and every pair of leaves. `leaf_of_host[h]` is host h's leaf (any
// non-negative integers; equal means same leaf). The circle method over the
// leaves gives the leaf pairs of each round; inside a leaf pair (A, B) host
// k of A meets host (k + round) of B, so successive rounds bring different
// hosts together; hosts left over in the larger leaf, and the hosts of the
// leaf idle in that round (odd leaf count), pair among themselves inside
// their leaf. Rounds are then added until every host has at least one
// same-leaf partner (when its leaf has another host) and one other-leaf
// partner (when another leaf exists). 128 leaves x 32 hosts: 128 rounds
// against 4095 for CircleSchedule.
std::vector<Round> QuickSchedule(const std::vector<int>& leaf_of_host);

// QuickSchedule's round count for `leaves` leaves of `hosts_per_leaf` hosts.
int QuickScheduleRounds(int leaves, int hosts_per_leaf);

// The leaf (first switch) of each of `hosts` in `map` as a small index,
// numbered in order of first appearance; a host the map does not place is a
// leaf of its own. The input of QuickSchedule.
std::vector<int> LeafIndexOfHosts(const ClusterMap& map, const std::vector<std::string>& hosts);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_LOCALISE_SCHEDULE_H_

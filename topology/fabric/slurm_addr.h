// Per-host fabric paths (the switches above a host, top down) and the map
// they make together: the form of SLURM_TOPOLOGY_ADDR and of EC2
// NetworkNodes.
#ifndef SPINECHECK_TOPOLOGY_FABRIC_SLURM_ADDR_H_
#define SPINECHECK_TOPOLOGY_FABRIC_SLURM_ADDR_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reports/model/fabric.h"

namespace spinecheck {

// One host and the switches above it, top first; the last is its leaf.
// Empty: the host is in no switch (unattached).
struct HostPath {
  std::string host;
  std::vector<std::string> switches;
};

// The path in one rank's SLURM_TOPOLOGY_ADDR (`addr`, "s2.s0.tux0") and
// SLURM_TOPOLOGY_ADDR_PATTERN (`pattern`, "switch.switch.node"): the last
// component is the host, the others switches ("block" components, from
// topology/block, count as switches). A host outside the topology has
// addr "tux0" and pattern "node": no switches.
// kInvalidArgument naming both variables when the component counts differ,
// the pattern does not end in "node" or has another word than switch/block,
// or a component is empty.
absl::StatusOr<HostPath> ParseSlurmTopologyAddr(absl::string_view addr, absl::string_view pattern);

// The map of every host's path (the caller gathers one per rank; a host
// given twice must have the same path). Consecutive switches of a path are
// an uplink (the later is the child); the last switch is the host's leaf;
// levels come from the structure. `source` becomes ClusterMap::source.
// kInvalidArgument naming the host when a host has two different paths, a
// name is a host and a switch, or the paths make a cycle.
absl::StatusOr<ClusterMap> ClusterMapFromHostPaths(const std::vector<HostPath>& paths, const std::string& source);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_FABRIC_SLURM_ADDR_H_

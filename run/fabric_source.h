// Where `links` and `topo` take the fabric map from: --topology (a file in
// one of the importers' formats), else SLURM_TOPOLOGY_ADDR on every host.
#ifndef SPINECHECK_RUN_FABRIC_SOURCE_H_
#define SPINECHECK_RUN_FABRIC_SOURCE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "reports/model/fabric.h"
#include "topology/fabric/importers.h"
#include "topology/world/world.h"

namespace spinecheck {

// --topology-format: "auto" gives nullopt (detect from the file).
absl::StatusOr<std::optional<TopologyFormat>> ParseTopologyFormatFlag(const std::string& text);

// Collective: "ADDR|PATTERN" of SLURM_TOPOLOGY_ADDR and _PATTERN from the
// first rank of every host, in host order, on rank 0; empty when any host
// lacks them (only a complete set describes the fabric).
absl::StatusOr<std::vector<std::string>> GatherTopologyAddrs(World& world, size_t hosts);

// Rank 0: the map of `hosts` from `path` (when given), else from
// `topology_addrs` (when complete); nullopt when neither says. Hosts the
// source does not name are added as hosts without a leaf and listed in
// `note`. kInvalidArgument naming the file, line and reason for a file that
// does not parse.
absl::StatusOr<std::optional<ClusterMap>> ResolveTopology(const std::string& path,
                                                          std::optional<TopologyFormat> format,
                                                          const std::vector<std::string>& hosts,
                                                          const std::vector<std::string>& topology_addrs,
                                                          std::string& note);

}  // namespace spinecheck

#endif  // SPINECHECK_RUN_FABRIC_SOURCE_H_

// Slurm topology.yaml importer (Slurm 25.x): a list of named topologies,
// each a tree, a block set or flat.
#ifndef SPINECHECK_TOPOLOGY_FABRIC_SLURM_YAML_H_
#define SPINECHECK_TOPOLOGY_FABRIC_SLURM_YAML_H_

#include <string>

#include "absl/status/statusor.h"
#include "reports/model/fabric.h"

namespace spinecheck {

// The map of the topology with `cluster_default: true` in topology.yaml
// text (else the first one); `name` (the path) is used in messages and in
// ClusterMap::source, which also names the topology chosen.
//
// tree.switches[]: {switch, children (hostlist of switches), nodes
// (hostlist)} as topology.conf's SwitchName/Switches/Nodes (same rules:
// slurm_conf.h); block.blocks[]: {block, nodes} become level-0 switches;
// block.block_sizes is checked to be positive whole numbers.
//
// kInvalidArgument "PATH:LINE:COLUMN: reason" for: text that is not YAML,
// a document that is not a list of topologies, unknown keys, a topology with
// none or several of tree/block/flat, a chosen topology that is flat (no
// switches to map), two cluster_default topologies, and everything
// topology.conf rejects.
absl::StatusOr<ClusterMap> ParseSlurmTopologyYaml(const std::string& text, const std::string& name);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_FABRIC_SLURM_YAML_H_

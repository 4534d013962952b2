// Slurm topology.conf importer: topology/tree (SwitchName= lines) and
// topology/block (BlockName= and BlockSizes= lines).
#ifndef SPINECHECK_TOPOLOGY_FABRIC_SLURM_CONF_H_
#define SPINECHECK_TOPOLOGY_FABRIC_SLURM_CONF_H_

#include <string>

#include "absl/status/statusor.h"
#include "reports/model/fabric.h"

namespace spinecheck {

// The map of topology.conf text; `name` (the path) is used in messages and
// in ClusterMap::source.
//
// Tree: each SwitchName= is a switch; Nodes= (hostlist) are hosts cabled to
// it, Switches= (hostlist) are switches whose uplinks go to it (a switch
// listed by several parents has all of them: a fat tree). LinkSpeed= is
// checked to be a number and otherwise ignored: Slurm's unit is arbitrary,
// so it is no rate. Levels come from the structure (no child switch: 0).
// Block: each BlockName= is a level-0 switch named after the block, with
// its Nodes= and no parents; BlockSizes= is checked and ignored.
// Keys are case-insensitive, as in Slurm; '#' starts a comment; a trailing
// '\' continues the line.
//
// kInvalidArgument "PATH:LINE:COLUMN: reason" for: an unknown key, a key
// given twice, an empty value, a bad hostlist, a SwitchName= declared twice,
// Switches= naming an undeclared switch, a host under two switches (Slurm's
// tree plugin routes a node through one leaf; list a multi-rail host in a
// CSV or ibnetdiscover source instead), a cycle of switches, tree and block
// lines in one file, RingName= (topology/ring orders nodes, it names no
// switches), and a file with no switch or block.
absl::StatusOr<ClusterMap> ParseSlurmTopologyConf(const std::string& text, const std::string& name);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_FABRIC_SLURM_CONF_H_

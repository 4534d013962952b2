// Renderings of a ClusterMap for people: a graphviz DOT graph and an
// indented text tree.
#ifndef SPINECHECK_TOPOLOGY_FABRIC_RENDER_H_
#define SPINECHECK_TOPOLOGY_FABRIC_RENDER_H_

#include <string>
#include <vector>

#include "reports/model/fabric.h"

namespace spinecheck {

// An undirected graphviz graph: switches as ellipses, one rank per level
// with the highest on top, hosts as boxes on the bottom rank; an edge per
// link, labelled with its rate when known; links whose FabricLinkId is in
// `highlighted_link_ids` drawn red and bold. Names are quoted and escaped.
std::string RenderDot(const ClusterMap& map, const std::vector<std::string>& highlighted_link_ids = {});

// The map as an indented tree, two spaces a level, from the top switches
// (no parent; highest level first) down to hosts:
//   spine00
//     leaf00
//       node001
// A switch with several parents appears under its first, its line naming
// the others once ("leaf01 (also under spine01)"); likewise a multi-rail
// host ("node001 (also on leaf02)"); a peer link is named on its lower
// switch's line ("(peer link to leaf02)"). Hosts on no switch come last,
// under "(unattached)". Every line ends with '\n'.
std::string RenderTree(const ClusterMap& map);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_FABRIC_RENDER_H_

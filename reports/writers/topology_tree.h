// The fabric map of the HTML report (switches above hosts), as inline SVG.
#ifndef SPINECHECK_REPORTS_WRITERS_TOPOLOGY_TREE_H_
#define SPINECHECK_REPORTS_WRITERS_TOPOLOGY_TREE_H_

#include <string>

#include "reports/model/fabric.h"
#include "reports/writers/report_summary.h"

namespace spinecheck {

// One <svg> element: hosts along the bottom in leaf order (HostsByLeaf),
// each leaf centred over its hosts, higher switch levels spread above, and
// one line per cable of `map.links` (or, when the map lists none, per host
// switch and switch parent). A cable, switch or host that `blame` names
// carries class "blamed" and its severity; cables carry
// data-link="lower<->upper" (escaped). Every text is escaped.
std::string RenderTopologyTreeSvg(const ClusterMap& map, const BlameMap& blame);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_TOPOLOGY_TREE_H_

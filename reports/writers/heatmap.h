// The pairwise bandwidth heatmap of the HTML report, as inline SVG.
#ifndef SPINECHECK_REPORTS_WRITERS_HEATMAP_H_
#define SPINECHECK_REPORTS_WRITERS_HEATMAP_H_

#include <optional>
#include <string>

#include "reports/model/fabric.h"
#include "reports/writers/report_summary.h"

namespace spinecheck {

// The colour of a bandwidth `fraction` of the matrix maximum (0..1, clamped):
// red at 0 through yellow to green at 1, as "#rrggbb".
std::string HeatColour(double fraction);

// One <svg> element: the N x N bidirectional bandwidth matrix of `links`
// with hosts ordered by leaf switch of `topology` (HostsByLeaf) and a line
// between leaf groups; unmeasured pairs grey; a cell outlined (class
// "blamed") when `blame` names the pair in evidence or a blamed link the
// pair crosses (a host's own cable, or the uplink of exactly one of the two
// hosts' leaves); a host label marked (class "blamed") when a finding blames
// the host or its cable. A colour legend (0 .. maximum GB/s) sits at the
// bottom. Every text is escaped.
std::string RenderLinkHeatmapSvg(const LinkMatrices& links, const std::optional<ClusterMap>& topology,
                                 const BlameMap& blame);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_HEATMAP_H_

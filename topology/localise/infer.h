// A cluster map inferred from the link matrices when no topology source
// exists: hosts on the same leaf see each other with lower latency (and
// higher bandwidth) than hosts across the spine.
#ifndef SPINECHECK_TOPOLOGY_LOCALISE_INFER_H_
#define SPINECHECK_TOPOLOGY_LOCALISE_INFER_H_

#include "reports/model/fabric.h"

namespace spinecheck {

struct InferOptions {
  // Two consecutive values of a host's sorted row that differ by at least
  // this ratio separate "near" (same leaf) from "far".
  double min_gap_ratio = 1.25;
};

// Groups hosts into leaves once by latency and once by 1 / bandwidth and
// keeps the grouping that agrees better with the rows' own near/far splits
// (latency on a tie). For one metric: each
// host's row is sorted; the first gap of at least min_gap_ratio splits near
// peers from far ones (a row without such a gap uses the median split point
// of the rows that have one; with none at all every host is on one leaf).
// Hosts are joined (union-find) when EITHER side's row calls the pair near,
// so a host whose own links are degraded still joins the leaf its own row
// points at (by latency; by bandwidth such a host stays alone).
// Leaves are "inferred-leaf00", ... in order of their first host; with more
// than one leaf an "inferred-spine" (level 1) is every leaf's parent.
// source = "inferred from links (latency)" or "(bandwidth)". Hosts with no
// measured pair are each their own leaf.
// Cost: O(N^2 log N) time, O(N) memory beyond the matrices.
ClusterMap InferLeaves(const LinkMatrices& matrices, const InferOptions& options = {});

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_LOCALISE_INFER_H_

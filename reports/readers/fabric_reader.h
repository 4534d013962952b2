// The fabric parts of a result document (internal to reports/readers): the
// inverse of the ToJson overloads in reports/writers/fabric_json.h. Errors
// are recorded in the node's ReadErrors; absent members keep the defaults.
#ifndef SPINECHECK_REPORTS_READERS_FABRIC_READER_H_
#define SPINECHECK_REPORTS_READERS_FABRIC_READER_H_

#include "reports/model/fabric.h"
#include "reports/readers/json_node.h"

namespace spinecheck::json_reader_internal {

// `topology`: hosts, switches, links (a link's `id` is derived, not read).
ClusterMap ReadClusterMap(const JsonNode& node);

// `links`: the matrices are N x N over `hosts` (null entries are NaN); an
// empty matrix stays empty, as the writer renders a matrix of another size.
// `retested` is N x N, 1 on both sides of each of `retested_pairs`.
LinkMatrices ReadLinkMatrices(const JsonNode& node);

}  // namespace spinecheck::json_reader_internal

#endif  // SPINECHECK_REPORTS_READERS_FABRIC_READER_H_

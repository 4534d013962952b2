// The node inventory of a result document (internal to reports/readers): the
// inverse of ToJson(const NodeInventory&) in reports/writers/inventory_json.h,
// reporting errors by JSON pointer. Absent members keep the model defaults.
#ifndef SPINECHECK_REPORTS_READERS_INVENTORY_READER_H_
#define SPINECHECK_REPORTS_READERS_INVENTORY_READER_H_

#include "reports/model/inventory.h"
#include "reports/readers/json_node.h"

namespace spinecheck::json_reader_internal {

// An `inventory` entry. The gpu_links matrices are taken as written; their
// sizes are not checked against gpus and nics (the writer does not either).
NodeInventory ReadNodeInventory(const JsonNode& node);

}  // namespace spinecheck::json_reader_internal

#endif  // SPINECHECK_REPORTS_READERS_INVENTORY_READER_H_

// The burn records of a result document (internal to reports/readers): the
// inverse of the ToJson overloads in reports/writers/burn_json.h. Errors are
// recorded in the node's ReadErrors; absent members keep the model defaults.
#ifndef SPINECHECK_REPORTS_READERS_BURN_READER_H_
#define SPINECHECK_REPORTS_READERS_BURN_READER_H_

#include "reports/model/run_document.h"
#include "reports/readers/json_node.h"

namespace spinecheck::json_reader_internal {

// A `results` entry of kind "burn".
BurnResult ReadBurnResult(const JsonNode& node);
// A `telemetry` entry.
DeviceTelemetry ReadTelemetry(const JsonNode& node);
// A `dcgm` entry.
DcgmResult ReadDcgmResult(const JsonNode& node);

}  // namespace spinecheck::json_reader_internal

#endif  // SPINECHECK_REPORTS_READERS_BURN_READER_H_

// JSON of the fabric parts of the document: the cluster map ("topology")
// and the link matrices ("links"); see docs/schema.md.
#ifndef SPINECHECK_REPORTS_WRITERS_FABRIC_JSON_H_
#define SPINECHECK_REPORTS_WRITERS_FABRIC_JSON_H_

#include <string>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"

#include "reports/model/fabric.h"

namespace spinecheck {

nlohmann::ordered_json ToJson(const ClusterMap& map);
// Matrices as arrays of rows; a missing entry (NaN) is null. Values keep
// four significant digits, which is below the measurement's noise.
nlohmann::ordered_json ToJson(const LinkMatrices& matrices);

// The "links" part of a document written by `spinecheck links --json`
// (a baseline). Errors name the file and what is wrong with it.
absl::StatusOr<LinkMatrices> ReadLinkMatrices(const std::string& path);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_FABRIC_JSON_H_

// CSV fabric importer: one row per cable, "host,leaf[,spine]", for fabrics
// that no other source describes (a spreadsheet of the cabling plan).
#ifndef SPINECHECK_TOPOLOGY_FABRIC_CSV_TOPOLOGY_H_
#define SPINECHECK_TOPOLOGY_FABRIC_CSV_TOPOLOGY_H_

#include <string>

#include "absl/status/statusor.h"
#include "reports/model/fabric.h"

namespace spinecheck {

// The map of CSV text; `name` (the path) is used in messages and
// ClusterMap::source. Each row is host,leaf or host,leaf,spine (fields
// trimmed); an optional first row "host,leaf[,spine]" is a header; '#'
// lines and blank lines are skipped. A host on several rows is multi-rail
// (one leaf per row); a leaf with several spines has them all as parents.
// kInvalidArgument "PATH:LINE:COLUMN: reason" for: a row of 1 or more than
// 3 fields, an empty field, a quote (names are plain), a name that is a
// host and a switch, and a file with no row.
absl::StatusOr<ClusterMap> ParseCsvTopology(const std::string& text, const std::string& name);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_FABRIC_CSV_TOPOLOGY_H_

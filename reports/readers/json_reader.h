// Reads a result document ("spinecheck.run/1", docs/schema.md) back into the
// model with the from_json of reports/json: the inverse of RenderJson
// (reports/writers/json_writer.h), so that
// `spinecheck report` renders every view from the JSON document alone.
//
// Round trip: for every document D, RenderJson(*ParseRunDocument(RenderJson(D)))
// equals RenderJson(D) byte for byte. (world is rendered grouped by host, so
// the ranks come back sorted by rank; derived keys such as world.size and a
// link's id are recomputed, not read.)
//
// Versioning: absent members keep the model's defaults, unknown members are
// ignored, and `results` entries of an unknown kind are skipped.
//
// Errors are kInvalidArgument (exit code 2), each prefixed with `source_name`:
//   "run.json: not a JSON document: [json.exception.parse_error.101] parse error at line 3, column 5: ..."
//   "run.json: schema \"spinecheck.run/2\" is not spinecheck.run/1; this spinecheck reads spinecheck.run/1 documents"
//   "run.json: /results/3/size_bytes: expected an unsigned integer, got string"
// No exception escapes.
#ifndef SPINECHECK_REPORTS_READERS_JSON_READER_H_
#define SPINECHECK_REPORTS_READERS_JSON_READER_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// Parses `json_text`; `source_name` (a path, "-") prefixes every error.
absl::StatusOr<RunDocument> ParseRunDocument(std::string_view json_text, std::string_view source_name);

// Reads the file at `path` and parses it. A file that cannot be read is
// kNotFound ("PATH: cannot be read: No such file or directory"), a folder
// kInvalidArgument; both exit code 2.
absl::StatusOr<RunDocument> ReadRunDocument(const std::string& path);

// The "links" part of the document at `path` (written by `spinecheck links
// --json`: a links baseline, or the measured fabric `topo --links` draws),
// without the rest of the document's checks. A matrix the document leaves
// out is all missing entries. Errors name the file and the value.
absl::StatusOr<LinkMatrices> ReadLinkMatricesFile(const std::string& path);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_READERS_JSON_READER_H_

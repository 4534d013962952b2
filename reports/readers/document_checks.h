// What a result document read from disk must hold before anything is
// judged or rendered from it (internal to reports/readers). Monitoring reads
// "healthy" from exit 0, so a broken or truncated file must never read as a
// pass: a document without a state or a verdict, with a verdict that
// contradicts its exit code, with a pass but none of its command's
// measurements, or with a non-finite number or a negative time is
// rejected naming the file and the value.
#ifndef SPINECHECK_REPORTS_READERS_DOCUMENT_CHECKS_H_
#define SPINECHECK_REPORTS_READERS_DOCUMENT_CHECKS_H_

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "reports/model/run_document.h"

namespace spinecheck::json_reader_internal {

using Json = nlohmann::ordered_json;

// Every number is finite; every time (members named *_us, *_s) is 0 or
// more. (Other quantities may hold -1 for "unknown": a port's rate_gbps.) kInvalidArgument naming the
// JSON pointer of the first offender.
absl::Status CheckNumbers(const Json& root, absl::string_view source_name);

// `state`, `verdict.status` and `verdict.exit_code` are present and agree
// with each other, and a pass holds what its command measures.
// kInvalidArgument naming what is missing.
absl::Status CheckVerdict(const Json& root, const RunDocument& document, absl::string_view source_name);

}  // namespace spinecheck::json_reader_internal

#endif  // SPINECHECK_REPORTS_READERS_DOCUMENT_CHECKS_H_

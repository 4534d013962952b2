// The result document as JSON ("spinecheck.run/1", see docs/schema.md).
#ifndef SPINECHECK_REPORTS_WRITERS_JSON_WRITER_H_
#define SPINECHECK_REPORTS_WRITERS_JSON_WRITER_H_

#include <string>

#include "absl/status/status.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// Serialises the whole document, pretty-printed, keys in schema order.
std::string RenderJson(const RunDocument& document);

// RenderJson written atomically to `path`.
absl::Status WriteJsonDocument(const RunDocument& document, const std::string& path);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_JSON_WRITER_H_

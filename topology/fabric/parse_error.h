// How every importer names a bad input: "PATH:LINE:COLUMN: reason", the form
// compilers use, so editors jump to it.
#ifndef SPINECHECK_TOPOLOGY_FABRIC_PARSE_ERROR_H_
#define SPINECHECK_TOPOLOGY_FABRIC_PARSE_ERROR_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace spinecheck {

// "PATH:LINE" or "PATH:LINE:COLUMN"; line and column are 1-based, 0 leaves
// them out.
inline std::string Where(absl::string_view name, size_t line, size_t column = 0) {
  if (line == 0) return std::string(name);
  if (column == 0) return absl::StrCat(name, ":", line);
  return absl::StrCat(name, ":", line, ":", column);
}

// kInvalidArgument "PATH:LINE[:COLUMN]: reason".
inline absl::Status ParseError(absl::string_view name, size_t line, size_t column, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(Where(name, line, column), ": ", reason));
}

// `text` with its leading "# source:" comment line(s) blanked to empty lines
// (line numbers stay right). The fixtures and operator notes keep such a
// line even in JSON, which has no comments.
std::string BlankLeadingHashLines(std::string text);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_FABRIC_PARSE_ERROR_H_

// Text helpers shared by the human reports (HTML and Markdown): escaping of
// every string taken from a result document, and the number and size formats
// the pages print.
#ifndef SPINECHECK_REPORTS_WRITERS_REPORT_FORMAT_H_
#define SPINECHECK_REPORTS_WRITERS_REPORT_FORMAT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace spinecheck {

// `text` safe inside HTML element content and inside double- or
// single-quoted attribute values: & < > " ' become character references.
std::string HtmlEscape(absl::string_view text);

// `text` safe inside one cell of a Markdown table: '|' and '\' are
// backslash-escaped, & < > become character references (so that no HTML
// from a document reaches a renderer that allows it), line breaks become
// spaces, and an empty text becomes "—".
std::string MarkdownCell(absl::string_view text);

// A measured value for a person: 4 significant digits, no trailing zeros
// ("0.6728", "12.35", "46", "356.2"), whole numbers from 10000 up ("23456");
// "—" for NaN or infinity.
std::string FormatNumber(double value);

// A message size with binary units as axis labels show them: "8 B",
// "1 KiB", "1.5 MiB", "4 GiB".
std::string FormatSizeLabel(uint64_t bytes);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_REPORT_FORMAT_H_

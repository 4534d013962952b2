// CSV fabric parser. Hand-written rather than with fast-cpp-csv-parser:
// fccp reads a fixed column count, and these rows have 2 or 3 fields with an
// optional header; the names allow no quoting, so splitting at commas is
// the whole format.
#include "topology/fabric/csv_topology.h"

#include <cstddef>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "topology/fabric/map_builder.h"
#include "topology/fabric/parse_error.h"

namespace spinecheck {

absl::StatusOr<ClusterMap> ParseCsvTopology(const std::string& text, const std::string& name) {
  MapBuilder builder;
  bool first_row = true;
  size_t rows = 0;
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  for (size_t index = 0; index < lines.size(); ++index) {
    absl::string_view line = lines[index];
    const size_t line_number = index + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    std::vector<absl::string_view> raw = absl::StrSplit(line, ',');
    std::vector<absl::string_view> fields;
    std::vector<size_t> columns;
    size_t column = 1;
    for (absl::string_view field : raw) {
      const size_t lead = field.size() - absl::StripLeadingAsciiWhitespace(field).size();
      fields.push_back(absl::StripAsciiWhitespace(field));
      columns.push_back(column + lead);
      column += field.size() + 1;
    }
    if (first_row) {
      first_row = false;
      if (absl::AsciiStrToLower(fields[0]) == "host") continue;  // the header
    }
    if (fields.size() < 2 || fields.size() > 3) {
      return ParseError(name, line_number, 1,
                        absl::StrCat(fields.size(), " field(s); a row is host,leaf or host,leaf,spine"));
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].empty()) {
        static constexpr const char* kColumns[] = {"host", "leaf", "spine"};
        return ParseError(name, line_number, columns[i], absl::StrCat("the ", kColumns[i], " field is empty"));
      }
      if (fields[i].find('"') != absl::string_view::npos) {
        return ParseError(name, line_number, columns[i], "names cannot be quoted or contain '\"'");
      }
    }
    const std::string where = Where(name, line_number);
    builder.AttachHost(fields[0], fields[1], 0, where);
    if (fields.size() == 3) builder.AddUplink(fields[1], fields[2], 0, where);
    ++rows;
  }
  if (rows == 0) return ParseError(name, 0, 0, "no host,leaf[,spine] row: the file is empty");
  return builder.Build(absl::StrCat("CSV host,leaf,spine (", name, ")"));
}

}  // namespace spinecheck

// Slurm hostlist expansion: terms split at top-level commas, each term a
// cartesian product of its literal parts and bracket groups.
#include "topology/fabric/hostlist.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace spinecheck {
namespace {

// Errors carry their 0-based column in a payload-free way: the message is
// "<column>\t<reason>", split again by the public functions.
absl::Status Error(size_t column, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(column, "\t", reason));
}

absl::Status SplitError(const absl::Status& status, size_t* column, bool prefix) {
  const absl::string_view message = status.message();
  const size_t tab = message.find('\t');
  size_t value = 0;
  (void)absl::SimpleAtoi(message.substr(0, tab), &value);
  const absl::string_view reason = message.substr(tab + 1);
  if (column != nullptr) *column = value;
  if (prefix) return absl::InvalidArgumentError(absl::StrCat("column ", value + 1, ": ", reason));
  return absl::InvalidArgumentError(reason);
}

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The numbers of one bracket group's body ("001-016,020"), starting at
// `offset` within the expression, formatted with their padding.
absl::StatusOr<std::vector<std::string>> ExpandGroup(absl::string_view body, size_t offset) {
  std::vector<std::string> values;
  if (body.empty()) return Error(offset, "empty brackets '[]'");
  size_t at = offset;
  for (absl::string_view part : absl::StrSplit(body, ',')) {
    const size_t dash = part.find('-');
    const absl::string_view lo_text = part.substr(0, dash);
    const absl::string_view hi_text = dash == absl::string_view::npos ? lo_text : part.substr(dash + 1);
    if (!AllDigits(lo_text) || !AllDigits(hi_text) || lo_text.size() > 18 || hi_text.size() > 18) {
      return Error(at, absl::StrCat("'", part, "' is not a number or a range lo-hi of numbers"));
    }
    uint64_t lo = 0;
    uint64_t hi = 0;
    (void)absl::SimpleAtoi(lo_text, &lo);
    (void)absl::SimpleAtoi(hi_text, &hi);
    if (hi < lo) return Error(at, absl::StrCat("range '", part, "' ends below its start"));
    if (hi - lo >= kMaxHostlistNames) {
      return Error(at, absl::StrCat("range '", part, "' has more than ", kMaxHostlistNames, " names"));
    }
    // Zero padding: "001" pads to 3 digits; "1" does not pad.
    const size_t width = lo_text.size() > 1 && lo_text[0] == '0' ? lo_text.size() : 0;
    for (uint64_t value = lo; value <= hi; ++value) {
      std::string digits = absl::StrCat(value);
      if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
      values.push_back(std::move(digits));
    }
    at += part.size() + 1;
  }
  return values;
}

// Appends the names of one term (no top-level comma) to `names`.
// `bytes` counts the bytes of `names`.
absl::Status ExpandTerm(absl::string_view term, size_t offset, std::vector<std::string>& names, size_t& bytes) {
  if (term.empty()) return Error(offset, "empty name (two commas in a row, or a comma at an end)");
  std::vector<std::string> partial = {""};
  size_t longest = 0;  // the length of the longest name in `partial`
  const auto too_long = [&](size_t column) {
    return Error(column, absl::StrCat("names longer than ", kMaxHostNameBytes,
                                      " characters: no host name is (DNS allows 253)"));
  };
  size_t at = 0;
  while (at < term.size()) {
    const size_t open = term.find_first_of("[]", at);
    const absl::string_view literal = term.substr(at, open == absl::string_view::npos ? absl::string_view::npos : open - at);
    longest += literal.size();
    if (longest > kMaxHostNameBytes) return too_long(offset + at);
    for (std::string& name : partial) name.append(literal.data(), literal.size());
    if (open == absl::string_view::npos) break;
    if (term[open] == ']') return Error(offset + open, "']' without a '['");
    const size_t close = term.find_first_of("[]", open + 1);
    if (close == absl::string_view::npos) return Error(offset + open, "'[' is not closed: add ']'");
    if (term[close] == '[') return Error(offset + close, "brackets cannot nest");
    auto values = ExpandGroup(term.substr(open + 1, close - open - 1), offset + open + 1);
    if (!values.ok()) return values.status();
    if (partial.size() * values->size() > kMaxHostlistNames) {
      return Error(offset + open, absl::StrCat("expands to more than ", kMaxHostlistNames, " names"));
    }
    size_t longest_value = 0;
    for (const std::string& value : *values) longest_value = std::max(longest_value, value.size());
    longest += longest_value;
    if (longest > kMaxHostNameBytes) return too_long(offset + open);
    if (partial.size() * values->size() * longest > kMaxHostlistBytes) {
      return Error(offset + open, absl::StrCat("expands to more than ", kMaxHostlistBytes >> 20, " MiB of names"));
    }
    std::vector<std::string> next;
    next.reserve(partial.size() * values->size());
    for (const std::string& prefix : partial) {
      for (const std::string& value : *values) next.push_back(absl::StrCat(prefix, value));
    }
    partial = std::move(next);
    at = close + 1;
  }
  if (names.size() + partial.size() > kMaxHostlistNames) {
    return Error(offset, absl::StrCat("expands to more than ", kMaxHostlistNames, " names"));
  }
  for (std::string& name : partial) {
    bytes += name.size();
    names.push_back(std::move(name));
  }
  if (bytes > kMaxHostlistBytes) {
    return Error(offset, absl::StrCat("expands to more than ", kMaxHostlistBytes >> 20, " MiB of names"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> ExpandHostlistImpl(absl::string_view expression) {
  std::vector<std::string> names;
  size_t bytes = 0;
  if (expression.empty()) return Error(0, "empty hostlist");
  for (size_t i = 0; i < expression.size(); ++i) {
    if (absl::ascii_isspace(static_cast<unsigned char>(expression[i]))) {
      return Error(i, "a hostlist cannot contain spaces");
    }
  }
  // Split at commas outside brackets.
  size_t start = 0;
  int depth = 0;
  for (size_t i = 0; i <= expression.size(); ++i) {
    if (i < expression.size()) {
      if (expression[i] == '[') ++depth;
      if (expression[i] == ']') --depth;
      if (expression[i] != ',' || depth > 0) continue;
    }
    absl::Status status = ExpandTerm(expression.substr(start, i - start), start, names, bytes);
    if (!status.ok()) return status;
    start = i + 1;
  }
  return names;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ExpandHostlist(absl::string_view expression) {
  auto names = ExpandHostlistImpl(expression);
  if (!names.ok()) return SplitError(names.status(), nullptr, true);
  return names;
}

absl::StatusOr<std::vector<std::string>> ExpandHostlist(absl::string_view expression, size_t* error_column) {
  auto names = ExpandHostlistImpl(expression);
  if (!names.ok()) return SplitError(names.status(), error_column, false);
  return names;
}

}  // namespace spinecheck

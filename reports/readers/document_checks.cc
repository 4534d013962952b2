#include "reports/readers/document_checks.h"

#include <cmath>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace spinecheck::json_reader_internal {
namespace {

bool IsQuantity(absl::string_view key) {
  for (absl::string_view suffix : {"_us", "_s"}) {
    if (absl::EndsWith(key, suffix)) return true;
  }
  return false;
}

// The first offending number below `value`, as "POINTER: reason"; empty when none.
std::string FirstBadNumber(const Json& value, const std::string& pointer, bool quantity) {
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (!std::isfinite(number)) return absl::StrCat(pointer, ": not a finite number");
    if (quantity && number < 0) return absl::StrCat(pointer, ": negative (", number, ")");
  } else if (value.is_number_integer() && !value.is_number_unsigned()) {
    if (quantity && value.get<int64_t>() < 0) return absl::StrCat(pointer, ": negative (", value.get<int64_t>(), ")");
  } else if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      std::string bad = FirstBadNumber(member, absl::StrCat(pointer, "/", key), IsQuantity(key));
      if (!bad.empty()) return bad;
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      // An array's elements are quantities when the array's name says so.
      std::string bad = FirstBadNumber(value[i], absl::StrCat(pointer, "/", i), quantity);
      if (!bad.empty()) return bad;
    }
  }
  return "";
}

// Whether the document holds the measurements its command exists for.
bool HasMeasurements(const RunDocument& document) {
  const std::string& command = document.command;
  if (command == "sweep" || command == "import") return !document.collective_rows.empty();
  if (command == "burn") return !document.burn_results.empty();
  if (command == "links") return document.links.has_value();
  if (command == "topo") return !document.inventory.empty() || document.topology.has_value();
  return !document.collective_rows.empty() || !document.burn_results.empty() || document.links.has_value() ||
         !document.inventory.empty();
}

}  // namespace

absl::Status CheckNumbers(const Json& root, absl::string_view source_name) {
  const std::string bad = FirstBadNumber(root, "", false);
  if (bad.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(source_name, ": ", bad, "; the file is damaged or not from spinecheck"));
}

absl::Status CheckVerdict(const Json& root, const RunDocument& document, absl::string_view source_name) {
  auto missing = [&](absl::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat(source_name, ": has no ", what,
                                                   "; a document without it is never read as a pass (was the file "
                                                   "cut short, or written by hand?)"));
  };
  if (document.command.empty()) return missing("\"command\"");
  if (!root.contains("state")) return missing("\"state\"");
  const auto verdict_json = root.find("verdict");
  if (verdict_json == root.end() || !verdict_json->is_object()) return missing("\"verdict\"");
  if (!verdict_json->contains("status")) return missing("\"verdict\".\"status\"");
  if (!verdict_json->contains("exit_code")) return missing("\"verdict\".\"exit_code\"");
  // Each status has its exit code; a run that had not finished says
  // "incomplete" with exit code 3. (Unknown names were rejected by the reader.)
  const Verdict& verdict = document.verdict;
  if (ExitCodeOf(verdict.status) != verdict.exit_code) {
    return absl::InvalidArgumentError(absl::StrCat(source_name, ": /verdict: status \"",
                                                   VerdictStatusName(verdict.status), "\" does not go with exit code ",
                                                   static_cast<int>(verdict.exit_code)));
  }
  // A run that had not finished has no verdict yet; a pass needs a finished run.
  const bool finished = document.state != RunState::kRunning;
  const bool incomplete = verdict.status == VerdictStatus::kIncomplete;
  if (finished == incomplete || (verdict.exit_code == ExitCode::kPass && document.state != RunState::kCompleted)) {
    return absl::InvalidArgumentError(absl::StrCat(source_name, ": state \"", RunStateName(document.state),
                                                   "\" does not go with verdict \"", VerdictStatusName(verdict.status),
                                                   "\""));
  }
  if (document.verdict.exit_code == ExitCode::kPass && !HasMeasurements(document)) {
    return absl::InvalidArgumentError(absl::StrCat(source_name, ": verdict pass, but the document holds no ",
                                                   document.command,
                                                   " measurement; a missing measurement is never a pass"));
  }
  return absl::OkStatus();
}

}  // namespace spinecheck::json_reader_internal

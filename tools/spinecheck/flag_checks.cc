#include "tools/spinecheck/flag_checks.h"

#include <cmath>
#include <cstdint>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "reports/model/units.h"

namespace spinecheck {
namespace {

// The number in `text`, or NaN when it is not one.
double NumberOf(const std::string& text) {
  double value = 0;
  return absl::SimpleAtod(text, &value) ? value : std::nan("");
}

}  // namespace

CLI::Validator Fraction() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const double value = NumberOf(text);
        if (value > 0 && value < 1) return "";
        return absl::StrCat("'", text, "' must lie between 0 and 1 (0.1 = 10 % below the expected value)");
      },
      "FRACTION in (0,1)", "Fraction");
}

CLI::Validator PositiveFactor() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const double value = NumberOf(text);
        if (value > 0 && std::isfinite(value)) return "";
        return absl::StrCat("'", text, "' must be a number above 0");
      },
      "FACTOR > 0", "PositiveFactor");
}

CLI::Validator TimeoutSeconds(bool zero_allowed) {
  return CLI::Validator(
      [zero_allowed](std::string& text) -> std::string {
        const double value = NumberOf(text);
        const double longest_s = absl::ToDoubleSeconds(kLongestDuration);
        if ((zero_allowed ? value >= 0 : value > 0) && value <= longest_s) return "";
        return absl::StrCat("'", text, "' must be ", zero_allowed ? "0 (no deadline) or " : "",
                            "a number of seconds above 0 and at most ", static_cast<int64_t>(longest_s),
                            " (30 days)");
      },
      zero_allowed ? "SECONDS >= 0" : "SECONDS > 0", "TimeoutSeconds");
}

CLI::Validator ByteSize(uint64_t min_bytes, uint64_t max_bytes) {
  const bool bounded = max_bytes != std::numeric_limits<uint64_t>::max();
  return CLI::Validator(
      [min_bytes, max_bytes, bounded](const std::string& text) -> std::string {
        if (text.empty()) return "";  // NonEmpty's to reject
        const absl::StatusOr<uint64_t> bytes = ParseByteSize(text);
        if (!bytes.ok()) return std::string(bytes.status().message());
        if (*bytes >= min_bytes && *bytes <= max_bytes) return "";
        return absl::StrCat("'", text, "' must be ", bounded ? "between " : "at least ", FormatByteSize(min_bytes),
                            bounded ? absl::StrCat(" and ", FormatByteSize(max_bytes)) : "");
      },
      bounded ? absl::StrCat("SIZE in [", FormatByteSize(min_bytes), ", ", FormatByteSize(max_bytes), "]") : "SIZE");
}

CLI::Validator ParsedBy(std::function<absl::Status(const std::string&)> parse) {
  return CLI::Validator(
      [parse](const std::string& text) -> std::string {
        if (text.empty()) return "";  // NonEmpty's to reject
        const absl::Status status = parse(text);
        return status.ok() ? "" : std::string(status.message());
      },
      "");
}

CLI::Validator NonEmpty() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        return text.empty() ? "an empty value was given (an unset shell variable?); give a value" : "";
      },
      "", "NonEmpty");
}

void RejectEmptyValues(CLI::App& app) {
  for (CLI::Option* option : app.get_options()) {
    if (option->get_type_size() > 0) option->check(NonEmpty());
  }
  for (CLI::App* subcommand : app.get_subcommands([](CLI::App*) { return true; })) RejectEmptyValues(*subcommand);
}

}  // namespace spinecheck

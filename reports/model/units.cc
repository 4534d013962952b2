#include "reports/model/units.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

absl::Status BadSize(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "invalid size '", text, "': ", why,
      "; expected a number of bytes with an optional binary suffix K, M, G or T (for example 8, 64K, 1M, 4G)"));
}

}  // namespace

absl::StatusOr<uint64_t> ParseByteSize(absl::string_view text) {
  absl::string_view rest = absl::StripAsciiWhitespace(text);
  if (rest.empty()) return BadSize(text, "empty");
  // Optional trailing "B" or "iB" ("64KiB", "1MB").
  if (rest.size() > 1 && (rest.back() == 'B' || rest.back() == 'b')) {
    rest.remove_suffix(1);
    if (rest.size() > 1 && (rest.back() == 'i' || rest.back() == 'I')) rest.remove_suffix(1);
  }
  uint64_t multiplier = 1;
  if (!rest.empty() && std::isalpha(static_cast<unsigned char>(rest.back()))) {
    switch (absl::ascii_toupper(static_cast<unsigned char>(rest.back()))) {
      case 'K': multiplier = uint64_t{1} << 10; break;
      case 'M': multiplier = uint64_t{1} << 20; break;
      case 'G': multiplier = uint64_t{1} << 30; break;
      case 'T': multiplier = uint64_t{1} << 40; break;
      default: return BadSize(text, absl::StrCat("unknown suffix '", rest.substr(rest.size() - 1), "'"));
    }
    rest.remove_suffix(1);
  }
  if (rest.empty()) return BadSize(text, "no number");
  for (char c : rest) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') {
      return BadSize(text, absl::StrCat("unexpected character '", std::string(1, c), "'"));
    }
  }
  uint64_t whole = 0;
  if (absl::SimpleAtoi(rest, &whole)) {
    if (whole > UINT64_MAX / multiplier) return BadSize(text, "too large");
    return whole * multiplier;
  }
  double value = 0;
  if (!absl::SimpleAtod(rest, &value) || !std::isfinite(value) || value < 0) {
    return BadSize(text, "not a number");
  }
  const double bytes = value * static_cast<double>(multiplier);
  if (bytes >= 18446744073709551615.0) return BadSize(text, "too large");
  return static_cast<uint64_t>(bytes);
}

std::string FormatByteSize(uint64_t bytes) {
  static constexpr const char* kSuffixes[] = {"T", "G", "M", "K"};
  static constexpr int kShifts[] = {40, 30, 20, 10};
  for (int i = 0; i < 4; ++i) {
    const uint64_t unit = uint64_t{1} << kShifts[i];
    if (bytes >= unit && bytes % unit == 0) return absl::StrCat(bytes / unit, kSuffixes[i]);
  }
  return absl::StrCat(bytes);
}

double BandwidthGbps(double bytes, double seconds) {
  if (seconds <= 0) return 0;
  return bytes / 1e9 / seconds;
}

absl::StatusOr<absl::Duration> ParsePositiveDuration(absl::string_view text) {
  absl::Duration duration;
  double seconds = 0;
  if (absl::SimpleAtod(text, &seconds) && std::isfinite(seconds)) {
    duration = absl::Seconds(seconds);
  } else if (!absl::ParseDuration(text, &duration) || duration == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid duration '", text, "': use a number of seconds or a unit, e.g. 90, 30s, 10m, 1h"));
  }
  if (duration <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(absl::StrCat("invalid duration '", text, "': it must be above zero"));
  }
  if (duration > kLongestDuration) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid duration '", text, "': it must be at most ", absl::FormatDuration(kLongestDuration),
                     " (30 days)"));
  }
  return duration;
}

}  // namespace spinecheck

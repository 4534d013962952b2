// Byte sizes and bandwidth units.
//
// Sizes use binary suffixes as nccl-tests does (8, 64K, 1M, 4G: K = 1024);
// bandwidth is GB/s = 1e9 bytes per second (the nccl-tests convention).
#ifndef SPINECHECK_REPORTS_MODEL_UNITS_H_
#define SPINECHECK_REPORTS_MODEL_UNITS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace spinecheck {

// Parses "8", "64K", "1M", "4G", "1T", "1.5M" (case-insensitive suffix, an
// optional trailing "B"/"iB"). Fractions are allowed with a suffix and the
// result is truncated to whole bytes. Fails with InvalidArgument naming the
// text and the accepted forms.
absl::StatusOr<uint64_t> ParseByteSize(absl::string_view text);

// The longest time any duration may ask for (a burn, a budget, -T): longer
// is a typing mistake, and would overflow the clocks it feeds.
inline constexpr absl::Duration kLongestDuration = absl::Hours(30 * 24);

// Parses a duration: a number with a unit ("30s", "10m", "1h30m", "500ms")
// or a plain number of seconds ("90"). kInvalidArgument naming the text
// for anything else, for zero, for negative durations and for durations
// above kLongestDuration.
absl::StatusOr<absl::Duration> ParsePositiveDuration(absl::string_view text);

// Formats bytes with the largest binary suffix that divides them exactly:
// 1048576 -> "1M", 1536 -> "1536".
std::string FormatByteSize(uint64_t bytes);

// algbw in GB/s for `bytes` moved in `seconds`; 0 when seconds <= 0.
double BandwidthGbps(double bytes, double seconds);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_MODEL_UNITS_H_

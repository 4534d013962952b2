// The checks that every subcommand applies to the same kind of flag value,
// as CLI11 validators: one rule, and one message, per kind. A value that
// fails is a usage error (exit 2) naming the flag, before MPI starts.
#ifndef SPINECHECK_TOOLS_SPINECHECK_FLAG_CHECKS_H_
#define SPINECHECK_TOOLS_SPINECHECK_FLAG_CHECKS_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <string>

#include <CLI/CLI.hpp>

#include "absl/status/status.h"

namespace spinecheck {

// A tolerance: a number strictly between 0 and 1 (0.1 = 10 % below).
CLI::Validator Fraction();

// A factor: a finite number above 0.
CLI::Validator PositiveFactor();

// -T/--timeout: finite seconds up to kLongestDuration (reports/model/units.h); 0 (no deadline) only
// where `zero_allowed`.
CLI::Validator TimeoutSeconds(bool zero_allowed);

// A byte size (8, 64K, 1M, 4G: ParseByteSize) from `min_bytes` to
// `max_bytes`. Like ParsedBy, it leaves an empty value to NonEmpty.
CLI::Validator ByteSize(uint64_t min_bytes = 0, uint64_t max_bytes = std::numeric_limits<uint64_t>::max());

// A value that `parse` accepts (a parser of the value's model: a collective
// list, a burn check list, a duration): rejected with its message, which
// names the value and the accepted ones.
CLI::Validator ParsedBy(std::function<absl::Status(const std::string&)> parse);

// A value that was given must not be empty (`--budget ""`, `--json "$UNSET"`):
// an empty value never silently means "the default" or "no output".
CLI::Validator NonEmpty();

// Adds NonEmpty to every option that takes a value, in `app` and all its
// subcommands (call once every option exists).
void RejectEmptyValues(CLI::App& app);

}  // namespace spinecheck

#endif  // SPINECHECK_TOOLS_SPINECHECK_FLAG_CHECKS_H_

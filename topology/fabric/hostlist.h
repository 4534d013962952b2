// Slurm hostlist expressions ("tux[0-3]", "node[001-016,020]",
// "rack[1-2]-gpu[01-04]", "a,b,c[1-2]"), expanded to names. Hand-written:
// Slurm's own expander lives inside libslurm, which spinecheck does not link.
#ifndef SPINECHECK_TOPOLOGY_FABRIC_HOSTLIST_H_
#define SPINECHECK_TOPOLOGY_FABRIC_HOSTLIST_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace spinecheck {

// The most names one expression, or one topology file in all, may name
// (262,144: more hosts than any cluster that Slurm runs has); a typo such as
// "node[1-1000000000]" is an error instead of gigabytes and minutes.
inline constexpr size_t kMaxHostlistNames = 1 << 18;

// The longest name an expression may produce: DNS allows 253 characters in a
// full name and Linux 64 in a host name, so a longer one is a typo or garbage.
inline constexpr size_t kMaxHostNameBytes = 255;

// The most bytes of names one expression, or one topology file in all, may
// expand to (32 MiB: 262,144 names of 128 characters), so that a short file
// cannot make the map builder hold gigabytes.
inline constexpr size_t kMaxHostlistBytes = size_t{32} << 20;

// The names of `expression`, in its order (duplicates kept). Top-level
// commas separate terms; each bracket group "[lo-hi,n,...]" in a term
// multiplies the names (the rightmost group varies fastest); a range keeps
// the zero padding of its lower bound ("[001-016]" gives 001..016).
// Linear in the length of the output.
//
// kInvalidArgument, its message starting "column N: " (1-based, within
// `expression`) and giving the reason: an empty expression or term, an
// unclosed or nested bracket, a bound that is not a number, a range whose
// upper bound is below its lower bound, more than kMaxHostlistNames names, a
// name longer than kMaxHostNameBytes, or more than kMaxHostlistBytes of names.
absl::StatusOr<std::vector<std::string>> ExpandHostlist(absl::string_view expression);

// The same; on error the message is the reason alone and `*error_column`
// the 0-based column within `expression`, for callers that name their own
// place ("PATH:LINE:COLUMN").
absl::StatusOr<std::vector<std::string>> ExpandHostlist(absl::string_view expression, size_t* error_column);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_FABRIC_HOSTLIST_H_

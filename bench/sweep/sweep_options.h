// What one `spinecheck sweep` measures, with nccl-tests' meanings.
#ifndef SPINECHECK_BENCH_SWEEP_SWEEP_OPTIONS_H_
#define SPINECHECK_BENCH_SWEEP_SWEEP_OPTIONS_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "bench/collectives/collective.h"
#include "bench/collectives/data_type.h"

namespace spinecheck {

// How per-rank times combine into the reported time (nccl-tests -a).
enum class AverageMode { kRankZero = 0, kMean = 1, kMin = 2, kMax = 3 };

// Testing faults (--inject). They act on the real computation only.
struct Injection {
  int corrupt_rank = -1;  // corrupt=RANK: flips bits in that rank's received data after each checked call
  int hang_rank = -1;     // hang=RANK: that rank stops (SIGSTOP) after its first measured row
};

// Parses "corrupt=2", "hang=1" or both, comma-separated. kInvalidArgument
// naming the text and the accepted forms.
absl::Status ParseInjection(absl::string_view text, Injection& injection);

struct SweepOptions {
  uint64_t min_bytes = 32 << 20;   // -b
  uint64_t max_bytes = 32 << 20;   // -e
  uint64_t step_bytes = 1 << 20;   // -i, used when step_factor <= 1
  uint64_t step_factor = 1;        // -f
  int iterations = 20;             // -n
  int warmup_iterations = 1;       // -w, per size, before the timed loop
  int checks = 1;                  // -c: validation calls after the timed loop; 0 = none
  int root = 0;                    // -r; -1 = every rank in turn
  AverageMode average = AverageMode::kMean;  // -a
  int blocking = 0;                // -z: 0/2 none, 1 barrier after each call (timed), 3 barrier untimed
  absl::Duration timeout = absl::ZeroDuration();  // -T; zero = no deadline
  std::vector<const CollectiveDefinition*> collectives;
  std::vector<DataType> types;
  std::vector<ReduceOp> ops;
  Injection injection;
};

// kInvalidArgument naming the flag when the options cannot describe a sweep
// (-b above -e, zero iterations, a step of zero, ...).
absl::Status ValidateSweepOptions(const SweepOptions& options);

// The sizes of the sweep, from min to max: multiplied by step_factor when it
// is above 1, otherwise increased by step_bytes.
std::vector<uint64_t> SweepSizes(const SweepOptions& options);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_SWEEP_SWEEP_OPTIONS_H_

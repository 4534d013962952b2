// MemoryEngine: pattern tests over most of a device's memory, the core of
// the `memory` burn check. A CPU engine tests a host buffer; the CUDA engine
// tests device memory with its own kernels.
#ifndef SPINECHECK_DIAG_ENGINES_MEMORY_ENGINE_H_
#define SPINECHECK_DIAG_ENGINES_MEMORY_ENGINE_H_

#include <cstdint>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace spinecheck {

enum class MemoryPattern {
  kWalkingOnes,       // each 32-bit word holds 1 << ((word index + pass) % 32); 32 passes of write + verify
  kRandom,            // words from a seeded hash of their index; write, then verify
  kMovingInversions,  // memtest86's: fill p; up: verify p, write ~p; down: verify ~p, write p; verify p
};

// "walking_ones", "random", "moving_inversions".
absl::string_view MemoryPatternName(MemoryPattern pattern);
const std::vector<MemoryPattern>& AllMemoryPatterns();

struct MemoryPassResult {
  int64_t mismatches = 0;       // 32-bit words that read back wrong (each read counts)
  int64_t words_checked = 0;    // 32-bit words read and compared
  uint64_t bytes_moved = 0;     // bytes written plus bytes read, for the bandwidth figure
};

class MemoryEngine {
 public:
  virtual ~MemoryEngine() = default;

  // The bytes tested when the operator gives no size: most of the device's
  // free memory (a GPU keeps headroom for the context and the other checks;
  // a CPU takes a share of the host's available memory per local rank).
  virtual absl::StatusOr<uint64_t> DefaultBytes(int local_ranks) const = 0;

  // Allocates the buffer under test; kResourceExhausted naming the size.
  virtual absl::Status Allocate(uint64_t bytes) = 0;

  // Runs `pattern` once over the whole buffer and waits for it to finish.
  virtual absl::StatusOr<MemoryPassResult> Run(MemoryPattern pattern, uint64_t seed) = 0;

  virtual void Release() = 0;
};

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_ENGINES_MEMORY_ENGINE_H_

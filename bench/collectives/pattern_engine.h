// PatternEngine: writes a call's input into a device's buffers and counts
// the wrong elements of its output, where the buffers live. The host engine
// works on host memory (CPU device); the CUDA engine runs kernels on the
// GPU's stream, so a sweep on GPUs never copies whole buffers to the host.
// Both compute the same values (bench/collectives/pattern_math.h).
#ifndef SPINECHECK_BENCH_COLLECTIVES_PATTERN_ENGINE_H_
#define SPINECHECK_BENCH_COLLECTIVES_PATTERN_ENGINE_H_

#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/collectives/patterns.h"
#include "topology/device/device.h"

namespace spinecheck {

class PatternEngine {
 public:
  virtual ~PatternEngine() = default;
  // Writes this rank's input for `call`; the rest of both buffers is set to
  // the filler no result equals. Returns once the data is in place.
  virtual absl::Status Fill(const PatternCall& call, DeviceBuffer& send, DeviceBuffer& recv) = 0;
  // Number of wrong output elements of this rank (after the collective has
  // completed).
  virtual absl::StatusOr<int64_t> CountWrong(const PatternCall& call, const DeviceBuffer& send,
                                             const DeviceBuffer& recv) = 0;
};

// The engine for `device`'s memory (the one #if on CUDA lives in the .cc).
// `device` must outlive the engine.
absl::StatusOr<std::unique_ptr<PatternEngine>> CreatePatternEngine(Device& device);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_COLLECTIVES_PATTERN_ENGINE_H_

// CopyEngine: copy bandwidth of a device, the core of the `copy` burn check.
// On a GPU, host<->device with pinned host memory and device->device to
// every peer GPU this process can see (an nvbandwidth-style matrix, one
// row per source); on a CPU, memcpy between two host buffers.
#ifndef SPINECHECK_DIAG_ENGINES_COPY_ENGINE_H_
#define SPINECHECK_DIAG_ENGINES_COPY_ENGINE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace spinecheck {

class CopyEngine {
 public:
  virtual ~CopyEngine() = default;

  // The copy paths this engine measures, named as in the result document:
  // "h2d", "d2h", "d2d:0->1" ... on a GPU; "memcpy" on a CPU. Computed once
  // at creation.
  virtual const std::vector<std::string>& Paths() const = 0;

  // Allocates source and destination buffers of `bytes` for every path.
  virtual absl::Status Allocate(uint64_t bytes) = 0;

  // Copies `bytes` once along path `path` (an index into Paths()), waits
  // for the copy to finish and returns its duration in seconds, measured on
  // the device's own timeline where it has one.
  virtual absl::StatusOr<double> CopyOnce(size_t path) = 0;

  // Checks that the last copy along `path` delivered the source bytes;
  // returns the 32-bit words that differ.
  virtual absl::StatusOr<int64_t> VerifyLast(size_t path) = 0;

  virtual void Release() = 0;
};

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_ENGINES_COPY_ENGINE_H_

// The one place in diag/ that knows which engine implementations this build
// has: CPU engines always; CUDA engines when the toolkit was found.
#include "diag/engines/engine_factory.h"

#include "diag/engines/cpu/cpu_engines.h"

namespace spinecheck {

absl::StatusOr<std::unique_ptr<GemmEngine>> CreateGemmEngine(Device& device, int cpu_threads) {
  return CreateCpuGemmEngine(device, cpu_threads);
}

absl::StatusOr<std::unique_ptr<MemoryEngine>> CreateMemoryEngine(Device& device) {
  return CreateCpuMemoryEngine(device);
}

absl::StatusOr<std::unique_ptr<CopyEngine>> CreateCopyEngine(Device& device) { return CreateCpuCopyEngine(device); }

}  // namespace spinecheck

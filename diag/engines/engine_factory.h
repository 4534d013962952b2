// Creating the engines the burn checks drive, for a Device. The only place
// that knows which engine implementations this build has (the one #if on
// CUDA lives in the .cc).
#ifndef SPINECHECK_DIAG_ENGINES_ENGINE_FACTORY_H_
#define SPINECHECK_DIAG_ENGINES_ENGINE_FACTORY_H_

#include <memory>

#include "absl/status/statusor.h"
#include "diag/engines/copy_engine.h"
#include "diag/engines/gemm_engine.h"
#include "diag/engines/memory_engine.h"
#include "topology/device/device.h"

namespace spinecheck {

// `cpu_threads`: BLAS threads of a CPU engine (the rank's share of the
// host's cores); ignored on a GPU. The engine keeps a reference to `device`.
absl::StatusOr<std::unique_ptr<GemmEngine>> CreateGemmEngine(Device& device, int cpu_threads);
absl::StatusOr<std::unique_ptr<MemoryEngine>> CreateMemoryEngine(Device& device);
absl::StatusOr<std::unique_ptr<CopyEngine>> CreateCopyEngine(Device& device);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_ENGINES_ENGINE_FACTORY_H_

// The CPU engines of the burn checks: OpenBLAS GEMM, host-memory patterns
// and memcpy bandwidth. Created by engine_factory.cc for a CPU Device.
#ifndef SPINECHECK_DIAG_ENGINES_CPU_CPU_ENGINES_H_
#define SPINECHECK_DIAG_ENGINES_CPU_CPU_ENGINES_H_

#include <memory>

#include "absl/status/statusor.h"
#include "diag/engines/copy_engine.h"
#include "diag/engines/gemm_engine.h"
#include "diag/engines/memory_engine.h"
#include "topology/device/device.h"

namespace spinecheck {

// OpenBLAS dgemm/sgemm on `threads` threads (fp64 and fp32 only).
absl::StatusOr<std::unique_ptr<GemmEngine>> CreateCpuGemmEngine(Device& device, int threads);
// Pattern tests over a host buffer allocated through `device`.
absl::StatusOr<std::unique_ptr<MemoryEngine>> CreateCpuMemoryEngine(Device& device);
// memcpy between two host buffers allocated through `device`.
absl::StatusOr<std::unique_ptr<CopyEngine>> CreateCpuCopyEngine(Device& device);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_ENGINES_CPU_CPU_ENGINES_H_

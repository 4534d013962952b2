// The pattern engine of a GPU: fill and verification kernels on the
// device's stream (pattern_kernels.cu).
#ifndef SPINECHECK_BENCH_COLLECTIVES_CUDA_CUDA_PATTERN_ENGINE_H_
#define SPINECHECK_BENCH_COLLECTIVES_CUDA_CUDA_PATTERN_ENGINE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "bench/collectives/pattern_engine.h"
#include "topology/device/cuda/cuda_device.h"

namespace spinecheck {

// `device` must outlive the engine. kUnavailable or kResourceExhausted when
// the engine's counter cannot be allocated on the GPU.
absl::StatusOr<std::unique_ptr<PatternEngine>> CreateCudaPatternEngine(CudaDevice& device);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_COLLECTIVES_CUDA_CUDA_PATTERN_ENGINE_H_

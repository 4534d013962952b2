// Launchers of the data-pattern kernels (pattern_kernels.cu). Plain C++
// declarations, so that host code compiled by the C++ compiler can call them.
#ifndef SPINECHECK_BENCH_COLLECTIVES_CUDA_PATTERN_KERNELS_H_
#define SPINECHECK_BENCH_COLLECTIVES_CUDA_PATTERN_KERNELS_H_

#include <cuda_runtime_api.h>

#include <cstdint>

#include "bench/collectives/pattern_math.h"

namespace spinecheck {

// Enqueues on `stream`: both buffers set to kPatternFillerByte, then this
// rank's input written into its span. Returns the launch error, if any.
cudaError_t LaunchPatternFill(const PatternSpec& spec, void* send, uint64_t send_bytes, void* recv,
                              uint64_t recv_bytes, cudaStream_t stream);

// Enqueues on `stream`: *wrong_counter (device memory) set to the number of
// output elements that do not match the expected values.
cudaError_t LaunchPatternCount(const PatternSpec& spec, const void* send, const void* recv,
                               unsigned long long* wrong_counter, cudaStream_t stream);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_COLLECTIVES_CUDA_PATTERN_KERNELS_H_

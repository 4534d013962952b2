// Wrapping CUDA runtime error codes into absl::Status, once, at the call site.
#ifndef SPINECHECK_TOPOLOGY_DEVICE_CUDA_CUDA_ERROR_H_
#define SPINECHECK_TOPOLOGY_DEVICE_CUDA_CUDA_ERROR_H_

#include <cuda_runtime_api.h>

#include <string>

#include "absl/status/status.h"

namespace spinecheck {

// OK for cudaSuccess. Otherwise kResourceExhausted for out-of-memory and
// kUnavailable for everything else, worded
// "cudaMalloc failed at cuda_device.cc:80 on rank 3@node017 GPU 2: out of memory (cudaErrorMemoryAllocation)".
absl::Status CudaStatus(cudaError_t code, const char* call, const char* file, int line, const std::string& where);

}  // namespace spinecheck

// Evaluates a CUDA runtime call and wraps its return code. `where` names
// rank@host and the GPU.
#define SPINECHECK_CUDA_CALL(call, where) ::spinecheck::CudaStatus((call), #call, __FILE__, __LINE__, (where))

#endif  // SPINECHECK_TOPOLOGY_DEVICE_CUDA_CUDA_ERROR_H_

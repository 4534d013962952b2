// Page-locked host memory for the CUDA engines: copy sources and
// destinations, and the counters their kernels' results come back through.
#ifndef SPINECHECK_DIAG_ENGINES_CUDA_PINNED_HOST_H_
#define SPINECHECK_DIAG_ENGINES_CUDA_PINNED_HOST_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "topology/device/cuda/cuda_device.h"
#include "topology/device/device.h"

namespace spinecheck {

// `bytes` of pinned host memory from cudaHostAlloc, portable to every GPU
// and mapped into the device address space (cudaHostAllocPortable |
// cudaHostAllocMapped), owned by the returned buffer (cudaFreeHost).
// data() is a host pointer; MappedDevicePointer gives the one kernels use.
// kResourceExhausted naming the size when the host cannot pin it.
absl::StatusOr<DeviceBuffer> AllocatePinnedHost(const CudaDevice& device, size_t bytes);

// The device pointer of pinned memory from AllocatePinnedHost, for kernels
// on `device`.
absl::StatusOr<void*> MappedDevicePointer(const CudaDevice& device, const DeviceBuffer& pinned);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_ENGINES_CUDA_PINNED_HOST_H_

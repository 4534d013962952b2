#include "diag/engines/cuda/pinned_host.h"

#include "absl/strings/str_cat.h"
#include "reports/model/status_macros.h"
#include "topology/device/cuda/cuda_error.h"

namespace spinecheck {

absl::StatusOr<DeviceBuffer> AllocatePinnedHost(const CudaDevice& device, size_t bytes) {
  SPINECHECK_RETURN_IF_ERROR(device.MakeCurrent());
  void* data = nullptr;
  absl::Status status = SPINECHECK_CUDA_CALL(
      cudaHostAlloc(&data, bytes == 0 ? 1 : bytes, cudaHostAllocPortable | cudaHostAllocMapped), device.where());
  if (absl::IsResourceExhausted(status)) {
    return absl::ResourceExhaustedError(
        absl::StrCat("cannot pin ", bytes, " bytes of host memory for ", device.where(), ": ", status.message()));
  }
  SPINECHECK_RETURN_IF_ERROR(status);
  return DeviceBuffer(data, bytes, [](void* pointer) { (void)cudaFreeHost(pointer); });
}

absl::StatusOr<void*> MappedDevicePointer(const CudaDevice& device, const DeviceBuffer& pinned) {
  SPINECHECK_RETURN_IF_ERROR(device.MakeCurrent());
  void* mapped = nullptr;
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(cudaHostGetDevicePointer(&mapped, pinned.data(), 0), device.where()));
  return mapped;
}

}  // namespace spinecheck

// CudaDevice: one GPU driven through the CUDA runtime, with its own
// non-blocking stream. Every call makes the GPU current first, so one
// process may drive several (sweep -g N).
#ifndef SPINECHECK_TOPOLOGY_DEVICE_CUDA_CUDA_DEVICE_H_
#define SPINECHECK_TOPOLOGY_DEVICE_CUDA_CUDA_DEVICE_H_

#include <cuda_runtime_api.h>

#include <memory>
#include <string>

#include "topology/device/device.h"

namespace spinecheck {

class CudaDevice final : public Device {
 public:
  // Opens the GPU with CUDA ordinal `ordinal` (numbered after
  // CUDA_VISIBLE_DEVICES) and creates its stream. `where` ("rank 3@node017")
  // prefixes error messages. kUnavailable when the GPU cannot be used.
  static absl::StatusOr<std::unique_ptr<CudaDevice>> Open(int ordinal, const std::string& where);
  ~CudaDevice() override;
  CudaDevice(const CudaDevice&) = delete;
  CudaDevice& operator=(const CudaDevice&) = delete;

  const DeviceInfo& info() const override { return info_; }
  MemorySpace memory_space() const override { return MemorySpace::kDevice; }
  absl::StatusOr<DeviceBuffer> Allocate(size_t bytes) override;
  absl::Status Synchronize() override;
  absl::Status CopyToHost(const DeviceBuffer& source, size_t offset, void* destination, size_t bytes) override;
  absl::Status CopyFromHost(const void* source, DeviceBuffer& destination, size_t offset, size_t bytes) override;
  absl::StatusOr<std::unique_ptr<DeviceTimer>> CreateTimer(int marks) override;

  int ordinal() const { return ordinal_; }
  // The stream all of this device's work (and its NCCL calls) is issued on.
  cudaStream_t stream() const { return stream_; }
  // Major * 10 + minor: 80 for an A100, 90 for an H100, 100 for a B200.
  int compute_capability() const { return compute_capability_; }
  // "rank 3@node017 GPU 2", for messages.
  const std::string& where() const { return where_; }
  // Makes this GPU current on the calling thread.
  absl::Status MakeCurrent() const;

 private:
  CudaDevice(int ordinal, std::string where) : ordinal_(ordinal), where_(std::move(where)) {}

  int ordinal_ = 0;
  std::string where_;
  int compute_capability_ = 0;
  cudaStream_t stream_ = nullptr;
  DeviceInfo info_;
};

// The GPUs this process can see: their number, or 0 with the reason
// ("no CUDA-capable device is detected", "CUDA driver version is
// insufficient").
struct VisibleGpus {
  int count = 0;
  std::string reason;
};
VisibleGpus FindVisibleGpus();

// CUDA driver and runtime versions as "13.0"; "none" when there is no driver.
struct CudaVersions {
  std::string driver;
  std::string runtime;
};
CudaVersions DescribeCudaVersions();

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_DEVICE_CUDA_CUDA_DEVICE_H_

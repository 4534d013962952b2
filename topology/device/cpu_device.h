// CpuDevice: host memory and the host's processors as the rank's device.
#ifndef SPINECHECK_TOPOLOGY_DEVICE_CPU_DEVICE_H_
#define SPINECHECK_TOPOLOGY_DEVICE_CPU_DEVICE_H_

#include "topology/device/device.h"

namespace spinecheck {

class CpuDevice : public Device {
 public:
  // `info` describes the host (see DescribeHostCpu).
  explicit CpuDevice(DeviceInfo info) : info_(std::move(info)) {}

  const DeviceInfo& info() const override { return info_; }
  MemorySpace memory_space() const override { return MemorySpace::kHost; }
  absl::StatusOr<DeviceBuffer> Allocate(size_t bytes) override;
  absl::Status Synchronize() override { return absl::OkStatus(); }
  absl::Status CopyToHost(const DeviceBuffer& source, size_t offset, void* destination, size_t bytes) override;
  absl::Status CopyFromHost(const void* source, DeviceBuffer& destination, size_t offset, size_t bytes) override;
  absl::StatusOr<std::unique_ptr<DeviceTimer>> CreateTimer(int marks) override;

 private:
  DeviceInfo info_;
};

// The host CPU as a DeviceInfo: model from /proc/cpuinfo, memory from the
// kernel, uuid from /etc/machine-id (empty where there is none).
DeviceInfo DescribeHostCpu();

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_DEVICE_CPU_DEVICE_H_

#include "topology/device/device_factory.h"

#include "topology/device/cpu_device.h"

namespace spinecheck {

absl::StatusOr<std::unique_ptr<Device>> CreateDevice(DeviceKind kind, int local_rank) {
  switch (kind) {
    case DeviceKind::kCpu: {
      DeviceInfo info = DescribeHostCpu();
      info.index = local_rank;  // each local rank drives its share of the host
      return std::unique_ptr<Device>(std::make_unique<CpuDevice>(std::move(info)));
    }
  }
  return absl::InvalidArgumentError("unknown device kind");
}

}  // namespace spinecheck

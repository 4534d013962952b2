// Creating the device a rank drives. The only place that knows which device
// implementations this build has.
#ifndef SPINECHECK_TOPOLOGY_DEVICE_DEVICE_FACTORY_H_
#define SPINECHECK_TOPOLOGY_DEVICE_DEVICE_FACTORY_H_

#include <memory>

#include "absl/status/statusor.h"
#include "topology/device/device.h"

namespace spinecheck {

enum class DeviceKind { kCpu };

// The device of the rank with `local_rank` on its host.
absl::StatusOr<std::unique_ptr<Device>> CreateDevice(DeviceKind kind, int local_rank);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_DEVICE_DEVICE_FACTORY_H_

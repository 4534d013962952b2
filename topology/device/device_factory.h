// Creating the devices a process drives. The only place that knows which
// device implementations this build has (the one #if on CUDA lives in the
// .cc).
#ifndef SPINECHECK_TOPOLOGY_DEVICE_DEVICE_FACTORY_H_
#define SPINECHECK_TOPOLOGY_DEVICE_DEVICE_FACTORY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "topology/device/device.h"

namespace spinecheck {

enum class DeviceKind { kCpu, kCuda };

// The GPUs this process can use: whether the build has CUDA, how many GPUs
// the CUDA runtime shows (after CUDA_VISIBLE_DEVICES), and when there are
// none, why ("this build has no CUDA support", "no CUDA-capable device is
// detected (cudaErrorNoDevice)").
struct GpuAvailability {
  bool built = false;
  int visible = 0;
  std::string reason;
};
GpuAvailability FindGpus();

// CUDA driver and runtime versions ("13.0"); empty strings without CUDA.
struct GpuStackVersions {
  std::string cuda_driver;
  std::string cuda_runtime;
};
GpuStackVersions DescribeGpuStack();

// Which device a process takes: lane `lane` of the `lanes` devices it
// drives (sweep -g), as local rank `local_rank` on its host.
struct DevicePlacement {
  int local_rank = 0;
  int lane = 0;
  int lanes = 1;
  std::string where;  // "rank 3@node017", for messages
};

// kCpu: the host CPU. kCuda: GPU (local_rank * lanes + lane) modulo the
// visible GPUs, so that one process per GPU (mpirun) and one visible GPU per
// task (srun --gpus-per-task, CUDA_VISIBLE_DEVICES) both work. kUnavailable
// when the build has no CUDA or there is no GPU; kFailedPrecondition when
// `lanes` exceeds the visible GPUs.
absl::StatusOr<std::unique_ptr<Device>> CreateDevice(DeviceKind kind, const DevicePlacement& placement);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_DEVICE_DEVICE_FACTORY_H_

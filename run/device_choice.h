// What every rank drives, chosen the same way on every rank: the data plane
// of collectives (sweep, smoke) and the device kind of checks (burn, smoke).
#ifndef SPINECHECK_RUN_DEVICE_CHOICE_H_
#define SPINECHECK_RUN_DEVICE_CHOICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "bench/comm/communicator_factory.h"
#include "topology/device/device_factory.h"
#include "topology/world/world.h"

namespace spinecheck {

struct BackendChoice {
  Backend backend = Backend::kMpi;
  std::string reason;  // recorded as environment.backend_reason
};

// Collective: the data-plane backend, the same on every rank. `auto` takes
// NCCL when the build has it and every rank sees a GPU. Asking for nccl
// without NCCL or without a GPU is kUnavailable (exit 3), naming which.
absl::StatusOr<BackendChoice> ChooseBackend(World& world, const std::string& requested);

struct DeviceChoice {
  DeviceKind kind = DeviceKind::kCpu;
  std::string reason;  // recorded as environment.backend_reason
};

// Collective: GPUs when every rank sees one (or --device gpu, which fails
// with kUnavailable naming why when a rank sees none), else the CPU.
absl::StatusOr<DeviceChoice> ChooseDevice(World& world, const std::string& requested);

// The devices of this rank's kind its host shows: NVML's count of GPUs
// (not narrowed by CUDA_VISIBLE_DEVICES), else the CUDA runtime's; 1 CPU.
int DevicesVisible(DeviceKind kind);

}  // namespace spinecheck

#endif  // SPINECHECK_RUN_DEVICE_CHOICE_H_

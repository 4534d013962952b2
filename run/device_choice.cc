#include "run/device_choice.h"

#include "absl/strings/str_cat.h"
#include "diag/telemetry/telemetry.h"

namespace spinecheck {

absl::StatusOr<BackendChoice> ChooseBackend(World& world, const std::string& requested) {
  if (requested == "mpi") return BackendChoice{Backend::kMpi, "--backend mpi"};
  const GpuAvailability gpus = FindGpus();
  absl::Status local;
  if (!NcclBuilt()) {
    local = absl::UnavailableError("this build has no NCCL backend (configure with CUDA and NCCL, -DSPINECHECK_CUDA=ON)");
  } else if (gpus.visible == 0) {
    local = absl::UnavailableError(absl::StrCat("no GPU visible: ", gpus.reason));
  }
  const absl::Status agreed = world.AgreeOnError(local);
  if (requested == "nccl") {
    if (!agreed.ok()) return absl::UnavailableError(absl::StrCat("--backend nccl: ", agreed.message()));
    return BackendChoice{Backend::kNccl, "--backend nccl"};
  }
  if (!agreed.ok()) return BackendChoice{Backend::kMpi, absl::StrCat("auto: ", agreed.message())};
  return BackendChoice{Backend::kNccl, absl::StrCat("auto: NCCL ", NcclBuildVersionIfBuilt(),
                                                    " built in and a GPU visible on every rank")};
}

absl::StatusOr<DeviceChoice> ChooseDevice(World& world, const std::string& requested) {
  if (requested == "cpu") return DeviceChoice{DeviceKind::kCpu, "--device cpu"};
  const GpuAvailability gpus = FindGpus();
  const absl::Status local =
      gpus.visible > 0 ? absl::OkStatus() : absl::UnavailableError(absl::StrCat("no GPU visible: ", gpus.reason));
  const absl::Status agreed = world.AgreeOnError(local);
  if (requested == "gpu") {
    if (!agreed.ok()) return absl::UnavailableError(absl::StrCat("--device gpu: ", agreed.message()));
    return DeviceChoice{DeviceKind::kCuda, "--device gpu"};
  }
  if (!agreed.ok()) return DeviceChoice{DeviceKind::kCpu, absl::StrCat("auto: ", agreed.message())};
  return DeviceChoice{DeviceKind::kCuda, "auto: a GPU visible on every rank"};
}

int DevicesVisible(DeviceKind kind) {
  if (kind == DeviceKind::kCpu) return 1;
  if (absl::StatusOr<int> count = NvmlDeviceCount(); count.ok()) return *count;
  return FindGpus().visible;
}

}  // namespace spinecheck

#include "topology/device/device_factory.h"

#include "absl/strings/str_cat.h"
#include "topology/device/cpu_device.h"

#if SPINECHECK_HAVE_CUDA
#include "topology/device/cuda/cuda_device.h"
#endif

namespace spinecheck {
namespace {

absl::StatusOr<std::unique_ptr<Device>> CreateCudaDevice(const DevicePlacement& placement) {
  const GpuAvailability gpus = FindGpus();
  if (gpus.visible == 0) {
    return absl::UnavailableError(absl::StrCat("no GPU on ", placement.where, ": ", gpus.reason));
  }
  if (placement.lanes > gpus.visible) {
    return absl::FailedPreconditionError(absl::StrCat(
        "-g ", placement.lanes, " asks for ", placement.lanes, " GPUs per process but ", placement.where, " sees ",
        gpus.visible, " (check CUDA_VISIBLE_DEVICES and the launcher's GPU binding, or lower -g)"));
  }
  const int ordinal = (placement.local_rank * placement.lanes + placement.lane) % gpus.visible;
#if SPINECHECK_HAVE_CUDA
  absl::StatusOr<std::unique_ptr<CudaDevice>> device = CudaDevice::Open(ordinal, placement.where);
  if (!device.ok()) return device.status();
  return std::unique_ptr<Device>(std::move(*device));
#else
  (void)ordinal;
  return absl::UnavailableError("this build has no CUDA support");
#endif
}

}  // namespace

GpuAvailability FindGpus() {
  GpuAvailability availability;
#if SPINECHECK_HAVE_CUDA
  const VisibleGpus gpus = FindVisibleGpus();
  availability.built = true;
  availability.visible = gpus.count;
  availability.reason = gpus.reason;
#else
  availability.reason = "this build has no CUDA support (configure with the CUDA toolkit, -DSPINECHECK_CUDA=ON)";
#endif
  return availability;
}

GpuStackVersions DescribeGpuStack() {
#if SPINECHECK_HAVE_CUDA
  const CudaVersions versions = DescribeCudaVersions();
  return {versions.driver, versions.runtime};
#else
  return {};
#endif
}

absl::StatusOr<std::unique_ptr<Device>> CreateDevice(DeviceKind kind, const DevicePlacement& placement) {
  switch (kind) {
    case DeviceKind::kCpu: {
      DeviceInfo info = DescribeHostCpu();
      info.index = placement.local_rank;  // each local rank drives its share of the host
      return std::unique_ptr<Device>(std::make_unique<CpuDevice>(std::move(info)));
    }
    case DeviceKind::kCuda:
      return CreateCudaDevice(placement);
  }
  return absl::InvalidArgumentError("unknown device kind");
}

}  // namespace spinecheck

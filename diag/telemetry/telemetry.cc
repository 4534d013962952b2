#include "diag/telemetry/telemetry.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "topology/nvml/nvml_abi.h"
#include "topology/nvml/nvml_library.h"
#include "diag/telemetry/nvml_monitor.h"

namespace spinecheck {
namespace {

// Measures nothing; Finish says why.
class UnavailableMonitor final : public TelemetryMonitor {
 public:
  explicit UnavailableMonitor(std::string reason) : reason_(std::move(reason)) {}
  void Start() override {}
  DeviceTelemetry Finish() override {
    DeviceTelemetry telemetry;
    telemetry.available = false;
    telemetry.reason = reason_;
    return telemetry;
  }

 private:
  const std::string reason_;
};

// The NVML handle of `device`: by PCI bus id when it has one, else (or when
// NVML does not know the bus id) by UUID.
absl::StatusOr<nvmlDevice_t> FindDevice(const NvmlLibrary& library, const DeviceInfo& device) {
  const NvmlFunctions& api = library.api();
  nvmlDevice_t handle = nullptr;
  absl::Status by_bus_id;
  if (!device.pci_bus_id.empty()) {
    by_bus_id = SPINECHECK_NVML_CALL(library, api.nvmlDeviceGetHandleByPciBusId_v2(device.pci_bus_id.c_str(), &handle),
                                     absl::StrCat("GPU ", device.pci_bus_id));
    if (by_bus_id.ok()) return handle;
  }
  if (!device.uuid.empty()) {
    absl::Status by_uuid = SPINECHECK_NVML_CALL(library, api.nvmlDeviceGetHandleByUUID(device.uuid.c_str(), &handle),
                                                absl::StrCat("GPU ", device.uuid));
    if (by_uuid.ok()) return handle;
    if (by_bus_id.ok()) return by_uuid;
    return absl::NotFoundError(absl::StrCat(by_bus_id.message(), "; ", by_uuid.message()));
  }
  if (!by_bus_id.ok()) return by_bus_id;
  return absl::InvalidArgumentError(
      absl::StrCat("GPU ", device.index, " has neither a PCI bus id nor a UUID to find it in NVML"));
}

}  // namespace

std::unique_ptr<TelemetryMonitor> CreateTelemetryMonitor(const DeviceInfo& device, absl::Duration sample_interval) {
  if (device.kind != "cuda") {
    std::string kind = device.kind == "cpu" ? "CPU" : device.kind;
    return std::make_unique<UnavailableMonitor>(absl::StrCat(kind, " device: no NVML telemetry"));
  }
  absl::StatusOr<std::shared_ptr<const NvmlLibrary>> library = NvmlLibrary::Acquire();
  if (!library.ok()) return std::make_unique<UnavailableMonitor>(std::string(library.status().message()));
  absl::StatusOr<nvmlDevice_t> handle = FindDevice(**library, device);
  if (!handle.ok()) {
    return std::make_unique<UnavailableMonitor>(
        absl::StrCat("NVML does not know the GPU: ", handle.status().message()));
  }
  return std::make_unique<NvmlMonitor>(*std::move(library), *handle, sample_interval);
}

absl::StatusOr<int> NvmlDeviceCount() {
  absl::StatusOr<std::shared_ptr<const NvmlLibrary>> library = NvmlLibrary::Acquire();
  if (!library.ok()) return library.status();
  const NvmlLibrary& nvml = **library;
  unsigned int count = 0;
  absl::Status status = SPINECHECK_NVML_CALL(nvml, nvml.api().nvmlDeviceGetCount_v2(&count), nvml.path());
  if (!status.ok()) return status;
  return static_cast<int>(count);
}

}  // namespace spinecheck

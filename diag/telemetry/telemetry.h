// Telemetry: NVML readings of a GPU around a burn, with NVML loaded by
// dlopen at run time (no link-time dependency on the driver). Absent NVML,
// or on a CPU device, the checks still run and the readings say why
// telemetry was unavailable.
#ifndef SPINECHECK_DIAG_TELEMETRY_TELEMETRY_H_
#define SPINECHECK_DIAG_TELEMETRY_TELEMETRY_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// Watches one device for the length of a burn. Not thread-safe: one owner
// calls Start once, then Finish once.
class TelemetryMonitor {
 public:
  virtual ~TelemetryMonitor() = default;
  // Takes the "before" readings (ECC totals, retired pages, remapped rows,
  // PCIe maxima), registers for XID events and starts sampling in the
  // background (temperature, power, SM clock, throttle reasons, PCIe
  // generation and width under load).
  virtual void Start() = 0;
  // Stops sampling, takes the "after" readings and returns all of them;
  // rank, host and device are left for the caller.
  virtual DeviceTelemetry Finish() = 0;
};

// A monitor for `device` (a GPU is found in NVML by its PCI bus id, else by
// UUID). The library is libnvidia-ml.so.1, or the file named by the
// environment variable SPINECHECK_NVML_LIBRARY. When it cannot be loaded,
// does not know the device, or the device is a CPU, the monitor still works
// and Finish returns available=false with the reason.
std::unique_ptr<TelemetryMonitor> CreateTelemetryMonitor(const DeviceInfo& device, absl::Duration sample_interval);

// The number of GPUs NVML shows on this host (not narrowed by
// CUDA_VISIBLE_DEVICES); kUnavailable with the reason when NVML cannot be
// loaded or initialised.
absl::StatusOr<int> NvmlDeviceCount();

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_TELEMETRY_TELEMETRY_H_

// NvmlMonitor: the TelemetryMonitor of one GPU that NVML knows.
//
// Start reads the ECC totals, power limit, maximum SM clock and PCIe maxima,
// registers for XID events and starts one sampler thread. Every
// `sample_interval` the thread reads temperature, power, SM clock, clocks
// event reasons and the current PCIe generation and width, then waits on the
// event set for XIDs for up to the interval (or sleeps the interval when the
// device takes no XID registration). Finish stops the thread (it may take up
// to one interval to notice), collects the XIDs still queued, and reads the
// ECC totals, retired pages and remapped rows after the burn.
//
// Any reading whose function the driver lacks, or that fails (for example
// NVML_ERROR_NOT_SUPPORTED), is left empty (std::nullopt, or 0 for the plain
// numbers); it never fails the monitor.
#ifndef SPINECHECK_DIAG_TELEMETRY_NVML_MONITOR_H_
#define SPINECHECK_DIAG_TELEMETRY_NVML_MONITOR_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/time/time.h"
#include "topology/nvml/nvml_abi.h"
#include "topology/nvml/nvml_library.h"
#include "diag/telemetry/telemetry.h"

namespace spinecheck {

class NvmlMonitor final : public TelemetryMonitor {
 public:
  // `device` is a handle obtained from `library`, which the monitor holds
  // until it is destroyed. `sample_interval` is rounded up to whole
  // milliseconds, at least 1.
  NvmlMonitor(std::shared_ptr<const NvmlLibrary> library, nvmlDevice_t device, absl::Duration sample_interval);
  // Stops the sampler when Finish was not called.
  ~NvmlMonitor() override;
  NvmlMonitor(const NvmlMonitor&) = delete;
  NvmlMonitor& operator=(const NvmlMonitor&) = delete;

  void Start() override;
  // available=true; `samples` counts the sampler's passes (at least one
  // after Start). The throttle mask keeps every bit seen; the names keep
  // only slowdowns (see NameClockEventReasons).
  DeviceTelemetry Finish() override;

 private:
  // Sampler thread only (and Finish once it has joined the thread).
  void Sample();
  void RecordEvent(const nvmlEventData_t& event);
  // Waits up to one interval for an XID or for Finish; false once stopping.
  bool WaitForNextSample();
  void Run();
  void StopSampler();
  void ReadAfter();

  const std::shared_ptr<const NvmlLibrary> library_;
  const NvmlFunctions& api_;
  const nvmlDevice_t device_;
  const unsigned int interval_ms_;

  // Written by Start, then by the sampler thread alone, then by Finish once
  // the thread has joined.
  DeviceTelemetry telemetry_;
  bool sm_clock_seen_ = false;
  nvmlEventSet_t events_ = nullptr;  // null when XID events could not be registered
  bool events_usable_ = false;       // false after a wait failed other than by timeout

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread sampler_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_TELEMETRY_NVML_MONITOR_H_

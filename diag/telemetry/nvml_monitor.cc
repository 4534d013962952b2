#include "diag/telemetry/nvml_monitor.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <utility>

#include "diag/telemetry/clock_event_reasons.h"

namespace spinecheck {
namespace {

// Events still queued when the sampler stops are collected without waiting,
// up to this many (a flood of events must not hold up Finish).
constexpr int kMaxDrainedEvents = 1024;

// The value `fn(args..., &value)` returned, when the driver exports `fn` and
// the call succeeded; empty otherwise (NVML_ERROR_NOT_SUPPORTED included).
template <typename T, typename Fn, typename... Args>
std::optional<T> Read(Fn fn, Args... args) {
  if (fn == nullptr) return std::nullopt;
  T value{};
  if (fn(args..., &value) != NVML_SUCCESS) return std::nullopt;
  return value;
}

std::optional<int64_t> ReadEccTotal(const NvmlFunctions& api, nvmlDevice_t device, nvmlMemoryErrorType_t type) {
  std::optional<unsigned long long> total =
      Read<unsigned long long>(api.nvmlDeviceGetTotalEccErrors, device, type, NVML_VOLATILE_ECC);
  if (!total) return std::nullopt;
  return static_cast<int64_t>(*total);
}

// Pages retired for `cause`, counted without fetching their addresses: a
// zero-sized query answers NVML_SUCCESS (no pages) or
// NVML_ERROR_INSUFFICIENT_SIZE with the count.
std::optional<int64_t> ReadRetiredPages(const NvmlFunctions& api, nvmlDevice_t device,
                                        nvmlPageRetirementCause_t cause) {
  if (api.nvmlDeviceGetRetiredPages == nullptr) return std::nullopt;
  unsigned int count = 0;
  nvmlReturn_t code = api.nvmlDeviceGetRetiredPages(device, cause, &count, nullptr);
  if (code != NVML_SUCCESS && code != NVML_ERROR_INSUFFICIENT_SIZE) return std::nullopt;
  return static_cast<int64_t>(count);
}

unsigned int IntervalMs(absl::Duration interval) {
  int64_t ms = absl::ToInt64Milliseconds(absl::Ceil(interval, absl::Milliseconds(1)));
  return static_cast<unsigned int>(std::clamp<int64_t>(ms, 1, 24 * 3600 * 1000));
}

}  // namespace

NvmlMonitor::NvmlMonitor(std::shared_ptr<const NvmlLibrary> library, nvmlDevice_t device,
                         absl::Duration sample_interval)
    : library_(std::move(library)),
      api_(library_->api()),
      device_(device),
      interval_ms_(IntervalMs(sample_interval)) {}

NvmlMonitor::~NvmlMonitor() {
  StopSampler();
  if (events_ != nullptr && api_.nvmlEventSetFree != nullptr) api_.nvmlEventSetFree(events_);
}

void NvmlMonitor::Start() {
  telemetry_.ecc_corrected_before = ReadEccTotal(api_, device_, NVML_MEMORY_ERROR_TYPE_CORRECTED);
  telemetry_.ecc_uncorrected_before = ReadEccTotal(api_, device_, NVML_MEMORY_ERROR_TYPE_UNCORRECTED);
  if (auto limit_mw = Read<unsigned int>(api_.nvmlDeviceGetEnforcedPowerLimit, device_)) {
    telemetry_.power_limit_w = *limit_mw / 1000.0;
  }
  if (auto max_mhz = Read<unsigned int>(api_.nvmlDeviceGetMaxClockInfo, device_, NVML_CLOCK_SM)) {
    telemetry_.sm_clock_max_mhz = *max_mhz;
  }
  telemetry_.pcie_gen_max =
      static_cast<int>(Read<unsigned int>(api_.nvmlDeviceGetMaxPcieLinkGeneration, device_).value_or(0));
  telemetry_.pcie_width_max =
      static_cast<int>(Read<unsigned int>(api_.nvmlDeviceGetMaxPcieLinkWidth, device_).value_or(0));

  if (api_.nvmlEventSetCreate != nullptr && api_.nvmlDeviceRegisterEvents != nullptr &&
      api_.nvmlEventSetWait_v2 != nullptr && api_.nvmlEventSetFree != nullptr &&
      api_.nvmlEventSetCreate(&events_) == NVML_SUCCESS) {
    if (api_.nvmlDeviceRegisterEvents(device_, nvmlEventTypeXidCriticalError, events_) == NVML_SUCCESS) {
      events_usable_ = true;
    } else {
      api_.nvmlEventSetFree(events_);
      events_ = nullptr;
    }
  } else {
    events_ = nullptr;
  }

  sampler_ = std::thread([this] { Run(); });
}

void NvmlMonitor::Run() {
  do {
    Sample();
  } while (WaitForNextSample());
}

void NvmlMonitor::Sample() {
  ++telemetry_.samples;
  if (auto celsius = Read<unsigned int>(api_.nvmlDeviceGetTemperature, device_, NVML_TEMPERATURE_GPU)) {
    telemetry_.temperature_max_c = std::max<double>(telemetry_.temperature_max_c, *celsius);
  }
  if (auto power_mw = Read<unsigned int>(api_.nvmlDeviceGetPowerUsage, device_)) {
    telemetry_.power_max_w = std::max(telemetry_.power_max_w, *power_mw / 1000.0);
  }
  if (auto sm_mhz = Read<unsigned int>(api_.nvmlDeviceGetClockInfo, device_, NVML_CLOCK_SM)) {
    telemetry_.sm_clock_min_mhz =
        sm_clock_seen_ ? std::min<double>(telemetry_.sm_clock_min_mhz, *sm_mhz) : static_cast<double>(*sm_mhz);
    sm_clock_seen_ = true;
  }
  // The same query under its pre-R535 name on older drivers.
  auto reasons_fn = api_.nvmlDeviceGetCurrentClocksEventReasons != nullptr
                        ? api_.nvmlDeviceGetCurrentClocksEventReasons
                        : api_.nvmlDeviceGetCurrentClocksThrottleReasons;
  if (auto reasons = Read<unsigned long long>(reasons_fn, device_)) telemetry_.throttle_reasons_mask |= *reasons;
  if (auto gen = Read<unsigned int>(api_.nvmlDeviceGetCurrPcieLinkGeneration, device_)) {
    telemetry_.pcie_gen_current = std::max(telemetry_.pcie_gen_current, static_cast<int>(*gen));
  }
  if (auto width = Read<unsigned int>(api_.nvmlDeviceGetCurrPcieLinkWidth, device_)) {
    telemetry_.pcie_width_current = std::max(telemetry_.pcie_width_current, static_cast<int>(*width));
  }
}

void NvmlMonitor::RecordEvent(const nvmlEventData_t& event) {
  if ((event.eventType & nvmlEventTypeXidCriticalError) != 0) {
    telemetry_.xid_events.push_back(static_cast<int64_t>(event.eventData));
  }
}

bool NvmlMonitor::WaitForNextSample() {
  if (events_usable_) {
    nvmlEventData_t event{};
    nvmlReturn_t code = api_.nvmlEventSetWait_v2(events_, &event, interval_ms_);
    if (code == NVML_SUCCESS) {
      RecordEvent(event);
    } else if (code != NVML_ERROR_TIMEOUT) {
      events_usable_ = false;  // sleep instead of spinning on a failing wait
    }
    if (events_usable_) {
      std::lock_guard<std::mutex> lock(mutex_);
      return !stopping_;
    }
  }
  std::unique_lock<std::mutex> lock(mutex_);
  return !wake_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stopping_; });
}

void NvmlMonitor::StopSampler() {
  if (!sampler_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  sampler_.join();
}

void NvmlMonitor::ReadAfter() {
  telemetry_.ecc_corrected_after = ReadEccTotal(api_, device_, NVML_MEMORY_ERROR_TYPE_CORRECTED);
  telemetry_.ecc_uncorrected_after = ReadEccTotal(api_, device_, NVML_MEMORY_ERROR_TYPE_UNCORRECTED);
  telemetry_.retired_pages_sbe =
      ReadRetiredPages(api_, device_, NVML_PAGE_RETIREMENT_CAUSE_MULTIPLE_SINGLE_BIT_ECC_ERRORS);
  telemetry_.retired_pages_dbe = ReadRetiredPages(api_, device_, NVML_PAGE_RETIREMENT_CAUSE_DOUBLE_BIT_ECC_ERROR);
  if (auto pending = Read<nvmlEnableState_t>(api_.nvmlDeviceGetRetiredPagesPendingStatus, device_)) {
    telemetry_.retired_pages_pending = *pending == NVML_FEATURE_ENABLED;
  }
  if (api_.nvmlDeviceGetRemappedRows != nullptr) {
    unsigned int correctable = 0, uncorrectable = 0, pending = 0, failure = 0;
    if (api_.nvmlDeviceGetRemappedRows(device_, &correctable, &uncorrectable, &pending, &failure) == NVML_SUCCESS) {
      telemetry_.remapped_rows_correctable = correctable;
      telemetry_.remapped_rows_uncorrectable = uncorrectable;
      telemetry_.remapped_rows_pending = pending != 0;
      telemetry_.remapped_rows_failure = failure != 0;
    }
  }
}

DeviceTelemetry NvmlMonitor::Finish() {
  StopSampler();
  if (events_ != nullptr) {
    for (int i = 0; events_usable_ && i < kMaxDrainedEvents; ++i) {
      nvmlEventData_t event{};
      if (api_.nvmlEventSetWait_v2(events_, &event, 0) != NVML_SUCCESS) break;
      RecordEvent(event);
    }
    api_.nvmlEventSetFree(events_);
    events_ = nullptr;
  }
  ReadAfter();
  telemetry_.available = true;
  telemetry_.reason.clear();
  telemetry_.throttle_reasons = NameClockEventReasons(telemetry_.throttle_reasons_mask);
  return telemetry_;
}

}  // namespace spinecheck

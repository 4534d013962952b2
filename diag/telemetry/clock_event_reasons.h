// Names of NVML clocks event (throttle) reasons, as they appear in
// DeviceTelemetry::throttle_reasons and in findings.
#ifndef SPINECHECK_DIAG_TELEMETRY_CLOCK_EVENT_REASONS_H_
#define SPINECHECK_DIAG_TELEMETRY_CLOCK_EVENT_REASONS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace spinecheck {

// The reasons in `mask` (an OR of nvmlClocksEventReason bits) that hold a
// GPU below its clocks under load, in bit order: "sw_power_cap" (0x4),
// "hw_slowdown" (0x8), "sync_boost" (0x10), "sw_thermal" (0x20),
// "hw_thermal" (0x40), "hw_power_brake" (0x80). GPU idle (0x1),
// applications clocks (0x2), display clocks (0x100) and bits NVML may add
// later are not named: they are settings or idleness, not slowdowns.
std::vector<std::string> NameClockEventReasons(uint64_t mask);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_TELEMETRY_CLOCK_EVENT_REASONS_H_

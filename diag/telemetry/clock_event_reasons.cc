#include "diag/telemetry/clock_event_reasons.h"

#include "topology/nvml/nvml_abi.h"

namespace spinecheck {

std::vector<std::string> NameClockEventReasons(uint64_t mask) {
  struct Named {
    uint64_t bit;
    const char* name;
  };
  static constexpr Named kNamed[] = {
      {nvmlClocksEventReasonSwPowerCap, "sw_power_cap"},
      {nvmlClocksThrottleReasonHwSlowdown, "hw_slowdown"},
      {nvmlClocksEventReasonSyncBoost, "sync_boost"},
      {nvmlClocksEventReasonSwThermalSlowdown, "sw_thermal"},
      {nvmlClocksThrottleReasonHwThermalSlowdown, "hw_thermal"},
      {nvmlClocksThrottleReasonHwPowerBrakeSlowdown, "hw_power_brake"},
  };
  std::vector<std::string> names;
  for (const Named& named : kNamed) {
    if ((mask & named.bit) != 0) names.emplace_back(named.name);
  }
  return names;
}

}  // namespace spinecheck

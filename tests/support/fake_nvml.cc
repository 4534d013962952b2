// A fake libnvidia-ml for tests of the logic above NVML (diag/telemetry,
// topology/inventory):
// a shared library exporting the NVML functions spinecheck resolves, with
// the ABI of topology/nvml/nvml_abi.h, and GPUs described by environment
// variables. Tests point SPINECHECK_NVML_LIBRARY at it. It models nothing
// beyond what those tests need; it is not a GPU simulator.
//
// The environment is read when nvmlInit_v2 takes the reference count from 0
// to 1; each nvmlInit_v2 .. nvmlShutdown cycle starts from a fresh state.
// Numbers accept decimal or 0x-hex. Every fault applies to every device.
//
//   FAKE_NVML_INIT_ERROR=9          nvmlInit_v2 returns this nvmlReturn_t
//   FAKE_NVML_DEVICES=1             number of GPUs
//   FAKE_NVML_BUS_IDS=a,b           PCI bus ids; default 00000000:0N:00.0 for GPU N-1
//   FAKE_NVML_UUIDS=a,b             UUIDs; default GPU-fake-N for GPU N
//   FAKE_NVML_TEMPERATURE_C=60  FAKE_NVML_POWER_MW=300000  FAKE_NVML_POWER_LIMIT_MW=700000
//   FAKE_NVML_SM_CLOCK_MHZ=1980  FAKE_NVML_SM_CLOCK_MAX_MHZ=1980
//   FAKE_NVML_THROTTLE=0            clocks event reasons mask, on every read
//   FAKE_NVML_ECC_CORRECTED=0, FAKE_NVML_ECC_UNCORRECTED=0
//                                   ECC totals a device's FIRST read of that type returns
//   FAKE_NVML_ECC_CORRECTED_AFTER, FAKE_NVML_ECC_UNCORRECTED_AFTER
//                                   the totals every later read returns (default: unchanged);
//                                   a monitor reads once in Start and once in Finish, so this
//                                   is an increase during the burn
//   FAKE_NVML_RETIRED_SBE=0  FAKE_NVML_RETIRED_DBE=0  FAKE_NVML_RETIRED_PENDING=0
//   FAKE_NVML_REMAPPED_CORRECTABLE=0  FAKE_NVML_REMAPPED_UNCORRECTABLE=0
//   FAKE_NVML_REMAPPED_PENDING=0  FAKE_NVML_REMAPPED_FAILURE=0
//   FAKE_NVML_PCIE_GEN_MAX=5  FAKE_NVML_PCIE_GEN=(max)  FAKE_NVML_PCIE_WIDTH_MAX=16  FAKE_NVML_PCIE_WIDTH=(max)
//   FAKE_NVML_XID=79,48             XIDs queued on each device, delivered one per
//                                   nvmlEventSetWait_v2 to a set registered for XID events
//   FAKE_NVML_NOT_SUPPORTED=nvmlDeviceGetTotalEccErrors,...
//                                   functions answering NVML_ERROR_NOT_SUPPORTED
//
// Identity and topology (the node inventory):
//   FAKE_NVML_NAMES=a,b             names; default "NVIDIA Fake GPU"
//   FAKE_NVML_NVLINKS=0-1:4,2-3:2   NVLinks between GPU pairs, by index: GPU 0's and GPU 1's
//                                   next 4 links are active and end at each other
//   FAKE_NVML_NVSWITCH_LINKS=0      then every GPU's next N links end at an NVSwitch
//                                   (bus 00000000:F0:00.0); a GPU with no link at all
//                                   answers nvmlDeviceGetNvLinkState NOT_SUPPORTED
//   FAKE_NVML_TOPOLOGY=0-1:10,0-2:40
//                                   nvmlDeviceGetTopologyCommonAncestor per GPU pair
//   FAKE_NVML_TOPOLOGY_DEFAULT=50   for every other pair
//   FAKE_NVML_CPU_AFFINITY=0xff     nvmlDeviceGetCpuAffinity's first mask word for every GPU;
//                                   0 (default): NOT_SUPPORTED
//
// Built with FAKE_NVML_OLD_DRIVER defined, it exports neither
// nvmlDeviceGetCurrentClocksEventReasons (pre-R535) nor
// nvmlDeviceGetRemappedRows (pre-R460).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "topology/nvml/nvml_abi.h"

namespace {

struct FakeDevice {
  std::string bus_id;
  std::string uuid;
  std::string name;
  std::vector<std::string> nvlink_remotes;  // bus id at the far end of each active link
  int ecc_reads[2] = {0, 0};  // by nvmlMemoryErrorType_t
  std::deque<unsigned long long> xids;
};

struct FakeEventSet {
  std::vector<FakeDevice*> xid_devices;  // registered for nvmlEventTypeXidCriticalError
};

struct Config {
  unsigned long long temperature_c, power_mw, power_limit_mw, sm_clock_mhz, sm_clock_max_mhz, throttle;
  unsigned long long ecc_before[2], ecc_after[2];
  unsigned long long retired_sbe, retired_dbe, retired_pending;
  unsigned long long remapped_correctable, remapped_uncorrectable, remapped_pending, remapped_failure;
  unsigned long long pcie_gen, pcie_gen_max, pcie_width, pcie_width_max;
  std::string not_supported;  // ",name1,name2,"
  unsigned long long topology_default, cpu_affinity;
  std::vector<std::string> topology;  // "i-j:level"
};

struct State {
  std::mutex mutex;
  int init_count = 0;
  Config config{};
  std::vector<FakeDevice> devices;
};

State& GetState() {
  static State state;  // destroyed when the fake is unloaded
  return state;
}

unsigned long long EnvNumber(const char* name, unsigned long long fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return fallback;
  return std::strtoull(value, nullptr, 0);
}

std::vector<std::string> EnvList(const char* name) {
  std::vector<std::string> items;
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return items;
  std::string text(value);
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) items.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

void Configure(State& state) {
  Config& c = state.config;
  c.temperature_c = EnvNumber("FAKE_NVML_TEMPERATURE_C", 60);
  c.power_mw = EnvNumber("FAKE_NVML_POWER_MW", 300000);
  c.power_limit_mw = EnvNumber("FAKE_NVML_POWER_LIMIT_MW", 700000);
  c.sm_clock_mhz = EnvNumber("FAKE_NVML_SM_CLOCK_MHZ", 1980);
  c.sm_clock_max_mhz = EnvNumber("FAKE_NVML_SM_CLOCK_MAX_MHZ", 1980);
  c.throttle = EnvNumber("FAKE_NVML_THROTTLE", 0);
  c.ecc_before[0] = EnvNumber("FAKE_NVML_ECC_CORRECTED", 0);
  c.ecc_before[1] = EnvNumber("FAKE_NVML_ECC_UNCORRECTED", 0);
  c.ecc_after[0] = EnvNumber("FAKE_NVML_ECC_CORRECTED_AFTER", c.ecc_before[0]);
  c.ecc_after[1] = EnvNumber("FAKE_NVML_ECC_UNCORRECTED_AFTER", c.ecc_before[1]);
  c.retired_sbe = EnvNumber("FAKE_NVML_RETIRED_SBE", 0);
  c.retired_dbe = EnvNumber("FAKE_NVML_RETIRED_DBE", 0);
  c.retired_pending = EnvNumber("FAKE_NVML_RETIRED_PENDING", 0);
  c.remapped_correctable = EnvNumber("FAKE_NVML_REMAPPED_CORRECTABLE", 0);
  c.remapped_uncorrectable = EnvNumber("FAKE_NVML_REMAPPED_UNCORRECTABLE", 0);
  c.remapped_pending = EnvNumber("FAKE_NVML_REMAPPED_PENDING", 0);
  c.remapped_failure = EnvNumber("FAKE_NVML_REMAPPED_FAILURE", 0);
  c.pcie_gen_max = EnvNumber("FAKE_NVML_PCIE_GEN_MAX", 5);
  c.pcie_gen = EnvNumber("FAKE_NVML_PCIE_GEN", c.pcie_gen_max);
  c.pcie_width_max = EnvNumber("FAKE_NVML_PCIE_WIDTH_MAX", 16);
  c.pcie_width = EnvNumber("FAKE_NVML_PCIE_WIDTH", c.pcie_width_max);
  // assign(1, ','), not `= ","`: GCC 12 at -O3 reports a false -Wrestrict
  // on assigning a literal to a string (GCC bug 105329).
  c.not_supported.assign(1, ',');
  for (const std::string& name : EnvList("FAKE_NVML_NOT_SUPPORTED")) c.not_supported += name + ",";

  std::vector<std::string> bus_ids = EnvList("FAKE_NVML_BUS_IDS");
  std::vector<std::string> uuids = EnvList("FAKE_NVML_UUIDS");
  std::vector<std::string> xids = EnvList("FAKE_NVML_XID");
  std::vector<std::string> names = EnvList("FAKE_NVML_NAMES");
  size_t count = EnvNumber("FAKE_NVML_DEVICES", 1);
  state.devices.assign(count, FakeDevice{});
  for (size_t i = 0; i < count; ++i) {
    FakeDevice& device = state.devices[i];
    if (i < bus_ids.size()) {
      device.bus_id = bus_ids[i];
    } else {
      char text[32];
      std::snprintf(text, sizeof(text), "00000000:%02zX:00.0", i + 1);
      device.bus_id = text;
    }
    device.uuid = i < uuids.size() ? uuids[i] : "GPU-fake-" + std::to_string(i);
    for (const std::string& xid : xids) device.xids.push_back(std::strtoull(xid.c_str(), nullptr, 0));
    device.name = i < names.size() ? names[i] : "NVIDIA Fake GPU";
  }
  for (const std::string& pair : EnvList("FAKE_NVML_NVLINKS")) {
    unsigned int a = 0, b = 0, links = 0;
    if (std::sscanf(pair.c_str(), "%u-%u:%u", &a, &b, &links) != 3 || a >= count || b >= count) continue;
    for (unsigned int l = 0; l < links; ++l) {
      state.devices[a].nvlink_remotes.push_back(state.devices[b].bus_id);
      state.devices[b].nvlink_remotes.push_back(state.devices[a].bus_id);
    }
  }
  for (FakeDevice& device : state.devices) {
    for (unsigned long long l = 0; l < EnvNumber("FAKE_NVML_NVSWITCH_LINKS", 0); ++l) {
      device.nvlink_remotes.push_back("00000000:F0:00.0");
    }
  }
  c.topology = EnvList("FAKE_NVML_TOPOLOGY");
  c.topology_default = EnvNumber("FAKE_NVML_TOPOLOGY_DEFAULT", NVML_TOPOLOGY_SYSTEM);
  c.cpu_affinity = EnvNumber("FAKE_NVML_CPU_AFFINITY", 0);
}

// domain:bus:device.function, domain:bus:device, or bus:device.function, in
// hex, as NVML accepts them. False when `text` is none of these.
bool ParseBusId(const char* text, unsigned int out[4]) {
  unsigned int a = 0, b = 0, c = 0, d = 0;
  char tail = 0;
  if (std::sscanf(text, "%x:%x:%x.%x%c", &a, &b, &c, &d, &tail) == 4) {
    out[0] = a, out[1] = b, out[2] = c, out[3] = d;
    return true;
  }
  if (std::sscanf(text, "%x:%x.%x%c", &b, &c, &d, &tail) == 3) {
    out[0] = 0, out[1] = b, out[2] = c, out[3] = d;
    return true;
  }
  if (std::sscanf(text, "%x:%x:%x%c", &a, &b, &c, &tail) == 3) {
    out[0] = a, out[1] = b, out[2] = c, out[3] = 0;
    return true;
  }
  return false;
}

nvmlDevice_t ToHandle(FakeDevice* device) { return reinterpret_cast<nvmlDevice_t>(device); }

// The device behind `handle`, or null when it is not one of ours.
FakeDevice* FromHandle(State& state, nvmlDevice_t handle) {
  for (FakeDevice& device : state.devices) {
    if (ToHandle(&device) == handle) return &device;
  }
  return nullptr;
}

// The checks every device query makes, in NVML's order. `state.mutex` held.
nvmlReturn_t Enter(State& state, nvmlDevice_t handle, const char* function, FakeDevice** device) {
  if (state.init_count == 0) return NVML_ERROR_UNINITIALIZED;
  *device = FromHandle(state, handle);
  if (*device == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
  if (state.config.not_supported.find(std::string(",") + function + ",") != std::string::npos) {
    return NVML_ERROR_NOT_SUPPORTED;
  }
  return NVML_SUCCESS;
}

// Answers one device query whose result is one unsigned int.
nvmlReturn_t ReadUint(nvmlDevice_t handle, const char* function, unsigned long long Config::*field,
                      unsigned int* out) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  FakeDevice* device = nullptr;
  if (nvmlReturn_t code = Enter(state, handle, function, &device); code != NVML_SUCCESS) return code;
  if (out == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
  *out = static_cast<unsigned int>(state.config.*field);
  return NVML_SUCCESS;
}

nvmlReturn_t ReadReasons(nvmlDevice_t handle, const char* function, unsigned long long* out) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  FakeDevice* device = nullptr;
  if (nvmlReturn_t code = Enter(state, handle, function, &device); code != NVML_SUCCESS) return code;
  if (out == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
  *out = state.config.throttle;
  return NVML_SUCCESS;
}

}  // namespace

nvmlReturn_t nvmlInit_v2(void) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  if (unsigned long long error = EnvNumber("FAKE_NVML_INIT_ERROR", 0); error != 0) {
    return static_cast<nvmlReturn_t>(error);
  }
  if (state.init_count++ == 0) Configure(state);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlShutdown(void) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  if (state.init_count == 0) return NVML_ERROR_UNINITIALIZED;
  --state.init_count;
  return NVML_SUCCESS;
}

const char* nvmlErrorString(nvmlReturn_t result) {
  switch (result) {
    case NVML_SUCCESS: return "Success";
    case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
    case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
    case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
    case NVML_ERROR_NO_PERMISSION: return "Insufficient Permissions";
    case NVML_ERROR_NOT_FOUND: return "Not Found";
    case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
    case NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
    case NVML_ERROR_TIMEOUT: return "Timeout";
    case NVML_ERROR_GPU_IS_LOST: return "GPU is lost";
    default: return "Unknown Error";
  }
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int* deviceCount) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  if (state.init_count == 0) return NVML_ERROR_UNINITIALIZED;
  if (deviceCount == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
  *deviceCount = static_cast<unsigned int>(state.devices.size());
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByPciBusId_v2(const char* pciBusId, nvmlDevice_t* device) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  if (state.init_count == 0) return NVML_ERROR_UNINITIALIZED;
  unsigned int wanted[4];
  if (pciBusId == nullptr || device == nullptr || !ParseBusId(pciBusId, wanted)) return NVML_ERROR_INVALID_ARGUMENT;
  for (FakeDevice& candidate : state.devices) {
    unsigned int have[4];
    if (ParseBusId(candidate.bus_id.c_str(), have) && std::memcmp(have, wanted, sizeof(have)) == 0) {
      *device = ToHandle(&candidate);
      return NVML_SUCCESS;
    }
  }
  return NVML_ERROR_NOT_FOUND;
}

nvmlReturn_t nvmlDeviceGetHandleByUUID(const char* uuid, nvmlDevice_t* device) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  if (state.init_count == 0) return NVML_ERROR_UNINITIALIZED;
  if (uuid == nullptr || device == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
  for (FakeDevice& candidate : state.devices) {
    if (candidate.uuid == uuid) {
      *device = ToHandle(&candidate);
      return NVML_SUCCESS;
    }
  }
  return NVML_ERROR_NOT_FOUND;
}

nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, nvmlTemperatureSensors_t sensorType, unsigned int* temp) {
  if (sensorType != NVML_TEMPERATURE_GPU) return NVML_ERROR_INVALID_ARGUMENT;
  return ReadUint(device, "nvmlDeviceGetTemperature", &Config::temperature_c, temp);
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int* power) {
  return ReadUint(device, "nvmlDeviceGetPowerUsage", &Config::power_mw, power);
}

nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int* limit) {
  return ReadUint(device, "nvmlDeviceGetEnforcedPowerLimit", &Config::power_limit_mw, limit);
}

nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int* clock) {
  if (type != NVML_CLOCK_SM) return NVML_ERROR_NOT_SUPPORTED;
  return ReadUint(device, "nvmlDeviceGetClockInfo", &Config::sm_clock_mhz, clock);
}

nvmlReturn_t nvmlDeviceGetMaxClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int* clock) {
  if (type != NVML_CLOCK_SM) return NVML_ERROR_NOT_SUPPORTED;
  return ReadUint(device, "nvmlDeviceGetMaxClockInfo", &Config::sm_clock_max_mhz, clock);
}

#ifndef FAKE_NVML_OLD_DRIVER
nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t device, unsigned long long* clocksEventReasons) {
  return ReadReasons(device, "nvmlDeviceGetCurrentClocksEventReasons", clocksEventReasons);
}
#endif

nvmlReturn_t nvmlDeviceGetCurrentClocksThrottleReasons(nvmlDevice_t device,
                                                       unsigned long long* clocksThrottleReasons) {
  return ReadReasons(device, "nvmlDeviceGetCurrentClocksThrottleReasons", clocksThrottleReasons);
}

nvmlReturn_t nvmlDeviceGetTotalEccErrors(nvmlDevice_t device, nvmlMemoryErrorType_t errorType,
                                         nvmlEccCounterType_t counterType, unsigned long long* eccCounts) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  FakeDevice* fake = nullptr;
  if (nvmlReturn_t code = Enter(state, device, "nvmlDeviceGetTotalEccErrors", &fake); code != NVML_SUCCESS) {
    return code;
  }
  if (eccCounts == nullptr || (errorType != NVML_MEMORY_ERROR_TYPE_CORRECTED &&
                               errorType != NVML_MEMORY_ERROR_TYPE_UNCORRECTED) ||
      (counterType != NVML_VOLATILE_ECC && counterType != NVML_AGGREGATE_ECC)) {
    return NVML_ERROR_INVALID_ARGUMENT;
  }
  int& reads = fake->ecc_reads[errorType];
  *eccCounts = reads == 0 ? state.config.ecc_before[errorType] : state.config.ecc_after[errorType];
  ++reads;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetRetiredPages(nvmlDevice_t device, nvmlPageRetirementCause_t cause, unsigned int* pageCount,
                                       unsigned long long* addresses) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  FakeDevice* fake = nullptr;
  if (nvmlReturn_t code = Enter(state, device, "nvmlDeviceGetRetiredPages", &fake); code != NVML_SUCCESS) {
    return code;
  }
  if (pageCount == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
  unsigned long long pages;
  switch (cause) {
    case NVML_PAGE_RETIREMENT_CAUSE_MULTIPLE_SINGLE_BIT_ECC_ERRORS: pages = state.config.retired_sbe; break;
    case NVML_PAGE_RETIREMENT_CAUSE_DOUBLE_BIT_ECC_ERROR: pages = state.config.retired_dbe; break;
    default: return NVML_ERROR_INVALID_ARGUMENT;
  }
  if (*pageCount < pages) {
    *pageCount = static_cast<unsigned int>(pages);
    return NVML_ERROR_INSUFFICIENT_SIZE;
  }
  if (pages > 0 && addresses == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
  for (unsigned long long i = 0; i < pages; ++i) addresses[i] = 0x100000ULL * (i + 1);
  *pageCount = static_cast<unsigned int>(pages);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetRetiredPagesPendingStatus(nvmlDevice_t device, nvmlEnableState_t* isPending) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  FakeDevice* fake = nullptr;
  if (nvmlReturn_t code = Enter(state, device, "nvmlDeviceGetRetiredPagesPendingStatus", &fake);
      code != NVML_SUCCESS) {
    return code;
  }
  if (isPending == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
  *isPending = state.config.retired_pending != 0 ? NVML_FEATURE_ENABLED : NVML_FEATURE_DISABLED;
  return NVML_SUCCESS;
}

#ifndef FAKE_NVML_OLD_DRIVER
nvmlReturn_t nvmlDeviceGetRemappedRows(nvmlDevice_t device, unsigned int* corrRows, unsigned int* uncRows,
                                       unsigned int* isPending, unsigned int* failureOccurred) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  FakeDevice* fake = nullptr;
  if (nvmlReturn_t code = Enter(state, device, "nvmlDeviceGetRemappedRows", &fake); code != NVML_SUCCESS) {
    return code;
  }
  if (corrRows == nullptr || uncRows == nullptr || isPending == nullptr || failureOccurred == nullptr) {
    return NVML_ERROR_INVALID_ARGUMENT;
  }
  *corrRows = static_cast<unsigned int>(state.config.remapped_correctable);
  *uncRows = static_cast<unsigned int>(state.config.remapped_uncorrectable);
  *isPending = static_cast<unsigned int>(state.config.remapped_pending);
  *failureOccurred = static_cast<unsigned int>(state.config.remapped_failure);
  return NVML_SUCCESS;
}
#endif

nvmlReturn_t nvmlDeviceGetCurrPcieLinkGeneration(nvmlDevice_t device, unsigned int* currLinkGen) {
  return ReadUint(device, "nvmlDeviceGetCurrPcieLinkGeneration", &Config::pcie_gen, currLinkGen);
}

nvmlReturn_t nvmlDeviceGetMaxPcieLinkGeneration(nvmlDevice_t device, unsigned int* maxLinkGen) {
  return ReadUint(device, "nvmlDeviceGetMaxPcieLinkGeneration", &Config::pcie_gen_max, maxLinkGen);
}

nvmlReturn_t nvmlDeviceGetCurrPcieLinkWidth(nvmlDevice_t device, unsigned int* currLinkWidth) {
  return ReadUint(device, "nvmlDeviceGetCurrPcieLinkWidth", &Config::pcie_width, currLinkWidth);
}

nvmlReturn_t nvmlDeviceGetMaxPcieLinkWidth(nvmlDevice_t device, unsigned int* maxLinkWidth) {
  return ReadUint(device, "nvmlDeviceGetMaxPcieLinkWidth", &Config::pcie_width_max, maxLinkWidth);
}

nvmlReturn_t nvmlEventSetCreate(nvmlEventSet_t* set) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  if (state.init_count == 0) return NVML_ERROR_UNINITIALIZED;
  if (set == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
  *set = reinterpret_cast<nvmlEventSet_t>(new FakeEventSet);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceRegisterEvents(nvmlDevice_t device, unsigned long long eventTypes, nvmlEventSet_t set) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  FakeDevice* fake = nullptr;
  if (nvmlReturn_t code = Enter(state, device, "nvmlDeviceRegisterEvents", &fake); code != NVML_SUCCESS) {
    return code;
  }
  if (set == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
  if ((eventTypes & ~static_cast<unsigned long long>(nvmlEventTypeXidCriticalError)) != 0) {
    return NVML_ERROR_NOT_SUPPORTED;
  }
  if ((eventTypes & nvmlEventTypeXidCriticalError) != 0) {
    reinterpret_cast<FakeEventSet*>(set)->xid_devices.push_back(fake);
  }
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlEventSetWait_v2(nvmlEventSet_t set, nvmlEventData_t* data, unsigned int timeoutms) {
  State& state = GetState();
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    if (state.init_count == 0) return NVML_ERROR_UNINITIALIZED;
    if (set == nullptr || data == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
    for (FakeDevice* device : reinterpret_cast<FakeEventSet*>(set)->xid_devices) {
      if (device->xids.empty()) continue;
      *data = nvmlEventData_t{};
      data->device = ToHandle(device);
      data->eventType = nvmlEventTypeXidCriticalError;
      data->eventData = device->xids.front();
      data->gpuInstanceId = 0xFFFFFFFF;
      data->computeInstanceId = 0xFFFFFFFF;
      device->xids.pop_front();
      return NVML_SUCCESS;
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(timeoutms));
  return NVML_ERROR_TIMEOUT;
}

nvmlReturn_t nvmlEventSetFree(nvmlEventSet_t set) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  if (state.init_count == 0) return NVML_ERROR_UNINITIALIZED;
  if (set == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
  delete reinterpret_cast<FakeEventSet*>(set);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t* device) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  if (state.init_count == 0) return NVML_ERROR_UNINITIALIZED;
  if (device == nullptr || index >= state.devices.size()) return NVML_ERROR_INVALID_ARGUMENT;
  *device = ToHandle(&state.devices[index]);
  return NVML_SUCCESS;
}

namespace {

// Copies `text` into the caller's buffer of `length` bytes as NVML does.
nvmlReturn_t CopyString(const std::string& text, char* out, unsigned int length) {
  if (out == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
  if (text.size() + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
  std::memcpy(out, text.c_str(), text.size() + 1);
  return NVML_SUCCESS;
}

// NVML's answer for a device at `bus_id`.
nvmlPciInfo_t PciInfo(const std::string& bus_id) {
  nvmlPciInfo_t pci{};
  unsigned int parts[4] = {0, 0, 0, 0};
  ParseBusId(bus_id.c_str(), parts);
  pci.domain = parts[0];
  pci.bus = parts[1];
  pci.device = parts[2];
  pci.pciDeviceId = 0x233010DE;
  std::snprintf(pci.busId, sizeof(pci.busId), "%08X:%02X:%02X.%X", parts[0], parts[1], parts[2], parts[3]);
  std::snprintf(pci.busIdLegacy, sizeof(pci.busIdLegacy), "%04X:%02X:%02X.%X", parts[0] & 0xffff, parts[1], parts[2],
                parts[3]);
  return pci;
}

size_t IndexOf(State& state, FakeDevice* device) { return static_cast<size_t>(device - state.devices.data()); }

}  // namespace

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char* name, unsigned int length) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  FakeDevice* fake = nullptr;
  if (nvmlReturn_t code = Enter(state, device, "nvmlDeviceGetName", &fake); code != NVML_SUCCESS) return code;
  return CopyString(fake->name, name, length);
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char* uuid, unsigned int length) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  FakeDevice* fake = nullptr;
  if (nvmlReturn_t code = Enter(state, device, "nvmlDeviceGetUUID", &fake); code != NVML_SUCCESS) return code;
  return CopyString(fake->uuid, uuid, length);
}

nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t device, nvmlPciInfo_t* pci) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  FakeDevice* fake = nullptr;
  if (nvmlReturn_t code = Enter(state, device, "nvmlDeviceGetPciInfo_v3", &fake); code != NVML_SUCCESS) return code;
  if (pci == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
  *pci = PciInfo(fake->bus_id);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTopologyCommonAncestor(nvmlDevice_t device1, nvmlDevice_t device2,
                                                 nvmlGpuTopologyLevel_t* pathInfo) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  FakeDevice* first = nullptr;
  FakeDevice* second = nullptr;
  if (nvmlReturn_t code = Enter(state, device1, "nvmlDeviceGetTopologyCommonAncestor", &first); code != NVML_SUCCESS) {
    return code;
  }
  if (nvmlReturn_t code = Enter(state, device2, "nvmlDeviceGetTopologyCommonAncestor", &second);
      code != NVML_SUCCESS) {
    return code;
  }
  if (pathInfo == nullptr) return NVML_ERROR_INVALID_ARGUMENT;
  const size_t a = IndexOf(state, first), b = IndexOf(state, second);
  unsigned long long level = state.config.topology_default;
  for (const std::string& entry : state.config.topology) {
    unsigned int x = 0, y = 0, value = 0;
    if (std::sscanf(entry.c_str(), "%u-%u:%u", &x, &y, &value) != 3) continue;
    if ((x == a && y == b) || (x == b && y == a)) level = value;
  }
  *pathInfo = static_cast<nvmlGpuTopologyLevel_t>(level);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetNvLinkState(nvmlDevice_t device, unsigned int link, nvmlEnableState_t* isActive) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  FakeDevice* fake = nullptr;
  if (nvmlReturn_t code = Enter(state, device, "nvmlDeviceGetNvLinkState", &fake); code != NVML_SUCCESS) return code;
  if (isActive == nullptr || link >= NVML_NVLINK_MAX_LINKS) return NVML_ERROR_INVALID_ARGUMENT;
  if (fake->nvlink_remotes.empty()) return NVML_ERROR_NOT_SUPPORTED;
  *isActive = link < fake->nvlink_remotes.size() ? NVML_FEATURE_ENABLED : NVML_FEATURE_DISABLED;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetNvLinkRemotePciInfo_v2(nvmlDevice_t device, unsigned int link, nvmlPciInfo_t* pci) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  FakeDevice* fake = nullptr;
  if (nvmlReturn_t code = Enter(state, device, "nvmlDeviceGetNvLinkRemotePciInfo_v2", &fake); code != NVML_SUCCESS) {
    return code;
  }
  if (pci == nullptr || link >= NVML_NVLINK_MAX_LINKS) return NVML_ERROR_INVALID_ARGUMENT;
  if (link >= fake->nvlink_remotes.size()) return NVML_ERROR_NOT_FOUND;
  *pci = PciInfo(fake->nvlink_remotes[link]);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCpuAffinity(nvmlDevice_t device, unsigned int cpuSetSize, unsigned long* cpuSet) {
  State& state = GetState();
  std::lock_guard<std::mutex> lock(state.mutex);
  FakeDevice* fake = nullptr;
  if (nvmlReturn_t code = Enter(state, device, "nvmlDeviceGetCpuAffinity", &fake); code != NVML_SUCCESS) return code;
  if (state.config.cpu_affinity == 0) return NVML_ERROR_NOT_SUPPORTED;
  if (cpuSet == nullptr || cpuSetSize == 0) return NVML_ERROR_INVALID_ARGUMENT;
  for (unsigned int i = 0; i < cpuSetSize; ++i) cpuSet[i] = 0;
  cpuSet[0] = static_cast<unsigned long>(state.config.cpu_affinity);
  return NVML_SUCCESS;
}

// NvmlLibrary: NVML loaded with dlopen at run time, its functions resolved
// with dlsym, and initialised with nvmlInit_v2 while anyone holds it.
//
// The library is libnvidia-ml.so.1, or the file named by the environment
// variable SPINECHECK_NVML_LIBRARY (read at each Acquire; tests point it at a
// fake). One NvmlLibrary exists per path while it is held: the first Acquire
// loads and initialises it, the last holder to let go calls nvmlShutdown and
// unloads it. Acquire and every function in the table may be called from any
// thread (NVML is thread-safe).
#ifndef SPINECHECK_TOPOLOGY_NVML_NVML_LIBRARY_H_
#define SPINECHECK_TOPOLOGY_NVML_NVML_LIBRARY_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "topology/nvml/nvml_abi.h"

namespace spinecheck {

inline constexpr char kNvmlLibraryEnv[] = "SPINECHECK_NVML_LIBRARY";
inline constexpr char kNvmlDefaultLibrary[] = "libnvidia-ml.so.1";

// NVML's functions, each named as the C symbol it was resolved from so a
// call reads like NVIDIA's documentation. The first six are required and
// never null; every other one is null when the driver's library does not
// export it (older drivers), and the reading it serves is then left empty.
struct NvmlFunctions {
  decltype(&::nvmlInit_v2) nvmlInit_v2 = nullptr;
  decltype(&::nvmlShutdown) nvmlShutdown = nullptr;
  decltype(&::nvmlErrorString) nvmlErrorString = nullptr;
  decltype(&::nvmlDeviceGetCount_v2) nvmlDeviceGetCount_v2 = nullptr;
  decltype(&::nvmlDeviceGetHandleByPciBusId_v2) nvmlDeviceGetHandleByPciBusId_v2 = nullptr;
  decltype(&::nvmlDeviceGetHandleByUUID) nvmlDeviceGetHandleByUUID = nullptr;

  decltype(&::nvmlDeviceGetTemperature) nvmlDeviceGetTemperature = nullptr;
  decltype(&::nvmlDeviceGetPowerUsage) nvmlDeviceGetPowerUsage = nullptr;
  decltype(&::nvmlDeviceGetEnforcedPowerLimit) nvmlDeviceGetEnforcedPowerLimit = nullptr;
  decltype(&::nvmlDeviceGetClockInfo) nvmlDeviceGetClockInfo = nullptr;
  decltype(&::nvmlDeviceGetMaxClockInfo) nvmlDeviceGetMaxClockInfo = nullptr;
  decltype(&::nvmlDeviceGetCurrentClocksEventReasons) nvmlDeviceGetCurrentClocksEventReasons = nullptr;
  decltype(&::nvmlDeviceGetCurrentClocksThrottleReasons) nvmlDeviceGetCurrentClocksThrottleReasons = nullptr;
  decltype(&::nvmlDeviceGetTotalEccErrors) nvmlDeviceGetTotalEccErrors = nullptr;
  decltype(&::nvmlDeviceGetRetiredPages) nvmlDeviceGetRetiredPages = nullptr;
  decltype(&::nvmlDeviceGetRetiredPagesPendingStatus) nvmlDeviceGetRetiredPagesPendingStatus = nullptr;
  decltype(&::nvmlDeviceGetRemappedRows) nvmlDeviceGetRemappedRows = nullptr;
  decltype(&::nvmlDeviceGetCurrPcieLinkGeneration) nvmlDeviceGetCurrPcieLinkGeneration = nullptr;
  decltype(&::nvmlDeviceGetMaxPcieLinkGeneration) nvmlDeviceGetMaxPcieLinkGeneration = nullptr;
  decltype(&::nvmlDeviceGetCurrPcieLinkWidth) nvmlDeviceGetCurrPcieLinkWidth = nullptr;
  decltype(&::nvmlDeviceGetMaxPcieLinkWidth) nvmlDeviceGetMaxPcieLinkWidth = nullptr;
  decltype(&::nvmlEventSetCreate) nvmlEventSetCreate = nullptr;
  decltype(&::nvmlDeviceRegisterEvents) nvmlDeviceRegisterEvents = nullptr;
  decltype(&::nvmlEventSetWait_v2) nvmlEventSetWait_v2 = nullptr;
  decltype(&::nvmlEventSetFree) nvmlEventSetFree = nullptr;

  // The node inventory's (topology/inventory).
  decltype(&::nvmlDeviceGetHandleByIndex_v2) nvmlDeviceGetHandleByIndex_v2 = nullptr;
  decltype(&::nvmlDeviceGetName) nvmlDeviceGetName = nullptr;
  decltype(&::nvmlDeviceGetUUID) nvmlDeviceGetUUID = nullptr;
  decltype(&::nvmlDeviceGetPciInfo_v3) nvmlDeviceGetPciInfo_v3 = nullptr;
  decltype(&::nvmlDeviceGetTopologyCommonAncestor) nvmlDeviceGetTopologyCommonAncestor = nullptr;
  decltype(&::nvmlDeviceGetNvLinkState) nvmlDeviceGetNvLinkState = nullptr;
  decltype(&::nvmlDeviceGetNvLinkRemotePciInfo_v2) nvmlDeviceGetNvLinkRemotePciInfo_v2 = nullptr;
  decltype(&::nvmlDeviceGetCpuAffinity) nvmlDeviceGetCpuAffinity = nullptr;
};

class NvmlLibrary {
 public:
  // The initialised library for the current path. kUnavailable when it
  // cannot be loaded ("NVML unavailable: libnvidia-ml.so.1: cannot open
  // shared object file: No such file or directory"), lacks a required
  // function, or nvmlInit_v2 fails (worded as by Check).
  static absl::StatusOr<std::shared_ptr<const NvmlLibrary>> Acquire();

  // The same for the library at `path` (a file name dlopen searches for, or
  // a path), whatever SPINECHECK_NVML_LIBRARY says.
  static absl::StatusOr<std::shared_ptr<const NvmlLibrary>> Acquire(const std::string& path);

  // SPINECHECK_NVML_LIBRARY when set and not empty, else libnvidia-ml.so.1.
  static std::string Path();

  ~NvmlLibrary();
  NvmlLibrary(const NvmlLibrary&) = delete;
  NvmlLibrary& operator=(const NvmlLibrary&) = delete;

  const NvmlFunctions& api() const { return api_; }
  const std::string& path() const { return path_; }

  // OK for NVML_SUCCESS; otherwise kUnavailable worded
  // "nvmlDeviceGetCount_v2 failed at telemetry.cc:40 on GPU 0000:07:00.0:
  // Driver Not Loaded (NVML_ERROR_DRIVER_NOT_LOADED)". `call` is the call's
  // source text; only the function's name is kept.
  absl::Status Check(nvmlReturn_t code, const char* call, const char* file, int line, const std::string& where) const;

 private:
  NvmlLibrary(std::string path, void* handle, const NvmlFunctions& api);

  const std::string path_;
  void* const handle_;  // from dlopen; dlclose'd after nvmlShutdown
  const NvmlFunctions api_;
};

// The enumerator's name, "NVML_ERROR_NOT_SUPPORTED"; "nvmlReturn_t 42" for a
// value this ABI does not list.
std::string NvmlReturnName(nvmlReturn_t code);

}  // namespace spinecheck

// Evaluates an NVML call made through `library` (an NvmlLibrary) and wraps
// its return code; `where` names the GPU or the library.
#define SPINECHECK_NVML_CALL(library, call, where) (library).Check((call), #call, __FILE__, __LINE__, (where))

#endif  // SPINECHECK_TOPOLOGY_NVML_NVML_LIBRARY_H_

#include "topology/nvml/nvml_library.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "reports/model/call_site.h"

namespace spinecheck {
namespace {

// Libraries held now, by path. Guarded by LoadedMutex(); an entry whose
// last holder let go expires and is replaced by the next Acquire.
std::mutex& LoadedMutex() {
  static std::mutex mutex;
  return mutex;
}
std::map<std::string, std::weak_ptr<const NvmlLibrary>>& Loaded() {
  static auto* loaded = new std::map<std::string, std::weak_ptr<const NvmlLibrary>>;
  return *loaded;
}

template <typename Fn>
void Resolve(void* handle, const char* name, Fn* fn) {
  *fn = reinterpret_cast<Fn>(dlsym(handle, name));
}

#define SPINECHECK_NVML_RESOLVE_(handle, api, name) Resolve((handle), #name, &(api).name)

NvmlFunctions ResolveAll(void* handle) {
  NvmlFunctions api;
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlInit_v2);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlShutdown);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlErrorString);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetCount_v2);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetHandleByPciBusId_v2);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetHandleByUUID);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetTemperature);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetPowerUsage);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetEnforcedPowerLimit);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetClockInfo);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetMaxClockInfo);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetCurrentClocksEventReasons);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetCurrentClocksThrottleReasons);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetTotalEccErrors);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetRetiredPages);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetRetiredPagesPendingStatus);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetRemappedRows);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetCurrPcieLinkGeneration);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetMaxPcieLinkGeneration);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetCurrPcieLinkWidth);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetMaxPcieLinkWidth);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlEventSetCreate);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceRegisterEvents);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlEventSetWait_v2);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlEventSetFree);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetHandleByIndex_v2);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetName);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetUUID);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetPciInfo_v3);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetTopologyCommonAncestor);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetNvLinkState);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetNvLinkRemotePciInfo_v2);
  SPINECHECK_NVML_RESOLVE_(handle, api, nvmlDeviceGetCpuAffinity);
  return api;
}

#undef SPINECHECK_NVML_RESOLVE_

// The first required function `api` lacks; null when it has them all.
const char* MissingRequired(const NvmlFunctions& api) {
  if (api.nvmlInit_v2 == nullptr) return "nvmlInit_v2";
  if (api.nvmlShutdown == nullptr) return "nvmlShutdown";
  if (api.nvmlErrorString == nullptr) return "nvmlErrorString";
  if (api.nvmlDeviceGetCount_v2 == nullptr) return "nvmlDeviceGetCount_v2";
  if (api.nvmlDeviceGetHandleByPciBusId_v2 == nullptr) return "nvmlDeviceGetHandleByPciBusId_v2";
  if (api.nvmlDeviceGetHandleByUUID == nullptr) return "nvmlDeviceGetHandleByUUID";
  return nullptr;
}

// "library.api().nvmlInit_v2()" -> "nvmlInit_v2()": the call's text from
// the NVML function's name on.
const char* FunctionText(const char* call) {
  const char* name = std::strstr(call, "nvml");
  return name != nullptr ? name : call;
}

absl::Status NvmlStatus(const NvmlFunctions& api, nvmlReturn_t code, const char* call, const char* file, int line,
                        const std::string& where) {
  if (code == NVML_SUCCESS) return absl::OkStatus();
  const char* text = api.nvmlErrorString(code);
  return absl::UnavailableError(absl::StrCat(FailedCallSite(FunctionText(call), file, line, where), ": ",
                                             text != nullptr ? text : "", " (", NvmlReturnName(code), ")"));
}

}  // namespace

std::string NvmlLibrary::Path() {
  const char* path = std::getenv(kNvmlLibraryEnv);
  return path != nullptr && *path != '\0' ? path : kNvmlDefaultLibrary;
}

absl::StatusOr<std::shared_ptr<const NvmlLibrary>> NvmlLibrary::Acquire() { return Acquire(Path()); }

absl::StatusOr<std::shared_ptr<const NvmlLibrary>> NvmlLibrary::Acquire(const std::string& path) {
  std::lock_guard<std::mutex> lock(LoadedMutex());
  if (std::shared_ptr<const NvmlLibrary> held = Loaded()[path].lock()) return held;

  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) return absl::UnavailableError(absl::StrCat("NVML unavailable: ", dlerror()));
  NvmlFunctions api = ResolveAll(handle);
  if (const char* missing = MissingRequired(api)) {
    dlclose(handle);
    return absl::UnavailableError(absl::StrCat("NVML unavailable: ", path, " does not export ", missing));
  }
  if (absl::Status init = NvmlStatus(api, api.nvmlInit_v2(), "nvmlInit_v2()", __FILE__, __LINE__, path); !init.ok()) {
    dlclose(handle);
    return absl::UnavailableError(absl::StrCat("NVML unavailable: ", init.message()));
  }
  std::shared_ptr<const NvmlLibrary> held(new NvmlLibrary(path, handle, api));
  Loaded()[path] = held;
  return held;
}

NvmlLibrary::NvmlLibrary(std::string path, void* handle, const NvmlFunctions& api)
    : path_(std::move(path)), handle_(handle), api_(api) {}

NvmlLibrary::~NvmlLibrary() {
  api_.nvmlShutdown();
  dlclose(handle_);
}

absl::Status NvmlLibrary::Check(nvmlReturn_t code, const char* call, const char* file, int line,
                                const std::string& where) const {
  return NvmlStatus(api_, code, call, file, line, where);
}

std::string NvmlReturnName(nvmlReturn_t code) {
  switch (code) {
    case NVML_SUCCESS: return "NVML_SUCCESS";
    case NVML_ERROR_UNINITIALIZED: return "NVML_ERROR_UNINITIALIZED";
    case NVML_ERROR_INVALID_ARGUMENT: return "NVML_ERROR_INVALID_ARGUMENT";
    case NVML_ERROR_NOT_SUPPORTED: return "NVML_ERROR_NOT_SUPPORTED";
    case NVML_ERROR_NO_PERMISSION: return "NVML_ERROR_NO_PERMISSION";
    case NVML_ERROR_ALREADY_INITIALIZED: return "NVML_ERROR_ALREADY_INITIALIZED";
    case NVML_ERROR_NOT_FOUND: return "NVML_ERROR_NOT_FOUND";
    case NVML_ERROR_INSUFFICIENT_SIZE: return "NVML_ERROR_INSUFFICIENT_SIZE";
    case NVML_ERROR_INSUFFICIENT_POWER: return "NVML_ERROR_INSUFFICIENT_POWER";
    case NVML_ERROR_DRIVER_NOT_LOADED: return "NVML_ERROR_DRIVER_NOT_LOADED";
    case NVML_ERROR_TIMEOUT: return "NVML_ERROR_TIMEOUT";
    case NVML_ERROR_IRQ_ISSUE: return "NVML_ERROR_IRQ_ISSUE";
    case NVML_ERROR_LIBRARY_NOT_FOUND: return "NVML_ERROR_LIBRARY_NOT_FOUND";
    case NVML_ERROR_FUNCTION_NOT_FOUND: return "NVML_ERROR_FUNCTION_NOT_FOUND";
    case NVML_ERROR_CORRUPTED_INFOROM: return "NVML_ERROR_CORRUPTED_INFOROM";
    case NVML_ERROR_GPU_IS_LOST: return "NVML_ERROR_GPU_IS_LOST";
    case NVML_ERROR_RESET_REQUIRED: return "NVML_ERROR_RESET_REQUIRED";
    case NVML_ERROR_OPERATING_SYSTEM: return "NVML_ERROR_OPERATING_SYSTEM";
    case NVML_ERROR_LIB_RM_VERSION_MISMATCH: return "NVML_ERROR_LIB_RM_VERSION_MISMATCH";
    case NVML_ERROR_IN_USE: return "NVML_ERROR_IN_USE";
    case NVML_ERROR_MEMORY: return "NVML_ERROR_MEMORY";
    case NVML_ERROR_NO_DATA: return "NVML_ERROR_NO_DATA";
    case NVML_ERROR_VGPU_ECC_NOT_SUPPORTED: return "NVML_ERROR_VGPU_ECC_NOT_SUPPORTED";
    case NVML_ERROR_INSUFFICIENT_RESOURCES: return "NVML_ERROR_INSUFFICIENT_RESOURCES";
    case NVML_ERROR_FREQ_NOT_SUPPORTED: return "NVML_ERROR_FREQ_NOT_SUPPORTED";
    case NVML_ERROR_ARGUMENT_VERSION_MISMATCH: return "NVML_ERROR_ARGUMENT_VERSION_MISMATCH";
    case NVML_ERROR_DEPRECATED: return "NVML_ERROR_DEPRECATED";
    case NVML_ERROR_NOT_READY: return "NVML_ERROR_NOT_READY";
    case NVML_ERROR_UNKNOWN: return "NVML_ERROR_UNKNOWN";
  }
  return absl::StrCat("nvmlReturn_t ", static_cast<int>(code));
}

}  // namespace spinecheck

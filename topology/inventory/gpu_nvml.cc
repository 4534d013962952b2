#include "topology/inventory/gpu_nvml.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "reports/model/status_macros.h"
#include "topology/inventory/sysfs_reader.h"
#include "topology/nvml/nvml_abi.h"
#include "topology/nvml/nvml_library.h"

namespace spinecheck {
namespace {

namespace fs = std::filesystem;

constexpr int kCpuWords = 64;  // 4096 CPUs

std::string GpuWhere(int index) { return absl::StrCat("GPU ", index); }

}  // namespace

std::string TopologyLevelName(int level) {
  switch (level) {
    case NVML_TOPOLOGY_INTERNAL: return "PIX";
    case NVML_TOPOLOGY_SINGLE: return "PIX";
    case NVML_TOPOLOGY_MULTIPLE: return "PXB";
    case NVML_TOPOLOGY_HOSTBRIDGE: return "PHB";
    case NVML_TOPOLOGY_NODE: return "NODE";
    case NVML_TOPOLOGY_SYSTEM: return "SYS";
  }
  return "";
}

std::string CpuListFromMask(const unsigned long* mask, size_t words) {
  constexpr int kBits = static_cast<int>(sizeof(unsigned long) * 8);
  std::string list;
  const int total = static_cast<int>(words) * kBits;
  auto set = [&](int cpu) { return cpu < total && ((mask[cpu / kBits] >> (cpu % kBits)) & 1UL) != 0; };
  for (int cpu = 0; cpu < total;) {
    if (!set(cpu)) {
      ++cpu;
      continue;
    }
    int last = cpu;
    while (set(last + 1)) ++last;
    absl::StrAppend(&list, list.empty() ? "" : ",", cpu);
    if (last > cpu) absl::StrAppend(&list, "-", last);
    cpu = last + 1;
  }
  return list;
}

absl::Status CollectGpus(const std::string& nvml_library, const std::string& sysfs_root, NodeInventory& inventory) {
  inventory.gpus.clear();
  inventory.gpu_links.gpu_gpu.clear();
  SPINECHECK_ASSIGN_OR_RETURN(std::shared_ptr<const NvmlLibrary> library, NvmlLibrary::Acquire(nvml_library));
  const NvmlFunctions& api = library->api();
  for (const auto& [function, name] : {std::pair{reinterpret_cast<const void*>(api.nvmlDeviceGetHandleByIndex_v2),
                                                 "nvmlDeviceGetHandleByIndex_v2"},
                                       std::pair{reinterpret_cast<const void*>(api.nvmlDeviceGetPciInfo_v3),
                                                 "nvmlDeviceGetPciInfo_v3"}}) {
    if (function == nullptr) {
      return absl::UnavailableError(absl::StrCat("NVML unavailable: ", library->path(), " does not export ", name));
    }
  }

  unsigned int count = 0;
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_NVML_CALL(*library, api.nvmlDeviceGetCount_v2(&count), library->path()));

  std::vector<nvmlDevice_t> handles;
  for (unsigned int i = 0; i < count; ++i) {
    const int index = static_cast<int>(i);
    nvmlDevice_t handle = nullptr;
    if (absl::Status got = SPINECHECK_NVML_CALL(*library, api.nvmlDeviceGetHandleByIndex_v2(i, &handle), GpuWhere(index));
        !got.ok()) {
      inventory.warnings.emplace_back(got.message());
      continue;
    }
    InventoryGpu gpu;
    gpu.index = index;
    nvmlPciInfo_t pci{};
    if (absl::Status got = SPINECHECK_NVML_CALL(*library, api.nvmlDeviceGetPciInfo_v3(handle, &pci), GpuWhere(index));
        got.ok()) {
      gpu.pci_bus_id = NormalizePciBusId(pci.busId);
    } else {
      inventory.warnings.emplace_back(got.message());
    }
    if (api.nvmlDeviceGetName != nullptr) {
      char name[NVML_DEVICE_NAME_V2_BUFFER_SIZE] = {};
      absl::Status got = SPINECHECK_NVML_CALL(*library, api.nvmlDeviceGetName(handle, name, sizeof(name)), GpuWhere(index));
      if (got.ok()) gpu.name = name;
      else inventory.warnings.emplace_back(got.message());
    }
    if (api.nvmlDeviceGetUUID != nullptr) {
      char uuid[NVML_DEVICE_UUID_V2_BUFFER_SIZE] = {};
      absl::Status got = SPINECHECK_NVML_CALL(*library, api.nvmlDeviceGetUUID(handle, uuid, sizeof(uuid)), GpuWhere(index));
      if (got.ok()) gpu.uuid = uuid;
      else inventory.warnings.emplace_back(got.message());
    }
    const fs::path sysfs_device = fs::path(sysfs_root) / "bus/pci/devices" / gpu.pci_bus_id;
    if (!gpu.pci_bus_id.empty()) gpu.numa_node = static_cast<int>(ReadSysfsInt(sysfs_device / "numa_node", -1));
    if (api.nvmlDeviceGetCpuAffinity != nullptr) {
      unsigned long mask[kCpuWords] = {};
      if (api.nvmlDeviceGetCpuAffinity(handle, kCpuWords, mask) == NVML_SUCCESS) {
        gpu.cpu_affinity = CpuListFromMask(mask, kCpuWords);
      }
    }
    if (gpu.cpu_affinity.empty() && !gpu.pci_bus_id.empty()) {
      gpu.cpu_affinity = ReadSysfsString(sysfs_device / "local_cpulist");
    }
    inventory.gpus.push_back(std::move(gpu));
    handles.push_back(handle);
  }

  // NVLinks: each active link's far end is another GPU (counted per pair) or
  // an NVSwitch (counted per GPU).
  const size_t n = inventory.gpus.size();
  std::vector<int> direct(n * n, 0);
  std::vector<int> switch_links(n, 0);
  if (api.nvmlDeviceGetNvLinkState != nullptr && api.nvmlDeviceGetNvLinkRemotePciInfo_v2 != nullptr) {
    for (size_t i = 0; i < n; ++i) {
      for (unsigned int link = 0; link < NVML_NVLINK_MAX_LINKS; ++link) {
        nvmlEnableState_t active = NVML_FEATURE_DISABLED;
        nvmlReturn_t code = api.nvmlDeviceGetNvLinkState(handles[i], link, &active);
        if (code == NVML_ERROR_NOT_SUPPORTED) break;  // no NVLink on this GPU
        if (code != NVML_SUCCESS || active != NVML_FEATURE_ENABLED) continue;
        nvmlPciInfo_t remote{};
        if (api.nvmlDeviceGetNvLinkRemotePciInfo_v2(handles[i], link, &remote) != NVML_SUCCESS) continue;
        const std::string remote_id = NormalizePciBusId(remote.busId);
        bool to_gpu = false;
        for (size_t j = 0; j < n; ++j) {
          if (j != i && !remote_id.empty() && inventory.gpus[j].pci_bus_id == remote_id) {
            ++direct[i * n + j];
            to_gpu = true;
          }
        }
        if (!to_gpu) ++switch_links[i];
      }
    }
  }

  std::vector<std::string>& matrix = inventory.gpu_links.gpu_gpu;
  matrix.assign(n * n, "");
  // Copied from a string, not assigned from a literal: GCC 12 at -O3 reports
  // a false -Wrestrict on the latter (GCC bug 105329).
  const std::string self = "X";
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      if (i == j) {
        matrix[i * n + j] = self;
        continue;
      }
      int links = std::max(direct[i * n + j], direct[j * n + i]);
      if (links == 0 && switch_links[i] > 0 && switch_links[j] > 0) links = std::min(switch_links[i], switch_links[j]);
      if (links > 0) {
        matrix[i * n + j] = absl::StrCat("NV", links);
        continue;
      }
      if (api.nvmlDeviceGetTopologyCommonAncestor == nullptr || j < i) continue;
      nvmlGpuTopologyLevel_t level = NVML_TOPOLOGY_SYSTEM;
      absl::Status got = SPINECHECK_NVML_CALL(
          *library, api.nvmlDeviceGetTopologyCommonAncestor(handles[i], handles[j], &level),
          absl::StrCat(GpuWhere(static_cast<int>(i)), " and ", GpuWhere(static_cast<int>(j))));
      if (!got.ok()) {
        inventory.warnings.emplace_back(got.message());
        continue;
      }
      matrix[i * n + j] = matrix[j * n + i] = TopologyLevelName(level);
    }
  }
  return absl::OkStatus();
}

}  // namespace spinecheck

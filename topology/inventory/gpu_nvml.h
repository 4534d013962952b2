// GPUs of this host and the GPU x GPU part of the topology matrix, from NVML
// (topology/nvml: loaded with dlopen, so a host without the driver builds
// and runs, and says why it has no GPUs).
#ifndef SPINECHECK_TOPOLOGY_INVENTORY_GPU_NVML_H_
#define SPINECHECK_TOPOLOGY_INVENTORY_GPU_NVML_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "reports/model/inventory.h"

namespace spinecheck {

// Fills inventory.gpus and inventory.gpu_links.gpu_gpu (G x G) from the NVML
// library at `nvml_library`. NUMA nodes (and, when NVML's
// nvmlDeviceGetCpuAffinity is missing, CPU affinity) come from
// <sysfs_root>/bus/pci/devices/<bus id>.
//
// GPU pairs: "NV#" when the two share # active NVLinks (directly, or
// through NVSwitches: then the smaller of the two GPUs' switch link
// counts), else nvmlDeviceGetTopologyCommonAncestor mapped as
// SINGLE -> PIX, MULTIPLE -> PXB, HOSTBRIDGE -> PHB, NODE -> NODE,
// SYSTEM -> SYS, INTERNAL (two GPUs on one board) -> PIX; an entry NVML
// cannot answer stays "" (the caller may fill it from the PCI tree).
// Per-GPU failures become lines in inventory.warnings.
//
// kUnavailable when NVML cannot be loaded or initialised, or lacks
// nvmlDeviceGetHandleByIndex_v2 or nvmlDeviceGetPciInfo_v3, worded as the
// reason ("NVML unavailable: libnvidia-ml.so.1: cannot open shared object
// file: No such file or directory"); inventory.gpus is then empty.
absl::Status CollectGpus(const std::string& nvml_library, const std::string& sysfs_root, NodeInventory& inventory);

// The matrix entry for an nvmlGpuTopologyLevel_t value ("PHB" for 30);
// "" for values NVML does not define.
std::string TopologyLevelName(int level);

// The Linux cpu list ("0-3,8") of the bits set in `mask` (64 CPUs per word,
// as NVML's and the kernel's masks); "" when none is set.
std::string CpuListFromMask(const unsigned long* mask, size_t words);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_INVENTORY_GPU_NVML_H_

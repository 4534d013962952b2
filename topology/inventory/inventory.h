// The node inventory of `spinecheck topo`: what this host has (CPUs, NUMA
// nodes, NICs, RDMA ports, GPUs) and how GPUs and NICs are connected.
// Each rank's host collects its own; ranks gather them encoded with
// reports/json/gather_codec.h.
#ifndef SPINECHECK_TOPOLOGY_INVENTORY_INVENTORY_H_
#define SPINECHECK_TOPOLOGY_INVENTORY_INVENTORY_H_

#include <string>

#include "absl/status/statusor.h"
#include "reports/model/inventory.h"

namespace spinecheck {

struct InventoryOptions {
  // Where sysfs is mounted; tests point it at a tree they built. CPUs and
  // NUMA nodes come from hwloc, which always reads the real machine.
  std::string sysfs_root = "/sys";
  // The NVML library to dlopen: SPINECHECK_NVML_LIBRARY when set, else
  // libnvidia-ml.so.1 (the value NvmlLibrary::Path() reads at construction).
  std::string nvml_library = DefaultNvmlLibrary();

  static std::string DefaultNvmlLibrary();
};

// The inventory of the host this process runs on. Missing pieces never fail
// it: hwloc failing, an unreadable sysfs attribute or a GPU NVML cannot
// answer become lines in `warnings`; no NVML (no driver, a CPU-only host) is
// gpu_link_source "unavailable: <why>" and no GPUs. The status is an error
// only when not even the host name can be read (kInternal).
absl::StatusOr<NodeInventory> CollectNodeInventory(const InventoryOptions& options);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_INVENTORY_INVENTORY_H_

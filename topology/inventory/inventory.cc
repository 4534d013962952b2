#include "topology/inventory/inventory.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "topology/inventory/cpu_topology.h"
#include "topology/inventory/gpu_nvml.h"
#include "topology/inventory/net_sysfs.h"
#include "topology/inventory/pci_links.h"
#include "topology/nvml/nvml_library.h"

namespace spinecheck {

std::string InventoryOptions::DefaultNvmlLibrary() { return NvmlLibrary::Path(); }

absl::StatusOr<NodeInventory> CollectNodeInventory(const InventoryOptions& options) {
  NodeInventory inventory;
  char host[HOST_NAME_MAX + 1] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) {
    return absl::InternalError(absl::StrCat("gethostname failed: ", std::strerror(errno)));
  }
  inventory.host = host;

  if (absl::Status cpus = CollectCpuTopology(inventory); !cpus.ok()) {
    inventory.warnings.push_back(absl::StrCat("CPU topology unknown: ", cpus.message()));
  }

  inventory.nics = CollectNics(options.sysfs_root);
  inventory.ib_devices = CollectIbDevices(options.sysfs_root);
  LinkNicsToIbDevices(inventory.ib_devices, inventory.nics);
  for (const InventoryNic& nic : inventory.nics) {
    if (!nic.is_virtual && nic.pci_bus_id.empty()) {
      inventory.warnings.push_back(absl::StrCat(nic.name, ": no PCI bus id behind ", options.sysfs_root,
                                                "/class/net/", nic.name, "/device"));
    }
  }

  if (absl::Status gpus = CollectGpus(options.nvml_library, options.sysfs_root, inventory); gpus.ok()) {
    inventory.gpu_link_source = "nvml";
  } else {
    inventory.gpu_link_source = absl::StrCat("unavailable: ", gpus.message());
  }
  FillPciLinks(options.sysfs_root, inventory);
  return inventory;
}

}  // namespace spinecheck

#include "topology/inventory/pci_links.h"

#include <vector>

#include "topology/inventory/pci_relation.h"

namespace spinecheck {
namespace {

struct PlacedDevice {
  PciPath path;
  int numa_node = -1;
};

}  // namespace

void FillPciLinks(const std::string& sysfs_root, NodeInventory& inventory) {
  const bool single_numa = inventory.numa_nodes.size() <= 1;
  GpuLinkMatrix& links = inventory.gpu_links;

  links.nics.clear();
  std::vector<PlacedDevice> nics;
  for (const InventoryIbDevice& device : inventory.ib_devices) {
    links.nics.push_back(device.name);
    nics.push_back({PciPathOfBusId(sysfs_root, device.pci_bus_id), device.numa_node});
  }
  for (const InventoryNic& nic : inventory.nics) {
    if (nic.is_virtual || nic.pci_bus_id.empty() || !nic.ib_device.empty()) continue;
    links.nics.push_back(nic.name);
    nics.push_back({PciPathOfBusId(sysfs_root, nic.pci_bus_id), nic.numa_node});
  }
  std::vector<PlacedDevice> gpus;
  for (const InventoryGpu& gpu : inventory.gpus) {
    gpus.push_back({PciPathOfBusId(sysfs_root, gpu.pci_bus_id), gpu.numa_node});
  }

  // Copied from a string, not assigned from a literal: GCC 12 at -O3 reports
  // a false -Wrestrict on the latter (GCC bug 105329).
  const std::string self = "X";
  const size_t g = gpus.size();
  const size_t n = nics.size();
  auto relation = [single_numa](const PlacedDevice& a, const PlacedDevice& b) {
    return PciRelation(a.path, a.numa_node, b.path, b.numa_node, single_numa);
  };
  links.gpu_gpu.resize(g * g);
  for (size_t i = 0; i < g; ++i) {
    for (size_t j = 0; j < g; ++j) {
      std::string& entry = links.gpu_gpu[i * g + j];
      if (i == j) entry = self;
      else if (entry.empty()) entry = relation(gpus[i], gpus[j]);
    }
  }
  links.gpu_nic.assign(g * n, "");
  for (size_t i = 0; i < g; ++i) {
    for (size_t j = 0; j < n; ++j) links.gpu_nic[i * n + j] = relation(gpus[i], nics[j]);
  }
  links.nic_nic.assign(n * n, "");
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) links.nic_nic[i * n + j] = i == j ? self : relation(nics[i], nics[j]);
  }
}

}  // namespace spinecheck

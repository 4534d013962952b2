// The PCI part of the topology matrix: the NIC columns, GPU x NIC, NIC x NIC,
// and any GPU x GPU entry NVML left empty, from the PCI tree in sysfs (see
// pci_relation.h for the rule).
#ifndef SPINECHECK_TOPOLOGY_INVENTORY_PCI_LINKS_H_
#define SPINECHECK_TOPOLOGY_INVENTORY_PCI_LINKS_H_

#include <string>

#include "reports/model/inventory.h"

namespace spinecheck {

// Needs inventory.gpus, nics, ib_devices and numa_nodes filled. The NIC
// columns are the RDMA devices, then the physical interfaces with a PCI bus
// id and no RDMA device (see GpuLinkMatrix). Entries whose devices sysfs
// does not place are "".
void FillPciLinks(const std::string& sysfs_root, NodeInventory& inventory);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_INVENTORY_PCI_LINKS_H_

// Network interfaces and RDMA (InfiniBand / RoCE) devices from sysfs:
// <sysfs_root>/class/net/* and <sysfs_root>/class/infiniband/*.
#ifndef SPINECHECK_TOPOLOGY_INVENTORY_NET_SYSFS_H_
#define SPINECHECK_TOPOLOGY_INVENTORY_NET_SYSFS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "reports/model/inventory.h"

namespace spinecheck {

// Every interface but lo, sorted by name. Physical ones (with a `device`
// link) carry their PCI bus id, NUMA node and driver; virtual ones (veth,
// bridges, ifb) are kept with is_virtual set. `ib_device` is left empty
// (LinkNicsToIbDevices fills it). An unreadable attribute leaves its field
// unknown; a missing class/net is an empty list.
std::vector<InventoryNic> CollectNics(const std::string& sysfs_root);

// Every RDMA device with its ports, sorted by name; empty without
// class/infiniband (no RDMA driver loaded).
std::vector<InventoryIbDevice> CollectIbDevices(const std::string& sysfs_root);

// Sets each NIC's ib_device: the RDMA device that names it as a port's
// netdev, or else the one on the same PCI function.
void LinkNicsToIbDevices(const std::vector<InventoryIbDevice>& ib_devices, std::vector<InventoryNic>& nics);

// "4: ACTIVE" -> "ACTIVE", "5: LinkUp" -> "LinkUp"; text without a
// "N: " prefix is returned as it is.
std::string ParseIbStateName(absl::string_view text);

// "400 Gb/sec (4X NDR)" -> 400, "2.5 Gb/sec (1X SDR)" -> 2.5; -1 when the
// text does not start with a number followed by "Gb/sec".
double ParseIbRateGbps(absl::string_view text);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_INVENTORY_NET_SYSFS_H_

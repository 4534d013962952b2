// How two PCI devices of one host are connected, in the vocabulary of
// `nvidia-smi topo -m`, worked out from where sysfs puts them in the PCI
// tree. Used for every pair NVML cannot answer: GPU x NIC and NIC x NIC
// (NVML knows only GPUs).
//
// The rule, on the canonical sysfs paths
// (/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/0000:02:08.0/0000:05:00.0):
// the root complex is the "pciDDDD:BB" component, the chain is the PCI
// functions from the root port down to the device. With `c` the number of
// bridges the two chains share and `below` the bridges under the deepest
// shared one on each side:
//   - c >= 1 and below <= 1 on both sides -> "PIX" (one PCIe switch: its
//     downstream ports, or one port);
//   - c >= 1 otherwise                    -> "PXB" (several switches, no host bridge);
//   - same root complex, c == 0           -> "PHB";
//   - different root complexes, same NUMA node (or the host has at most one
//     NUMA node)                          -> "NODE";
//   - otherwise (other NUMA node, or a NUMA node unknown) -> "SYS".
// "" when either device is not on PCI.
#ifndef SPINECHECK_TOPOLOGY_INVENTORY_PCI_RELATION_H_
#define SPINECHECK_TOPOLOGY_INVENTORY_PCI_RELATION_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace spinecheck {

// Where a device sits in the PCI tree.
struct PciPath {
  std::string root;                // "pci0000:00"; "" when not a PCI path
  std::vector<std::string> chain;  // "0000:00:01.0", ..., the device's own bus id last
};

// From a canonical sysfs path; components after the device (".../virtio2",
// ".../net/eth0") are ignored.
PciPath ParsePciPath(absl::string_view canonical_path);

// The canonical path of /sys/bus/pci/devices/<bus_id> under `sysfs_root`,
// parsed; empty when it does not resolve.
PciPath PciPathOfBusId(const std::string& sysfs_root, const std::string& bus_id);

// The relation above. `numa_a`, `numa_b`: the devices' NUMA nodes, -1
// unknown; `single_numa`: the host has at most one NUMA node.
std::string PciRelation(const PciPath& a, int numa_a, const PciPath& b, int numa_b, bool single_numa);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_INVENTORY_PCI_RELATION_H_

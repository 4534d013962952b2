// The node inventory part of the result document: what one host has (CPUs,
// NUMA nodes, NICs, InfiniBand ports, GPUs) and how its GPUs and NICs are
// connected (the `nvidia-smi topo -m` matrix). Plain data: topology/inventory
// collects it on each rank's host and encodes it for the gather,
// reports/writers render it.
//
// Unknown numbers are -1 (never 0, which is a valid NUMA node or port);
// unknown strings are empty.
#ifndef SPINECHECK_REPORTS_MODEL_INVENTORY_H_
#define SPINECHECK_REPORTS_MODEL_INVENTORY_H_

#include <cstdint>
#include <string>
#include <vector>

namespace spinecheck {

struct InventoryNumaNode {
  int os_index = -1;          // the kernel's node number (/sys/devices/system/node/nodeN)
  uint64_t memory_bytes = 0;  // local memory
  std::string cpuset;         // its PUs as a Linux cpu list, "0-15,32-47"
};

// A network interface from /sys/class/net (all but lo).
struct InventoryNic {
  std::string name;        // "eth0", "ib0", "veth1"
  bool is_virtual = false; // no `device` link: veth, bridge, ifb, ... (kept so a VM or a
                           // network namespace still shows its fabric interface)
  std::string pci_bus_id;  // "0000:3b:00.0"; empty when virtual or not on PCI
  int numa_node = -1;      // of its PCI device
  std::string mac;         // "0c:42:a1:00:00:01"
  int64_t speed_mbps = -1; // sysfs `speed`; -1 when unreadable (link down) or unknown
  std::string operstate;   // "up", "down", "unknown"
  std::string driver;      // "mlx5_core", "virtio_net"
  std::string ib_device;   // "mlx5_0" when an RDMA device sits behind it
};

// One port of an RDMA device (/sys/class/infiniband/X/ports/N).
struct InventoryIbPort {
  int port = 0;             // 1-based, as the kernel numbers them
  std::string state;        // "ACTIVE" (from "4: ACTIVE")
  std::string phys_state;   // "LinkUp" (from "5: LinkUp")
  std::string rate;         // "400 Gb/sec (4X NDR)", as the kernel wrote it
  double rate_gbps = -1;    // 400; -1 when the rate does not parse
  std::string link_layer;   // "InfiniBand" or "Ethernet"
  int lid = -1;             // 0 on Ethernet ports; -1 unknown
  std::string netdev;       // the interface on this port ("ib0"); empty if none
};

struct InventoryIbDevice {
  std::string name;        // "mlx5_0"
  std::vector<InventoryIbPort> ports;
  std::string pci_bus_id;  // "0000:3b:00.0"
  int numa_node = -1;
  std::string node_guid;   // "0c42:a103:00b1:2c3e"
};

struct InventoryGpu {
  int index = 0;             // NVML index (PCI bus order, not CUDA_VISIBLE_DEVICES order)
  std::string name;          // "NVIDIA H100 80GB HBM3"
  std::string uuid;          // "GPU-..."
  std::string pci_bus_id;    // "0000:07:00.0": lowercase, 4-digit domain, as sysfs names it
  int numa_node = -1;
  std::string cpu_affinity;  // Linux cpu list of the CPUs near it, "0-55"; empty unknown
};

// The `nvidia-smi topo -m` matrix. Every entry is one of
//   "X"    the device itself
//   "NV#"  # NVLinks between the two GPUs ("NV18")
//   "PIX"  at most one PCIe bridge between them (one PCIe switch)
//   "PXB"  several PCIe bridges, without crossing a host bridge
//   "PHB"  through a PCIe host bridge (one root complex, one CPU)
//   "NODE" between host bridges within one NUMA node
//   "SYS"  across the SMP interconnect between NUMA nodes (QPI/UPI, xGMI)
// or "" where the relation is unknown.
struct GpuLinkMatrix {
  // The NIC columns: RDMA devices by name ("mlx5_0"), then physical
  // interfaces without one ("eth0"). Render as NIC0, NIC1, ...
  std::vector<std::string> nics;
  std::vector<std::string> gpu_gpu;  // row-major G x G over NodeInventory::gpus
  std::vector<std::string> gpu_nic;  // row-major G x N: [g * N + n]
  std::vector<std::string> nic_nic;  // row-major N x N
};

struct NodeInventory {
  std::string host;
  std::string cpu_model;  // "AMD EPYC 9654 96-Core Processor"; empty unknown
  int sockets = 0;
  int cores = 0;
  int threads = 0;        // hardware threads (hwloc PUs)
  std::vector<InventoryNumaNode> numa_nodes;
  std::vector<InventoryNic> nics;
  std::vector<InventoryIbDevice> ib_devices;
  std::vector<InventoryGpu> gpus;
  GpuLinkMatrix gpu_links;
  // "nvml", or why the GPUs and their links are unknown: "unavailable: NVML
  // unavailable: libnvidia-ml.so.1: cannot open shared object file: ...".
  std::string gpu_link_source;
  std::vector<std::string> warnings;  // what could not be read, one line each
};

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_MODEL_INVENTORY_H_

#include "topology/inventory/inventory_summary.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace spinecheck {
namespace {

void AppendLine(std::string& out, const std::string& line) {
  absl::StrAppend(&out, absl::StripTrailingAsciiWhitespace(line), "\n");
}

std::string Known(long long value) { return value < 0 ? "?" : absl::StrCat(value); }
std::string Known(const std::string& value) { return value.empty() ? "?" : value; }

std::string Speed(int64_t mbps) { return mbps < 0 ? "? Mb/s" : absl::StrCat(mbps, " Mb/s"); }

}  // namespace

std::string RenderInventorySummary(const NodeInventory& inventory) {
  std::string out;
  AppendLine(out, absl::StrCat("host: ", inventory.host));
  AppendLine(out, absl::StrFormat("cpu: %s, %d sockets, %d cores, %d threads", Known(inventory.cpu_model),
                                  inventory.sockets, inventory.cores, inventory.threads));
  AppendLine(out, absl::StrCat("numa nodes: ", inventory.numa_nodes.size()));
  for (const InventoryNumaNode& node : inventory.numa_nodes) {
    AppendLine(out, absl::StrFormat("  node%-3s cpus %-16s %.1f GiB", Known(node.os_index), Known(node.cpuset),
                                    static_cast<double>(node.memory_bytes) / (1024.0 * 1024.0 * 1024.0)));
  }
  AppendLine(out, absl::StrCat("nics: ", inventory.nics.size()));
  for (const InventoryNic& nic : inventory.nics) {
    if (nic.is_virtual) {
      AppendLine(out, absl::StrFormat("  %-10s %-14s %-12s %-8s %s", nic.name, "virtual", Speed(nic.speed_mbps),
                                      Known(nic.operstate), nic.mac));
      continue;
    }
    AppendLine(out, absl::StrFormat("  %-10s %-14s %-12s %-8s numa %-3s %-12s %s %s", nic.name, Known(nic.pci_bus_id),
                                    Speed(nic.speed_mbps), Known(nic.operstate), Known(nic.numa_node),
                                    Known(nic.driver), nic.mac, nic.ib_device.empty() ? "" : "-> " + nic.ib_device));
  }
  size_t ports = 0;
  for (const InventoryIbDevice& device : inventory.ib_devices) ports += device.ports.size();
  AppendLine(out, absl::StrCat("rdma ports: ", ports));
  for (const InventoryIbDevice& device : inventory.ib_devices) {
    for (const InventoryIbPort& port : device.ports) {
      AppendLine(out, absl::StrFormat("  %-10s port %-2d %-8s %-8s %-22s %-10s lid %-5s numa %-3s %s",
                                      device.name, port.port, Known(port.state), Known(port.phys_state),
                                      Known(port.rate), Known(port.link_layer), Known(port.lid),
                                      Known(device.numa_node), port.netdev));
    }
  }
  AppendLine(out, absl::StrCat("gpus: ", inventory.gpus.size(), " (", inventory.gpu_link_source, ")"));
  for (const InventoryGpu& gpu : inventory.gpus) {
    AppendLine(out, absl::StrFormat("  GPU%-3d %-24s %-14s numa %-3s cpus %-12s %s", gpu.index, Known(gpu.name),
                                    Known(gpu.pci_bus_id), Known(gpu.numa_node), Known(gpu.cpu_affinity),
                                    gpu.uuid));
  }
  if (!inventory.warnings.empty()) {
    AppendLine(out, absl::StrCat("warnings: ", inventory.warnings.size()));
    for (const std::string& warning : inventory.warnings) AppendLine(out, absl::StrCat("  ", warning));
  }
  return out;
}

}  // namespace spinecheck

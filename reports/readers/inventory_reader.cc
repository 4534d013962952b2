#include "reports/readers/inventory_reader.h"

namespace spinecheck::json_reader_internal {
namespace {

void ReadIbPort(const JsonNode& node, InventoryIbPort& port) {
  node["port"].To(port.port);
  node["state"].To(port.state);
  node["phys_state"].To(port.phys_state);
  node["rate"].To(port.rate);
  node["rate_gbps"].To(port.rate_gbps);
  node["link_layer"].To(port.link_layer);
  node["lid"].To(port.lid);
  node["netdev"].To(port.netdev);
}

}  // namespace

NodeInventory ReadNodeInventory(const JsonNode& node) {
  NodeInventory inventory;
  node["host"].To(inventory.host);
  node["cpu_model"].To(inventory.cpu_model);
  node["sockets"].To(inventory.sockets);
  node["cores"].To(inventory.cores);
  node["threads"].To(inventory.threads);
  node["numa_nodes"].AppendEach(inventory.numa_nodes, [](const JsonNode& element, InventoryNumaNode& numa) {
    element["os_index"].To(numa.os_index);
    element["memory_bytes"].To(numa.memory_bytes);
    element["cpuset"].To(numa.cpuset);
  });
  node["nics"].AppendEach(inventory.nics, [](const JsonNode& element, InventoryNic& nic) {
    element["name"].To(nic.name);
    element["virtual"].To(nic.is_virtual);
    element["pci_bus_id"].To(nic.pci_bus_id);
    element["numa_node"].To(nic.numa_node);
    element["mac"].To(nic.mac);
    element["speed_mbps"].To(nic.speed_mbps);
    element["operstate"].To(nic.operstate);
    element["driver"].To(nic.driver);
    element["ib_device"].To(nic.ib_device);
  });
  node["ib_devices"].AppendEach(inventory.ib_devices, [](const JsonNode& element, InventoryIbDevice& device) {
    element["name"].To(device.name);
    element["ports"].AppendEach(device.ports, ReadIbPort);
    element["pci_bus_id"].To(device.pci_bus_id);
    element["numa_node"].To(device.numa_node);
    element["node_guid"].To(device.node_guid);
  });
  node["gpus"].AppendEach(inventory.gpus, [](const JsonNode& element, InventoryGpu& gpu) {
    element["index"].To(gpu.index);
    element["name"].To(gpu.name);
    element["uuid"].To(gpu.uuid);
    element["pci_bus_id"].To(gpu.pci_bus_id);
    element["numa_node"].To(gpu.numa_node);
    element["cpu_affinity"].To(gpu.cpu_affinity);
  });
  const JsonNode links = node["gpu_links"];
  links["nics"].To(inventory.gpu_links.nics);
  links["gpu_gpu"].To(inventory.gpu_links.gpu_gpu);
  links["gpu_nic"].To(inventory.gpu_links.gpu_nic);
  links["nic_nic"].To(inventory.gpu_links.nic_nic);
  node["gpu_link_source"].To(inventory.gpu_link_source);
  node["warnings"].To(inventory.warnings);
  return inventory;
}

}  // namespace spinecheck::json_reader_internal

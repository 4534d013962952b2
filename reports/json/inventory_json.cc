#include "reports/json/inventory_json.h"

namespace spinecheck {

using Json = nlohmann::ordered_json;

void to_json(Json& json, const InventoryNumaNode& node) {
  json = Json{{"os_index", node.os_index}, {"memory_bytes", node.memory_bytes}, {"cpuset", node.cpuset}};
}

void from_json(const Json& json, InventoryNumaNode& node) {
  ReadMember(json, "os_index", node.os_index);
  ReadMember(json, "memory_bytes", node.memory_bytes);
  ReadMember(json, "cpuset", node.cpuset);
}

void to_json(Json& json, const InventoryNic& nic) {
  json = Json{{"name", nic.name},
              {"virtual", nic.is_virtual},
              {"pci_bus_id", nic.pci_bus_id},
              {"numa_node", nic.numa_node},
              {"mac", nic.mac},
              {"speed_mbps", nic.speed_mbps},
              {"operstate", nic.operstate},
              {"driver", nic.driver},
              {"ib_device", nic.ib_device}};
}

void from_json(const Json& json, InventoryNic& nic) {
  ReadMember(json, "name", nic.name);
  ReadMember(json, "virtual", nic.is_virtual);
  ReadMember(json, "pci_bus_id", nic.pci_bus_id);
  ReadMember(json, "numa_node", nic.numa_node);
  ReadMember(json, "mac", nic.mac);
  ReadMember(json, "speed_mbps", nic.speed_mbps);
  ReadMember(json, "operstate", nic.operstate);
  ReadMember(json, "driver", nic.driver);
  ReadMember(json, "ib_device", nic.ib_device);
}

void to_json(Json& json, const InventoryIbPort& port) {
  json = Json{{"port", port.port},
              {"state", port.state},
              {"phys_state", port.phys_state},
              {"rate", port.rate},
              {"rate_gbps", port.rate_gbps},
              {"link_layer", port.link_layer},
              {"lid", port.lid},
              {"netdev", port.netdev}};
}

void from_json(const Json& json, InventoryIbPort& port) {
  ReadMember(json, "port", port.port);
  ReadMember(json, "state", port.state);
  ReadMember(json, "phys_state", port.phys_state);
  ReadMember(json, "rate", port.rate);
  ReadMember(json, "rate_gbps", port.rate_gbps);
  ReadMember(json, "link_layer", port.link_layer);
  ReadMember(json, "lid", port.lid);
  ReadMember(json, "netdev", port.netdev);
}

void to_json(Json& json, const InventoryIbDevice& device) {
  json = Json{{"name", device.name},
              {"ports", device.ports},
              {"pci_bus_id", device.pci_bus_id},
              {"numa_node", device.numa_node},
              {"node_guid", device.node_guid}};
}

void from_json(const Json& json, InventoryIbDevice& device) {
  ReadMember(json, "name", device.name);
  ReadMember(json, "ports", device.ports);
  ReadMember(json, "pci_bus_id", device.pci_bus_id);
  ReadMember(json, "numa_node", device.numa_node);
  ReadMember(json, "node_guid", device.node_guid);
}

void to_json(Json& json, const InventoryGpu& gpu) {
  json = Json{{"index", gpu.index},           {"name", gpu.name},
              {"uuid", gpu.uuid},             {"pci_bus_id", gpu.pci_bus_id},
              {"numa_node", gpu.numa_node},   {"cpu_affinity", gpu.cpu_affinity}};
}

void from_json(const Json& json, InventoryGpu& gpu) {
  ReadMember(json, "index", gpu.index);
  ReadMember(json, "name", gpu.name);
  ReadMember(json, "uuid", gpu.uuid);
  ReadMember(json, "pci_bus_id", gpu.pci_bus_id);
  ReadMember(json, "numa_node", gpu.numa_node);
  ReadMember(json, "cpu_affinity", gpu.cpu_affinity);
}

void to_json(Json& json, const GpuLinkMatrix& links) {
  json = Json{{"nics", links.nics}, {"gpu_gpu", links.gpu_gpu}, {"gpu_nic", links.gpu_nic}, {"nic_nic", links.nic_nic}};
}

void from_json(const Json& json, GpuLinkMatrix& links) {
  ReadMember(json, "nics", links.nics);
  ReadMember(json, "gpu_gpu", links.gpu_gpu);
  ReadMember(json, "gpu_nic", links.gpu_nic);
  ReadMember(json, "nic_nic", links.nic_nic);
}

void to_json(Json& json, const NodeInventory& inventory) {
  json = Json{{"host", inventory.host},
              {"cpu_model", inventory.cpu_model},
              {"sockets", inventory.sockets},
              {"cores", inventory.cores},
              {"threads", inventory.threads},
              {"numa_nodes", inventory.numa_nodes},
              {"nics", inventory.nics},
              {"ib_devices", inventory.ib_devices},
              {"gpus", inventory.gpus},
              {"gpu_links", inventory.gpu_links},
              {"gpu_link_source", inventory.gpu_link_source},
              {"warnings", inventory.warnings}};
}

void from_json(const Json& json, NodeInventory& inventory) {
  ReadMember(json, "host", inventory.host);
  ReadMember(json, "cpu_model", inventory.cpu_model);
  ReadMember(json, "sockets", inventory.sockets);
  ReadMember(json, "cores", inventory.cores);
  ReadMember(json, "threads", inventory.threads);
  ReadMember(json, "numa_nodes", inventory.numa_nodes);
  ReadMember(json, "nics", inventory.nics);
  ReadMember(json, "ib_devices", inventory.ib_devices);
  ReadMember(json, "gpus", inventory.gpus);
  ReadMember(json, "gpu_links", inventory.gpu_links);
  ReadMember(json, "gpu_link_source", inventory.gpu_link_source);
  ReadMember(json, "warnings", inventory.warnings);
}

}  // namespace spinecheck

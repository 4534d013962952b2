#include "reports/json/inventory_json.h"

#include <tuple>

#include "reports/json/json_fields.h"

namespace spinecheck {
namespace {

using Json = nlohmann::ordered_json;

const auto kNumaNodeFields = std::make_tuple(Field("os_index", &InventoryNumaNode::os_index),
                                             Field("memory_bytes", &InventoryNumaNode::memory_bytes),
                                             Field("cpuset", &InventoryNumaNode::cpuset));

const auto kNicFields = std::make_tuple(
    Field("name", &InventoryNic::name), Field("virtual", &InventoryNic::is_virtual),
    Field("pci_bus_id", &InventoryNic::pci_bus_id), Field("numa_node", &InventoryNic::numa_node),
    Field("mac", &InventoryNic::mac), Field("speed_mbps", &InventoryNic::speed_mbps),
    Field("operstate", &InventoryNic::operstate), Field("driver", &InventoryNic::driver),
    Field("ib_device", &InventoryNic::ib_device));

const auto kIbPortFields = std::make_tuple(
    Field("port", &InventoryIbPort::port), Field("state", &InventoryIbPort::state),
    Field("phys_state", &InventoryIbPort::phys_state), Field("rate", &InventoryIbPort::rate),
    Field("rate_gbps", &InventoryIbPort::rate_gbps), Field("link_layer", &InventoryIbPort::link_layer),
    Field("lid", &InventoryIbPort::lid), Field("netdev", &InventoryIbPort::netdev));

const auto kIbDeviceFields = std::make_tuple(
    Field("name", &InventoryIbDevice::name), Field("ports", &InventoryIbDevice::ports),
    Field("pci_bus_id", &InventoryIbDevice::pci_bus_id), Field("numa_node", &InventoryIbDevice::numa_node),
    Field("node_guid", &InventoryIbDevice::node_guid));

const auto kGpuFields = std::make_tuple(
    Field("index", &InventoryGpu::index), Field("name", &InventoryGpu::name), Field("uuid", &InventoryGpu::uuid),
    Field("pci_bus_id", &InventoryGpu::pci_bus_id), Field("numa_node", &InventoryGpu::numa_node),
    Field("cpu_affinity", &InventoryGpu::cpu_affinity));

const auto kGpuLinkFields =
    std::make_tuple(Field("nics", &GpuLinkMatrix::nics), Field("gpu_gpu", &GpuLinkMatrix::gpu_gpu),
                    Field("gpu_nic", &GpuLinkMatrix::gpu_nic), Field("nic_nic", &GpuLinkMatrix::nic_nic));

const auto kNodeFields = std::make_tuple(
    Field("host", &NodeInventory::host), Field("cpu_model", &NodeInventory::cpu_model),
    Field("sockets", &NodeInventory::sockets), Field("cores", &NodeInventory::cores),
    Field("threads", &NodeInventory::threads), Field("numa_nodes", &NodeInventory::numa_nodes),
    Field("nics", &NodeInventory::nics), Field("ib_devices", &NodeInventory::ib_devices),
    Field("gpus", &NodeInventory::gpus), Field("gpu_links", &NodeInventory::gpu_links),
    Field("gpu_link_source", &NodeInventory::gpu_link_source), Field("warnings", &NodeInventory::warnings));

}  // namespace

void to_json(Json& json, const InventoryNumaNode& node) { WriteFields(json, node, kNumaNodeFields); }
void from_json(const Json& json, InventoryNumaNode& node) { ReadFields(json, node, kNumaNodeFields); }

void to_json(Json& json, const InventoryNic& nic) { WriteFields(json, nic, kNicFields); }
void from_json(const Json& json, InventoryNic& nic) { ReadFields(json, nic, kNicFields); }

void to_json(Json& json, const InventoryIbPort& port) { WriteFields(json, port, kIbPortFields); }
void from_json(const Json& json, InventoryIbPort& port) { ReadFields(json, port, kIbPortFields); }

void to_json(Json& json, const InventoryIbDevice& device) { WriteFields(json, device, kIbDeviceFields); }
void from_json(const Json& json, InventoryIbDevice& device) { ReadFields(json, device, kIbDeviceFields); }

void to_json(Json& json, const InventoryGpu& gpu) { WriteFields(json, gpu, kGpuFields); }
void from_json(const Json& json, InventoryGpu& gpu) { ReadFields(json, gpu, kGpuFields); }

void to_json(Json& json, const GpuLinkMatrix& links) { WriteFields(json, links, kGpuLinkFields); }
void from_json(const Json& json, GpuLinkMatrix& links) { ReadFields(json, links, kGpuLinkFields); }

void to_json(Json& json, const NodeInventory& inventory) { WriteFields(json, inventory, kNodeFields); }
void from_json(const Json& json, NodeInventory& inventory) { ReadFields(json, inventory, kNodeFields); }

}  // namespace spinecheck

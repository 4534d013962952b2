#include "reports/writers/inventory_json.h"

#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

using Json = nlohmann::ordered_json;

// Reads `json[key]` into `out`, naming the field (`path`.`key`) when it is
// missing or of another type.
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  template <typename T>
  void Get(const Json& json, const char* key, T& out) {
    if (!status_.ok()) return;
    const std::string where = absl::StrCat(path_, path_.empty() ? "" : ".", key);
    if (!json.is_object() || !json.contains(key)) {
      status_ = absl::InvalidArgumentError(absl::StrCat("node inventory: ", where, ": missing"));
      return;
    }
    const Json& value = json.at(key);
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      // nlohmann converts a float or an out-of-range integer with a plain
      // cast (undefined behaviour): only an integer that fits is taken.
      const bool fits = value.is_number_unsigned()
                            ? value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<T>::max())
                            : value.is_number_integer() && value.get<int64_t>() >= static_cast<int64_t>(std::numeric_limits<T>::min()) &&
                                  value.get<int64_t>() <= static_cast<int64_t>(std::numeric_limits<T>::max());
      if (!fits) {
        status_ = absl::InvalidArgumentError(
            absl::StrCat("node inventory: ", where, ": expected an integer from ", std::numeric_limits<T>::min(),
                         " to ", std::numeric_limits<T>::max(), ", got ", value.dump()));
        return;
      }
    }
    try {
      value.get_to(out);
    } catch (const nlohmann::json::exception& error) {
      status_ = absl::InvalidArgumentError(absl::StrCat("node inventory: ", where, ": ", error.what()));
    }
  }

  // Reads the array `json[key]` element by element with `read(element, reader, out_element)`.
  template <typename T, typename Fn>
  void GetArray(const Json& json, const char* key, std::vector<T>& out, Fn read) {
    if (!status_.ok()) return;
    const std::string where = absl::StrCat(path_, path_.empty() ? "" : ".", key);
    if (!json.is_object() || !json.contains(key) || !json.at(key).is_array()) {
      status_ = absl::InvalidArgumentError(absl::StrCat("node inventory: ", where, ": missing or not an array"));
      return;
    }
    out.clear();
    const Json& array = json.at(key);
    for (size_t i = 0; i < array.size() && status_.ok(); ++i) {
      Reader element(absl::StrCat(where, "[", i, "]"));
      T value;
      read(array[i], element, value);
      status_ = element.status_;
      out.push_back(std::move(value));
    }
  }

  absl::Status status() const { return status_; }

 private:
  std::string path_;
  absl::Status status_;
};

}  // namespace

Json ToJson(const NodeInventory& inventory) {
  Json json;
  json["host"] = inventory.host;
  json["cpu_model"] = inventory.cpu_model;
  json["sockets"] = inventory.sockets;
  json["cores"] = inventory.cores;
  json["threads"] = inventory.threads;
  json["numa_nodes"] = Json::array();
  for (const InventoryNumaNode& node : inventory.numa_nodes) {
    json["numa_nodes"].push_back(
        Json{{"os_index", node.os_index}, {"memory_bytes", node.memory_bytes}, {"cpuset", node.cpuset}});
  }
  json["nics"] = Json::array();
  for (const InventoryNic& nic : inventory.nics) {
    json["nics"].push_back(Json{{"name", nic.name},
                                {"virtual", nic.is_virtual},
                                {"pci_bus_id", nic.pci_bus_id},
                                {"numa_node", nic.numa_node},
                                {"mac", nic.mac},
                                {"speed_mbps", nic.speed_mbps},
                                {"operstate", nic.operstate},
                                {"driver", nic.driver},
                                {"ib_device", nic.ib_device}});
  }
  json["ib_devices"] = Json::array();
  for (const InventoryIbDevice& device : inventory.ib_devices) {
    Json ports = Json::array();
    for (const InventoryIbPort& port : device.ports) {
      ports.push_back(Json{{"port", port.port},
                           {"state", port.state},
                           {"phys_state", port.phys_state},
                           {"rate", port.rate},
                           {"rate_gbps", port.rate_gbps},
                           {"link_layer", port.link_layer},
                           {"lid", port.lid},
                           {"netdev", port.netdev}});
    }
    json["ib_devices"].push_back(Json{{"name", device.name},
                                      {"ports", std::move(ports)},
                                      {"pci_bus_id", device.pci_bus_id},
                                      {"numa_node", device.numa_node},
                                      {"node_guid", device.node_guid}});
  }
  json["gpus"] = Json::array();
  for (const InventoryGpu& gpu : inventory.gpus) {
    json["gpus"].push_back(Json{{"index", gpu.index},
                                {"name", gpu.name},
                                {"uuid", gpu.uuid},
                                {"pci_bus_id", gpu.pci_bus_id},
                                {"numa_node", gpu.numa_node},
                                {"cpu_affinity", gpu.cpu_affinity}});
  }
  json["gpu_links"] = Json{{"nics", inventory.gpu_links.nics},
                           {"gpu_gpu", inventory.gpu_links.gpu_gpu},
                           {"gpu_nic", inventory.gpu_links.gpu_nic},
                           {"nic_nic", inventory.gpu_links.nic_nic}};
  json["gpu_link_source"] = inventory.gpu_link_source;
  json["warnings"] = inventory.warnings;
  return json;
}

absl::StatusOr<NodeInventory> NodeInventoryFromJson(const Json& json) {
  NodeInventory inventory;
  Reader reader("");
  reader.Get(json, "host", inventory.host);
  reader.Get(json, "cpu_model", inventory.cpu_model);
  reader.Get(json, "sockets", inventory.sockets);
  reader.Get(json, "cores", inventory.cores);
  reader.Get(json, "threads", inventory.threads);
  reader.GetArray(json, "numa_nodes", inventory.numa_nodes, [](const Json& j, Reader& r, InventoryNumaNode& node) {
    r.Get(j, "os_index", node.os_index);
    r.Get(j, "memory_bytes", node.memory_bytes);
    r.Get(j, "cpuset", node.cpuset);
  });
  reader.GetArray(json, "nics", inventory.nics, [](const Json& j, Reader& r, InventoryNic& nic) {
    r.Get(j, "name", nic.name);
    r.Get(j, "virtual", nic.is_virtual);
    r.Get(j, "pci_bus_id", nic.pci_bus_id);
    r.Get(j, "numa_node", nic.numa_node);
    r.Get(j, "mac", nic.mac);
    r.Get(j, "speed_mbps", nic.speed_mbps);
    r.Get(j, "operstate", nic.operstate);
    r.Get(j, "driver", nic.driver);
    r.Get(j, "ib_device", nic.ib_device);
  });
  reader.GetArray(json, "ib_devices", inventory.ib_devices, [](const Json& j, Reader& r, InventoryIbDevice& device) {
    r.Get(j, "name", device.name);
    r.GetArray(j, "ports", device.ports, [](const Json& pj, Reader& pr, InventoryIbPort& port) {
      pr.Get(pj, "port", port.port);
      pr.Get(pj, "state", port.state);
      pr.Get(pj, "phys_state", port.phys_state);
      pr.Get(pj, "rate", port.rate);
      pr.Get(pj, "rate_gbps", port.rate_gbps);
      pr.Get(pj, "link_layer", port.link_layer);
      pr.Get(pj, "lid", port.lid);
      pr.Get(pj, "netdev", port.netdev);
    });
    r.Get(j, "pci_bus_id", device.pci_bus_id);
    r.Get(j, "numa_node", device.numa_node);
    r.Get(j, "node_guid", device.node_guid);
  });
  reader.GetArray(json, "gpus", inventory.gpus, [](const Json& j, Reader& r, InventoryGpu& gpu) {
    r.Get(j, "index", gpu.index);
    r.Get(j, "name", gpu.name);
    r.Get(j, "uuid", gpu.uuid);
    r.Get(j, "pci_bus_id", gpu.pci_bus_id);
    r.Get(j, "numa_node", gpu.numa_node);
    r.Get(j, "cpu_affinity", gpu.cpu_affinity);
  });
  if (reader.status().ok() && json.contains("gpu_links")) {
    Reader links("gpu_links");
    const Json& j = json.at("gpu_links");
    links.Get(j, "nics", inventory.gpu_links.nics);
    links.Get(j, "gpu_gpu", inventory.gpu_links.gpu_gpu);
    links.Get(j, "gpu_nic", inventory.gpu_links.gpu_nic);
    links.Get(j, "nic_nic", inventory.gpu_links.nic_nic);
    if (!links.status().ok()) return links.status();
  } else if (reader.status().ok()) {
    return absl::InvalidArgumentError("node inventory: gpu_links: missing");
  }
  reader.Get(json, "gpu_link_source", inventory.gpu_link_source);
  reader.Get(json, "warnings", inventory.warnings);
  if (!reader.status().ok()) return reader.status();

  const size_t g = inventory.gpus.size();
  const size_t n = inventory.gpu_links.nics.size();
  const GpuLinkMatrix& m = inventory.gpu_links;
  if (m.gpu_gpu.size() != g * g || m.gpu_nic.size() != g * n || m.nic_nic.size() != n * n) {
    return absl::InvalidArgumentError(absl::StrCat("node inventory: gpu_links: matrices are not ", g, "x", g, ", ",
                                                   g, "x", n, " and ", n, "x", n));
  }
  return inventory;
}

std::string EncodeNodeInventory(const NodeInventory& inventory) {
  // Invalid UTF-8 (an odd sysfs string) is replaced, not thrown.
  return ToJson(inventory).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

absl::StatusOr<NodeInventory> DecodeNodeInventory(absl::string_view text) {
  Json json = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return absl::InvalidArgumentError("node inventory: not JSON");
  return NodeInventoryFromJson(json);
}

}  // namespace spinecheck

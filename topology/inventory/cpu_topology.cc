#include "topology/inventory/cpu_topology.h"

#include <hwloc.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

// Owns a loaded hwloc topology.
class HwlocTopology {
 public:
  HwlocTopology() = default;
  ~HwlocTopology() {
    if (initialised_) hwloc_topology_destroy(topology_);
  }
  HwlocTopology(const HwlocTopology&) = delete;
  HwlocTopology& operator=(const HwlocTopology&) = delete;

  absl::Status Load() {
    if (hwloc_topology_init(&topology_) != 0) {
      return absl::InternalError(absl::StrCat("hwloc_topology_init failed: ", std::strerror(errno)));
    }
    initialised_ = true;
    if (hwloc_topology_load(topology_) != 0) {
      return absl::InternalError(absl::StrCat("hwloc_topology_load failed: ", std::strerror(errno)));
    }
    return absl::OkStatus();
  }

  hwloc_topology_t get() const { return topology_; }

 private:
  hwloc_topology_t topology_ = nullptr;
  bool initialised_ = false;
};

int Count(hwloc_topology_t topology, hwloc_obj_type_t type) {
  int count = hwloc_get_nbobjs_by_type(topology, type);
  return count < 0 ? 0 : count;
}

// "0-15,32-47"; "" when hwloc cannot print it.
std::string CpuList(hwloc_const_bitmap_t set) {
  char* text = nullptr;
  if (set == nullptr || hwloc_bitmap_list_asprintf(&text, set) < 0 || text == nullptr) return "";
  std::string list(text);
  std::free(text);
  return list;
}

}  // namespace

absl::Status CollectCpuTopology(NodeInventory& inventory) {
  HwlocTopology topology;
  if (absl::Status loaded = topology.Load(); !loaded.ok()) return loaded;
  hwloc_topology_t t = topology.get();

  inventory.sockets = Count(t, HWLOC_OBJ_PACKAGE);
  inventory.cores = Count(t, HWLOC_OBJ_CORE);
  inventory.threads = Count(t, HWLOC_OBJ_PU);
  if (hwloc_obj_t package = hwloc_get_obj_by_type(t, HWLOC_OBJ_PACKAGE, 0); package != nullptr) {
    if (const char* model = hwloc_obj_get_info_by_name(package, "CPUModel")) inventory.cpu_model = model;
  }
  inventory.numa_nodes.clear();
  for (int i = 0; i < Count(t, HWLOC_OBJ_NUMANODE); ++i) {
    hwloc_obj_t node = hwloc_get_obj_by_type(t, HWLOC_OBJ_NUMANODE, static_cast<unsigned>(i));
    if (node == nullptr) continue;
    InventoryNumaNode numa;
    numa.os_index = static_cast<int>(node->os_index);
    numa.memory_bytes = node->attr != nullptr ? node->attr->numanode.local_memory : 0;
    numa.cpuset = CpuList(node->cpuset);
    inventory.numa_nodes.push_back(std::move(numa));
  }
  return absl::OkStatus();
}

}  // namespace spinecheck

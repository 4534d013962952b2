// CPUs and NUMA nodes of this host from hwloc (the machine the process runs
// on, restricted to what its cgroup allows, as hwloc reports by default;
// a fake sysfs root does not apply here).
#ifndef SPINECHECK_TOPOLOGY_INVENTORY_CPU_TOPOLOGY_H_
#define SPINECHECK_TOPOLOGY_INVENTORY_CPU_TOPOLOGY_H_

#include "absl/status/status.h"
#include "reports/model/inventory.h"

namespace spinecheck {

// Fills cpu_model, sockets, cores, threads and numa_nodes. kInternal when
// hwloc cannot load the topology ("hwloc_topology_load failed: ..."); the
// inventory is then left as it was.
absl::Status CollectCpuTopology(NodeInventory& inventory);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_INVENTORY_CPU_TOPOLOGY_H_

// The one-host text summary of `spinecheck topo`: host, CPUs, NUMA nodes,
// NICs (speed, state, NUMA node), RDMA ports (rate, state) and GPUs.
#ifndef SPINECHECK_TOPOLOGY_INVENTORY_INVENTORY_SUMMARY_H_
#define SPINECHECK_TOPOLOGY_INVENTORY_INVENTORY_SUMMARY_H_

#include <string>

#include "reports/model/inventory.h"

namespace spinecheck {

// Aligned lines, each ending with '\n' and without trailing spaces; unknown
// numbers print as "?", memory in GiB with one decimal.
std::string RenderInventorySummary(const NodeInventory& inventory);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_INVENTORY_INVENTORY_SUMMARY_H_

// The `nvidia-smi topo -m` view of one host's inventory.
#ifndef SPINECHECK_TOPOLOGY_INVENTORY_TOPO_MATRIX_H_
#define SPINECHECK_TOPOLOGY_INVENTORY_TOPO_MATRIX_H_

#include <string>

#include "reports/model/inventory.h"

namespace spinecheck {

// A header row (GPU0 GPU1 ... NIC0 ..., then CPU Affinity and NUMA Affinity),
// one row per GPU and per NIC, the legend of the vocabulary and the NIC
// legend (NIC0: mlx5_0), like nvidia-smi; columns are 8 characters wide, an
// unknown entry is "?". Without GPUs and NICs, one line saying so and why
// (gpu_link_source). Every line ends with '\n' and has no trailing spaces.
std::string RenderTopoMatrix(const NodeInventory& inventory);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_INVENTORY_TOPO_MATRIX_H_

// The platform a run measured: what a baseline value is only valid for.
#ifndef SPINECHECK_REPORTS_BASELINE_PLATFORM_H_
#define SPINECHECK_REPORTS_BASELINE_PLATFORM_H_

#include <string>

#include "reports/model/run_document.h"

namespace spinecheck {

// "<device model> x<devices per node> / <NIC>", for example
// "NVIDIA H100 80GB HBM3 x8 / mlx5 400Gb/s".
//
// - Device model: the model most devices of the world show (ties: the one
//   seen first, in rank order); "unknown" when no rank lists a device.
// - Devices per node: the largest number of devices one host drives
//   (world: every DeviceInfo of the host's ranks, one per data-plane rank),
//   so a host that lost a GPU still maps to its platform and is judged.
// - NIC: from the inventory when present: the RDMA device family (the name
//   without its instance number, "mlx5_0" -> "mlx5") and rate of the fastest
//   ACTIVE port, else the driver and speed of the fastest physical interface
//   that is up ("virtio_net 10Gb/s"); the most common description among the
//   hosts wins. "unknown" without an inventory.
//
// Deterministic: the same document always gives the same key.
std::string PlatformKey(const RunDocument& document);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_BASELINE_PLATFORM_H_

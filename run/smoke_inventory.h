// The inventory phase of `spinecheck smoke`: what each rank reports about
// its host, and rank 0's judgement of the hosts against their majority.
#ifndef SPINECHECK_RUN_SMOKE_INVENTORY_H_
#define SPINECHECK_RUN_SMOKE_INVENTORY_H_

#include <string>
#include <vector>

#include "reports/model/run_document.h"

namespace spinecheck {


// What one rank reports about its host for the inventory check.
struct RankInventory {
  int rank = 0;
  std::string host;
  int devices_visible = 0;
  std::string model;
  std::string cuda_driver;
  std::string cuda_runtime;
  std::string nccl;
  std::string mpi;
};

// What each rank reported with its RankInfo: host, device count, the model
// of its (first) device and its software versions. Rank 0's world only.
std::vector<RankInventory> InventoryOfRanks(const std::vector<RankInfo>& ranks);

// Rank 0: the inventory findings. Per host (its first rank speaks for it):
// the device count against --expect-devices or the most common count, and
// the driver, CUDA, NCCL and MPI versions against the majority of hosts;
// per device, its model against the majority of devices. A value differing
// from a strict majority fails; without one, every host off the most common
// value gets a warning. A version or model finding has no number to show:
// its evidence carries "measured=TEXT" and "expected=TEXT" (tools/drain puts
// them in the drain reason).
std::vector<Finding> JudgeInventory(const std::vector<RankInventory>& ranks, int expect_devices);

}  // namespace spinecheck

#endif  // SPINECHECK_RUN_SMOKE_INVENTORY_H_

// The sweep: for every selected collective, type, op, root and size, time
// the out-of-place and in-place calls as nccl-tests does, verify results,
// and combine the ranks' timings.
#ifndef SPINECHECK_BENCH_SWEEP_SWEEP_RUNNER_H_
#define SPINECHECK_BENCH_SWEEP_SWEEP_RUNNER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "bench/comm/communicator.h"
#include "bench/sweep/sweep_options.h"
#include "reports/model/run_document.h"
#include "topology/device/device.h"
#include "topology/world/world.h"

namespace spinecheck {

// Receives results as they are measured. Called on every rank, in the same
// order; the cross-rank fields of a row (combined time, per-iteration
// statistics, slowest rank, wrong counts per rank) are complete on rank 0.
class SweepObserver {
 public:
  virtual ~SweepObserver() = default;
  virtual void OnCollectiveStart(const CollectiveDefinition& collective) = 0;
  virtual void OnRow(const CollectiveRow& row) = 0;
  virtual void OnCollectiveEnd(const CollectiveDefinition& collective) = 0;
  // A selected combination that this backend cannot run, with the reason.
  virtual void OnSkip(const std::string& reason) = 0;
};

// One data-plane rank driven by this process: its device and the
// communicator that runs collectives on it. A process has one lane, or N
// with sweep -g N; lane i holds data-plane rank world rank * N + i.
struct Lane {
  Device* device = nullptr;
  Communicator* comm = nullptr;
};

// Runs the sweep on every process (collective over `world`). Returns the
// first error every rank agreed on: kInvalidArgument for options this job
// cannot run (a root or injected rank beyond the job), kResourceExhausted
// when buffers cannot be allocated, kDeadlineExceeded when -T expired (rank
// 0 can then read World::missing_at_timeout), kUnavailable for MPI, CUDA or
// NCCL failures. Rows measured before an error have already reached the
// observer. Ranks in rows and findings are data-plane ranks; with -g N the
// slowest rank of a placement is the first rank of the slowest process.
absl::Status RunSweep(World& world, const std::vector<Lane>& lanes, const SweepOptions& options,
                      SweepObserver& observer);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_SWEEP_SWEEP_RUNNER_H_

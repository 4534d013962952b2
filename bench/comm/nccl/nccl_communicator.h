// NCCL communicators: the data plane on GPUs, one NCCL rank per GPU a
// process drives. NCCL rank = world rank * GPUs per process + lane, as in
// nccl-tests.
#ifndef SPINECHECK_BENCH_COMM_NCCL_NCCL_COMMUNICATOR_H_
#define SPINECHECK_BENCH_COMM_NCCL_NCCL_COMMUNICATOR_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/comm/communicator.h"
#include "topology/device/cuda/cuda_device.h"
#include "topology/world/world.h"

namespace spinecheck {

// Collective over all ranks of `world`: creates one communicator per device
// in `devices` (the process's lanes, in order). Rank 0's unique id travels
// through `world`. Creation is non-blocking and polled: with a timeout > 0
// every rank first arrives (World::Arrive), then waits at most `timeout`
// for NCCL, and arrives again; a rank that did not arrive makes every rank
// return kDeadlineExceeded (rank 0's World::missing_at_timeout names it), as
// does NCCL not finishing in time, after ncclCommAbort. NCCL errors are
// kUnavailable. The devices must outlive the communicators.
absl::StatusOr<std::vector<std::unique_ptr<Communicator>>> CreateNcclCommunicators(
    World& world, const std::vector<CudaDevice*>& devices, absl::Duration timeout);

// The NCCL library loaded at run time ("2.28.9"), and the nccl.h this binary
// was built with.
std::string NcclRuntimeVersion();
std::string NcclBuildVersion();

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_COMM_NCCL_NCCL_COMMUNICATOR_H_

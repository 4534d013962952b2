// Creating the data-plane communicators of a process. The only place that
// knows which backends this build has (the one #if on NCCL lives in the .cc).
#ifndef SPINECHECK_BENCH_COMM_COMMUNICATOR_FACTORY_H_
#define SPINECHECK_BENCH_COMM_COMMUNICATOR_FACTORY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "bench/comm/communicator.h"
#include "topology/device/device.h"
#include "topology/world/world.h"

namespace spinecheck {

enum class Backend { kMpi, kNccl };

absl::string_view BackendName(Backend backend);  // "mpi", "nccl"

// Whether this build has the NCCL backend.
bool NcclBuilt();

// NCCL versions ("2.28.9"): of nccl.h at build time, and of the library
// loaded now. Empty strings in a build without NCCL.
std::string NcclBuildVersionIfBuilt();
std::string NcclRuntimeVersionIfBuilt();

// Collective over all ranks of `world`: one communicator per device the
// process drives, in order. kMpi takes exactly one device of any kind (its
// buffers must be host memory); kNccl takes CUDA devices and creates them
// as CreateNcclCommunicators describes (`timeout` bounds the creation).
// kUnavailable when the build has no NCCL.
absl::StatusOr<std::vector<std::unique_ptr<Communicator>>> CreateCommunicators(Backend backend, World& world,
                                                                             const std::vector<Device*>& devices,
                                                                             absl::Duration timeout);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_COMM_COMMUNICATOR_FACTORY_H_

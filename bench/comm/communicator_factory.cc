#include "bench/comm/communicator_factory.h"

#include "absl/strings/str_cat.h"
#include "bench/comm/mpi/mpi_communicator.h"
#include "reports/model/status_macros.h"

#if SPINECHECK_HAVE_NCCL
#include "bench/comm/nccl/nccl_communicator.h"
#include "topology/device/cuda/cuda_device.h"
#endif

namespace spinecheck {
namespace {

absl::StatusOr<std::vector<std::unique_ptr<Communicator>>> CreateMpi(World& world,
                                                                     const std::vector<Device*>& devices) {
  if (devices.size() != 1 || devices[0]->memory_space() != MemorySpace::kHost) {
    return absl::InvalidArgumentError("the mpi backend drives one host-memory device per process (no -g, no GPU)");
  }
  std::vector<std::unique_ptr<Communicator>> comms;
  SPINECHECK_ASSIGN_OR_RETURN(std::unique_ptr<Communicator> comm, CreateMpiCommunicator(world.Where()));
  comms.push_back(std::move(comm));
  return comms;
}

absl::StatusOr<std::vector<std::unique_ptr<Communicator>>> CreateNccl(World& world,
                                                                      const std::vector<Device*>& devices,
                                                                      absl::Duration timeout) {
#if SPINECHECK_HAVE_NCCL
  std::vector<CudaDevice*> gpus;
  for (Device* device : devices) {
    auto* gpu = dynamic_cast<CudaDevice*>(device);
    if (gpu == nullptr) return absl::InvalidArgumentError("the nccl backend drives CUDA devices only");
    gpus.push_back(gpu);
  }
  return CreateNcclCommunicators(world, gpus, timeout);
#else
  (void)world;
  (void)devices;
  (void)timeout;
  return absl::UnavailableError(
      "this build has no NCCL backend (configure with CUDA and NCCL found, -DSPINECHECK_CUDA=ON)");
#endif
}

}  // namespace

absl::string_view BackendName(Backend backend) { return backend == Backend::kNccl ? "nccl" : "mpi"; }

bool NcclBuilt() { return SPINECHECK_HAVE_NCCL != 0; }

std::string NcclBuildVersionIfBuilt() {
#if SPINECHECK_HAVE_NCCL
  return NcclBuildVersion();
#else
  return "";
#endif
}

std::string NcclRuntimeVersionIfBuilt() {
#if SPINECHECK_HAVE_NCCL
  return NcclRuntimeVersion();
#else
  return "";
#endif
}

absl::StatusOr<std::vector<std::unique_ptr<Communicator>>> CreateCommunicators(Backend backend, World& world,
                                                                             const std::vector<Device*>& devices,
                                                                             absl::Duration timeout) {
  if (backend == Backend::kNccl) return CreateNccl(world, devices, timeout);
  return CreateMpi(world, devices);
}

}  // namespace spinecheck

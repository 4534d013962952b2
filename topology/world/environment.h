// What a run records about the software environment it ran in.
#ifndef SPINECHECK_TOPOLOGY_WORLD_ENVIRONMENT_H_
#define SPINECHECK_TOPOLOGY_WORLD_ENVIRONMENT_H_

#include <map>
#include <string>

namespace spinecheck {

// This process's variables that change how collectives behave or identify
// the job: NCCL_*, OMPI_*, PMIX_RANK, UCX_*, SLURM_JOB_*/SLURM_STEP_*/
// SLURM_PROCID/SLURM_NODELIST, CUDA_VISIBLE_DEVICES. Values are kept as
// they are; no other variable is recorded.
std::map<std::string, std::string> RelevantEnvironmentVariables();

// "cuda=ON nccl=ON (2.28.9)": how this binary was configured.
std::string BuildConfiguration();

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_WORLD_ENVIRONMENT_H_

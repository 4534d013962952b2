// What the launcher tells a process before MPI starts.
#ifndef SPINECHECK_TOPOLOGY_WORLD_LAUNCHER_H_
#define SPINECHECK_TOPOLOGY_WORLD_LAUNCHER_H_

#include <cstdlib>

namespace spinecheck {

// This process's rank as mpirun (Open MPI, PMIx, MPICH) or srun announce it
// in the environment; 0 when started alone. Used to print usage errors once,
// before MPI is initialised.
inline int LauncherRank() {
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"}) {
    if (const char* value = std::getenv(name)) return std::atoi(value);
  }
  return 0;
}

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_WORLD_LAUNCHER_H_

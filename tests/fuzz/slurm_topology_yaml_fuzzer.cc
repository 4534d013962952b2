// Slurm topology.yaml (yaml-cpp underneath).
#include "tests/fuzz/fuzz_target.h"
#include "topology/fabric/slurm_yaml.h"

SPINECHECK_FUZZ_TARGET(slurm_topology_yaml) { (void)spinecheck::ParseSlurmTopologyYaml(input, "topology.yaml"); }

// Slurm topology.conf (tree and block), with its hostlists.
#include "tests/fuzz/fuzz_target.h"
#include "topology/fabric/slurm_conf.h"

SPINECHECK_FUZZ_TARGET(slurm_topology_conf) { (void)spinecheck::ParseSlurmTopologyConf(input, "topology.conf"); }

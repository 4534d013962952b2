// SLURM_TOPOLOGY_ADDR and its pattern, split at the first newline of the input.
#include <string>

#include "tests/fuzz/fuzz_target.h"
#include "topology/fabric/slurm_addr.h"

SPINECHECK_FUZZ_TARGET(slurm_topology_addr) {
  const size_t newline = input.find('\n');
  const std::string addr = input.substr(0, newline);
  const std::string pattern = newline == std::string::npos ? "switch.switch.node" : input.substr(newline + 1);
  (void)spinecheck::ParseSlurmTopologyAddr(addr, pattern);
}

// Slurm hostlist expressions ("node[01-08,10],gpu[1-2]").
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_target.h"
#include "topology/fabric/hostlist.h"

SPINECHECK_FUZZ_TARGET(slurm_hostlist) {
  absl::StatusOr<std::vector<std::string>> names = spinecheck::ExpandHostlist(input);
  if (!names.ok()) return;
  spinecheck::fuzz::Require(names->size() <= spinecheck::kMaxHostlistNames, "hostlist bound");
  for (const std::string& name : *names) {
    spinecheck::fuzz::Require(name.size() <= spinecheck::kMaxHostNameBytes, "host name length bound");
  }
}

// CSV topologies (host,leaf[,spine]).
#include "tests/fuzz/fuzz_target.h"
#include "topology/fabric/csv_topology.h"

SPINECHECK_FUZZ_TARGET(csv_topology) { (void)spinecheck::ParseCsvTopology(input, "topology.csv"); }

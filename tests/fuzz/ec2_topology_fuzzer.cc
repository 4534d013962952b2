// EC2 DescribeInstanceTopology JSON.
#include "tests/fuzz/fuzz_target.h"
#include "topology/fabric/ec2_topology.h"

SPINECHECK_FUZZ_TARGET(ec2_topology) { (void)spinecheck::ParseEc2InstanceTopology(input, "topology.json"); }

// EC2 DescribeInstanceTopology importer: the JSON that
// `aws ec2 describe-instance-topology` prints.
#ifndef SPINECHECK_TOPOLOGY_FABRIC_EC2_TOPOLOGY_H_
#define SPINECHECK_TOPOLOGY_FABRIC_EC2_TOPOLOGY_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "reports/model/fabric.h"

namespace spinecheck {

// The map of DescribeInstanceTopology JSON text; `name` (the path) is used in
// messages and ClusterMap::source (which says when NextToken shows more
// pages). A leading "# source:" comment line is allowed.
//
// Each Instances[] entry is a host named `instance_hosts[InstanceId]` or,
// when absent, its InstanceId; its NetworkNodes run from the top layer
// (index 0) to the node above the instance (the last: its leaf, level 0), so
// a 3-layer instance gives switches of levels 2, 1, 0. An instance with no
// or null NetworkNodes (an unsupported type, not running) is an unattached
// host.
//
// kInvalidArgument "PATH[:LINE:COLUMN]: reason" for: text that is not JSON,
// no "Instances" list, an instance without a string InstanceId, a
// NetworkNodes that is not a list of strings, an instance listed twice.
absl::StatusOr<ClusterMap> ParseEc2InstanceTopology(
    const std::string& text, const std::string& name,
    const absl::flat_hash_map<std::string, std::string>& instance_hosts = {});

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_FABRIC_EC2_TOPOLOGY_H_

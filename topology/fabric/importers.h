// The fabric importers behind one entry point: the format of a topology
// file (named by the operator, or detected), its map, and the checks and
// restriction every map goes through before use.
#ifndef SPINECHECK_TOPOLOGY_FABRIC_IMPORTERS_H_
#define SPINECHECK_TOPOLOGY_FABRIC_IMPORTERS_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reports/model/fabric.h"

namespace spinecheck {

enum class TopologyFormat { kAuto, kSlurmConf, kSlurmYaml, kIbnetdiscover, kEc2, kCsv };

// The --topology-format name of a format: "slurm-conf", "slurm-yaml",
// "ibnetdiscover", "ec2", "csv", "auto".
std::string TopologyFormatName(TopologyFormat format);

// The format named `name` (one of TopologyFormatName's); kInvalidArgument
// listing the names otherwise.
absl::StatusOr<TopologyFormat> ParseTopologyFormat(absl::string_view name);

// The format of the file at `path`: by extension (.conf: slurm-conf;
// .yaml/.yml: slurm-yaml; .json: ec2; .csv: csv), else by content
// (SwitchName=/BlockName= lines: slurm-conf; "- topology:": slurm-yaml;
// Switch/Ca node headers or "ibnetdiscover"/"Topology file:": ibnetdiscover;
// a JSON object with "Instances": ec2). kNotFound when it cannot be read;
// kInvalidArgument naming the file when nothing matches (give
// --topology-format).
absl::StatusOr<TopologyFormat> DetectTopologyFormat(const std::string& path);

struct ImportOptions {
  // EC2: host name by InstanceId (instances not in it keep their id).
  absl::flat_hash_map<std::string, std::string> instance_hosts;
};

// The map of the file at `path` read as `format` (kAuto: detected), checked
// with ValidateClusterMap. kNotFound when it cannot be read;
// kInvalidArgument "PATH:LINE[:COLUMN]: reason" when it is malformed (see
// each importer's header for what it rejects).
absl::StatusOr<ClusterMap> ImportTopologyFile(const std::string& path, TopologyFormat format,
                                              const ImportOptions& options = {});

// Checks a map from any source: names unique across hosts and switches;
// host switches, switch parents and link ends known; a link's upper end a
// switch no lower than its lower end; a parent above its child (level
// higher), so the parent graph has no cycle; one link per lower/upper pair.
// kInvalidArgument naming the first problem.
absl::Status ValidateClusterMap(const ClusterMap& map);

// The part of `map` that a run on `hosts` uses: those hosts, the switches
// above them (their leaves and every ancestor) and the links among what is
// kept, in the map's order. Hosts of `hosts` that the map lacks are appended
// to `*missing` when given, in the order given, so that the caller reports
// them. Linear in the map and `hosts`.
ClusterMap RestrictToHosts(const ClusterMap& map, const std::vector<std::string>& hosts,
                           std::vector<std::string>* missing = nullptr);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_FABRIC_IMPORTERS_H_

#include "run/fabric_source.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "topology/fabric/slurm_addr.h"

namespace spinecheck {

absl::StatusOr<std::optional<TopologyFormat>> ParseTopologyFormatFlag(const std::string& text) {
  if (text == "auto") return std::optional<TopologyFormat>();
  absl::StatusOr<TopologyFormat> format = ParseTopologyFormat(text);
  if (!format.ok()) return absl::InvalidArgumentError(absl::StrCat("--topology-format: ", format.status().message()));
  return std::optional<TopologyFormat>(*format);
}

absl::StatusOr<std::vector<std::string>> GatherTopologyAddrs(World& world, size_t hosts) {
  const char* addr = std::getenv("SLURM_TOPOLOGY_ADDR");
  const char* pattern = std::getenv("SLURM_TOPOLOGY_ADDR_PATTERN");
  absl::StatusOr<std::vector<std::string>> all = world.GatherToRoot(
      world.local_rank() == 0 && addr != nullptr ? absl::StrCat(addr, "|", pattern ? pattern : "") : "");
  if (!all.ok()) return all.status();
  std::vector<std::string> addrs;
  for (std::string& value : *all) {
    if (!value.empty()) addrs.push_back(std::move(value));
  }
  if (addrs.size() != hosts) addrs.clear();
  return addrs;
}

absl::StatusOr<std::optional<ClusterMap>> ResolveTopology(const std::string& path,
                                                          std::optional<TopologyFormat> format,
                                                          const std::vector<std::string>& hosts,
                                                          const std::vector<std::string>& topology_addrs,
                                                          std::string& note) {
  std::optional<ClusterMap> map;
  if (!path.empty()) {
    absl::StatusOr<TopologyFormat> detected =
        format ? absl::StatusOr<TopologyFormat>(*format) : DetectTopologyFormat(path);
    if (!detected.ok()) return absl::InvalidArgumentError(absl::StrCat("--topology: ", detected.status().message()));
    absl::StatusOr<ClusterMap> imported = ImportTopologyFile(path, *detected);
    if (!imported.ok()) return absl::InvalidArgumentError(absl::StrCat("--topology: ", imported.status().message()));
    map = *std::move(imported);
  } else if (!topology_addrs.empty()) {
    // One "ADDR|PATTERN" per host, in the order of `hosts`; the path is
    // that host's, whatever Slurm calls the node.
    std::vector<HostPath> paths;
    for (size_t i = 0; i < topology_addrs.size() && i < hosts.size(); ++i) {
      const std::vector<std::string> parts = absl::StrSplit(topology_addrs[i], absl::MaxSplits('|', 1));
      absl::StatusOr<HostPath> host_path = ParseSlurmTopologyAddr(parts[0], parts.size() > 1 ? parts[1] : "");
      if (!host_path.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(hosts[i], ": ", host_path.status().message()));
      }
      host_path->host = hosts[i];
      paths.push_back(*std::move(host_path));
    }
    absl::StatusOr<ClusterMap> from_slurm = ClusterMapFromHostPaths(paths, "SLURM_TOPOLOGY_ADDR");
    if (!from_slurm.ok()) return from_slurm.status();
    map = *std::move(from_slurm);
  }
  if (!map) return map;
  std::vector<std::string> unmapped;
  ClusterMap restricted = RestrictToHosts(*map, hosts, &unmapped);
  for (const std::string& host : unmapped) restricted.hosts.push_back(FabricHost{host, {}});
  if (!unmapped.empty()) {
    note = absl::StrCat("# ", unmapped.size(), " host(s) not in the topology (", absl::StrJoin(unmapped, ","),
                        "): each is treated as its own leaf");
  }
  return std::optional<ClusterMap>(std::move(restricted));
}


}  // namespace spinecheck

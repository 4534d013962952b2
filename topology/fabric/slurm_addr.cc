// SLURM_TOPOLOGY_ADDR parsing and the merge of per-host paths.
#include "topology/fabric/slurm_addr.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "topology/fabric/map_builder.h"

namespace spinecheck {

absl::StatusOr<HostPath> ParseSlurmTopologyAddr(absl::string_view addr, absl::string_view pattern) {
  const std::vector<absl::string_view> names = absl::StrSplit(addr, '.');
  const std::vector<absl::string_view> kinds = absl::StrSplit(pattern, '.');
  const std::string both = absl::StrCat("SLURM_TOPOLOGY_ADDR='", addr, "' SLURM_TOPOLOGY_ADDR_PATTERN='", pattern, "'");
  if (names.size() != kinds.size()) {
    return absl::InvalidArgumentError(absl::StrCat(both, ": ", names.size(), " components in the address but ",
                                                   kinds.size(), " in the pattern; they must match one to one"));
  }
  if (kinds.back() != "node") {
    return absl::InvalidArgumentError(absl::StrCat(both, ": the pattern must end in 'node' (the host)"));
  }
  HostPath path;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) {
      return absl::InvalidArgumentError(absl::StrCat(both, ": component ", i + 1, " is empty"));
    }
    if (i + 1 == names.size()) break;
    if (kinds[i] != "switch" && kinds[i] != "block") {
      return absl::InvalidArgumentError(absl::StrCat(both, ": pattern word '", kinds[i], "' is not switch, block or node"));
    }
    path.switches.emplace_back(names[i]);
  }
  path.host = std::string(names.back());
  return path;
}

absl::StatusOr<ClusterMap> ClusterMapFromHostPaths(const std::vector<HostPath>& paths, const std::string& source) {
  MapBuilder builder;
  absl::flat_hash_map<std::string, const HostPath*> seen;
  for (const HostPath& path : paths) {
    const std::string where = absl::StrCat(source, ": host ", path.host);
    if (path.host.empty()) return absl::InvalidArgumentError(absl::StrCat(source, ": a path has no host name"));
    auto [it, inserted] = seen.try_emplace(path.host, &path);
    if (!inserted) {
      if (it->second->switches != path.switches) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, " has two paths: ", absl::StrJoin(it->second->switches, "."), " and ",
                         absl::StrJoin(path.switches, "."), "; every rank of a host must report the same one"));
      }
      continue;
    }
    builder.AddHost(path.host, where);
    for (size_t i = 0; i < path.switches.size(); ++i) {
      if (path.switches[i].empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": an empty switch name"));
      if (i + 1 < path.switches.size()) {
        builder.AddUplink(path.switches[i + 1], path.switches[i], 0, where);
      } else {
        builder.AttachHost(path.host, path.switches[i], 0, where);
      }
    }
  }
  return builder.Build(source);
}

}  // namespace spinecheck

// MapBuilder: collects the hosts, switches and cables that an importer reads
// and makes the ClusterMap, with levels taken from the structure. Every
// importer goes through it, so all maps share one ordering and one set of
// checks.
#ifndef SPINECHECK_TOPOLOGY_FABRIC_MAP_BUILDER_H_
#define SPINECHECK_TOPOLOGY_FABRIC_MAP_BUILDER_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reports/model/fabric.h"

namespace spinecheck {

class MapBuilder {
 public:
  // Each Add* call takes `where` ("PATH:12"), the place the fact was read;
  // Build names it when the fact breaks the map. Calls are O(1) amortised.

  // Declares a switch; repeated declarations are one switch.
  void AddSwitch(absl::string_view name, absl::string_view where);
  // Declares a host with no switch (yet).
  void AddHost(absl::string_view host, absl::string_view where);
  // A cable from `host` to switch `leaf` (declared here if new). A second
  // leaf for the same host makes it multi-rail; the same pair again adds
  // `rate_gbps` to the link (parallel cables).
  void AttachHost(absl::string_view host, absl::string_view leaf, double rate_gbps, absl::string_view where);
  // An uplink from switch `child` to switch `parent` (both declared here if
  // new); parallel cables add their rates.
  void AddUplink(absl::string_view child, absl::string_view parent, double rate_gbps, absl::string_view where);
  // A cable between two switches of the same level (neither is the other's
  // parent); the map lists it with `a` as `lower`.
  void AddPeerLink(absl::string_view a, absl::string_view b, double rate_gbps, absl::string_view where);

  bool HasSwitch(absl::string_view name) const { return switch_index_.contains(name); }
  bool HasHost(absl::string_view name) const { return host_index_.contains(name); }
  size_t HostCount() const { return hosts_.size(); }

  // The map: switch level = 0 without child switches, else 1 + the highest
  // child level; switches sorted by level (first declaration first within
  // a level); hosts in declaration order; host links first, then uplinks
  // ordered by the lower switch, then peer links. kInvalidArgument naming
  // the place when a name is both a host and a switch, a switch is its own
  // parent, or the uplinks form a cycle.
  absl::StatusOr<ClusterMap> Build(std::string source) const;

 private:
  struct Link {
    std::string lower;
    std::string upper;
    double rate_gbps = 0;
    std::string where;
    bool peer = false;
  };
  size_t SwitchIndex(absl::string_view name, absl::string_view where);
  size_t HostIndex(absl::string_view name, absl::string_view where);
  void AddLink(absl::string_view lower, absl::string_view upper, double rate_gbps, absl::string_view where,
               bool peer);

  std::vector<FabricHost> hosts_;
  std::vector<std::string> host_where_;
  std::vector<FabricSwitch> switches_;  // level not yet set
  std::vector<std::string> switch_where_;
  absl::flat_hash_map<std::string, size_t> host_index_;
  absl::flat_hash_map<std::string, size_t> switch_index_;
  std::vector<Link> links_;
  absl::flat_hash_map<std::pair<std::string, std::string>, size_t> link_index_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_FABRIC_MAP_BUILDER_H_

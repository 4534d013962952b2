// MapBuilder: levels by a bottom-up topological order (Kahn), which also
// finds cycles; everything keyed by name in hash maps, linear in the map.
#include "topology/fabric/map_builder.h"

#include <algorithm>
#include <deque>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace spinecheck {

size_t MapBuilder::SwitchIndex(absl::string_view name, absl::string_view where) {
  auto [it, inserted] = switch_index_.try_emplace(name, switches_.size());
  if (inserted) {
    FabricSwitch fabric_switch;
    fabric_switch.name = std::string(name);
    switches_.push_back(std::move(fabric_switch));
    switch_where_.emplace_back(where);
  }
  return it->second;
}

size_t MapBuilder::HostIndex(absl::string_view name, absl::string_view where) {
  auto [it, inserted] = host_index_.try_emplace(name, hosts_.size());
  if (inserted) {
    FabricHost host;
    host.name = std::string(name);
    hosts_.push_back(std::move(host));
    host_where_.emplace_back(where);
  }
  return it->second;
}

void MapBuilder::AddSwitch(absl::string_view name, absl::string_view where) { SwitchIndex(name, where); }

void MapBuilder::AddHost(absl::string_view host, absl::string_view where) { HostIndex(host, where); }

void MapBuilder::AddLink(absl::string_view lower, absl::string_view upper, double rate_gbps, absl::string_view where,
                         bool peer) {
  auto [it, inserted] = link_index_.try_emplace(std::make_pair(std::string(lower), std::string(upper)), links_.size());
  if (!inserted) {
    links_[it->second].rate_gbps += rate_gbps;
    return;
  }
  links_.push_back(Link{std::string(lower), std::string(upper), rate_gbps, std::string(where), peer});
}

void MapBuilder::AttachHost(absl::string_view host, absl::string_view leaf, double rate_gbps,
                            absl::string_view where) {
  FabricHost& fabric_host = hosts_[HostIndex(host, where)];
  SwitchIndex(leaf, where);
  if (std::find(fabric_host.switches.begin(), fabric_host.switches.end(), leaf) == fabric_host.switches.end()) {
    fabric_host.switches.emplace_back(leaf);
  }
  AddLink(host, leaf, rate_gbps, where, false);
}

void MapBuilder::AddUplink(absl::string_view child, absl::string_view parent, double rate_gbps,
                           absl::string_view where) {
  const size_t child_index = SwitchIndex(child, where);
  SwitchIndex(parent, where);  // may grow switches_: index again below
  FabricSwitch& lower = switches_[child_index];
  if (std::find(lower.parents.begin(), lower.parents.end(), parent) == lower.parents.end()) {
    lower.parents.emplace_back(parent);
  }
  AddLink(child, parent, rate_gbps, where, false);
}

void MapBuilder::AddPeerLink(absl::string_view a, absl::string_view b, double rate_gbps, absl::string_view where) {
  SwitchIndex(a, where);
  SwitchIndex(b, where);
  auto reverse = link_index_.find(std::make_pair(std::string(b), std::string(a)));
  if (reverse != link_index_.end()) {
    links_[reverse->second].rate_gbps += rate_gbps;
    return;
  }
  AddLink(a, b, rate_gbps, where, true);
}

absl::StatusOr<ClusterMap> MapBuilder::Build(std::string source) const {
  for (size_t i = 0; i < hosts_.size(); ++i) {
    auto clash = switch_index_.find(hosts_[i].name);
    if (clash != switch_index_.end()) {
      return absl::InvalidArgumentError(absl::StrCat(host_where_[i], ": '", hosts_[i].name,
                                                     "' is a host and also a switch (", switch_where_[clash->second],
                                                     "): give them different names"));
    }
  }
  // Kahn's order from the bottom: a switch is ready once all its child
  // switches have a level.
  const size_t count = switches_.size();
  std::vector<std::vector<size_t>> parents(count);
  std::vector<std::vector<size_t>> children(count);
  std::vector<size_t> pending_children(count, 0);
  for (size_t i = 0; i < count; ++i) {
    for (const std::string& parent : switches_[i].parents) {
      const size_t p = switch_index_.at(parent);
      if (p == i) {
        return absl::InvalidArgumentError(
            absl::StrCat(switch_where_[i], ": switch '", switches_[i].name, "' is its own parent"));
      }
      parents[i].push_back(p);
      children[p].push_back(i);
      ++pending_children[p];
    }
  }
  std::vector<int> level(count, 0);
  std::deque<size_t> ready;
  for (size_t i = 0; i < count; ++i) {
    if (pending_children[i] == 0) ready.push_back(i);
  }
  size_t placed = 0;
  while (!ready.empty()) {
    const size_t i = ready.front();
    ready.pop_front();
    ++placed;
    for (size_t p : parents[i]) {
      level[p] = std::max(level[p], level[i] + 1);
      if (--pending_children[p] == 0) ready.push_back(p);
    }
  }
  if (placed != count) {
    // A switch left over has a child left over; walking down through them
    // repeats a switch, and the walk between the repeats is a cycle.
    size_t at = 0;
    while (pending_children[at] == 0) ++at;
    std::vector<size_t> seen_at(count, count);
    std::vector<size_t> path;
    while (seen_at[at] == count) {
      seen_at[at] = path.size();
      path.push_back(at);
      for (size_t c : children[at]) {
        if (pending_children[c] != 0) {
          at = c;
          break;
        }
      }
    }
    // path[seen_at[at]..] goes downwards; name it upwards, as uplinks read.
    std::string cycle = switches_[at].name;
    for (size_t k = path.size(); k > seen_at[at]; --k) absl::StrAppend(&cycle, " -> ", switches_[path[k - 1]].name);
    return absl::InvalidArgumentError(absl::StrCat(switch_where_[at], ": the switch uplinks form a cycle (", cycle,
                                                   "): a switch cannot be above itself; fix the parent lists"));
  }

  ClusterMap map;
  map.source = std::move(source);
  map.hosts = hosts_;
  std::vector<size_t> order(count);
  for (size_t i = 0; i < count; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return level[a] < level[b]; });
  std::vector<size_t> rank(count);
  map.switches.reserve(count);
  for (size_t k = 0; k < count; ++k) {
    rank[order[k]] = k;
    map.switches.push_back(switches_[order[k]]);
    map.switches.back().level = level[order[k]];
  }
  // Host links (by host order), uplinks (by the lower switch's order), peer
  // links; each link's key looked up once (a name lookup per comparison
  // made a hostlist of 10^5 hosts take seconds).
  auto key = [&](const Link& link) -> std::pair<int, size_t> {
    if (link.peer) return {2, rank[switch_index_.at(link.lower)]};
    auto host = host_index_.find(link.lower);
    if (host != host_index_.end()) return {0, host->second};
    return {1, rank[switch_index_.at(link.lower)]};
  };
  std::vector<std::pair<int, size_t>> keys(links_.size());
  std::vector<size_t> link_order(links_.size());
  for (size_t i = 0; i < links_.size(); ++i) {
    keys[i] = key(links_[i]);
    link_order[i] = i;
  }
  std::stable_sort(link_order.begin(), link_order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  map.links.reserve(links_.size());
  for (size_t i : link_order) map.links.push_back(FabricLink{links_[i].lower, links_[i].upper, links_[i].rate_gbps});
  return map;
}

}  // namespace spinecheck

#include "topology/localise/fabric_index.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace spinecheck {

bool FabricIndex::Path::Contains(int component) const {
  for (int c : *this) {
    if (c == component) return true;
  }
  return false;
}

int FabricIndex::SwitchOf(const std::string& name) {
  auto it = switch_by_name_.find(name);
  if (it != switch_by_name_.end()) return it->second;
  // A switch named only by a host or a parent: a leaf-level switch with no
  // parents of its own.
  const int index = static_cast<int>(switches_.size());
  Switch sw;
  sw.name = name;
  switches_.push_back(std::move(sw));
  switch_by_name_.emplace(name, index);
  return index;
}

FabricIndex::FabricIndex(const ClusterMap& map, const std::vector<std::string>& hosts) {
  for (const FabricSwitch& s : map.switches) {
    const int index = SwitchOf(s.name);
    switches_[index].level = s.level;
  }
  for (const FabricSwitch& s : map.switches) {
    if (s.parents.empty()) continue;
    const int index = switch_by_name_.at(s.name);
    const bool parent_on_map = switch_by_name_.contains(s.parents.front());
    const int parent = SwitchOf(s.parents.front());
    // A parent the map names only here sits one level above its child.
    if (!parent_on_map) switches_[parent].level = s.level + 1;
    switches_[index].parent = parent;
    switches_[index].parents =
        s.parents.size() == 1 ? s.parents.front() : absl::StrCat("{", absl::StrJoin(s.parents, ","), "}");
  }

  // The leaf of each map host: its first switch, else the first link that
  // goes up from it.
  absl::flat_hash_map<std::string, std::string> leaf_by_host;
  for (const FabricLink& link : map.links) {
    if (switch_by_name_.contains(link.lower)) continue;
    leaf_by_host.try_emplace(link.lower, link.upper);
  }
  for (const FabricHost& host : map.hosts) {
    if (!host.switches.empty()) leaf_by_host.insert_or_assign(host.name, host.switches.front());
  }

  components_.reserve(hosts.size() + 2 * switches_.size());
  host_switch_.assign(hosts.size(), -1);
  for (size_t i = 0; i < hosts.size(); ++i) {
    components_.push_back({ComponentKind::kHost, hosts[i], static_cast<int>(i), -1});
    auto it = leaf_by_host.find(hosts[i]);
    if (it != leaf_by_host.end()) host_switch_[i] = SwitchOf(it->second);
  }
  for (size_t s = 0; s < switches_.size(); ++s) {
    Switch& sw = switches_[s];
    if (sw.parent < 0) continue;
    sw.uplink = static_cast<int>(components_.size());
    components_.push_back({ComponentKind::kLink, absl::StrCat(sw.name, "<->", sw.parents), -1, static_cast<int>(s)});
  }
  for (size_t s = 0; s < switches_.size(); ++s) {
    Switch& sw = switches_[s];
    if (sw.level <= 0) continue;
    sw.pass_through = static_cast<int>(components_.size());
    components_.push_back({ComponentKind::kSwitch, sw.name, -1, static_cast<int>(s)});
  }

  // Dense leaf numbers: one per leaf switch used, one per missing host.
  std::vector<int> leaf_of_switch(switches_.size(), -1);
  host_leaf_.resize(hosts.size());
  for (size_t i = 0; i < hosts.size(); ++i) {
    const int s = host_switch_[i];
    if (s < 0) {
      host_leaf_[i] = leaf_count_++;
    } else {
      if (leaf_of_switch[s] < 0) leaf_of_switch[s] = leaf_count_++;
      host_leaf_[i] = leaf_of_switch[s];
    }
  }
}

int FabricIndex::Chain(int leaf_switch, std::array<int, kMaxDepth>& chain) const {
  int size = 0;
  for (int s = leaf_switch; s >= 0 && size < kMaxDepth; s = switches_[s].parent) chain[size++] = s;
  return size;
}

FabricIndex::Path FabricIndex::PathComponents(int i, int j) const {
  Path path;
  path.components[path.size++] = i;
  path.components[path.size++] = j;
  if (host_leaf_[i] == host_leaf_[j]) return path;
  const int a = host_switch_[i];
  const int b = host_switch_[j];
  if (a < 0 || b < 0) {
    path.known = false;
    return path;
  }
  std::array<int, kMaxDepth> chain_a, chain_b;
  const int size_a = Chain(a, chain_a);
  const int size_b = Chain(b, chain_b);
  int ia = -1, ib = -1;
  for (int x = 0; x < size_a && ia < 0; ++x) {
    for (int y = 0; y < size_b; ++y) {
      if (chain_a[x] == chain_b[y]) {
        ia = x;
        ib = y;
        break;
      }
    }
  }
  if (ia < 0) {
    path.known = false;
    return path;
  }
  auto add = [&](int component) {
    if (component >= 0) path.components[path.size++] = component;
  };
  for (int x = 0; x < ia; ++x) add(switches_[chain_a[x]].uplink);
  for (int y = 0; y < ib; ++y) add(switches_[chain_b[y]].uplink);
  for (int x = 1; x <= ia; ++x) add(switches_[chain_a[x]].pass_through);
  for (int y = 1; y < ib; ++y) add(switches_[chain_b[y]].pass_through);
  return path;
}

int FabricIndex::PathClass(int i, int j) const {
  const Path path = PathComponents(i, j);
  return path.known ? path.size : 0;
}

std::vector<int> FabricIndex::HostsBehind(int component) const {
  const ComponentInfo& info = components_[component];
  if (info.kind == ComponentKind::kHost) return {info.host};
  std::vector<int> hosts;
  std::array<int, kMaxDepth> chain;
  for (int h = 0; h < host_count(); ++h) {
    if (host_switch_[h] < 0) continue;
    const int size = Chain(host_switch_[h], chain);
    for (int x = 0; x < size; ++x) {
      if (chain[x] == info.switch_) {
        hosts.push_back(h);
        break;
      }
    }
  }
  return hosts;
}

std::string FabricIndex::LowerSwitchName(int component) const {
  const ComponentInfo& info = components_[component];
  return info.switch_ >= 0 ? switches_[info.switch_].name : info.id;
}

std::string FabricIndex::UpperName(int component) const {
  const ComponentInfo& info = components_[component];
  return info.kind == ComponentKind::kLink ? switches_[info.switch_].parents : std::string();
}

}  // namespace spinecheck

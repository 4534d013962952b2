// ValidateClusterMap and RestrictToHosts (importers.h): checks and
// restriction by name lookups in hash maps, linear in the map.
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "topology/fabric/importers.h"

namespace spinecheck {

absl::Status ValidateClusterMap(const ClusterMap& map) {
  auto error = [&](const std::string& reason) {
    return absl::InvalidArgumentError(absl::StrCat("cluster map from ", map.source, ": ", reason));
  };
  absl::flat_hash_set<std::string> hosts;
  absl::flat_hash_map<std::string, const FabricSwitch*> switches;
  for (const FabricHost& host : map.hosts) {
    if (host.name.empty()) return error("a host has no name");
    if (!hosts.insert(host.name).second) return error(absl::StrCat("host '", host.name, "' is listed twice"));
  }
  for (const FabricSwitch& fabric_switch : map.switches) {
    if (fabric_switch.name.empty()) return error("a switch has no name");
    if (hosts.contains(fabric_switch.name)) {
      return error(absl::StrCat("'", fabric_switch.name, "' is both a host and a switch"));
    }
    if (fabric_switch.level < 0) return error(absl::StrCat("switch '", fabric_switch.name, "' has a negative level"));
    if (!switches.emplace(fabric_switch.name, &fabric_switch).second) {
      return error(absl::StrCat("switch '", fabric_switch.name, "' is listed twice"));
    }
  }
  for (const FabricHost& host : map.hosts) {
    for (const std::string& name : host.switches) {
      if (!switches.contains(name)) return error(absl::StrCat("host '", host.name, "' is on unknown switch '", name, "'"));
    }
  }
  // Parents strictly higher: the parent graph then has no cycle.
  for (const FabricSwitch& fabric_switch : map.switches) {
    for (const std::string& name : fabric_switch.parents) {
      auto parent = switches.find(name);
      if (parent == switches.end()) {
        return error(absl::StrCat("switch '", fabric_switch.name, "' has unknown parent '", name, "'"));
      }
      if (parent->second->level <= fabric_switch.level) {
        return error(absl::StrCat("switch '", fabric_switch.name, "' (level ", fabric_switch.level, ") has parent '",
                                  name, "' at level ", parent->second->level,
                                  ": a parent is above its child (levels out of order, or a cycle)"));
      }
    }
  }
  absl::flat_hash_set<std::pair<std::string, std::string>> pairs;
  for (const FabricLink& link : map.links) {
    const std::string id = FabricLinkId(link.lower, link.upper);
    auto upper = switches.find(link.upper);
    if (upper == switches.end()) return error(absl::StrCat("link ", id, ": the upper end is not a switch of the map"));
    if (!hosts.contains(link.lower)) {
      auto lower = switches.find(link.lower);
      if (lower == switches.end()) return error(absl::StrCat("link ", id, ": the lower end is not in the map"));
      if (lower->second->level > upper->second->level) {
        return error(absl::StrCat("link ", id, ": the lower end is above the upper end"));
      }
    }
    if (!pairs.emplace(link.lower, link.upper).second || pairs.contains(std::make_pair(link.upper, link.lower))) {
      return error(absl::StrCat("link ", id, " is listed twice"));
    }
    if (link.rate_gbps < 0) return error(absl::StrCat("link ", id, " has a negative rate"));
  }
  return absl::OkStatus();
}

ClusterMap RestrictToHosts(const ClusterMap& map, const std::vector<std::string>& hosts,
                           std::vector<std::string>* missing) {
  absl::flat_hash_map<std::string, const FabricHost*> map_hosts;
  for (const FabricHost& host : map.hosts) map_hosts.emplace(host.name, &host);
  absl::flat_hash_map<std::string, const FabricSwitch*> map_switches;
  for (const FabricSwitch& fabric_switch : map.switches) map_switches.emplace(fabric_switch.name, &fabric_switch);

  absl::flat_hash_set<std::string> kept_hosts;
  absl::flat_hash_set<std::string> kept_switches;
  std::vector<const FabricSwitch*> stack;
  auto keep_switch = [&](const std::string& name) {
    auto it = map_switches.find(name);
    if (it != map_switches.end() && kept_switches.insert(name).second) stack.push_back(it->second);
  };
  for (const std::string& name : hosts) {
    auto host = map_hosts.find(name);
    if (host == map_hosts.end()) {
      if (missing != nullptr) missing->push_back(name);
      continue;
    }
    kept_hosts.insert(name);
    for (const std::string& leaf : host->second->switches) keep_switch(leaf);
  }
  while (!stack.empty()) {  // every ancestor, each switch visited once
    const FabricSwitch* fabric_switch = stack.back();
    stack.pop_back();
    for (const std::string& parent : fabric_switch->parents) keep_switch(parent);
  }
  ClusterMap restricted;
  restricted.source = map.source;
  for (const FabricHost& host : map.hosts) {
    if (kept_hosts.contains(host.name)) restricted.hosts.push_back(host);
  }
  for (const FabricSwitch& fabric_switch : map.switches) {
    if (kept_switches.contains(fabric_switch.name)) restricted.switches.push_back(fabric_switch);
  }
  for (const FabricLink& link : map.links) {
    const bool lower = kept_hosts.contains(link.lower) || kept_switches.contains(link.lower);
    if (lower && kept_switches.contains(link.upper)) restricted.links.push_back(link);
  }
  return restricted;
}

}  // namespace spinecheck

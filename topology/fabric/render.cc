// DOT and text-tree renderers; lookups by name in hash maps, linear in the map.
#include "topology/fabric/render.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace spinecheck {
namespace {

std::string Quote(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string Rate(double gbps) { return absl::StrFormat("%g Gb/s", gbps); }

}  // namespace

std::string RenderDot(const ClusterMap& map, const std::vector<std::string>& highlighted_link_ids) {
  const absl::flat_hash_set<std::string> highlighted(highlighted_link_ids.begin(), highlighted_link_ids.end());
  std::string dot = "graph fabric {\n";
  absl::StrAppend(&dot, "  label=", Quote(map.source), ";\n  labelloc=t;\n  rankdir=TB;\n");
  std::map<int, std::vector<const FabricSwitch*>, std::greater<int>> by_level;
  for (const FabricSwitch& fabric_switch : map.switches) by_level[fabric_switch.level].push_back(&fabric_switch);
  for (const auto& [level, switches] : by_level) {
    absl::StrAppend(&dot, "  { rank=same; // level ", level, "\n");
    for (const FabricSwitch* fabric_switch : switches) {
      absl::StrAppend(&dot, "    ", Quote(fabric_switch->name), " [shape=ellipse];\n");
    }
    dot += "  }\n";
  }
  if (!map.hosts.empty()) {
    dot += "  { rank=sink; // hosts\n";
    for (const FabricHost& host : map.hosts) absl::StrAppend(&dot, "    ", Quote(host.name), " [shape=box];\n");
    dot += "  }\n";
  }
  for (const FabricLink& link : map.links) {
    std::vector<std::string> attributes;
    if (link.rate_gbps > 0) attributes.push_back(absl::StrCat("label=", Quote(Rate(link.rate_gbps))));
    if (highlighted.contains(FabricLinkId(link.lower, link.upper))) {
      attributes.push_back("color=red");
      attributes.push_back("penwidth=3");
      attributes.push_back("style=bold");
    }
    absl::StrAppend(&dot, "  ", Quote(link.upper), " -- ", Quote(link.lower));
    if (!attributes.empty()) absl::StrAppend(&dot, " [", absl::StrJoin(attributes, ", "), "]");
    dot += ";\n";
  }
  dot += "}\n";
  return dot;
}

std::string RenderTree(const ClusterMap& map) {
  // Children of each switch: switches whose first parent it is, then hosts
  // whose first switch it is, in map order.
  absl::flat_hash_map<std::string, std::vector<const FabricSwitch*>> child_switches;
  absl::flat_hash_map<std::string, std::vector<const FabricHost*>> child_hosts;
  absl::flat_hash_map<std::string, std::vector<std::string>> peers;
  absl::flat_hash_set<std::string> switch_names;
  for (const FabricSwitch& fabric_switch : map.switches) {
    switch_names.insert(fabric_switch.name);
    if (!fabric_switch.parents.empty()) child_switches[fabric_switch.parents.front()].push_back(&fabric_switch);
  }
  for (const FabricHost& host : map.hosts) {
    if (!host.switches.empty()) child_hosts[host.switches.front()].push_back(&host);
  }
  // Switch links, then only the peer links among them: those whose lower
  // end does not list the upper as parent.
  for (const FabricLink& link : map.links) {
    if (switch_names.contains(link.lower)) peers[link.lower].push_back(link.upper);
  }
  for (const FabricSwitch& fabric_switch : map.switches) {
    auto it = peers.find(fabric_switch.name);
    if (it == peers.end()) continue;
    auto& list = it->second;
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const std::string& upper) {
                                return std::find(fabric_switch.parents.begin(), fabric_switch.parents.end(),
                                                 upper) != fabric_switch.parents.end();
                              }),
               list.end());
  }

  std::string tree;
  absl::flat_hash_set<const FabricSwitch*> printed;
  // Iterative depth-first walk: (switch, depth).
  std::vector<std::pair<const FabricSwitch*, int>> stack;
  auto walk = [&](const FabricSwitch* root) {
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      auto [fabric_switch, depth] = stack.back();
      stack.pop_back();
      if (!printed.insert(fabric_switch).second) continue;
      const std::string indent(2 * depth, ' ');
      absl::StrAppend(&tree, indent, fabric_switch->name);
      if (fabric_switch->parents.size() > 1) {
        absl::StrAppend(&tree, " (also under ",
                        absl::StrJoin(fabric_switch->parents.begin() + 1, fabric_switch->parents.end(), ", "), ")");
      }
      if (auto it = peers.find(fabric_switch->name); it != peers.end() && !it->second.empty()) {
        absl::StrAppend(&tree, " (peer link to ", absl::StrJoin(it->second, ", "), ")");
      }
      tree += '\n';
      const std::string child_indent(2 * depth + 2, ' ');
      // Hosts print at once; child switches go on the stack in reverse so
      // they print in map order, after the hosts.
      if (auto it = child_hosts.find(fabric_switch->name); it != child_hosts.end()) {
        for (const FabricHost* host : it->second) {
          absl::StrAppend(&tree, child_indent, host->name);
          if (host->switches.size() > 1) {
            absl::StrAppend(&tree, " (also on ", absl::StrJoin(host->switches.begin() + 1, host->switches.end(), ", "),
                            ")");
          }
          tree += '\n';
        }
      }
      if (auto it = child_switches.find(fabric_switch->name); it != child_switches.end()) {
        for (auto child = it->second.rbegin(); child != it->second.rend(); ++child) {
          stack.emplace_back(*child, depth + 1);
        }
      }
    }
  };
  std::vector<const FabricSwitch*> roots;
  for (const FabricSwitch& fabric_switch : map.switches) {
    if (fabric_switch.parents.empty()) roots.push_back(&fabric_switch);
  }
  std::stable_sort(roots.begin(), roots.end(),
                   [](const FabricSwitch* a, const FabricSwitch* b) { return a->level > b->level; });
  for (const FabricSwitch* root : roots) walk(root);
  // Switches not reached from a root (a cycle in an unvalidated map).
  for (const FabricSwitch& fabric_switch : map.switches) {
    if (!printed.contains(&fabric_switch)) walk(&fabric_switch);
  }
  std::vector<const FabricHost*> unattached;
  for (const FabricHost& host : map.hosts) {
    if (host.switches.empty() || !switch_names.contains(host.switches.front())) unattached.push_back(&host);
  }
  if (!unattached.empty()) {
    tree += "(unattached)\n";
    for (const FabricHost* host : unattached) absl::StrAppend(&tree, "  ", host->name, "\n");
  }
  return tree;
}

}  // namespace spinecheck

// Integer ids for the components a host pair's traffic crosses on a
// ClusterMap, so the localiser can count pairs per component without strings.
//
// Components, in id order:
//   * one per host (ids 0..N-1, in the order of the matrices' host list): the
//     host's link to its leaf. A degraded host link and a bad NIC look the
//     same from pair measurements, so the kind is "host" and the id the host
//     name;
//   * one per switch that has parents: its uplink group, kind "link", id
//     FabricLinkId(switch, parent) with one parent, "SWITCH<->{P1,P2,...}"
//     with several (traffic is spread over them; pairs cannot tell which);
//   * one per switch above level 0: the switch as a pass-through, kind
//     "switch", id the switch name.
// The path of hosts i and j on different leaves climbs from each leaf to the
// lowest common ancestor by each switch's FIRST parent; with several parents
// the switch components above stand for the group reached through the first
// one.
// A host that the map lacks (or whose leaf the map does not name) is its own
// leaf with no parents: its pairs cross only the two host links as far as
// the index knows, and their path is "unknown" (class 0), never compared
// with pairs of a known path. Memory: O(N + switches).
#ifndef SPINECHECK_TOPOLOGY_LOCALISE_FABRIC_INDEX_H_
#define SPINECHECK_TOPOLOGY_LOCALISE_FABRIC_INDEX_H_

#include <array>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "reports/model/fabric.h"
#include "reports/model/run_document.h"

namespace spinecheck {

class FabricIndex {
 public:
  // Deepest climb from a leaf; a map with parent cycles or more levels is
  // cut there.
  static constexpr int kMaxDepth = 8;
  static constexpr int kMaxPath = 2 + 3 * kMaxDepth;

  struct ComponentInfo {
    ComponentKind kind = ComponentKind::kHost;
    std::string id;
    int host = -1;        // kHost: the host's index
    int switch_ = -1;     // kLink: the lower switch; kSwitch: the switch
  };

  // The components of one pair's path; `known` is false when the hosts have
  // no common ancestor on the map (then only the host links are listed).
  struct Path {
    std::array<int, kMaxPath> components{};
    int size = 0;
    bool known = true;
    const int* begin() const { return components.data(); }
    const int* end() const { return components.data() + size; }
    bool Contains(int component) const;
  };

  // `hosts` is the ordered host list of the matrices; host i of the index is
  // hosts[i].
  FabricIndex(const ClusterMap& map, const std::vector<std::string>& hosts);

  int host_count() const { return static_cast<int>(host_leaf_.size()); }
  int component_count() const { return static_cast<int>(components_.size()); }
  const ComponentInfo& component(int id) const { return components_[id]; }
  const std::string& host_name(int host) const { return components_[host].id; }

  // The components between hosts i and j (i != j): host link i, host link j,
  // then for different leaves the uplink groups and the switches above level
  // 0 up to and including the lowest common ancestor.
  Path PathComponents(int i, int j) const;

  // Comparable pairs share a class: the number of components on the path
  // (2: same leaf, 5: across one spine, ...); 0: path unknown.
  int PathClass(int i, int j) const;

  // A dense leaf number per host (missing hosts get one each); equal numbers
  // mean the same leaf.
  int LeafOf(int host) const { return host_leaf_[host]; }
  int leaf_count() const { return leaf_count_; }

  // Hosts whose traffic can cross `component`: the host itself, or every
  // host below the switch of an uplink group or pass-through switch. O(N).
  std::vector<int> HostsBehind(int component) const;

  // For a kLink component: the lower switch's name and its parents as
  // written in the map ("spine00" or "{spine00,spine01}").
  std::string LowerSwitchName(int component) const;
  std::string UpperName(int component) const;

 private:
  struct Switch {
    std::string name;
    int level = 0;
    int parent = -1;        // first parent; -1 at the top
    std::string parents;    // "spine00" or "{spine00,spine01}"
    int uplink = -1;        // component id of its uplink group
    int pass_through = -1;  // component id when level > 0
  };
  int SwitchOf(const std::string& name);
  // Fills `chain` with the switch, its first parent, ...; returns its length.
  int Chain(int leaf_switch, std::array<int, kMaxDepth>& chain) const;

  std::vector<ComponentInfo> components_;
  std::vector<Switch> switches_;
  absl::flat_hash_map<std::string, int> switch_by_name_;
  std::vector<int> host_switch_;  // leaf switch index per host; -1: not on the map
  std::vector<int> host_leaf_;    // dense leaf number per host
  int leaf_count_ = 0;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_LOCALISE_FABRIC_INDEX_H_

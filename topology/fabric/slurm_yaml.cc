// topology.yaml read with yaml-cpp; its exceptions end here. The tree and
// block entries go through the same checks as topology.conf (hostlists,
// unknown switches, a node under two switches, cycles).
#include "topology/fabric/slurm_yaml.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "reports/model/status_macros.h"
#include "topology/fabric/hostlist.h"
#include "topology/fabric/map_builder.h"
#include "topology/fabric/parse_error.h"

namespace spinecheck {
namespace {

class YamlParser {
 public:
  explicit YamlParser(const std::string& name) : name_(name) {}

  absl::StatusOr<ClusterMap> Parse(const YAML::Node& root) {
    if (!root || root.IsNull()) return ParseError(name_, 0, 0, "the file is empty: no topology");
    if (!root.IsSequence()) {
      return Error(root, "topology.yaml is a list of topologies ('- topology: NAME'), this is not a list");
    }
    if (root.size() == 0) return Error(root, "the list of topologies is empty");
    // An index, not a YAML::Node: a default YAML::Node is a defined null,
    // and assigning to a bound one overwrites the node it refers to.
    size_t chosen = 0;
    for (size_t index = 0; index < root.size(); ++index) {
      const YAML::Node topology = root[index];
      SPINECHECK_RETURN_IF_ERROR(CheckKeys(topology, {"topology", "cluster_default", "tree", "block", "flat"}));
      if (!topology["topology"]) return Error(topology, "a topology needs a name: 'topology: NAME'");
      int kinds = 0;
      for (const char* kind : {"tree", "block", "flat"}) kinds += topology[kind] ? 1 : 0;
      if (kinds != 1) {
        return Error(topology, absl::StrCat("topology '", Scalar(topology["topology"]),
                                            "' needs exactly one of tree:, block: or flat:"));
      }
      bool is_default = false;
      if (const YAML::Node flag = topology["cluster_default"]) {
        SPINECHECK_ASSIGN_OR_RETURN(is_default, Bool(flag));
      }
      if (is_default) {
        if (default_found_) {
          return Error(topology, absl::StrCat("two topologies have cluster_default: true ('",
                                              Scalar(root[chosen]["topology"]), "' and '",
                                              Scalar(topology["topology"]), "'); keep one"));
        }
        chosen = index;
        default_found_ = true;
      }
    }
    return Chosen(root[chosen]);
  }

 private:
  // Lookups through a const node: yaml-cpp's non-const operator[] adds
  // the key it is asked for.
  absl::StatusOr<ClusterMap> Chosen(const YAML::Node& chosen) {
    topology_name_ = Scalar(chosen["topology"]);
    if (chosen["flat"]) {
      return Error(chosen, absl::StrCat("topology '", topology_name_,
                                        "' is flat: it has no switches to map; mark a tree or block topology "
                                        "cluster_default: true"));
    }
    if (const YAML::Node tree = chosen["tree"]) return Tree(tree);
    return Block(chosen["block"]);
  }

  absl::Status Error(const YAML::Node& node, absl::string_view reason) const {
    const YAML::Mark mark = node.Mark();
    if (mark.line < 0) return ParseError(name_, 0, 0, reason);
    return ParseError(name_, static_cast<size_t>(mark.line) + 1, static_cast<size_t>(mark.column) + 1, reason);
  }

  static std::string Scalar(const YAML::Node& node) { return node && node.IsScalar() ? node.Scalar() : ""; }

  absl::StatusOr<bool> Bool(const YAML::Node& node) const {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
      return Error(node, absl::StrCat("'", Scalar(node), "' is not true or false"));
    }
    return value;
  }

  absl::StatusOr<std::string> Name(const YAML::Node& node, absl::string_view key) const {
    if (!node.IsScalar() || node.Scalar().empty()) return Error(node, absl::StrCat(key, ": needs a name"));
    return node.Scalar();
  }

  absl::Status CheckKeys(const YAML::Node& node, const std::vector<std::string>& allowed) const {
    if (!node.IsMap()) return Error(node, absl::StrCat("expected a mapping with keys ", absl::StrJoin(allowed, ", ")));
    for (const auto& entry : node) {
      const std::string key = Scalar(entry.first);
      bool known = false;
      for (const std::string& candidate : allowed) known = known || candidate == key;
      if (!known) {
        return Error(entry.first,
                     absl::StrCat("unknown key '", key, "'; allowed here: ", absl::StrJoin(allowed, ", ")));
      }
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<std::string>> Hostlist(const YAML::Node& node, absl::string_view key) {
    // A list of hostlists is accepted too (`nodes: [a, b[1-2]]`).
    std::vector<std::string> names;
    std::vector<YAML::Node> items;
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) items.push_back(item);
    } else {
      items.push_back(node);
    }
    for (const YAML::Node& item : items) {
      if (!item.IsScalar()) return Error(item, absl::StrCat(key, ": expected a hostlist such as node[01-04]"));
      size_t column = 0;
      auto expanded = ExpandHostlist(item.Scalar(), &column);
      if (!expanded.ok()) {
        const YAML::Mark mark = item.Mark();
        return ParseError(name_, static_cast<size_t>(mark.line) + 1, static_cast<size_t>(mark.column) + 1 + column,
                          absl::StrCat(key, ": ", item.Scalar(), ": ", expanded.status().message()));
      }
      names_read_ += expanded->size();
      for (const std::string& host : *expanded) name_bytes_read_ += host.size();
      if (names_read_ > kMaxHostlistNames) {
        return Error(item, absl::StrCat("the file names more than ", kMaxHostlistNames, " hosts in all"));
      }
      if (name_bytes_read_ > kMaxHostlistBytes) {
        return Error(item, absl::StrCat("the file's host names take more than ", kMaxHostlistBytes >> 20,
                                        " MiB in all"));
      }
      for (std::string& expanded_name : *expanded) names.push_back(std::move(expanded_name));
    }
    return names;
  }

  absl::Status AttachHosts(MapBuilder& builder, const YAML::Node& nodes, const std::string& owner,
                           const std::string& where) {
    SPINECHECK_ASSIGN_OR_RETURN(std::vector<std::string> hosts, Hostlist(nodes, "nodes"));
    for (const std::string& host : hosts) {
      auto [it, inserted] = host_owner_.try_emplace(host, owner);
      if (!inserted) {
        return Error(nodes, absl::StrCat("node '", host, "' is under '", owner, "' and also under '", it->second,
                                         "'; a tree gives each node one leaf: remove one, or import a multi-rail "
                                         "fabric from ibnetdiscover or a CSV host,leaf[,spine]"));
      }
      builder.AttachHost(host, owner, 0, where);
    }
    return absl::OkStatus();
  }

  std::string WhereOf(const YAML::Node& node) const {
    return Where(name_, static_cast<size_t>(std::max(node.Mark().line, 0)) + 1);
  }

  absl::StatusOr<ClusterMap> Tree(const YAML::Node& tree) {
    SPINECHECK_RETURN_IF_ERROR(CheckKeys(tree, {"switches"}));
    const YAML::Node switches = tree["switches"];
    if (!switches || !switches.IsSequence() || switches.size() == 0) {
      return Error(tree, "tree: needs a non-empty 'switches:' list");
    }
    MapBuilder builder;
    absl::flat_hash_map<std::string, YAML::Node> declared;
    for (const YAML::Node& entry : switches) {
      SPINECHECK_RETURN_IF_ERROR(CheckKeys(entry, {"switch", "children", "nodes"}));
      if (!entry["switch"]) return Error(entry, "a switch entry needs 'switch: NAME'");
      SPINECHECK_ASSIGN_OR_RETURN(std::string name, Name(entry["switch"], "switch"));
      if (!declared.emplace(name, entry).second) {
        return Error(entry["switch"], absl::StrCat("switch '", name, "' is declared twice (first on line ",
                                                   declared.at(name).Mark().line + 1, ")"));
      }
      builder.AddSwitch(name, WhereOf(entry));
    }
    for (const YAML::Node& entry : switches) {
      const std::string name = entry["switch"].Scalar();
      if (const YAML::Node children = entry["children"]) {
        SPINECHECK_ASSIGN_OR_RETURN(std::vector<std::string> names, Hostlist(children, "children"));
        for (const std::string& child : names) {
          auto it = declared.find(child);
          if (it == declared.end()) {
            return Error(children, absl::StrCat("switch '", name, "': children names unknown switch '", child,
                                                "'; declare it with its own '- switch:' entry"));
          }
          builder.AddUplink(child, name, 0, WhereOf(it->second));
        }
      }
      if (const YAML::Node nodes = entry["nodes"]) SPINECHECK_RETURN_IF_ERROR(AttachHosts(builder, nodes, name, WhereOf(entry)));
    }
    return builder.Build(Source());
  }

  absl::StatusOr<ClusterMap> Block(const YAML::Node& block) {
    SPINECHECK_RETURN_IF_ERROR(CheckKeys(block, {"block_sizes", "blocks"}));
    if (const YAML::Node sizes = block["block_sizes"]) {
      if (!sizes.IsSequence()) return Error(sizes, "block_sizes: expected a list of whole numbers");
      for (const YAML::Node& size : sizes) {
        int value = 0;
        if (!size.IsScalar() || !YAML::convert<int>::decode(size, value) || value <= 0) {
          return Error(size, absl::StrCat("block_sizes: '", Scalar(size), "' is not a positive whole number"));
        }
      }
    }
    const YAML::Node blocks = block["blocks"];
    if (!blocks || !blocks.IsSequence() || blocks.size() == 0) {
      return Error(block, "block: needs a non-empty 'blocks:' list");
    }
    MapBuilder builder;
    for (const YAML::Node& entry : blocks) {
      SPINECHECK_RETURN_IF_ERROR(CheckKeys(entry, {"block", "nodes"}));
      if (!entry["block"]) return Error(entry, "a block entry needs 'block: NAME'");
      SPINECHECK_ASSIGN_OR_RETURN(std::string name, Name(entry["block"], "block"));
      if (builder.HasSwitch(name)) return Error(entry["block"], absl::StrCat("block '", name, "' is declared twice"));
      builder.AddSwitch(name, WhereOf(entry));
      if (const YAML::Node nodes = entry["nodes"]) SPINECHECK_RETURN_IF_ERROR(AttachHosts(builder, nodes, name, WhereOf(entry)));
    }
    return builder.Build(Source());
  }

  std::string Source() const {
    return absl::StrCat("slurm topology.yaml (", name_, ", topology ", topology_name_, ")");
  }

  const std::string& name_;
  bool default_found_ = false;
  std::string topology_name_;
  absl::flat_hash_map<std::string, std::string> host_owner_;
  size_t names_read_ = 0;       // hostlist names expanded so far (bounded by kMaxHostlistNames)
  size_t name_bytes_read_ = 0;  // and their bytes (bounded by kMaxHostlistBytes)
};

}  // namespace

absl::StatusOr<ClusterMap> ParseSlurmTopologyYaml(const std::string& text, const std::string& name) {
  try {
    const YAML::Node root = YAML::Load(text);
    return YamlParser(name).Parse(root);
  } catch (const YAML::Exception& e) {
    const size_t line = e.mark.line >= 0 ? static_cast<size_t>(e.mark.line) + 1 : 0;
    const size_t column = e.mark.column >= 0 ? static_cast<size_t>(e.mark.column) + 1 : 0;
    return ParseError(name, line, column, absl::StrCat("not valid YAML: ", e.msg));
  }
}

}  // namespace spinecheck

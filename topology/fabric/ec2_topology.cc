// EC2 topology JSON read with nlohmann-json; its exceptions end here.
#include "topology/fabric/ec2_topology.h"

#include <cstddef>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "topology/fabric/parse_error.h"
#include "topology/fabric/slurm_addr.h"

namespace spinecheck {
namespace {

// 1-based line and column of byte `offset` in `text`.
std::pair<size_t, size_t> LineColumn(const std::string& text, size_t offset) {
  size_t line = 1;
  size_t column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

}  // namespace

absl::StatusOr<ClusterMap> ParseEc2InstanceTopology(const std::string& text, const std::string& name,
                                                    const absl::flat_hash_map<std::string, std::string>& instance_hosts) {
  const std::string json_text = BlankLeadingHashLines(text);
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    const auto [line, column] = LineColumn(json_text, e.byte > 0 ? e.byte - 1 : 0);
    return ParseError(name, line, column, absl::StrCat("not valid JSON (", e.what(), ")"));
  } catch (const nlohmann::json::exception& e) {
    // A number beyond a double's range ("1e999") is out_of_range, not parse_error.
    return ParseError(name, 0, 0, absl::StrCat("not valid JSON (", e.what(), ")"));
  }
  auto error = [&](const std::string& reason) { return ParseError(name, 0, 0, reason); };
  if (!document.is_object() || !document.contains("Instances") || !document["Instances"].is_array()) {
    return error(
        "no \"Instances\" list: not the output of `aws ec2 describe-instance-topology` (save its JSON output)");
  }
  const nlohmann::json& instances = document["Instances"];
  std::vector<HostPath> paths;
  paths.reserve(instances.size());
  absl::flat_hash_map<std::string, size_t> seen;
  for (size_t i = 0; i < instances.size(); ++i) {
    const nlohmann::json& instance = instances[i];
    const std::string at = absl::StrCat("Instances[", i, "]");
    if (!instance.is_object() || !instance.contains("InstanceId") || !instance["InstanceId"].is_string() ||
        instance["InstanceId"].get<std::string>().empty()) {
      return error(absl::StrCat(at, ": no InstanceId string"));
    }
    const std::string id = instance["InstanceId"].get<std::string>();
    if (auto [it, inserted] = seen.try_emplace(id, i); !inserted) {
      return error(absl::StrCat(at, ": instance ", id, " is listed twice (also Instances[", it->second,
                                "]); concatenate pages without repeating them"));
    }
    HostPath path;
    auto host = instance_hosts.find(id);
    path.host = host != instance_hosts.end() ? host->second : id;
    if (instance.contains("NetworkNodes") && !instance["NetworkNodes"].is_null()) {
      const nlohmann::json& nodes = instance["NetworkNodes"];
      if (!nodes.is_array()) return error(absl::StrCat(at, ".NetworkNodes: not a list"));
      for (size_t k = 0; k < nodes.size(); ++k) {
        if (!nodes[k].is_string() || nodes[k].get<std::string>().empty()) {
          return error(absl::StrCat(at, ".NetworkNodes[", k, "]: not a network node id string"));
        }
        path.switches.push_back(nodes[k].get<std::string>());
      }
    }
    paths.push_back(std::move(path));
  }
  std::string source = absl::StrCat("EC2 DescribeInstanceTopology (", name);
  if (document.contains("NextToken") && document["NextToken"].is_string() &&
      !document["NextToken"].get<std::string>().empty()) {
    absl::StrAppend(&source, "; first page only: NextToken is set");
  }
  absl::StrAppend(&source, ")");
  // Its messages start with `source`, which names the file.
  return ClusterMapFromHostPaths(paths, source);
}

}  // namespace spinecheck

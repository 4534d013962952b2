// ibnetdiscover parser. Hand-written: infiniband-diags has a writer of this
// format but no reader library; the format is line-based (node headers,
// port lines, key=value lines, comments).
#include "topology/fabric/ibnetdiscover.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "reports/model/status_macros.h"
#include "topology/fabric/map_builder.h"
#include "topology/fabric/parse_error.h"

namespace spinecheck {
namespace {

enum class NodeType { kSwitch, kCa, kRouter };

struct Node {
  std::string id;  // "S-<guid>", "H-<guid>", "R-<guid>"
  NodeType type = NodeType::kCa;
  std::string description;
  size_t line = 0;        // of its header; 0: only seen from a port line
  size_t port_lines = 0;  // port lines of its own record
};

struct Cable {
  size_t a = 0;  // node indices; `a` is the node whose record listed it first
  size_t b = 0;
  double rate_gbps = 0;
  size_t line = 0;
};

// The first quoted string of `text` from `at`, and where it ends.
bool Quoted(absl::string_view text, size_t at, std::string* value, size_t* end) {
  const size_t open = text.find('"', at);
  if (open == absl::string_view::npos) return false;
  const size_t close = text.find('"', open + 1);
  if (close == absl::string_view::npos) return false;
  *value = std::string(text.substr(open + 1, close - open - 1));
  *end = close + 1;
  return true;
}

// "[12]" at `*at`: the port number; advances `*at` past it.
bool Port(absl::string_view text, size_t* at, int* port) {
  if (*at >= text.size() || text[*at] != '[') return false;
  const size_t close = text.find(']', *at);
  if (close == absl::string_view::npos || !absl::SimpleAtoi(text.substr(*at + 1, close - *at - 1), port)) return false;
  *at = close + 1;
  return true;
}

// "(8f10403960985)" at `*at`, optional; advances past it.
void SkipGuid(absl::string_view text, size_t* at) {
  if (*at < text.size() && text[*at] == '(') {
    const size_t close = text.find(')', *at);
    if (close != absl::string_view::npos) *at = close + 1;
  }
}

void SkipSpace(absl::string_view text, size_t* at) {
  while (*at < text.size() && absl::ascii_isspace(static_cast<unsigned char>(text[*at]))) ++*at;
}

bool IsStderrLine(absl::string_view line) {
  // "src/query_smp.c:195; umad (...) bad status 110; ..." and "ibwarn: ...".
  const absl::string_view first = line.substr(0, line.find_first_of(" \t"));
  return absl::StartsWith(line, "ibwarn") || (absl::StrContains(first, ".c:") && absl::EndsWith(first, ";"));
}

bool IsKeyValue(absl::string_view line) {
  const size_t equals = line.find('=');
  if (equals == 0 || equals == absl::string_view::npos) return false;
  for (char c : line.substr(0, equals)) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

std::string FirstWord(absl::string_view text) {
  text = absl::StripLeadingAsciiWhitespace(text);
  return std::string(text.substr(0, text.find_first_of(" \t")));
}

bool IsAggregationNode(const Node& node) { return absl::StrContains(node.description, "Aggregation Node"); }

// No hostname in it: the firmware's default ("MT4129 ConnectX7   Mellanox
// Technologies", "MT23108 InfiniHost Mellanox Technologies").
bool IsVendorDefault(absl::string_view description) {
  const std::string first = FirstWord(description);
  const bool mt_number = first.size() > 2 && absl::StartsWith(first, "MT") && absl::ascii_isdigit(first[2]);
  return first.empty() || mt_number || absl::StrContains(description, "Mellanox Technologies");
}

// "MF0;NAME:MODEL/L01/U1" -> "NAME/L01"; other descriptions unchanged.
std::string SwitchName(const Node& node) {
  absl::string_view description = node.description;
  if (!absl::ConsumePrefix(&description, "MF0;")) return node.description.empty() ? node.id : node.description;
  const size_t colon = description.find(':');
  std::string name(description.substr(0, colon));
  if (colon != absl::string_view::npos) {
    std::vector<absl::string_view> parts = absl::StrSplit(description.substr(colon + 1), '/');
    // parts[0] is the model, the last "U<n>" the ASIC; between them the chassis slot.
    for (size_t i = 1; i + 1 < parts.size(); ++i) absl::StrAppend(&name, "/", parts[i]);
  }
  return name.empty() ? node.id : name;
}

class IbParser {
 public:
  explicit IbParser(const std::string& name) : name_(name) {}

  absl::StatusOr<ClusterMap> Parse(const std::string& text) {
    std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
    for (size_t index = 0; index < lines.size(); ++index) {
      absl::string_view line = lines[index];
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      line = absl::StripAsciiWhitespace(line);
      SPINECHECK_RETURN_IF_ERROR(ParseLine(line, index + 1));
    }
    SPINECHECK_RETURN_IF_ERROR(EndRecord());
    return Build();
  }

 private:
  size_t NodeIndex(const std::string& id, absl::string_view description) {
    auto [it, inserted] = node_index_.try_emplace(id, nodes_.size());
    if (inserted) {
      Node node;
      node.id = id;
      node.type = absl::StartsWith(id, "S-") ? NodeType::kSwitch
                  : absl::StartsWith(id, "R-") ? NodeType::kRouter
                                               : NodeType::kCa;
      node.description = std::string(description);
      nodes_.push_back(std::move(node));
    }
    return it->second;
  }

  absl::Status EndRecord() {
    if (current_ != kNone && nodes_[current_].port_lines == 0) {
      const Node& node = nodes_[current_];
      return ParseError(name_, node.line, 0,
                        absl::StrCat("node \"", node.id, "\" (\"", node.description,
                                     "\") lists no port: every node ibnetdiscover reaches has a cable, so the "
                                     "capture is truncated; save the whole output of ibnetdiscover again"));
    }
    current_ = kNone;
    return absl::OkStatus();
  }

  absl::Status ParseLine(absl::string_view line, size_t line_number) {
    if (line.empty()) return EndRecord();
    if (line[0] == '#' || IsStderrLine(line) || line == "Non-Chassis Nodes" || absl::StartsWith(line, "Chassis ")) {
      return absl::OkStatus();
    }
    if (IsKeyValue(line)) return EndRecord();
    if (line[0] == '[') return ParsePortLine(line, line_number);
    const std::string type = FirstWord(line);
    if (type == "Switch" || type == "Ca" || type == "Rtr") return ParseHeader(line, line_number, type);
    return ParseError(name_, line_number, 0,
                      absl::StrCat("'", line.substr(0, 60),
                                   "' is not an ibnetdiscover line (node header Switch/Ca/Rtr, port line [N], "
                                   "key=value or # comment); is this the output of ibnetdiscover?"));
  }

  absl::Status ParseHeader(absl::string_view line, size_t line_number, const std::string& type) {
    SPINECHECK_RETURN_IF_ERROR(EndRecord());
    std::string id;
    size_t end = 0;
    if (!Quoted(line, type.size(), &id, &end) || id.size() < 3 || id[1] != '-') {
      return ParseError(name_, line_number, 0,
                        absl::StrCat(type, " header without a quoted node id such as \"S-0002c902004050d0\""));
    }
    std::string description;
    const size_t hash = line.find('#', end);
    size_t description_end = 0;
    if (hash != absl::string_view::npos) Quoted(line, hash, &description, &description_end);
    const size_t index = NodeIndex(id, description);
    Node& node = nodes_[index];
    if (node.line != 0) {
      return ParseError(name_, line_number, 0,
                        absl::StrCat("node \"", id, "\" is listed twice (first on line ", node.line, ")"));
    }
    node.line = line_number;
    node.type = type == "Switch" ? NodeType::kSwitch : type == "Rtr" ? NodeType::kRouter : NodeType::kCa;
    if (!description.empty()) node.description = description;
    order_.push_back(index);
    current_ = index;
    return absl::OkStatus();
  }

  absl::Status ParsePortLine(absl::string_view line, size_t line_number) {
    if (current_ == kNone) {
      return ParseError(name_, line_number, 0, "a port line outside a node record (no Switch/Ca header above it)");
    }
    size_t at = 0;
    int local_port = 0;
    int remote_port = 0;
    std::string remote_id;
    size_t end = 0;
    bool ok = Port(line, &at, &local_port);
    if (ok) {
      SkipGuid(line, &at);
      SkipSpace(line, &at);
      ok = at < line.size() && line[at] == '"' && Quoted(line, at, &remote_id, &end) && remote_id.size() > 2 &&
           remote_id[1] == '-';
    }
    if (ok) {
      at = end;
      ok = Port(line, &at, &remote_port);
    }
    if (!ok) {
      return ParseError(name_, line_number, 0,
                        "bad port line: expected [PORT](GUID) \"REMOTE-ID\"[PORT] # \"description\" ... WIDTHxSPEED");
    }
    ++nodes_[current_].port_lines;
    std::string remote_description;
    double rate_gbps = 0;
    const size_t hash = line.find('#', at);
    if (hash != absl::string_view::npos) {
      const absl::string_view comment = line.substr(hash + 1);
      size_t description_end = 0;
      if (Quoted(comment, 0, &remote_description, &description_end)) {
        for (absl::string_view word : absl::StrSplit(comment.substr(description_end), ' ', absl::SkipEmpty())) {
          rate_gbps = IbLinkRateGbps(absl::StripAsciiWhitespace(word));
          if (rate_gbps > 0) break;
        }
      }
    }
    const size_t remote = NodeIndex(remote_id, remote_description);
    if (remote == current_) return absl::OkStatus();  // a switch looped back to itself
    const uint64_t local_end = (static_cast<uint64_t>(current_) << 16) | static_cast<uint16_t>(local_port);
    const uint64_t remote_end = (static_cast<uint64_t>(remote) << 16) | static_cast<uint16_t>(remote_port);
    const auto key = local_end < remote_end ? std::make_pair(local_end, remote_end) : std::make_pair(remote_end, local_end);
    if (cables_seen_.insert(key).second) cables_.push_back(Cable{current_, remote, rate_gbps, line_number});
    return absl::OkStatus();
  }

  absl::StatusOr<ClusterMap> Build() {
    size_t switch_count = 0;
    for (const Node& node : nodes_) switch_count += node.type != NodeType::kCa ? 1 : 0;
    if (switch_count == 0) {
      return ParseError(name_, 0, 0, "no Switch record: not an ibnetdiscover capture of a switched fabric");
    }
    // Nodes only seen from port lines come after the listed ones, in the
    // order they were first named.
    std::vector<size_t> order = order_;
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (nodes_[i].line == 0) order.push_back(i);
    }
    std::vector<size_t> position(nodes_.size());
    for (size_t k = 0; k < order.size(); ++k) position[order[k]] = k;

    // Names: switches by description, unless shared; hosts by first word.
    std::vector<std::string> names(nodes_.size());
    absl::flat_hash_map<std::string, int> switch_name_uses;
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (nodes_[i].type != NodeType::kCa) ++switch_name_uses[names[i] = SwitchName(nodes_[i])];
    }
    for (size_t i = 0; i < nodes_.size(); ++i) {
      const Node& node = nodes_[i];
      if (node.type != NodeType::kCa) {
        if (switch_name_uses[names[i]] > 1) names[i] = node.id;
      } else {
        names[i] = IsVendorDefault(node.description) ? node.id : FirstWord(node.description);
      }
    }
    auto is_host = [&](size_t i) { return nodes_[i].type == NodeType::kCa && !IsAggregationNode(nodes_[i]); };
    auto is_switch = [&](size_t i) { return nodes_[i].type != NodeType::kCa; };

    // Leaves, then hop counts from the nearest leaf.
    constexpr int kUnreached = std::numeric_limits<int>::max();
    std::vector<int> level(nodes_.size(), kUnreached);
    std::vector<std::vector<size_t>> neighbours(nodes_.size());
    std::deque<size_t> queue;
    for (const Cable& cable : cables_) {
      if (is_switch(cable.a) && is_switch(cable.b)) {
        neighbours[cable.a].push_back(cable.b);
        neighbours[cable.b].push_back(cable.a);
      }
      for (auto [s, h] : {std::make_pair(cable.a, cable.b), std::make_pair(cable.b, cable.a)}) {
        if (is_switch(s) && is_host(h) && level[s] != 0) {
          level[s] = 0;
          queue.push_back(s);
        }
      }
    }
    while (!queue.empty()) {
      const size_t s = queue.front();
      queue.pop_front();
      for (size_t n : neighbours[s]) {
        if (level[n] == kUnreached) {
          level[n] = level[s] + 1;
          queue.push_back(n);
        }
      }
    }
    for (int& value : level) {
      if (value == kUnreached) value = 0;
    }

    MapBuilder builder;
    for (size_t i : order) {
      if (is_switch(i)) builder.AddSwitch(names[i], Where(name_, nodes_[i].line));
    }
    for (size_t i : order) {
      if (is_host(i)) builder.AddHost(names[i], Where(name_, nodes_[i].line));
    }
    for (const Cable& cable : cables_) {
      const std::string where = Where(name_, cable.line);
      size_t a = cable.a;
      size_t b = cable.b;
      if (is_host(a) && is_switch(b)) std::swap(a, b);
      if (is_switch(a) && is_host(b)) {
        builder.AttachHost(names[b], names[a], cable.rate_gbps, where);
      } else if (is_switch(a) && is_switch(b)) {
        if (level[a] > level[b]) std::swap(a, b);
        if (level[a] < level[b]) {
          builder.AddUplink(names[a], names[b], cable.rate_gbps, where);
        } else {
          if (position[a] > position[b]) std::swap(a, b);
          builder.AddPeerLink(names[a], names[b], cable.rate_gbps, where);
        }
      }
      // Host-to-host cables and aggregation nodes' cables are not part of the map.
    }
    return builder.Build(absl::StrCat("ibnetdiscover (", name_, ")"));
  }

  static constexpr size_t kNone = std::numeric_limits<size_t>::max();
  const std::string& name_;
  std::vector<Node> nodes_;
  absl::flat_hash_map<std::string, size_t> node_index_;
  std::vector<size_t> order_;  // nodes with a header, in file order
  std::vector<Cable> cables_;
  absl::flat_hash_set<std::pair<uint64_t, uint64_t>> cables_seen_;
  size_t current_ = kNone;
};

}  // namespace

double IbLinkRateGbps(absl::string_view width_speed) {
  const size_t x = width_speed.find('x');
  int lanes = 0;
  if (x == absl::string_view::npos || !absl::SimpleAtoi(width_speed.substr(0, x), &lanes) || lanes <= 0) return 0;
  const absl::string_view speed = width_speed.substr(x + 1);
  static constexpr std::pair<const char*, double> kLaneGbps[] = {
      {"SDR", 2.5}, {"DDR", 5}, {"QDR", 10}, {"FDR10", 10}, {"FDR", 14},
      {"EDR", 25},  {"HDR", 50}, {"NDR", 100}, {"XDR", 200}};
  for (const auto& [name, gbps] : kLaneGbps) {
    if (speed == name) return lanes * gbps;
  }
  return 0;
}

absl::StatusOr<ClusterMap> ParseIbnetdiscover(const std::string& text, const std::string& name) {
  return IbParser(name).Parse(text);
}

}  // namespace spinecheck

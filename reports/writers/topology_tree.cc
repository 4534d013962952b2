// Hand-written SVG: Debian packages no C++ graph-drawing library that emits
// self-contained SVG (graphviz would be a run-time program, and its output
// needs post-processing for the blame marks); a layered tree is simple to
// lay out by hand.
#include "reports/writers/topology_tree.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "reports/writers/report_format.h"

namespace spinecheck {
namespace {

struct Point {
  double x = 0, y = 0;
};

std::string NodeClass(const char* base, const std::string& severity) {
  return severity.empty() ? std::string(base) : absl::StrCat(base, " blamed ", severity);
}

}  // namespace

std::string RenderTopologyTreeSvg(const ClusterMap& map, const BlameMap& blame) {
  std::vector<std::string> host_names;
  for (const FabricHost& host : map.hosts) host_names.push_back(host.name);
  const auto ordered = HostsByLeaf(host_names, map);
  int top_level = 0;
  for (const FabricSwitch& fabric_switch : map.switches) top_level = std::max(top_level, fabric_switch.level);

  constexpr double kMargin = 30, kRow = 90, kHostSpacing = 34, kSwitchWidth = 96;
  size_t widest_level = 1;
  std::map<int, std::vector<std::string>> by_level;
  for (const FabricSwitch& fabric_switch : map.switches) by_level[fabric_switch.level].push_back(fabric_switch.name);
  for (const auto& [level, names] : by_level) widest_level = std::max(widest_level, names.size());
  size_t longest = 4;
  for (const std::string& name : host_names) longest = std::max(longest, name.size());
  // Host labels slant down to the right: room for the longest below and
  // right of the last host.
  const double label_length = 6.5 * static_cast<double>(std::min<size_t>(longest, 40));
  const double width = std::max({640.0, 2 * kMargin + kHostSpacing * static_cast<double>(ordered.size()),
                                 2 * kMargin + (kSwitchWidth + 12) * static_cast<double>(widest_level)});
  const double host_y = kMargin + kRow * (top_level + 1) + 10;
  const double height = host_y + 24 + 0.8 * label_length;
  const double svg_width = width + 0.65 * label_length;

  std::map<std::string, Point> at;
  const double host_step = (width - 2 * kMargin) / std::max<size_t>(ordered.size(), 1);
  for (size_t i = 0; i < ordered.size(); ++i) {
    at[ordered[i].first] = Point{kMargin + host_step * (static_cast<double>(i) + 0.5), host_y};
  }
  // Leaves over their hosts; other switches (and leaves without hosts)
  // spread evenly over their level.
  for (const auto& [level, names] : by_level) {
    const double y = kMargin + kRow * (top_level - level) + 10;
    const double step = (width - 2 * kMargin) / static_cast<double>(names.size());
    for (size_t i = 0; i < names.size(); ++i) {
      double sum = 0;
      int count = 0;
      if (level == 0) {
        for (const auto& [host, leaf] : ordered) {
          if (leaf == names[i]) {
            sum += at[host].x;
            ++count;
          }
        }
      }
      at[names[i]] = Point{count > 0 ? sum / count : kMargin + step * (static_cast<double>(i) + 0.5), y};
    }
  }

  std::vector<FabricLink> cables = map.links;
  if (cables.empty()) {
    for (const FabricHost& host : map.hosts) {
      for (const std::string& upper : host.switches) cables.push_back(FabricLink{host.name, upper, 0});
    }
    for (const FabricSwitch& fabric_switch : map.switches) {
      for (const std::string& upper : fabric_switch.parents) cables.push_back(FabricLink{fabric_switch.name, upper, 0});
    }
  }

  std::string svg = absl::StrFormat(
      "<svg class=\"topology\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
      "aria-label=\"fabric map\">\n",
      svg_width, height, svg_width, height);
  // Cables first, so that the boxes cover their ends; blamed cables last, on top.
  for (const bool blamed_pass : {false, true}) {
    for (const FabricLink& cable : cables) {
      if (at.count(cable.lower) == 0 || at.count(cable.upper) == 0) continue;
      const std::string id = FabricLinkId(cable.lower, cable.upper);
      const std::string severity = BlameMap::Of(blame.links, id);
      if (severity.empty() == blamed_pass) continue;
      const Point& a = at[cable.lower];
      const Point& b = at[cable.upper];
      absl::StrAppendFormat(&svg,
                            "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" data-link=\"%s\">"
                            "<title>%s%s</title></line>\n",
                            NodeClass("edge", severity), a.x, a.y, b.x, b.y, HtmlEscape(id), HtmlEscape(id),
                            cable.rate_gbps > 0 ? absl::StrCat(", ", FormatNumber(cable.rate_gbps), " Gbit/s") : "");
    }
  }
  for (const FabricSwitch& fabric_switch : map.switches) {
    const Point& p = at[fabric_switch.name];
    const std::string severity = BlameMap::Of(blame.switches, fabric_switch.name);
    absl::StrAppendFormat(&svg,
                          "<g class=\"%s\" data-switch=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"24\" "
                          "rx=\"4\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text><title>%s, level "
                          "%d</title></g>\n",
                          NodeClass("switch", severity), HtmlEscape(fabric_switch.name), p.x - kSwitchWidth / 2,
                          p.y - 12, kSwitchWidth, p.x, p.y + 4,
                          HtmlEscape(fabric_switch.name.size() > 13 ? fabric_switch.name.substr(0, 12) + "…"
                                                                    : fabric_switch.name),
                          HtmlEscape(fabric_switch.name), fabric_switch.level);
  }
  for (const auto& [host, leaf] : ordered) {
    const Point& p = at[host];
    const std::string severity = BlameMap::Of(blame.hosts, host);
    absl::StrAppendFormat(&svg,
                          "<g class=\"%s\" data-host=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\"/>"
                          "<text transform=\"translate(%.1f %.1f) rotate(50)\">%s</text><title>%s</title></g>\n",
                          NodeClass("node", severity), HtmlEscape(host), p.x - 6, p.y - 6, p.x - 2, p.y + 14,
                          HtmlEscape(host), HtmlEscape(host));
  }
  absl::StrAppend(&svg, "</svg>\n");
  return svg;
}

}  // namespace spinecheck

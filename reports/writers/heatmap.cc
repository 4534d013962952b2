// Hand-written SVG: Debian packages no C++ charting library that emits a
// self-contained SVG for an offline page; a heatmap is a grid of rects.
#include "reports/writers/heatmap.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "reports/writers/report_format.h"

namespace spinecheck {
namespace {

struct Rgb {
  double r, g, b;
};

}  // namespace

std::string HeatColour(double fraction) {
  fraction = std::clamp(std::isnan(fraction) ? 0.0 : fraction, 0.0, 1.0);
  static constexpr Rgb kStops[] = {{215, 48, 39}, {254, 224, 139}, {26, 152, 80}};
  const double position = fraction * 2;
  const int low = std::min(1, static_cast<int>(position));
  const double t = position - low;
  const Rgb& a = kStops[low];
  const Rgb& b = kStops[low + 1];
  return absl::StrFormat("#%02x%02x%02x", static_cast<int>(std::lround(a.r + (b.r - a.r) * t)),
                         static_cast<int>(std::lround(a.g + (b.g - a.g) * t)),
                         static_cast<int>(std::lround(a.b + (b.b - a.b) * t)));
}

std::string RenderLinkHeatmapSvg(const LinkMatrices& links, const std::optional<ClusterMap>& topology,
                                 const BlameMap& blame) {
  const size_t n = links.size();
  const bool complete = links.bibw_gbps.size() == n * n;
  const auto ordered = HostsByLeaf(links.hosts, topology);
  std::vector<size_t> index;  // matrix index of each ordered host
  for (const auto& [host, leaf] : ordered) {
    index.push_back(static_cast<size_t>(std::find(links.hosts.begin(), links.hosts.end(), host) - links.hosts.begin()));
  }
  double max_gbps = 0;
  if (complete) {
    for (float value : links.bibw_gbps) {
      if (!std::isnan(value)) max_gbps = std::max(max_gbps, static_cast<double>(value));
    }
  }
  const double cell = std::clamp(560.0 / std::max<size_t>(n, 1), 8.0, 36.0);
  size_t longest = 4;
  for (const std::string& host : links.hosts) longest = std::max(longest, host.size());
  const double label = std::min(200.0, 12.0 + 7.0 * static_cast<double>(longest));
  const double grid = cell * static_cast<double>(n);
  const double width = std::max(label + grid + 20, label + 420), height = label + grid + 70;
  std::string svg = absl::StrFormat(
      "<svg class=\"heatmap\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
      "aria-label=\"pairwise bidirectional bandwidth\">\n",
      width, height, width, height);

  auto host_class = [&](const std::string& host) {
    std::string severity = BlameMap::Of(blame.hosts, host);
    for (const auto& [id, link_severity] : blame.links) {
      if (id.rfind(host + "<->", 0) == 0 && SeverityRank(link_severity) > SeverityRank(severity)) {
        severity = link_severity;
      }
    }
    return severity.empty() ? std::string("host") : absl::StrCat("host blamed ", severity);
  };
  for (size_t i = 0; i < n; ++i) {
    const auto& [host, leaf] = ordered[i];
    const std::string klass = host_class(host);
    const double centre = label + cell * (static_cast<double>(i) + 0.5);
    absl::StrAppendFormat(&svg,
                          "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" data-host=\"%s\">%s<title>%s "
                          "(leaf %s)</title></text>\n",
                          klass, label - 6, centre + 4, HtmlEscape(host), HtmlEscape(host), HtmlEscape(host),
                          HtmlEscape(leaf.empty() ? "unknown" : leaf));
    absl::StrAppendFormat(&svg,
                          "<text class=\"%s\" transform=\"translate(%.1f %.1f) rotate(-60)\" data-host=\"%s\">%s</text>\n",
                          klass, centre + 3, label - 6, HtmlEscape(host), HtmlEscape(host));
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      const auto& [a, leaf_a] = ordered[i];
      const auto& [b, leaf_b] = ordered[j];
      const double x = label + cell * static_cast<double>(j), y = label + cell * static_cast<double>(i);
      const double value = complete && index[i] < n && index[j] < n
                               ? static_cast<double>(links.bibw(index[i], index[j]))
                               : std::nan("");
      const double latency = complete && links.latency_us.size() == n * n && index[i] < n && index[j] < n
                                 ? static_cast<double>(links.latency(index[i], index[j]))
                                 : std::nan("");
      const std::string severity = i == j ? std::string() : blame.OfPairOnMap(a, leaf_a, b, leaf_b);
      const std::string fill = std::isnan(value) ? "#e0e0e0" : HeatColour(max_gbps > 0 ? value / max_gbps : 0);
      absl::StrAppendFormat(&svg,
                            "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                            "data-pair=\"%s&lt;-&gt;%s\"><title>%s &#8596; %s: %s</title></rect>\n",
                            severity.empty() ? std::string("cell") : absl::StrCat("cell blamed ", severity), x, y, cell,
                            cell, fill, HtmlEscape(a), HtmlEscape(b), HtmlEscape(a), HtmlEscape(b),
                            std::isnan(value) ? std::string("not measured")
                                              : absl::StrCat(FormatNumber(value), " GB/s, ", FormatNumber(latency),
                                                             " us"));
    }
  }
  // Lines between leaf groups.
  for (size_t i = 1; i < n; ++i) {
    if (ordered[i].second == ordered[i - 1].second) continue;
    const double at = label + cell * static_cast<double>(i);
    absl::StrAppendFormat(&svg,
                          "<line class=\"leaf-split\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                          "<line class=\"leaf-split\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                          label, at, label + grid, at, at, label, at, label + grid);
  }
  // Legend: ten steps from 0 to the maximum, then the grey and outline keys.
  const double legend_y = label + grid + 20;
  for (int step = 0; step < 10; ++step) {
    absl::StrAppendFormat(&svg, "<rect x=\"%.1f\" y=\"%.1f\" width=\"20\" height=\"12\" fill=\"%s\"/>", label + 20.0 * step,
                          legend_y, HeatColour((step + 0.5) / 10));
  }
  absl::StrAppendFormat(&svg,
                        "\n<text class=\"legend\" x=\"%.1f\" y=\"%.1f\">0</text><text class=\"legend\" x=\"%.1f\" "
                        "y=\"%.1f\" text-anchor=\"end\">%s GB/s</text>\n",
                        label, legend_y + 26, label + 200, legend_y + 26, FormatNumber(max_gbps));
  absl::StrAppendFormat(&svg,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"#e0e0e0\"/><text class=\"legend\" "
                        "x=\"%.1f\" y=\"%.1f\">not measured</text>\n",
                        label + 215, legend_y, label + 231, legend_y + 10);
  absl::StrAppendFormat(&svg,
                        "<rect class=\"cell blamed fail\" x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"#ffffff\"/>"
                        "<text class=\"legend\" x=\"%.1f\" y=\"%.1f\">blamed</text>\n",
                        label + 330, legend_y, label + 346, legend_y + 10);
  absl::StrAppend(&svg, "</svg>\n");
  return svg;
}

}  // namespace spinecheck

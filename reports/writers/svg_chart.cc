// Hand-written SVG: Debian packages no C++ charting library that emits a
// self-contained SVG (no script, no external stylesheet or font) for an
// offline page, and a log2 line chart with a band is a few dozen lines.
#include "reports/writers/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "reports/writers/report_format.h"

namespace spinecheck {
namespace {

constexpr double kWidth = 760, kHeight = 380;
constexpr double kLeft = 70, kRight = 20, kTop = 20, kBottom = 60;

// The smallest "nice" number (1, 2, 2.5 or 5 × 10^k) at or above `value`.
double NiceCeiling(double value) {
  if (value <= 0) return 1;
  const double power = std::pow(10.0, std::floor(std::log10(value)));
  for (const double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

}  // namespace

const char* SeriesColour(size_t index) {
  static constexpr const char* kColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd",
                                             "#8c564b", "#e377c2", "#17becf", "#7f7f7f"};
  return kColours[index % (sizeof(kColours) / sizeof(kColours[0]))];
}

std::string RenderBusbwChartSvg(const SweepChart& chart) {
  double log_min = 1e9, log_max = -1e9, y_max = 0;
  auto extend_x = [&](uint64_t size) {
    const double l = std::log2(static_cast<double>(size));
    log_min = std::min(log_min, std::floor(l));
    log_max = std::max(log_max, std::ceil(l));
  };
  for (const SweepSeries& series : chart.series) {
    for (const auto& [size, busbw] : series.points) {
      extend_x(size);
      y_max = std::max(y_max, busbw);
    }
  }
  for (const Expectation& band : chart.band) {
    extend_x(band.size_bytes);
    y_max = std::max({y_max, band.high, band.expected});
  }
  std::string svg = absl::StrFormat(
      "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
      "aria-label=\"busbw against message size, %s\">\n",
      kWidth, kHeight, kWidth, kHeight, HtmlEscape(chart.key));
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  absl::StrAppendFormat(&svg, "<rect class=\"frame\" x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\"/>\n", kLeft,
                        kTop, plot_w, plot_h);
  if (log_max < log_min) {
    absl::StrAppendFormat(&svg, "<text class=\"empty\" x=\"%.0f\" y=\"%.0f\">no measured sizes</text>\n</svg>\n",
                          kLeft + 20, kTop + plot_h / 2);
    return svg;
  }
  if (log_max == log_min) {
    log_min -= 1;
    log_max += 1;
  }
  const double y_top = NiceCeiling(y_max * 1.05);
  auto x_of = [&](uint64_t size) {
    return kLeft + (std::log2(static_cast<double>(size)) - log_min) / (log_max - log_min) * plot_w;
  };
  auto y_of = [&](double value) { return kTop + plot_h - value / y_top * plot_h; };

  // Grid and axes: a y tick every fifth of the range; an x grid line at
  // every power of two, labelled at the smallest size and then at the
  // multiples of a step (1, 2, 5 or 10 powers) that keeps labels at 12 or
  // fewer, so that 1 KiB and 1 MiB are labelled whenever the step allows.
  for (int i = 0; i <= 5; ++i) {
    const double value = y_top * i / 5, y = y_of(value);
    absl::StrAppendFormat(&svg, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", kLeft, y,
                          kLeft + plot_w, y);
    absl::StrAppendFormat(&svg, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                          kLeft - 6, y + 4, FormatNumber(value));
  }
  const int first = static_cast<int>(log_min), last = static_cast<int>(log_max);
  int step = 1;
  for (const int candidate : {1, 2, 5, 10}) {
    step = candidate;
    if ((last - first) / candidate + 1 <= 12) break;
  }
  for (int k = first; k <= last; ++k) {
    const double x = kLeft + (k - log_min) / (log_max - log_min) * plot_w;
    const bool labelled = k == first || (k % step == 0 && k - first >= step);
    absl::StrAppendFormat(&svg, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                          labelled ? "grid" : "grid minor", x, kTop, x, kTop + plot_h);
    if (!labelled) continue;
    absl::StrAppendFormat(&svg, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", x,
                          kTop + plot_h + 16, HtmlEscape(FormatSizeLabel(uint64_t{1} << k)));
  }
  absl::StrAppendFormat(&svg,
                        "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">message size (log2)</text>\n",
                        kLeft + plot_w / 2, kTop + plot_h + 36);
  absl::StrAppendFormat(&svg,
                        "<text class=\"axis\" transform=\"translate(16 %.1f) rotate(-90)\" "
                        "text-anchor=\"middle\">out-of-place busbw (GB/s)</text>\n",
                        kTop + plot_h / 2);

  // The baseline band under the measurements.
  if (!chart.band.empty()) {
    std::string upper, lower, expected;
    for (const Expectation& band : chart.band) {
      absl::StrAppendFormat(&upper, "%.1f,%.1f ", x_of(band.size_bytes), y_of(band.high));
      absl::StrAppendFormat(&expected, "%.1f,%.1f ", x_of(band.size_bytes), y_of(band.expected));
    }
    for (auto it = chart.band.rbegin(); it != chart.band.rend(); ++it) {
      absl::StrAppendFormat(&lower, "%.1f,%.1f ", x_of(it->size_bytes), y_of(it->low));
    }
    absl::StrAppend(&svg, "<polygon class=\"band\" points=\"", upper, lower, "\"><title>baseline band (low..high)",
                    "</title></polygon>\n");
    absl::StrAppend(&svg, "<polyline class=\"expected\" points=\"", expected,
                    "\"><title>baseline expected</title></polyline>\n");
  }

  for (size_t s = 0; s < chart.series.size(); ++s) {
    const SweepSeries& series = chart.series[s];
    std::string points;
    for (const auto& [size, busbw] : series.points) {
      absl::StrAppendFormat(&points, "%.1f,%.1f ", x_of(size), y_of(busbw));
    }
    absl::StrAppendFormat(&svg, "<polyline class=\"series\" stroke=\"%s\" points=\"%s\"/>\n", SeriesColour(s),
                          points);
    for (const auto& [size, busbw] : series.points) {
      absl::StrAppendFormat(&svg,
                            "<circle class=\"point\" fill=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>%s: %s, "
                            "%s GB/s</title></circle>\n",
                            SeriesColour(s), x_of(size), y_of(busbw), HtmlEscape(series.label),
                            HtmlEscape(FormatSizeLabel(size)), FormatNumber(busbw));
    }
  }

  // Legend along the bottom edge.
  double legend_x = kLeft;
  const double legend_y = kHeight - 8;
  for (size_t s = 0; s < chart.series.size(); ++s) {
    absl::StrAppendFormat(&svg,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"4\" fill=\"%s\"/><text class=\"legend\" "
                          "x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                          legend_x, legend_y - 5, SeriesColour(s), legend_x + 18, legend_y,
                          HtmlEscape(chart.series[s].label));
    legend_x += 30 + 6.5 * chart.series[s].label.size();
  }
  if (!chart.band.empty()) {
    absl::StrAppendFormat(&svg,
                          "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"8\"/><text class=\"legend\" "
                          "x=\"%.1f\" y=\"%.1f\">baseline low..high, dashed: expected</text>\n",
                          legend_x, legend_y - 7, legend_x + 18, legend_y);
  }
  absl::StrAppend(&svg, "</svg>\n");
  return svg;
}

}  // namespace spinecheck

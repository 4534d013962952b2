// The busbw-against-message-size chart of the HTML report, as inline SVG.
#ifndef SPINECHECK_REPORTS_WRITERS_SVG_CHART_H_
#define SPINECHECK_REPORTS_WRITERS_SVG_CHART_H_

#include <string>

#include "reports/writers/report_summary.h"

namespace spinecheck {

// Series colours, shared by the chart lines and the page's legends.
const char* SeriesColour(size_t index);

// One <svg> element (no xmlns: it is meant for inline use in HTML): the
// chart's series as lines with a point per size on a log2 x axis labelled
// "8 B", "1 KiB", "1 MiB"..., busbw in GB/s on a linear y axis from 0, and
// the baseline band (low..high shaded, expected dashed) when `chart.band`
// has entries. Every text is escaped. A chart without points renders an
// empty frame with the text "no measured sizes".
std::string RenderBusbwChartSvg(const SweepChart& chart);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_SVG_CHART_H_

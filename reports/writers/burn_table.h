// The terminal table of `spinecheck burn`: one line per device and check
// variant, printed by rank 0 as each check finishes on every rank.
#ifndef SPINECHECK_REPORTS_WRITERS_BURN_TABLE_H_
#define SPINECHECK_REPORTS_WRITERS_BURN_TABLE_H_

#include <string>

#include "reports/model/run_document.h"

namespace spinecheck {

// Column titles, two lines, each ending in '\n'.
std::string FormatBurnTableHeader();
// One line, without '\n'.
std::string FormatBurnTableRow(const BurnResult& result);
// One line per device with telemetry (or why there is none), each ending in '\n'.
std::string FormatTelemetryLine(const DeviceTelemetry& telemetry);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_BURN_TABLE_H_

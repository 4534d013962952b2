// Long ("tidy") CSV of any number of result documents: one line per
// measured value, for spreadsheets, pandas and data warehouses.
#ifndef SPINECHECK_REPORTS_WRITERS_LONG_CSV_H_
#define SPINECHECK_REPORTS_WRITERS_LONG_CSV_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// Columns: run,producer,name,params,metric,value,unit,verdict (header line
// first, lines end in '\n', RFC 4180 quoting where a field needs it).
//
//   run       RunId(): the document's start_time, or source.file when imported.
//   producer  "<source.producer> <command>": "spinecheck sweep", "nccl-tests import".
//   name      what was measured: the collective ("all_reduce"), "burn.<check>"
//             ("burn.gemm"), "telemetry", "links".
//   params    key=value pairs joined by ';', identifying the measurement:
//             collectives  size_bytes=;type=;redop=[;root=];placement=out_of_place|in_place
//             burn         host=;device=UUID;index=;variant=
//             telemetry    host=;device=UUID;index=
//             links        pair=hostA,hostB (hostA first in the matrix order)
//   metric    collectives: time_us, algbw_gbps, busbw_gbps, wrong;
//             burn: value (in the record's unit), mismatches;
//             telemetry: temperature_max_c, power_max_w, power_limit_w,
//             sm_clock_min_mhz, sm_clock_max_mhz, ecc_corrected, ecc_uncorrected,
//             xid_events, pcie_gen_current, pcie_width_current (ecc as the
//             change during the burn); a device without telemetry has one
//             line, metric "available", no value, verdict "skipped";
//             links: bandwidth_gbps, latency_us.
//   value     shortest round-trip decimal; empty when there is no value
//             (a placement not checked, a skipped or failed burn check).
//   unit      "us", "GB/s", "elements", "TFLOPS", "C", "W", "MHz", "errors", "events", ...
//   verdict   the most severe finding that covers the measurement ("fail",
//             "error", "warn"); else "skipped" (burn check skipped on the
//             device, telemetry unavailable), "error" (burn check could not
//             run), "not_checked" (measured but its data not verified), or
//             "pass" (measured and verified, or a measurement without
//             verification such as a link pair, and no finding).
//
// Rows, in order: collective rows (measured placements only), burn results,
// telemetry, link pairs (each unordered pair once, measured pairs only; a
// metric whose matrix entry is missing is left out).
std::string RenderLongCsv(const std::vector<RunDocument>& documents);

absl::Status WriteLongCsv(const std::vector<RunDocument>& documents, const std::string& path);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_LONG_CSV_H_

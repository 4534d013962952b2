// Result documents for the machine-output writer tests: a sweep with a
// corrupted rank, a burn with a failed, a warned, a skipped and an errored
// device, and a links run with a topology and a blamed uplink. One host name
// carries a quote, '<', '&' and a newline to exercise every escaping rule.
#ifndef SPINECHECK_TESTS_SUPPORT_SAMPLES_MACHINE_OUTPUT_DOCUMENTS_H_
#define SPINECHECK_TESTS_SUPPORT_SAMPLES_MACHINE_OUTPUT_DOCUMENTS_H_

#include <string>
#include <vector>

#include "reports/model/run_document.h"

namespace spinecheck {

inline constexpr char kOddHost[] = "odd\"<&\nhost";

// 2 ranks (node01, kOddHost); all_reduce float sum at 1 KiB and 1 MiB, rank 1
// wrong at 1 MiB out of place; an all_gather row not checked (-c 0).
RunDocument SampleSweepDocument();

// node01: gpu0 healthy (gemm fp32 + fp8 skipped, telemetry), gpu1 gemm
// mismatch (fail), gpu2 below expected (warn) with its copy check skipped;
// node02: gpu0 memory check error, no telemetry (NVML missing).
RunDocument SampleBurnDocument();

// node01..node04 under leaf0 (01, 02) and leaf1 (03, 04), one spine; the
// pair node02-node04 not measured; leaf1<->spine0 blamed (links.slow_uplink)
// and an unexplained warning.
RunDocument SampleLinksDocument();

std::vector<RunDocument> SampleDocuments();

}  // namespace spinecheck

#endif  // SPINECHECK_TESTS_SUPPORT_SAMPLES_MACHINE_OUTPUT_DOCUMENTS_H_

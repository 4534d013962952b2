// Result documents of one small cluster, built in code, for the HTML and
// Markdown report tests and the browser test's sample page:
//   sweep  all_reduce float sum, 8 B .. 16 MiB, with a baseline band; pass
//   burn   two GPUs per host; GPU 1 of node02 returns wrong GEMM elements; fail
//   links  six hosts on two leaves (interleaved in rank order) under one
//          spine; the uplink leaf01<->spine00 is slow and blamed; node01 has
//          a latency warning; one host is named "<script>alert(1)</script>"
//   topo   the node inventories; node04's NIC runs at 200 Gb/s, the others
//          at 400 Gb/s
#ifndef SPINECHECK_TESTS_SUPPORT_SAMPLES_REPORT_DOCUMENTS_H_
#define SPINECHECK_TESTS_SUPPORT_SAMPLES_REPORT_DOCUMENTS_H_

#include <string>
#include <vector>

#include "reports/model/run_document.h"

namespace spinecheck {

inline constexpr char kHostileHost[] = "<script>alert(1)</script>";
// The UUID of the GPU with wrong GEMM elements.
inline constexpr char kCorruptGpuUuid[] = "GPU-00000002-0001-4000-8000-000000000000";

RunDocument SampleSweepDocument();
RunDocument SampleBurnDocument();
RunDocument SampleLinksDocument();
RunDocument SampleTopoDocument();

// All four, in the order above.
std::vector<RunDocument> SampleDocuments();

}  // namespace spinecheck

#endif  // SPINECHECK_TESTS_SUPPORT_SAMPLES_REPORT_DOCUMENTS_H_

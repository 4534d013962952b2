// Rich result documents built in code, one per subcommand, with every field
// of the model set (and every optional both set and unset somewhere): the
// inputs of the reader's round-trip tests.
#ifndef SPINECHECK_TESTS_SUPPORT_SAMPLES_ROUND_TRIP_DOCUMENTS_H_
#define SPINECHECK_TESTS_SUPPORT_SAMPLES_ROUND_TRIP_DOCUMENTS_H_

#include "reports/model/run_document.h"

namespace spinecheck::testing {

// `sweep` on 4 ranks interleaved over 2 hosts, 2 GPUs per rank: rows with
// both placements, wrong counts, config values of every type, findings
// (one with a NaN measurement), a failing verdict, a baseline.
RunDocument SweepDocument();
// `burn`: results with and without details and mismatches, telemetry with
// every counter set and with none, DCGM results.
RunDocument BurnDocument();
// `links` on 3 hosts: a cluster map and the matrices (NaN diagonal, a
// retested pair, an unreachable host).
RunDocument LinksDocument();
// `topo`: two node inventories, one with NICs, RDMA ports, GPUs and links.
RunDocument TopoDocument();
// `import` of another tool's output: source set.
RunDocument ImportDocument();

}  // namespace spinecheck::testing

#endif  // SPINECHECK_TESTS_SUPPORT_SAMPLES_ROUND_TRIP_DOCUMENTS_H_

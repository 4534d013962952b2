// Baseline files (--baseline, spinecheck report baseline).
#include "reports/baseline/baseline_json.h"
#include "tests/fuzz/fuzz_target.h"

SPINECHECK_FUZZ_TARGET(baseline) { (void)spinecheck::ParseBaseline(input, "baseline.json"); }

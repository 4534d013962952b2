// The thresholds CSV (--thresholds, diag/data/thresholds.csv).
#include "diag/thresholds.h"
#include "tests/fuzz/fuzz_target.h"

SPINECHECK_FUZZ_TARGET(thresholds) { (void)spinecheck::Thresholds::Parse(input, "thresholds.csv"); }

// dcgmi diag -j output (spinecheck burn --dcgm-level).
#include "diag/dcgm/dcgm_diag.h"
#include "tests/fuzz/fuzz_target.h"

SPINECHECK_FUZZ_TARGET(dcgm_diag) { (void)spinecheck::ParseDcgmDiagJson(input, "node01"); }

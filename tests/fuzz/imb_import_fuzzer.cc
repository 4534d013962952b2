// Intel MPI Benchmarks logs (spinecheck report import imb).
#include "reports/importers/imb.h"
#include "tests/fuzz/fuzz_target.h"

SPINECHECK_FUZZ_TARGET(imb_import) { (void)spinecheck::ImportImb(input, "fuzz.txt"); }

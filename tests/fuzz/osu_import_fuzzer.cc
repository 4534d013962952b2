// OSU micro-benchmark logs (spinecheck report import osu).
#include "reports/importers/osu.h"
#include "tests/fuzz/fuzz_target.h"

SPINECHECK_FUZZ_TARGET(osu_import) { (void)spinecheck::ImportOsu(input, "fuzz.txt"); }

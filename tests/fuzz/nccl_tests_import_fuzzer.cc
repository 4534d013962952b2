// nccl-tests logs: text of every era and -J JSON (spinecheck report import nccl-tests).
#include "reports/importers/nccl_tests.h"
#include "tests/fuzz/fuzz_target.h"

SPINECHECK_FUZZ_TARGET(nccl_tests_import) { (void)spinecheck::ImportNcclTests(input, "fuzz.txt"); }

// Smoke profile files (spinecheck smoke --profile FILE).
#include "tests/fuzz/fuzz_target.h"
#include "run/smoke_profile.h"

SPINECHECK_FUZZ_TARGET(smoke_profile) { (void)spinecheck::ParseProfile(input, "site.profile"); }

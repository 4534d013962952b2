// ibnetdiscover output.
#include "tests/fuzz/fuzz_target.h"
#include "topology/fabric/ibnetdiscover.h"

SPINECHECK_FUZZ_TARGET(ibnetdiscover) { (void)spinecheck::ParseIbnetdiscover(input, "ibnetdiscover.txt"); }

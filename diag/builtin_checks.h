// The explicit registry of burn checks.
#ifndef SPINECHECK_DIAG_BUILTIN_CHECKS_H_
#define SPINECHECK_DIAG_BUILTIN_CHECKS_H_

#include "absl/status/status.h"
#include "diag/check.h"

namespace spinecheck {

// Registers gemm, memory and copy, in that order (the order they run).
absl::Status RegisterBuiltinChecks(CheckRegistry& registry);

// A registry of the built-in checks, made once (thread-safe).
const CheckRegistry& BuiltinChecks();

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_BUILTIN_CHECKS_H_

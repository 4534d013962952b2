// The built-in burn checks; RegisterBuiltinChecks (builtin_checks.h)
// registers them in this order.
#ifndef SPINECHECK_DIAG_CHECKS_CHECKS_H_
#define SPINECHECK_DIAG_CHECKS_CHECKS_H_

#include <memory>
#include <string>

#include "diag/check.h"

namespace spinecheck {

// "gemm": duration-based GEMM load of every selected type, each product
// compared with the reference; TFLOPS per type.
std::unique_ptr<DiagCheck> MakeGemmCheck();
// "memory": walking ones, random and moving inversions over most of the
// device's memory; GB/s moved and mismatching words per pattern.
std::unique_ptr<DiagCheck> MakeMemoryCheck();
// "copy": copy bandwidth along every path of the device's copy engine;
// runs on one device of a host at a time (host links are shared).
std::unique_ptr<DiagCheck> MakeCopyCheck();

// A result of `check` / `variant` with status "measured"; the check fills
// the figures.
BurnResult MeasuredResult(std::string check, std::string variant);
// A result with status "skipped" or "error" and the reason.
BurnResult UnmeasuredResult(std::string check, std::string variant, BurnStatus status, std::string reason);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_CHECKS_CHECKS_H_

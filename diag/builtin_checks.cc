#include "diag/builtin_checks.h"

#include "diag/checks/checks.h"
#include "reports/model/status_macros.h"

namespace spinecheck {

absl::Status RegisterBuiltinChecks(CheckRegistry& registry) {
  SPINECHECK_RETURN_IF_ERROR(registry.Register("gemm", MakeGemmCheck()));
  SPINECHECK_RETURN_IF_ERROR(registry.Register("memory", MakeMemoryCheck()));
  SPINECHECK_RETURN_IF_ERROR(registry.Register("copy", MakeCopyCheck()));
  return absl::OkStatus();
}

const CheckRegistry& BuiltinChecks() {
  static const CheckRegistry registry = [] {
    CheckRegistry built("check");
    (void)RegisterBuiltinChecks(built);  // built-in names are distinct
    return built;
  }();
  return registry;
}

}  // namespace spinecheck

// Early-return helpers for absl::Status / absl::StatusOr (the Abseil release
// on Debian 12 predates absl's own macros).
#ifndef SPINECHECK_REPORTS_MODEL_STATUS_MACROS_H_
#define SPINECHECK_REPORTS_MODEL_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define SPINECHECK_CONCAT_INNER_(a, b) a##b
#define SPINECHECK_CONCAT_(a, b) SPINECHECK_CONCAT_INNER_(a, b)

// Returns from the calling function when `expr` yields a non-OK status.
#define SPINECHECK_RETURN_IF_ERROR(expr)           \
  do {                                             \
    ::absl::Status spinecheck_status_ = (expr);    \
    if (!spinecheck_status_.ok()) return spinecheck_status_; \
  } while (false)

// `lhs = value of expr`, or returns its status from the calling function.
#define SPINECHECK_ASSIGN_OR_RETURN(lhs, expr) \
  SPINECHECK_ASSIGN_OR_RETURN_IMPL_(SPINECHECK_CONCAT_(spinecheck_or_, __LINE__), lhs, expr)
#define SPINECHECK_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                      \
  if (!tmp.ok()) return std::move(tmp).status();          \
  lhs = std::move(tmp).value()

#endif  // SPINECHECK_REPORTS_MODEL_STATUS_MACROS_H_

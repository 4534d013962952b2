#include <utility>

#include "diag/checks/checks.h"

namespace spinecheck {

BurnResult MeasuredResult(std::string check, std::string variant) {
  BurnResult result;
  result.check = std::move(check);
  result.variant = std::move(variant);
  result.status = BurnStatus::kMeasured;
  return result;
}

BurnResult UnmeasuredResult(std::string check, std::string variant, BurnStatus status, std::string reason) {
  BurnResult result;
  result.check = std::move(check);
  result.variant = std::move(variant);
  result.status = status;
  result.reason = std::move(reason);
  return result;
}

}  // namespace spinecheck

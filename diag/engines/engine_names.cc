#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "diag/engines/gemm_engine.h"
#include "diag/engines/memory_engine.h"

namespace spinecheck {

absl::string_view GemmTypeName(GemmType type) {
  switch (type) {
    case GemmType::kFp64: return "fp64";
    case GemmType::kFp32: return "fp32";
    case GemmType::kTf32: return "tf32";
    case GemmType::kBf16: return "bf16";
    case GemmType::kFp16: return "fp16";
    case GemmType::kFp8: return "fp8";
  }
  return "unknown";
}

const std::vector<GemmType>& AllGemmTypes() {
  static const std::vector<GemmType> types = {GemmType::kFp64, GemmType::kFp32, GemmType::kTf32,
                                              GemmType::kBf16, GemmType::kFp16, GemmType::kFp8};
  return types;
}

absl::StatusOr<GemmType> ParseGemmType(absl::string_view name) {
  std::vector<std::string> known;
  for (GemmType type : AllGemmTypes()) {
    if (GemmTypeName(type) == name) return type;
    known.emplace_back(GemmTypeName(type));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown GEMM type '", name, "'; known: ", absl::StrJoin(known, ", ")));
}

absl::string_view MemoryPatternName(MemoryPattern pattern) {
  switch (pattern) {
    case MemoryPattern::kWalkingOnes: return "walking_ones";
    case MemoryPattern::kRandom: return "random";
    case MemoryPattern::kMovingInversions: return "moving_inversions";
  }
  return "unknown";
}

const std::vector<MemoryPattern>& AllMemoryPatterns() {
  static const std::vector<MemoryPattern> patterns = {MemoryPattern::kWalkingOnes, MemoryPattern::kRandom,
                                                      MemoryPattern::kMovingInversions};
  return patterns;
}

}  // namespace spinecheck

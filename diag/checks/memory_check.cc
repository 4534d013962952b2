#include <chrono>

#include "absl/strings/str_cat.h"
#include "diag/checks/checks.h"
#include "diag/engines/engine_factory.h"
#include "diag/pacer.h"
#include "reports/model/status_macros.h"

namespace spinecheck {
namespace {

class MemoryCheck final : public DiagCheck {
 public:
  absl::string_view name() const override { return "memory"; }
  absl::string_view description() const override {
    return "walking ones, random and moving inversions over most of the device's memory";
  }

  absl::Status Applicable(const CheckContext&) const override { return absl::OkStatus(); }

  absl::StatusOr<std::vector<BurnResult>> Run(const CheckContext& context) const override {
    SPINECHECK_ASSIGN_OR_RETURN(std::unique_ptr<MemoryEngine> engine, CreateMemoryEngine(context.device));
    uint64_t bytes = context.options.memory_bytes;
    if (bytes == 0) {
      SPINECHECK_ASSIGN_OR_RETURN(bytes, engine->DefaultBytes(context.options.local_ranks));
    }
    SPINECHECK_RETURN_IF_ERROR(engine->Allocate(bytes));
    const Pacer pacer(context.options.faults.slow_factor);
    std::vector<BurnResult> results;
    for (MemoryPattern pattern : AllMemoryPatterns()) {
      const auto start = std::chrono::steady_clock::now();
      absl::StatusOr<MemoryPassResult> pass = engine->Run(pattern, context.options.seed);
      if (!pass.ok()) {
        results.push_back(UnmeasuredResult("memory", std::string(MemoryPatternName(pattern)), "error",
                                           std::string(pass.status().message())));
        continue;
      }
      pacer.AfterIteration(absl::FromChrono(std::chrono::steady_clock::now() - start));
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      BurnResult result = MeasuredResult("memory", std::string(MemoryPatternName(pattern)));
      result.seconds = seconds;
      result.iterations = 1;
      result.mismatches = pass->mismatches;
      result.checked_elements = pass->words_checked;
      result.value = static_cast<double>(pass->bytes_moved) / seconds / 1e9;
      result.unit = "GB/s";
      if (context.thresholds != nullptr) result.expected = context.thresholds->memory_gbps;
      result.details = {{"bytes", static_cast<double>(bytes)}};
      results.push_back(std::move(result));
    }
    engine->Release();
    return results;
  }
};

}  // namespace

std::unique_ptr<DiagCheck> MakeMemoryCheck() { return std::make_unique<MemoryCheck>(); }

}  // namespace spinecheck

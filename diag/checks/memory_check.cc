#include <chrono>

#include "absl/strings/str_cat.h"
#include "diag/checks/checks.h"
#include "diag/checks/median_rate.h"
#include "diag/engines/engine_factory.h"
#include "diag/pacer.h"
#include "reports/model/status_macros.h"

namespace spinecheck {
namespace {

constexpr absl::Duration kMinMeasuring = absl::Milliseconds(500);  // per pattern; whole passes

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
    if (absl::Status allocated = engine->Allocate(bytes); !allocated.ok()) {
      return absl::Status(allocated.code(), absl::StrCat(allocated.message(), "; lower --memory-size"));
    }
    const Pacer pacer(context.options.faults.slow_factor);
    std::vector<BurnResult> results;
    for (MemoryPattern pattern : AllMemoryPatterns()) {
      absl::StatusOr<BurnResult> result = RunPattern(*engine, pattern, context, pacer);
      if (!result.ok()) {
        results.push_back(UnmeasuredResult("memory", std::string(MemoryPatternName(pattern)), BurnStatus::kError,
                                           std::string(result.status().message())));
        continue;
      }
      result->details = {{"bytes", static_cast<double>(bytes)}};
      results.push_back(*std::move(result));
    }
    engine->Release();
    return results;
  }

 private:
  // Passes of `pattern` over the whole buffer (each with a new seed) until
  // kMinMeasuring has passed, so that the bandwidth is not a few
  // milliseconds' worth of scheduling noise.
  static absl::StatusOr<BurnResult> RunPattern(MemoryEngine& engine, MemoryPattern pattern,
                                               const CheckContext& context, const Pacer& pacer) {
    BurnResult result = MeasuredResult("memory", std::string(MemoryPatternName(pattern)));
    int64_t mismatches = 0;
    MedianRate rate;
    const auto start = std::chrono::steady_clock::now();
    const auto long_enough = start + absl::ToChronoNanoseconds(kMinMeasuring);
    do {
      const auto pass_start = std::chrono::steady_clock::now();
      SPINECHECK_ASSIGN_OR_RETURN(const MemoryPassResult pass,
                                  engine.Run(pattern, context.options.seed + static_cast<uint64_t>(result.iterations)));
      pacer.AfterIteration(absl::FromChrono(std::chrono::steady_clock::now() - pass_start));
      rate.Add(static_cast<double>(pass.bytes_moved), absl::FromChrono(std::chrono::steady_clock::now() - pass_start));
      mismatches += pass.mismatches;
      result.checked_elements += pass.words_checked;
      ++result.iterations;
    } while (std::chrono::steady_clock::now() < long_enough);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.mismatches = mismatches;
    result.value = rate.Median() / 1e9;
    result.details = {{"sustained", rate.Sustained() / 1e9}};
    result.unit = "GB/s";
    if (context.thresholds != nullptr) result.expected = context.thresholds->memory_gbps;
    return result;
  }
};

}  // namespace

std::unique_ptr<DiagCheck> MakeMemoryCheck() { return std::make_unique<MemoryCheck>(); }

}  // namespace spinecheck

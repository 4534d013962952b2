#include <chrono>

#include "absl/strings/str_cat.h"
#include "diag/checks/checks.h"
#include "diag/checks/median_rate.h"
#include "diag/engines/engine_factory.h"
#include "diag/pacer.h"
#include "reports/model/status_macros.h"

namespace spinecheck {
namespace {

constexpr int kDefaultHostGemmSize = 2048;    // about a second of one core per fp64 product
constexpr int kDefaultDeviceGemmSize = 8192;  // tens of milliseconds on a datacenter GPU

class GemmCheck final : public DiagCheck {
 public:
  absl::string_view name() const override { return "gemm"; }
  absl::string_view description() const override {
    return "GEMM load for --duration, every product compared with the verified reference; TFLOPS per type";
  }

  absl::Duration PlannedDuration(const CheckOptions& options) const override { return options.gemm_duration; }
  absl::Status Applicable(const CheckContext&) const override { return absl::OkStatus(); }

  absl::StatusOr<std::vector<BurnResult>> Run(const CheckContext& context) const override {
    const CheckOptions& options = context.options;
    SPINECHECK_ASSIGN_OR_RETURN(std::unique_ptr<GemmEngine> engine,
                                CreateGemmEngine(context.device, options.cpu_threads));
    const std::vector<GemmType>& selected = options.gemm_types.empty() ? AllGemmTypes() : options.gemm_types;
    std::vector<GemmType> runnable;
    std::vector<BurnResult> results;
    for (GemmType type : selected) {
      if (absl::Status supported = engine->Supports(type); !supported.ok()) {
        results.push_back(UnmeasuredResult("gemm", std::string(GemmTypeName(type)), BurnStatus::kSkipped,
                                           std::string(supported.message())));
      } else {
        runnable.push_back(type);
      }
    }
    if (runnable.empty()) return results;
    const int n = options.gemm_size > 0 ? options.gemm_size
                  : context.device.memory_space() == MemorySpace::kHost ? kDefaultHostGemmSize
                                                                        : kDefaultDeviceGemmSize;
    const absl::Duration per_type = options.gemm_duration / static_cast<int64_t>(runnable.size());
    for (GemmType type : runnable) {
      absl::StatusOr<BurnResult> result = RunType(*engine, type, n, per_type, context);
      if (!result.ok()) {
        results.push_back(UnmeasuredResult("gemm", std::string(GemmTypeName(type)), BurnStatus::kError,
                                           std::string(result.status().message())));
        continue;
      }
      results.push_back(*std::move(result));
    }
    return results;
  }

 private:
  // Products of one type, back to back, until `duration` has passed (at
  // least one). TFLOPS is the median window's rate (MedianRate), comparisons
  // and pauses of the slow fault included.
  static absl::StatusOr<BurnResult> RunType(GemmEngine& engine, GemmType type, int n, absl::Duration duration,
                                            const CheckContext& context) {
    BurnResult result = MeasuredResult("gemm", std::string(GemmTypeName(type)));
    SPINECHECK_ASSIGN_OR_RETURN(const int64_t reference_failures, engine.Prepare(type, n, context.options.seed));
    const Pacer pacer(context.options.faults.slow_factor);
    const int64_t elements = static_cast<int64_t>(n) * n;
    int64_t mismatches = reference_failures;
    const auto start = std::chrono::steady_clock::now();
    const auto end = start + absl::ToChronoNanoseconds(duration);
    const double flops = 2.0 * n * static_cast<double>(n) * n;
    MedianRate rate;
    auto now = start;
    do {
      const auto iteration_start = now;
      SPINECHECK_ASSIGN_OR_RETURN(const int64_t different, engine.Iterate(context.options.faults.corrupt_gemm));
      mismatches += different;
      ++result.iterations;
      pacer.AfterIteration(absl::FromChrono(std::chrono::steady_clock::now() - iteration_start));
      now = std::chrono::steady_clock::now();
      rate.Add(flops, absl::FromChrono(now - iteration_start));
    } while (now < end);
    engine.Release();
    result.seconds = std::chrono::duration<double>(now - start).count();
    result.mismatches = mismatches;
    result.checked_elements = elements * (result.iterations + 1);  // the reference is checked too
    result.value = rate.Median() / 1e12;
    result.unit = "TFLOPS";
    if (context.thresholds != nullptr) {
      if (auto it = context.thresholds->gemm_tflops.find(result.variant); it != context.thresholds->gemm_tflops.end()) {
        result.expected = it->second;
      }
    }
    result.details = {{"n", n},
                      {"reference_failed_rows", static_cast<double>(reference_failures)},
                      {"sustained", rate.Sustained() / 1e12}};
    if (context.device.memory_space() == MemorySpace::kHost) {
      result.details.emplace_back("threads", context.options.cpu_threads);
    }
    return result;
  }
};

}  // namespace

std::unique_ptr<DiagCheck> MakeGemmCheck() { return std::make_unique<GemmCheck>(); }

}  // namespace spinecheck

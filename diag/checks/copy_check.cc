#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "diag/checks/checks.h"
#include "diag/checks/median_rate.h"
#include "diag/engines/engine_factory.h"
#include "diag/pacer.h"
#include "reports/model/status_macros.h"

namespace spinecheck {
namespace {

constexpr uint64_t kDefaultHostCopyBytes = 64ULL << 20;
constexpr uint64_t kDefaultDeviceCopyBytes = 256ULL << 20;
constexpr int kMinRepetitions = 10;  // timed copies per path, after one untimed ...
constexpr absl::Duration kMinMeasuring = absl::Milliseconds(500);  // ... and at least this long

class CopyCheck final : public DiagCheck {
 public:
  absl::string_view name() const override { return "copy"; }
  absl::string_view description() const override {
    return "copy bandwidth: host<->device (pinned) and device->device on a GPU, memcpy on a CPU";
  }

  // GPUs of a host take turns: their copies share the host's PCIe link. CPU
  // ranks copy together: memcpy has no link of its own, and the host's
  // memory bandwidth, which they share, drifts on a shared machine, so ranks
  // measured at different moments would not be comparable.
  bool RunsConcurrentlyOnHost(MemorySpace space) const override { return space == MemorySpace::kHost; }
  absl::Status Applicable(const CheckContext&) const override { return absl::OkStatus(); }

  absl::StatusOr<std::vector<BurnResult>> Run(const CheckContext& context) const override {
    SPINECHECK_ASSIGN_OR_RETURN(std::unique_ptr<CopyEngine> engine, CreateCopyEngine(context.device));
    uint64_t bytes = context.options.copy_bytes;
    if (bytes == 0) {
      bytes = context.device.memory_space() == MemorySpace::kHost ? kDefaultHostCopyBytes : kDefaultDeviceCopyBytes;
    }
    if (absl::Status allocated = engine->Allocate(bytes); !allocated.ok()) {
      return absl::Status(allocated.code(), absl::StrCat(allocated.message(), "; lower --copy-size"));
    }
    const Pacer pacer(context.options.faults.slow_factor);
    std::vector<BurnResult> results;
    for (size_t path = 0; path < engine->Paths().size(); ++path) {
      const std::string& name = engine->Paths()[path];
      absl::StatusOr<BurnResult> result = MeasurePath(*engine, path, bytes, pacer);
      if (!result.ok()) {
        results.push_back(UnmeasuredResult("copy", name, BurnStatus::kError, std::string(result.status().message())));
        continue;
      }
      if (context.thresholds != nullptr) {
        if (name == "h2d") result->expected = context.thresholds->h2d_gbps;
        if (name == "d2h") result->expected = context.thresholds->d2h_gbps;
      }
      results.push_back(*std::move(result));
    }
    engine->Release();
    return results;
  }

 private:
  static absl::StatusOr<BurnResult> MeasurePath(CopyEngine& engine, size_t path, uint64_t bytes, const Pacer& pacer) {
    BurnResult result = MeasuredResult("copy", engine.Paths()[path]);
    SPINECHECK_RETURN_IF_ERROR(engine.CopyOnce(path).status());  // warm-up: first-touch and page mapping
    // Each timed copy is waited for and its pause of the slow fault counts;
    // the figure is the median window's rate (MedianRate).
    const auto start = std::chrono::steady_clock::now();
    const auto long_enough = start + absl::ToChronoNanoseconds(kMinMeasuring);
    MedianRate rate;
    do {
      const auto copy_start = std::chrono::steady_clock::now();
      SPINECHECK_ASSIGN_OR_RETURN(const double seconds, engine.CopyOnce(path));
      pacer.AfterIteration(absl::Seconds(seconds));
      rate.Add(static_cast<double>(bytes), absl::FromChrono(std::chrono::steady_clock::now() - copy_start));
      ++result.iterations;
    } while (result.iterations < kMinRepetitions || std::chrono::steady_clock::now() < long_enough);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    SPINECHECK_ASSIGN_OR_RETURN(const int64_t different, engine.VerifyLast(path));
    result.mismatches = different;
    result.checked_elements = static_cast<int64_t>(bytes / sizeof(uint32_t));
    result.value = rate.Median() / 1e9;
    result.unit = "GB/s";
    result.details = {{"bytes", static_cast<double>(bytes)}, {"sustained", rate.Sustained() / 1e9}};
    return result;
  }
};

}  // namespace

std::unique_ptr<DiagCheck> MakeCopyCheck() { return std::make_unique<CopyCheck>(); }

}  // namespace spinecheck

// DiagCheck: one burn check behind one small interface (applicable? -> run
// -> per-device outcome). Checks are registered explicitly in
// RegisterBuiltinChecks (builtin_checks.h) and selected with --checks.
#ifndef SPINECHECK_DIAG_CHECK_H_
#define SPINECHECK_DIAG_CHECK_H_

#include <cstdint>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "diag/engines/gemm_engine.h"
#include "diag/thresholds.h"
#include "reports/model/registry.h"
#include "reports/model/run_document.h"
#include "topology/device/device.h"

namespace spinecheck {

// Testing faults (--inject) as they reach one rank's checks. They act on
// the real computation only.
struct CheckFaults {
  bool corrupt_gemm = false;  // corrupt=RANK: flip a bit of the real GEMM output every iteration after the first
  double slow_factor = 1.0;   // slow=RANK:FACTOR: every measured loop runs at FACTOR of its speed
};

struct CheckOptions {
  absl::Duration gemm_duration = absl::Seconds(30);  // --duration, shared by the GEMM types
  std::vector<GemmType> gemm_types;                  // empty: every type the device supports
  int gemm_size = 0;              // n of the n x n GEMM; 0: the engine kind's default
  uint64_t memory_bytes = 0;      // bytes under the memory test; 0: the engine's DefaultBytes
  uint64_t copy_bytes = 0;        // bytes per copy; 0: the default (256 MiB GPU, 64 MiB CPU)
  int cpu_threads = 1;            // BLAS threads on a CPU device: the rank's share of the cores
  int local_ranks = 1;            // ranks on this host, for per-rank memory shares
  uint64_t seed = 1;              // inputs and patterns; the same on every rank
  CheckFaults faults;
};

// What a check is given for one device.
struct CheckContext {
  Device& device;
  const CheckOptions& options;
  const ThresholdRow* thresholds;  // the device model's row; null when the model is not listed
};

class DiagCheck {
 public:
  virtual ~DiagCheck() = default;

  virtual absl::string_view name() const = 0;
  virtual absl::string_view description() const = 0;

  // Whether the devices of one host run this check together, on devices
  // whose memory lives in `space`. False for a check that measures a link
  // those devices share (host<->device copies): it then runs on one device
  // of each host at a time.
  virtual bool RunsConcurrentlyOnHost(MemorySpace /*space*/) const { return true; }

  // How long the check is planned to run (its load duration); zero when
  // it runs a fixed amount of work. Deadlines add -T to it.
  virtual absl::Duration PlannedDuration(const CheckOptions&) const { return absl::ZeroDuration(); }

  // OK when the check can run on this device; otherwise the reason it is
  // skipped (recorded as a "skipped" result, never as a pass).
  virtual absl::Status Applicable(const CheckContext& context) const = 0;

  // Runs the check on the device. Returns one result per variant (GEMM
  // type, memory pattern, copy path) with check, variant, status, measured
  // values and mismatches filled; the runner adds rank, host and device. A
  // returned error means the check could not run (the device could not be
  // used), which is reported as an error, not as a device verdict.
  virtual absl::StatusOr<std::vector<BurnResult>> Run(const CheckContext& context) const = 0;
};

using CheckRegistry = Registry<DiagCheck>;

// Runs `check` on the context's device as every subcommand does: a
// "skipped" result (the reason from Applicable) when the device cannot run
// it, the check's results when it ran, or one "error" result whose reason
// starts with `where` (rank@host) when it could not run. The caller fills
// in rank, host and device.
std::vector<BurnResult> RunCheckOnDevice(const DiagCheck& check, const CheckContext& context, absl::string_view where);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_CHECK_H_

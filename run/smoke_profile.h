// Profiles of `spinecheck smoke`: what each phase measures, how large, how
// long and with which tolerances, as key=value settings (docs/profiles.md).
//
// A profile is the built-in `smoke`, `quick` or `acceptance`, or a file of
// `key = value` lines (# comments, blank lines). Explicit flags are applied
// after the profile through the same keys, so the last word is the
// operator's. Every key is validated where it is read: an unknown key or a
// bad value is kInvalidArgument naming the file and line (or the flag).
#ifndef SPINECHECK_RUN_SMOKE_PROFILE_H_
#define SPINECHECK_RUN_SMOKE_PROFILE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "reports/model/run_document.h"

namespace spinecheck {

struct SmokeSettings {
  std::string profile = "smoke";  // the profile's name, or its file's path
  absl::Duration budget = absl::Seconds(50);
  // Phases in order; each may be left out.
  bool inventory = true;
  bool burn = true;
  bool sweep = true;
  bool links = true;
  int expect_devices = 0;          // 0: the most common count across hosts
  std::string device = "auto";     // burn device: gpu, cpu, auto
  std::string backend = "auto";    // sweep data plane: nccl, mpi, auto
  std::string burn_checks = "gemm,memory";
  absl::Duration burn_duration = absl::Seconds(5);  // GEMM load, shared by the types; scaled down to fit
  std::string burn_types = "all";
  int burn_gemm_size = 0;          // 0: the engine's default
  uint64_t burn_memory_bytes = 1ULL << 30;      // per GPU; 0: most of the free memory
  uint64_t burn_memory_bytes_cpu = 64ULL << 20; // per CPU rank; 0: the engine's default
  double burn_tolerance = 0.15;
  std::string sweep_collectives = "all_reduce";
  uint64_t sweep_min_bytes = 8;
  uint64_t sweep_max_bytes = 64ULL << 20;
  int sweep_step_factor = 2;
  int sweep_iters = 5;
  int sweep_warmup = 1;
  int sweep_check = 1;
  std::string links_schedule = "quick";  // quick, full
  uint64_t links_bytes = 4ULL << 20;
  int links_repetitions = 3;
  double links_tolerance = 0.25;
};

// The built-in profiles' names, in the order the documentation lists them.
const std::vector<std::string>& BuiltinProfileNames();

// The settings of built-in profile `name`, or of the profile file at `name`
// when it is not a built-in name. kInvalidArgument naming the file:line.
absl::StatusOr<SmokeSettings> LoadProfile(const std::string& name);

// The settings of a profile file's `text` (read from `name`): the smoke
// profile's, then the file's key = value lines. kInvalidArgument
// "--profile: NAME:LINE: reason".
absl::StatusOr<SmokeSettings> ParseProfile(const std::string& text, const std::string& name);

// Applies one `key=value` to `settings`. kInvalidArgument naming the key
// and the accepted values; an unknown key lists the known ones.
absl::Status ApplySetting(SmokeSettings& settings, absl::string_view key, absl::string_view value);

// Every resolved setting as (key, value) for the document's config, in the
// documentation's order, with "profile" first.
std::vector<std::pair<std::string, ConfigValue>> DescribeSettings(const SmokeSettings& settings);

}  // namespace spinecheck

#endif  // SPINECHECK_RUN_SMOKE_PROFILE_H_

#include "topology/world/environment.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

extern char** environ;

namespace spinecheck {

std::map<std::string, std::string> RelevantEnvironmentVariables() {
  static constexpr const char* kPrefixes[] = {"NCCL_", "OMPI_", "UCX_", "SLURM_JOB_", "SLURM_STEP_"};
  static constexpr const char* kNames[] = {"CUDA_VISIBLE_DEVICES", "SLURM_PROCID", "SLURM_NODELIST", "PMIX_RANK"};
  std::map<std::string, std::string> variables;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const size_t equals = text.find('=');
    if (equals == std::string::npos) continue;
    const std::string name = text.substr(0, equals);
    bool keep = false;
    for (const char* prefix : kPrefixes) keep = keep || absl::StartsWith(name, prefix);
    for (const char* exact : kNames) keep = keep || name == exact;
    if (keep) variables[name] = text.substr(equals + 1);
  }
  return variables;
}

std::string BuildConfiguration() {
  return absl::StrCat("cuda=", SPINECHECK_HAVE_CUDA ? "ON" : "OFF", " nccl=", SPINECHECK_HAVE_NCCL ? "ON" : "OFF",
                      SPINECHECK_HAVE_NCCL ? absl::StrCat(" (", SPINECHECK_NCCL_VERSION, ")") : "");
}

}  // namespace spinecheck

#include "topology/device/cuda/cuda_error.h"

#include <cstring>

#include "absl/strings/str_cat.h"

namespace spinecheck {

absl::Status CudaStatus(cudaError_t code, const char* call, const char* file, int line, const std::string& where) {
  if (code == cudaSuccess) return absl::OkStatus();
  const char* base = std::strrchr(file, '/');
  std::string name(call);
  name = name.substr(0, name.find('('));
  std::string message = absl::StrCat(name, " failed at ", base ? base + 1 : file, ":", line, " on ", where, ": ",
                                     cudaGetErrorString(code), " (", cudaGetErrorName(code), ")");
  if (code == cudaErrorMemoryAllocation) return absl::ResourceExhaustedError(message);
  return absl::UnavailableError(message);
}

}  // namespace spinecheck

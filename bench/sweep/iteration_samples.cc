#include "bench/sweep/iteration_samples.h"

#include <cstddef>
#include <cstdint>

namespace spinecheck {

std::vector<int> SampledIterations(int iterations, int max_samples) {
  std::vector<int> sampled;
  if (iterations <= 0 || max_samples <= 0) return sampled;
  const int64_t n = iterations;
  const int64_t k = iterations < max_samples ? iterations : max_samples;
  sampled.reserve(static_cast<size_t>(k));
  // Block j covers iterations [ceil(j*n/k), ceil((j+1)*n/k)); its first is sampled.
  for (int64_t j = 0; j < k; ++j) sampled.push_back(static_cast<int>((j * n + k - 1) / k));
  return sampled;
}

int MarksForSamples(const std::vector<int>& sampled) {
  int marks = 0;
  for (size_t j = 0; j < sampled.size(); ++j) {
    const bool shares_start = j > 0 && sampled[j - 1] + 1 == sampled[j];
    marks += shares_start ? 1 : 2;
  }
  return marks;
}

}  // namespace spinecheck

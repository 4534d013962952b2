// Which timed iterations of a sweep size keep a time sample of their own.
// Per-iteration statistics take bounded memory whatever -n is: at most
// kMaxIterationSamples iterations are sampled, spread evenly over the loop
// (the first iteration of each of that many equal blocks); with fewer
// iterations, every one is. The percentiles are then those of an evenly
// spread sample, which is how they stay meaningful for -n 1000000000.
#ifndef SPINECHECK_BENCH_SWEEP_ITERATION_SAMPLES_H_
#define SPINECHECK_BENCH_SWEEP_ITERATION_SAMPLES_H_

#include <vector>

namespace spinecheck {

inline constexpr int kMaxIterationSamples = 4096;

// The sampled iterations of a loop of `iterations` (0-based, increasing):
// all of them when iterations <= max_samples, else max_samples of them.
std::vector<int> SampledIterations(int iterations, int max_samples = kMaxIterationSamples);

// Timeline marks needed to time each sampled iteration on its own: a mark
// before and after each, shared where one sampled iteration follows another
// (so `iterations + 1` when every iteration is sampled).
int MarksForSamples(const std::vector<int>& sampled);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_SWEEP_ITERATION_SAMPLES_H_

// The CPU gemm check against a plain OpenBLAS call of the same size on the
// same machine (docs/performance.md): BM_PlainDgemm/BM_PlainSgemm are one
// cblas_?gemm each; BM_GemmCheckIteration is one iteration of the check
// (the same call plus the element-by-element comparison with the
// reference). Run: build/bin/spinecheck_diag_microbench
#include <cblas.h>

#include <memory>
#include <vector>

#include <benchmark/benchmark.h>

#include "diag/engines/cpu/cpu_engines.h"
#include "diag/engines/gemm_verification.h"
#include "topology/device/device_factory.h"

namespace spinecheck {
namespace {

constexpr uint64_t kSeed = 1;

template <typename T>
std::vector<T> Input(uint64_t seed, int n) {
  std::vector<T> values(static_cast<size_t>(n) * static_cast<size_t>(n));
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<T>(GemmInputEntry(seed, i));
  return values;
}

void SetFlops(benchmark::State& state, int n) {
  const double flops = 2.0 * n * static_cast<double>(n) * n;
  state.counters["TFLOPS"] =
      benchmark::Counter(flops * static_cast<double>(state.iterations()) / 1e12, benchmark::Counter::kIsRate);
}

void BM_PlainDgemm(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  openblas_set_num_threads(static_cast<int>(state.range(1)));
  const std::vector<double> a = Input<double>(GemmSeedA(kSeed), n);
  const std::vector<double> b = Input<double>(GemmSeedB(kSeed), n);
  std::vector<double> c(a.size());
  for (auto _ : state) {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, a.data(), n, b.data(), n, 0.0, c.data(), n);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  SetFlops(state, n);
}

void BM_PlainSgemm(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  openblas_set_num_threads(static_cast<int>(state.range(1)));
  const std::vector<float> a = Input<float>(GemmSeedA(kSeed), n);
  const std::vector<float> b = Input<float>(GemmSeedB(kSeed), n);
  std::vector<float> c(a.size());
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f, c.data(),
                n);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  SetFlops(state, n);
}

void BM_GemmCheckIteration(benchmark::State& state, GemmType type) {
  const int n = static_cast<int>(state.range(0));
  std::unique_ptr<Device> device = *CreateDevice(DeviceKind::kCpu, DevicePlacement{});
  std::unique_ptr<GemmEngine> engine = *CreateCpuGemmEngine(*device, static_cast<int>(state.range(1)));
  if (absl::StatusOr<int64_t> failed = engine->Prepare(type, n, kSeed); !failed.ok() || *failed != 0) {
    state.SkipWithError("the reference product failed its check");
    return;
  }
  for (auto _ : state) {
    absl::StatusOr<int64_t> mismatches = engine->Iterate(false);
    if (!mismatches.ok() || *mismatches != 0) {
      state.SkipWithError("mismatching product");
      break;
    }
  }
  SetFlops(state, n);
}

void Sizes(benchmark::internal::Benchmark* benchmark) {
  for (int threads : {1, 2}) {
    for (int n : {1024, 2048}) benchmark->Args({n, threads});
  }
  benchmark->ArgNames({"n", "threads"})->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
}

BENCHMARK(BM_PlainDgemm)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_GemmCheckIteration, fp64, GemmType::kFp64)->Apply(Sizes);
BENCHMARK(BM_PlainSgemm)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_GemmCheckIteration, fp32, GemmType::kFp32)->Apply(Sizes);

}  // namespace
}  // namespace spinecheck

BENCHMARK_MAIN();

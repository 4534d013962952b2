// Google Benchmark of the untimed work around every sweep row: writing the
// input pattern and verifying the output. It bounds how long -c N adds to a
// sweep (bytes per second of buffer, per rank).
//
//   build/bin/spinecheck_microbench --benchmark_filter=Verify
#include <benchmark/benchmark.h>

#include <vector>

#include "bench/collectives/collective.h"
#include "bench/collectives/patterns.h"

namespace spinecheck {
namespace {

PatternCall AllReduceCall(const CollectiveDefinition& all_reduce, size_t bytes, DataType type, ReduceOp op) {
  PatternCall call;
  call.collective = &all_reduce;
  call.layout = all_reduce.Layout(bytes, DataTypeSize(type), 8);
  call.type = type;
  call.op = op;
  call.rank = 3;
  call.ranks = 8;
  call.seed = 1;
  return call;
}

void RunPatternBenchmark(benchmark::State& state, DataType type, ReduceOp op, bool verify) {
  const CollectiveDefinition all_reduce{"all_reduce", CollectiveKind::kAllReduce, true, false};
  const size_t bytes = static_cast<size_t>(state.range(0));
  const PatternCall call = AllReduceCall(all_reduce, bytes, type, op);
  const size_t elements = call.layout.recv_count;
  std::vector<unsigned char> send(bytes), recv(bytes);
  FillInput(call, send.data(), elements, recv.data(), elements);
  for (auto _ : state) {
    if (verify) {
      benchmark::DoNotOptimize(CountWrong(call, send.data(), recv.data()));
    } else {
      FillInput(call, send.data(), elements, recv.data(), elements);
      benchmark::ClobberMemory();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
}

void BM_FillFloatSum(benchmark::State& state) { RunPatternBenchmark(state, DataType::kFloat, ReduceOp::kSum, false); }
void BM_VerifyFloatSum(benchmark::State& state) { RunPatternBenchmark(state, DataType::kFloat, ReduceOp::kSum, true); }
void BM_VerifyInt8Avg(benchmark::State& state) { RunPatternBenchmark(state, DataType::kInt8, ReduceOp::kAvg, true); }
void BM_VerifyDoubleMax(benchmark::State& state) {
  RunPatternBenchmark(state, DataType::kDouble, ReduceOp::kMax, true);
}

BENCHMARK(BM_FillFloatSum)->Arg(1 << 20)->Arg(64 << 20);
BENCHMARK(BM_VerifyFloatSum)->Arg(1 << 20)->Arg(64 << 20);
BENCHMARK(BM_VerifyInt8Avg)->Arg(1 << 20)->Arg(64 << 20);
BENCHMARK(BM_VerifyDoubleMax)->Arg(1 << 20)->Arg(64 << 20);

}  // namespace
}  // namespace spinecheck

BENCHMARK_MAIN();

// Google Benchmark cases of the localiser on synthetic fabrics: Localise at
// 1024 (32 leaves x 32) and 4096 hosts (128 x 32) with two faults (one host
// link, one leaf uplink), InferLeaves at 1024, QuickSchedule at 4096. The
// matrices are built once per case, outside the timed loop.
#include <benchmark/benchmark.h>

#include <vector>

#include "topology/localise/infer.h"
#include "topology/localise/localise.h"
#include "topology/localise/schedule.h"
#include "topology/localise/synthetic.h"

namespace spinecheck {
namespace {

constexpr int kHostsPerLeaf = 32;

void BM_Localise(benchmark::State& state) {
  const int leaves = static_cast<int>(state.range(0)) / kHostsPerLeaf;
  const ClusterMap map = MakeSpineLeafMap(leaves, kHostsPerLeaf);
  const std::vector<InjectedFault> faults = {{map.hosts[37].name, 0.4, 1},
                                             {FabricLinkId(map.switches[5].name, "spine00"), 0.3, 1}};
  const LinkMatrices matrices = MakeLinkMatrices(map, SyntheticLinks{}, faults);
  size_t findings = 0;
  for (auto _ : state) {
    const LocaliseResult result = Localise(map, matrices);
    findings = result.findings.size();
    benchmark::DoNotOptimize(findings);
  }
  state.counters["hosts"] = static_cast<double>(matrices.size());
  state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_Localise)->Arg(1024)->Arg(4096)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

void BM_InferLeaves(benchmark::State& state) {
  const ClusterMap map = MakeSpineLeafMap(static_cast<int>(state.range(0)) / kHostsPerLeaf, kHostsPerLeaf);
  const LinkMatrices matrices = MakeLinkMatrices(map, SyntheticLinks{});
  for (auto _ : state) {
    const ClusterMap inferred = InferLeaves(matrices);
    benchmark::DoNotOptimize(inferred.switches.size());
  }
}
BENCHMARK(BM_InferLeaves)->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_QuickSchedule(benchmark::State& state) {
  std::vector<int> leaf_of_host(state.range(0));
  for (size_t h = 0; h < leaf_of_host.size(); ++h) leaf_of_host[h] = static_cast<int>(h) / kHostsPerLeaf;
  size_t rounds = 0;
  for (auto _ : state) {
    rounds = QuickSchedule(leaf_of_host).size();
    benchmark::DoNotOptimize(rounds);
  }
  state.counters["rounds"] = static_cast<double>(rounds);
}
BENCHMARK(BM_QuickSchedule)->Arg(4096)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace spinecheck

BENCHMARK_MAIN();

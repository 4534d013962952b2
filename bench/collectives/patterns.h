// Deterministic data patterns whose collective results are known exactly,
// for buffers in host memory: the CPU device's buffers directly, or host
// copies of device buffers.
//
// The values and their closed forms are defined once, in pattern_math.h,
// which CUDA kernels share; see there why any reduction order gives the same
// bits. Every DataType is covered. Comparison is bit-exact as in nccl-tests,
// except that a floating-point avg may be a few units in the last place off
// (PatternBitsMatch).
#ifndef SPINECHECK_BENCH_COLLECTIVES_PATTERNS_H_
#define SPINECHECK_BENCH_COLLECTIVES_PATTERNS_H_

#include <cstddef>
#include <cstdint>

#include "bench/collectives/collective.h"
#include "bench/collectives/pattern_math.h"

namespace spinecheck {

// One call of one collective on one rank.
struct PatternCall {
  const CollectiveDefinition* collective = nullptr;
  BufferLayout layout;
  DataType type = DataType::kFloat;
  ReduceOp op = ReduceOp::kSum;
  int root = 0;
  int rank = 0;
  int ranks = 1;
  int seed = 0;  // a new seed per check iteration, so stale data never matches
  bool in_place = false;
  // Communicator::InPlaceReduceScatterResultOffset of the backend.
  size_t in_place_reduce_scatter_offset = 0;
};

// The same call as pattern_math.h describes it. Inline: the CUDA pattern
// engine uses it without linking the host pattern code.
inline PatternSpec ToPatternSpec(const PatternCall& call) {
  return PatternSpec{
      .kind = call.collective->kind,
      .type = call.type,
      .op = call.op,
      .count = call.layout.param_count,
      .root = call.root,
      .rank = call.rank,
      .ranks = call.ranks,
      .seed = call.seed,
      .in_place = call.in_place,
      .in_place_reduce_scatter_offset = call.in_place_reduce_scatter_offset,
  };
}

// A span of elements in one of the call's two buffers.
struct ElementSpan {
  bool in_recv = true;  // false: the send buffer
  size_t offset = 0;    // in elements
  size_t count = 0;
};

// Where this rank's result lands; count 0 when this rank receives nothing
// checkable (reduce on a non-root, broadcast on the root).
ElementSpan OutputSpan(const PatternCall& call);

// Writes this rank's input for `call`; the rest of both buffers (whose sizes
// are given in elements) is set to a filler no result equals.
void FillInput(const PatternCall& call, void* send, size_t send_elements, void* recv, size_t recv_elements);

// Number of output elements of this rank that differ from the expected
// result (as PatternBitsMatch compares them).
int64_t CountWrong(const PatternCall& call, const void* send, const void* recv);

// The expected value of output element `index` (within OutputSpan) as
// double, for messages and tests. Exact for every type (integers of 64 bits
// only while they fit in double's 53 bits, as the patterns' values do).
double ExpectedOutputValue(const PatternCall& call, size_t index);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_COLLECTIVES_PATTERNS_H_

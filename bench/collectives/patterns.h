// Deterministic data patterns whose collective results are known exactly.
//
// Every input element is a small integer chosen so that any summation order
// gives the same bits (sums stay far below 2^24; products multiply at most
// one factor other than 1; min/max take values from a known range; avg has
// only ranks 0 and 1 contributing). Expected results have closed forms, so a
// rank verifies its output in O(output) time without seeing other ranks'
// data. Comparison is bit-exact for every type and op, as in nccl-tests.
//
// These functions work on host memory: the CPU device's buffers directly,
// or host copies of device buffers.
#ifndef SPINECHECK_BENCH_COLLECTIVES_PATTERNS_H_
#define SPINECHECK_BENCH_COLLECTIVES_PATTERNS_H_

#include <cstddef>
#include <cstdint>

#include "bench/collectives/collective.h"

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
// result (bit-exact).
int64_t CountWrong(const PatternCall& call, const void* send, const void* recv);

// The expected value of output element `index` (within OutputSpan) as
// double, for messages and tests.
double ExpectedOutputValue(const PatternCall& call, size_t index);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_COLLECTIVES_PATTERNS_H_

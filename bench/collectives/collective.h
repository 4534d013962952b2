// The collectives spinecheck measures, each described once: how a sweep
// size becomes buffer counts (nccl-tests' byte model), how algbw becomes
// busbw (nccl-tests' bus factor), and which parameters it takes.
#ifndef SPINECHECK_BENCH_COLLECTIVES_COLLECTIVE_H_
#define SPINECHECK_BENCH_COLLECTIVES_COLLECTIVE_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "bench/comm/communicator.h"
#include "bench/collectives/data_type.h"
#include "bench/collectives/kinds.h"
#include "reports/model/registry.h"

namespace spinecheck {

// CollectiveKind is defined in kinds.h.

// Element counts of one row of the sweep, per rank.
struct BufferLayout {
  size_t send_count = 0;   // elements in the send buffer
  size_t recv_count = 0;   // elements in the receive buffer
  size_t param_count = 0;  // the count passed to the collective ("count" column)
  // nccl-tests' "size" column: max(send, recv) * element size.
  size_t SizeBytes(size_t element_size) const {
    return (send_count > recv_count ? send_count : recv_count) * element_size;
  }
};

struct CollectiveDefinition {
  std::string name;  // "all_reduce"
  CollectiveKind kind;
  bool reduces;  // takes a reduction op (-o)
  bool rooted;   // takes a root (-r)

  // Counts for a sweep size of `bytes` (nccl-tests: count = bytes / element
  // size; per-rank blocks rounded down to a multiple of 16 bytes).
  BufferLayout Layout(size_t bytes, size_t element_size, int ranks) const;
  // busbw = algbw * BusFactor(ranks); algbw uses the "size" bytes.
  double BusFactor(int ranks) const;
};

using CollectiveRegistry = Registry<CollectiveDefinition>;

// all_reduce, all_gather, reduce_scatter, broadcast, reduce, alltoall,
// sendrecv, in that order.
absl::Status RegisterBuiltinCollectives(CollectiveRegistry& registry);

// A registry of the built-in collectives, made once (thread-safe).
const CollectiveRegistry& BuiltinCollectives();

// Issues one call of `definition` on `comm`. Buffers follow the in-place
// layout of Communicator when `in_place`; `send` and `recv` are the two
// allocations (recv alone is used in place).
absl::Status LaunchCollective(const CollectiveDefinition& definition, Communicator& comm, void* send, void* recv,
                              const BufferLayout& layout, DataType type, ReduceOp op, int root, bool in_place);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_COLLECTIVES_COLLECTIVE_H_

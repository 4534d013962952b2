// The measurements between two members of a PeerGroup: a latency ping-pong
// at a small message and a bidirectional transfer at a large one, each with
// a deadline so that a partner that stopped costs one timeout, not the run.
#ifndef SPINECHECK_BENCH_LINKS_PAIR_EXCHANGE_H_
#define SPINECHECK_BENCH_LINKS_PAIR_EXCHANGE_H_

#include <mpi.h>

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace spinecheck {

struct PairExchangeOptions {
  uint64_t bandwidth_bytes = 16ULL << 20;  // each direction, per transfer, sent as messages of at most 256 KiB
  uint64_t latency_bytes = 8;
  int latency_iterations = 50;  // round trips per latency sample
};

// Buffers of one member, reused for every partner.
class PairBuffers {
 public:
  explicit PairBuffers(const PairExchangeOptions& options);
  char* send() { return send_.data(); }
  char* receive() { return receive_.data(); }

 private:
  std::vector<char> send_;
  std::vector<char> receive_;
};

// Both members of the pair call each with each other's rank in `comm`;
// the lower rank starts the ping-pong. They return kDeadlineExceeded when
// the partner did not complete by `deadline` (its requests are cancelled or
// abandoned), kUnavailable on an MPI error.
//
// Half the median round trip of `latency_iterations` ping-pongs, in us.
absl::StatusOr<double> MeasureLatency(MPI_Comm comm, int my_rank, int partner_rank,
                                      const PairExchangeOptions& options, PairBuffers& buffers, absl::Time deadline);
// Both directions at once; both directions' bytes over the wall time, GB/s.
absl::StatusOr<double> MeasureBidirectionalBandwidth(MPI_Comm comm, int my_rank, int partner_rank,
                                                     const PairExchangeOptions& options, PairBuffers& buffers,
                                                     absl::Time deadline);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_LINKS_PAIR_EXCHANGE_H_

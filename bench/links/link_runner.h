// LinkRunner: runs a LinkSchedule over a PeerGroup and keeps, per partner,
// every sample; the rows it gathers hold the median. Every member holds
// O(N x repetitions) samples; the leader holds the N x N matrices.
#ifndef SPINECHECK_BENCH_LINKS_LINK_RUNNER_H_
#define SPINECHECK_BENCH_LINKS_LINK_RUNNER_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "bench/links/link_schedule.h"
#include "bench/links/pair_exchange.h"
#include "bench/links/peer_group.h"
#include "reports/model/fabric.h"

namespace spinecheck {

struct LinkRunOptions {
  PairExchangeOptions exchange;
  int repetitions = 5;  // samples per pair and round; the median is kept
  int warmup = 1;       // untimed samples before them
  // How long one pair's samples may take (half for the latency samples,
  // half for the bandwidth samples) before the partner counts as not
  // answering; each phase's barrier waits its half plus a grace period.
  absl::Duration pair_timeout = absl::Seconds(30);
};

// Called on every member after each round with the round number (from 0)
// and the number of rounds.
using RoundCallback = std::function<void(int round, int rounds)>;

class LinkRunner {
 public:
  LinkRunner(PeerGroup& group, const LinkRunOptions& options);

  // Collective over the group's survivors: every round of `schedule`, a
  // barrier after each (which may shed a member that stopped). Fails only
  // when the group cannot go on (its leader stopped, an MPI error).
  absl::Status Run(const LinkSchedule& schedule, const RoundCallback& after_round = {});

  // Partners (group indices) whose exchange did not finish in time, in the
  // order it happened; a partner that stopped is also in group.lost().
  const std::vector<int>& timed_out() const { return timed_out_; }

  // Collective over the survivors: the matrices on the leader, with `hosts`
  // (one per original member) as row names; rows of lost members are
  // missing (NaN). A pair whose exchange timed out while both members
  // stayed gets bandwidth 0: it is the slowest pair there is. Symmetric: an
  // entry is the mean of the two members' medians. No-op elsewhere.
  absl::Status Gather(const std::vector<std::string>& hosts, LinkMatrices& matrices) const;

 private:
  enum class Phase { kLatency, kBandwidth };
  struct Samples {
    std::vector<double> bibw_gbps;
    std::vector<double> latency_us;
  };
  void Measure(Phase phase, int partner, absl::Time deadline);

  PeerGroup& group_;
  LinkRunOptions options_;
  PairBuffers buffers_;
  std::vector<Samples> samples_;  // by partner index
  std::vector<uint8_t> retested_;                 // partners met in more than one round
  std::vector<int> timed_out_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_LINKS_LINK_RUNNER_H_

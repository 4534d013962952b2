// The links phase, as `links` and `smoke` run it on one rank per host: the
// schedule (the quick one when the map places every host on a leaf and it
// is asked for, else every pair), the measured rounds, leaves inferred from
// the measurements when no map is given, the retest of suspect pairs
// against known-good hosts, and the localisation of what is slow.
#ifndef SPINECHECK_BENCH_LINKS_LINKS_PHASE_H_
#define SPINECHECK_BENCH_LINKS_LINKS_PHASE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/links/link_runner.h"
#include "bench/links/peer_group.h"
#include "reports/model/fabric.h"
#include "reports/model/run_document.h"
#include "topology/localise/localise.h"

namespace spinecheck {

struct LinksPhaseOptions {
  LinkRunOptions run;
  LocaliseOptions localise;  // tolerances and the baseline, if any
  bool quick = false;        // the quick schedule, when the map gives every host's leaf
  bool retest = true;        // retest suspect pairs and their hosts before blaming
  // With a deadline (smoke's phase budget), each pair may take its share of
  // the time left (between 1 s and 30 s, instead of run.pair_timeout), and
  // retest rounds run only while the rounds measured so far say they fit.
  std::optional<absl::Time> deadline;
};

// Receives what the phase does, for the console and the document.
class LinksObserver {
 public:
  virtual ~LinksObserver() = default;
  // The leader: a "# ..." line for the console (schedule, retests, rounds).
  virtual void OnLinksLine(const std::string& line) = 0;
  // Every member, after each round (first pass and retests counted apart).
  virtual void OnLinksRound(int round, int rounds, double seconds_since_start) = 0;
  // The leader: the map the pairs are judged on, once known (given or inferred).
  virtual void OnLinksTopology(const ClusterMap& map) = 0;
  // The leader: the matrices of the first pass, before any retest (so that
  // they survive a run that ends during the retests).
  virtual void OnLinksMatrices(const LinkMatrices& matrices) = 0;
};

// What the leader ends with (other members get an empty outcome).
struct LinksOutcome {
  ClusterMap map;
  LinkMatrices matrices;
  std::vector<Finding> findings;  // unreachable hosts first, then the localiser's
  int64_t measured_pairs = 0;
  int64_t slow_pairs = 0;
};

// Collective over `group` (one rank per host). `hosts` (one per original
// member, in member order) and `map` are the leader's; `map` nullopt: the
// leaves are inferred from the measurements. Fails only when the group
// cannot go on (its leader stopped, an MPI error); a member that stopped
// answering is a links.unreachable finding and in group.lost().
absl::StatusOr<LinksOutcome> RunLinksPhase(PeerGroup& group, const std::vector<std::string>& hosts,
                                           std::optional<ClusterMap> map, const LinksPhaseOptions& options,
                                           LinksObserver& observer);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_LINKS_LINKS_PHASE_H_

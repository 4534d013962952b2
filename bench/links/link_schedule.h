// Who meets whom in each round of `spinecheck links`. Members are the
// indices 0..N-1 of a PeerGroup; pairs within a round are disjoint.
#ifndef SPINECHECK_BENCH_LINKS_LINK_SCHEDULE_H_
#define SPINECHECK_BENCH_LINKS_LINK_SCHEDULE_H_

#include <utility>
#include <vector>

namespace spinecheck {

class LinkSchedule {
 public:
  virtual ~LinkSchedule() = default;
  virtual int rounds() const = 0;
  // The member `index` meets in `round`, or -1 when it sits the round out.
  virtual int Partner(int round, int index) const = 0;
};

// The circle method: N-1 rounds of N/2 pairs for even N, N rounds with one
// member idle each for odd N; every pair meets exactly once. Computed in
// O(1) per call, so no member holds the whole schedule.
class CircleLinkSchedule final : public LinkSchedule {
 public:
  explicit CircleLinkSchedule(int members) : members_(members) {}
  int rounds() const override;
  int Partner(int round, int index) const override;

 private:
  int members_;
};

// Rounds given as lists of pairs (the quick schedule, the retests).
class ExplicitLinkSchedule final : public LinkSchedule {
 public:
  explicit ExplicitLinkSchedule(std::vector<std::vector<std::pair<int, int>>> rounds)
      : rounds_(std::move(rounds)) {}
  int rounds() const override { return static_cast<int>(rounds_.size()); }
  int Partner(int round, int index) const override;
  const std::vector<std::vector<std::pair<int, int>>>& pairs() const { return rounds_; }

 private:
  std::vector<std::vector<std::pair<int, int>>> rounds_;
};

// Rounds of pairs as a flat list for a broadcast: per round its pair count,
// then the pairs; and back.
std::vector<int> FlattenRounds(const std::vector<std::vector<std::pair<int, int>>>& rounds);
std::vector<std::vector<std::pair<int, int>>> UnflattenRounds(const std::vector<int>& flat);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_LINKS_LINK_SCHEDULE_H_

#include "bench/links/link_schedule.h"

#include <cstddef>

namespace spinecheck {

// With m = N-1 for even N (m = N for odd N, whose phantom member N means
// "idle"), member `fixed` = m sits at the centre: in round r member r meets
// it, and every other i meets (2r - i) mod m. Pair {i, j} therefore meets in
// round (i + j) / 2 mod m, exactly once.
int CircleLinkSchedule::rounds() const {
  if (members_ < 2) return 0;
  return members_ % 2 == 0 ? members_ - 1 : members_;
}

int CircleLinkSchedule::Partner(int round, int index) const {
  const int m = rounds();
  if (m == 0 || index < 0 || index >= members_ || round < 0 || round >= m) return -1;
  const int fixed = m;  // a real member for even N, the phantom for odd N
  int partner;
  if (index == fixed) {
    partner = round;
  } else if (index == round) {
    partner = fixed;
  } else {
    partner = ((2 * round - index) % m + m) % m;
  }
  return partner < members_ ? partner : -1;
}

int ExplicitLinkSchedule::Partner(int round, int index) const {
  if (round < 0 || round >= rounds()) return -1;
  for (const auto& [a, b] : rounds_[static_cast<std::size_t>(round)]) {
    if (a == index) return b;
    if (b == index) return a;
  }
  return -1;
}

std::vector<int> FlattenRounds(const std::vector<std::vector<std::pair<int, int>>>& rounds) {
  std::vector<int> flat;
  for (const auto& round : rounds) {
    flat.push_back(static_cast<int>(round.size()));
    for (const auto& [a, b] : round) flat.insert(flat.end(), {a, b});
  }
  return flat;
}

std::vector<std::vector<std::pair<int, int>>> UnflattenRounds(const std::vector<int>& flat) {
  std::vector<std::vector<std::pair<int, int>>> rounds;
  for (size_t at = 0; at < flat.size();) {
    const size_t pairs = static_cast<size_t>(flat[at++]);
    std::vector<std::pair<int, int>> round;
    for (size_t k = 0; k < pairs && at + 1 < flat.size(); ++k, at += 2) round.emplace_back(flat[at], flat[at + 1]);
    rounds.push_back(std::move(round));
  }
  return rounds;
}

}  // namespace spinecheck

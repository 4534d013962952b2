// The pause between two polls of a waiting rank.
#ifndef SPINECHECK_TOPOLOGY_WORLD_POLL_PAUSE_H_
#define SPINECHECK_TOPOLOGY_WORLD_POLL_PAUSE_H_

#include <algorithm>
#include <chrono>
#include <thread>

namespace spinecheck {

// Sleeps a little between polls: short at first (10 us) so that a wait that
// ends quickly costs microseconds, doubling up to 1 ms so that waiting ranks
// leave the cores to the ranks still working (oversubscribed runs).
// `round` counts the polls so far; it is advanced.
inline void PollPause(int& round) {
  const int micros = std::min(1000, 10 << std::min(round, 7));
  ++round;
  std::this_thread::sleep_for(std::chrono::microseconds(micros));
}

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_WORLD_POLL_PAUSE_H_

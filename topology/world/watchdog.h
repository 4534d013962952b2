// Watchdog: ends the process when a phase overruns its deadline.
//
// The harness polls deadlines wherever it can (World::Arrive). Inside a
// blocking call it cannot interrupt (an MPI collective whose peer stopped),
// only another thread can notice; that is this class. It holds one deadline
// at a time; Arm replaces it, Disarm clears it.
#ifndef SPINECHECK_TOPOLOGY_WORLD_WATCHDOG_H_
#define SPINECHECK_TOPOLOGY_WORLD_WATCHDOG_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "absl/time/time.h"

namespace spinecheck {

class Watchdog {
 public:
  // On expiry, `on_expiry(phase message)` runs on the watchdog thread and
  // then the process exits with `exit_code` (std::_Exit: no destructors, no
  // MPI_Finalize, which could hang).
  Watchdog(int exit_code, std::function<void(const std::string&)> on_expiry);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  void Arm(absl::Time deadline, std::string message);
  void Disarm();
  void SetHandler(std::function<void(const std::string&)> on_expiry);

 private:
  void Loop();

  const int exit_code_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::function<void(const std::string&)> on_expiry_;
  absl::Time deadline_ = absl::InfiniteFuture();
  std::string message_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_WORLD_WATCHDOG_H_

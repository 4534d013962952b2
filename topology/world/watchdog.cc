#include "topology/world/watchdog.h"

#include <cstdlib>

#include "absl/time/clock.h"

namespace spinecheck {

Watchdog::Watchdog(int exit_code, std::function<void(const std::string&)> on_expiry)
    : exit_code_(exit_code), on_expiry_(std::move(on_expiry)), thread_([this] { Loop(); }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void Watchdog::Arm(absl::Time deadline, std::string message) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    deadline_ = deadline;
    message_ = std::move(message);
  }
  changed_.notify_all();
}

void Watchdog::Disarm() { Arm(absl::InfiniteFuture(), ""); }

void Watchdog::SetHandler(std::function<void(const std::string&)> on_expiry) {
  std::lock_guard<std::mutex> lock(mutex_);
  on_expiry_ = std::move(on_expiry);
}

void Watchdog::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (deadline_ == absl::InfiniteFuture()) {
      changed_.wait(lock);
      continue;
    }
    if (absl::Now() < deadline_) {
      changed_.wait_until(lock, absl::ToChronoTime(deadline_));
      continue;
    }
    const std::string message = message_;
    auto handler = on_expiry_;
    lock.unlock();
    if (handler) handler(message);
    std::_Exit(exit_code_);
  }
}

}  // namespace spinecheck

// Pacer: the testing fault slow=RANK:FACTOR. After each iteration of a
// measured loop it sleeps so that the loop runs at FACTOR of its speed: an
// iteration that took t is followed by a pause of t * (1 / FACTOR - 1).
// The loop's own work is untouched; only its throughput falls.
#ifndef SPINECHECK_DIAG_PACER_H_
#define SPINECHECK_DIAG_PACER_H_

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace spinecheck {

class Pacer {
 public:
  // `factor` in (0, 1]; 1 leaves the loop alone.
  explicit Pacer(double factor) : factor_(factor) {}

  void AfterIteration(absl::Duration iteration) const {
    if (factor_ >= 1.0 || factor_ <= 0.0) return;
    absl::SleepFor(iteration * (1.0 / factor_ - 1.0));
  }

 private:
  double factor_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_PACER_H_

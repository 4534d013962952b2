// MedianRate: the throughput a measured loop reports. The loop's iterations
// are grouped into windows of at least `window` wall time (pauses of the
// slow fault included) and the figure is the median window's rate: a stall
// that hits fewer than half of the windows (the scheduler, a busy neighbour
// on a shared host) does not move it, while a device that is slow throughout
// does. Windows span many scheduler slices, so ranks that share cores still
// compare fairly. The whole loop's rate is kept too ("sustained").
#ifndef SPINECHECK_DIAG_CHECKS_MEDIAN_RATE_H_
#define SPINECHECK_DIAG_CHECKS_MEDIAN_RATE_H_

#include <algorithm>
#include <vector>

#include "absl/time/time.h"

namespace spinecheck {

class MedianRate {
 public:
  explicit MedianRate(absl::Duration window = absl::Milliseconds(100))
      : window_seconds_(absl::ToDoubleSeconds(window)) {}

  // One iteration that did `work` units in `took`.
  void Add(double work, absl::Duration took) {
    const double seconds = std::max(absl::ToDoubleSeconds(took), 1e-9);
    open_.work += work;
    open_.seconds += seconds;
    total_.work += work;
    total_.seconds += seconds;
    if (open_.seconds >= window_seconds_) {
      closed_.push_back(open_);
      open_ = {};
    }
  }

  // Work per second of the median window (the mean of the two middle ones
  // for an even count). A last window shorter than `window` joins the one
  // before it. 0 before the first Add.
  double Median() const {
    std::vector<Window> windows = closed_;
    if (open_.seconds > 0) {
      if (windows.empty()) {
        windows.push_back(open_);
      } else {
        windows.back().work += open_.work;
        windows.back().seconds += open_.seconds;
      }
    }
    if (windows.empty()) return 0.0;
    std::vector<double> rates;
    rates.reserve(windows.size());
    for (const Window& window : windows) rates.push_back(window.work / window.seconds);
    std::sort(rates.begin(), rates.end());
    const size_t half = rates.size() / 2;
    return rates.size() % 2 == 1 ? rates[half] : (rates[half - 1] + rates[half]) / 2.0;
  }

  // Work per second over all iterations together.
  double Sustained() const { return total_.seconds > 0 ? total_.work / total_.seconds : 0.0; }

 private:
  struct Window {
    double work = 0.0;
    double seconds = 0.0;
  };
  double window_seconds_;
  std::vector<Window> closed_;
  Window open_;
  Window total_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_CHECKS_MEDIAN_RATE_H_

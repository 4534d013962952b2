// Medians of many positive measurements without keeping them: counts in
// log-spaced bins. Written by hand because the localiser must take class
// medians over N^2/2 pairs (8.4M at 4096 hosts) with O(1) memory per class;
// a copy of the values for std::nth_element would be another N^2 array.
#ifndef SPINECHECK_TOPOLOGY_LOCALISE_LOG_HISTOGRAM_H_
#define SPINECHECK_TOPOLOGY_LOCALISE_LOG_HISTOGRAM_H_

#include <cstdint>
#include <limits>
#include <vector>

namespace spinecheck {

// Bins cover [1e-4, 1e6) with a relative width of 0.14 %; values outside
// fall into the first or last bin. Memory: 64 KiB once the first value is
// added.
class LogHistogram {
 public:
  static constexpr int kBins = 16384;

  void Add(double value);
  int64_t count() const { return count_; }

  // The q-quantile (0 < q <= 1; the value of rank ceil(q x count)) of the
  // added values within [lower, upper], as the centre of its bin (within
  // 0.07 % of the exact value); NaN when no value lies there.
  double Quantile(double q, double lower = 0, double upper = std::numeric_limits<double>::infinity()) const;
  // The lower median.
  double Median(double lower = 0, double upper = std::numeric_limits<double>::infinity()) const {
    return Quantile(0.5, lower, upper);
  }

 private:
  static int Bin(double value);
  static double Centre(int bin);
  std::vector<uint32_t> counts_;
  int64_t count_ = 0;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_LOCALISE_LOG_HISTOGRAM_H_

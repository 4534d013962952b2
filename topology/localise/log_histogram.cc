#include "topology/localise/log_histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace spinecheck {
namespace {

constexpr double kLogMin = -4;  // log10 of the first bin's lower edge
constexpr double kLogMax = 6;
constexpr double kBinsPerDecade = LogHistogram::kBins / (kLogMax - kLogMin);

}  // namespace

int LogHistogram::Bin(double value) {
  if (!(value > 0)) return 0;
  const double position = (std::log10(value) - kLogMin) * kBinsPerDecade;
  if (position < 0) return 0;
  if (position >= kBins) return kBins - 1;
  return static_cast<int>(position);
}

double LogHistogram::Centre(int bin) { return std::pow(10.0, kLogMin + (bin + 0.5) / kBinsPerDecade); }

void LogHistogram::Add(double value) {
  if (counts_.empty()) counts_.assign(kBins, 0);
  ++counts_[Bin(value)];
  ++count_;
}

double LogHistogram::Quantile(double q, double lower, double upper) const {
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  const int first = lower > 0 ? Bin(lower) : 0;
  const int last = std::isfinite(upper) ? Bin(upper) : kBins - 1;
  int64_t inside = 0;
  for (int b = first; b <= last; ++b) inside += counts_[b];
  if (inside == 0) return std::numeric_limits<double>::quiet_NaN();
  const int64_t rank = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(q * static_cast<double>(inside))));
  int64_t seen = 0;
  for (int b = first; b <= last; ++b) {
    seen += counts_[b];
    if (seen >= rank) return Centre(b);
  }
  return Centre(last);
}

}  // namespace spinecheck

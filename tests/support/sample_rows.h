// Result rows for writer and model tests.
#ifndef SPINECHECK_TESTS_SUPPORT_SAMPLE_ROWS_H_
#define SPINECHECK_TESTS_SUPPORT_SAMPLE_ROWS_H_

#include <cstdint>

#include "reports/model/run_document.h"

namespace spinecheck {

// An all_reduce float sum row of `size_bytes` over `ranks` ranks, with
// nccl-tests' bus factor and no placement measured yet.
inline CollectiveRow FloatAllReduceRow(uint64_t size_bytes, int ranks) {
  CollectiveRow row;
  row.collective = "all_reduce";
  row.size_bytes = size_bytes;
  row.count = size_bytes / 4;
  row.type = "float";
  row.redop = "sum";
  row.root = -1;
  row.ranks = ranks;
  row.bus_factor = 2.0 * (ranks - 1) / ranks;
  return row;
}

}  // namespace spinecheck

#endif  // SPINECHECK_TESTS_SUPPORT_SAMPLE_ROWS_H_

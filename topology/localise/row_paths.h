// Paths of one host's pairs, computed once per (row, leaf) instead of once
// per pair: the localiser's inner loops walk a matrix row by row.
#ifndef SPINECHECK_TOPOLOGY_LOCALISE_ROW_PATHS_H_
#define SPINECHECK_TOPOLOGY_LOCALISE_ROW_PATHS_H_

#include <cstdint>
#include <vector>

#include "topology/localise/fabric_index.h"

namespace spinecheck {

// Caches, for the current row host, one path per leaf. Memory: O(leaves).
// Not thread-safe; the returned reference is valid until the next call.
class RowPaths {
 public:
  explicit RowPaths(const FabricIndex& index) : index_(index), cache_(index.leaf_count()) {}

  void StartRow(int row) {
    row_ = row;
    ++generation_;
  }

  // The path of (row, j), j != row.
  const FabricIndex::Path& Get(int j) {
    Entry& entry = cache_[index_.LeafOf(j)];
    if (entry.generation != generation_) {
      entry.path = index_.PathComponents(row_, j);
      entry.generation = generation_;
    } else {
      entry.path.components[1] = j;  // host links are always the first two
    }
    return entry.path;
  }

 private:
  struct Entry {
    FabricIndex::Path path;
    uint64_t generation = 0;
  };
  const FabricIndex& index_;
  std::vector<Entry> cache_;
  int row_ = -1;
  uint64_t generation_ = 0;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_LOCALISE_ROW_PATHS_H_

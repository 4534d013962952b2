// PeerGroup: the ranks that take part in `spinecheck links` (one per host),
// on a communicator that can shed a rank that stopped answering.
//
// Between rounds every member arrives at a deadline barrier. When a member
// does not arrive in time, member 0 asks every member whether it arrived
// (a census over point-to-point messages), tells the ones that did who is
// missing, and they carry on over a new communicator made of the survivors
// (MPI_Comm_create_group, which only the survivors call). A stopped rank
// therefore costs one deadline, not the run. When member 0 itself stops,
// the others cannot learn who is missing and Arrive fails.
#ifndef SPINECHECK_BENCH_LINKS_PEER_GROUP_H_
#define SPINECHECK_BENCH_LINKS_PEER_GROUP_H_

#include <mpi.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace spinecheck {

class PeerGroup {
 public:
  // Collective over MPI_COMM_WORLD: every world rank calls it; the ranks
  // with `member` true form the group, in world rank order (index 0 is the
  // lowest world rank). Returns nullptr on the others.
  static absl::StatusOr<std::unique_ptr<PeerGroup>> Create(bool member, const std::string& where);
  ~PeerGroup();
  PeerGroup(const PeerGroup&) = delete;
  PeerGroup& operator=(const PeerGroup&) = delete;

  // This member's index in the original group (stable across shrinking).
  int index() const { return index_; }
  // Members at creation.
  int original_size() const { return original_size_; }
  // True while `index` is still in the group.
  bool alive(int index) const { return rank_of_index_[static_cast<size_t>(index)] >= 0; }
  // Indices that were shed, in the order they were found missing.
  const std::vector<int>& lost() const { return lost_; }
  // The current communicator (survivors only) and the rank of `index` in it;
  // -1 when that member was shed.
  MPI_Comm comm() const { return comm_; }
  int RankOf(int index) const { return rank_of_index_[static_cast<size_t>(index)]; }
  bool is_leader() const { return index_ == leader_index_; }

  // A barrier of the survivors that gives up after `timeout`; then sheds
  // the members that did not arrive (see the class comment) and returns OK
  // with lost() grown. Fails when the leader itself is missing, or on an MPI
  // error.
  absl::Status Arrive(absl::Duration timeout);

  // Collective over the survivors: the leader's `values` replace everyone
  // else's.
  absl::Status Broadcast(std::vector<int>& values);

 private:
  PeerGroup(MPI_Comm comm, int index, int size, std::string where);
  absl::Status Shed(const std::vector<int>& missing_indices);

  MPI_Comm comm_;
  int index_;
  int original_size_;
  int leader_index_ = 0;
  int sequence_ = 0;  // arrivals so far, to match census replies
  std::vector<int> rank_of_index_;
  std::vector<int> index_of_rank_;
  std::vector<int> lost_;
  std::string where_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_LINKS_PEER_GROUP_H_

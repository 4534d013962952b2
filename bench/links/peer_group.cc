#include "bench/links/peer_group.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "reports/model/status_macros.h"
#include "topology/world/mpi_error.h"
#include "topology/world/poll_pause.h"

namespace spinecheck {
namespace {

constexpr int kCensusAskTag = 7201;
constexpr int kCensusReplyTag = 7202;
constexpr int kShedTag = 7203;
constexpr absl::Duration kCensusGrace = absl::Seconds(2);

}  // namespace

absl::StatusOr<std::unique_ptr<PeerGroup>> PeerGroup::Create(bool member, const std::string& where) {
  int world_rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
  MPI_Comm comm = MPI_COMM_NULL;
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(
      MPI_Comm_split(MPI_COMM_WORLD, member ? 0 : MPI_UNDEFINED, world_rank, &comm), where));
  if (comm == MPI_COMM_NULL) return std::unique_ptr<PeerGroup>();
  MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN);
  int index = 0;
  int size = 0;
  MPI_Comm_rank(comm, &index);
  MPI_Comm_size(comm, &size);
  return std::unique_ptr<PeerGroup>(new PeerGroup(comm, index, size, where));
}

PeerGroup::PeerGroup(MPI_Comm comm, int index, int size, std::string where)
    : comm_(comm), index_(index), original_size_(size), where_(std::move(where)) {
  rank_of_index_.resize(static_cast<size_t>(size));
  index_of_rank_.resize(static_cast<size_t>(size));
  for (int i = 0; i < size; ++i) rank_of_index_[static_cast<size_t>(i)] = index_of_rank_[static_cast<size_t>(i)] = i;
}

PeerGroup::~PeerGroup() {
  // A communicator that lost a member cannot be freed collectively; it is
  // left to MPI_Finalize (or to MPI_Abort).
  if (lost_.empty() && comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
}

absl::Status PeerGroup::Arrive(absl::Duration timeout) {
  const int sequence = ++sequence_;
  const int my_rank = RankOf(index_);
  const int leader_rank = RankOf(leader_index_);
  MPI_Request barrier = MPI_REQUEST_NULL;
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Ibarrier(comm_, &barrier), where_));

  int asked = 0;
  MPI_Request census = MPI_REQUEST_NULL;
  MPI_Request reply = MPI_REQUEST_NULL;
  if (!is_leader()) MPI_Irecv(&asked, 1, MPI_INT, leader_rank, kCensusAskTag, comm_, &census);

  const absl::Time deadline = absl::Now() + timeout;
  // Members wait longer than the leader, so that its census finds them.
  const absl::Time give_up = is_leader() ? deadline : deadline + 3 * kCensusGrace;
  int done = 0;
  for (int round = 0; !done && absl::Now() < give_up; PollPause(round)) {
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Test(&barrier, &done, MPI_STATUS_IGNORE), where_));
    if (is_leader() || done) continue;
    if (census != MPI_REQUEST_NULL) {
      int arrived = 0;
      MPI_Test(&census, &arrived, MPI_STATUS_IGNORE);
      if (arrived) MPI_Isend(&sequence_, 1, MPI_INT, leader_rank, kCensusReplyTag, comm_, &reply);
    }
    int shed_sent = 0;
    MPI_Status status;
    MPI_Iprobe(leader_rank, kShedTag, comm_, &shed_sent, &status);
    if (shed_sent) {
      int count = 0;
      MPI_Get_count(&status, MPI_INT, &count);
      std::vector<int> missing(static_cast<size_t>(count));
      SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(
          MPI_Recv(missing.data(), count, MPI_INT, leader_rank, kShedTag, comm_, MPI_STATUS_IGNORE), where_));
      if (reply != MPI_REQUEST_NULL) MPI_Wait(&reply, MPI_STATUS_IGNORE);
      return Shed(missing);  // the unfinished barrier belongs to the old communicator
    }
  }
  if (done) {
    if (census != MPI_REQUEST_NULL) {
      MPI_Cancel(&census);
      MPI_Wait(&census, MPI_STATUS_IGNORE);
    }
    if (reply != MPI_REQUEST_NULL) MPI_Wait(&reply, MPI_STATUS_IGNORE);
    return absl::OkStatus();
  }
  if (!is_leader()) {
    return absl::DeadlineExceededError(
        absl::StrCat("links: ", where_, ": the group did not meet within ", absl::FormatDuration(timeout),
                     " and its leader (group member ", leader_index_, ") did not say who was missing; "
                     "the leader itself may have stopped"));
  }

  // Leader: ask every member whether it arrived; silence means it did not.
  int size = 0;
  MPI_Comm_size(comm_, &size);
  std::vector<MPI_Request> asks(static_cast<size_t>(size), MPI_REQUEST_NULL);
  std::vector<MPI_Request> replies(static_cast<size_t>(size), MPI_REQUEST_NULL);
  std::vector<int> answers(static_cast<size_t>(size), 0);
  for (int rank = 0; rank < size; ++rank) {
    if (rank == my_rank) continue;
    MPI_Isend(&sequence, 1, MPI_INT, rank, kCensusAskTag, comm_, &asks[static_cast<size_t>(rank)]);
    MPI_Irecv(&answers[static_cast<size_t>(rank)], 1, MPI_INT, rank, kCensusReplyTag, comm_,
              &replies[static_cast<size_t>(rank)]);
  }
  std::vector<int> answered(static_cast<size_t>(size), 0);
  answered[static_cast<size_t>(my_rank)] = 1;
  const absl::Time census_end = absl::Now() + kCensusGrace;
  for (int round = 0; absl::Now() < census_end; PollPause(round)) {
    bool all = true;
    for (int rank = 0; rank < size; ++rank) {
      int& flag = answered[static_cast<size_t>(rank)];
      if (!flag) MPI_Test(&replies[static_cast<size_t>(rank)], &flag, MPI_STATUS_IGNORE);
      all = all && flag;
    }
    if (all) break;
  }
  std::vector<int> missing;  // original indices
  for (int rank = 0; rank < size; ++rank) {
    const size_t r = static_cast<size_t>(rank);
    if (!answered[r] || (rank != my_rank && answers[r] != sequence)) missing.push_back(index_of_rank_[r]);
  }
  if (missing.empty()) {
    // Everyone answered: someone was merely late. Give the barrier one more grace.
    for (int round = 0; !done && absl::Now() < census_end + kCensusGrace; PollPause(round)) {
      MPI_Test(&barrier, &done, MPI_STATUS_IGNORE);
    }
    if (done) return absl::OkStatus();
    return absl::InternalError(absl::StrCat("links: ", where_, ": every member answered the census but the barrier ",
                                            "did not complete"));
  }
  // Requests to the missing stay pending; they belong to the old communicator.
  for (int rank = 0; rank < size; ++rank) {
    if (rank == my_rank || absl::c_linear_search(missing, index_of_rank_[static_cast<size_t>(rank)])) continue;
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(
        MPI_Send(missing.data(), static_cast<int>(missing.size()), MPI_INT, rank, kShedTag, comm_), where_));
  }
  return Shed(missing);
}

absl::Status PeerGroup::Broadcast(std::vector<int>& values) {
  int count = static_cast<int>(values.size());
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Bcast(&count, 1, MPI_INT, RankOf(leader_index_), comm_), where_));
  values.resize(static_cast<size_t>(count));
  return SPINECHECK_MPI_CALL(MPI_Bcast(values.data(), count, MPI_INT, RankOf(leader_index_), comm_), where_);
}

absl::Status PeerGroup::Shed(const std::vector<int>& missing_indices) {
  std::vector<int> excluded_ranks;
  for (int index : missing_indices) {
    if (alive(index)) excluded_ranks.push_back(RankOf(index));
  }
  MPI_Group old_group = MPI_GROUP_NULL;
  MPI_Group survivors = MPI_GROUP_NULL;
  MPI_Comm_group(comm_, &old_group);
  MPI_Group_excl(old_group, static_cast<int>(excluded_ranks.size()), excluded_ranks.data(), &survivors);
  MPI_Comm shrunk = MPI_COMM_NULL;
  const absl::Status created = SPINECHECK_MPI_CALL(MPI_Comm_create_group(comm_, survivors, kShedTag, &shrunk), where_);
  MPI_Group_free(&survivors);
  MPI_Group_free(&old_group);
  SPINECHECK_RETURN_IF_ERROR(created);
  MPI_Comm_set_errhandler(shrunk, MPI_ERRORS_RETURN);

  std::vector<int> survivor_indices;
  for (size_t rank = 0; rank < index_of_rank_.size(); ++rank) {
    if (!absl::c_linear_search(excluded_ranks, static_cast<int>(rank))) survivor_indices.push_back(index_of_rank_[rank]);
  }
  for (int index : missing_indices) {
    if (alive(index)) lost_.push_back(index);
    rank_of_index_[static_cast<size_t>(index)] = -1;
  }
  index_of_rank_ = survivor_indices;
  for (size_t rank = 0; rank < survivor_indices.size(); ++rank) {
    rank_of_index_[static_cast<size_t>(survivor_indices[rank])] = static_cast<int>(rank);
  }
  comm_ = shrunk;
  return absl::OkStatus();
}

}  // namespace spinecheck

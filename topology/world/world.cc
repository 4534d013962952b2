#include "topology/world/world.h"

#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "reports/model/exit_code.h"
#include "reports/model/status_macros.h"
#include "topology/world/mpi_error.h"
#include "topology/world/poll_pause.h"
#include "topology/world/watchdog.h"

namespace spinecheck {
namespace {

// Tags of the arrival census on the control communicator.
constexpr int kCensusRequestTag = 7101;
constexpr int kCensusReplyTag = 7102;
// After a timeout, how long rank 0 waits for census replies, and how much
// longer the other ranks wait for rank 0 to end the job.
constexpr absl::Duration kCensusGrace = absl::Seconds(2);
// What a phase may overrun its -T budget before the watchdog ends it.
constexpr absl::Duration kWatchdogGrace = absl::Seconds(5);

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "unknown-host";
  return name;
}

}  // namespace

struct World::Comms {
  MPI_Comm control = MPI_COMM_NULL;
  MPI_Comm node = MPI_COMM_NULL;
};

absl::StatusOr<std::unique_ptr<World>> World::Init(int* argc, char*** argv) {
  std::unique_ptr<World> world(new World());
  world->host_ = HostName();
  world->comms_ = std::make_unique<Comms>();
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    // Plain MPI_Init (thread level SINGLE): only the main thread ever calls
    // MPI; the watchdog thread never does. Requesting MPI_THREAD_FUNNELED
    // made Open MPI 4.1's small collectives measurably slower (about 7% on a
    // 2 us all_gather, docs/performance.md), and that cost would be measured
    // as the fabric's.
    if (MPI_Init(argc, argv) != MPI_SUCCESS) {
      return absl::UnavailableError(absl::StrCat("MPI_Init failed on ", world->host_,
                                                 "; check the MPI installation and the launcher (mpirun/srun --mpi=pmix)"));
    }
    world->finalize_ = true;
  }
  const std::string where = absl::StrCat("rank ?@", world->host_);
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Comm_dup(MPI_COMM_WORLD, &world->comms_->control), where));
  MPI_Comm_set_errhandler(world->comms_->control, MPI_ERRORS_RETURN);
  MPI_Comm_rank(world->comms_->control, &world->rank_);
  MPI_Comm_size(world->comms_->control, &world->size_);
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(
      MPI_Comm_split_type(world->comms_->control, MPI_COMM_TYPE_SHARED, world->rank_, MPI_INFO_NULL,
                          &world->comms_->node),
      world->Where()));
  MPI_Comm_rank(world->comms_->node, &world->local_rank_);
  MPI_Comm_size(world->comms_->node, &world->local_size_);
  world->watchdog_ = std::make_unique<Watchdog>(static_cast<int>(ExitCode::kTimeout), nullptr);
  world->SetTimeoutHandler(nullptr);
  return world;
}

World::~World() {
  watchdog_.reset();
  if (comms_ && comms_->node != MPI_COMM_NULL) MPI_Comm_free(&comms_->node);
  if (comms_ && comms_->control != MPI_COMM_NULL) MPI_Comm_free(&comms_->control);
  if (finalize_) MPI_Finalize();
}

std::string World::Where() const { return absl::StrCat("rank ", rank_, "@", host_); }

std::string World::MpiLibraryVersion() const {
  char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int length = 0;
  MPI_Get_library_version(text, &length);
  std::string version(text, static_cast<size_t>(std::max(0, length)));
  version = version.substr(0, version.find_first_of("\r\n"));
  while (!version.empty() && (version.back() == '\0' || version.back() == ' ')) version.pop_back();
  return version;
}

std::string World::MpiStandardVersion() const {
  int major = 0, minor = 0;
  MPI_Get_version(&major, &minor);
  return absl::StrCat(major, ".", minor);
}

absl::Status World::Barrier() { return SPINECHECK_MPI_CALL(MPI_Barrier(comms_->control), Where()); }

absl::Status World::SleepingBarrier() {
  MPI_Request barrier = MPI_REQUEST_NULL;
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Ibarrier(comms_->control, &barrier), Where()));
  int done = 0;
  for (int round = 0; !done; PollPause(round)) {
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Test(&barrier, &done, MPI_STATUS_IGNORE), Where()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> World::GatherToRoot(const std::string& local) {
  int length = static_cast<int>(local.size());
  std::vector<int> lengths(rank_ == 0 ? static_cast<size_t>(size_) : 0);
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(
      MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, comms_->control), Where()));
  std::vector<int> offsets(lengths.size());
  std::string all;
  if (rank_ == 0) {
    int64_t total = 0;
    for (size_t i = 0; i < lengths.size(); ++i) {
      offsets[i] = static_cast<int>(total);
      total += lengths[i];
    }
    all.resize(static_cast<size_t>(total));
  }
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Gatherv(local.data(), length, MPI_CHAR, all.data(),
                                                             lengths.data(), offsets.data(), MPI_CHAR, 0,
                                                             comms_->control),
                                                 Where()));
  std::vector<std::string> result;
  for (size_t i = 0; i < lengths.size(); ++i) {
    result.push_back(all.substr(static_cast<size_t>(offsets[i]), static_cast<size_t>(lengths[i])));
  }
  return result;
}

absl::StatusOr<std::string> World::Broadcast(const std::string& value, int root) {
  int length = static_cast<int>(value.size());
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Bcast(&length, 1, MPI_INT, root, comms_->control), Where()));
  std::string result = rank_ == root ? value : std::string(static_cast<size_t>(length), '\0');
  SPINECHECK_RETURN_IF_ERROR(
      SPINECHECK_MPI_CALL(MPI_Bcast(result.data(), length, MPI_CHAR, root, comms_->control), Where()));
  return result;
}

namespace {

// One value reduced with `op` over `comm`, delivered to every rank.
template <typename T>
absl::StatusOr<T> AllReduceOne(T value, MPI_Datatype type, MPI_Op op, MPI_Comm comm, const std::string& where) {
  T result{};
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Allreduce(&value, &result, 1, type, op, comm), where));
  return result;
}

}  // namespace

absl::StatusOr<double> World::SumAll(double value) {
  return AllReduceOne(value, MPI_DOUBLE, MPI_SUM, comms_->control, Where());
}

absl::StatusOr<double> World::MinAll(double value) {
  return AllReduceOne(value, MPI_DOUBLE, MPI_MIN, comms_->control, Where());
}

absl::StatusOr<int64_t> World::SumAll(int64_t value) {
  return AllReduceOne(value, MPI_INT64_T, MPI_SUM, comms_->control, Where());
}

absl::StatusOr<World::RankValue> World::MaxWithRank(double value) {
  struct {
    double value;
    int rank;
  } in{value, rank_}, out{0, 0};
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(
      MPI_Allreduce(&in, &out, 1, MPI_DOUBLE_INT, MPI_MAXLOC, comms_->control), Where()));
  return RankValue{out.value, out.rank};
}

absl::StatusOr<std::vector<double>> World::MaxToRoot(const std::vector<double>& values) {
  std::vector<double> result(rank_ == 0 ? values.size() : 0);
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Reduce(values.data(), result.data(),
                                                            static_cast<int>(values.size()), MPI_DOUBLE, MPI_MAX, 0,
                                                            comms_->control),
                                                 Where()));
  return result;
}

absl::Status World::AgreeOnError(const absl::Status& local) {
  // The lowest failing rank (size_ when none failed) ...
  int candidate = local.ok() ? size_ : rank_;
  int failing = size_;
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(
      MPI_Allreduce(&candidate, &failing, 1, MPI_INT, MPI_MIN, comms_->control), Where()));
  if (failing == size_) return absl::OkStatus();
  // ... tells every rank its code and message.
  int code = static_cast<int>(local.code());
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Bcast(&code, 1, MPI_INT, failing, comms_->control), Where()));
  std::string message = rank_ == failing ? std::string(local.message()) : std::string();
  if (rank_ == failing && message.find(Where()) == std::string::npos) message = absl::StrCat(Where(), ": ", message);
  SPINECHECK_ASSIGN_OR_RETURN(message, Broadcast(message, failing));
  return absl::Status(static_cast<absl::StatusCode>(code), message);
}

absl::Status World::Arrive(absl::string_view phase, absl::Duration timeout) {
  watchdog_->Disarm();
  phase_deadline_ = absl::InfiniteFuture();
  if (timeout <= absl::ZeroDuration()) return SleepingBarrier();
  const int sequence = ++arrival_sequence_;
  const absl::Time deadline = absl::Now() + timeout;
  const std::string timeout_text = absl::FormatDuration(timeout);

  MPI_Request barrier = MPI_REQUEST_NULL;
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Ibarrier(comms_->control, &barrier), Where()));

  // Ranks other than 0 answer rank 0's census while they wait.
  int census_request = 0;
  MPI_Request census = MPI_REQUEST_NULL;
  MPI_Request reply = MPI_REQUEST_NULL;
  if (rank_ != 0) {
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(
        MPI_Irecv(&census_request, 1, MPI_INT, 0, kCensusRequestTag, comms_->control, &census), Where()));
  }
  const absl::Time give_up = rank_ == 0 ? deadline : deadline + 2 * kCensusGrace;
  int done = 0;
  for (int round = 0; !done && absl::Now() < give_up; PollPause(round)) {
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Test(&barrier, &done, MPI_STATUS_IGNORE), Where()));
    if (census != MPI_REQUEST_NULL) {
      int asked = 0;
      MPI_Test(&census, &asked, MPI_STATUS_IGNORE);
      if (asked) {
        SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(
            MPI_Isend(&sequence, 1, MPI_INT, 0, kCensusReplyTag, comms_->control, &reply), Where()));
      }
    }
  }
  if (done) {
    if (census != MPI_REQUEST_NULL) {
      MPI_Cancel(&census);
      MPI_Wait(&census, MPI_STATUS_IGNORE);
    }
    if (reply != MPI_REQUEST_NULL) MPI_Wait(&reply, MPI_STATUS_IGNORE);
    phase_deadline_ = absl::Now() + timeout;
    watchdog_->Arm(absl::Now() + timeout + kWatchdogGrace,
                   absl::StrCat(phase, " did not finish within ", timeout_text, " (-T) plus ",
                                absl::FormatDuration(kWatchdogGrace),
                                " grace; the ranks were inside a blocking collective, so the one that stopped "
                                "cannot be named from here"));
    return absl::OkStatus();
  }
  if (rank_ != 0) {
    return absl::DeadlineExceededError(absl::StrCat(
        "timeout: not every rank arrived at ", phase, " within ", timeout_text, " (-T); rank 0 did not report who, ",
        "so rank 0 itself may be the one that stopped"));
  }

  // Rank 0: ask everyone whether they arrived; silence means they did not.
  std::vector<MPI_Request> requests(static_cast<size_t>(2 * (size_ - 1)), MPI_REQUEST_NULL);
  std::vector<int> replies(static_cast<size_t>(size_), 0);
  for (int peer = 1; peer < size_; ++peer) {
    const size_t i = static_cast<size_t>(peer - 1);
    MPI_Isend(&sequence, 1, MPI_INT, peer, kCensusRequestTag, comms_->control, &requests[2 * i]);
    MPI_Irecv(&replies[static_cast<size_t>(peer)], 1, MPI_INT, peer, kCensusReplyTag, comms_->control,
              &requests[2 * i + 1]);
  }
  std::vector<int> arrived(static_cast<size_t>(size_), 0);
  arrived[0] = 1;
  const absl::Time census_end = absl::Now() + kCensusGrace;
  for (int round = 0; absl::Now() < census_end; PollPause(round)) {
    bool all = true;
    for (int peer = 1; peer < size_; ++peer) {
      int& flag = arrived[static_cast<size_t>(peer)];
      if (!flag) MPI_Test(&requests[2 * static_cast<size_t>(peer - 1) + 1], &flag, MPI_STATUS_IGNORE);
      all = all && flag;
    }
    if (all) break;
  }
  std::vector<int>& missing = missing_at_timeout_;
  missing.clear();
  for (int peer = 1; peer < size_; ++peer) {
    if (!arrived[static_cast<size_t>(peer)] || replies[static_cast<size_t>(peer)] != sequence) missing.push_back(peer);
  }
  return absl::DeadlineExceededError(absl::StrCat("timeout: ranks [", absl::StrJoin(missing, ","),
                                                  "] did not arrive at ", phase, " within ", timeout_text, " (-T)"));
}

void World::EndPhase() {
  watchdog_->Disarm();
  phase_deadline_ = absl::InfiniteFuture();
}

void World::SetTimeoutHandler(std::function<void(const std::string& reason)> handler) {
  const std::string where = Where();
  watchdog_->SetHandler([where, handler = std::move(handler)](const std::string& message) {
    std::fprintf(stderr, "spinecheck: %s: timeout: %s\n", where.c_str(), message.c_str());
    std::fflush(stderr);
    if (handler) handler(message);
  });
}

void World::Abort(int exit_code) {
  std::fflush(stdout);
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);
}

}  // namespace spinecheck

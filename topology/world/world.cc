#include "topology/world/world.h"

#include <mpi.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "reports/model/exit_code.h"
#include "reports/model/status_macros.h"
#include "topology/world/mpi_error.h"
#include "topology/world/poll_pause.h"
#include "topology/world/signal_watch.h"
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

// The exit code of an interrupted run, for the second SIGINT that ends the
// process from inside the signal handler: no allocation, no locks. Agrees
// with ExitCodeForStatus(World::InterruptStatus(signal_number, ...)).
int ExitCodeForSignal(int signal_number) {
  return static_cast<int>(signal_number == SIGTERM || signal_number == SIGHUP ? ExitCode::kTimeout
                                                                              : ExitCode::kCouldNotTest);
}

}  // namespace

struct World::Comms {
  MPI_Comm control = MPI_COMM_NULL;
  // This host's ranks (or the simulated host's).
  MPI_Comm node = MPI_COMM_NULL;
  // The hosts' leaders (local rank 0), in world rank order; MPI_COMM_NULL elsewhere.
  MPI_Comm leaders = MPI_COMM_NULL;
};

World::World() = default;

absl::StatusOr<std::unique_ptr<World>> World::Init(int* argc, char*** argv, const WorldOptions& options) {
  std::unique_ptr<World> world(new World());
  world->host_ = HostName();
  world->comms_ = std::make_unique<Comms>();
  // Signals are handled before MPI_Init, which can take long on a large job.
  world->interrupt_handler_ = options.interrupt_handler;
  World* self = world.get();
  world->signals_ = SignalWatch::Create([self](int signal_number) { return self->OnSignal(signal_number); },
                                        &ExitCodeForSignal);
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
  // Keyed by world rank, so that every host's lowest rank is its leader and
  // rank 0 leads its host and is the first leader.
  if (options.simulated_host) {
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(
        MPI_Comm_split(world->comms_->control, options.simulated_host(world->rank_), world->rank_,
                       &world->comms_->node),
        world->Where()));
  } else {
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(
        MPI_Comm_split_type(world->comms_->control, MPI_COMM_TYPE_SHARED, world->rank_, MPI_INFO_NULL,
                            &world->comms_->node),
        world->Where()));
  }
  MPI_Comm_set_errhandler(world->comms_->node, MPI_ERRORS_RETURN);
  MPI_Comm_rank(world->comms_->node, &world->local_rank_);
  MPI_Comm_size(world->comms_->node, &world->local_size_);
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(
      MPI_Comm_split(world->comms_->control, world->local_rank_ == 0 ? 0 : MPI_UNDEFINED, world->rank_,
                     &world->comms_->leaders),
      world->Where()));
  if (world->comms_->leaders != MPI_COMM_NULL) MPI_Comm_set_errhandler(world->comms_->leaders, MPI_ERRORS_RETURN);
  if (world->local_rank_ == 0) world->host_ranks_.resize(static_cast<size_t>(world->local_size_));
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(MPI_Gather(&world->rank_, 1, MPI_INT, world->host_ranks_.data(), 1,
                                                            MPI_INT, 0, world->comms_->node),
                                                 world->Where()));
  world->watchdog_ = std::make_unique<Watchdog>(static_cast<int>(ExitCode::kTimeout), nullptr);
  world->SetTimeoutHandler(nullptr);
  return world;
}

World::~World() {
  watchdog_.reset();
  if (comms_ && comms_->leaders != MPI_COMM_NULL) MPI_Comm_free(&comms_->leaders);
  if (comms_ && comms_->node != MPI_COMM_NULL) MPI_Comm_free(&comms_->node);
  if (comms_ && comms_->control != MPI_COMM_NULL) MPI_Comm_free(&comms_->control);
  if (finalize_) MPI_Finalize();
  // Last: a signal during MPI_Finalize still ends the process with its code.
  signals_.reset();
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

namespace {

// Gathers `local` of every rank of `comm` to its rank 0 (MPI_Gather of the
// lengths, then MPI_Gatherv): on the root, the lengths in comm rank order and
// the bytes end to end; nothing elsewhere.
absl::Status GatherBytes(MPI_Comm comm, const char* local, int length, std::vector<int>& lengths, std::string& all,
                         const std::string& where) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  lengths.assign(rank == 0 ? static_cast<size_t>(size) : 0, 0);
  SPINECHECK_RETURN_IF_ERROR(
      SPINECHECK_MPI_CALL(MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, comm), where));
  std::vector<int> offsets(lengths.size());
  int64_t total = 0;
  for (size_t i = 0; i < lengths.size(); ++i) {
    offsets[i] = static_cast<int>(total);
    total += lengths[i];
  }
  // Past 2 GiB the offsets wrap; the contract of GatherToRoot rules that out.
  all.assign(static_cast<size_t>(std::min<int64_t>(total, INT_MAX)), '\0');
  return SPINECHECK_MPI_CALL(
      MPI_Gatherv(local, length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0, comm), where);
}

}  // namespace

absl::StatusOr<std::vector<std::string>> World::GatherToRoot(const std::string& local) {
  // 1. Every host's ranks to the host's leader: the bytes end to end, and
  //    their lengths in local rank order.
  std::vector<int> lengths;
  std::string host_bytes;
  SPINECHECK_RETURN_IF_ERROR(
      GatherBytes(comms_->node, local.data(), static_cast<int>(local.size()), lengths, host_bytes, Where()));
  if (local_rank_ != 0) return std::vector<std::string>();

  // 2. The leaders to rank 0: each leader's (world rank, length) pairs (as
  //    bytes: the control plane assumes one integer layout across the job),
  //    then its bytes. One host: nothing to send.
  std::vector<int> pairs;
  pairs.reserve(2 * lengths.size());
  for (size_t i = 0; i < lengths.size(); ++i) {
    pairs.push_back(host_ranks_[i]);
    pairs.push_back(lengths[i]);
  }
  int leaders = 1;
  MPI_Comm_size(comms_->leaders, &leaders);
  std::string all_bytes;
  if (leaders > 1) {
    std::vector<int> pair_counts;
    std::string all_pairs;
    SPINECHECK_RETURN_IF_ERROR(GatherBytes(comms_->leaders, reinterpret_cast<const char*>(pairs.data()),
                                           static_cast<int>(pairs.size() * sizeof(int)), pair_counts, all_pairs,
                                           Where()));
    std::vector<int> byte_counts;
    SPINECHECK_RETURN_IF_ERROR(GatherBytes(comms_->leaders, host_bytes.data(), static_cast<int>(host_bytes.size()),
                                           byte_counts, all_bytes, Where()));
    if (rank_ != 0) return std::vector<std::string>();
    pairs.assign(all_pairs.size() / sizeof(int), 0);
    std::copy(all_pairs.begin(), all_pairs.end(), reinterpret_cast<char*>(pairs.data()));
  } else {
    all_bytes = std::move(host_bytes);
  }

  // 3. Rank 0 puts every rank's bytes at its world rank: hosts need not hold
  //    consecutive ranks (mpirun --map-by node deals them out round robin).
  std::vector<std::string> result(static_cast<size_t>(size_));
  size_t offset = 0;
  for (size_t i = 0; i + 1 < pairs.size(); i += 2) {
    const size_t length = static_cast<size_t>(pairs[i + 1]);
    result[static_cast<size_t>(pairs[i])] = all_bytes.substr(offset, length);
    offset += length;
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
  {
    std::lock_guard<std::mutex> lock(phase_mutex_);
    phase_ = std::string(phase);
  }
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
                                " grace: either it needs more time than -T gives it (many iterations, "
                                "large sizes), or a rank stopped inside a blocking collective, which cannot be "
                                "named from here"));
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

void World::SetInterruptHandler(std::function<int(const absl::Status& status)> handler) {
  std::lock_guard<std::mutex> lock(phase_mutex_);
  interrupt_handler_ = std::move(handler);
}

absl::Status World::InterruptStatus(int signal_number, absl::string_view phase) {
  const std::string during = phase.empty() ? std::string() : absl::StrCat(" during ", phase);
  if (signal_number == SIGTERM) {
    return absl::DeadlineExceededError(
        absl::StrCat("interrupted by SIGTERM", during,
                     ": the job was ended from outside: a Slurm time limit, scancel or preemption, or the launcher "
                     "after another rank of the job died (its output names the rank); mpirun passes its own "
                     "interruption, Ctrl-C included, to the ranks as SIGTERM"));
  }
  if (signal_number == SIGHUP) {
    return absl::DeadlineExceededError(
        absl::StrCat("interrupted by SIGHUP", during,
                     ": the terminal or ssh session that started the run closed (run it under sbatch, nohup or "
                     "tmux)"));
  }
  return absl::CancelledError(absl::StrCat("interrupted by ", SignalWatch::Name(signal_number),
                                           signal_number == SIGINT ? " (Ctrl-C)" : "", during,
                                           ": the run was stopped before it finished"));
}

std::string World::phase() const {
  std::lock_guard<std::mutex> lock(phase_mutex_);
  return phase_;
}

int World::OnSignal(int signal_number) {
  std::function<int(const absl::Status&)> handler;
  std::string phase;
  {
    std::lock_guard<std::mutex> lock(phase_mutex_);
    handler = interrupt_handler_;
    phase = phase_;
  }
  const absl::Status status = InterruptStatus(signal_number, phase);
  if (handler) return handler(status);
  if (rank_ == 0) {
    std::fprintf(stderr, "spinecheck: %s: %s\n", Where().c_str(), std::string(status.message()).c_str());
    std::fflush(stderr);
  }
  return static_cast<int>(ExitCodeForStatus(status));
}

void World::Abort(int exit_code) {
  std::fflush(stdout);
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);
}

}  // namespace spinecheck

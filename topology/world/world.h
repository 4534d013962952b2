// World: the control plane of a run, over MPI.
//
// One World per process. It knows this rank, the size of the job, the local
// rank on this host, and offers the few collective operations the harness
// itself needs (gathers to rank 0, reductions of timings, agreement on
// errors, arrival with a deadline). It works the same under mpirun, srun and
// as a single process started alone (MPI singleton).
//
// Every method that communicates is collective over all ranks unless it says
// otherwise: all ranks call it, in the same order. Failures of MPI calls come
// back as absl::Status (code kUnavailable) naming the call, file:line and
// rank@host. The data plane under test (bench/comm) uses its own
// communicator, so control traffic never mixes with measured traffic.
//
// Gathers to rank 0 are hierarchical: every host's ranks first gather to the
// host's lowest rank (its leader, over a communicator from
// MPI_Comm_split_type(MPI_COMM_TYPE_SHARED)), then the leaders gather to
// rank 0 (over a communicator of the leaders only). With H hosts of L ranks,
// one GatherToRoot is a gather and a gatherv within each host (L - 1
// messages each into the leader) and, across hosts, two gathers and two
// gathervs among the leaders (H - 1 messages each into rank 0): rank 0
// receives 2(L - 1) + 4(H - 1) messages, not 2(L*H - 1), with MPI's linear
// algorithms. Rank 0's memory holds the gathered bytes (twice, briefly) and
// two integers per rank; a leader's holds its host's bytes.
//
// SIGTERM, SIGHUP and SIGINT are handled (see SetInterruptHandler): the process does
// not die on the spot, so rank 0 can still write the partial result document.
#ifndef SPINECHECK_TOPOLOGY_WORLD_WORLD_H_
#define SPINECHECK_TOPOLOGY_WORLD_WORLD_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace spinecheck {

class SignalWatch;
class Watchdog;

struct WorldOptions {
  // Testing only: the host index of a rank, so that one machine can play
  // several hosts (local_rank, local_size and the hierarchical gathers follow
  // it; host() stays the real name). Unset: the real hosts.
  std::function<int(int rank)> simulated_host;
  // What SIGTERM, SIGHUP and SIGINT do from the start, MPI_Init included,
  // until SetInterruptHandler replaces it (see there). Unset: print and exit.
  std::function<int(const absl::Status& status)> interrupt_handler;
};

class World {
 public:
  // Initialises MPI (unless already initialised), duplicates the world
  // communicator for control traffic and finds the local rank. Fails with
  // kUnavailable when MPI cannot start. The first World of the process also
  // takes over SIGTERM, SIGHUP and SIGINT (see SetInterruptHandler).
  static absl::StatusOr<std::unique_ptr<World>> Init(int* argc, char*** argv,
                                                     const WorldOptions& options = WorldOptions());

  // Finalises MPI if Init initialised it.
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  int local_rank() const { return local_rank_; }
  int local_size() const { return local_size_; }
  const std::string& host() const { return host_; }
  // "rank 3@node017", for messages.
  std::string Where() const;
  // MPI library version line and the MPI standard version ("3.1").
  std::string MpiLibraryVersion() const;
  std::string MpiStandardVersion() const;

  absl::Status Barrier();
  // A barrier whose waiting ranks sleep between polls (at most 1 ms) instead
  // of spinning, so that a rank still working keeps its core.
  absl::Status SleepingBarrier();

  // Rank 0 receives every rank's `local` in rank order; other ranks receive
  // an empty vector. Hierarchical (see the top of this file): O(total bytes)
  // memory on rank 0, O(host's bytes) on each host's leader. The bytes of one
  // host, and of the whole job, must stay below 2 GiB (MPI's int counts).
  absl::StatusOr<std::vector<std::string>> GatherToRoot(const std::string& local);

  // Every rank receives `value` of rank `root`.
  absl::StatusOr<std::string> Broadcast(const std::string& value, int root);

  absl::StatusOr<double> SumAll(double value);
  absl::StatusOr<double> MinAll(double value);
  absl::StatusOr<int64_t> SumAll(int64_t value);

  struct RankValue {
    double value = 0;
    int rank = 0;
  };
  // The largest value and the lowest rank holding it, on every rank.
  absl::StatusOr<RankValue> MaxWithRank(double value);

  // Element-wise maximum of equal-length vectors, delivered to rank 0 (other
  // ranks receive an empty vector).
  absl::StatusOr<std::vector<double>> MaxToRoot(const std::vector<double>& values);

  // Agree on local errors before the next collective step: every rank
  // returns the same status, OK only if every rank passed OK. Otherwise it is
  // the error of the lowest failing rank, with its message prefixed by that
  // rank's Where(). Use it so that all ranks take the same branch.
  absl::Status AgreeOnError(const absl::Status& local);

  // A barrier with a deadline, marking the start of `phase`.
  //
  // With timeout <= 0 it is a SleepingBarrier without deadline. Otherwise, when not every rank
  // arrives within `timeout`, rank 0 asks every rank whether it arrived and
  // returns kDeadlineExceeded (missing_at_timeout() names the ranks that did
  // not); the other ranks return kDeadlineExceeded shortly after. After a
  // successful arrival the watchdog allows `timeout` (plus a grace period)
  // until the next Arrive or EndPhase; past that, the timeout handler runs
  // and the process ends with exit code 4 (see SetTimeoutHandler).
  absl::Status Arrive(absl::string_view phase, absl::Duration timeout);

  // On rank 0, after Arrive returned kDeadlineExceeded: the ranks that did
  // not arrive. Empty elsewhere.
  const std::vector<int>& missing_at_timeout() const { return missing_at_timeout_; }

  // When the phase begun by the last successful Arrive must end: its arrival
  // plus the timeout; InfiniteFuture without a timeout or outside a phase.
  // Waits that can give up (NCCL's) give up here, before the watchdog fires.
  absl::Time phase_deadline() const { return phase_deadline_; }

  // Stops the watchdog (call when the timed work of the run is over).
  void EndPhase();

  // Called on this rank, from the watchdog thread, when a phase overruns its
  // deadline inside work the harness cannot interrupt (a blocking collective
  // whose peer stopped). It should write whatever was measured; the process
  // then exits with code 4. The handler must not call MPI.
  void SetTimeoutHandler(std::function<void(const std::string& reason)> handler);

  // What happens on SIGTERM or SIGINT. The signal handler only records the
  // signal; a thread of this World then calls `handler(status)` on this rank
  // and the process exits with the code it returns (std::_Exit). The handler
  // runs while the main thread may be inside MPI: it must not call MPI.
  // `status` names the signal and the phase (the last Arrive's, if any);
  // InterruptStatus gives it. Without a handler, rank 0 prints
  // it on stderr and every rank exits with ExitCodeForStatus(status).
  // A second SIGINT ends the process at once; further SIGTERMs are ignored.
  void SetInterruptHandler(std::function<int(const absl::Status& status)> handler);

  // The status of a run interrupted by `signal_number` during `phase` (""
  // when unknown):
  //   SIGTERM -> kDeadlineExceeded (exit 4, verdict "timeout"): sent by
  //     Slurm's time limit, scancel and preemption (then SIGKILL after
  //     KillWait), and by mpirun when it is itself interrupted; the run did
  //     not finish in the time it was given.
  //   SIGHUP -> kDeadlineExceeded, like SIGTERM: the session that started
  //     the run closed.
  //   SIGINT (and any other) -> kCancelled (exit 3, verdict "error"): an
  //     operator's Ctrl-C (alone, or srun passing it on): nothing was
  //     concluded, and no deadline was missed.
  static absl::Status InterruptStatus(int signal_number, absl::string_view phase);

  // The phase begun by the last Arrive; "" before the first. Any thread.
  std::string phase() const;

  // Ends every rank of the job with `exit_code` (MPI_Abort). For errors
  // after which the ranks can no longer agree, such as a timeout.
  [[noreturn]] void Abort(int exit_code);

 private:
  World();
  int OnSignal(int signal_number);

  int rank_ = 0;
  int size_ = 1;
  int local_rank_ = 0;
  int local_size_ = 1;
  std::string host_;
  bool finalize_ = false;
  int arrival_sequence_ = 0;
  absl::Time phase_deadline_ = absl::InfiniteFuture();
  std::vector<int> missing_at_timeout_;
  // Hosts' leaders only: the world ranks of this host's ranks, in local-rank order.
  std::vector<int> host_ranks_;
  mutable std::mutex phase_mutex_;
  std::string phase_;
  std::function<int(const absl::Status&)> interrupt_handler_;  // under phase_mutex_
  struct Comms;
  std::unique_ptr<Comms> comms_;
  std::unique_ptr<Watchdog> watchdog_;
  std::unique_ptr<SignalWatch> signals_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_WORLD_WORLD_H_

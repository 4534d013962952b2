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
#ifndef SPINECHECK_TOPOLOGY_WORLD_WORLD_H_
#define SPINECHECK_TOPOLOGY_WORLD_WORLD_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace spinecheck {

class Watchdog;

class World {
 public:
  // Initialises MPI (unless already initialised), duplicates the world
  // communicator for control traffic and finds the local rank. Fails with
  // kUnavailable when MPI cannot start.
  static absl::StatusOr<std::unique_ptr<World>> Init(int* argc, char*** argv);

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
  // an empty vector. O(total bytes) memory on rank 0 only.
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

  // Ends every rank of the job with `exit_code` (MPI_Abort). For errors
  // after which the ranks can no longer agree, such as a timeout.
  [[noreturn]] void Abort(int exit_code);

 private:
  World() = default;

  int rank_ = 0;
  int size_ = 1;
  int local_rank_ = 0;
  int local_size_ = 1;
  std::string host_;
  bool finalize_ = false;
  int arrival_sequence_ = 0;
  absl::Time phase_deadline_ = absl::InfiniteFuture();
  std::vector<int> missing_at_timeout_;
  struct Comms;
  std::unique_ptr<Comms> comms_;
  std::unique_ptr<Watchdog> watchdog_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_WORLD_WORLD_H_

// RunReport: rank 0's side of any subcommand. It keeps the result document,
// rewrites --json/--csv whenever results arrive (so that whatever was
// measured survives a crash, a kill or a timeout) and ends the run with the
// findings, the verdict and one greppable line per finding.
#ifndef SPINECHECK_RUN_RUN_REPORT_H_
#define SPINECHECK_RUN_RUN_REPORT_H_

#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "reports/baseline/compare.h"
#include "reports/model/exit_code.h"
#include "reports/model/run_document.h"
#include "reports/writers/progress_line.h"
#include "topology/world/world.h"

namespace spinecheck {

// A baseline the run is judged against when it ends (`--baseline FILE`).
struct BaselineJudgement {
  std::string path;
  Baseline baseline;
  CompareOptions options;
};

// The --baseline file read before MPI starts: nullopt when `path` is empty;
// kInvalidArgument naming the flag and the file when it cannot be read or
// parsed. `tolerance` is a fraction (checked by the flag), below 0: the default.
absl::StatusOr<std::optional<BaselineJudgement>> LoadBaselineJudgement(const std::string& path, double tolerance);

// The run's outputs (empty: not written). Each is written with
// WriteOutputFile; a stream (/dev/stdout, /dev/null, a FIFO) receives one
// document, when the run ends, and a regular file is rewritten as results
// arrive. All are checked before anything is measured.
struct ReportPaths {
  std::string json;
  std::string csv;
  std::string html;  // spinecheck report's page: written at the start (to fail early) and when the run ends
  std::string dot;   // the fabric map as a DOT graph (links, topo): written by the subcommand
};

class RunReport {
 public:
  // `printing` is true on rank 0 only; other ranks keep no document. On
  // rank 0 it is the report that a SIGTERM or SIGINT finishes (see
  // WriteReportOnSignal) until it is destroyed.
  RunReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out);
  virtual ~RunReport();

  // On rank 0: whether the output files could be written at the start and
  // name distinct files (kInvalidArgument otherwise: the run stops with a
  // usage error before it measures). OK elsewhere.
  const absl::Status& initial_write() const { return initial_write_; }

  // Judge the document against this baseline when the run ends (rank 0).
  void SetBaseline(std::optional<BaselineJudgement> judgement) { baseline_ = std::move(judgement); }

  // The subcommand ("sweep", "burn"), for messages.
  const std::string& command() const { return command_; }

  // Ends the run with `run_status` (OK when it completed): derives the
  // findings, adds one per rank in `missing_ranks` (those that did not
  // arrive before a -T deadline), decides the verdict, writes the files and
  // prints one line per finding and the verdict. Safe to call from the
  // watchdog and signal threads; later calls do nothing, and the files are
  // not written again after it. Returns the exit code: the verdict's, or 3
  // when the run passed but an output could not be written.
  int Finish(const absl::Status& run_status, const std::vector<int>& missing_ranks = {});

  // Finish for a signal (`status` from World::InterruptStatus) received
  // during `phase`, on rank 0: when ranks of rank 0's host had already died
  // (killed, crashed; the launcher then ends the others with SIGTERM), the
  // run ends as "could not test" (exit 3) with a world.rank_lost finding
  // naming each, instead of the signal's own story. Ranks on other hosts
  // cannot be seen from here.
  int FinishInterrupted(const absl::Status& status, const std::string& phase);

 protected:
  // A rule that judges the document's records (a burn's mismatches and
  // outliers, a sweep's corrupted ranks): findings derived, never stored.
  using FindingRule = std::function<std::vector<Finding>(const RunDocument&)>;

  // The findings come phase by phase, in the order the phases ran: each
  // subcommand declares its phases when it is built. A phase either hands
  // its findings over (SetPhaseFindingsLocked: links, inventory) or, with a
  // rule, has them derived from the records whenever they are asked for.
  // Returns the phase's index.
  size_t AddFindingPhase(FindingRule rule = nullptr);
  // The findings of phase `phase` (one without a rule), replacing earlier
  // ones; call under mutex_.
  void SetPhaseFindingsLocked(size_t phase, std::vector<Finding> findings);
  // Every phase's findings, in phase order; call under mutex_. Finish puts
  // them in the document, then the -T and lost-rank findings.
  std::vector<Finding> PhaseFindingsLocked() const;

  // Writes the files (streams only when the run ends); a failure is printed
  // and returned.
  absl::Status WriteFilesLocked();

  // Prints the greppable lines of the document's findings before the
  // verdict line (called by Finish under the lock): one line per finding.
  virtual void PrintFindingLinesLocked();

  // Whether `path` (one of paths_) is a stream: written once, by Finish.
  bool IsStreamPath(const std::string& path) const;

  // Records the ranks of rank 0's host from document_.ranks, for
  // FinishInterrupted; call (under mutex_) whenever the ranks are set.
  void RememberHostRanks();

  std::mutex mutex_;
  RunDocument document_;
  ReportPaths paths_;
  bool printing_;
  std::FILE* out_;
  // Rank 0's status line when `out_` is a terminal; hold a
  // ProgressLine::Pause around every other print to `out_`.
  ProgressLine progress_;

 private:
  // Resolves every output, checks that it can be written and that no two
  // name the same file; records the streams.
  absl::Status CheckOutputs();

  absl::Status initial_write_;
  std::string command_;
  std::optional<BaselineJudgement> baseline_;
  struct FindingPhase {
    FindingRule rule;               // null: `findings` as set
    std::vector<Finding> findings;
  };
  std::vector<FindingPhase> finding_phases_;
  bool finished_ = false;
  bool final_written_ = false;
  // Rank 0 only: the ranks on its host, under their own lock (never held
  // for long), so that a signal reads them at once.
  std::mutex host_ranks_mutex_;
  std::vector<RankInfo> host_ranks_;
  // world.rank_lost findings FinishInterrupted adds to the verdict.
  std::vector<Finding> lost_findings_;
  // What Finish returned: the verdict's code, or 3 when the run passed but
  // an output could not be written.
  int exit_code_ = static_cast<int>(ExitCode::kCouldNotTest);
  // The outputs that are streams (written once, by Finish).
  std::vector<std::string> stream_paths_;
  // Outputs found unusable at the start (never written).
  std::vector<std::string> unusable_paths_;
};

// After a -T expiry the ranks can no longer agree: rank 0 prints `status`,
// writes the partial document (naming the ranks that did not arrive) and
// ends the job with exit 4; the other ranks give it time to do so.
[[noreturn]] void EndOnTimeout(World& world, RunReport& report, const absl::Status& status);

// Has rank 0 write the partial document when a phase overruns inside work
// the harness cannot interrupt (World::SetTimeoutHandler); the other ranks
// wait a little, so that mpirun does not end rank 0 before it has written.
void WriteReportOnTimeout(World& world, RunReport& report);

// Has SIGTERM, SIGHUP and SIGINT end the run through the report (World::
// SetInterruptHandler): rank 0 prints the interruption, finishes the report
// alive at that moment with World::InterruptStatus, so that the document
// keeps what was measured and gets verdict timeout (SIGTERM and SIGHUP,
// exit 4) or error (SIGINT, exit 3), never pass; before the report exists,
// it writes `started` (the document's header) to `json_path` with that
// verdict instead. The other ranks wait 2 s, so that the launcher does not
// end rank 0 before it has written. Every rank then exits with that code.
// StartDocument calls it.
void WriteReportOnSignal(World& world, const RunDocument& started, const std::string& json_path);

// What a signal does before the run's report exists, on rank 0: prints
// `status`, writes `started` (the document's header) with the
// interruption's verdict to `json_path` (when not empty) and returns the
// exit code. Safe on the signal thread; calls no MPI.
int WriteHeaderOnSignal(const RunDocument& started, const std::string& json_path, const absl::Status& status);

// Collective, after the measurements: ends the phase, ends the job on a
// -T expiry (EndOnTimeout), prints an error once, finishes the report and
// returns rank 0's exit code on every rank.
int EndRun(World& world, RunReport& report, const absl::Status& status);

// Prints "spinecheck COMMAND: error: MESSAGE" on stderr.
void PrintCommandError(absl::string_view command, const absl::Status& status);

// A finding per rank that did not arrive before a -T deadline.
std::vector<Finding> MissingRankFindings(const RunDocument& document, const std::vector<int>& missing_ranks);

// The ranks in `ranks` (all of this machine's host) whose process is gone
// or a zombie, by pid: a rank that died, seen from a survivor on its host.
std::vector<int> LostRanks(const std::vector<RankInfo>& ranks);

}  // namespace spinecheck

#endif  // SPINECHECK_RUN_RUN_REPORT_H_

// RunReport: rank 0's side of any subcommand. It keeps the result document,
// rewrites --json/--csv whenever results arrive (so that whatever was
// measured survives a crash, a kill or a timeout) and ends the run with the
// findings, the verdict and one greppable line per finding.
#ifndef SPINECHECK_TOOLS_SPINECHECK_RUN_REPORT_H_
#define SPINECHECK_TOOLS_SPINECHECK_RUN_REPORT_H_

#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "reports/model/run_document.h"
#include "reports/writers/progress_line.h"
#include "topology/world/world.h"

namespace spinecheck {

struct ReportPaths {
  std::string json;  // empty: not written
  std::string csv;
};

class RunReport {
 public:
  // `printing` is true on rank 0 only; other ranks keep no document.
  RunReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out);
  virtual ~RunReport() = default;

  // On rank 0: whether the output files could be written at the start (the
  // run stops with a usage error when they cannot). OK elsewhere.
  const absl::Status& initial_write() const { return initial_write_; }

  // The subcommand ("sweep", "burn"), for messages.
  const std::string& command() const { return command_; }

  // Ends the run with `run_status` (OK when it completed): derives the
  // findings, adds one per rank in `missing_ranks` (those that did not
  // arrive before a -T deadline), decides the verdict, writes the files and
  // prints one line per finding and the verdict. Safe to call from the
  // watchdog thread; later calls do nothing. Returns the exit code.
  int Finish(const absl::Status& run_status, const std::vector<int>& missing_ranks = {});

 protected:
  // The findings implied by the document's results (called under the lock).
  virtual std::vector<Finding> DeriveFindings(const RunDocument& document) const = 0;

  // Writes the files; a failure is printed and returned.
  absl::Status WriteFilesLocked();

  // Prints the greppable lines of the document's findings before the
  // verdict line (called by Finish under the lock): one line per finding.
  virtual void PrintFindingLinesLocked();

  std::mutex mutex_;
  RunDocument document_;
  ReportPaths paths_;
  bool printing_;
  std::FILE* out_;
  // Rank 0's status line when `out_` is a terminal; hold a
  // ProgressLine::Pause around every other print to `out_`.
  ProgressLine progress_;

 private:
  absl::Status initial_write_;
  std::string command_;
  bool finished_ = false;
};

// After a -T expiry the ranks can no longer agree: rank 0 prints `status`,
// writes the partial document (naming the ranks that did not arrive) and
// ends the job with exit 4; the other ranks give it time to do so.
[[noreturn]] void EndOnTimeout(World& world, RunReport& report, const absl::Status& status);

// Has rank 0 write the partial document when a phase overruns inside work
// the harness cannot interrupt (World::SetTimeoutHandler); the other ranks
// wait a little, so that mpirun does not end rank 0 before it has written.
void WriteReportOnTimeout(World& world, RunReport& report);

// Collective, after the measurements: ends the phase, ends the job on a
// -T expiry (EndOnTimeout), prints an error once, finishes the report and
// returns rank 0's exit code on every rank.
int EndRun(World& world, RunReport& report, const absl::Status& status);

// Prints "spinecheck COMMAND: error: MESSAGE" on stderr.
void PrintCommandError(absl::string_view command, const absl::Status& status);

// A finding per rank that did not arrive before a -T deadline.
std::vector<Finding> MissingRankFindings(const RunDocument& document, const std::vector<int>& missing_ranks);

}  // namespace spinecheck

#endif  // SPINECHECK_TOOLS_SPINECHECK_RUN_REPORT_H_

#include "tools/spinecheck/run_report.h"

#include <chrono>
#include <cstdlib>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "reports/baseline/baseline_json.h"
#include "reports/writers/csv_writer.h"
#include "reports/writers/html_report.h"
#include "reports/writers/json_writer.h"

namespace spinecheck {
namespace {

// Rank 0's live report, for the signal thread; the mutex keeps it alive
// while the signal thread finishes it.
std::mutex active_report_mutex;
RunReport* active_report = nullptr;

}  // namespace

RunReport::RunReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out)
    : document_(std::move(document)), paths_(std::move(paths)), printing_(printing), out_(out),
      progress_(out, printing && ProgressLine::ShouldDraw(out)), command_(document_.command) {
  // Until Finish, the document says the run is incomplete: a file left by a
  // killed run must never read as a pass.
  document_.verdict.status = "incomplete";
  document_.verdict.exit_code = ExitCode::kCouldNotTest;
  document_.verdict.reason = "the run had not finished when this document was written";
  if (printing_) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      initial_write_ = WriteFilesLocked();
      // The page too, so that a path it cannot be written to is a usage
      // error before anything is measured (it is rewritten at the end).
      if (!paths_.html.empty()) initial_write_.Update(WriteHtmlReport({document_}, paths_.html));
    }
    std::lock_guard<std::mutex> lock(active_report_mutex);
    active_report = this;
  }
}

RunReport::~RunReport() {
  std::lock_guard<std::mutex> lock(active_report_mutex);
  if (active_report == this) active_report = nullptr;
}

absl::Status RunReport::WriteFilesLocked() {
  // The document on disk is the one whose verdict was printed.
  if (final_written_) return absl::OkStatus();
  absl::Status first_error;
  for (const auto& [path, write] :
       {std::pair<const std::string*, absl::Status (*)(const RunDocument&, const std::string&)>{&paths_.json,
                                                                                                WriteJsonDocument},
        {&paths_.csv, WriteSweepCsv}}) {
    if (path->empty()) continue;
    if (absl::Status status = write(document_, *path); !status.ok()) {
      absl::FPrintF(stderr, "spinecheck %s: error: %s\n", document_.command, status.message());
      first_error.Update(status);
    }
  }
  return first_error;
}

int RunReport::Finish(const absl::Status& run_status, const std::vector<int>& missing_ranks) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!printing_ || finished_) return static_cast<int>(document_.verdict.exit_code);
  finished_ = true;
  progress_.End();
  document_.findings = DeriveFindings(document_);
  for (Finding& finding : MissingRankFindings(document_, missing_ranks)) document_.findings.push_back(std::move(finding));
  if (baseline_) JudgeAgainstBaseline(document_, baseline_->baseline, baseline_->path, baseline_->options);
  document_.verdict = DecideVerdict(document_.findings, run_status);
  document_.end_time = NowRfc3339();
  switch (document_.verdict.exit_code) {
    case ExitCode::kTimeout: document_.state = "timeout"; break;
    case ExitCode::kUsage:
    case ExitCode::kCouldNotTest: document_.state = "error"; break;
    default: document_.state = "completed"; break;
  }
  (void)WriteFilesLocked();  // errors were printed; the exit code reflects the run
  if (!paths_.html.empty()) {
    if (absl::Status status = WriteHtmlReport({document_}, paths_.html); !status.ok()) {
      absl::FPrintF(stderr, "spinecheck %s: error: %s\n", document_.command, status.message());
    }
  }
  final_written_ = true;
  PrintFindingLinesLocked();
  absl::FPrintF(out_, "spinecheck: verdict=%s exit=%d drain=%s reason=\"%s\"\n", document_.verdict.status,
                static_cast<int>(document_.verdict.exit_code), absl::StrJoin(document_.verdict.drain, ","),
                document_.verdict.reason);
  std::fflush(out_);
  return static_cast<int>(document_.verdict.exit_code);
}

void RunReport::PrintFindingLinesLocked() {
  for (const Finding& finding : document_.findings) {
    absl::FPrintF(out_, "spinecheck: %s %s=%s check=%s ranks=%s measured=%g expected=%g unit=\"%s\" %s\n",
                  absl::AsciiStrToUpper(finding.severity), finding.component.kind, finding.component.id, finding.check,
                  absl::StrJoin(finding.ranks, ","), finding.measured, finding.expected, finding.unit,
                  finding.message);
  }
}

absl::StatusOr<std::optional<BaselineJudgement>> LoadBaselineJudgement(const std::string& path, double tolerance) {
  if (path.empty()) return std::nullopt;
  absl::StatusOr<Baseline> baseline = ReadBaselineFile(path);
  if (!baseline.ok()) return absl::InvalidArgumentError(absl::StrCat("--baseline: ", baseline.status().message()));
  BaselineJudgement judgement{path, *std::move(baseline), CompareOptions{}};
  if (tolerance >= 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("--baseline-tolerance must lie between 0 and 1 (0.1 = 10% below the baseline); got ", tolerance));
  }
  if (tolerance >= 0) judgement.options.tolerance = tolerance;
  return judgement;
}

void PrintCommandError(absl::string_view command, const absl::Status& status) {
  absl::FPrintF(stderr, "spinecheck %s: error: %s\n", command, status.message());
}

void EndOnTimeout(World& world, RunReport& report, const absl::Status& status) {
  if (world.rank() == 0) {
    PrintCommandError(report.command(), status);
    report.Finish(status, world.missing_at_timeout());
    world.Abort(static_cast<int>(ExitCode::kTimeout));
  }
  std::this_thread::sleep_for(std::chrono::seconds(5));
  PrintCommandError(report.command(), status);
  world.Abort(static_cast<int>(ExitCode::kTimeout));
}

void WriteReportOnTimeout(World& world, RunReport& report) {
  const bool root = world.rank() == 0;
  world.SetTimeoutHandler([&report, root](const std::string& reason) {
    if (root) {
      report.Finish(absl::DeadlineExceededError(absl::StrCat("timeout: ", reason)));
    } else {
      std::this_thread::sleep_for(std::chrono::seconds(2));
    }
  });
}

void WriteReportOnSignal(World& world) {
  const bool root = world.rank() == 0;
  world.SetInterruptHandler([root](const absl::Status& status) {
    const int code = static_cast<int>(ExitCodeForStatus(status));
    if (!root) {
      std::this_thread::sleep_for(std::chrono::seconds(2));
      return code;
    }
    std::lock_guard<std::mutex> lock(active_report_mutex);
    if (active_report == nullptr) {
      absl::FPrintF(stderr, "spinecheck: error: %s (no result document had been started)\n", status.message());
      return code;
    }
    PrintCommandError(active_report->command(), status);
    // A run that had already finished keeps its verdict and its code.
    return active_report->Finish(status);
  });
}

int EndRun(World& world, RunReport& report, const absl::Status& status) {
  world.EndPhase();
  if (absl::IsDeadlineExceeded(status)) EndOnTimeout(world, report, status);
  if (!status.ok() && world.rank() == 0) PrintCommandError(report.command(), status);
  int exit_code = report.Finish(status);
  // Every rank exits with rank 0's verdict.
  absl::StatusOr<std::string> agreed = world.Broadcast(absl::StrCat(exit_code), 0);
  if (agreed.ok()) exit_code = std::atoi(agreed->c_str());
  return exit_code;
}

std::vector<Finding> MissingRankFindings(const RunDocument& document, const std::vector<int>& missing_ranks) {
  std::vector<Finding> findings;
  for (int rank : missing_ranks) {
    const std::string host = static_cast<size_t>(rank) < document.ranks.size()
                                 ? document.ranks[static_cast<size_t>(rank)].host
                                 : absl::StrCat("rank", rank);
    Finding finding;
    finding.severity = "fail";
    finding.check = "world.arrival";
    finding.component = {"host", host, {host}};
    finding.ranks = {rank};
    finding.unit = "arrived";
    finding.measured = 0;
    finding.expected = 1;
    finding.message = absl::StrCat("rank ", rank, " on ", host, " did not arrive before the -T deadline");
    finding.action = absl::StrCat("check the spinecheck process of rank ", rank, " on ", host,
                                  " (stopped, swapping, stuck in the kernel); rerun with that node excluded");
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace spinecheck

#include "run/run_report.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "reports/baseline/baseline_json.h"
#include "reports/model/check_catalog.h"
#include "reports/writers/csv_writer.h"
#include "reports/writers/html_report.h"
#include "reports/writers/json_writer.h"
#include "reports/writers/output_file.h"

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
  document_.verdict.status = VerdictStatus::kIncomplete;
  document_.verdict.exit_code = ExitCode::kCouldNotTest;
  document_.verdict.reason = "the run had not finished when this document was written";
  if (printing_) {
    RememberHostRanks();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      initial_write_ = CheckOutputs();
      if (initial_write_.ok()) initial_write_ = WriteFilesLocked();
      // The page too, so that a path it cannot be written to is a usage
      // error before anything is measured (it is rewritten at the end).
      if (initial_write_.ok() && !paths_.html.empty() && !IsStreamPath(paths_.html)) {
        initial_write_.Update(WriteHtmlReport({document_}, paths_.html));
      }
    }
    std::lock_guard<std::mutex> lock(active_report_mutex);
    active_report = this;
  }
}

absl::Status RunReport::CheckOutputs() {
  OutputCheck check = CheckOutputFlags(
      {{"--json", paths_.json}, {"--csv", paths_.csv}, {"--html", paths_.html}, {"--dot", paths_.dot}});
  stream_paths_ = std::move(check.streams);
  unusable_paths_ = std::move(check.unusable);
  return check.status;
}

void RunReport::RememberHostRanks() {
  std::lock_guard<std::mutex> lock(host_ranks_mutex_);
  host_ranks_.clear();
  for (const RankInfo& info : document_.ranks) {
    if (info.host == document_.ranks.front().host) host_ranks_.push_back(info);
  }
}

bool RunReport::IsStreamPath(const std::string& path) const {
  return std::find(stream_paths_.begin(), stream_paths_.end(), path) != stream_paths_.end();
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
    // A stream would receive every intermediate document: it gets the final one.
    if (!finished_ && IsStreamPath(*path)) continue;
    // The usage error that stopped the run already named it.
    if (std::find(unusable_paths_.begin(), unusable_paths_.end(), *path) != unusable_paths_.end()) continue;
    if (absl::Status status = write(document_, *path); !status.ok()) {
      absl::FPrintF(stderr, "spinecheck %s: error: %s\n", document_.command, status.message());
      first_error.Update(status);
    }
  }
  return first_error;
}

size_t RunReport::AddFindingPhase(FindingRule rule) {
  finding_phases_.push_back({std::move(rule), {}});
  return finding_phases_.size() - 1;
}

void RunReport::SetPhaseFindingsLocked(size_t phase, std::vector<Finding> findings) {
  finding_phases_.at(phase).findings = std::move(findings);
}

std::vector<Finding> RunReport::PhaseFindingsLocked() const {
  std::vector<Finding> findings;
  for (const FindingPhase& phase : finding_phases_) {
    if (phase.rule) {
      std::vector<Finding> derived = phase.rule(document_);
      findings.insert(findings.end(), std::make_move_iterator(derived.begin()), std::make_move_iterator(derived.end()));
    } else {
      findings.insert(findings.end(), phase.findings.begin(), phase.findings.end());
    }
  }
  return findings;
}

int RunReport::Finish(const absl::Status& run_status, const std::vector<int>& missing_ranks) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!printing_ || finished_) return exit_code_;
  finished_ = true;
  progress_.End();
  document_.findings = PhaseFindingsLocked();
  for (Finding& finding : MissingRankFindings(document_, missing_ranks)) document_.findings.push_back(std::move(finding));
  for (Finding& finding : lost_findings_) document_.findings.push_back(std::move(finding));
  if (baseline_) JudgeAgainstBaseline(document_, baseline_->baseline, baseline_->path, baseline_->options);
  document_.verdict = DecideVerdict(document_.findings, run_status);
  document_.end_time = NowRfc3339();
  switch (document_.verdict.exit_code) {
    case ExitCode::kTimeout: document_.state = RunState::kTimeout; break;
    case ExitCode::kUsage:
    case ExitCode::kCouldNotTest: document_.state = RunState::kError; break;
    default: document_.state = RunState::kCompleted; break;
  }
  absl::Status written = WriteFilesLocked();  // errors were printed
  if (!paths_.html.empty() &&
      std::find(unusable_paths_.begin(), unusable_paths_.end(), paths_.html) == unusable_paths_.end()) {
    if (absl::Status status = WriteHtmlReport({document_}, paths_.html); !status.ok()) {
      absl::FPrintF(stderr, "spinecheck %s: error: %s\n", document_.command, status.message());
      written.Update(status);
    }
  }
  final_written_ = true;
  // An output that was asked for and not written is never a pass.
  if (!written.ok() && document_.verdict.exit_code == ExitCode::kPass) {
    exit_code_ = static_cast<int>(ExitCode::kCouldNotTest);
    absl::FPrintF(stderr, "spinecheck %s: error: the run passed but an output could not be written; exit %d\n",
                  document_.command, exit_code_);
  } else {
    exit_code_ = static_cast<int>(document_.verdict.exit_code);
  }
  PrintFindingLinesLocked();
  absl::FPrintF(out_, "spinecheck: verdict=%s exit=%d drain=%s reason=\"%s\"\n", VerdictStatusName(document_.verdict.status),
                static_cast<int>(document_.verdict.exit_code), absl::StrJoin(document_.verdict.drain, ","),
                document_.verdict.reason);
  std::fflush(out_);
  return exit_code_;
}

int RunReport::FinishInterrupted(const absl::Status& status, const std::string& phase) {
  // Looked at first, before any lock: the other ranks of this host exit 2 s
  // after the same signal, and must not be taken for dead ones.
  std::vector<RankInfo> host_ranks;
  {
    std::lock_guard<std::mutex> lock(host_ranks_mutex_);
    host_ranks = host_ranks_;
  }
  const std::vector<int> lost = LostRanks(host_ranks);
  const std::string during = phase.empty() ? "" : absl::StrCat(" during ", phase);
  const std::string host = host_ranks.empty() ? "" : host_ranks.front().host;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const RankInfo& info : host_ranks) {
      if (finished_ || std::find(lost.begin(), lost.end(), info.rank) == lost.end()) continue;
      Finding finding = NewFinding(CheckId::kWorldRankLost, {ComponentKind::kHost, host, {host}});
      finding.ranks = {info.rank};
      finding.unit = "running";
      finding.measured = 0;
      finding.expected = 1;
      finding.message = absl::StrCat("rank ", info.rank, " (pid ", info.pid, ") on ", host, " died", during);
      finding.action = absl::StrCat("look for the cause on ", host,
                                    " (dmesg: the OOM killer, a crash; the launcher's output: who sent a signal) "
                                    "before testing the node again");
      lost_findings_.push_back(std::move(finding));
    }
  }
  if (lost.empty()) {
    PrintCommandError(command_, status);
    return Finish(status);
  }
  // What the signal says is the launcher's reaction; the cause is the loss.
  // "interrupted by SIGTERM during PHASE: ..." -> "interrupted by SIGTERM".
  const absl::string_view message = status.message();
  const absl::string_view signal = message.substr(0, std::min(message.find(':'), message.find(" during")));
  const absl::Status lost_status = absl::UnavailableError(
      absl::StrCat("rank", lost.size() > 1 ? "s " : " ", absl::StrJoin(lost, ","), " on ", host, " died", during,
                   "; the launcher then ended the other ranks (", signal, ")"));
  PrintCommandError(command_, lost_status);
  return Finish(lost_status);
}

void RunReport::PrintFindingLinesLocked() {
  for (const Finding& finding : document_.findings) {
    absl::FPrintF(out_, "spinecheck: %s %s=%s check=%s ranks=%s measured=%g expected=%g unit=\"%s\" %s\n",
                  absl::AsciiStrToUpper(SeverityName(finding.severity)), ComponentKindName(finding.component.kind), finding.component.id, finding.check,
                  absl::StrJoin(finding.ranks, ","), finding.measured, finding.expected, finding.unit,
                  finding.message);
  }
}

absl::StatusOr<std::optional<BaselineJudgement>> LoadBaselineJudgement(const std::string& path, double tolerance) {
  if (path.empty()) return std::nullopt;
  absl::StatusOr<Baseline> baseline = ReadBaselineFile(path);
  if (!baseline.ok()) return absl::InvalidArgumentError(absl::StrCat("--baseline: ", baseline.status().message()));
  BaselineJudgement judgement{path, *std::move(baseline), CompareOptions{}};
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

void WriteReportOnSignal(World& world, const RunDocument& started, const std::string& json_path) {
  const bool root = world.rank() == 0;
  const World* const watched = &world;
  world.SetInterruptHandler([root, started, json_path, watched](const absl::Status& status) {
    const int code = static_cast<int>(ExitCodeForStatus(status));
    if (!root) {
      std::this_thread::sleep_for(std::chrono::seconds(2));
      return code;
    }
    std::lock_guard<std::mutex> lock(active_report_mutex);
    if (active_report == nullptr) return WriteHeaderOnSignal(started, json_path, status);
    // A run that had already finished keeps its verdict and its code.
    return active_report->FinishInterrupted(status, watched->phase());
  });
}

int WriteHeaderOnSignal(const RunDocument& started, const std::string& json_path, const absl::Status& status) {
  PrintCommandError(started.command, status);
  RunDocument document = started;
  document.verdict = DecideVerdict({}, status);
  document.state = document.verdict.exit_code == ExitCode::kTimeout ? RunState::kTimeout : RunState::kError;
  document.end_time = NowRfc3339();
  if (!json_path.empty()) {
    if (absl::Status written = WriteJsonDocument(document, json_path); !written.ok()) {
      PrintCommandError(started.command, written);
    }
  }
  return static_cast<int>(document.verdict.exit_code);
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

std::vector<int> LostRanks(const std::vector<RankInfo>& ranks) {
  std::vector<int> lost;
  for (const RankInfo& info : ranks) {
    if (info.pid <= 0 || info.pid == static_cast<int>(getpid())) continue;
    // /proc/PID/stat: "PID (COMM) STATE ..."; gone, or Z/X (dead, not yet reaped).
    std::ifstream stat(absl::StrCat("/proc/", info.pid, "/stat"));
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const size_t close = text.rfind(')');
    const char state = close != std::string::npos && close + 2 < text.size() ? text[close + 2] : '?';
    if (!stat.is_open() || state == 'Z' || state == 'X') lost.push_back(info.rank);
  }
  return lost;
}

std::vector<Finding> MissingRankFindings(const RunDocument& document, const std::vector<int>& missing_ranks) {
  std::vector<Finding> findings;
  for (int rank : missing_ranks) {
    const std::string host = static_cast<size_t>(rank) < document.ranks.size()
                                 ? document.ranks[static_cast<size_t>(rank)].host
                                 : absl::StrCat("rank", rank);
    Finding finding = NewFinding(CheckId::kWorldArrival, {ComponentKind::kHost, host, {host}});
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

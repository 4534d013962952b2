#include "tools/spinecheck/sweep_report.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "reports/writers/csv_writer.h"
#include "reports/writers/json_writer.h"
#include "reports/writers/sweep_table.h"

namespace spinecheck {

SweepReport::SweepReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out)
    : document_(std::move(document)), paths_(std::move(paths)), printing_(printing), out_(out) {
  // Until Finish, the document says the run is incomplete: a file left by a
  // killed run must never read as a pass.
  document_.verdict.status = "incomplete";
  document_.verdict.exit_code = ExitCode::kCouldNotTest;
  document_.verdict.reason = "the run had not finished when this document was written";
  if (printing_) {
    std::lock_guard<std::mutex> lock(mutex_);
    initial_write_ = WriteFilesLocked();
  }
}

void SweepReport::PrintHeader() {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const auto hosts = RanksByHost(document_.ranks);
  size_t data_ranks = 0;
  for (const RankInfo& rank : document_.ranks) data_ranks += rank.devices.size();
  absl::FPrintF(out_, "# spinecheck %s sweep: backend %s (%s), %d ranks in %d processes on %d hosts\n",
                document_.tool_version, document_.environment.backend, document_.environment.backend_reason,
                data_ranks, document_.ranks.size(), hosts.size());
  std::string config = "#";
  for (const auto& [key, value] : document_.config) {
    std::visit([&](const auto& v) { absl::StrAppend(&config, " ", key, ": ", v); }, value);
  }
  absl::FPrintF(out_, "%s\n%s#\n", config, FormatDeviceLines(document_.ranks));
  std::fflush(out_);
}

void SweepReport::OnCollectiveStart(const CollectiveDefinition& collective) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  current_rows_.clear();
  absl::FPrintF(out_, "# Collective test starting: %s\n#\n%s", collective.name, FormatTableHeader());
  std::fflush(out_);
}

void SweepReport::OnRow(const CollectiveRow& row) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  current_rows_.push_back(row);
  document_.collective_rows.push_back(row);
  absl::FPrintF(out_, "%s\n", FormatTableRow(row));
  std::fflush(out_);
  (void)WriteFilesLocked();  // a failure is printed; the measurement goes on
}

void SweepReport::OnCollectiveEnd(const CollectiveDefinition& collective) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  absl::FPrintF(out_, "%s#\n# Collective test concluded: %s\n#\n", FormatTableFooter(current_rows_), collective.name);
  std::fflush(out_);
}

void SweepReport::OnSkip(const std::string& reason) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (std::find(printed_skips_.begin(), printed_skips_.end(), reason) != printed_skips_.end()) return;
  printed_skips_.push_back(reason);
  document_.skipped.push_back(reason);
  absl::FPrintF(out_, "# Skipping: %s\n", reason);
  std::fflush(out_);
}

absl::Status SweepReport::WriteFilesLocked() {
  absl::Status first_error;
  for (const auto& [path, write] :
       {std::pair<const std::string*, absl::Status (*)(const RunDocument&, const std::string&)>{&paths_.json,
                                                                                                WriteJsonDocument},
        {&paths_.csv, WriteSweepCsv}}) {
    if (path->empty()) continue;
    if (absl::Status status = write(document_, *path); !status.ok()) {
      absl::FPrintF(stderr, "spinecheck sweep: error: %s\n", status.message());
      first_error.Update(status);
    }
  }
  return first_error;
}

int SweepReport::Finish(const absl::Status& run_status, const std::vector<int>& missing_ranks) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!printing_ || finished_) return static_cast<int>(document_.verdict.exit_code);
  finished_ = true;
  document_.findings = DeriveCollectiveFindings(document_);
  for (Finding& finding : MissingRankFindings(document_, missing_ranks)) document_.findings.push_back(std::move(finding));
  document_.verdict = DecideVerdict(document_.findings, run_status);
  document_.end_time = NowRfc3339();
  switch (document_.verdict.exit_code) {
    case ExitCode::kTimeout: document_.state = "timeout"; break;
    case ExitCode::kUsage:
    case ExitCode::kCouldNotTest: document_.state = "error"; break;
    default: document_.state = "completed"; break;
  }
  (void)WriteFilesLocked();  // errors were printed; the exit code reflects the run
  for (const Finding& finding : document_.findings) {
    absl::FPrintF(out_, "spinecheck: %s %s=%s check=%s ranks=%s measured=%g expected=%g unit=\"%s\" %s\n",
                  absl::AsciiStrToUpper(finding.severity), finding.component.kind, finding.component.id, finding.check,
                  absl::StrJoin(finding.ranks, ","), finding.measured, finding.expected, finding.unit,
                  finding.message);
  }
  absl::FPrintF(out_, "spinecheck: verdict=%s exit=%d drain=%s reason=\"%s\"\n", document_.verdict.status,
                static_cast<int>(document_.verdict.exit_code), absl::StrJoin(document_.verdict.drain, ","),
                document_.verdict.reason);
  std::fflush(out_);
  return static_cast<int>(document_.verdict.exit_code);
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

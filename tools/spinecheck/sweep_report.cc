#include "tools/spinecheck/sweep_report.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "reports/writers/sweep_table.h"

namespace spinecheck {

SweepReport::SweepReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out)
    : RunReport(std::move(document), std::move(paths), printing, out) {
  AddFindingPhase([](const RunDocument& judged) { return DeriveCollectiveFindings(judged); });
}

void SweepReport::PrintHeader() {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const ProgressLine::Pause pause(progress_);
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
  const ProgressLine::Pause pause(progress_);
  current_rows_.clear();
  absl::FPrintF(out_, "# Collective test starting: %s\n#\n%s", collective.name, FormatTableHeader());
  std::fflush(out_);
  progress_.Begin(absl::StrCat("sweep ", collective.name, ": first size"));
}

void SweepReport::OnRow(const CollectiveRow& row) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const ProgressLine::Pause pause(progress_);
  current_rows_.push_back(row);
  document_.collective_rows.push_back(row);
  absl::FPrintF(out_, "%s\n", FormatTableRow(row));
  std::fflush(out_);
  progress_.Begin(absl::StrCat("sweep ", row.collective, ": ", current_rows_.size(), " sizes measured, next size"));
  (void)WriteFilesLocked();  // a failure is printed; the measurement goes on
}

void SweepReport::OnCollectiveEnd(const CollectiveDefinition& collective) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const ProgressLine::Pause pause(progress_);
  absl::FPrintF(out_, "%s#\n# Collective test concluded: %s\n#\n", FormatTableFooter(current_rows_), collective.name);
  std::fflush(out_);
}

void SweepReport::OnSkip(const std::string& reason) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const ProgressLine::Pause pause(progress_);
  if (std::find(printed_skips_.begin(), printed_skips_.end(), reason) != printed_skips_.end()) return;
  printed_skips_.push_back(reason);
  document_.skipped.push_back(reason);
  absl::FPrintF(out_, "# Skipping: %s\n", reason);
  std::fflush(out_);
}


}  // namespace spinecheck

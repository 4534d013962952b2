#include "tools/spinecheck/burn_report.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "reports/writers/burn_table.h"
#include "reports/writers/sweep_table.h"

namespace spinecheck {

BurnReport::BurnReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out,
                       BurnVerdictOptions verdict)
    : RunReport(std::move(document), std::move(paths), printing, out) {
  AddFindingPhase([verdict](const RunDocument& judged) { return DeriveBurnFindings(judged, verdict); });
}

void BurnReport::PrintHeader() {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const ProgressLine::Pause pause(progress_);
  absl::FPrintF(out_, "# spinecheck %s burn: %d devices on %d hosts\n", document_.tool_version,
                document_.ranks.size(), RanksByHost(document_.ranks).size());
  std::string config = "#";
  for (const auto& [key, value] : document_.config) {
    std::visit([&](const auto& v) { absl::StrAppend(&config, " ", key, ": ", v); }, value);
  }
  absl::FPrintF(out_, "%s\n%s#\n%s", config, FormatDeviceLines(document_.ranks), FormatBurnTableHeader());
  std::fflush(out_);
}

void BurnReport::OnBurnResults(std::vector<BurnResult> results) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const ProgressLine::Pause pause(progress_);
  for (BurnResult& result : results) {
    if (result.status == BurnStatus::kSkipped) {
      // Skips repeat on every device of a kind: one line says it.
      const std::string line = absl::StrCat(result.check, " ", result.variant, " on ", result.device.model, ": ",
                                            result.reason);
      if (std::find(printed_skips_.begin(), printed_skips_.end(), line) == printed_skips_.end()) {
        printed_skips_.push_back(line);
        absl::FPrintF(out_, "# Skipping: %s\n", line);
      }
    } else {
      absl::FPrintF(out_, "%s\n", FormatBurnTableRow(result));
    }
    document_.burn_results.push_back(std::move(result));
  }
  std::fflush(out_);
  (void)WriteFilesLocked();  // a failure is printed; the burn goes on
}

void BurnReport::OnBurnRetests(std::vector<BurnResult> retests) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const ProgressLine::Pause pause(progress_);
  if (!retests.empty()) {
    absl::FPrintF(out_, "# retest of %s: the suspected outliers measured again beside reference peers\n",
                  retests.front().check);
  }
  for (BurnResult& result : retests) {
    absl::FPrintF(out_, "%s  (retest)\n", FormatBurnTableRow(result));
    document_.burn_retests.push_back(std::move(result));
  }
  std::fflush(out_);
  (void)WriteFilesLocked();
}

void BurnReport::OnTelemetry(std::vector<DeviceTelemetry> telemetry) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const ProgressLine::Pause pause(progress_);
  absl::FPrintF(out_, "#\n");
  for (DeviceTelemetry& t : telemetry) {
    absl::FPrintF(out_, "%s", FormatTelemetryLine(t));
    document_.telemetry.push_back(std::move(t));
  }
  std::fflush(out_);
  (void)WriteFilesLocked();
}

void BurnReport::OnDcgm(std::vector<DcgmResult> results) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const ProgressLine::Pause pause(progress_);
  for (DcgmResult& result : results) {
    absl::FPrintF(out_, "# dcgm %s gpu %d %s/%s: %s\n", result.host, result.gpu_index, result.category, result.test,
                  DcgmStatusName(result.status));
    document_.dcgm_results.push_back(std::move(result));
  }
  std::fflush(out_);
  (void)WriteFilesLocked();
}

void BurnReport::OnSkip(const std::string& reason) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const ProgressLine::Pause pause(progress_);
  if (std::find(document_.skipped.begin(), document_.skipped.end(), reason) != document_.skipped.end()) return;
  document_.skipped.push_back(reason);
  printed_skips_.push_back(reason);
  absl::FPrintF(out_, "# Skipping: %s\n", reason);
  std::fflush(out_);
}

void BurnReport::OnBurnStep(const std::string& step, absl::Duration planned) { progress_.Begin(step, planned); }


}  // namespace spinecheck

#include "run/smoke_report.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "reports/model/check_catalog.h"
#include "reports/writers/sweep_table.h"

namespace spinecheck {
namespace {

// A value for a key=value line: quoted when it holds a space.
std::string Field(const std::string& value) {
  if (value.find_first_of(" \t") == std::string::npos && !value.empty()) return value;
  return absl::StrCat("\"", value, "\"");
}

// The measured and expected values as text: a finding about a version or a
// model carries them as "measured=..." and "expected=..." evidence.
std::pair<std::string, std::string> FindingValues(const Finding& finding) {
  std::string measured = absl::StrFormat("%g", finding.measured);
  std::string expected = absl::StrFormat("%g", finding.expected);
  for (const std::string& line : finding.evidence) {
    absl::string_view text = line;
    if (absl::ConsumePrefix(&text, "measured=")) measured = std::string(text);
    text = line;
    if (absl::ConsumePrefix(&text, "expected=")) expected = std::string(text);
  }
  return {measured, expected};
}

// Whether a finding blames the nodes it names: a host, one of its devices or
// NICs, or a link of one host. A switch or a path between many hosts is
// printed on its own line instead.
bool BlamesNodes(const Finding& finding) {
  switch (finding.component.kind) {
    case ComponentKind::kHost:
    case ComponentKind::kGpu:
    case ComponentKind::kNic:
      return true;
    case ComponentKind::kLink:
      return finding.component.hosts.size() == 1;
    case ComponentKind::kSwitch:
    case ComponentKind::kJob:
    case ComponentKind::kOther:
      return false;
  }
  return false;
}

}  // namespace

std::string PhaseCheckPrefix(const std::string& phase) {
  if (phase == "inventory") return "inventory.";
  if (phase == "burn") return "burn.";
  if (phase == "sweep") return "collective.";
  if (phase == "links") return "links.";
  return phase;
}

const Finding* WorstFinding(const std::vector<const Finding*>& findings) {
  const Finding* worst = nullptr;
  for (const Finding* finding : findings) {
    if (worst == nullptr ||
        finding->severity > worst->severity ||
        (finding->severity == worst->severity && DrainRankOf(*finding) > DrainRankOf(*worst))) {
      worst = finding;
    }
  }
  return worst;
}

SmokeReport::SmokeReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out,
                         BurnVerdictOptions verdict)
    : RunReport(std::move(document), std::move(paths), printing, out), inventory_phase_(AddFindingPhase()) {
  AddFindingPhase([verdict](const RunDocument& judged) { return DeriveBurnFindings(judged, verdict); });
  AddFindingPhase([](const RunDocument& judged) { return DeriveCollectiveFindings(judged); });
  links_phase_ = AddFindingPhase();
}

void SmokeReport::SetRanks(std::vector<RankInfo> ranks) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  document_.ranks = std::move(ranks);
  RememberHostRanks();
  (void)WriteFilesLocked();
}

void SmokeReport::SetBackend(const std::string& backend, const std::string& reason, const std::string& nccl_runtime) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  document_.environment.backend = backend;
  document_.environment.backend_reason = reason;
  document_.environment.nccl_version_runtime = nccl_runtime;
}

void SmokeReport::PrintHeader() {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const ProgressLine::Pause pause(progress_);
  size_t devices = 0;
  for (const RankInfo& rank : document_.ranks) devices += rank.devices.size();
  absl::FPrintF(out_, "# spinecheck %s smoke: %d devices in %d processes on %d hosts; burn on %s, sweep on %s (%s)\n",
                document_.tool_version, devices, document_.ranks.size(), RanksByHost(document_.ranks).size(),
                document_.ranks.empty() || document_.ranks.front().devices.empty()
                    ? "-"
                    : document_.ranks.front().devices.front().kind,
                document_.environment.backend, document_.environment.backend_reason);
  std::string config = "#";
  for (const auto& [key, value] : document_.config) {
    std::visit([&](const auto& v) { absl::StrAppend(&config, " ", key, ": ", v); }, value);
  }
  absl::FPrintF(out_, "%s\n%s#\n", config, FormatDeviceLines(document_.ranks));
  std::fflush(out_);
}

void SmokeReport::PrintLine(const std::string& line) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const ProgressLine::Pause pause(progress_);
  absl::FPrintF(out_, "%s\n", line);
  std::fflush(out_);
}

void SmokeReport::BeginPhase(const std::string& phase, absl::Duration planned) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  phase_ = phase;
  progress_.Begin(absl::StrCat("smoke: ", phase), planned);
}

std::string SmokeReport::CurrentPhase() {
  std::lock_guard<std::mutex> lock(mutex_);
  return phase_;
}

void SmokeReport::SetInventoryFindings(std::vector<Finding> findings) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  SetPhaseFindingsLocked(inventory_phase_, std::move(findings));
  (void)WriteFilesLocked();
}

void SmokeReport::OnBurnResults(std::vector<BurnResult> results) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  for (BurnResult& result : results) {
    if (result.status == BurnStatus::kSkipped) {
      const std::string reason = absl::StrCat("burn ", result.check, " ", result.variant, " on ", result.device.model,
                                              ": ", result.reason);
      if (std::find(document_.skipped.begin(), document_.skipped.end(), reason) == document_.skipped.end()) {
        document_.skipped.push_back(reason);
      }
    }
    document_.burn_results.push_back(std::move(result));
  }
  (void)WriteFilesLocked();  // a failure is printed; the run goes on
}

void SmokeReport::OnBurnRetests(std::vector<BurnResult> retests) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  for (BurnResult& result : retests) document_.burn_retests.push_back(std::move(result));
  (void)WriteFilesLocked();
}

void SmokeReport::OnTelemetry(std::vector<DeviceTelemetry> telemetry) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  for (DeviceTelemetry& t : telemetry) document_.telemetry.push_back(std::move(t));
  (void)WriteFilesLocked();
}

void SmokeReport::OnDcgm(std::vector<DcgmResult> results) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  for (DcgmResult& result : results) document_.dcgm_results.push_back(std::move(result));
  (void)WriteFilesLocked();
}

SmokeReport::BurnTotals SmokeReport::burn_totals() {
  std::lock_guard<std::mutex> lock(mutex_);
  BurnTotals totals;
  for (const BurnResult& result : document_.burn_results) {
    ++totals.results;
    totals.mismatches += result.mismatches.value_or(0);
  }
  return totals;
}

void SmokeReport::SetLinks(ClusterMap map, LinkMatrices matrices, std::vector<Finding> findings) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  document_.topology = std::move(map);
  document_.links = std::move(matrices);
  SetPhaseFindingsLocked(links_phase_, std::move(findings));
  (void)WriteFilesLocked();
}

void SmokeReport::AddSkipped(const std::string& reason) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (std::find(document_.skipped.begin(), document_.skipped.end(), reason) != document_.skipped.end()) return;
  document_.skipped.push_back(reason);
  const ProgressLine::Pause pause(progress_);
  absl::FPrintF(out_, "# Skipping: %s\n", reason);
  std::fflush(out_);
  (void)WriteFilesLocked();
}

void SmokeReport::OnRow(const CollectiveRow& row) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  document_.collective_rows.push_back(row);
  (void)WriteFilesLocked();
}

void SmokeReport::PrintPhaseSummary(const std::string& phase, const std::string& what, double seconds) {
  if (!printing_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const ProgressLine::Pause pause(progress_);
  const std::string prefix = PhaseCheckPrefix(phase);
  int fails = 0;
  int warnings = 0;
  int errors = 0;
  std::vector<std::string> hosts;
  for (const Finding& finding : PhaseFindingsLocked()) {
    if (!absl::StartsWith(finding.check, prefix)) continue;
    if (finding.severity == Severity::kFail) {
      ++fails;
      for (const std::string& host : finding.component.hosts) {
        if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) hosts.push_back(host);
      }
    } else if (finding.severity == Severity::kError) {
      ++errors;
    } else {
      ++warnings;
    }
  }
  const std::string status = fails > 0 ? absl::StrCat("FAIL (", absl::StrJoin(hosts, ","), ")")
                             : errors > 0 ? "ERROR"
                                          : "ok";
  absl::FPrintF(out_, "# %-9s %-4s %s; %d fail, %d error, %d warn findings (%.1f s)\n", phase, status, what, fails,
                errors, warnings, seconds);
  std::fflush(out_);
}

void SmokeReport::PrintFindingLinesLocked() {
  // Hosts in the order the run lists them, then any other host a finding names.
  std::vector<std::string> hosts;
  for (const auto& [host, ranks] : RanksByHost(document_.ranks)) hosts.push_back(host);
  std::map<std::string, std::vector<const Finding*>> by_host;
  std::vector<const Finding*> other;
  for (const Finding& finding : document_.findings) {
    if (finding.severity == Severity::kWarn) continue;
    if (!BlamesNodes(finding) || finding.component.hosts.empty()) {
      other.push_back(&finding);
      continue;
    }
    for (const std::string& host : finding.component.hosts) {
      if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) hosts.push_back(host);
      by_host[host].push_back(&finding);
    }
  }
  for (const std::string& host : hosts) {
    auto it = by_host.find(host);
    if (it == by_host.end()) continue;
    const Finding* worst = WorstFinding(it->second);
    const auto [measured, expected] = FindingValues(*worst);
    absl::FPrintF(out_, "spinecheck: %s node=%s check=%s measured=%s expected=%s unit=%s ranks=%s findings=%d\n",
                  worst->severity == Severity::kFail ? "FAIL" : "ERROR", host, worst->check, Field(measured), Field(expected),
                  Field(worst->unit), absl::StrJoin(worst->ranks, ","), it->second.size());
  }
  for (const Finding* finding : other) {
    const auto [measured, expected] = FindingValues(*finding);
    absl::FPrintF(out_, "spinecheck: %s %s=%s check=%s measured=%s expected=%s unit=%s hosts=%s\n",
                  finding->severity == Severity::kFail ? "FAIL" : "ERROR", finding->component.id.empty() ? "run" : ComponentKindName(finding->component.kind),
                  Field(finding->component.id), finding->check, Field(measured), Field(expected), Field(finding->unit),
                  absl::StrJoin(finding->component.hosts, ","));
  }
}

}  // namespace spinecheck

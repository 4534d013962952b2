#include "reports/writers/document_views.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"

namespace spinecheck {

std::string RunId(const RunDocument& document) {
  const bool imported = document.command == "import" || document.source.producer != "spinecheck";
  if (imported && !document.source.file.empty()) return document.source.file;
  return document.start_time;
}

std::string ProducerLabel(const RunDocument& document) {
  return absl::StrCat(document.source.producer, " ", document.command);
}

std::string WorstSeverity(const std::vector<const Finding*>& findings) {
  const Finding* worst = nullptr;
  for (const Finding* finding : findings) {
    if (worst == nullptr || finding->severity > worst->severity) worst = finding;
  }
  return worst == nullptr ? std::string() : std::string(SeverityName(worst->severity));
}

bool FindingNamesDevice(const Finding& finding, const std::string& host, const DeviceInfo& device) {
  if (device.kind == "cpu") return finding.component.kind == ComponentKind::kHost && finding.component.id == host;
  return finding.component.kind == ComponentKind::kGpu && !device.uuid.empty() && finding.component.id == device.uuid;
}

std::vector<const Finding*> FindingsOfBurnRecord(const RunDocument& document, const BurnResult& result) {
  const std::string prefix = absl::StrCat("burn.", result.check, ".");
  std::vector<const Finding*> findings;
  for (const Finding& finding : document.findings) {
    // On a CPU the finding names the host, which the CPUs of all its ranks
    // share: its ranks say whose record it judges.
    const bool of_rank = finding.ranks.empty() ||
                         std::find(finding.ranks.begin(), finding.ranks.end(), result.rank) != finding.ranks.end();
    if (absl::StartsWith(finding.check, prefix) && FindingNamesDevice(finding, result.host, result.device) && of_rank &&
        finding.subjects.JudgesVariant(result.variant)) {
      findings.push_back(&finding);
    }
  }
  return findings;
}

std::optional<double> UnixSeconds(const std::string& rfc3339) {
  absl::Time time;
  std::string error;
  if (rfc3339.empty() || !absl::ParseTime(absl::RFC3339_full, rfc3339, &time, &error)) return std::nullopt;
  return absl::ToDoubleSeconds(time - absl::UnixEpoch());
}

double RunDurationSeconds(const RunDocument& document) {
  const std::optional<double> start = UnixSeconds(document.start_time);
  const std::optional<double> end = UnixSeconds(document.end_time);
  if (!start || !end || *end < *start) return 0;
  return *end - *start;
}

std::string FormatExactNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Whole numbers below 2^53 are written as integers ("6000000000", not
  // "6e+09"): exact, and easier on the eye.
  if (value == std::trunc(value) && std::fabs(value) < 9007199254740992.0) {
    return absl::StrFormat("%.0f", value == 0 ? 0.0 : value);
  }
  char buffer[64];
  const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

std::string FormatExactNumber(float value) {
  if (std::isnan(value) || std::isinf(value)) return FormatExactNumber(static_cast<double>(value));
  char buffer[64];
  const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

std::vector<std::string> DocumentHosts(const RunDocument& document) {
  std::vector<std::string> hosts;
  std::set<std::string> seen;
  auto add = [&](const std::string& host) {
    if (seen.insert(host).second) hosts.push_back(host);
  };
  for (const RankInfo& rank : document.ranks) add(rank.host);
  if (document.links) {
    for (const std::string& host : document.links->hosts) add(host);
  }
  if (document.topology) {
    for (const FabricHost& host : document.topology->hosts) add(host.name);
  }
  return hosts;
}

}  // namespace spinecheck

#include "reports/model/run_document.h"

#include <algorithm>
#include <initializer_list>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "reports/model/check_catalog.h"

namespace spinecheck {

absl::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kWarn: return "warn";
    case Severity::kError: return "error";
    case Severity::kFail: return "fail";
  }
  return "fail";
}

namespace {

// The value among `values` whose name (`name_of`) is `name`; otherwise
// kInvalidArgument "unknown WHAT 'NAME'; accepted: a, b, c".
template <typename Enum, typename NameOf>
absl::StatusOr<Enum> ParseEnumName(absl::string_view name, std::initializer_list<Enum> values, NameOf name_of,
                                   absl::string_view what) {
  std::string accepted;
  for (Enum value : values) {
    if (name == name_of(value)) return value;
    absl::StrAppend(&accepted, accepted.empty() ? "" : ", ", name_of(value));
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown ", what, " '", name, "'; accepted: ", accepted));
}

}  // namespace

absl::StatusOr<Severity> ParseSeverity(absl::string_view name) {
  return ParseEnumName(name, {Severity::kWarn, Severity::kError, Severity::kFail}, SeverityName, "severity");
}

absl::string_view ComponentKindName(ComponentKind kind) {
  switch (kind) {
    case ComponentKind::kHost: return "host";
    case ComponentKind::kGpu: return "gpu";
    case ComponentKind::kNic: return "nic";
    case ComponentKind::kLink: return "link";
    case ComponentKind::kSwitch: return "switch";
    case ComponentKind::kJob: return "job";
    case ComponentKind::kOther: return "other";
  }
  return "host";
}

absl::StatusOr<ComponentKind> ParseComponentKind(absl::string_view name) {
  return ParseEnumName(name,
                       {ComponentKind::kHost, ComponentKind::kGpu, ComponentKind::kNic, ComponentKind::kLink,
                        ComponentKind::kSwitch, ComponentKind::kJob, ComponentKind::kOther},
                       ComponentKindName, "component kind");
}

absl::string_view VerdictStatusName(VerdictStatus status) {
  switch (status) {
    case VerdictStatus::kPass: return "pass";
    case VerdictStatus::kFail: return "fail";
    case VerdictStatus::kUsage: return "usage";
    case VerdictStatus::kError: return "error";
    case VerdictStatus::kTimeout: return "timeout";
    case VerdictStatus::kIncomplete: return "incomplete";
  }
  return "incomplete";
}

absl::StatusOr<VerdictStatus> ParseVerdictStatus(absl::string_view name) {
  return ParseEnumName(name,
                       {VerdictStatus::kPass, VerdictStatus::kFail, VerdictStatus::kUsage, VerdictStatus::kError,
                        VerdictStatus::kTimeout, VerdictStatus::kIncomplete},
                       VerdictStatusName, "verdict status");
}

VerdictStatus VerdictStatusOf(ExitCode code) {
  switch (code) {
    case ExitCode::kPass: return VerdictStatus::kPass;
    case ExitCode::kFailure: return VerdictStatus::kFail;
    case ExitCode::kUsage: return VerdictStatus::kUsage;
    case ExitCode::kCouldNotTest: return VerdictStatus::kError;
    case ExitCode::kTimeout: return VerdictStatus::kTimeout;
  }
  return VerdictStatus::kError;
}

ExitCode ExitCodeOf(VerdictStatus status) {
  switch (status) {
    case VerdictStatus::kPass: return ExitCode::kPass;
    case VerdictStatus::kFail: return ExitCode::kFailure;
    case VerdictStatus::kUsage: return ExitCode::kUsage;
    case VerdictStatus::kError:
    case VerdictStatus::kIncomplete: return ExitCode::kCouldNotTest;
    case VerdictStatus::kTimeout: return ExitCode::kTimeout;
  }
  return ExitCode::kCouldNotTest;
}

absl::string_view RunStateName(RunState state) {
  switch (state) {
    case RunState::kRunning: return "running";
    case RunState::kCompleted: return "completed";
    case RunState::kError: return "error";
    case RunState::kTimeout: return "timeout";
  }
  return "running";
}

absl::StatusOr<RunState> ParseRunState(absl::string_view name) {
  return ParseEnumName(name, {RunState::kRunning, RunState::kCompleted, RunState::kError, RunState::kTimeout},
                       RunStateName, "state");
}

absl::string_view BurnStatusName(BurnStatus status) {
  switch (status) {
    case BurnStatus::kMeasured: return "measured";
    case BurnStatus::kSkipped: return "skipped";
    case BurnStatus::kError: return "error";
  }
  return "error";
}

absl::StatusOr<BurnStatus> ParseBurnStatus(absl::string_view name) {
  return ParseEnumName(name, {BurnStatus::kMeasured, BurnStatus::kSkipped, BurnStatus::kError}, BurnStatusName,
                       "burn status");
}

absl::string_view DcgmStatusName(DcgmStatus status) {
  switch (status) {
    case DcgmStatus::kPass: return "pass";
    case DcgmStatus::kSkip: return "skip";
    case DcgmStatus::kUnknown: return "unknown";
    case DcgmStatus::kWarn: return "warn";
    case DcgmStatus::kFail: return "fail";
  }
  return "fail";
}

absl::StatusOr<DcgmStatus> ParseDcgmStatus(absl::string_view name) {
  return ParseEnumName(name, {DcgmStatus::kPass, DcgmStatus::kSkip, DcgmStatus::kUnknown, DcgmStatus::kWarn, DcgmStatus::kFail},
                       DcgmStatusName, "DCGM status");
}

std::string NowRfc3339() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
}

std::vector<std::pair<std::string, std::vector<int>>> RanksByHost(const std::vector<RankInfo>& ranks) {
  std::vector<std::pair<std::string, std::vector<int>>> hosts;
  std::map<std::string, size_t> index_of;
  for (const RankInfo& rank : ranks) {
    auto [it, inserted] = index_of.emplace(rank.host, hosts.size());
    if (inserted) hosts.push_back({rank.host, {}});
    hosts[it->second].second.push_back(rank.rank);
  }
  return hosts;
}

namespace {

// The process and device that hold data-plane rank `rank`: the device whose
// comm_rank it is (several per process with -g), else the process of that
// world rank. Null when the document does not list it.
struct RankPlace {
  const RankInfo* process = nullptr;
  const DeviceInfo* device = nullptr;
};
RankPlace PlaceOfRank(const RunDocument& document, int rank) {
  for (const RankInfo& info : document.ranks) {
    for (const DeviceInfo& device : info.devices) {
      if (device.comm_rank == rank) return {&info, &device};
    }
  }
  for (const RankInfo& info : document.ranks) {
    if (info.rank == rank) return {&info, info.devices.empty() ? nullptr : &info.devices.front()};
  }
  return {};
}

std::string RowLabel(const CollectiveRow& row, absl::string_view placement) {
  std::string label = absl::StrCat(row.collective, " ", row.type);
  if (row.redop != "none") absl::StrAppend(&label, " ", row.redop);
  if (row.root >= 0) absl::StrAppend(&label, " root ", row.root);
  absl::StrAppend(&label, " ", row.size_bytes, " B ", placement);
  return label;
}

}  // namespace

std::vector<Finding> DeriveCollectiveFindings(const RunDocument& document, size_t max_evidence) {
  struct RankWrong {
    int64_t total = 0;
    size_t rows = 0;
    std::vector<std::string> evidence;
  };
  std::map<int, RankWrong> by_rank;
  for (const CollectiveRow& row : document.collective_rows) {
    for (const auto& [placement, result] :
         {std::pair<const char*, const PlacementResult*>{"out-of-place", &row.out_of_place},
          {"in-place", &row.in_place}}) {
      for (const auto& [rank, wrong] : result->wrong_by_rank) {
        RankWrong& entry = by_rank[rank];
        entry.total += wrong;
        ++entry.rows;
        if (entry.evidence.size() < max_evidence) {
          entry.evidence.push_back(absl::StrCat(RowLabel(row, placement), ": ", wrong, " wrong elements"));
        }
      }
    }
  }
  std::vector<Finding> findings;
  for (const auto& [rank, entry] : by_rank) {
    const RankPlace place = PlaceOfRank(document, rank);
    const std::string host = place.process != nullptr ? place.process->host : absl::StrCat("rank", rank);
    // On a GPU the received data passed through that GPU: name it by UUID.
    const bool gpu = place.device != nullptr && place.device->kind == "cuda";
    Finding finding = NewFinding(CheckId::kCollectiveDataIntegrity, gpu ? Component{ComponentKind::kGpu, place.device->uuid, {host}}
                                                                       : Component{ComponentKind::kHost, host, {host}});
    finding.ranks = {rank};
    finding.measured = static_cast<double>(entry.total);
    finding.expected = 0;
    finding.unit = "wrong elements";
    finding.evidence = entry.evidence;
    if (entry.rows > entry.evidence.size()) {
      finding.evidence.push_back(absl::StrCat("... and ", entry.rows - entry.evidence.size(), " more calls"));
    }
    finding.message = absl::StrCat("rank ", rank, " on ", host,
                                   gpu ? absl::StrCat(" (GPU ", place.device->index, " ", place.device->uuid, ")") : "",
                                   " received ", entry.total, " wrong elements in ", entry.rows,
                                   " checked calls (row and placement)");
    finding.action = absl::StrCat("drain ", host,
                                  ", rerun the sweep with a higher -c to confirm, then burn-test its devices and memory");
    findings.push_back(std::move(finding));
  }
  return findings;
}

bool FindingSubjects::JudgesVariant(const std::string& variant) const {
  return variants.empty() || std::find(variants.begin(), variants.end(), variant) != variants.end();
}

bool FindingSubjects::JudgesPair(const std::string& host, const std::string& peer) const {
  return std::any_of(pairs.begin(), pairs.end(), [&](const HostNamePair& pair) {
    return (pair.a == host && pair.b == peer) || (pair.a == peer && pair.b == host);
  });
}

Verdict DecideVerdict(const std::vector<Finding>& findings, const absl::Status& run_status) {
  Verdict verdict;
  int failures = 0;
  for (const Finding& finding : findings) {
    if (finding.severity != Severity::kFail) continue;
    ++failures;
    if (DrainRankOf(finding) == DrainRank::kNever) continue;
    for (const std::string& host : finding.component.hosts) {
      if (std::find(verdict.drain.begin(), verdict.drain.end(), host) == verdict.drain.end()) {
        verdict.drain.push_back(host);
      }
    }
  }
  if (!run_status.ok()) {
    verdict.exit_code = ExitCodeForStatus(run_status);
    verdict.reason = std::string(run_status.message());
  } else if (!verdict.drain.empty()) {
    verdict.exit_code = ExitCode::kFailure;
    verdict.reason = absl::StrCat(verdict.drain.size(), " host(s) blamed");
  } else if (failures > 0) {
    // A failure that names no host (an imported log without host names) still fails.
    verdict.exit_code = ExitCode::kFailure;
    verdict.reason = absl::StrCat(failures, " failure(s) found; no host named to drain");
  } else if (const auto errors = std::count_if(findings.begin(), findings.end(),
                                               [](const Finding& f) { return f.severity == Severity::kError; });
             errors > 0) {
    // Nothing blamed, but something could not be measured: not a pass.
    verdict.exit_code = ExitCode::kCouldNotTest;
    verdict.reason = absl::StrCat(errors, " measurement(s) could not be taken; nothing blamed");
  } else {
    verdict.exit_code = ExitCode::kPass;
    verdict.reason = "all measurements completed; nothing blamed";
  }
  verdict.status = VerdictStatusOf(verdict.exit_code);
  return verdict;
}

}  // namespace spinecheck

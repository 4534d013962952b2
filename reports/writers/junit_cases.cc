#include "reports/writers/junit_cases.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "reports/model/check_catalog.h"
#include "reports/writers/document_views.h"

namespace spinecheck {
namespace {

enum SuiteIndex { kNodes = 0, kGpus = 1, kLinks = 2 };

// Findings that mean the component could not be tested: an error, or a
// failure to answer (check catalog: drain rank kUnresponsive).
bool IsCouldNotTest(const Finding& finding) {
  return finding.severity == Severity::kError || DrainRankOf(finding) == DrainRank::kUnresponsive;
}

// A record of a case that says it could not run (a burn record with status
// error) where no finding says so: the case is an error all the same.
struct RecordError {
  std::string type;  // the check id such a finding would have: "burn.gemm.error"
  std::string message;
};

std::string DescribeFinding(const Finding& finding) {
  std::string text = absl::StrCat(finding.check, " (", SeverityName(finding.severity), "): ", finding.message, "\n");
  if (!finding.unit.empty()) {
    absl::StrAppend(&text, "measured ", FormatExactNumber(finding.measured), " ", finding.unit, ", expected ",
                    FormatExactNumber(finding.expected), " ", finding.unit, "\n");
  }
  for (const std::string& line : finding.evidence) absl::StrAppend(&text, "evidence: ", line, "\n");
  if (!finding.action.empty()) absl::StrAppend(&text, "action: ", finding.action, "\n");
  return text;
}

// "leaf01<->spine00" covers the cable (leaf01, spine00); so does
// "leaf01<->{spine00,spine01}", the id of a leaf with several uplinks.
bool LinkIdCovers(const std::string& id, const FabricLink& link) {
  if (id == FabricLinkId(link.lower, link.upper)) return true;
  const std::string prefix = absl::StrCat(link.lower, "<->{");
  if (!absl::StartsWith(id, prefix) || !absl::EndsWith(id, "}")) return false;
  const std::string inside = id.substr(prefix.size(), id.size() - prefix.size() - 1);
  for (absl::string_view upper : absl::StrSplit(inside, ',')) {
    if (upper == link.upper) return true;
  }
  return false;
}

// Builds the cases of one document into the three suites.
class DocumentCases {
 public:
  DocumentCases(const RunDocument& document, std::vector<JUnitSuite>& suites)
      : document_(document), suites_(suites), duration_s_(RunDurationSeconds(document)) {}

  void Build() {
    AddNodes();
    AddDevices();
    AddDcgm();
    AddLinks();
    AddUnmatched();
  }

 private:
  std::string ClassName(SuiteIndex suite) const {
    return absl::StrCat(document_.source.producer, ".", document_.command, ".", suites_[suite].name);
  }

  JUnitSuite& Use(SuiteIndex suite) {
    JUnitSuite& s = suites_[suite];
    if (std::find(s.documents.begin(), s.documents.end(), &document_) == s.documents.end()) {
      s.documents.push_back(&document_);
    }
    return s;
  }

  // Adds a case whose outcome follows from `findings` (fail > could not test),
  // else from `record_error`, else from `skip_message`; marks the findings as
  // matched.
  void AddCase(SuiteIndex suite, std::string name, double time_s, const std::vector<const Finding*>& findings,
               const std::string& skip_message = "", const std::optional<RecordError>& record_error = std::nullopt) {
    JUnitCase test;
    test.classname = ClassName(suite);
    test.name = std::move(name);
    test.time_s = time_s;
    const Finding* failure = nullptr;
    const Finding* error = nullptr;
    for (const Finding* finding : findings) {
      matched_.insert(finding);
      if (finding->severity == Severity::kWarn) continue;
      if (IsCouldNotTest(*finding)) {
        if (error == nullptr) error = finding;
      } else if (finding->severity == Severity::kFail && failure == nullptr) {
        failure = finding;
      }
    }
    const Finding* headline = failure != nullptr ? failure : error;
    if (headline != nullptr) {
      test.outcome = failure != nullptr ? JUnitCase::Outcome::kFailure : JUnitCase::Outcome::kError;
      test.type = headline->check;
      test.message = headline->message;
      for (const Finding* finding : findings) {
        if (finding->severity != Severity::kWarn) absl::StrAppend(&test.body, DescribeFinding(*finding));
      }
    } else if (record_error.has_value()) {
      test.outcome = JUnitCase::Outcome::kError;
      test.type = record_error->type;
      test.message = record_error->message;
      test.body = absl::StrCat(record_error->message, "\n");
    } else if (!skip_message.empty()) {
      test.outcome = JUnitCase::Outcome::kSkipped;
      test.message = skip_message;
    }
    Use(suite).cases.push_back(std::move(test));
  }

  void AddNodes() {
    for (const std::string& host : DocumentHosts(document_)) {
      std::vector<const Finding*> findings;
      for (const Finding& finding : document_.findings) {
        const Component& component = finding.component;
        const bool names_host = component.kind == ComponentKind::kHost && component.id == host;
        const bool names_nic = component.kind == ComponentKind::kNic &&
                               std::find(component.hosts.begin(), component.hosts.end(), host) != component.hosts.end();
        if (names_host || names_nic) findings.push_back(&finding);
      }
      AddCase(kNodes, host, duration_s_, findings);
    }
  }

  struct Device {
    std::string host;
    const DeviceInfo* info;
    std::vector<std::string> checks;  // burn checks in order of appearance
    const DeviceTelemetry* telemetry = nullptr;
  };

  static bool SameDevice(const Device& device, const std::string& host, const DeviceInfo& info) {
    return device.host == host && device.info->uuid == info.uuid && device.info->index == info.index;
  }

  std::string DeviceName(const Device& device) const {
    if (device.info->kind == "cpu") return absl::StrCat(device.host, " cpu", device.info->index);
    return absl::StrCat(device.host, " gpu", device.info->index, " ", device.info->uuid);
  }

  // Burn findings of the device: `check` set: those of "burn.<check>.";
  // empty: the health findings (telemetry), i.e. the other burn.* checks
  // except the host-wide device count.
  std::vector<const Finding*> DeviceFindings(const Device& device, const std::string& check) const {
    std::vector<const Finding*> findings;
    for (const Finding& finding : document_.findings) {
      if (!absl::StartsWith(finding.check, "burn.") || finding.check == "burn.device_count" ||
          !FindingNamesDevice(finding, device.host, *device.info)) {
        continue;
      }
      const bool of_check = !check.empty() && absl::StartsWith(finding.check, absl::StrCat("burn.", check, "."));
      bool of_any_check = false;
      for (const std::string& known : device.checks) {
        of_any_check = of_any_check || absl::StartsWith(finding.check, absl::StrCat("burn.", known, "."));
      }
      if (check.empty() ? !of_any_check : of_check) findings.push_back(&finding);
    }
    return findings;
  }

  void AddDevices() {
    std::vector<Device> devices;
    auto find = [&](const std::string& host, const DeviceInfo& info) -> Device& {
      for (Device& device : devices) {
        if (SameDevice(device, host, info)) return device;
      }
      devices.push_back(Device{host, &info, {}, nullptr});
      return devices.back();
    };
    for (const BurnResult& result : document_.burn_results) {
      Device& device = find(result.host, result.device);
      if (std::find(device.checks.begin(), device.checks.end(), result.check) == device.checks.end()) {
        device.checks.push_back(result.check);
      }
    }
    for (const DeviceTelemetry& telemetry : document_.telemetry) find(telemetry.host, telemetry.device).telemetry = &telemetry;

    for (const Device& device : devices) {
      for (const std::string& check : device.checks) {
        std::vector<const Finding*> findings = DeviceFindings(device, check);
        std::optional<RecordError> record_error;
        double time_s = 0;
        std::vector<std::string> skip_reasons;
        bool all_skipped = true;
        for (const BurnResult& result : document_.burn_results) {
          if (result.check != check || !SameDevice(device, result.host, result.device)) continue;
          time_s += result.seconds;
          if (result.status == BurnStatus::kError && !record_error) {
            record_error = RecordError{absl::StrCat("burn.", check, ".error"),
                                       absl::StrCat(check, " ", result.variant, " could not run on ", result.host, ": ",
                                                    result.reason)};
          }
          if (result.status == BurnStatus::kSkipped) {
            skip_reasons.push_back(absl::StrCat(result.variant.empty() ? check : result.variant, ": ", result.reason));
          } else {
            all_skipped = false;
          }
        }
        AddCase(kGpus, absl::StrCat(DeviceName(device), " ", check), time_s, findings,
                all_skipped ? absl::StrJoin(skip_reasons, "; ") : "", record_error);
      }
      if (device.telemetry != nullptr) {
        const std::string skip =
            device.telemetry->available ? "" : absl::StrCat("no telemetry: ", device.telemetry->reason);
        AddCase(kGpus, absl::StrCat(DeviceName(device), " health"), duration_s_, DeviceFindings(device, ""), skip);
      }
    }
  }

  void AddDcgm() {
    for (const DcgmResult& result : document_.dcgm_results) {
      const std::string component = absl::StrCat(result.host, ":dcgm-gpu-", result.gpu_index);
      std::vector<const Finding*> findings;
      for (const Finding& finding : document_.findings) {
        if (finding.check == absl::StrCat("dcgm.", result.test) && finding.component.id == component) {
          findings.push_back(&finding);
        }
      }
      std::string skip;
      if (result.status == DcgmStatus::kSkip) {
        skip = result.messages.empty() ? "skipped by DCGM" : absl::StrJoin(result.messages, "; ");
      }
      AddCase(kGpus, absl::StrCat(result.host, " dcgm-gpu", result.gpu_index, " ", result.test), 0, findings, skip);
    }
  }

  void AddLinks() {
    if (!document_.links) return;
    const LinkMatrices& links = *document_.links;
    const size_t n = links.size();
    auto measured_pairs = [&](const std::string& host) {
      const auto it = std::find(links.hosts.begin(), links.hosts.end(), host);
      if (it == links.hosts.end() || links.bibw_gbps.size() != n * n) return 0;
      const size_t i = static_cast<size_t>(it - links.hosts.begin());
      int count = 0;
      for (size_t j = 0; j < n; ++j) count += (j != i && !std::isnan(links.bibw(i, j))) ? 1 : 0;
      return count;
    };
    auto links_findings = [&](auto&& covers) {
      std::vector<const Finding*> findings;
      for (const Finding& finding : document_.findings) {
        if (absl::StartsWith(finding.check, "links.") && covers(finding.component)) findings.push_back(&finding);
      }
      return findings;
    };
    if (document_.topology && !document_.topology->links.empty()) {
      std::set<std::string> hosts;
      for (const FabricHost& host : document_.topology->hosts) hosts.insert(host.name);
      for (const FabricLink& link : document_.topology->links) {
        const auto findings = links_findings([&](const Component& c) {
          return (c.kind == ComponentKind::kLink && LinkIdCovers(c.id, link)) ||
                 (c.kind == ComponentKind::kSwitch && (c.id == link.lower || c.id == link.upper)) ||
                 (c.kind == ComponentKind::kHost && c.id == link.lower);
        });
        const bool host_link = hosts.count(link.lower) > 0;
        const std::string skip =
            host_link && measured_pairs(link.lower) == 0 ? "no pair of this host was measured" : "";
        AddCase(kLinks, FabricLinkId(link.lower, link.upper), 0, findings, skip);
      }
      return;
    }
    for (const std::string& host : links.hosts) {
      const auto findings = links_findings([&](const Component& c) { return c.kind == ComponentKind::kHost && c.id == host; });
      AddCase(kLinks, absl::StrCat(host, " links"), 0, findings,
              measured_pairs(host) == 0 ? "no pair of this host was measured" : "");
    }
  }

  // Warnings go to the system-out of their suite; a fail or error finding no
  // testcase matched becomes a testcase of its own.
  void AddUnmatched() {
    for (const Finding& finding : document_.findings) {
      const ComponentKind kind = finding.component.kind;
      const SuiteIndex suite = kind == ComponentKind::kGpu                                    ? kGpus
                               : kind == ComponentKind::kLink || kind == ComponentKind::kSwitch ? kLinks
                                                                                              : kNodes;
      if (finding.severity == Severity::kWarn) {
        Use(suite).system_out.push_back(absl::StrCat(RunId(document_), " ", finding.check, " (warn) ",
                                                     ComponentKindName(finding.component.kind), " ",
                                                     finding.component.id, ": ",
                                                     finding.message));
        continue;
      }
      if (matched_.count(&finding) > 0) continue;
      AddCase(suite, absl::StrCat(kind, " ", finding.component.id), duration_s_, {&finding});
    }
  }

  const RunDocument& document_;
  std::vector<JUnitSuite>& suites_;
  const double duration_s_;
  std::set<const Finding*> matched_;
};

}  // namespace

std::vector<JUnitSuite> BuildJUnitSuites(const std::vector<RunDocument>& documents) {
  std::vector<JUnitSuite> suites(3);
  suites[kNodes].name = "nodes";
  suites[kGpus].name = "gpus";
  suites[kLinks].name = "links";
  for (const RunDocument& document : documents) DocumentCases(document, suites).Build();
  return suites;
}

}  // namespace spinecheck

#include "reports/json/run_document_json.h"

#include <tuple>

#include "absl/strings/str_cat.h"
#include "reports/json/json_fields.h"

namespace spinecheck {
namespace {

using Json = nlohmann::ordered_json;

const auto kTimingStatsFields = std::make_tuple(
    Field("samples", &TimingStats::samples), Field("min_us", &TimingStats::min_us),
    Field("p50_us", &TimingStats::p50_us), Field("p99_us", &TimingStats::p99_us), Field("max_us", &TimingStats::max_us),
    Field("mean_us", &TimingStats::mean_us), Field("cv_pct", &TimingStats::cv_pct));

// After "kind": "collective".
const auto kCollectiveRowFields = std::make_tuple(
    Field("collective", &CollectiveRow::collective), Field("size_bytes", &CollectiveRow::size_bytes),
    Field("count", &CollectiveRow::count), Field("type", &CollectiveRow::type), Field("redop", &CollectiveRow::redop),
    Field("root", &CollectiveRow::root), Field("ranks", &CollectiveRow::ranks),
    Field("bus_factor", &CollectiveRow::bus_factor), Field("out_of_place", &CollectiveRow::out_of_place),
    Field("in_place", &CollectiveRow::in_place));

// Which device: the short form burn records carry.
const auto kDeviceIdentityFields =
    std::make_tuple(Field("kind", &DeviceInfo::kind), Field("index", &DeviceInfo::index),
                    Field("uuid", &DeviceInfo::uuid), Field("pci_bus_id", &DeviceInfo::pci_bus_id),
                    Field("model", &DeviceInfo::model));
// The rest of the device, after its identity.
const auto kDeviceDetailFields = std::make_tuple(Field("memory_bytes", &DeviceInfo::memory_bytes),
                                                 Field("compute_capability", &DeviceInfo::compute_capability),
                                                 Field("comm_rank", &DeviceInfo::comm_rank));

// A record's device: its identity (kDeviceIdentityFields) only.
template <typename Record>
auto RecordDeviceField() {
  return CustomField(
      "device", [](const Record& record) { return DeviceIdentityJson(record.device); },
      [](const Json& json, Record& record) { ReadJsonValue(json, record.device); });
}

// After "kind": "burn". Details keep their order.
const auto kBurnResultFields = std::make_tuple(
    Field("check", &BurnResult::check), Field("variant", &BurnResult::variant), Field("rank", &BurnResult::rank),
    Field("host", &BurnResult::host), RecordDeviceField<BurnResult>(),
    NamedField("status", &BurnResult::status, BurnStatusName, ParseBurnStatus), Field("reason", &BurnResult::reason),
    Field("seconds", &BurnResult::seconds), Field("iterations", &BurnResult::iterations),
    Field("mismatches", &BurnResult::mismatches), Field("checked_elements", &BurnResult::checked_elements),
    Field("value", &BurnResult::value), Field("unit", &BurnResult::unit), Field("expected", &BurnResult::expected),
    CustomField(
        "details",
        [](const BurnResult& result) {
          Json details = Json::object();
          for (const auto& [key, value] : result.details) details[key] = value;
          return details;
        },
        [](const Json& details, BurnResult& result) {
          result.details.clear();
          ReadEachMember(details, [&](const std::string& key, const Json& value) {
            double number = 0;
            ReadJsonValue(value, number);
            result.details.emplace_back(key, number);
          });
        }));

const auto kTelemetryFields = std::make_tuple(
    Field("rank", &DeviceTelemetry::rank), Field("host", &DeviceTelemetry::host), RecordDeviceField<DeviceTelemetry>(),
    Field("available", &DeviceTelemetry::available), Field("reason", &DeviceTelemetry::reason),
    Field("samples", &DeviceTelemetry::samples), Field("temperature_max_c", &DeviceTelemetry::temperature_max_c),
    Field("power_max_w", &DeviceTelemetry::power_max_w), Field("power_limit_w", &DeviceTelemetry::power_limit_w),
    Field("sm_clock_min_mhz", &DeviceTelemetry::sm_clock_min_mhz),
    Field("sm_clock_max_mhz", &DeviceTelemetry::sm_clock_max_mhz),
    Field("throttle_reasons_mask", &DeviceTelemetry::throttle_reasons_mask),
    Field("throttle_reasons", &DeviceTelemetry::throttle_reasons),
    ObjectField("ecc", std::make_tuple(Field("corrected_before", &DeviceTelemetry::ecc_corrected_before),
                                       Field("corrected_after", &DeviceTelemetry::ecc_corrected_after),
                                       Field("uncorrected_before", &DeviceTelemetry::ecc_uncorrected_before),
                                       Field("uncorrected_after", &DeviceTelemetry::ecc_uncorrected_after))),
    ObjectField("retired_pages", std::make_tuple(Field("single_bit", &DeviceTelemetry::retired_pages_sbe),
                                                 Field("double_bit", &DeviceTelemetry::retired_pages_dbe),
                                                 Field("pending", &DeviceTelemetry::retired_pages_pending))),
    ObjectField("remapped_rows",
                std::make_tuple(Field("correctable", &DeviceTelemetry::remapped_rows_correctable),
                                Field("uncorrectable", &DeviceTelemetry::remapped_rows_uncorrectable),
                                Field("pending", &DeviceTelemetry::remapped_rows_pending),
                                Field("failure", &DeviceTelemetry::remapped_rows_failure))),
    Field("xid_events", &DeviceTelemetry::xid_events),
    ObjectField("pcie", std::make_tuple(Field("gen_current", &DeviceTelemetry::pcie_gen_current),
                                        Field("gen_max", &DeviceTelemetry::pcie_gen_max),
                                        Field("width_current", &DeviceTelemetry::pcie_width_current),
                                        Field("width_max", &DeviceTelemetry::pcie_width_max))));

const auto kSoftwareFields = std::make_tuple(
    Field("cuda_driver", &SoftwareVersions::cuda_driver), Field("cuda_runtime", &SoftwareVersions::cuda_runtime),
    Field("nccl", &SoftwareVersions::nccl), Field("mpi_library", &SoftwareVersions::mpi_library));

const auto kRankFields = std::make_tuple(
    Field("rank", &RankInfo::rank), Field("local_rank", &RankInfo::local_rank), Field("pid", &RankInfo::pid),
    Field("devices_visible", &RankInfo::devices_visible), Field("devices", &RankInfo::devices),
    Field("software", &RankInfo::software));

const auto kEnvironmentFields = std::make_tuple(
    Field("backend", &Environment::backend), Field("backend_reason", &Environment::backend_reason),
    Field("mpi_library", &Environment::mpi_library), Field("mpi_standard", &Environment::mpi_standard),
    Field("build", &Environment::build), Field("nccl_version_build", &Environment::nccl_version_build),
    Field("nccl_version_runtime", &Environment::nccl_version_runtime),
    Field("cuda_driver", &Environment::cuda_driver), Field("cuda_runtime", &Environment::cuda_runtime),
    Field("variables", &Environment::variables));

const auto kDcgmFields = std::make_tuple(
    Field("host", &DcgmResult::host), Field("gpu_index", &DcgmResult::gpu_index),
    Field("category", &DcgmResult::category), Field("test", &DcgmResult::test),
    NamedField("status", &DcgmResult::status, DcgmStatusName, ParseDcgmStatus),
    Field("messages", &DcgmResult::messages));

const auto kExpectationFields = std::make_tuple(
    Field("check", &Expectation::check), Field("key", &Expectation::key),
    Field("size_bytes", &Expectation::size_bytes), Field("metric", &Expectation::metric),
    Field("unit", &Expectation::unit), Field("expected", &Expectation::expected), Field("low", &Expectation::low),
    Field("high", &Expectation::high), Field("tolerance", &Expectation::tolerance),
    Field("platform", &Expectation::platform));

}  // namespace

void to_json(Json& json, const TimingStats& stats) { WriteFields(json, stats, kTimingStatsFields); }
void from_json(const Json& json, TimingStats& stats) { ReadFields(json, stats, kTimingStatsFields); }

void to_json(Json& json, const PlacementResult& result) {
  if (!result.measured) {
    json = Json{{"measured", false}};
    return;
  }
  Json wrong_by_rank = Json::array();
  for (const auto& [rank, wrong] : result.wrong_by_rank) wrong_by_rank.push_back({{"rank", rank}, {"wrong", wrong}});
  json = Json{{"measured", true},
              {"time_us", result.time_us},
              {"algbw_gbps", result.algbw_gbps},
              {"busbw_gbps", result.busbw_gbps},
              {"wrong", JsonOrNull(result.wrong)},
              {"wrong_by_rank", wrong_by_rank},
              {"iterations", result.iteration_stats},
              {"slowest_rank", result.slowest_rank},
              {"slowest_host", result.slowest_host},
              {"rank_time_us", {{"min", result.rank_time_min_us}, {"max", result.rank_time_max_us}}}};
}

void from_json(const Json& json, PlacementResult& result) {
  ReadMember(json, "measured", result.measured);
  if (!result.measured) return;
  ReadMember(json, "time_us", result.time_us);
  ReadMember(json, "algbw_gbps", result.algbw_gbps);
  ReadMember(json, "busbw_gbps", result.busbw_gbps);
  ReadMember(json, "wrong", result.wrong);
  ReadMemberWith(json, "wrong_by_rank", [&](const Json& array) {
    result.wrong_by_rank.clear();
    ReadEachElement(array, [&](const Json& element) {
      std::pair<int, int64_t> entry;
      ReadMember(element, "rank", entry.first);
      ReadMember(element, "wrong", entry.second);
      result.wrong_by_rank.push_back(entry);
    });
  });
  ReadMember(json, "iterations", result.iteration_stats);
  ReadMember(json, "slowest_rank", result.slowest_rank);
  ReadMember(json, "slowest_host", result.slowest_host);
  ReadMemberWith(json, "rank_time_us", [&](const Json& times) {
    ReadMember(times, "min", result.rank_time_min_us);
    ReadMember(times, "max", result.rank_time_max_us);
  });
}

void to_json(Json& json, const CollectiveRow& row) {
  json = Json{{"kind", "collective"}};
  WriteFields(json, row, kCollectiveRowFields);
}

void from_json(const Json& json, CollectiveRow& row) { ReadFields(json, row, kCollectiveRowFields); }

Json DeviceIdentityJson(const DeviceInfo& device) {
  Json json;
  WriteFields(json, device, kDeviceIdentityFields);
  return json;
}

void to_json(Json& json, const DeviceInfo& device) {
  WriteFields(json, device, kDeviceIdentityFields);
  WriteFields(json, device, kDeviceDetailFields);
}

void from_json(const Json& json, DeviceInfo& device) {
  ReadFields(json, device, kDeviceIdentityFields);
  ReadFields(json, device, kDeviceDetailFields);
}

void to_json(Json& json, const SoftwareVersions& software) { WriteFields(json, software, kSoftwareFields); }
void from_json(const Json& json, SoftwareVersions& software) { ReadFields(json, software, kSoftwareFields); }

void to_json(Json& json, const RankInfo& rank) { WriteFields(json, rank, kRankFields); }
void from_json(const Json& json, RankInfo& rank) { ReadFields(json, rank, kRankFields); }

void to_json(Json& json, const Environment& environment) { WriteFields(json, environment, kEnvironmentFields); }
void from_json(const Json& json, Environment& environment) { ReadFields(json, environment, kEnvironmentFields); }

void to_json(Json& json, const BurnResult& result) {
  json = Json{{"kind", "burn"}};
  WriteFields(json, result, kBurnResultFields);
}

void from_json(const Json& json, BurnResult& result) { ReadFields(json, result, kBurnResultFields); }

void to_json(Json& json, const DeviceTelemetry& telemetry) { WriteFields(json, telemetry, kTelemetryFields); }
void from_json(const Json& json, DeviceTelemetry& telemetry) { ReadFields(json, telemetry, kTelemetryFields); }

void to_json(Json& json, const DcgmResult& result) { WriteFields(json, result, kDcgmFields); }
void from_json(const Json& json, DcgmResult& result) { ReadFields(json, result, kDcgmFields); }

void to_json(Json& json, const Finding& finding) {
  json = Json{{"severity", SeverityName(finding.severity)},
              {"check", finding.check},
              {"component",
               {{"kind", ComponentKindName(finding.component.kind)},
                {"id", finding.component.id},
                {"hosts", finding.component.hosts}}},
              {"ranks", finding.ranks},
              {"measured", finding.measured},
              {"expected", finding.expected},
              {"unit", finding.unit},
              {"message", finding.message},
              {"evidence", finding.evidence}};
  // Written only when there are any, so that a document from before subjects
  // existed reads back and is written again unchanged.
  if (!finding.subjects.empty()) {
    Json& subjects = json["subjects"] = Json::object();
    if (!finding.subjects.variants.empty()) subjects["variants"] = finding.subjects.variants;
    if (!finding.subjects.pairs.empty()) {
      Json& pairs = subjects["pairs"] = Json::array();
      for (const HostNamePair& pair : finding.subjects.pairs) pairs.push_back(Json::array({pair.a, pair.b}));
    }
  }
  json["action"] = finding.action;
}

void from_json(const Json& json, Finding& finding) {
  ReadNamedMember(json, "severity", finding.severity, ParseSeverity);
  ReadMember(json, "check", finding.check);
  ReadMemberWith(json, "component", [&](const Json& component) {
    // A kind a newer spinecheck wrote is kept as kOther (docs/schema.md, Versioning).
    ReadNamedMember(component, "kind", finding.component.kind, [](absl::string_view name) {
      absl::StatusOr<ComponentKind> kind = ParseComponentKind(name);
      return kind.ok() ? kind : absl::StatusOr<ComponentKind>(ComponentKind::kOther);
    });
    ReadMember(component, "id", finding.component.id);
    ReadMember(component, "hosts", finding.component.hosts);
  });
  ReadMember(json, "ranks", finding.ranks);
  ReadMember(json, "measured", finding.measured);
  ReadMember(json, "expected", finding.expected);
  ReadMember(json, "unit", finding.unit);
  ReadMember(json, "message", finding.message);
  ReadMember(json, "evidence", finding.evidence);
  ReadMemberWith(json, "subjects", [&](const Json& subjects) {
    ReadMember(subjects, "variants", finding.subjects.variants);
    ReadMemberWith(subjects, "pairs", [&](const Json& pairs) {
      ReadEachElement(pairs, [&](const Json& pair) {
        std::vector<std::string> hosts;
        ReadJsonValue(pair, hosts);
        if (hosts.size() != 2) {
          throw JsonReadError(absl::StrCat("expected a pair of host names, got ", hosts.size(), " names"));
        }
        finding.subjects.pairs.push_back({hosts[0], hosts[1]});
      });
    });
  });
  ReadMember(json, "action", finding.action);
}

void to_json(Json& json, const Expectation& expectation) { WriteFields(json, expectation, kExpectationFields); }
void from_json(const Json& json, Expectation& expectation) { ReadFields(json, expectation, kExpectationFields); }

void to_json(Json& json, const Verdict& verdict) {
  json = Json{{"status", VerdictStatusName(verdict.status)},
              {"exit_code", static_cast<int>(verdict.exit_code)},
              {"reason", verdict.reason},
              {"drain", verdict.drain}};
}

void from_json(const Json& json, Verdict& verdict) {
  ReadNamedMember(json, "status", verdict.status, ParseVerdictStatus);
  ReadMemberWith(json, "exit_code", [&](const Json& value) {
    int code = 0;
    ReadJsonValue(value, code);
    if (code < static_cast<int>(ExitCode::kPass) || code > static_cast<int>(ExitCode::kTimeout)) {
      throw JsonReadError(absl::StrCat("expected an exit code from 0 to 4, got ", code));
    }
    verdict.exit_code = static_cast<ExitCode>(code);
  });
  ReadMember(json, "reason", verdict.reason);
  ReadMember(json, "drain", verdict.drain);
}

}  // namespace spinecheck

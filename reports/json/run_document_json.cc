#include "reports/json/run_document_json.h"

#include "absl/strings/str_cat.h"

namespace spinecheck {

using Json = nlohmann::ordered_json;

void to_json(Json& json, const TimingStats& stats) {
  json = Json{{"samples", stats.samples}, {"min_us", stats.min_us}, {"p50_us", stats.p50_us},
              {"p99_us", stats.p99_us},   {"max_us", stats.max_us}, {"mean_us", stats.mean_us},
              {"cv_pct", stats.cv_pct}};
}

void from_json(const Json& json, TimingStats& stats) {
  ReadMember(json, "samples", stats.samples);
  ReadMember(json, "min_us", stats.min_us);
  ReadMember(json, "p50_us", stats.p50_us);
  ReadMember(json, "p99_us", stats.p99_us);
  ReadMember(json, "max_us", stats.max_us);
  ReadMember(json, "mean_us", stats.mean_us);
  ReadMember(json, "cv_pct", stats.cv_pct);
}

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
  json = Json{{"kind", "collective"},
              {"collective", row.collective},
              {"size_bytes", row.size_bytes},
              {"count", row.count},
              {"type", row.type},
              {"redop", row.redop},
              {"root", row.root},
              {"ranks", row.ranks},
              {"bus_factor", row.bus_factor},
              {"out_of_place", row.out_of_place},
              {"in_place", row.in_place}};
}

void from_json(const Json& json, CollectiveRow& row) {
  ReadMember(json, "collective", row.collective);
  ReadMember(json, "size_bytes", row.size_bytes);
  ReadMember(json, "count", row.count);
  ReadMember(json, "type", row.type);
  ReadMember(json, "redop", row.redop);
  ReadMember(json, "root", row.root);
  ReadMember(json, "ranks", row.ranks);
  ReadMember(json, "bus_factor", row.bus_factor);
  ReadMember(json, "out_of_place", row.out_of_place);
  ReadMember(json, "in_place", row.in_place);
}

Json DeviceIdentityJson(const DeviceInfo& device) {
  return Json{{"kind", device.kind},
              {"index", device.index},
              {"uuid", device.uuid},
              {"pci_bus_id", device.pci_bus_id},
              {"model", device.model}};
}

void to_json(Json& json, const DeviceInfo& device) {
  json = DeviceIdentityJson(device);
  json["memory_bytes"] = device.memory_bytes;
  json["compute_capability"] = device.compute_capability;
  json["comm_rank"] = device.comm_rank;
}

void from_json(const Json& json, DeviceInfo& device) {
  ReadMember(json, "kind", device.kind);
  ReadMember(json, "index", device.index);
  ReadMember(json, "uuid", device.uuid);
  ReadMember(json, "pci_bus_id", device.pci_bus_id);
  ReadMember(json, "model", device.model);
  ReadMember(json, "memory_bytes", device.memory_bytes);
  ReadMember(json, "compute_capability", device.compute_capability);
  ReadMember(json, "comm_rank", device.comm_rank);
}

void to_json(Json& json, const SoftwareVersions& software) {
  json = Json{{"cuda_driver", software.cuda_driver},
              {"cuda_runtime", software.cuda_runtime},
              {"nccl", software.nccl},
              {"mpi_library", software.mpi_library}};
}

void from_json(const Json& json, SoftwareVersions& software) {
  ReadMember(json, "cuda_driver", software.cuda_driver);
  ReadMember(json, "cuda_runtime", software.cuda_runtime);
  ReadMember(json, "nccl", software.nccl);
  ReadMember(json, "mpi_library", software.mpi_library);
}

void to_json(Json& json, const RankInfo& rank) {
  json = Json{{"rank", rank.rank},
              {"local_rank", rank.local_rank},
              {"pid", rank.pid},
              {"devices_visible", rank.devices_visible},
              {"devices", rank.devices},
              {"software", rank.software}};
}

void from_json(const Json& json, RankInfo& rank) {
  ReadMember(json, "rank", rank.rank);
  ReadMember(json, "local_rank", rank.local_rank);
  ReadMember(json, "pid", rank.pid);
  ReadMember(json, "devices_visible", rank.devices_visible);
  ReadMember(json, "devices", rank.devices);
  ReadMember(json, "software", rank.software);
}

void to_json(Json& json, const Environment& env) {
  json = Json{{"backend", env.backend},
              {"backend_reason", env.backend_reason},
              {"mpi_library", env.mpi_library},
              {"mpi_standard", env.mpi_standard},
              {"build", env.build},
              {"nccl_version_build", env.nccl_version_build},
              {"nccl_version_runtime", env.nccl_version_runtime},
              {"cuda_driver", env.cuda_driver},
              {"cuda_runtime", env.cuda_runtime},
              {"variables", env.variables}};
}

void from_json(const Json& json, Environment& env) {
  ReadMember(json, "backend", env.backend);
  ReadMember(json, "backend_reason", env.backend_reason);
  ReadMember(json, "mpi_library", env.mpi_library);
  ReadMember(json, "mpi_standard", env.mpi_standard);
  ReadMember(json, "build", env.build);
  ReadMember(json, "nccl_version_build", env.nccl_version_build);
  ReadMember(json, "nccl_version_runtime", env.nccl_version_runtime);
  ReadMember(json, "cuda_driver", env.cuda_driver);
  ReadMember(json, "cuda_runtime", env.cuda_runtime);
  ReadMember(json, "variables", env.variables);
}

void to_json(Json& json, const BurnResult& result) {
  Json details = Json::object();
  for (const auto& [key, value] : result.details) details[key] = value;
  json = Json{{"kind", "burn"},
              {"check", result.check},
              {"variant", result.variant},
              {"rank", result.rank},
              {"host", result.host},
              {"device", DeviceIdentityJson(result.device)},
              {"status", BurnStatusName(result.status)},
              {"reason", result.reason},
              {"seconds", result.seconds},
              {"iterations", result.iterations},
              {"mismatches", JsonOrNull(result.mismatches)},
              {"checked_elements", result.checked_elements},
              {"value", result.value},
              {"unit", result.unit},
              {"expected", result.expected},
              {"details", details}};
}

void from_json(const Json& json, BurnResult& result) {
  ReadMember(json, "check", result.check);
  ReadMember(json, "variant", result.variant);
  ReadMember(json, "rank", result.rank);
  ReadMember(json, "host", result.host);
  ReadMember(json, "device", result.device);
  ReadNamedMember(json, "status", result.status, ParseBurnStatus);
  ReadMember(json, "reason", result.reason);
  ReadMember(json, "seconds", result.seconds);
  ReadMember(json, "iterations", result.iterations);
  ReadMember(json, "mismatches", result.mismatches);
  ReadMember(json, "checked_elements", result.checked_elements);
  ReadMember(json, "value", result.value);
  ReadMember(json, "unit", result.unit);
  ReadMember(json, "expected", result.expected);
  // Details keep the document's order.
  ReadMemberWith(json, "details", [&](const Json& details) {
    result.details.clear();
    ReadEachMember(details, [&](const std::string& key, const Json& value) {
      double number = 0;
      ReadJsonValue(value, number);
      result.details.emplace_back(key, number);
    });
  });
}

void to_json(Json& json, const DeviceTelemetry& t) {
  json = Json{{"rank", t.rank},
              {"host", t.host},
              {"device", DeviceIdentityJson(t.device)},
              {"available", t.available},
              {"reason", t.reason},
              {"samples", t.samples},
              {"temperature_max_c", t.temperature_max_c},
              {"power_max_w", t.power_max_w},
              {"power_limit_w", t.power_limit_w},
              {"sm_clock_min_mhz", t.sm_clock_min_mhz},
              {"sm_clock_max_mhz", t.sm_clock_max_mhz},
              {"throttle_reasons_mask", t.throttle_reasons_mask},
              {"throttle_reasons", t.throttle_reasons},
              {"ecc",
               {{"corrected_before", JsonOrNull(t.ecc_corrected_before)},
                {"corrected_after", JsonOrNull(t.ecc_corrected_after)},
                {"uncorrected_before", JsonOrNull(t.ecc_uncorrected_before)},
                {"uncorrected_after", JsonOrNull(t.ecc_uncorrected_after)}}},
              {"retired_pages",
               {{"single_bit", JsonOrNull(t.retired_pages_sbe)},
                {"double_bit", JsonOrNull(t.retired_pages_dbe)},
                {"pending", t.retired_pages_pending}}},
              {"remapped_rows",
               {{"correctable", JsonOrNull(t.remapped_rows_correctable)},
                {"uncorrectable", JsonOrNull(t.remapped_rows_uncorrectable)},
                {"pending", t.remapped_rows_pending},
                {"failure", t.remapped_rows_failure}}},
              {"xid_events", t.xid_events},
              {"pcie",
               {{"gen_current", t.pcie_gen_current},
                {"gen_max", t.pcie_gen_max},
                {"width_current", t.pcie_width_current},
                {"width_max", t.pcie_width_max}}}};
}

void from_json(const Json& json, DeviceTelemetry& t) {
  ReadMember(json, "rank", t.rank);
  ReadMember(json, "host", t.host);
  ReadMember(json, "device", t.device);
  ReadMember(json, "available", t.available);
  ReadMember(json, "reason", t.reason);
  ReadMember(json, "samples", t.samples);
  ReadMember(json, "temperature_max_c", t.temperature_max_c);
  ReadMember(json, "power_max_w", t.power_max_w);
  ReadMember(json, "power_limit_w", t.power_limit_w);
  ReadMember(json, "sm_clock_min_mhz", t.sm_clock_min_mhz);
  ReadMember(json, "sm_clock_max_mhz", t.sm_clock_max_mhz);
  ReadMember(json, "throttle_reasons_mask", t.throttle_reasons_mask);
  ReadMember(json, "throttle_reasons", t.throttle_reasons);
  ReadMemberWith(json, "ecc", [&](const Json& ecc) {
    ReadMember(ecc, "corrected_before", t.ecc_corrected_before);
    ReadMember(ecc, "corrected_after", t.ecc_corrected_after);
    ReadMember(ecc, "uncorrected_before", t.ecc_uncorrected_before);
    ReadMember(ecc, "uncorrected_after", t.ecc_uncorrected_after);
  });
  ReadMemberWith(json, "retired_pages", [&](const Json& retired) {
    ReadMember(retired, "single_bit", t.retired_pages_sbe);
    ReadMember(retired, "double_bit", t.retired_pages_dbe);
    ReadMember(retired, "pending", t.retired_pages_pending);
  });
  ReadMemberWith(json, "remapped_rows", [&](const Json& remapped) {
    ReadMember(remapped, "correctable", t.remapped_rows_correctable);
    ReadMember(remapped, "uncorrectable", t.remapped_rows_uncorrectable);
    ReadMember(remapped, "pending", t.remapped_rows_pending);
    ReadMember(remapped, "failure", t.remapped_rows_failure);
  });
  ReadMember(json, "xid_events", t.xid_events);
  ReadMemberWith(json, "pcie", [&](const Json& pcie) {
    ReadMember(pcie, "gen_current", t.pcie_gen_current);
    ReadMember(pcie, "gen_max", t.pcie_gen_max);
    ReadMember(pcie, "width_current", t.pcie_width_current);
    ReadMember(pcie, "width_max", t.pcie_width_max);
  });
}

void to_json(Json& json, const DcgmResult& result) {
  json = Json{{"host", result.host},     {"gpu_index", result.gpu_index}, {"category", result.category},
              {"test", result.test},     {"status", DcgmStatusName(result.status)},       {"messages", result.messages}};
}

void from_json(const Json& json, DcgmResult& result) {
  ReadMember(json, "host", result.host);
  ReadMember(json, "gpu_index", result.gpu_index);
  ReadMember(json, "category", result.category);
  ReadMember(json, "test", result.test);
  ReadNamedMember(json, "status", result.status, ParseDcgmStatus);
  ReadMember(json, "messages", result.messages);
}

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
              {"evidence", finding.evidence},
              {"action", finding.action}};
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
  ReadMember(json, "action", finding.action);
}

void to_json(Json& json, const Expectation& expectation) {
  json = Json{{"check", expectation.check},           {"key", expectation.key},
              {"size_bytes", expectation.size_bytes}, {"metric", expectation.metric},
              {"unit", expectation.unit},             {"expected", expectation.expected},
              {"low", expectation.low},               {"high", expectation.high},
              {"tolerance", expectation.tolerance},   {"platform", expectation.platform}};
}

void from_json(const Json& json, Expectation& expectation) {
  ReadMember(json, "check", expectation.check);
  ReadMember(json, "key", expectation.key);
  ReadMember(json, "size_bytes", expectation.size_bytes);
  ReadMember(json, "metric", expectation.metric);
  ReadMember(json, "unit", expectation.unit);
  ReadMember(json, "expected", expectation.expected);
  ReadMember(json, "low", expectation.low);
  ReadMember(json, "high", expectation.high);
  ReadMember(json, "tolerance", expectation.tolerance);
  ReadMember(json, "platform", expectation.platform);
}

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

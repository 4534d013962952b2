#include "reports/writers/long_csv.h"

#include <cmath>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "reports/writers/document_views.h"
#include "reports/writers/output_file.h"

namespace spinecheck {
namespace {

// RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

// Writes the lines of one document.
class LongCsvLines {
 public:
  LongCsvLines(const RunDocument& document, std::string& out)
      : document_(document), out_(out), run_(RunId(document)), producer_(ProducerLabel(document)) {}

  void AppendAll() {
    for (const CollectiveRow& row : document_.collective_rows) {
      AppendPlacement(row, "out_of_place", row.out_of_place);
      AppendPlacement(row, "in_place", row.in_place);
    }
    for (const BurnResult& result : document_.burn_results) AppendBurn(result);
    for (const DeviceTelemetry& telemetry : document_.telemetry) AppendTelemetry(telemetry);
    if (document_.links) AppendLinks(*document_.links);
  }

 private:
  // `value` is written as FormatExactNumber gives it; empty: no value.
  void Line(const std::string& name, const std::string& params, const std::string& metric,
            std::optional<double> value, const std::string& unit, const std::string& verdict) {
    LineText(name, params, metric, value ? FormatExactNumber(*value) : "", unit, verdict);
  }
  void LineText(const std::string& name, const std::string& params, const std::string& metric,
                const std::string& value, const std::string& unit, const std::string& verdict) {
    absl::StrAppend(&out_, CsvField(run_), ",", CsvField(producer_), ",", CsvField(name), ",", CsvField(params), ",",
                    metric, ",", value, ",", CsvField(unit), ",", verdict, "\n");
  }

  // The worst finding of `covering`, else `otherwise`.
  static std::string Verdict(const std::vector<const Finding*>& covering, const std::string& otherwise) {
    const std::string worst = WorstSeverity(covering);
    return worst.empty() ? otherwise : worst;
  }

  // Data-integrity findings cover a placement in which one of their ranks had
  // wrong elements.
  void AppendPlacement(const CollectiveRow& row, const char* placement, const PlacementResult& result) {
    if (!result.measured) return;
    std::vector<const Finding*> covering;
    for (const Finding& finding : document_.findings) {
      if (!absl::StartsWith(finding.check, "collective.")) continue;
      bool covers = false;
      for (const auto& [rank, wrong] : result.wrong_by_rank) {
        for (int finding_rank : finding.ranks) covers = covers || (finding_rank == rank && wrong > 0);
      }
      if (covers) covering.push_back(&finding);
    }
    const std::string verdict = Verdict(covering, result.wrong.has_value() ? "pass" : "not_checked");
    std::string params = absl::StrCat("size_bytes=", row.size_bytes, ";type=", row.type, ";redop=", row.redop);
    if (row.root >= 0) absl::StrAppend(&params, ";root=", row.root);
    absl::StrAppend(&params, ";placement=", placement);
    Line(row.collective, params, "time_us", result.time_us, "us", verdict);
    Line(row.collective, params, "algbw_gbps", result.algbw_gbps, "GB/s", verdict);
    Line(row.collective, params, "busbw_gbps", result.busbw_gbps, "GB/s", verdict);
    std::optional<double> wrong;
    if (result.wrong) wrong = static_cast<double>(*result.wrong);
    Line(row.collective, params, "wrong", wrong, "elements", verdict);
  }

  // Burn findings cover a result of their device and check, in the variants
  // they judge (finding subjects).
  void AppendBurn(const BurnResult& result) {
    const std::vector<const Finding*> covering = FindingsOfBurnRecord(document_, result);
    std::string otherwise = result.mismatches.has_value() ? "pass" : "not_checked";
    if (result.status == BurnStatus::kSkipped) otherwise = "skipped";
    if (result.status == BurnStatus::kError) otherwise = "error";
    const std::string verdict = Verdict(covering, otherwise);
    const std::string params = absl::StrCat("host=", result.host, ";device=", result.device.uuid,
                                            ";index=", result.device.index, ";variant=", result.variant);
    const std::string name = absl::StrCat("burn.", result.check);
    const bool measured = result.status == BurnStatus::kMeasured;
    Line(name, params, "value", measured ? std::optional<double>(result.value) : std::nullopt, result.unit, verdict);
    std::optional<double> mismatches;
    if (measured && result.mismatches) mismatches = static_cast<double>(*result.mismatches);
    Line(name, params, "mismatches", mismatches, "elements", verdict);
  }

  // Health findings of a device cover the telemetry metric they are about.
  void AppendTelemetry(const DeviceTelemetry& telemetry) {
    const std::string params = absl::StrCat("host=", telemetry.host, ";device=", telemetry.device.uuid,
                                            ";index=", telemetry.device.index);
    if (!telemetry.available) {
      Line("telemetry", params, "available", std::nullopt, "", "skipped");
      return;
    }
    auto metric = [&](const char* name, std::optional<double> value, const char* unit, const char* check) {
      std::vector<const Finding*> covering;
      for (const Finding& finding : document_.findings) {
        if (check != nullptr && finding.check == check &&
            FindingNamesDevice(finding, telemetry.host, telemetry.device)) {
          covering.push_back(&finding);
        }
      }
      Line("telemetry", params, name, value, unit, Verdict(covering, "pass"));
    };
    auto delta = [](const std::optional<int64_t>& before,
                    const std::optional<int64_t>& after) -> std::optional<double> {
      if (!after) return std::nullopt;
      return static_cast<double>(*after - before.value_or(0));
    };
    metric("temperature_max_c", telemetry.temperature_max_c, "C", "burn.throttle");
    metric("power_max_w", telemetry.power_max_w, "W", nullptr);
    metric("power_limit_w", telemetry.power_limit_w, "W", nullptr);
    metric("sm_clock_min_mhz", telemetry.sm_clock_min_mhz, "MHz", "burn.throttle");
    metric("sm_clock_max_mhz", telemetry.sm_clock_max_mhz, "MHz", nullptr);
    metric("ecc_corrected", delta(telemetry.ecc_corrected_before, telemetry.ecc_corrected_after), "errors", nullptr);
    metric("ecc_uncorrected", delta(telemetry.ecc_uncorrected_before, telemetry.ecc_uncorrected_after), "errors",
           "burn.ecc_uncorrectable");
    metric("xid_events", static_cast<double>(telemetry.xid_events.size()), "events", "burn.xid");
    metric("pcie_gen_current", telemetry.pcie_gen_current, "gen", "burn.pcie_link");
    metric("pcie_width_current", telemetry.pcie_width_current, "lanes", "burn.pcie_link");
  }

  // links.* findings cover the pairs they judge (finding subjects); latency
  // findings cover latency_us, the others bandwidth_gbps.
  void AppendLinks(const LinkMatrices& links) {
    const size_t n = links.size();
    if (links.bibw_gbps.size() != n * n || links.latency_us.size() != n * n) return;
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) {
        const std::string& a = links.hosts[i];
        const std::string& b = links.hosts[j];
        std::vector<const Finding*> bandwidth_findings, latency_findings;
        for (const Finding& finding : document_.findings) {
          if (!absl::StartsWith(finding.check, "links.") || !finding.subjects.JudgesPair(a, b)) continue;
          (absl::StrContains(finding.check, "latency") ? latency_findings : bandwidth_findings).push_back(&finding);
        }
        const std::string params = absl::StrCat("pair=", a, ",", b);
        if (!std::isnan(links.bibw(i, j))) {
          LineText("links", params, "bandwidth_gbps", FormatExactNumber(links.bibw(i, j)), "GB/s", Verdict(bandwidth_findings, "pass"));
        }
        if (!std::isnan(links.latency(i, j))) {
          LineText("links", params, "latency_us", FormatExactNumber(links.latency(i, j)), "us", Verdict(latency_findings, "pass"));
        }
      }
    }
  }

  const RunDocument& document_;
  std::string& out_;
  const std::string run_;
  const std::string producer_;
};

}  // namespace

std::string RenderLongCsv(const std::vector<RunDocument>& documents) {
  std::string out = "run,producer,name,params,metric,value,unit,verdict\n";
  for (const RunDocument& document : documents) LongCsvLines(document, out).AppendAll();
  return out;
}

absl::Status WriteLongCsv(const std::vector<RunDocument>& documents, const std::string& path) {
  return WriteOutputFile(path, RenderLongCsv(documents));
}

}  // namespace spinecheck

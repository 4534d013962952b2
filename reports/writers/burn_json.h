// JSON of the burn records (BurnResult, DeviceTelemetry, DcgmResult): the
// form they take in the result document, and the form in which ranks send
// them to rank 0, so that both are one mapping.
#ifndef SPINECHECK_REPORTS_WRITERS_BURN_JSON_H_
#define SPINECHECK_REPORTS_WRITERS_BURN_JSON_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "reports/model/run_document.h"

namespace spinecheck {

nlohmann::ordered_json ToJson(const BurnResult& result);
nlohmann::ordered_json ToJson(const DeviceTelemetry& telemetry);
nlohmann::ordered_json ToJson(const DcgmResult& result);

// One rank's records for rank 0. Decode fails with kDataLoss on text that
// Encode did not produce.
struct BurnRecords {
  std::vector<BurnResult> results;
  std::vector<DeviceTelemetry> telemetry;
  std::vector<DcgmResult> dcgm;
  std::vector<std::string> skipped;  // what this rank could not run, with the reason
};
std::string EncodeBurnRecords(const BurnRecords& records);
absl::StatusOr<BurnRecords> DecodeBurnRecords(const std::string& text);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_BURN_JSON_H_

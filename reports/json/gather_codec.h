// What each rank sends to rank 0 in a gather (World::GatherToRoot): its
// RankInfo, its burn records and its node inventory, each one compact JSON
// string made by the same to_json the result document uses
// (reports/json/run_document_json.h, inventory_json.h). Invalid UTF-8 (an
// odd sysfs or driver string) is replaced, never thrown.
//
// A decoder rejects what its encoder did not produce: not JSON, not an
// object, a member of another type, a required member missing. The status
// codes are the ones the callers map to exit codes: kDataLoss for rank facts
// and burn records (a rank sent garbage), kInvalidArgument for an inventory.
#ifndef SPINECHECK_REPORTS_JSON_GATHER_CODEC_H_
#define SPINECHECK_REPORTS_JSON_GATHER_CODEC_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reports/model/inventory.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// The rank's facts, host included; rank, host and software are required.
std::string EncodeRankInfo(const RankInfo& info);
absl::StatusOr<RankInfo> DecodeRankInfo(absl::string_view text);

// One rank's burn records for rank 0.
struct BurnRecords {
  std::vector<BurnResult> results;
  std::vector<DeviceTelemetry> telemetry;
  std::vector<DcgmResult> dcgm;
  std::vector<std::string> skipped;  // what this rank could not run, with the reason
};
std::string EncodeBurnRecords(const BurnRecords& records);
absl::StatusOr<BurnRecords> DecodeBurnRecords(absl::string_view text);

// The host is required, and the GPU link matrices must be G x G, G x N and
// N x N over the inventory's GPUs and gpu_links.nics.
std::string EncodeNodeInventory(const NodeInventory& inventory);
absl::StatusOr<NodeInventory> DecodeNodeInventory(absl::string_view text);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_JSON_GATHER_CODEC_H_

// RankInfo <-> one string, to gather every rank's description to rank 0.
#ifndef SPINECHECK_TOPOLOGY_WORLD_RANK_INFO_CODEC_H_
#define SPINECHECK_TOPOLOGY_WORLD_RANK_INFO_CODEC_H_

#include <string>

#include "absl/status/statusor.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// Fields are separated by ASCII unit separators (0x1f), devices by record
// separators (0x1e); those two bytes are removed from the text fields.
std::string EncodeRankInfo(const RankInfo& info);
absl::StatusOr<RankInfo> DecodeRankInfo(const std::string& text);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_WORLD_RANK_INFO_CODEC_H_

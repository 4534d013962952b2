// What ranks send rank 0 over MPI: each rank's description (RankInfo), its
// node inventory and its burn records. The first byte picks the decoder.
#include <string>

#include "reports/writers/burn_json.h"
#include "reports/writers/inventory_json.h"
#include "tests/fuzz/fuzz_target.h"
#include "topology/world/rank_info_codec.h"

SPINECHECK_FUZZ_TARGET(rank_facts) {
  if (input.empty()) return;
  const std::string bytes = input.substr(1);
  switch (static_cast<unsigned char>(input[0]) % 3) {
    case 0: {
      absl::StatusOr<spinecheck::RankInfo> info = spinecheck::DecodeRankInfo(bytes);
      if (info.ok()) {
        absl::StatusOr<spinecheck::RankInfo> again = spinecheck::DecodeRankInfo(spinecheck::EncodeRankInfo(*info));
        spinecheck::fuzz::Require(again.ok(), "an encoded RankInfo decodes");
      }
      break;
    }
    case 1: (void)spinecheck::DecodeNodeInventory(bytes); break;
    default: (void)spinecheck::DecodeBurnRecords(bytes); break;
  }
}

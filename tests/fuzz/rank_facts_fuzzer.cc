// What ranks send rank 0 over MPI: each rank's description (RankInfo), its
// node inventory and its burn records. The first byte picks the decoder.
#include <string>

#include "reports/json/gather_codec.h"
#include "tests/fuzz/fuzz_target.h"

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
    case 1: {
      absl::StatusOr<spinecheck::NodeInventory> node = spinecheck::DecodeNodeInventory(bytes);
      if (node.ok()) {
        spinecheck::fuzz::Require(spinecheck::DecodeNodeInventory(spinecheck::EncodeNodeInventory(*node)).ok(),
                                  "an encoded NodeInventory decodes");
      }
      break;
    }
    default: {
      absl::StatusOr<spinecheck::BurnRecords> records = spinecheck::DecodeBurnRecords(bytes);
      if (records.ok()) {
        spinecheck::fuzz::Require(spinecheck::DecodeBurnRecords(spinecheck::EncodeBurnRecords(*records)).ok(),
                                  "encoded BurnRecords decode");
      }
      break;
    }
  }
}

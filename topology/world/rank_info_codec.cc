#include "topology/world/rank_info_codec.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace spinecheck {
namespace {

constexpr char kField = '\x1f';
constexpr char kRecord = '\x1e';

std::string Clean(std::string text) {
  std::erase_if(text, [](char c) { return c == kField || c == kRecord; });
  return text;
}

}  // namespace

std::string EncodeRankInfo(const RankInfo& info) {
  std::vector<std::string> records;
  records.push_back(absl::StrJoin({absl::StrCat(info.rank), absl::StrCat(info.local_rank), absl::StrCat(info.pid),
                                   Clean(info.host), absl::StrCat(info.devices_visible)},
                                  std::string(1, kField)));
  const SoftwareVersions& software = info.software;
  records.push_back(absl::StrJoin({Clean(software.cuda_driver), Clean(software.cuda_runtime), Clean(software.nccl),
                                   Clean(software.mpi_library)},
                                  std::string(1, kField)));
  for (const DeviceInfo& device : info.devices) {
    records.push_back(absl::StrJoin({Clean(device.kind), absl::StrCat(device.index), Clean(device.uuid),
                                     Clean(device.pci_bus_id), Clean(device.model), absl::StrCat(device.memory_bytes),
                                     Clean(device.compute_capability), absl::StrCat(device.comm_rank)},
                                    std::string(1, kField)));
  }
  return absl::StrJoin(records, std::string(1, kRecord));
}

absl::StatusOr<RankInfo> DecodeRankInfo(const std::string& text) {
  const std::vector<std::string> records = absl::StrSplit(text, kRecord);
  const std::vector<std::string> head = absl::StrSplit(records[0], kField);
  RankInfo info;
  if (head.size() != 5 || !absl::SimpleAtoi(head[0], &info.rank) || !absl::SimpleAtoi(head[1], &info.local_rank) ||
      !absl::SimpleAtoi(head[2], &info.pid) || !absl::SimpleAtoi(head[4], &info.devices_visible)) {
    return absl::DataLossError(absl::StrCat("malformed rank description '", records[0], "'"));
  }
  info.host = head[3];
  if (records.size() < 2) return absl::DataLossError(absl::StrCat("rank ", info.rank, " sent no software versions"));
  const std::vector<std::string> software = absl::StrSplit(records[1], kField);
  if (software.size() != 4) return absl::DataLossError(absl::StrCat("malformed software versions of rank ", info.rank));
  info.software = {software[0], software[1], software[2], software[3]};
  for (size_t i = 2; i < records.size(); ++i) {
    const std::vector<std::string> fields = absl::StrSplit(records[i], kField);
    DeviceInfo device;
    if (fields.size() != 8 || !absl::SimpleAtoi(fields[1], &device.index) ||
        !absl::SimpleAtoi(fields[5], &device.memory_bytes) || !absl::SimpleAtoi(fields[7], &device.comm_rank)) {
      return absl::DataLossError(absl::StrCat("malformed device description in rank ", info.rank));
    }
    device.kind = fields[0];
    device.uuid = fields[2];
    device.pci_bus_id = fields[3];
    device.model = fields[4];
    device.compute_capability = fields[6];
    info.devices.push_back(std::move(device));
  }
  return info;
}

}  // namespace spinecheck

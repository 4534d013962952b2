#include "reports/importers/nccl_tests.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "reports/importers/nccl_tests_internal.h"

namespace spinecheck {
namespace importers {

void AppendNcclRank(const NcclDeviceLine& line, std::vector<RankInfo>& ranks) {
  RankInfo info;
  info.rank = line.rank;
  info.pid = line.pid;
  info.host = line.host;
  for (const RankInfo& earlier : ranks) {
    if (earlier.host == line.host) ++info.local_rank;
  }
  DeviceInfo device;
  device.kind = "cuda";
  device.index = line.device;
  device.pci_bus_id = line.bus_id;
  device.model = line.model;
  device.comm_rank = line.rank;
  info.devices.push_back(std::move(device));
  ranks.push_back(std::move(info));
}

std::string NcclVersionOfCode(int64_t code) {
  if (code <= 0) return "";
  if (code < 20900) return absl::StrFormat("%d.%d.%d", code / 1000, code % 1000 / 100, code % 100);
  return absl::StrFormat("%d.%d.%d", code / 10000, code % 10000 / 100, code % 100);
}

void FinishNcclImport(RunDocument& document, std::vector<std::string> extra_evidence) {
  std::vector<std::string> evidence;
  double wrong_total = 0;
  for (const CollectiveRow& row : document.collective_rows) {
    for (const auto& [placement, result] :
         {std::pair<const char*, const PlacementResult*>{"out-of-place", &row.out_of_place},
          {"in-place", &row.in_place}}) {
      if (!result->wrong.has_value() || *result->wrong <= 0) continue;
      wrong_total += static_cast<double>(*result->wrong);
      evidence.push_back(absl::StrCat(row.collective, " ", row.type, " ", row.redop, " ", row.size_bytes, " B ",
                                      placement, ": ", *result->wrong, " wrong elements"));
    }
  }
  for (std::string& line : extra_evidence) evidence.push_back(std::move(line));
  if (!evidence.empty()) {
    document.findings.push_back(ImportedIntegrityFinding(document, "nccl-tests", wrong_total, std::move(evidence)));
  }
  FinishImport(document);
}

}  // namespace importers

absl::StatusOr<RunDocument> ImportNcclTests(std::string_view text, const std::string& file) {
  const absl::string_view input(text.data(), text.size());
  const std::vector<importers::TextLine> lines = importers::NumberedLines(input);
  for (const importers::TextLine& line : lines) {
    const absl::string_view content = absl::StripLeadingAsciiWhitespace(line.text);
    if (content.empty()) continue;
    if (content.front() == '{') {
      const size_t offset = static_cast<size_t>(content.data() - input.data());
      return importers::ImportNcclTestsJson(input.substr(offset), line.number, file);
    }
    break;
  }
  return importers::ImportNcclTestsText(lines, file);
}

}  // namespace spinecheck

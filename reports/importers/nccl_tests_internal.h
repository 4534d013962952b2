// Pieces shared by the text and JSON readers of nccl-tests output; not a
// public interface (see nccl_tests.h).
#ifndef SPINECHECK_REPORTS_IMPORTERS_NCCL_TESTS_INTERNAL_H_
#define SPINECHECK_REPORTS_IMPORTERS_NCCL_TESTS_INTERNAL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reports/importers/import_text.h"
#include "reports/model/run_document.h"

namespace spinecheck::importers {

// One "#  Rank ..." device line of nccl-tests, as printed.
struct NcclDeviceLine {
  int rank = 0;
  int pid = 0;
  std::string host;
  int device = 0;
  std::string bus_id;  // inside the brackets: "0000:04:00" (2.13+) or "0x06" (older)
  std::string model;   // "NVIDIA H100 80GB HBM3"
};

// Appends the rank of `line` to `ranks`: one RankInfo per nccl-tests rank,
// holding its one CUDA device (comm_rank = rank); local_rank counts the
// earlier ranks on the same host.
void AppendNcclRank(const NcclDeviceLine& line, std::vector<RankInfo>& ranks);

// "2.29.3" for NCCL's version code 22903 (codes before 2.9 are 1000-based:
// 2708 -> "2.7.8"); empty for 0.
std::string NcclVersionOfCode(int64_t code);

// Adds the "collective.data_integrity" finding for the rows of `document`
// with wrong > 0 plus `extra_evidence` (legacy error rows), then the verdict.
void FinishNcclImport(RunDocument& document, std::vector<std::string> extra_evidence);

absl::StatusOr<RunDocument> ImportNcclTestsText(const std::vector<TextLine>& lines, const std::string& file);
absl::StatusOr<RunDocument> ImportNcclTestsJson(absl::string_view json, int first_line, const std::string& file);

}  // namespace spinecheck::importers

#endif  // SPINECHECK_REPORTS_IMPORTERS_NCCL_TESTS_INTERNAL_H_

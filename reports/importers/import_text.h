// Shared pieces of the importers of other tools' outputs (nccl-tests, OSU,
// IMB): numbered lines, "FILE:LINE: reason" errors, number parsing, the
// nccl-tests bus factors and the finishing touches of an imported document.
//
// Every importer reads text that may carry a first "# source: ..." comment
// line (the provenance line of a copied fixture); it is skipped, and line
// numbers always count it, so an error names the line as an editor shows it.
#ifndef SPINECHECK_REPORTS_IMPORTERS_IMPORT_TEXT_H_
#define SPINECHECK_REPORTS_IMPORTERS_IMPORT_TEXT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reports/model/run_document.h"

namespace spinecheck::importers {

struct TextLine {
  int number = 0;         // 1-based line number in the file
  absl::string_view text;  // without the line break (and without a trailing '\r')
};

// The lines of `text`; a first line that starts with "# source:" is left out.
std::vector<TextLine> NumberedLines(absl::string_view text);

// The whitespace-separated fields of `line` (spaces and tabs; runs count once).
std::vector<absl::string_view> Fields(absl::string_view line);

// kInvalidArgument "FILE:LINE: reason".
absl::Status LineError(const std::string& file, int line, absl::string_view reason);

// Numbers of one field; on failure a LineError naming `what` and the field.
absl::StatusOr<uint64_t> ParseCount(absl::string_view field, absl::string_view what, const std::string& file,
                                    int line);
absl::StatusOr<int64_t> ParseInteger(absl::string_view field, absl::string_view what, const std::string& file,
                                     int line);
absl::StatusOr<double> ParseNumber(absl::string_view field, absl::string_view what, const std::string& file,
                                   int line);

// True when `field` is a plain unsigned decimal integer ("1024"): the first
// field of every data row of the three tools.
bool IsUnsignedInteger(absl::string_view field);

// nccl-tests' bus factor (busbw = algbw × factor) of `collective` (a
// spinecheck name) on `ranks` ranks: 2(n-1)/n for all_reduce, (n-1)/n for
// all_gather, reduce_scatter, alltoall, gather and scatter, 1 for
// broadcast, reduce and sendrecv. 0 when ranks <= 0 or the collective has
// no nccl-tests factor.
double NcclBusFactor(absl::string_view collective, int ranks);

// The spinecheck name of an nccl-tests program or collective: strips a
// path, "_perf" and what follows ("./build/all_reduce_perf_mpi" ->
// "all_reduce"). Empty when `name` names no nccl-tests collective.
std::string NcclCollectiveOfProgram(absl::string_view name);

// The collective a file name mentions ("all_gather_h100.txt" -> "all_gather"),
// for logs that never print the program name; empty when none.
std::string NcclCollectiveOfFileName(absl::string_view file);

// The process count of a launcher command line ("mpirun -n 36 ...", "srun
// -N2 --ntasks-per-node=4 ...", "mpiexec -np 2 ..."): -n/-np/--ntasks, else
// nodes × tasks per node; options after the benchmark program are not read.
// 0 when `words` is no launcher line or does not say.
int LauncherRanks(const std::vector<absl::string_view>& words);

// A document for measurements imported from `producer` ("nccl-tests",
// "osu", "imb") read from `file`: command "import", state "completed".
RunDocument NewImportDocument(absl::string_view producer, const std::string& file);

// One "collective.data_integrity" failure for rows an imported tool saw
// corrupted. The tools report wrong elements summed over ranks, so no rank
// is blamed: every host of the document is affected (all drained until a
// spinecheck sweep localises the fault). `measured` counts wrong elements
// (0 when the tool gives only pass/fail); `evidence` names the rows.
Finding ImportedIntegrityFinding(const RunDocument& document, absl::string_view producer, double measured,
                                 std::vector<std::string> evidence);

// Sets the verdict of a finished import from its findings (DecideVerdict).
void FinishImport(RunDocument& document);

}  // namespace spinecheck::importers

#endif  // SPINECHECK_REPORTS_IMPORTERS_IMPORT_TEXT_H_

#include "reports/importers/import_text.h"

#include <array>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "reports/model/check_catalog.h"
#include "reports/model/exit_code.h"

namespace spinecheck::importers {

std::vector<TextLine> NumberedLines(absl::string_view text) {
  std::vector<TextLine> lines;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    absl::ConsumeSuffix(&line, "\r");
    if (number == 1 && absl::StartsWith(line, "# source:")) continue;
    lines.push_back({number, line});
  }
  // A final line break does not start another line.
  if (!lines.empty() && lines.back().text.empty() && absl::EndsWith(text, "\n")) lines.pop_back();
  return lines;
}

std::vector<absl::string_view> Fields(absl::string_view line) {
  return absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
}

absl::Status LineError(const std::string& file, int line, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(file, ":", line, ": ", reason));
}

absl::StatusOr<uint64_t> ParseCount(absl::string_view field, absl::string_view what, const std::string& file,
                                    int line) {
  uint64_t value = 0;
  if (!absl::SimpleAtoi(field, &value)) {
    return LineError(file, line, absl::StrCat(what, " '", field, "' is not a non-negative integer"));
  }
  return value;
}

absl::StatusOr<int64_t> ParseInteger(absl::string_view field, absl::string_view what, const std::string& file,
                                     int line) {
  int64_t value = 0;
  if (!absl::SimpleAtoi(field, &value)) {
    return LineError(file, line, absl::StrCat(what, " '", field, "' is not an integer"));
  }
  return value;
}

absl::StatusOr<double> ParseNumber(absl::string_view field, absl::string_view what, const std::string& file,
                                   int line) {
  double value = 0;
  if (!absl::SimpleAtod(field, &value) || !std::isfinite(value)) {
    return LineError(file, line, absl::StrCat(what, " '", field, "' is not a number"));
  }
  return value;
}

bool IsUnsignedInteger(absl::string_view field) {
  if (field.empty()) return false;
  for (char c : field) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

double NcclBusFactor(absl::string_view collective, int ranks) {
  if (ranks <= 0) return 0;
  const double n = ranks;
  if (collective == "all_reduce") return 2 * (n - 1) / n;
  if (collective == "all_gather" || collective == "reduce_scatter" || collective == "alltoall" ||
      collective == "gather" || collective == "scatter") {
    return (n - 1) / n;
  }
  if (collective == "broadcast" || collective == "reduce" || collective == "sendrecv") return 1;
  return 0;
}

namespace {

// nccl-tests program stems; longest first where one contains another.
constexpr std::array<absl::string_view, 11> kNcclCollectives = {
    "reduce_scatter", "all_reduce", "all_gather", "alltoallv", "alltoall", "broadcast",
    "sendrecv",       "hypercube",  "reduce",     "gather",    "scatter"};

}  // namespace

std::string NcclCollectiveOfProgram(absl::string_view name) {
  const size_t slash = name.rfind('/');
  if (slash != absl::string_view::npos) name.remove_prefix(slash + 1);
  const size_t perf = name.find("_perf");
  if (perf == absl::string_view::npos) return "";
  name = name.substr(0, perf);
  for (absl::string_view collective : kNcclCollectives) {
    if (name == collective) return std::string(collective);
  }
  return "";
}

std::string NcclCollectiveOfFileName(absl::string_view file) {
  const size_t slash = file.rfind('/');
  if (slash != absl::string_view::npos) file.remove_prefix(slash + 1);
  const std::string lower = absl::AsciiStrToLower(file);
  for (absl::string_view collective : kNcclCollectives) {
    if (absl::StrContains(lower, collective)) return std::string(collective);
  }
  if (absl::StrContains(lower, "allreduce")) return "all_reduce";
  if (absl::StrContains(lower, "allgather")) return "all_gather";
  return "";
}

namespace {

// The value of option `word` if it is one of `names`: "-n 36" (value in
// `next`), "-n36" (single-dash short names) or "--ntasks=36".
std::optional<int> OptionValue(absl::string_view word, absl::string_view next,
                               std::initializer_list<absl::string_view> names) {
  for (absl::string_view name : names) {
    int value = 0;
    absl::string_view rest = word;
    if (!absl::ConsumePrefix(&rest, name)) continue;
    if (rest.empty()) return absl::SimpleAtoi(next, &value) ? std::optional<int>(value) : std::nullopt;
    if (absl::ConsumePrefix(&rest, "=") || name.size() == 2) {
      if (absl::SimpleAtoi(rest, &value)) return value;
    }
  }
  return std::nullopt;
}

}  // namespace

int LauncherRanks(const std::vector<absl::string_view>& words) {
  size_t at = 0;
  while (at < words.size()) {
    absl::string_view program = words[at];
    const size_t slash = program.rfind('/');
    if (slash != absl::string_view::npos) program.remove_prefix(slash + 1);
    ++at;
    if (program == "mpirun" || program == "mpiexec" || program == "srun") break;
    if (at == words.size()) return 0;
  }
  int ranks = 0, nodes = 0, per_node = 0;
  for (; at < words.size(); ++at) {
    const absl::string_view word = words[at];
    if (!absl::StartsWith(word, "-")) {
      // A benchmark program ends the launcher's options; other words are option values.
      if (absl::StrContains(word, "osu_") || absl::StrContains(word, "IMB-") || absl::StrContains(word, "_perf")) break;
      continue;
    }
    const absl::string_view next = at + 1 < words.size() ? words[at + 1] : "";
    if (auto value = OptionValue(word, next, {"--ntasks-per-node", "--npernode", "-npernode", "-ppn", "--ppn"})) {
      per_node = *value;
    } else if (auto count = OptionValue(word, next, {"--ntasks", "--np", "-np", "-n"})) {
      ranks = *count;
    } else if (auto node_count = OptionValue(word, next, {"--nodes", "-N"})) {
      nodes = *node_count;
    }
  }
  if (ranks > 0) return ranks;
  return nodes > 0 && per_node > 0 ? nodes * per_node : 0;
}

RunDocument NewImportDocument(absl::string_view producer, const std::string& file) {
  RunDocument document;
  document.command = "import";
  document.source.producer = std::string(producer);
  document.source.file = file;
  document.state = RunState::kCompleted;
  return document;
}

Finding ImportedIntegrityFinding(const RunDocument& document, absl::string_view producer, double measured,
                                 std::vector<std::string> evidence) {
  std::vector<std::string> hosts;
  for (const auto& [host, ranks] : RanksByHost(document.ranks)) hosts.push_back(host);
  Finding finding = NewFinding(CheckId::kCollectiveDataIntegrity,
                               {ComponentKind::kHost, hosts.size() == 1 ? hosts.front() : absl::StrJoin(hosts, ","), hosts});
  finding.measured = measured;
  finding.expected = 0;
  finding.unit = "wrong elements";
  finding.evidence = std::move(evidence);
  finding.message = absl::StrCat(producer, " reported corrupted data in ", finding.evidence.size(),
                                 " row(s); it does not say which rank received it");
  finding.action = hosts.empty()
                       ? std::string("rerun spinecheck sweep with -c on the same hosts to localise the fault")
                       : absl::StrCat("drain ", absl::StrJoin(hosts, ", "),
                                      " and rerun spinecheck sweep with -c on them to localise the fault");
  return finding;
}

void FinishImport(RunDocument& document) {
  // A failure in a log that names no host (OSU, IMB) still fails the run.
  document.verdict = DecideVerdict(document.findings, absl::OkStatus());
}

}  // namespace spinecheck::importers

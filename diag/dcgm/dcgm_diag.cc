// `dcgmi diag -j` JSON, read with nlohmann-json (its exceptions end here).
//
// The layouts read, as dcgmi and NVVS write them (NVIDIA/DCGM, dcgmi/Diag.cpp
// and nvvs/include/NvvsJsonStrings.h; samples in tests/fixtures/dcgm):
//   DCGM 4.x: {"DCGM Diagnostic": {"test_categories": [{"category", "tests":
//     [{"name", "results": [{"entity_group": "GPU", "entity_id": 0, "status",
//     "warnings": [{"warning", "error_id", ...}], "info": [...]}],
//     "test_summary": {"status", "info"}}]}]}, "entity_groups", "metadata"}
//   DCGM 3.x: the same nesting under "DCGM GPU Diagnostic" (3.x dcgmi) or
//     "DCGM Diagnostic" (later 3.x); a result names its GPU as "gpu_id" ("0")
//     or "gpu_ids" ("0,1,2" or 0), or none for a host-wide deployment check;
//     "info" is one string; a test list may hold nulls.
//   A failed run: {"DCGM Diagnostic": {"version", "runtime_error": "..."}}.
#include "diag/dcgm/dcgm_diag.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "topology/host/subprocess.h"

namespace spinecheck {
namespace {

using Json = nlohmann::json;

constexpr char kDcgm4Root[] = "DCGM Diagnostic";
constexpr char kDcgm3Root[] = "DCGM GPU Diagnostic";
// dcgmi's SIGTERM handler asks the host engine to stop the diagnostic; a
// SIGKILL alone would leave it running there. SIGKILL follows after this.
constexpr absl::Duration kDcgmiStopGrace = absl::Seconds(3);
constexpr int kOutputLinesInErrors = 5;

absl::Status Invalid(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("not dcgmi diag JSON: ", what));
}

// DCGM's word for a result ("Pass", "Fail", "Warn", "Skip", "Not Run", and
// their past tenses); any other word is kUnknown, never a pass, and is named
// in `messages`.
DcgmStatus ParseResultStatus(absl::string_view raw, std::vector<std::string>& messages) {
  const std::string word = absl::AsciiStrToLower(absl::StripAsciiWhitespace(raw));
  if (word == "pass" || word == "passed") return DcgmStatus::kPass;
  if (word == "fail" || word == "failed") return DcgmStatus::kFail;
  if (word == "warn" || word == "warning") return DcgmStatus::kWarn;
  if (word == "skip" || word == "skipped" || word == "not run" || word == "notrun") return DcgmStatus::kSkip;
  messages.insert(messages.begin(), absl::StrCat("dcgmi reported the status '", raw, "', which spinecheck does not know"));
  return DcgmStatus::kUnknown;
}

// Appends the text of DCGM's "warnings" (objects with "warning", or
// "warnings" in 3.x deployment results, or plain strings) and "info" (a
// string or a list of strings) in `node`.
void AppendMessages(const Json& node, std::vector<std::string>& messages) {
  const auto warnings = node.find("warnings");
  if (warnings != node.end() && warnings->is_array()) {
    for (const Json& warning : *warnings) {
      if (warning.is_string()) {
        messages.push_back(warning.get<std::string>());
      } else if (warning.is_object()) {
        for (const char* key : {"warning", "warnings"}) {
          const auto text = warning.find(key);
          if (text != warning.end() && text->is_string()) messages.push_back(text->get<std::string>());
        }
      }
    }
  }
  const auto info = node.find("info");
  if (info == node.end()) return;
  if (info->is_string()) {
    messages.push_back(info->get<std::string>());
  } else if (info->is_array()) {
    for (const Json& line : *info) {
      if (line.is_string()) messages.push_back(line.get<std::string>());
    }
  }
}

// A GPU id given as a number or a numeric string.
absl::StatusOr<int> GpuId(const Json& value, absl::string_view where) {
  if (value.is_number_integer() && value.get<int64_t>() >= 0 && value.get<int64_t>() < (1 << 20)) {
    return static_cast<int>(value.get<int64_t>());
  }
  int id = -1;
  if (value.is_string() && absl::SimpleAtoi(value.get<std::string>(), &id) && id >= 0) return id;
  return Invalid(absl::StrCat(where, " is not a GPU id: ", value.dump()));
}

// The GPUs one result is for: its entity_id (4.x), gpu_id or gpu_ids (3.x),
// or {-1} when it names none (a host-wide check). Empty when the result is
// for an entity other than a GPU (a CPU in 4.x).
absl::StatusOr<std::vector<int>> ResultGpus(const Json& result, const std::string& where) {
  const auto group = result.find("entity_group");
  if (group != result.end() && group->is_string() && !absl::EqualsIgnoreCase(group->get<std::string>(), "GPU")) {
    return std::vector<int>{};
  }
  for (const char* key : {"entity_id", "gpu_id", "gpu_ids"}) {
    const auto ids = result.find(key);
    if (ids == result.end() || ids->is_null()) continue;
    const std::string field = absl::StrCat(where, ".", key);
    std::vector<int> gpus;
    if (ids->is_string()) {
      for (absl::string_view part : absl::StrSplit(ids->get<std::string>(), ',', absl::SkipWhitespace())) {
        auto id = GpuId(Json(std::string(absl::StripAsciiWhitespace(part))), field);
        if (!id.ok()) return id.status();
        gpus.push_back(*id);
      }
    } else {
      auto id = GpuId(*ids, field);
      if (!id.ok()) return id.status();
      gpus.push_back(*id);
    }
    if (gpus.empty()) return Invalid(absl::StrCat(field, " names no GPU"));
    return gpus;
  }
  return std::vector<int>{-1};
}

const Json* Member(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// The rows of one test (one entry of a category's "tests").
absl::Status AddTestRows(const Json& test, const std::string& category, const std::string& where,
                         const std::string& host, std::vector<DcgmResult>& rows) {
  const Json* name = Member(test, "name");
  if (name == nullptr || !name->is_string()) return Invalid(absl::StrCat(where, " has no \"name\""));
  const Json* results = Member(test, "results");
  if (results == nullptr || !results->is_array()) {
    return Invalid(absl::StrCat(where, " (", name->get<std::string>(), ") has no \"results\" list"));
  }
  // DCGM 4.x: the test's own summary; its messages go with every GPU's row.
  const Json* summary = Member(test, "test_summary");
  std::vector<std::string> summary_messages;
  if (summary != nullptr && summary->is_object()) AppendMessages(*summary, summary_messages);

  const size_t first_row = rows.size();
  for (size_t r = 0; r < results->size(); ++r) {
    const Json& result = (*results)[r];
    if (!result.is_object()) continue;  // NVVS writes nulls into some lists
    const std::string result_where = absl::StrCat(where, ".results[", r, "]");
    const Json* status = Member(result, "status");
    if (status == nullptr || !status->is_string()) return Invalid(absl::StrCat(result_where, " has no \"status\""));
    auto gpus = ResultGpus(result, result_where);
    if (!gpus.ok()) return gpus.status();
    std::vector<std::string> messages;
    AppendMessages(result, messages);
    messages.insert(messages.end(), summary_messages.begin(), summary_messages.end());
    for (int gpu : *gpus) {
      DcgmResult row;
      row.host = host;
      row.gpu_index = gpu;
      row.category = category;
      row.test = name->get<std::string>();
      row.messages = messages;
      row.status = ParseResultStatus(status->get<std::string>(), row.messages);
      rows.push_back(std::move(row));
    }
  }
  // A test with a summary but no GPU result (all entities were CPUs, or
  // none was listed) is kept as one host-wide row.
  if (rows.size() == first_row && summary != nullptr && summary->is_object()) {
    const Json* status = Member(*summary, "status");
    if (status != nullptr && status->is_string()) {
      DcgmResult row;
      row.host = host;
      row.category = category;
      row.test = name->get<std::string>();
      row.messages = std::move(summary_messages);
      row.status = ParseResultStatus(status->get<std::string>(), row.messages);
      rows.push_back(std::move(row));
    }
  }
  return absl::OkStatus();
}

// The first `lines` lines of `text`, for error messages.
std::string FirstLines(absl::string_view text, int lines) {
  std::vector<absl::string_view> kept;
  for (absl::string_view line : absl::StrSplit(absl::StripAsciiWhitespace(text), '\n')) {
    if (static_cast<int>(kept.size()) == lines) {
      kept.push_back("...");
      break;
    }
    kept.push_back(absl::StripTrailingAsciiWhitespace(line));
  }
  return absl::StrJoin(kept, " | ");
}

std::string Seconds(absl::Duration duration) { return absl::StrFormat("%g s", absl::ToDoubleSeconds(duration)); }

}  // namespace

absl::StatusOr<std::vector<DcgmResult>> ParseDcgmDiagJson(std::string_view json_text, const std::string& host) {
  const absl::string_view json(json_text.data(), json_text.size());
  // dcgmi may print a line before the document; the document is the
  // outermost braces.
  const size_t begin = json.find('{');
  const size_t end = json.rfind('}');
  if (begin == absl::string_view::npos || end == absl::string_view::npos || end < begin) {
    return Invalid(absl::StrCat("no JSON object in: ", FirstLines(json, 2)));
  }
  Json document;
  try {
    const absl::string_view object = json.substr(begin, end - begin + 1);
    document = Json::parse(object.begin(), object.end());
  } catch (const Json::exception& e) {
    return Invalid(e.what());
  }
  if (!document.is_object()) return Invalid("the top level is not an object");
  const Json* diagnostic = Member(document, kDcgm4Root);
  if (diagnostic == nullptr) diagnostic = Member(document, kDcgm3Root);
  if (diagnostic == nullptr || !diagnostic->is_object()) {
    return Invalid(absl::StrCat("no \"", kDcgm4Root, "\" (DCGM 4) or \"", kDcgm3Root, "\" (DCGM 3) object"));
  }
  const Json* categories = Member(*diagnostic, "test_categories");
  const Json* runtime_error = Member(*diagnostic, "runtime_error");
  if (runtime_error != nullptr && runtime_error->is_string() && (categories == nullptr || categories->empty())) {
    return absl::UnavailableError(absl::StrCat("dcgmi diag reported an error: ", runtime_error->get<std::string>()));
  }
  if (categories == nullptr || !categories->is_array()) return Invalid("no \"test_categories\" list");

  std::vector<DcgmResult> rows;
  for (size_t c = 0; c < categories->size(); ++c) {
    const Json& category = (*categories)[c];
    if (!category.is_object()) continue;
    const std::string where = absl::StrCat("test_categories[", c, "]");
    const Json* name = Member(category, "category");
    const std::string category_name = name != nullptr && name->is_string() ? name->get<std::string>() : "";
    const Json* tests = Member(category, "tests");
    if (tests == nullptr || !tests->is_array()) return Invalid(absl::StrCat(where, " has no \"tests\" list"));
    for (size_t t = 0; t < tests->size(); ++t) {
      const Json& test = (*tests)[t];
      if (!test.is_object()) continue;  // NVVS 3.x writes nulls between tests
      absl::Status added = AddTestRows(test, category_name, absl::StrCat(where, ".tests[", t, "]"), host, rows);
      if (!added.ok()) return added;
    }
  }
  return rows;
}

absl::StatusOr<std::vector<DcgmResult>> RunDcgmDiag(int level, const std::string& host, absl::Duration timeout) {
  if (level < 1 || level > 4) {
    return absl::InvalidArgumentError(absl::StrCat("DCGM diagnostic level ", level, " is not 1, 2, 3 or 4"));
  }
  auto dcgmi = FindExecutable("dcgmi");
  if (!dcgmi.ok()) {
    return absl::NotFoundError(
        absl::StrCat("dcgmi not found: ", dcgmi.status().message(),
                     "; install DCGM (datacenter-gpu-manager) or leave out the DCGM diagnostic"));
  }
  const std::string command = absl::StrCat("dcgmi diag -r ", level);
  SubprocessOptions options;
  options.timeout = timeout;
  options.kill_grace = std::min(kDcgmiStopGrace, timeout);
  auto run = RunSubprocess({*dcgmi, "diag", "-r", absl::StrCat(level), "-j"}, options);
  if (!run.ok()) {
    return absl::UnavailableError(absl::StrCat(command, " could not be started: ", run.status().message()));
  }
  if (run->timed_out) {
    return absl::DeadlineExceededError(absl::StrCat(command, " did not finish within ", Seconds(timeout),
                                                    "; DCGM diag is known to hang on faulty GPUs"));
  }
  // dcgmi exits non-zero when a test fails: its JSON is read whatever the exit code.
  auto rows = ParseDcgmDiagJson(run->out, host);
  if (rows.ok()) return rows;
  const std::string ended = run->exited ? absl::StrCat("exited with code ", run->exit_code)
                            : run->signal != 0 ? absl::StrCat("was killed by signal ", run->signal)
                                               : std::string("ended");
  if (absl::IsUnavailable(rows.status())) {
    return absl::UnavailableError(absl::StrCat(command, " ", ended, ": ", rows.status().message()));
  }
  const std::string output = FirstLines(absl::StrCat(run->out, "\n", run->err), kOutputLinesInErrors);
  const bool has_json = run->out.find('{') != std::string::npos;
  return absl::UnavailableError(absl::StrCat(command, " ", ended, " and printed ",
                                             has_json ? absl::StrCat("unreadable JSON (", rows.status().message(), ")")
                                                      : std::string("no JSON"),
                                             "; its output: ", output.empty() ? "(none)" : output));
}

}  // namespace spinecheck

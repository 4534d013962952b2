// dcgmi diag's JSON (DCGM 3.x: "DCGM GPU Diagnostic" -> test_categories ->
// tests -> results, see DCGM's nvvs/include/NvvsCommon.h) into DcgmResult rows.
#include "diag/dcgm/dcgm_diag.h"

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "diag/dcgm/subprocess.h"

namespace spinecheck {
namespace {

using Json = nlohmann::json;

// "0,1,2" or 3 -> the GPU ids.
std::vector<int> GpuIds(const Json& ids) {
  std::vector<int> gpus;
  if (ids.is_number_integer()) {
    gpus.push_back(ids.get<int>());
  } else if (ids.is_string()) {
    for (absl::string_view id : absl::StrSplit(ids.get<std::string>(), ',', absl::SkipEmpty())) {
      int gpu = 0;
      if (absl::SimpleAtoi(id, &gpu)) gpus.push_back(gpu);
    }
  }
  return gpus;
}

// DCGM's warnings ({"warning": text, "error_id": n} or text) and info
// (text or a list of text) of one result.
std::vector<std::string> Messages(const Json& result) {
  std::vector<std::string> messages;
  auto add = [&messages](const Json& item) {
    if (item.is_string()) messages.push_back(item.get<std::string>());
    if (item.is_object() && item.contains("warning") && item["warning"].is_string()) {
      messages.push_back(item["warning"].get<std::string>());
    }
  };
  for (const char* key : {"warnings", "info"}) {
    if (!result.contains(key)) continue;
    const Json& value = result[key];
    if (value.is_array()) {
      for (const Json& item : value) add(item);
    } else {
      add(value);
    }
  }
  return messages;
}

// "PASS", "Pass", "Fail", "Warn", "Skip", "Not Run" -> pass/fail/warn/skip.
std::string Status(const std::string& text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower.rfind("pass", 0) == 0) return "pass";
  if (lower.rfind("fail", 0) == 0) return "fail";
  if (lower.rfind("warn", 0) == 0) return "warn";
  return "skip";
}

}  // namespace

absl::StatusOr<std::vector<DcgmResult>> ParseDcgmDiagJson(absl::string_view text, const std::string& host) {
  // dcgmi may print warnings before the JSON object.
  const size_t start = text.find('{');
  if (start == absl::string_view::npos) return absl::InvalidArgumentError("no JSON object in dcgmi diag's output");
  const Json json = Json::parse(text.substr(start), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return absl::InvalidArgumentError("dcgmi diag's output is not valid JSON");
  if (!json.contains("DCGM GPU Diagnostic") || !json["DCGM GPU Diagnostic"].contains("test_categories") ||
      !json["DCGM GPU Diagnostic"]["test_categories"].is_array()) {
    return absl::InvalidArgumentError(
        "dcgmi diag JSON without \"DCGM GPU Diagnostic\".test_categories: this layout (DCGM 4's) is not read yet");
  }
  std::vector<DcgmResult> results;
  for (const Json& category : json["DCGM GPU Diagnostic"]["test_categories"]) {
    if (!category.is_object() || !category.contains("tests") || !category["tests"].is_array()) continue;
    const std::string category_name = category.value("category", "");
    for (const Json& test : category["tests"]) {
      if (!test.is_object() || !test.contains("results") || !test["results"].is_array()) continue;  // DCGM prints nulls
      const std::string test_name = test.value("name", "");
      for (const Json& result : test["results"]) {
        if (!result.is_object() || !result.contains("gpu_ids") || !result.contains("status") ||
            !result["status"].is_string()) {
          continue;
        }
        for (int gpu : GpuIds(result["gpu_ids"])) {
          results.push_back({host, gpu, category_name, test_name, Status(result["status"].get<std::string>()),
                             Messages(result)});
        }
      }
    }
  }
  return results;
}

absl::StatusOr<std::vector<DcgmResult>> RunDcgmDiag(int level, const std::string& host, absl::Duration timeout) {
  const std::vector<std::string> argv = {"dcgmi", "diag", "-r", absl::StrCat(level), "-j"};
  absl::StatusOr<SubprocessResult> ran = RunSubprocess(argv, timeout);
  if (absl::IsDeadlineExceeded(ran.status())) {
    return absl::DeadlineExceededError(absl::StrCat("dcgmi diag -r ", level, " did not finish within ",
                                                    absl::FormatDuration(timeout),
                                                    "; DCGM diag is known to hang on faulty GPUs"));
  }
  if (!ran.ok()) return ran.status();
  // dcgmi exits non-zero when a test fails; its JSON still says which.
  absl::StatusOr<std::vector<DcgmResult>> results = ParseDcgmDiagJson(ran->output, host);
  if (!results.ok()) {
    return absl::UnavailableError(absl::StrCat("dcgmi diag -r ", level, " exited ", ran->exit_code,
                                               " without diagnostic JSON: ", ran->output.substr(0, 300)));
  }
  return results;
}

}  // namespace spinecheck

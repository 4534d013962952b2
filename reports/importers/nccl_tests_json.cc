// The `-J` JSON reader of nccl-tests (see nccl_tests.h for the contract).
// The format is the hand-written one of src/util.cu (JSON_FILE_VERSION 1 to
// 3): booleans and NaN are strings, root is a "%6i" string, nwrong is a
// double or null, and the whole file is one line. Errors name the line the
// JSON starts on (or the parser's line) and the JSON path of the bad value.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "reports/importers/nccl_tests_internal.h"
#include "reports/model/status_macros.h"

namespace spinecheck::importers {
namespace {

using nlohmann::json;

class NcclJsonReader {
 public:
  NcclJsonReader(const std::string& file, int line) : file_(file), line_(line) {}

  absl::Status Error(absl::string_view path, absl::string_view reason) const {
    return LineError(file_, line_, absl::StrCat("nccl-tests JSON ", path, ": ", reason));
  }

  // A number (the writer's "%lf"); the string "nan" reads as NaN.
  absl::StatusOr<double> Number(const json& object, absl::string_view key, absl::string_view path) const {
    const auto it = object.find(key);
    if (it == object.end()) return Error(path, absl::StrCat("has no '", key, "'"));
    if (it->is_number()) return it->get<double>();
    if (it->is_string() && it->get<std::string>() == "nan") return std::nan("");
    return Error(absl::StrCat(path, ".", key), "is not a number");
  }

  absl::StatusOr<PlacementResult> Placement(const json& row, absl::string_view key, absl::string_view path) const {
    PlacementResult result;
    const auto it = row.find(key);
    if (it == row.end() || it->is_null()) return result;  // not written (trace replay)
    const std::string where = absl::StrCat(path, ".", key);
    if (!it->is_object()) return Error(where, "is not an object");
    const absl::string_view time_key = it->contains("cpu_time") ? "cpu_time" : "time";
    SPINECHECK_ASSIGN_OR_RETURN(result.time_us, Number(*it, time_key, where));
    SPINECHECK_ASSIGN_OR_RETURN(result.algbw_gbps, Number(*it, "alg_bw", where));
    SPINECHECK_ASSIGN_OR_RETURN(result.busbw_gbps, Number(*it, "bus_bw", where));
    result.measured = std::isfinite(result.time_us);
    if (const auto wrong = it->find("nwrong"); wrong != it->end() && !wrong->is_null()) {
      if (!wrong->is_number() || !(std::fabs(wrong->get<double>()) < 9.0e18)) {
        return Error(absl::StrCat(where, ".nwrong"), "is not a count or null");
      }
      result.wrong = static_cast<int64_t>(std::llround(wrong->get<double>()));
    }
    // -I: the per-iteration summary beside the placement.
    if (const auto iter = row.find(absl::StrCat(key, "_per_iter")); iter != row.end() && iter->is_object()) {
      const std::string iter_path = absl::StrCat(path, ".", key, "_per_iter");
      TimingStats& stats = result.iteration_stats;
      SPINECHECK_ASSIGN_OR_RETURN(stats.min_us, Number(*iter, "min_us", iter_path));
      SPINECHECK_ASSIGN_OR_RETURN(stats.max_us, Number(*iter, "max_us", iter_path));
      SPINECHECK_ASSIGN_OR_RETURN(stats.mean_us, Number(*iter, "avg_us", iter_path));
      SPINECHECK_ASSIGN_OR_RETURN(stats.p50_us, Number(*iter, "p50_us", iter_path));
      SPINECHECK_ASSIGN_OR_RETURN(stats.p99_us, Number(*iter, "p99_us", iter_path));
      SPINECHECK_ASSIGN_OR_RETURN(stats.cv_pct, Number(*iter, "cv_pct", iter_path));
      if (const auto times = iter->find("times_us"); times != iter->end() && times->is_array()) {
        stats.samples = static_cast<int>(times->size());
      }
    }
    return result;
  }

  // Member `key` of `object`: 0 when absent, else an integer that fits an
  // int (nlohmann's own conversion casts a float of any size: undefined
  // behaviour found by the nccl_tests_import fuzz target).
  absl::StatusOr<int> IntOr(const json& object, const char* key, absl::string_view path) const {
    const auto member = object.find(key);
    if (member == object.end()) return 0;
    if (!member->is_number_integer() || member->get<int64_t>() < std::numeric_limits<int>::min() ||
        member->get<int64_t>() > std::numeric_limits<int>::max() ||
        (member->is_number_unsigned() && member->get<uint64_t>() > uint64_t{std::numeric_limits<int>::max()})) {
      return Error(path, absl::StrCat(key, " ", member->dump(), " is not an integer of 32 bits"));
    }
    return static_cast<int>(member->get<int64_t>());
  }

  absl::StatusOr<CollectiveRow> Row(const json& row, const std::string& collective, int ranks,
                                    absl::string_view path) const {
    if (!row.is_object()) return Error(path, "is not an object");
    CollectiveRow result;
    result.collective = collective;
    result.ranks = ranks;
    result.bus_factor = NcclBusFactor(collective, ranks);
    const auto size = row.find("size");
    const auto count = row.find("count");
    if (size == row.end() || !size->is_number_unsigned()) return Error(path, "size is not a byte count");
    if (count == row.end() || !count->is_number_unsigned()) return Error(path, "count is not an element count");
    result.size_bytes = size->get<uint64_t>();
    result.count = count->get<uint64_t>();
    result.type = row.value("type", "");
    result.redop = row.value("redop", "");
    const std::string root = row.value("root", "-1");  // "%6i": padded
    int root_value = -1;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(root), &root_value)) {
      return Error(path, absl::StrCat("root '", root, "' is not an integer"));
    }
    result.root = root_value;
    SPINECHECK_ASSIGN_OR_RETURN(result.out_of_place, Placement(row, "out_of_place", path));
    SPINECHECK_ASSIGN_OR_RETURN(result.in_place, Placement(row, "in_place", path));
    return result;
  }

  absl::StatusOr<RunDocument> Read(const json& top) const {
    if (!top.is_object()) return Error("top level", "is not an object");
    RunDocument document = NewImportDocument("nccl-tests", file_);
    std::string collective;
    if (const auto args = top.find("args"); args != top.end() && args->is_array()) {
      for (const json& arg : *args) {
        if (arg.is_string()) document.argv.push_back(arg.get<std::string>());
      }
      if (!document.argv.empty()) collective = NcclCollectiveOfProgram(document.argv.front());
    }
    if (collective.empty()) collective = NcclCollectiveOfFileName(file_);
    if (collective.empty()) return Error("args", "names no *_perf program and the file name names no collective");
    if (const auto version = top.find("nccl_version"); version != top.end() && version->is_number_integer()) {
      document.environment.nccl_version_runtime = NcclVersionOfCode(version->get<int64_t>());
    }
    if (const auto config = top.find("config"); config != top.end() && config->is_object()) {
      if (const auto devices = config->find("devices"); devices != config->end() && devices->is_array()) {
        for (const json& device : *devices) {
          if (!device.is_object()) return Error("config.devices", "holds a non-object");
          NcclDeviceLine line;
          SPINECHECK_ASSIGN_OR_RETURN(line.rank, IntOr(device, "rank", "config.devices"));
          SPINECHECK_ASSIGN_OR_RETURN(line.pid, IntOr(device, "pid", "config.devices"));
          line.host = device.value("hostname", "");
          SPINECHECK_ASSIGN_OR_RETURN(line.device, IntOr(device, "device", "config.devices"));
          line.bus_id = device.value("device_hex", "");
          line.model = device.value("device_info", "");
          AppendNcclRank(line, document.ranks);
        }
      }
    }
    const auto results = top.find("results");
    if (results == top.end() || !results->is_array()) return Error("results", "is missing or not a list");
    const int ranks = static_cast<int>(document.ranks.size());
    for (size_t i = 0; i < results->size(); ++i) {
      SPINECHECK_ASSIGN_OR_RETURN(CollectiveRow row,
                                  Row((*results)[i], collective, ranks, absl::StrCat("results[", i, "]")));
      document.collective_rows.push_back(std::move(row));
    }
    if (document.collective_rows.empty()) return Error("results", "holds no rows");
    FinishNcclImport(document, {});
    return document;
  }

 private:
  const std::string& file_;
  int line_;
};

}  // namespace

absl::StatusOr<RunDocument> ImportNcclTestsJson(absl::string_view text, int first_line, const std::string& file) {
  json top;
  try {
    top = json::parse(text.begin(), text.end());
  } catch (const json::exception& error) {
    int line = first_line;
    if (const auto* parse_error = dynamic_cast<const json::parse_error*>(&error); parse_error != nullptr) {
      const size_t end = std::min<size_t>(parse_error->byte, text.size());
      line += static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
    }
    return LineError(file, line, absl::StrCat("not valid nccl-tests JSON: ", error.what()));
  }
  try {
    return NcclJsonReader(file, first_line).Read(top);
  } catch (const json::exception& error) {  // value() of a key with another type
    return LineError(file, first_line, absl::StrCat("nccl-tests JSON value of the wrong type: ", error.what()));
  }
}

}  // namespace spinecheck::importers

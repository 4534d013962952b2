#include "reports/baseline/baseline_json.h"

#include <fstream>
#include <sstream>

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "reports/model/status_macros.h"

namespace spinecheck {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Reads typed members of one JSON file; every error names the file and the
// JSON pointer of the offending value.
class Reader {
 public:
  explicit Reader(absl::string_view path) : path_(path) {}

  absl::Status Error(const std::string& pointer, absl::string_view reason) const {
    return absl::InvalidArgumentError(absl::StrCat(path_, ": ", pointer.empty() ? "(root)" : pointer, ": ", reason));
  }

  absl::StatusOr<const json*> Member(const json& object, const std::string& pointer, const char* name,
                                     json::value_t type) const {
    const auto it = object.find(name);
    const std::string at = absl::StrCat(pointer, "/", name);
    if (it == object.end()) return Error(at, "missing");
    const bool ok = type == json::value_t::number_float ? it->is_number()
                    : type == json::value_t::number_unsigned ? it->is_number_unsigned()
                    : type == json::value_t::number_integer  ? it->is_number_integer()
                                                              : it->type() == type;
    if (!ok) return Error(at, absl::StrCat("expected ", TypeName(type), ", found ", it->type_name()));
    return &*it;
  }

  absl::StatusOr<std::string> String(const json& object, const std::string& pointer, const char* name) const {
    SPINECHECK_ASSIGN_OR_RETURN(const json* value, Member(object, pointer, name, json::value_t::string));
    return value->get<std::string>();
  }

  absl::StatusOr<double> Number(const json& object, const std::string& pointer, const char* name) const {
    SPINECHECK_ASSIGN_OR_RETURN(const json* value, Member(object, pointer, name, json::value_t::number_float));
    const double number = value->get<double>();
    if (!std::isfinite(number)) return Error(absl::StrCat(pointer, "/", name), "not a finite number");
    return number;
  }

  absl::StatusOr<uint64_t> Unsigned(const json& object, const std::string& pointer, const char* name) const {
    SPINECHECK_ASSIGN_OR_RETURN(const json* value,
                                Member(object, pointer, name, json::value_t::number_unsigned));
    return value->get<uint64_t>();
  }

  absl::StatusOr<int> Count(const json& object, const std::string& pointer, const char* name) const {
    SPINECHECK_ASSIGN_OR_RETURN(uint64_t value, Unsigned(object, pointer, name));
    if (value > INT32_MAX) return Error(absl::StrCat(pointer, "/", name), "too large");
    return static_cast<int>(value);
  }

 private:
  static const char* TypeName(json::value_t type) {
    switch (type) {
      case json::value_t::string: return "a string";
      case json::value_t::array: return "an array";
      case json::value_t::object: return "an object";
      case json::value_t::number_unsigned: return "a non-negative integer";
      case json::value_t::number_integer: return "an integer";
      default: return "a number";
    }
  }

  std::string path_;
};

absl::StatusOr<BaselineValue> ParseValue(const Reader& reader, const json& object, const std::string& at) {
  if (!object.is_object()) return reader.Error(at, absl::StrCat("expected an object, found ", object.type_name()));
  BaselineValue value;
  SPINECHECK_ASSIGN_OR_RETURN(value.check, reader.String(object, at, "check"));
  SPINECHECK_ASSIGN_OR_RETURN(value.key, reader.String(object, at, "key"));
  SPINECHECK_ASSIGN_OR_RETURN(value.ranks, reader.Count(object, at, "ranks"));
  SPINECHECK_ASSIGN_OR_RETURN(value.size_bytes, reader.Unsigned(object, at, "size_bytes"));
  SPINECHECK_ASSIGN_OR_RETURN(value.metric, reader.String(object, at, "metric"));
  SPINECHECK_ASSIGN_OR_RETURN(value.unit, reader.String(object, at, "unit"));
  SPINECHECK_ASSIGN_OR_RETURN(value.expected, reader.Number(object, at, "expected"));
  SPINECHECK_ASSIGN_OR_RETURN(value.low, reader.Number(object, at, "low"));
  SPINECHECK_ASSIGN_OR_RETURN(value.high, reader.Number(object, at, "high"));
  SPINECHECK_ASSIGN_OR_RETURN(value.runs, reader.Count(object, at, "runs"));
  if (!(value.low <= value.expected && value.expected <= value.high)) {
    return reader.Error(at, absl::StrCat("band does not hold: low ", value.low, " <= expected ", value.expected,
                                         " <= high ", value.high));
  }
  if (value.runs < 1) return reader.Error(absl::StrCat(at, "/runs"), "must be at least 1");
  return value;
}

absl::StatusOr<PlatformBaseline> ParsePlatform(const Reader& reader, const json& object, const std::string& at) {
  if (!object.is_object()) return reader.Error(at, absl::StrCat("expected an object, found ", object.type_name()));
  PlatformBaseline platform;
  SPINECHECK_ASSIGN_OR_RETURN(platform.platform, reader.String(object, at, "platform"));
  SPINECHECK_ASSIGN_OR_RETURN(const json* sources, reader.Member(object, at, "sources", json::value_t::array));
  for (size_t i = 0; i < sources->size(); ++i) {
    const json& source = (*sources)[i];
    if (!source.is_string()) {
      return reader.Error(absl::StrCat(at, "/sources/", i), absl::StrCat("expected a string, found ", source.type_name()));
    }
    platform.sources.push_back(source.get<std::string>());
  }
  SPINECHECK_ASSIGN_OR_RETURN(const json* values, reader.Member(object, at, "values", json::value_t::array));
  for (size_t i = 0; i < values->size(); ++i) {
    SPINECHECK_ASSIGN_OR_RETURN(BaselineValue value, ParseValue(reader, (*values)[i], absl::StrCat(at, "/values/", i)));
    platform.values.push_back(std::move(value));
  }
  return platform;
}

}  // namespace

std::string RenderBaselineJson(const Baseline& baseline) {
  ordered_json root;
  root["schema"] = baseline.schema;
  root["created"] = baseline.created;
  root["platforms"] = ordered_json::array();
  for (const PlatformBaseline& platform : baseline.platforms) {
    ordered_json entry;
    entry["platform"] = platform.platform;
    entry["sources"] = platform.sources;
    entry["values"] = ordered_json::array();
    for (const BaselineValue& value : platform.values) {
      entry["values"].push_back(ordered_json{{"check", value.check},
                                             {"key", value.key},
                                             {"ranks", value.ranks},
                                             {"size_bytes", value.size_bytes},
                                             {"metric", value.metric},
                                             {"unit", value.unit},
                                             {"expected", value.expected},
                                             {"low", value.low},
                                             {"high", value.high},
                                             {"runs", value.runs}});
    }
    root["platforms"].push_back(std::move(entry));
  }
  // Replace, not throw, on invalid UTF-8 (a model or file name from a broken input).
  return root.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

absl::StatusOr<Baseline> ReadBaselineFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot be read (missing, or not readable)"));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseBaseline(text.str(), path);
}

absl::StatusOr<Baseline> ParseBaseline(absl::string_view text, absl::string_view path) {
  const Reader reader(path);
  json root;
  try {
    root = json::parse(text.begin(), text.end());
  } catch (const json::exception& error) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": invalid JSON: ", error.what()));
  }
  if (!root.is_object()) return reader.Error("", absl::StrCat("expected an object, found ", root.type_name()));
  Baseline baseline;
  SPINECHECK_ASSIGN_OR_RETURN(baseline.schema, reader.String(root, "", "schema"));
  if (baseline.schema != kBaselineSchema) {
    return reader.Error("/schema", absl::StrCat("\"", baseline.schema, "\" is not a baseline schema this spinecheck reads (",
                                                kBaselineSchema, ")"));
  }
  SPINECHECK_ASSIGN_OR_RETURN(baseline.created, reader.String(root, "", "created"));
  SPINECHECK_ASSIGN_OR_RETURN(const json* platforms, reader.Member(root, "", "platforms", json::value_t::array));
  for (size_t i = 0; i < platforms->size(); ++i) {
    SPINECHECK_ASSIGN_OR_RETURN(PlatformBaseline platform,
                                ParsePlatform(reader, (*platforms)[i], absl::StrCat("/platforms/", i)));
    if (baseline.Find(platform.platform) != nullptr) {
      return reader.Error(absl::StrCat("/platforms/", i, "/platform"),
                          absl::StrCat("platform \"", platform.platform, "\" appears twice"));
    }
    baseline.platforms.push_back(std::move(platform));
  }
  return baseline;
}

}  // namespace spinecheck

#include "reports/json/json_read.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace spinecheck {
namespace {

using Json = nlohmann::ordered_json;

// The Debian abseil's string_view is its own type.
absl::string_view View(std::string_view text) { return absl::string_view(text.data(), text.size()); }

// How a value's type is named in "expected X, got Y".
std::string TypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::string:
      return "string";
    case Json::value_t::array:
      return "array";
    case Json::value_t::object:
      return "object";
    case Json::value_t::number_float:
      return "number";
    case Json::value_t::number_integer:
      return value.get<int64_t>() < 0 ? "negative integer" : "integer";
    case Json::value_t::number_unsigned:
      return "integer";
    default:
      return "binary";
  }
}

// The value as a signed 64-bit integer; throws naming `expected` otherwise.
int64_t SignedInteger(const Json& value, std::string_view expected) {
  if (value.is_number_unsigned()) {
    const uint64_t number = value.get<uint64_t>();
    if (number > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      throw JsonReadError(absl::StrCat("expected ", View(expected), ", got ", number, " (out of range)"));
    }
    return static_cast<int64_t>(number);
  }
  if (value.is_number_integer()) return value.get<int64_t>();
  ThrowExpected(value, expected);
}

}  // namespace

void JsonReadError::AddParent(std::string_view key) {
  pointer_ = absl::StrCat("/", absl::StrReplaceAll(View(key), {{"~", "~0"}, {"/", "~1"}}), pointer_);
}

void JsonReadError::AddParent(size_t index) { pointer_ = absl::StrCat("/", index, pointer_); }

std::string JsonReadError::Describe() const {
  return absl::StrCat(pointer_.empty() ? "the top level" : pointer_, ": ", message_);
}

void ThrowExpected(const Json& value, std::string_view expected) {
  throw JsonReadError(absl::StrCat("expected ", View(expected), ", got ", TypeName(value)));
}

void RequireJsonObject(const Json& value) {
  if (!value.is_object()) ThrowExpected(value, "an object");
}

void ReadJsonValue(const Json& value, std::string& out) {
  if (!value.is_string()) ThrowExpected(value, "a string");
  out = value.get<std::string>();
}

void ReadJsonValue(const Json& value, bool& out) {
  if (!value.is_boolean()) ThrowExpected(value, "a boolean");
  out = value.get<bool>();
}

void ReadJsonValue(const Json& value, int& out) {
  const int64_t number = SignedInteger(value, "an integer");
  if (number < std::numeric_limits<int>::min() || number > std::numeric_limits<int>::max()) {
    throw JsonReadError(absl::StrCat("expected a 32-bit integer, got ", number, " (out of range)"));
  }
  out = static_cast<int>(number);
}

void ReadJsonValue(const Json& value, int64_t& out) { out = SignedInteger(value, "an integer"); }

void ReadJsonValue(const Json& value, uint64_t& out) {
  if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<int64_t>() >= 0)) {
    ThrowExpected(value, "an unsigned integer");
  }
  out = value.get<uint64_t>();
}

void ReadJsonValue(const Json& value, double& out) {
  if (value.is_number()) {
    out = value.get<double>();
  } else if (value.is_null()) {
    out = std::numeric_limits<double>::quiet_NaN();
  } else {
    ThrowExpected(value, "a number");
  }
}

void ReadJsonValue(const Json& value, std::optional<int64_t>& out) {
  if (value.is_null()) {
    out = std::nullopt;
  } else {
    out = SignedInteger(value, "an integer or null");
  }
}

void ReadJsonValue(const Json& value, std::map<std::string, std::string>& out) {
  std::map<std::string, std::string> values;
  ReadEachMember(value, [&](const std::string& key, const Json& member) { ReadJsonValue(member, values[key]); });
  out = std::move(values);
}

}  // namespace spinecheck

#include "reports/readers/json_node.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace spinecheck::json_reader_internal {
namespace {

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

}  // namespace

void ReadErrors::Fail(absl::string_view pointer, absl::string_view message) {
  if (failed()) return;
  status_ = absl::InvalidArgumentError(
      absl::StrCat(source_name_, ": ", pointer.empty() ? "the top level" : pointer, ": ", message));
}

JsonNode JsonNode::operator[](const std::string& key) const {
  if (!IsPresentObject()) return JsonNode(nullptr, ChildPointer(key), *errors_);
  const auto member = value_->find(key);
  return JsonNode(member == value_->end() ? nullptr : &*member, ChildPointer(key), *errors_);
}

JsonNode JsonNode::Element(size_t index) const {
  const Json* element = value_ != nullptr && value_->is_array() && index < value_->size() ? &(*value_)[index] : nullptr;
  return JsonNode(element, absl::StrCat(pointer_, "/", index), *errors_);
}

void JsonNode::FailType(absl::string_view expected) const {
  Fail(absl::StrCat("expected ", expected, ", got ", value_ == nullptr ? "nothing" : TypeName(*value_)));
}

bool JsonNode::IsPresentArray() const {
  if (value_ == nullptr || failed()) return false;
  if (value_->is_array()) return true;
  FailType("an array");
  return false;
}

bool JsonNode::IsPresentObject() const {
  if (value_ == nullptr || failed()) return false;
  if (value_->is_object()) return true;
  FailType("an object");
  return false;
}

std::string JsonNode::ChildPointer(const std::string& key) const {
  // RFC 6901: "~" and "/" in a key are escaped.
  return absl::StrCat(pointer_, "/", absl::StrReplaceAll(key, {{"~", "~0"}, {"/", "~1"}}));
}

std::optional<int64_t> JsonNode::Integer(absl::string_view expected) const {
  if (value_->is_number_unsigned()) {
    if (value_->get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return value_->get<int64_t>();
    }
    Fail(absl::StrCat("expected ", expected, ", got ", value_->get<uint64_t>(), " (out of range)"));
    return std::nullopt;
  }
  if (value_->is_number_integer()) return value_->get<int64_t>();
  FailType(expected);
  return std::nullopt;
}

void JsonNode::To(std::string& out) const {
  if (value_ == nullptr || failed()) return;
  if (value_->is_string()) {
    out = value_->get<std::string>();
  } else {
    FailType("a string");
  }
}

void JsonNode::To(bool& out) const {
  if (value_ == nullptr || failed()) return;
  if (value_->is_boolean()) {
    out = value_->get<bool>();
  } else {
    FailType("a boolean");
  }
}

void JsonNode::To(int& out) const {
  if (value_ == nullptr || failed()) return;
  const std::optional<int64_t> value = Integer("an integer");
  if (!value.has_value()) return;
  if (*value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max()) {
    Fail(absl::StrCat("expected a 32-bit integer, got ", *value, " (out of range)"));
    return;
  }
  out = static_cast<int>(*value);
}

void JsonNode::To(int64_t& out) const {
  if (value_ == nullptr || failed()) return;
  const std::optional<int64_t> value = Integer("an integer");
  if (value.has_value()) out = *value;
}

void JsonNode::To(uint64_t& out) const {
  if (value_ == nullptr || failed()) return;
  if (value_->is_number_unsigned() || (value_->is_number_integer() && value_->get<int64_t>() >= 0)) {
    out = value_->get<uint64_t>();
  } else {
    FailType("an unsigned integer");
  }
}

void JsonNode::To(double& out) const {
  if (value_ == nullptr || failed()) return;
  if (value_->is_number()) {
    out = value_->get<double>();
  } else if (value_->is_null()) {
    out = std::numeric_limits<double>::quiet_NaN();
  } else {
    FailType("a number");
  }
}

void JsonNode::To(std::optional<int64_t>& out) const {
  if (value_ == nullptr || failed()) return;
  if (value_->is_null()) {
    out = std::nullopt;
    return;
  }
  const std::optional<int64_t> value = Integer("an integer or null");
  if (value.has_value()) out = value;
}

void JsonNode::To(std::map<std::string, std::string>& out) const {
  std::map<std::string, std::string> values;
  ForEachMember([&](const std::string& key, const JsonNode& member) { member.To(values[key]); });
  if (value_ != nullptr && !failed()) out = std::move(values);
}

}  // namespace spinecheck::json_reader_internal

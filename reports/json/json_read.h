// Reading outside JSON into the model: the one reading style that every
// from_json of reports/json uses.
//
// Contract: a member that is absent leaves its field unchanged (the model's
// default; docs/schema.md, Versioning); unknown members are never looked at;
// a value of another type, or an integer that does not fit its field, throws
// JsonReadError naming the value by its RFC 6901 pointer, built as the error
// unwinds ("/results/3/size_bytes: expected an unsigned integer, got
// string"). Nothing else is thrown: nlohmann's own conversions, which cast
// out-of-range numbers (undefined behaviour), are never reached.
#ifndef SPINECHECK_REPORTS_JSON_JSON_READ_H_
#define SPINECHECK_REPORTS_JSON_JSON_READ_H_

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace spinecheck {

// A value that is not what the model expects: where, and what is wrong.
class JsonReadError : public std::runtime_error {
 public:
  explicit JsonReadError(std::string message) : std::runtime_error(message), message_(std::move(message)) {}

  // "" for the value the read started from; otherwise "/key/3/...".
  const std::string& pointer() const { return pointer_; }
  const std::string& message() const { return message_; }
  // Puts one member name (escaped as RFC 6901 says) or array index in front.
  void AddParent(std::string_view key);
  void AddParent(size_t index);
  // "POINTER: MESSAGE", the pointer "the top level" when empty.
  std::string Describe() const;

 private:
  std::string pointer_;
  std::string message_;
};

// Throws JsonReadError "expected EXPECTED, got <the type of value>".
[[noreturn]] void ThrowExpected(const nlohmann::ordered_json& value, std::string_view expected);

// Typed reads of one value; each throws JsonReadError on another type.
void ReadJsonValue(const nlohmann::ordered_json& value, std::string& out);
void ReadJsonValue(const nlohmann::ordered_json& value, bool& out);
void ReadJsonValue(const nlohmann::ordered_json& value, int& out);
void ReadJsonValue(const nlohmann::ordered_json& value, int64_t& out);
void ReadJsonValue(const nlohmann::ordered_json& value, uint64_t& out);
// A number, or null for NaN (the writers render a non-finite double as null).
void ReadJsonValue(const nlohmann::ordered_json& value, double& out);
// An integer, or null for "not measured" (nullopt).
void ReadJsonValue(const nlohmann::ordered_json& value, std::optional<int64_t>& out);
// An object of strings.
void ReadJsonValue(const nlohmann::ordered_json& value, std::map<std::string, std::string>& out);

// A model struct: its from_json, found by argument-dependent lookup.
template <typename T>
  requires std::is_class_v<T>
void ReadJsonValue(const nlohmann::ordered_json& value, T& out) {
  from_json(value, out);
}

// An array, each element read as T; replaces `out`.
template <typename T>
void ReadJsonValue(const nlohmann::ordered_json& value, std::vector<T>& out) {
  if (!value.is_array()) ThrowExpected(value, "an array");
  std::vector<T> elements(value.size());
  for (size_t i = 0; i < elements.size(); ++i) {
    try {
      ReadJsonValue(value[i], elements[i]);
    } catch (JsonReadError& error) {
      error.AddParent(i);
      throw;
    }
  }
  out = std::move(elements);
}

// Throws unless `value` is an object.
void RequireJsonObject(const nlohmann::ordered_json& value);

// Calls read(member) for member `key` of `object` when it is present: a
// nested object that has no struct of its own ({"ecc": {...}}).
template <typename Fn>
void ReadMemberWith(const nlohmann::ordered_json& object, std::string_view key, Fn read) {
  RequireJsonObject(object);
  const auto member = object.find(key);
  if (member == object.end()) return;
  try {
    read(*member);
  } catch (JsonReadError& error) {
    error.AddParent(key);
    throw;
  }
}

// Reads member `key` of the object `object` into `out` when it is present.
template <typename T>
void ReadMember(const nlohmann::ordered_json& object, std::string_view key, T& out) {
  ReadMemberWith(object, key, [&out](const nlohmann::ordered_json& member) { ReadJsonValue(member, out); });
}

// Calls read(element) for each element of the array `array`.
template <typename Fn>
void ReadEachElement(const nlohmann::ordered_json& array, Fn read) {
  if (!array.is_array()) ThrowExpected(array, "an array");
  for (size_t i = 0; i < array.size(); ++i) {
    try {
      read(array[i]);
    } catch (JsonReadError& error) {
      error.AddParent(i);
      throw;
    }
  }
}

// Calls read(key, member) for each member of the object `object`, in the
// document's order.
template <typename Fn>
void ReadEachMember(const nlohmann::ordered_json& object, Fn read) {
  RequireJsonObject(object);
  for (const auto& [key, member] : object.items()) {
    try {
      read(key, member);
    } catch (JsonReadError& error) {
      error.AddParent(key);
      throw;
    }
  }
}

// Member `key`, a name that `parse` (absl::StatusOr<Enum>(absl::string_view))
// turns into `out`: an enum of the model (Severity, BurnStatus ...); a name
// `parse` rejects is an error with its message.
template <typename Enum, typename Parse>
void ReadNamedMember(const nlohmann::ordered_json& object, std::string_view key, Enum& out, Parse parse) {
  ReadMemberWith(object, key, [&](const nlohmann::ordered_json& value) {
    std::string name;
    ReadJsonValue(value, name);
    auto parsed = parse(name);
    if (!parsed.ok()) throw JsonReadError(std::string(parsed.status().message()));
    out = *parsed;
  });
}

// null for an empty optional, the value otherwise.
template <typename T>
nlohmann::ordered_json JsonOrNull(const std::optional<T>& value) {
  return value.has_value() ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_JSON_JSON_READ_H_

// Typed, exception-free access to a parsed result document (internal to
// reports/readers). Every read names the value it looks at by its JSON
// pointer, so that the first wrong value is reported as
//   "run.json: /results/3/size_bytes: expected an unsigned integer, got string".
//
// Contract of every To(): an absent member leaves `out` unchanged (the
// model's default); a value of another type records an error and leaves
// `out` unchanged; after the first error every later read does nothing.
// Unknown members are never looked at (docs/schema.md, Versioning).
#ifndef SPINECHECK_REPORTS_READERS_JSON_NODE_H_
#define SPINECHECK_REPORTS_READERS_JSON_NODE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace spinecheck::json_reader_internal {

using Json = nlohmann::ordered_json;

// The first error met while reading one document.
class ReadErrors {
 public:
  explicit ReadErrors(absl::string_view source_name) : source_name_(source_name) {}

  // Records "SOURCE: POINTER: message" unless an error was recorded before.
  void Fail(absl::string_view pointer, absl::string_view message);
  bool failed() const { return !status_.ok(); }
  // OK, or kInvalidArgument with the first message.
  const absl::Status& status() const { return status_; }

 private:
  std::string source_name_;
  absl::Status status_;
};

// One value of the document (or an absent member) and its JSON pointer.
// Holds references: the Json and the ReadErrors must outlive it.
class JsonNode {
 public:
  // `value` may be null: the member is absent.
  JsonNode(const Json* value, std::string pointer, ReadErrors& errors)
      : value_(value), pointer_(std::move(pointer)), errors_(&errors) {}

  // Member `key` of this object. Absent when this node is absent or has no
  // such member; a present node that is not an object is reported.
  JsonNode operator[](const std::string& key) const;

  bool absent() const { return value_ == nullptr; }
  bool is_null() const { return value_ != nullptr && value_->is_null(); }
  const std::string& pointer() const { return pointer_; }
  bool failed() const { return errors_->failed(); }

  // Records `message` at this node's pointer.
  void Fail(absl::string_view message) const { errors_->Fail(pointer_, message); }
  // Records "expected EXPECTED, got <this value's type>".
  void FailType(absl::string_view expected) const;

  void To(std::string& out) const;
  void To(bool& out) const;
  void To(int& out) const;
  void To(int64_t& out) const;
  void To(uint64_t& out) const;
  // A number, or null for NaN (the writer renders non-finite doubles as null).
  void To(double& out) const;
  // An integer, or null for "not measured" (nullopt).
  void To(std::optional<int64_t>& out) const;
  // An object of strings.
  void To(std::map<std::string, std::string>& out) const;
  // An array; each element read with the To() of T. Replaces `out`.
  template <typename T>
  void To(std::vector<T>& out) const {
    if (!IsPresentArray()) return;
    std::vector<T> values(value_->size());
    for (size_t i = 0; i < values.size() && !failed(); ++i) Element(i).To(values[i]);
    if (!failed()) out = std::move(values);
  }

  // Calls fn(element) for each element of an array, until an error.
  template <typename Fn>
  void ForEach(Fn fn) const {
    if (!IsPresentArray()) return;
    for (size_t i = 0; i < value_->size() && !failed(); ++i) fn(Element(i));
  }
  // Like ForEach, appending one T per element read with fn(element, T&).
  template <typename T, typename Fn>
  void AppendEach(std::vector<T>& out, Fn fn) const {
    ForEach([&](const JsonNode& element) {
      T value;
      fn(element, value);
      out.push_back(std::move(value));
    });
  }
  // Calls fn(key, member) for each member of an object, in document order.
  template <typename Fn>
  void ForEachMember(Fn fn) const {
    if (!IsPresentObject()) return;
    for (const auto& [key, member] : value_->items()) {
      if (failed()) return;
      fn(key, JsonNode(&member, ChildPointer(key), *errors_));
    }
  }

  // The JSON value itself (present nodes only).
  const Json& json() const { return *value_; }
  size_t size() const { return value_ == nullptr ? 0 : value_->size(); }
  JsonNode Element(size_t index) const;

 private:
  // True when present, of the type; reports a present value of another type.
  bool IsPresentArray() const;
  bool IsPresentObject() const;
  std::string ChildPointer(const std::string& key) const;
  // The integer value, or an error recorded with `expected`.
  std::optional<int64_t> Integer(absl::string_view expected) const;

  const Json* value_;
  std::string pointer_;
  ReadErrors* errors_;
};

}  // namespace spinecheck::json_reader_internal

#endif  // SPINECHECK_REPORTS_READERS_JSON_NODE_H_

// A struct's JSON members named once, for both directions: a tuple of
// JsonField {key, &Struct::member} that WriteFields turns into members of an
// object (in the tuple's order) and ReadFields reads back with ReadMember
// (reports/json/json_read.h: absent members keep their defaults).
//
//   const auto kStatsFields = std::make_tuple(Field("samples", &TimingStats::samples), ...);
//   void to_json(Json& json, const TimingStats& s) { WriteFields(json, s, kStatsFields); }
//   void from_json(const Json& json, TimingStats& s) { ReadFields(json, s, kStatsFields); }
//
// An optional member is written as null when empty. An enum member is a
// NamedField with the enum's Name and Parse functions; a nested object of
// members of the same struct is an ObjectField ({"ecc": {...}}); anything
// else is a CustomField with its own write and read functions.
#ifndef SPINECHECK_REPORTS_JSON_JSON_FIELDS_H_
#define SPINECHECK_REPORTS_JSON_JSON_FIELDS_H_

#include <optional>
#include <tuple>

#include <nlohmann/json.hpp>

#include "reports/json/json_read.h"

namespace spinecheck {

template <typename Struct, typename Member>
struct JsonField {
  const char* key;
  Member Struct::*member;
};

template <typename Struct, typename Enum, typename NameFn, typename ParseFn>
struct JsonNamedField {
  const char* key;
  Enum Struct::*member;
  NameFn name;    // absl::string_view(Enum)
  ParseFn parse;  // absl::StatusOr<Enum>(absl::string_view)
};

template <typename Fields>
struct JsonObjectField {
  const char* key;
  Fields fields;  // a tuple of fields of the same struct
};

template <typename WriteFn, typename ReadFn>
struct JsonCustomField {
  const char* key;
  WriteFn write;  // nlohmann::ordered_json(const Struct&)
  ReadFn read;    // void(const nlohmann::ordered_json&, Struct&); throws JsonReadError
};

template <typename Struct, typename Member>
constexpr JsonField<Struct, Member> Field(const char* key, Member Struct::*member) {
  return {key, member};
}

template <typename Struct, typename Enum, typename NameFn, typename ParseFn>
constexpr JsonNamedField<Struct, Enum, NameFn, ParseFn> NamedField(const char* key, Enum Struct::*member, NameFn name,
                                                                   ParseFn parse) {
  return {key, member, name, parse};
}

template <typename... Fields>
constexpr JsonObjectField<std::tuple<Fields...>> ObjectField(const char* key, std::tuple<Fields...> fields) {
  return {key, fields};
}

template <typename WriteFn, typename ReadFn>
constexpr JsonCustomField<WriteFn, ReadFn> CustomField(const char* key, WriteFn write, ReadFn read) {
  return {key, write, read};
}

template <typename Struct, typename... Fields>
void WriteFields(nlohmann::ordered_json& json, const Struct& value, const std::tuple<Fields...>& fields);
template <typename Struct, typename... Fields>
void ReadFields(const nlohmann::ordered_json& json, Struct& value, const std::tuple<Fields...>& fields);

template <typename Struct, typename Member>
void WriteField(nlohmann::ordered_json& json, const Struct& value, const JsonField<Struct, Member>& field) {
  json[field.key] = value.*field.member;
}

template <typename Struct, typename Member>
void WriteField(nlohmann::ordered_json& json, const Struct& value,
                const JsonField<Struct, std::optional<Member>>& field) {
  json[field.key] = JsonOrNull(value.*field.member);
}

template <typename Struct, typename Enum, typename NameFn, typename ParseFn>
void WriteField(nlohmann::ordered_json& json, const Struct& value,
                const JsonNamedField<Struct, Enum, NameFn, ParseFn>& field) {
  json[field.key] = field.name(value.*field.member);
}

template <typename Struct, typename Fields>
void WriteField(nlohmann::ordered_json& json, const Struct& value, const JsonObjectField<Fields>& field) {
  WriteFields(json[field.key], value, field.fields);
}

template <typename Struct, typename WriteFn, typename ReadFn>
void WriteField(nlohmann::ordered_json& json, const Struct& value, const JsonCustomField<WriteFn, ReadFn>& field) {
  json[field.key] = field.write(value);
}

template <typename Struct, typename Member>
void ReadField(const nlohmann::ordered_json& json, Struct& value, const JsonField<Struct, Member>& field) {
  ReadMember(json, field.key, value.*field.member);
}

template <typename Struct, typename Enum, typename NameFn, typename ParseFn>
void ReadField(const nlohmann::ordered_json& json, Struct& value,
               const JsonNamedField<Struct, Enum, NameFn, ParseFn>& field) {
  ReadNamedMember(json, field.key, value.*field.member, field.parse);
}

template <typename Struct, typename Fields>
void ReadField(const nlohmann::ordered_json& json, Struct& value, const JsonObjectField<Fields>& field) {
  ReadMemberWith(json, field.key, [&](const nlohmann::ordered_json& object) { ReadFields(object, value, field.fields); });
}

template <typename Struct, typename WriteFn, typename ReadFn>
void ReadField(const nlohmann::ordered_json& json, Struct& value, const JsonCustomField<WriteFn, ReadFn>& field) {
  ReadMemberWith(json, field.key, [&](const nlohmann::ordered_json& member) { field.read(member, value); });
}

// Appends the members `fields` name to `json` (made an object if it is not one).
template <typename Struct, typename... Fields>
void WriteFields(nlohmann::ordered_json& json, const Struct& value, const std::tuple<Fields...>& fields) {
  if (!json.is_object()) json = nlohmann::ordered_json::object();
  std::apply([&](const auto&... field) { (WriteField(json, value, field), ...); }, fields);
}

// Reads the members `fields` name from the object `json`.
template <typename Struct, typename... Fields>
void ReadFields(const nlohmann::ordered_json& json, Struct& value, const std::tuple<Fields...>& fields) {
  RequireJsonObject(json);
  std::apply([&](const auto&... field) { (ReadField(json, value, field), ...); }, fields);
}

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_JSON_JSON_FIELDS_H_

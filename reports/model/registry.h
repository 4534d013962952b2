// Registry<T>: an explicit, name-keyed registry of built-in implementations.
//
// Registration happens in plain functions (RegisterBuiltinCollectives, ...),
// never through static initialisers, so what is registered is visible in the
// code. Duplicate names are rejected; looking up an unknown name answers
// with the list of known ones.
#ifndef SPINECHECK_REPORTS_MODEL_REGISTRY_H_
#define SPINECHECK_REPORTS_MODEL_REGISTRY_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace spinecheck {

template <typename T>
class Registry {
 public:
  // `what` names the kind of entry in messages: "collective", "check".
  explicit Registry(std::string what) : what_(std::move(what)) {}

  absl::Status Register(std::string name, std::unique_ptr<T> entry) {
    if (Find(name) != nullptr) {
      return absl::AlreadyExistsError(absl::StrCat(what_, " '", name, "' is already registered"));
    }
    entries_.emplace_back(std::move(name), std::move(entry));
    return absl::OkStatus();
  }

  // The entry named `name`, or nullptr.
  const T* Find(absl::string_view name) const {
    for (const auto& [entry_name, entry] : entries_) {
      if (entry_name == name) return entry.get();
    }
    return nullptr;
  }

  // The entry named `name`, or NotFound listing the known names.
  absl::StatusOr<const T*> Get(absl::string_view name) const {
    if (const T* entry = Find(name)) return entry;
    return absl::NotFoundError(absl::StrCat("unknown ", what_, " '", name, "'; known: ", absl::StrJoin(Names(), ", ")));
  }

  // The entries a list names: "all" (every entry, in registration order) or
  // names separated by commas (spaces around a name ignored), in the list's
  // order. kNotFound for an unknown name (listing the known ones),
  // kInvalidArgument for a list that names nothing.
  absl::StatusOr<std::vector<const T*>> Select(absl::string_view list) const {
    std::vector<const T*> selected;
    if (list == "all") {
      for (const auto& [name, entry] : entries_) selected.push_back(entry.get());
      return selected;
    }
    for (absl::string_view name : absl::StrSplit(list, ',')) {
      name = absl::StripAsciiWhitespace(name);
      if (name.empty()) continue;
      absl::StatusOr<const T*> entry = Get(name);
      if (!entry.ok()) return entry.status();
      selected.push_back(*entry);
    }
    if (selected.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("no ", what_, " named: give 'all' or names from ",
                                                     absl::StrJoin(Names(), ", ")));
    }
    return selected;
  }

  // Names in registration order.
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const auto& [name, entry] : entries_) names.push_back(name);
    return names;
  }

 private:
  std::string what_;
  std::vector<std::pair<std::string, std::unique_ptr<T>>> entries_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_MODEL_REGISTRY_H_

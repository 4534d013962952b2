// topology.conf parser. Hand-written: Slurm's own parser (s_p_hashtbl) is
// internal to libslurm; the format is one record per line of Key=Value
// words, which a few lines of splitting cover.
#include "topology/fabric/slurm_conf.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "reports/model/status_macros.h"
#include "topology/fabric/hostlist.h"
#include "topology/fabric/map_builder.h"
#include "topology/fabric/parse_error.h"

namespace spinecheck {
namespace {

// One Key=Value word of a line; columns are 1-based.
struct Word {
  std::string key;  // as written
  std::string value;
  size_t column = 0;
  size_t value_column = 0;
};

// One logical line (continuations joined): its words and first line number.
struct Record {
  size_t line = 0;
  std::vector<Word> words;
};

absl::StatusOr<std::vector<Record>> SplitRecords(const std::string& text, const std::string& name) {
  std::vector<Record> records;
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  Record pending;
  bool continued = false;
  for (size_t index = 0; index < lines.size(); ++index) {
    absl::string_view line = lines[index];
    const size_t line_number = index + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const size_t hash = line.find('#');
    if (hash != absl::string_view::npos) line = line.substr(0, hash);
    bool continues = false;
    absl::string_view trimmed = absl::StripTrailingAsciiWhitespace(line);
    if (!trimmed.empty() && trimmed.back() == '\\') {
      continues = true;
      line = trimmed.substr(0, trimmed.size() - 1);
    }
    if (!continued) pending = Record{line_number, {}};
    size_t at = 0;
    while (at < line.size()) {
      if (absl::ascii_isspace(static_cast<unsigned char>(line[at]))) {
        ++at;
        continue;
      }
      size_t end = at;
      while (end < line.size() && !absl::ascii_isspace(static_cast<unsigned char>(line[end]))) ++end;
      const absl::string_view word = line.substr(at, end - at);
      const size_t equals = word.find('=');
      if (equals == absl::string_view::npos || equals == 0) {
        return ParseError(name, line_number, at + 1,
                          absl::StrCat("'", word, "' is not Key=Value (no spaces around '=')"));
      }
      pending.words.push_back(Word{std::string(word.substr(0, equals)), std::string(word.substr(equals + 1)), at + 1,
                                   at + equals + 2});
      at = end;
    }
    continued = continues;
    if (!continued && !pending.words.empty()) records.push_back(std::move(pending));
  }
  if (continued && !pending.words.empty()) records.push_back(std::move(pending));
  return records;
}

struct SwitchDecl {
  std::string name;
  size_t line = 0;
  std::vector<std::pair<std::string, size_t>> children;  // name, column
  std::vector<std::string> hosts;
};

class ConfParser {
 public:
  explicit ConfParser(const std::string& name) : name_(name) {}

  absl::StatusOr<ClusterMap> Parse(const std::string& text) {
    SPINECHECK_ASSIGN_OR_RETURN(std::vector<Record> records, SplitRecords(text, name_));
    for (const Record& record : records) SPINECHECK_RETURN_IF_ERROR(ParseRecord(record));
    if (decls_.empty()) {
      return ParseError(name_, 0, 0,
                        "no SwitchName= or BlockName= line: the file is empty or not a Slurm topology.conf");
    }
    return Build();
  }

 private:
  // The record's words by lower-case key; rejects keys outside `allowed`,
  // repeated keys and empty values.
  absl::StatusOr<absl::flat_hash_map<std::string, const Word*>> Keys(const Record& record,
                                                                      std::vector<std::string> allowed,
                                                                      absl::string_view what) {
    absl::flat_hash_map<std::string, const Word*> keys;
    for (const Word& word : record.words) {
      const std::string key = absl::AsciiStrToLower(word.key);
      bool known = false;
      for (const std::string& candidate : allowed) known = known || absl::AsciiStrToLower(candidate) == key;
      if (!known) {
        return ParseError(name_, record.line, word.column,
                          absl::StrCat("unknown key '", word.key, "' on a ", what, " line; allowed: ",
                                       absl::StrJoin(allowed, "=, "), "="));
      }
      if (!keys.emplace(key, &word).second) {
        return ParseError(name_, record.line, word.column, absl::StrCat("key '", word.key, "' is given twice"));
      }
      if (word.value.empty()) {
        return ParseError(name_, record.line, word.value_column, absl::StrCat("'", word.key, "=' has no value"));
      }
    }
    return keys;
  }

  absl::StatusOr<std::vector<std::string>> Hostlist(const Record& record, const Word& word) {
    size_t column = 0;
    auto names = ExpandHostlist(word.value, &column);
    if (!names.ok()) {
      return ParseError(name_, record.line, word.value_column + column,
                        absl::StrCat(word.key, "=", word.value, ": ", names.status().message()));
    }
    names_read_ += names->size();
    for (const std::string& host : *names) name_bytes_read_ += host.size();
    if (names_read_ > kMaxHostlistNames) {
      return ParseError(name_, record.line, word.value_column,
                        absl::StrCat("the file names more than ", kMaxHostlistNames, " hosts in all"));
    }
    if (name_bytes_read_ > kMaxHostlistBytes) {
      return ParseError(name_, record.line, word.value_column,
                        absl::StrCat("the file's host names take more than ", kMaxHostlistBytes >> 20, " MiB in all"));
    }
    return names;
  }

  absl::Status SetMode(const Record& record, bool tree) {
    if (mode_set_ && tree != tree_) {
      return ParseError(name_, record.line, 1,
                        absl::StrCat("tree lines (SwitchName=) and block lines (BlockName=) are mixed; "
                                     "a topology.conf describes one plugin, see line ",
                                     mode_line_));
    }
    if (!mode_set_) mode_line_ = record.line;
    mode_set_ = true;
    tree_ = tree;
    return absl::OkStatus();
  }

  absl::Status ParseRecord(const Record& record) {
    const std::string first = absl::AsciiStrToLower(record.words.front().key);
    if (first == "switchname") {
      SPINECHECK_RETURN_IF_ERROR(SetMode(record, true));
      SPINECHECK_ASSIGN_OR_RETURN(auto keys, Keys(record, {"SwitchName", "Switches", "Nodes", "LinkSpeed"}, "SwitchName"));
      SPINECHECK_RETURN_IF_ERROR(Declare(record, *keys.at("switchname")));
      SwitchDecl& decl = decls_.back();
      if (auto it = keys.find("linkspeed"); it != keys.end()) {
        double speed = 0;
        if (!absl::SimpleAtod(it->second->value, &speed) || speed < 0) {
          return ParseError(name_, record.line, it->second->value_column,
                            absl::StrCat("LinkSpeed=", it->second->value, " is not a number >= 0"));
        }
      }
      if (auto it = keys.find("switches"); it != keys.end()) {
        SPINECHECK_ASSIGN_OR_RETURN(auto children, Hostlist(record, *it->second));
        for (std::string& child : children) decl.children.emplace_back(std::move(child), it->second->value_column);
      }
      if (auto it = keys.find("nodes"); it != keys.end()) {
        SPINECHECK_ASSIGN_OR_RETURN(decl.hosts, Hostlist(record, *it->second));
        SPINECHECK_RETURN_IF_ERROR(ClaimHosts(record, *it->second, decl));
      }
      return absl::OkStatus();
    }
    if (first == "blockname") {
      SPINECHECK_RETURN_IF_ERROR(SetMode(record, false));
      SPINECHECK_ASSIGN_OR_RETURN(auto keys, Keys(record, {"BlockName", "Nodes"}, "BlockName"));
      SPINECHECK_RETURN_IF_ERROR(Declare(record, *keys.at("blockname")));
      if (auto it = keys.find("nodes"); it != keys.end()) {
        SwitchDecl& decl = decls_.back();
        SPINECHECK_ASSIGN_OR_RETURN(decl.hosts, Hostlist(record, *it->second));
        SPINECHECK_RETURN_IF_ERROR(ClaimHosts(record, *it->second, decl));
      }
      return absl::OkStatus();
    }
    if (first == "blocksizes") {
      SPINECHECK_RETURN_IF_ERROR(SetMode(record, false));
      SPINECHECK_ASSIGN_OR_RETURN(auto keys, Keys(record, {"BlockSizes"}, "BlockSizes"));
      const Word& word = *keys.at("blocksizes");
      for (absl::string_view size : absl::StrSplit(word.value, ',')) {
        int value = 0;
        if (!absl::SimpleAtoi(size, &value) || value <= 0) {
          return ParseError(name_, record.line, word.value_column,
                            absl::StrCat("BlockSizes=", word.value, ": '", size,
                                         "' is not a positive whole number"));
        }
      }
      return absl::OkStatus();
    }
    if (first == "ringname") {
      return ParseError(name_, record.line, 1,
                        "RingName= (topology/ring) orders nodes in rings and names no switches; spinecheck maps "
                        "trees and blocks: give the tree or block topology, or a CSV host,leaf[,spine]");
    }
    return ParseError(name_, record.line, record.words.front().column,
                      absl::StrCat("unknown key '", record.words.front().key,
                                   "': a topology.conf line starts with SwitchName= (topology/tree), "
                                   "BlockName= or BlockSizes= (topology/block)"));
  }

  absl::Status Declare(const Record& record, const Word& word) {
    auto [it, inserted] = decl_index_.try_emplace(word.value, decls_.size());
    if (!inserted) {
      return ParseError(name_, record.line, word.value_column,
                        absl::StrCat(word.key, "=", word.value, " is declared twice (first on line ",
                                     decls_[it->second].line, ")"));
    }
    decls_.push_back(SwitchDecl{word.value, record.line, {}, {}});
    return absl::OkStatus();
  }

  absl::Status ClaimHosts(const Record& record, const Word& word, const SwitchDecl& decl) {
    for (const std::string& host : decl.hosts) {
      auto [it, inserted] = host_owner_.try_emplace(host, decls_.size() - 1);
      if (!inserted) {
        const SwitchDecl& other = decls_[it->second];
        if (&other == &decl) {
          return ParseError(name_, record.line, word.value_column,
                            absl::StrCat("Nodes=", word.value, " lists '", host, "' twice"));
        }
        return ParseError(name_, record.line, word.value_column,
                          absl::StrCat("node '", host, "' is under '", decl.name, "' and also under '", other.name,
                                       "' (line ", other.line,
                                       "); a tree file gives each node one leaf: remove one, or import a "
                                       "multi-rail fabric from ibnetdiscover or a CSV host,leaf[,spine]"));
      }
    }
    return absl::OkStatus();
  }

  absl::StatusOr<ClusterMap> Build() {
    MapBuilder builder;
    for (const SwitchDecl& decl : decls_) builder.AddSwitch(decl.name, Where(name_, decl.line));
    for (const SwitchDecl& decl : decls_) {
      const std::string where = Where(name_, decl.line);
      for (const auto& [child, column] : decl.children) {
        if (!decl_index_.contains(child)) {
          return ParseError(name_, decl.line, column,
                            absl::StrCat("SwitchName=", decl.name, ": Switches= names unknown switch '", child,
                                         "'; declare it with its own SwitchName= line"));
        }
        builder.AddUplink(child, decl.name, 0, Where(name_, decls_[decl_index_.at(child)].line));
      }
      for (const std::string& host : decl.hosts) builder.AttachHost(host, decl.name, 0, where);
    }
    return builder.Build(absl::StrCat("slurm topology.conf (", name_, ")"));
  }

  const std::string& name_;
  std::vector<SwitchDecl> decls_;
  absl::flat_hash_map<std::string, size_t> decl_index_;
  absl::flat_hash_map<std::string, size_t> host_owner_;
  bool mode_set_ = false;
  bool tree_ = true;
  size_t mode_line_ = 0;
  size_t names_read_ = 0;       // hostlist names expanded so far (bounded by kMaxHostlistNames)
  size_t name_bytes_read_ = 0;  // and their bytes (bounded by kMaxHostlistBytes)
};

}  // namespace

absl::StatusOr<ClusterMap> ParseSlurmTopologyConf(const std::string& text, const std::string& name) {
  return ConfParser(name).Parse(text);
}

}  // namespace spinecheck

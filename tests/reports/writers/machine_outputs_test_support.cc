#include "tests/reports/writers/machine_outputs_test_support.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace spinecheck {

std::string CompareWithGolden(const std::string& name, const std::string& actual) {
  const std::string path = absl::StrCat(SPINECHECK_FIXTURES, "/machine_outputs/", name);
  const char* update = std::getenv("SPINECHECK_UPDATE_GOLDENS");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return "";
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::StrCat("cannot read ", path, " (SPINECHECK_UPDATE_GOLDENS=1 writes it)");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string expected = buffer.str();
  if (expected == actual) return "";
  const std::vector<std::string> want = absl::StrSplit(expected, '\n');
  const std::vector<std::string> got = absl::StrSplit(actual, '\n');
  for (size_t i = 0; i < want.size() || i < got.size(); ++i) {
    const std::string w = i < want.size() ? want[i] : "<end>";
    const std::string g = i < got.size() ? got[i] : "<end>";
    if (w != g) return absl::StrCat(path, " line ", i + 1, ":\n  expected: ", w, "\n  actual:   ", g);
  }
  return absl::StrCat(path, " differs");
}

namespace {

const std::regex kMetricName("[a-zA-Z_:][a-zA-Z0-9_:]*");
const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");

// Parses `name{labels} value` into its parts; returns an error or "".
std::string ParseSample(const std::string& line, std::string& name, std::string& series,
                        std::vector<std::string>& label_names) {
  size_t i = 0;
  while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
  name = line.substr(0, i);
  if (!std::regex_match(name, kMetricName)) return absl::StrCat("bad metric name '", name, "'");
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (i < line.size() && line[i] != '}') {
      size_t eq = line.find('=', i);
      if (eq == std::string::npos) return "label without '='";
      const std::string label = line.substr(i, eq - i);
      if (!std::regex_match(label, kLabelName) || label.rfind("__", 0) == 0) {
        return absl::StrCat("bad label name '", label, "'");
      }
      label_names.push_back(label);
      i = eq + 1;
      if (i >= line.size() || line[i] != '"') return "label value not quoted";
      ++i;
      while (i < line.size() && line[i] != '"') {
        if (line[i] == '\\') {
          if (i + 1 >= line.size() || (line[i + 1] != '\\' && line[i + 1] != '"' && line[i + 1] != 'n')) {
            return "bad escape in label value";
          }
          ++i;
        }
        ++i;
      }
      if (i >= line.size()) return "unterminated label value";
      ++i;
      if (i < line.size() && line[i] == ',') ++i;
    }
    if (i >= line.size()) return "unterminated label set";
    ++i;
  }
  series = line.substr(0, i);
  if (i >= line.size() || line[i] != ' ') return "no value";
  const std::string rest = line.substr(i + 1);
  if (rest.find(' ') != std::string::npos) return "a timestamp or extra field after the value";
  double value;
  if (rest != "NaN" && rest != "+Inf" && rest != "-Inf" && !absl::SimpleAtod(rest, &value)) {
    return absl::StrCat("bad value '", rest, "'");
  }
  return "";
}

}  // namespace

std::vector<std::string> ExpositionViolations(const std::string& text) {
  std::vector<std::string> violations;
  std::set<std::string> helped, typed, finished, series_seen;
  std::string current;  // family whose samples are being read
  if (!text.empty() && text.back() != '\n') violations.push_back("does not end with a newline");
  int number = 0;
  for (const std::string& line : std::vector<std::string>(absl::StrSplit(text, '\n', absl::SkipEmpty()))) {
    ++number;
    auto fail = [&](const std::string& why) { violations.push_back(absl::StrCat("line ", number, ": ", why, ": ", line)); };
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
      const std::vector<std::string> parts = absl::StrSplit(line, absl::MaxSplits(' ', 3));
      if (parts.size() < 4) {
        fail("HELP/TYPE without text");
        continue;
      }
      const std::string& family = parts[2];
      if (!std::regex_match(family, kMetricName)) fail("bad family name");
      if (finished.count(family) > 0 || (current == family && typed.count(family) > 0)) fail("HELP/TYPE after samples");
      if (parts[1] == "HELP") {
        if (!helped.insert(family).second) fail("second HELP");
      } else {
        if (helped.count(family) == 0) fail("TYPE before HELP");
        if (!typed.insert(family).second) fail("second TYPE");
        if (parts[3] != "gauge" && parts[3] != "counter" && parts[3] != "untyped" && parts[3] != "summary" &&
            parts[3] != "histogram") {
          fail("unknown type");
        }
      }
      if (!current.empty() && current != family) finished.insert(current);
      current = family;
      continue;
    }
    if (line[0] == '#') continue;
    std::string name, series;
    std::vector<std::string> labels;
    const std::string error = ParseSample(line, name, series, labels);
    if (!error.empty()) {
      fail(error);
      continue;
    }
    if (typed.count(name) == 0) fail("sample before its TYPE");
    if (finished.count(name) > 0 || name != current) fail("samples of a family not contiguous");
    if (!series_seen.insert(series).second) fail("duplicate series");
  }
  return violations;
}

std::vector<std::string> SampleLabelNames(const std::string& text) {
  std::set<std::string> names;
  for (const std::string& line : std::vector<std::string>(absl::StrSplit(text, '\n', absl::SkipEmpty()))) {
    if (line[0] == '#') continue;
    std::string name, series;
    std::vector<std::string> labels;
    ParseSample(line, name, series, labels);
    names.insert(labels.begin(), labels.end());
  }
  return {names.begin(), names.end()};
}

}  // namespace spinecheck

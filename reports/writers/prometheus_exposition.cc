#include "reports/writers/prometheus_exposition.h"

#include "absl/strings/str_cat.h"
#include "reports/writers/document_views.h"

namespace spinecheck {

void PromExposition::Declare(const std::string& name, const std::string& type, const std::string& help) {
  if (families_.count(name) > 0) return;
  order_.push_back(name);
  families_[name] = Family{type, help, {}};
}

bool PromExposition::AddSample(const std::string& name, const PromLabels& labels, double value) {
  auto family = families_.find(name);
  if (family == families_.end()) return false;
  std::string series = name;
  if (!labels.empty()) {
    series += "{";
    for (size_t i = 0; i < labels.size(); ++i) {
      absl::StrAppend(&series, i > 0 ? "," : "", labels[i].first, "=\"", EscapeLabelValue(labels[i].second), "\"");
    }
    series += "}";
  }
  if (!series_.insert(series).second) return false;
  family->second.samples.push_back(absl::StrCat(series, " ", FormatExactNumber(value)));
  return true;
}

std::string PromExposition::Render() const {
  std::string out;
  for (const std::string& name : order_) {
    const Family& family = families_.at(name);
    if (family.samples.empty()) continue;
    absl::StrAppend(&out, "# HELP ", name, " ", EscapeHelp(family.help), "\n");
    absl::StrAppend(&out, "# TYPE ", name, " ", family.type, "\n");
    for (const std::string& sample : family.samples) absl::StrAppend(&out, sample, "\n");
  }
  return out;
}

std::string PromExposition::EscapeLabelValue(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string PromExposition::EscapeHelp(const std::string& help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace spinecheck

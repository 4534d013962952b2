// The XML is written by hand: its shape is fixed and small, and the only
// subtle part, escaping, is the five entities plus numeric references for
// line breaks and tabs in attributes (which a parser would otherwise
// normalise to spaces); characters XML 1.0 cannot carry become '?'. Tests
// validate the output against the Ant schema with xmllint.
#include "reports/writers/junit_xml.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "reports/writers/document_views.h"
#include "reports/writers/junit_cases.h"
#include "reports/writers/output_file.h"

namespace spinecheck {
namespace {

// Escapes text for element content (`attribute` false) or a double-quoted
// attribute value (`attribute` true).
std::string XmlEscape(const std::string& text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      default: out += (u < 0x20 || u == 0x7f) ? '?' : c;
    }
  }
  return out;
}

std::string Attr(const char* name, const std::string& value) {
  return absl::StrCat(" ", name, "=\"", XmlEscape(value, true), "\"");
}

std::string Seconds(double seconds) { return absl::StrFormat("%.3f", std::max(seconds, 0.0)); }

struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double time_s = 0;
  std::string CountAttributes() const {
    return absl::StrCat(Attr("tests", absl::StrCat(tests)), Attr("failures", absl::StrCat(failures)),
                        Attr("errors", absl::StrCat(errors)), Attr("skipped", absl::StrCat(skipped)),
                        Attr("time", Seconds(time_s)));
  }
};

Counts CountSuite(const JUnitSuite& suite) {
  Counts counts;
  for (const JUnitCase& test : suite.cases) {
    ++counts.tests;
    counts.failures += test.outcome == JUnitCase::Outcome::kFailure ? 1 : 0;
    counts.errors += test.outcome == JUnitCase::Outcome::kError ? 1 : 0;
    counts.skipped += test.outcome == JUnitCase::Outcome::kSkipped ? 1 : 0;
  }
  for (const RunDocument* document : suite.documents) counts.time_s += RunDurationSeconds(*document);
  return counts;
}

// The Ant schema's timestamp: "YYYY-MM-DDTHH:MM:SS", no fraction, no zone.
std::string SuiteTimestamp(const JUnitSuite& suite) {
  std::optional<std::string> earliest;
  std::optional<double> earliest_s;
  for (const RunDocument* document : suite.documents) {
    const std::optional<double> start = UnixSeconds(document->start_time);
    if (start && (!earliest_s || *start < *earliest_s)) {
      earliest_s = start;
      earliest = document->start_time;
    }
  }
  if (!earliest || earliest->size() < 19) return "1970-01-01T00:00:00";
  return earliest->substr(0, 19);
}

std::string SuiteHostname(const JUnitSuite& suite) {
  for (const RunDocument* document : suite.documents) {
    if (document->ranks.empty()) continue;
    const std::string host(absl::StripAsciiWhitespace(document->ranks.front().host));
    if (!host.empty()) return host;
  }
  return "localhost";
}

void AppendCase(const JUnitCase& test, std::string& out) {
  absl::StrAppend(&out, "    <testcase", Attr("classname", test.classname), Attr("name", test.name),
                  Attr("time", Seconds(test.time_s)));
  switch (test.outcome) {
    case JUnitCase::Outcome::kPass:
      out += "/>\n";
      return;
    case JUnitCase::Outcome::kSkipped:
      absl::StrAppend(&out, ">\n      <skipped", Attr("message", test.message), "/>\n");
      break;
    case JUnitCase::Outcome::kFailure:
    case JUnitCase::Outcome::kError: {
      const char* element = test.outcome == JUnitCase::Outcome::kFailure ? "failure" : "error";
      absl::StrAppend(&out, ">\n      <", element, Attr("message", test.message), Attr("type", test.type), ">",
                      XmlEscape(test.body, false), "</", element, ">\n");
      break;
    }
  }
  out += "    </testcase>\n";
}

void AppendSuite(const JUnitSuite& suite, int id, std::string& out) {
  absl::StrAppend(&out, "  <testsuite", Attr("name", suite.name), Attr("package", "spinecheck"),
                  Attr("id", absl::StrCat(id)), Attr("timestamp", SuiteTimestamp(suite)),
                  Attr("hostname", SuiteHostname(suite)), CountSuite(suite).CountAttributes(), ">\n");
  out += "    <properties>\n";
  for (size_t i = 0; i < suite.documents.size(); ++i) {
    const RunDocument& document = *suite.documents[i];
    const std::string prefix = absl::StrCat("run", i, ".");
    for (const auto& [key, value] :
         {std::pair<const char*, std::string>{"id", RunId(document)},
          {"producer", ProducerLabel(document)},
          {"verdict", std::string(VerdictStatusName(document.verdict.status))},
          {"exit_code", absl::StrCat(static_cast<int>(document.verdict.exit_code))}}) {
      absl::StrAppend(&out, "      <property", Attr("name", prefix + key), Attr("value", value), "/>\n");
    }
  }
  out += "    </properties>\n";
  for (const JUnitCase& test : suite.cases) AppendCase(test, out);
  std::string system_out;
  for (const std::string& line : suite.system_out) absl::StrAppend(&system_out, line, "\n");
  absl::StrAppend(&out, "    <system-out>", XmlEscape(system_out, false), "</system-out>\n");
  out += "    <system-err></system-err>\n";
  out += "  </testsuite>\n";
}

}  // namespace

std::string RenderJUnit(const std::vector<RunDocument>& documents) {
  const std::vector<JUnitSuite> suites = BuildJUnitSuites(documents);
  Counts total;
  for (const JUnitSuite& suite : suites) {
    const Counts counts = CountSuite(suite);
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.errors += counts.errors;
    total.skipped += counts.skipped;
  }
  for (const RunDocument& document : documents) total.time_s += RunDurationSeconds(document);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  absl::StrAppend(&out, "<testsuites", Attr("name", "spinecheck"), total.CountAttributes(), ">\n");
  for (size_t i = 0; i < suites.size(); ++i) AppendSuite(suites[i], static_cast<int>(i), out);
  out += "</testsuites>\n";
  return out;
}

absl::Status WriteJUnit(const std::vector<RunDocument>& documents, const std::string& path) {
  return WriteOutputFile(path, RenderJUnit(documents));
}

}  // namespace spinecheck

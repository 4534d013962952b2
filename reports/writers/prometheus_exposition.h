// The Prometheus text exposition format, version 0.0.4, as node_exporter's
// textfile collector reads it. Written by hand: Debian packages no C++
// Prometheus client, and a textfile needs only names, HELP/TYPE lines,
// label escaping and number spelling, all of which this class enforces.
#ifndef SPINECHECK_REPORTS_WRITERS_PROMETHEUS_EXPOSITION_H_
#define SPINECHECK_REPORTS_WRITERS_PROMETHEUS_EXPOSITION_H_

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace spinecheck {

using PromLabels = std::vector<std::pair<std::string, std::string>>;  // name, value; in output order

// Collects metric families and renders them. Contracts:
// - Every family has one "# HELP" and one "# TYPE" line, written before its
//   samples; families appear in the order first declared, samples in the
//   order added. A family without samples is not written.
// - Samples carry no timestamp.
// - A sample whose (name, labels) was already added is dropped and reported
//   by AddSample's return value: the first one wins, so callers add the
//   preferred source first.
// - Label values are escaped (\\, \", \n); HELP text escapes \\ and \n.
// Names must match [a-zA-Z_:][a-zA-Z0-9_:]* and label names
// [a-zA-Z_][a-zA-Z0-9_]* (not starting with "__"); callers pass constants.
class PromExposition {
 public:
  // `type` is "gauge", "counter", "untyped" ...; declaring a family again
  // with the same name is a no-op.
  void Declare(const std::string& name, const std::string& type, const std::string& help);

  // Adds a sample of a declared family. Returns false (and adds nothing)
  // for a duplicate series.
  bool AddSample(const std::string& name, const PromLabels& labels, double value);

  std::string Render() const;

  static std::string EscapeLabelValue(const std::string& value);
  static std::string EscapeHelp(const std::string& help);

 private:
  struct Family {
    std::string type;
    std::string help;
    std::vector<std::string> samples;  // rendered lines without '\n'
  };
  std::vector<std::string> order_;
  std::map<std::string, Family> families_;
  std::set<std::string> series_;  // rendered "name{labels}" seen so far
};

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_PROMETHEUS_EXPOSITION_H_

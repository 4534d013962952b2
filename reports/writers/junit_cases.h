// The test cases of the JUnit view (see junit_xml.h for the contract): which
// testcase each host, device, check and cable becomes, and its outcome.
// Separate from the XML so that the mapping can be read and tested alone.
#ifndef SPINECHECK_REPORTS_WRITERS_JUNIT_CASES_H_
#define SPINECHECK_REPORTS_WRITERS_JUNIT_CASES_H_

#include <string>
#include <vector>

#include "reports/model/run_document.h"

namespace spinecheck {

struct JUnitCase {
  enum class Outcome { kPass, kFailure, kError, kSkipped };
  std::string classname;
  std::string name;
  double time_s = 0;
  Outcome outcome = Outcome::kPass;
  std::string type;     // check id of a failure or error
  std::string message;  // one line
  std::string body;     // failure/error text: findings with evidence
};

struct JUnitSuite {
  std::string name;  // "nodes", "gpus", "links"
  std::vector<JUnitCase> cases;
  std::vector<const RunDocument*> documents;  // the documents it draws on, in input order
  std::vector<std::string> system_out;        // warnings, one per line
};

// The three suites, nodes, gpus and links, in that order. The suites point
// into `documents`, which must outlive them.
std::vector<JUnitSuite> BuildJUnitSuites(const std::vector<RunDocument>& documents);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_JUNIT_CASES_H_

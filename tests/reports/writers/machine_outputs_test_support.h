// Helpers of the machine-output tests: golden files and a checker of the
// Prometheus exposition rules that runs without promtool.
#ifndef SPINECHECK_TESTS_REPORTS_WRITERS_MACHINE_OUTPUTS_TEST_SUPPORT_H_
#define SPINECHECK_TESTS_REPORTS_WRITERS_MACHINE_OUTPUTS_TEST_SUPPORT_H_

#include <string>
#include <vector>

namespace spinecheck {

// Compares `actual` with tests/fixtures/machine_outputs/<name>; with
// SPINECHECK_UPDATE_GOLDENS=1 in the environment, rewrites the file instead.
// Returns "" when equal, else a description of the first difference.
std::string CompareWithGolden(const std::string& name, const std::string& actual);

// The violations of the text exposition format 0.0.4 in `text`: metric and
// label name grammar, HELP then TYPE before a family's samples, one HELP and
// one TYPE per family, samples only of declared families and contiguous,
// label values quoted with only \\ \" \n escapes, no duplicate series, no
// timestamps, numbers Prometheus parses. Empty when the text is valid.
std::vector<std::string> ExpositionViolations(const std::string& text);

// The label names used by the samples of `text`.
std::vector<std::string> SampleLabelNames(const std::string& text);

}  // namespace spinecheck

#endif  // SPINECHECK_TESTS_REPORTS_WRITERS_MACHINE_OUTPUTS_TEST_SUPPORT_H_

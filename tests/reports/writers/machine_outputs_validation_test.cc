// The machine outputs checked by the tools their consumers trust: the JUnit
// XML against the Apache Ant JUnit schema with xmllint (libxml2-utils), the
// Prometheus textfile with `promtool check metrics` (prometheus). A missing
// tool is never a silent pass: the binary then prints "SKIPPED: <reason>"
// and exits 77, which ctest reports as skipped (SKIP_RETURN_CODE).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "reports/writers/junit_xml.h"
#include "reports/writers/prometheus_textfile.h"
#include "tests/support/samples/machine_output_documents.h"

namespace spinecheck {
namespace {

std::vector<std::string>& MissingTools() {
  static std::vector<std::string> missing;
  return missing;
}

bool OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  for (absl::string_view folder : absl::StrSplit(path, ':', absl::SkipEmpty())) {
    if (::access(absl::StrCat(folder, "/", program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

struct CommandResult {
  int exit_code = -1;
  std::string output;
};

// Runs `command` through the shell with stdout and stderr captured.
CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen(absl::StrCat(command, " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.output.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string WriteTemporary(const std::string& name, const std::string& content) {
  const std::string path =
      (std::filesystem::temp_directory_path() / absl::StrCat("spinecheck_", getpid(), "_", name)).string();
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// Documents covering every outcome, plus the same set twice (duplicates must
// collapse) and a document whose only host name needs escaping.
std::vector<std::vector<RunDocument>> DocumentSets() {
  std::vector<RunDocument> twice = SampleDocuments();
  for (const RunDocument& document : SampleDocuments()) twice.push_back(document);
  return {SampleDocuments(), twice, {SampleSweepDocument()}, {}};
}

TEST(JUnitSchema, ValidatesWithXmllint) {
  if (!OnPath("xmllint")) {
    MissingTools().push_back("xmllint not found (Debian package libxml2-utils; tools/setup installs it)");
    GTEST_SKIP() << MissingTools().back();
  }
  const std::string schema = absl::StrCat(SPINECHECK_FIXTURES, "/junit/junit.xsd");
  int index = 0;
  for (const std::vector<RunDocument>& documents : DocumentSets()) {
    const std::string path = WriteTemporary(absl::StrCat("junit", index++, ".xml"), RenderJUnit(documents));
    const CommandResult result = RunCommand(absl::StrCat("xmllint --noout --schema '", schema, "' '", path, "'"));
    EXPECT_EQ(result.exit_code, 0) << result.output;
    std::filesystem::remove(path);
  }
}

TEST(JUnitSchema, XmllintRejectsABrokenReport) {
  if (!OnPath("xmllint")) GTEST_SKIP() << "xmllint not found";
  std::string xml = RenderJUnit(SampleDocuments());
  xml.replace(xml.find(" type=\"links.slow_uplink\""), 25, "");  // failure/@type is required
  const std::string path = WriteTemporary("broken.xml", xml);
  const CommandResult result =
      RunCommand(absl::StrCat("xmllint --noout --schema '", SPINECHECK_FIXTURES, "/junit/junit.xsd' '", path, "'"));
  EXPECT_NE(result.exit_code, 0) << result.output;
  std::filesystem::remove(path);
}

// promtool exits 0 when clean, 3 with lint findings only, 1 when it cannot
// parse. The one lint finding accepted is the camelCase of dcgm-exporter's
// label names (UUID, modelName, Hostname), kept on purpose so that GPU
// series join with DCGM_FI_* series.
bool OnlyDcgmLabelLint(const std::string& output) {
  for (absl::string_view line : absl::StrSplit(output, '\n', absl::SkipEmpty())) {
    if (!absl::StrContains(line, "label names should be written in 'snake_case' not 'camelCase'")) return false;
  }
  return true;
}

TEST(PrometheusTextfile, PassesPromtoolCheckMetrics) {
  if (!OnPath("promtool")) {
    MissingTools().push_back("promtool not found (Debian package prometheus; tools/setup installs it)");
    GTEST_SKIP() << MissingTools().back();
  }
  int index = 0;
  for (const std::vector<RunDocument>& documents : DocumentSets()) {
    const std::string text = RenderPrometheus(documents);
    const std::string path = WriteTemporary(absl::StrCat("metrics", index++, ".prom"), text);
    const CommandResult result = RunCommand(absl::StrCat("promtool check metrics < '", path, "'"));
    EXPECT_TRUE(result.exit_code == 0 || (result.exit_code == 3 && OnlyDcgmLabelLint(result.output)))
        << "exit " << result.exit_code << ": " << result.output << "\n" << text;
    std::filesystem::remove(path);
  }
}

TEST(PrometheusTextfile, PromtoolRejectsAnUnescapedLabelValue) {
  if (!OnPath("promtool")) GTEST_SKIP() << "promtool not found";
  const std::string path = WriteTemporary(
      "broken.prom", "# HELP spinecheck_node_status x\n# TYPE spinecheck_node_status gauge\n"
                     "spinecheck_node_status{host=\"odd\"<&\nhost\"} 1\n");
  const CommandResult result = RunCommand(absl::StrCat("promtool check metrics < '", path, "'"));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace spinecheck

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  const int result = RUN_ALL_TESTS();
  if (result != 0) return result;
  if (!spinecheck::MissingTools().empty()) {
    std::printf("SKIPPED: %s\n", absl::StrJoin(spinecheck::MissingTools(), "; ").c_str());
    return 77;
  }
  return 0;
}

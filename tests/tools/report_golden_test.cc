// `spinecheck report` on the fixed documents of tests/fixtures/documents
// (written by real sweep, burn, links, topo and smoke runs) must print and
// write exactly what it did when the golden files were made: the console
// lines (standard output, then standard error), the exit code, and every view (--md, --csv, --junit, --prom,
// --html); `--json` of one document returns that document byte for byte.
// A change to any view shows here as a diff.
//
// When a view is meant to change, rewrite the golden files and review their
// diff before committing it:
//   SPINECHECK_UPDATE_GOLDENS=1 build/tests/report_golden_test
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/tools/cli_test_support.h"
#include "tests/tools/process.h"

namespace spinecheck {
namespace {

// A report over one or more documents, named for its golden files.
struct GoldenCase {
  std::string name;
  std::vector<std::string> documents;  // names in tests/fixtures/documents
};

// The views compared, by flag and golden-file extension.
struct View {
  const char* flag;
  const char* extension;
};
constexpr View kViews[] = {{"--md", "md"},     {"--csv", "csv"},   {"--junit", "xml"},
                           {"--prom", "prom"}, {"--html", "html"}, {"--json", "json"}};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

bool Updating() {
  const char* update = std::getenv("SPINECHECK_UPDATE_GOLDENS");
  return update != nullptr && std::string(update) == "1";
}

// The first line where `actual` and `expected` differ, for the failure message.
std::string FirstDifference(const std::string& expected, const std::string& actual) {
  std::istringstream a(expected), b(actual);
  std::string left, right;
  for (int line = 1;; ++line) {
    const bool more_left = static_cast<bool>(std::getline(a, left));
    const bool more_right = static_cast<bool>(std::getline(b, right));
    if (!more_left && !more_right) return "no line differs (a difference in the final newline)";
    if (!more_left || !more_right || left != right) {
      return absl::StrCat("line ", line, ":\n  golden: ", more_left ? left : "(end of file)",
                          "\n  now:    ", more_right ? right : "(end of file)");
    }
  }
}

// Compares `actual` with the golden file, or rewrites it when updating.
void ExpectGolden(const std::string& golden_name, const std::string& actual) {
  // ".golden": the files are data to compare, not pages or sources to read.
  const std::string path = absl::StrCat(SPINECHECK_FIXTURES, "/report_golden/", golden_name, ".golden");
  if (Updating()) {
    WriteFile(path, actual);
    return;
  }
  std::ifstream probe(path);
  ASSERT_TRUE(probe.good()) << "no golden file " << path
                            << "; make it with SPINECHECK_UPDATE_GOLDENS=1 and review it";
  const std::string expected = ReadFile(path);
  EXPECT_TRUE(expected == actual) << golden_name << " differs from its golden file, first at "
                                  << FirstDifference(expected, actual);
}

class ReportGoldenTest : public ::testing::TestWithParam<GoldenCase> {
 protected:
  // The documents are named relative to the source tree, as an operator
  // names them, so that the console lines do not depend on where it lies.
  void SetUp() override { ASSERT_EQ(chdir(SPINECHECK_SOURCE_DIR), 0) << SPINECHECK_SOURCE_DIR; }
};

TEST_P(ReportGoldenTest, ViewsAreUnchanged) {
  const GoldenCase& golden = GetParam();
  std::vector<std::string> argv = {SPINECHECK_BINARY, "report"};
  for (const std::string& document : golden.documents) {
    argv.push_back(absl::StrCat("tests/fixtures/documents/", document));
  }
  std::vector<std::pair<View, std::string>> outputs;
  for (const View& view : kViews) {
    if (std::string(view.flag) == "--json" && golden.documents.size() != 1) continue;
    outputs.emplace_back(view, TempPath(absl::StrCat(golden.name, ".", view.extension)));
    argv.insert(argv.end(), {view.flag, outputs.back().second});
  }
  const ProcessResult result = RunProcess(argv);
  ExpectGolden(absl::StrCat(golden.name, ".console"),
               absl::StrCat(result.out, result.err.empty() ? "" : absl::StrCat("(stderr)\n", result.err), "(exit ",
                            result.exit_code, ")\n"));
  for (const auto& [view, path] : outputs) {
    const std::string written = ReadFile(path);
    if (std::string(view.flag) == "--json") {
      // The document itself is the golden file.
      const std::string input = ReadFile(absl::StrCat("tests/fixtures/documents/", golden.documents[0]));
      EXPECT_TRUE(written == input) << "report --json changed " << golden.documents[0] << ", first at "
                                    << FirstDifference(input, written);
    } else {
      ExpectGolden(absl::StrCat(golden.name, ".", view.extension), written);
    }
    unlink(path.c_str());
  }
}

INSTANTIATE_TEST_SUITE_P(Documents, ReportGoldenTest,
                         ::testing::Values(GoldenCase{"sweep", {"sweep.json"}}, GoldenCase{"burn", {"burn.json"}},
                                           GoldenCase{"links", {"links.json"}}, GoldenCase{"topo", {"topo.json"}},
                                           GoldenCase{"smoke", {"smoke.json"}},
                                           GoldenCase{"all", {"sweep.json", "burn.json", "links.json", "topo.json",
                                                              "smoke.json"}}),
                         [](const ::testing::TestParamInfo<GoldenCase>& param) { return param.param.name; });

}  // namespace
}  // namespace spinecheck

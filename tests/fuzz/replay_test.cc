// Every fuzz target over its committed corpus and every crash found so far
// (tests/fixtures/fuzz/NAME/corpus and .../crashes), without a fuzzing
// engine: a fixed crash stays fixed. A target with no corpus yet fails:
// `tools/fuzz NAME SECONDS` makes one.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "tests/fuzz/fuzz_target.h"
#include "tests/support/files.h"

namespace spinecheck::fuzz {
namespace {

namespace fs = std::filesystem;

class ReplayTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ReplayTest, CorpusAndCrashesRunClean) {
  const FuzzBody body = Targets().at(GetParam());
  const fs::path folder = fs::path(SPINECHECK_FUZZ_FIXTURES) / GetParam();
  ASSERT_TRUE(fs::is_directory(folder / "corpus")) << "no corpus at " << folder / "corpus";
  int inputs = 0;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    SCOPED_TRACE(entry.path().string());
    body(::spinecheck::testing::ReadFileBytes(entry.path().string()));
    ++inputs;
  }
  EXPECT_GT(inputs, 0);
  std::printf("%s: %d inputs\n", GetParam().c_str(), inputs);
}

std::vector<std::string> TargetNames() {
  std::vector<std::string> names;
  for (const auto& [name, body] : Targets()) names.push_back(name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(Targets, ReplayTest, ::testing::ValuesIn(TargetNames()),
                         [](const ::testing::TestParamInfo<std::string>& target) { return target.param; });

}  // namespace
}  // namespace spinecheck::fuzz

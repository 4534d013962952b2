// What the end-to-end tests of the spinecheck binary share: where they put
// their files, how they read the result document, and how they let mpirun
// run as root.
#ifndef SPINECHECK_TESTS_TOOLS_CLI_TEST_SUPPORT_H_
#define SPINECHECK_TESTS_TOOLS_CLI_TEST_SUPPORT_H_

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"

namespace spinecheck {

// A file name in the test's temporary folder, unique to this test process.
inline std::string TempPath(const std::string& name) {
  return absl::StrCat(::testing::TempDir(), "spinecheck_", getpid(), "_", name);
}

// The result document at `path`; a test failure when there is none.
inline nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "no result document at " << path;
  return nlohmann::json::parse(in);
}

// Open MPI refuses to start as root without these (the tests run as root in CI).
inline void AllowMpiRunAsRoot() {
  setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
}

// A command line that must exit 2 with a message naming `must_mention`.
struct BadInput {
  std::vector<std::string> args;
  std::string must_mention;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TESTS_TOOLS_CLI_TEST_SUPPORT_H_

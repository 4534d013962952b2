// Reading files back in tests: their bytes and what lstat says of them.
#ifndef SPINECHECK_TESTS_SUPPORT_FILES_H_
#define SPINECHECK_TESTS_SUPPORT_FILES_H_

#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace spinecheck::testing {

// Every byte of the file at `path` ("" when it cannot be read).
inline std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// lstat(2) of `path`: the entry itself, a link not followed. A test failure
// when there is none.
inline struct stat LstatOf(const std::string& path) {
  struct stat info {};
  EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
  return info;
}

}  // namespace spinecheck::testing

#endif  // SPINECHECK_TESTS_SUPPORT_FILES_H_

// Every output flag on the special paths an operator passes as root: a
// device, a FIFO with a reader, a symbolic link to a file and to a missing
// file, /dev/stdout. After each run the target keeps its type, inode and
// link, and receives the content; nothing is left beside it.
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/support/files.h"
#include "tests/tools/cli_test_support.h"
#include "tests/tools/process.h"

namespace spinecheck {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

using ::spinecheck::testing::LstatOf;
using ::spinecheck::testing::ReadFileBytes;

// A one-rank sweep, short, writing where `outputs` say.
std::vector<std::string> Sweep(const std::vector<std::string>& outputs) {
  std::vector<std::string> argv = {SPINECHECK_BINARY, "sweep", "--backend", "mpi", "-b", "8", "-e", "1K", "-f", "4",
                                   "-n", "2", "-w", "0"};
  argv.insert(argv.end(), outputs.begin(), outputs.end());
  return argv;
}

class OutputPathsCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { AllowMpiRunAsRoot(); }
  void SetUp() override {
    folder_ = TempPath(::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::string Path(const std::string& name) const { return absl::StrCat(folder_, "/", name); }
  std::vector<std::string> Entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder_)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  std::string folder_;
};

TEST_F(OutputPathsCliTest, DeviceFifoAndSymlinksKeepTheirTypeAndReceiveTheContent) {
  const std::string device = Path("null");
  if (::mknod(device.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) GTEST_SKIP() << "mknod needs root";
  const std::string fifo = Path("csv.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  fs::create_directories(Path("pages"));
  const std::string page = Path("pages/run.html");
  { std::ofstream(page) << "old page"; }
  ASSERT_EQ(::symlink("pages/run.html", Path("latest.html").c_str()), 0);
  ASSERT_EQ(::symlink("pages/new.json", Path("dangling.json").c_str()), 0);
  const struct stat device_before = LstatOf(device);
  const struct stat fifo_before = LstatOf(fifo);

  std::string csv;
  std::thread reader([&] { csv = ReadFileBytes(fifo); });
  const ProcessResult devices = RunProcess(Sweep({"--json", device, "--csv", fifo, "--html", Path("latest.html")}));
  reader.join();
  EXPECT_EQ(devices.exit_code, 0) << devices.out << devices.err;
  EXPECT_TRUE(absl::StartsWith(csv, "collective,")) << "the FIFO's reader got: " << csv.substr(0, 200);
  EXPECT_EQ(csv.find("collective,", 1), std::string::npos) << "one document through the FIFO, not one per row";
  EXPECT_TRUE(S_ISCHR(LstatOf(device).st_mode));
  EXPECT_EQ(LstatOf(device).st_ino, device_before.st_ino);
  EXPECT_TRUE(S_ISFIFO(LstatOf(fifo).st_mode));
  EXPECT_EQ(LstatOf(fifo).st_ino, fifo_before.st_ino);
  EXPECT_TRUE(S_ISLNK(LstatOf(Path("latest.html")).st_mode));
  EXPECT_TRUE(absl::StrContains(ReadFileBytes(page), "<html")) << "the page was written through the link";

  const ProcessResult dangling = RunProcess(Sweep({"--json", Path("dangling.json")}));
  EXPECT_EQ(dangling.exit_code, 0) << dangling.out << dangling.err;
  EXPECT_TRUE(S_ISLNK(LstatOf(Path("dangling.json")).st_mode));
  EXPECT_EQ(Json::parse(ReadFileBytes(Path("pages/new.json")))["verdict"]["status"], "pass");
  EXPECT_EQ(Entries(), (std::vector<std::string>{"csv.fifo", "dangling.json", "latest.html", "null", "pages"}));
}

TEST_F(OutputPathsCliTest, StdoutReceivesTheFinalDocumentOnce) {
  const ProcessResult run = RunProcess(Sweep({"--json", "/dev/stdout"}));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const size_t start = run.out.find("{\n");
  ASSERT_NE(start, std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("\"schema\"", run.out.find("\"schema\"") + 1), std::string::npos)
      << "one document, not one per row";
  EXPECT_TRUE(S_ISLNK(LstatOf("/dev/stdout").st_mode));
}

TEST_F(OutputPathsCliTest, BadTargetsExitTwoBeforeMeasuring) {
  const std::string disk = Path("disk");
  const bool have_block = ::mknod(disk.c_str(), S_IFBLK | 0600, makedev(7, 200)) == 0;
  std::vector<BadInput> cases = {
      {{"--json", folder_}, "is a folder"},
      {{"--csv", Path("missing/run.csv")}, "does not exist"},
      {{"--json", Path("same"), "--html", Path("./same")}, "--json and --html name the same file"},
  };
  if (have_block) cases.push_back({{"--json", disk}, "block device"});
  for (const BadInput& bad : cases) {
    const ProcessResult result = RunProcess(Sweep(bad.args));
    EXPECT_EQ(result.exit_code, 2) << bad.must_mention << "\n" << result.out << result.err;
    EXPECT_TRUE(absl::StrContains(result.err, bad.must_mention)) << bad.must_mention << " not in: " << result.err;
  }
  if (have_block) {
    EXPECT_TRUE(S_ISBLK(LstatOf(disk).st_mode));
  }
}

}  // namespace
}  // namespace spinecheck

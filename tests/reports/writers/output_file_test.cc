// WriteOutputFile on every kind of path an operator passes as root: the
// target keeps its type, inode and link, and receives the content.
#include "reports/writers/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/support/files.h"

namespace spinecheck {
namespace {

namespace fs = std::filesystem;

using ::spinecheck::testing::LstatOf;
using ::spinecheck::testing::ReadFileBytes;

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = absl::StrCat(::testing::TempDir(), "output_file_", getpid(), "_",
                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::string Path(const std::string& name) const { return absl::StrCat(folder_, "/", name); }
  // Only the named entries are left in the folder: no temporary file.
  void ExpectOnly(std::initializer_list<std::string> names) const {
    size_t count = 0;
    for (const auto& entry : fs::directory_iterator(folder_)) {
      ++count;
      EXPECT_NE(std::find(names.begin(), names.end(), entry.path().filename().string()), names.end())
          << "left behind: " << entry.path();
    }
    EXPECT_EQ(count, names.size());
  }
  std::string folder_;
};

TEST_F(OutputFileTest, NewAndRegularFilesAreReplacedAtomically) {
  const std::string path = Path("run.json");
  ASSERT_TRUE(WriteOutputFile(path, "first").ok());
  EXPECT_EQ(ReadFileBytes(path), "first");
  ::chmod(path.c_str(), 0600);
  ASSERT_TRUE(WriteOutputFile(path, "second").ok());
  EXPECT_EQ(ReadFileBytes(path), "second");
  EXPECT_TRUE(S_ISREG(LstatOf(path).st_mode));
  EXPECT_EQ(LstatOf(path).st_mode & 07777, 0600u) << "a private file stays private";
  if (::chown(path.c_str(), 1234, 1234) == 0) {
    ASSERT_TRUE(WriteOutputFile(path, "third").ok());
    EXPECT_EQ(LstatOf(path).st_uid, 1234u) << "root leaves a user's file theirs";
  }
  ExpectOnly({"run.json"});
}

TEST_F(OutputFileTest, CharacterDeviceIsWrittenNotReplaced) {
  // A null device of our own (major 1, minor 3, like /dev/null) in the scratch folder.
  const std::string device = Path("null");
  if (::mknod(device.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) GTEST_SKIP() << "mknod needs root";
  const struct stat before = LstatOf(device);
  ASSERT_TRUE(WriteOutputFile(device, "a document").ok());
  ASSERT_TRUE(WriteOutputFile(device, "another").ok());
  const struct stat after = LstatOf(device);
  EXPECT_TRUE(S_ISCHR(after.st_mode));
  EXPECT_EQ(after.st_ino, before.st_ino);
  EXPECT_EQ(after.st_rdev, before.st_rdev);
  ExpectOnly({"null"});
  absl::StatusOr<OutputTarget> target = ResolveOutput(device);
  ASSERT_TRUE(target.ok());
  EXPECT_TRUE(target->is_stream());
}

TEST_F(OutputFileTest, FifoWithAReaderReceivesTheContent) {
  const std::string fifo = Path("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const struct stat before = LstatOf(fifo);
  std::string received;
  std::thread reader([&] { received = ReadFileBytes(fifo); });
  ASSERT_TRUE(WriteOutputFile(fifo, "through the pipe").ok());
  reader.join();
  EXPECT_EQ(received, "through the pipe");
  const struct stat after = LstatOf(fifo);
  EXPECT_TRUE(S_ISFIFO(after.st_mode));
  EXPECT_EQ(after.st_ino, before.st_ino);
  ExpectOnly({"pipe"});
}

TEST_F(OutputFileTest, SymlinkToAFileIsWrittenThrough) {
  fs::create_directories(Path("real"));
  const std::string file = Path("real/run.json");
  { std::ofstream(file) << "old"; }
  const std::string link = Path("link.json");
  ASSERT_EQ(::symlink("real/run.json", link.c_str()), 0);
  ASSERT_TRUE(WriteOutputFile(link, "new").ok());
  EXPECT_TRUE(S_ISLNK(LstatOf(link).st_mode)) << "the link stays a link";
  EXPECT_EQ(fs::read_symlink(link).string(), "real/run.json");
  EXPECT_EQ(ReadFileBytes(file), "new");
  ExpectOnly({"real", "link.json"});
  EXPECT_EQ(std::distance(fs::directory_iterator(Path("real")), fs::directory_iterator()), 1);
}

TEST_F(OutputFileTest, SymlinkToAMissingFileCreatesIt) {
  const std::string link = Path("latest.json");
  ASSERT_EQ(::symlink(Path("runs/today.json").c_str(), link.c_str()), 0);
  EXPECT_FALSE(WriteOutputFile(link, "x").ok()) << "its folder does not exist";
  fs::create_directories(Path("runs"));
  ASSERT_TRUE(WriteOutputFile(link, "created").ok());
  EXPECT_TRUE(S_ISLNK(LstatOf(link).st_mode));
  EXPECT_EQ(ReadFileBytes(Path("runs/today.json")), "created");
}

TEST_F(OutputFileTest, ChainOfSymlinksAndLoops) {
  const std::string file = Path("end.json");
  ASSERT_EQ(::symlink("end.json", Path("b").c_str()), 0);
  ASSERT_EQ(::symlink("b", Path("a").c_str()), 0);
  ASSERT_TRUE(WriteOutputFile(Path("a"), "chained").ok());
  EXPECT_EQ(ReadFileBytes(file), "chained");
  ASSERT_EQ(::symlink("loop2", Path("loop1").c_str()), 0);
  ASSERT_EQ(::symlink("loop1", Path("loop2").c_str()), 0);
  absl::Status loop = WriteOutputFile(Path("loop1"), "x");
  EXPECT_FALSE(loop.ok());
  EXPECT_NE(loop.message().find("symbolic links"), std::string::npos) << loop;
}

TEST_F(OutputFileTest, StdoutIsWrittenAtItsOffset) {
  // Standard output redirected to a scratch file, as `spinecheck ... > out`.
  const std::string captured = Path("stdout.txt");
  std::fflush(stdout);
  const int saved = ::dup(1);
  const int fd = ::open(captured.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  ::dup2(fd, 1);
  ::close(fd);
  const ino_t inode = LstatOf(captured).st_ino;
  ASSERT_EQ(::write(1, "table\n", 6), 6);
  const absl::Status written = WriteOutputFile("/dev/stdout", "{\"doc\":1}\n");
  const absl::Status by_fd = WriteOutputFile("/dev/fd/1", "second\n");
  std::fflush(stdout);
  ::dup2(saved, 1);
  ::close(saved);
  ASSERT_TRUE(written.ok()) << written;
  ASSERT_TRUE(by_fd.ok()) << by_fd;
  EXPECT_EQ(ReadFileBytes(captured), "table\n{\"doc\":1}\nsecond\n") << "appended at the shell's offset, nothing replaced";
  EXPECT_EQ(LstatOf(captured).st_ino, inode);
  EXPECT_TRUE(S_ISLNK(LstatOf("/dev/stdout").st_mode));
  ExpectOnly({"stdout.txt"});
}

TEST_F(OutputFileTest, FoldersBlockDevicesAndMissingFoldersAreRefused) {
  absl::Status folder = WriteOutputFile(folder_, "x");
  EXPECT_FALSE(folder.ok());
  EXPECT_NE(folder.message().find("is a folder"), std::string::npos) << folder;
  absl::Status missing = WriteOutputFile(Path("no/such/run.json"), "x");
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("does not exist"), std::string::npos) << missing;
  const std::string disk = Path("disk");
  if (::mknod(disk.c_str(), S_IFBLK | 0600, makedev(7, 200)) == 0) {
    absl::Status block = WriteOutputFile(disk, "x");
    EXPECT_FALSE(block.ok());
    EXPECT_NE(block.message().find("block device"), std::string::npos) << block;
    EXPECT_TRUE(S_ISBLK(LstatOf(disk).st_mode));
  }
  EXPECT_FALSE(ResolveOutput("").ok());
}

TEST_F(OutputFileTest, CheckOutputWritableLeavesNothingBehind) {
  EXPECT_TRUE(CheckOutputWritable(Path("new.json")).ok());
  EXPECT_FALSE(fs::exists(Path("new.json")));
  EXPECT_FALSE(CheckOutputWritable(Path("absent/new.json")).ok());
  ExpectOnly({});
}

TEST_F(OutputFileTest, TheSameFileTwiceIsRefusedStreamsMayBeShared) {
  const std::string json = Path("run.json");
  EXPECT_TRUE(CheckDistinctOutputs({{"--json", json}, {"--csv", Path("run.csv")}, {"--html", ""}}).ok());
  absl::Status same = CheckDistinctOutputs({{"--json", json}, {"--csv", Path("./run.json")}});
  EXPECT_FALSE(same.ok());
  EXPECT_NE(same.message().find("--json and --csv name the same file"), std::string::npos) << same;
  ASSERT_EQ(::symlink("run.json", Path("alias").c_str()), 0);
  EXPECT_FALSE(CheckDistinctOutputs({{"--json", json}, {"--html", Path("alias")}}).ok()) << "through a link";
  { std::ofstream(json) << "x"; }
  ASSERT_EQ(::link(json.c_str(), Path("hard").c_str()), 0);
  EXPECT_FALSE(CheckDistinctOutputs({{"--json", json}, {"--csv", Path("hard")}}).ok()) << "the same inode";
  EXPECT_TRUE(CheckDistinctOutputs({{"--json", "/dev/stdout"}, {"--csv", "/dev/stdout"}}).ok());
}

}  // namespace
}  // namespace spinecheck

#include "reports/writers/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace spinecheck {
namespace {

// Links followed before a path is called a loop (Linux's own limit).
constexpr int kMaxSymbolicLinks = 40;

std::string Reason() { return std::strerror(errno); }

// The folder part of `path` ("." for a bare name, "/" for "/x").
std::string FolderOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// "PATH" or "PATH (-> TARGET)" when a link led elsewhere, for messages.
std::string Named(const std::string& requested, const std::string& target) {
  return requested == target ? requested : absl::StrCat(requested, " (-> ", target, ")");
}

// The descriptor number when `path` names one of this process's own
// descriptors; nullopt otherwise. These are matched by name: the kernel's
// links behind them ("pipe:[123]", a terminal, a deleted file) are not
// paths that can be resolved and replaced.
std::optional<int> OwnDescriptor(const std::string& path) {
  if (path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  absl::string_view rest = path;
  const std::string own_proc = absl::StrCat("/proc/", getpid(), "/fd/");
  for (absl::string_view prefix : {absl::string_view("/dev/fd/"), absl::string_view("/proc/self/fd/"),
                                   absl::string_view("/proc/thread-self/fd/"), absl::string_view(own_proc)}) {
    if (absl::ConsumePrefix(&rest, prefix)) {
      int descriptor = -1;
      if (absl::SimpleAtoi(rest, &descriptor) && descriptor >= 0) return descriptor;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

absl::Status WriteAll(int fd, const std::string& content, const std::string& name) {
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(absl::StrCat("writing ", name, ": ", Reason()));
    }
    written += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

// Opens a character device or a FIFO for writing, without creating,
// truncating or following anything. A FIFO waits for its reader.
absl::StatusOr<int> OpenStream(const std::string& path, const std::string& name) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(kFifoReaderWait_s);
  while (true) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
      // Writes block as they would for any writer once it is open.
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
      return fd;
    }
    if (errno == ENXIO && std::chrono::steady_clock::now() < give_up) {  // a FIFO with no reader yet
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    if (errno == ENXIO) {
      return absl::UnavailableError(absl::StrCat("cannot write ", name, ": no process opened the FIFO for reading within ",
                                                 kFifoReaderWait_s, " s (start its reader first)"));
    }
    return absl::FailedPreconditionError(absl::StrCat("cannot write ", name, ": ", Reason()));
  }
}

// A temporary file next to `target`, created by this call (O_EXCL: nothing
// already there is opened or followed). Returns its descriptor and name.
absl::StatusOr<std::pair<int, std::string>> CreateTemporary(const std::string& target, const std::string& name) {
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string temporary = absl::StrCat(target, ".tmp.", getpid(), ".", counter.fetch_add(1));
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0) return std::make_pair(fd, std::move(temporary));
    if (errno != EEXIST) {
      return absl::FailedPreconditionError(absl::StrCat("cannot write ", name, ": ", Reason(), " (check that the folder ",
                                                        FolderOf(target), " exists and is writable)"));
    }
  }
  return absl::FailedPreconditionError(
      absl::StrCat("cannot write ", name, ": could not create a temporary file beside it in ", FolderOf(target)));
}

absl::Status ReplaceAtomically(const std::string& target, const std::string& content, const std::string& name) {
  struct stat existing {};
  const bool exists = ::stat(target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode);
  absl::StatusOr<std::pair<int, std::string>> created = CreateTemporary(target, name);
  if (!created.ok()) return created.status();
  const auto [fd, temporary] = *created;
  // The replacement keeps the file's owner and permissions: a file the
  // operator made private stays private, and root leaves a user's file theirs.
  if (exists) {
    (void)::fchown(fd, existing.st_uid, existing.st_gid);
    (void)::fchmod(fd, existing.st_mode & 0777);
  }
  absl::Status status = WriteAll(fd, content, name);
  if (status.ok() && ::fsync(fd) != 0 && errno != EINVAL) {
    status = absl::UnavailableError(absl::StrCat("writing ", name, ": ", Reason()));
  }
  if (::close(fd) != 0 && status.ok()) status = absl::UnavailableError(absl::StrCat("writing ", name, ": ", Reason()));
  // What the path names may have changed since it was resolved: only a
  // regular file, or nothing, is ever replaced.
  struct stat now {};
  if (status.ok() && ::lstat(target.c_str(), &now) == 0 && !S_ISREG(now.st_mode)) {
    status = absl::FailedPreconditionError(
        absl::StrCat("cannot write ", name, ": it stopped being a regular file while the output was written"));
  }
  if (status.ok() && std::rename(temporary.c_str(), target.c_str()) != 0) {
    status = absl::FailedPreconditionError(
        absl::StrCat("cannot write ", name, ": renaming ", temporary, " over it: ", Reason()));
  }
  if (!status.ok()) ::unlink(temporary.c_str());  // ours: created above with O_EXCL
  return status;
}

}  // namespace

absl::StatusOr<OutputTarget> ResolveOutput(const std::string& path) {
  if (path.empty()) return absl::InvalidArgumentError("an output path is empty; give a file name");
  std::string current = path;
  for (int links = 0; links <= kMaxSymbolicLinks; ++links) {
    if (std::optional<int> descriptor = OwnDescriptor(current)) {
      if (::fcntl(*descriptor, F_GETFL) < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("cannot write ", Named(path, current), ": descriptor ", *descriptor, " is not open"));
      }
      return OutputTarget{OutputTarget::Kind::kDescriptor, current, *descriptor};
    }
    struct stat info {};
    if (::lstat(current.c_str(), &info) != 0) {
      if (errno != ENOENT) {
        return absl::InvalidArgumentError(absl::StrCat("cannot write ", Named(path, current), ": ", Reason()));
      }
      struct stat folder {};
      const std::string folder_path = FolderOf(current);
      if (::stat(folder_path.c_str(), &folder) != 0 || !S_ISDIR(folder.st_mode)) {
        return absl::InvalidArgumentError(absl::StrCat("cannot write ", Named(path, current), ": the folder ",
                                                       folder_path, " does not exist (create it first)"));
      }
      return OutputTarget{OutputTarget::Kind::kReplaceable, current, -1};
    }
    if (S_ISLNK(info.st_mode)) {
      char buffer[PATH_MAX];
      const ssize_t length = ::readlink(current.c_str(), buffer, sizeof(buffer) - 1);
      if (length < 0) {
        return absl::InvalidArgumentError(absl::StrCat("cannot write ", Named(path, current), ": ", Reason()));
      }
      std::string next(buffer, static_cast<size_t>(length));
      current = absl::StartsWith(next, "/") ? next : absl::StrCat(FolderOf(current), "/", next);
      continue;
    }
    if (S_ISREG(info.st_mode)) return OutputTarget{OutputTarget::Kind::kReplaceable, current, -1};
    if (S_ISCHR(info.st_mode) || S_ISFIFO(info.st_mode)) return OutputTarget{OutputTarget::Kind::kStream, current, -1};
    if (S_ISBLK(info.st_mode)) {
      return absl::InvalidArgumentError(absl::StrCat("refusing to write ", Named(path, current),
                                                     ": it is a block device (a disk); give a file path"));
    }
    if (S_ISDIR(info.st_mode)) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot write ", Named(path, current), ": it is a folder; give a file path inside it"));
    }
    return absl::InvalidArgumentError(absl::StrCat("refusing to write ", Named(path, current),
                                                   ": it is a socket; give a file, a FIFO or /dev/stdout"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("cannot write ", path, ": more than ", kMaxSymbolicLinks, " symbolic links (a loop?)"));
}

absl::Status WriteOutputFile(const std::string& path, const std::string& content) {
  absl::StatusOr<OutputTarget> target = ResolveOutput(path);
  if (!target.ok()) return target.status();
  const std::string name = Named(path, target->path);
  switch (target->kind) {
    case OutputTarget::Kind::kDescriptor:
      return WriteAll(target->descriptor, content, name);
    case OutputTarget::Kind::kStream: {
      absl::StatusOr<int> fd = OpenStream(target->path, name);
      if (!fd.ok()) return fd.status();
      absl::Status status = WriteAll(*fd, content, name);
      ::close(*fd);
      return status;
    }
    case OutputTarget::Kind::kReplaceable:
      return ReplaceAtomically(target->path, content, name);
  }
  return absl::InternalError("unknown output kind");
}

absl::Status CheckOutputWritable(const std::string& path) {
  absl::StatusOr<OutputTarget> target = ResolveOutput(path);
  if (!target.ok()) return target.status();
  const std::string name = Named(path, target->path);
  if (target->kind == OutputTarget::Kind::kStream && ::access(target->path.c_str(), W_OK) != 0) {
    return absl::InvalidArgumentError(absl::StrCat("cannot write ", name, ": ", Reason()));
  }
  if (target->kind != OutputTarget::Kind::kReplaceable) return absl::OkStatus();
  absl::StatusOr<std::pair<int, std::string>> created = CreateTemporary(target->path, name);
  if (!created.ok()) return absl::InvalidArgumentError(created.status().message());
  ::close(created->first);
  ::unlink(created->second.c_str());  // ours: created with O_EXCL
  return absl::OkStatus();
}

absl::Status CheckDistinctOutputs(const std::vector<std::pair<std::string, std::string>>& flag_paths) {
  std::map<std::string, std::string> flag_of_file;
  for (const auto& [flag, path] : flag_paths) {
    if (path.empty()) continue;
    absl::StatusOr<OutputTarget> target = ResolveOutput(path);
    if (!target.ok()) return absl::InvalidArgumentError(absl::StrCat(flag, ": ", target.status().message()));
    if (target->is_stream()) continue;
    // The file's identity: its inode when it exists, else its folder's
    // canonical path and its name.
    std::string identity;
    struct stat info {};
    if (::stat(target->path.c_str(), &info) == 0) {
      identity = absl::StrCat("inode ", info.st_dev, ":", info.st_ino);
    } else {
      char folder[PATH_MAX];
      const std::string folder_path = FolderOf(target->path);
      const std::string name = target->path.substr(target->path.rfind('/') == std::string::npos
                                                       ? 0
                                                       : target->path.rfind('/') + 1);
      identity = absl::StrCat(::realpath(folder_path.c_str(), folder) ? folder : folder_path.c_str(), "/", name);
    }
    auto [it, inserted] = flag_of_file.emplace(identity, flag);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(it->second, " and ", flag, " name the same file (", path,
                                                     "): one would replace the other; give each output its own path"));
    }
  }
  return absl::OkStatus();
}

OutputCheck CheckOutputFlags(const std::vector<std::pair<std::string, std::string>>& flag_paths) {
  OutputCheck check;
  for (const auto& [flag, path] : flag_paths) {
    if (path.empty()) continue;
    absl::StatusOr<OutputTarget> target = ResolveOutput(path);
    absl::Status status = target.ok() ? CheckOutputWritable(path) : target.status();
    if (!status.ok()) {
      check.unusable.push_back(path);
      check.status = absl::InvalidArgumentError(absl::StrCat(flag, ": ", status.message()));
      return check;
    }
    if (target->is_stream()) check.streams.push_back(path);
  }
  check.status = CheckDistinctOutputs(flag_paths);
  if (!check.status.ok()) {
    for (const auto& [flag, path] : flag_paths) check.unusable.push_back(path);
  }
  return check;
}

}  // namespace spinecheck

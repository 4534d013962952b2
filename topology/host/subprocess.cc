// Hand-written on POSIX (posix_spawn, poll, waitpid): no process library is
// among the project's dependencies, and what is needed is small. posix_spawn
// rather than fork keeps the child safe in a threaded MPI rank.
#include "topology/host/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

extern char** environ;

namespace spinecheck {
namespace {

// How long a SIGKILLed program is waited for before it is left unreaped.
constexpr absl::Duration kReapLimit = absl::Seconds(5);

absl::Status ErrnoError(const std::string& what, int errno_value) {
  return absl::InternalError(absl::StrCat(what, " failed: ", std::strerror(errno_value)));
}

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    Reset(std::exchange(other.fd_, -1));
    return *this;
  }
  ~Fd() { Close(); }
  int get() const { return fd_; }
  void Reset(int fd) {
    Close();
    fd_ = fd;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// posix_spawn_file_actions_t released when it goes out of scope.
class FileActions {
 public:
  FileActions() { ok_ = posix_spawn_file_actions_init(&actions_) == 0; }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  ~FileActions() {
    if (ok_) posix_spawn_file_actions_destroy(&actions_);
  }
  bool ok() const { return ok_; }
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
  bool ok_ = false;
};

bool IsExecutableFile(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// Milliseconds until `deadline` for poll(): 0 when past, -1 when infinite.
int PollTimeoutMs(absl::Time deadline) {
  if (deadline == absl::InfiniteFuture()) return -1;
  const absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) return 0;
  return static_cast<int>(std::min<int64_t>(absl::ToInt64Milliseconds(absl::Ceil(left, absl::Milliseconds(1))),
                                            1 << 30));
}

enum class WaitResult {
  kReaped,   // ended; its wait status is known
  kRunning,  // still running at the deadline
  kGone,     // not waitable (SIGCHLD ignored by the caller): ended, status unknown
};

// Waits for `pid` until `deadline`.
WaitResult WaitUntil(pid_t pid, absl::Time deadline, int& status) {
  while (true) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return WaitResult::kReaped;
    if (done < 0 && errno != EINTR) return WaitResult::kGone;
    if (absl::Now() >= deadline) return WaitResult::kRunning;
    absl::SleepFor(absl::Milliseconds(5));
  }
}

}  // namespace

absl::StatusOr<std::string> FindExecutable(const std::string& name) {
  if (name.empty()) return absl::NotFoundError("no program name given");
  if (name.find('/') != std::string::npos) {
    const std::string& path = name;
    if (IsExecutableFile(path)) return path;
    return absl::NotFoundError(absl::StrCat("'", path, "' is not an executable file"));
  }
  const char* path_variable = std::getenv("PATH");
  const std::string search_path = path_variable != nullptr ? path_variable : "/usr/bin:/bin";
  for (absl::string_view dir : absl::StrSplit(search_path, ':')) {
    // An empty entry means the current folder, as for execvp.
    std::string candidate = absl::StrCat(dir.empty() ? "." : dir, "/", name);
    if (IsExecutableFile(candidate)) return candidate;
  }
  return absl::NotFoundError(absl::StrCat("'", name, "' is not on PATH (", search_path, ")"));
}

namespace {

// The time a program started now must end by.
absl::Time DeadlineOf(const SubprocessOptions& options) {
  return options.timeout == absl::InfiniteDuration() ? absl::InfiniteFuture() : absl::Now() + options.timeout;
}

// Starts argv[0] with `argv`; sets `pid` and the read ends of its stdout
// and stderr pipes.
absl::Status Spawn(const std::vector<std::string>& argv, pid_t& pid, std::array<Fd, 2>& read_ends) {
  if (argv.empty()) return absl::InvalidArgumentError("no program to run");
  // Pipes for stdout and stderr; the child's ends are dup2'ed onto 1 and 2,
  // every other descriptor is closed in the child (O_CLOEXEC and closefrom).
  std::array<Fd, 2> write_ends;
  for (int i = 0; i < 2; ++i) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return ErrnoError("pipe2", errno);
    read_ends[i].Reset(fds[0]);
    write_ends[i].Reset(fds[1]);
  }

  FileActions actions;
  if (!actions.ok()) return absl::InternalError("posix_spawn_file_actions_init failed");
  int rc = posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (rc == 0) rc = posix_spawn_file_actions_adddup2(actions.get(), write_ends[0].get(), STDOUT_FILENO);
  if (rc == 0) rc = posix_spawn_file_actions_adddup2(actions.get(), write_ends[1].get(), STDERR_FILENO);
  if (rc == 0) rc = posix_spawn_file_actions_addclosefrom_np(actions.get(), STDERR_FILENO + 1);
  if (rc != 0) return ErrnoError("posix_spawn_file_actions", rc);

  posix_spawnattr_t attributes;
  if ((rc = posix_spawnattr_init(&attributes)) != 0) return ErrnoError("posix_spawnattr_init", rc);
  // Its own process group, so that a timeout stops its children too; the
  // default signal dispositions and an empty mask whatever the caller set.
  sigset_t default_signals, empty_mask;
  sigfillset(&default_signals);
  sigemptyset(&empty_mask);
  rc = posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  if (rc == 0) rc = posix_spawnattr_setpgroup(&attributes, 0);
  if (rc == 0) rc = posix_spawnattr_setsigdefault(&attributes, &default_signals);
  if (rc == 0) rc = posix_spawnattr_setsigmask(&attributes, &empty_mask);
  if (rc != 0) {
    posix_spawnattr_destroy(&attributes);
    return ErrnoError("posix_spawnattr", rc);
  }

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  rc = posix_spawn(&pid, argv[0].c_str(), actions.get(), &attributes, args.data(), environ);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) return ErrnoError(absl::StrCat("starting '", argv[0], "'"), rc);
  return absl::OkStatus();
}

// Reads the output of the program `pid` and waits for it, stopping it at
// `deadline` (see SubprocessOptions).
absl::StatusOr<SubprocessResult> Collect(pid_t pid, std::array<Fd, 2>& read_ends, absl::Time deadline,
                                         const SubprocessOptions& options) {
  SubprocessResult result;
  std::array<std::string*, 2> outputs = {&result.out, &result.err};
  std::array<bool, 2> open = {true, true};
  int status = 0;
  WaitResult waited = WaitResult::kRunning;
  absl::Time kill_at = absl::InfiniteFuture();  // SIGKILL time, once SIGTERM has been sent
  char buffer[65536];
  while (true) {
    if (waited == WaitResult::kRunning) waited = WaitUntil(pid, absl::InfinitePast(), status);
    const bool exited = waited != WaitResult::kRunning;
    const bool reading = open[0] || open[1];
    const absl::Time now = absl::Now();
    // Done once it has ended and its output is read. A descendant may keep
    // the pipes open after it ended: its output is then read for as long as
    // data keeps coming, until the deadline.
    if (exited && (!reading || now >= deadline)) break;
    if (!exited) {
      if (!result.timed_out && now >= deadline) {
        result.timed_out = true;
        if (options.kill_grace > absl::ZeroDuration()) {
          ::kill(-pid, SIGTERM);
          kill_at = now + options.kill_grace;
        } else {
          kill_at = now;
        }
      }
      if (now >= kill_at) {
        ::kill(-pid, SIGKILL);
        break;  // its descendants may hold the pipes open: stop reading
      }
    }
    // Wake for the next event, and at least every 50 ms to see whether it
    // has ended.
    const absl::Time wake = std::min({result.timed_out ? kill_at : deadline, now + absl::Milliseconds(50)});
    if (!reading) {
      absl::SleepFor(std::min(wake - now, absl::Milliseconds(5)));
      continue;
    }
    std::array<pollfd, 2> polled;
    std::array<int, 2> which;
    nfds_t count = 0;
    for (int i = 0; i < 2; ++i) {
      if (!open[i]) continue;
      polled[count] = pollfd{read_ends[i].get(), POLLIN, 0};
      which[count++] = i;
    }
    const int ready = ::poll(polled.data(), count, PollTimeoutMs(wake));
    if (ready < 0) {
      if (errno == EINTR) continue;
      const int poll_errno = errno;
      ::kill(-pid, SIGKILL);
      WaitUntil(pid, absl::Now() + kReapLimit, status);
      return ErrnoError("poll", poll_errno);
    }
    if (ready == 0 && exited) break;  // ended, and nothing more came for 50 ms
    for (nfds_t k = 0; k < count; ++k) {
      if (polled[k].revents == 0) continue;
      const int i = which[k];
      const ssize_t n = ::read(read_ends[i].get(), buffer, sizeof(buffer));
      if (n > 0) {
        std::string& output = *outputs[i];
        if (output.size() < options.max_output_bytes) {
          output.append(buffer, std::min<size_t>(static_cast<size_t>(n), options.max_output_bytes - output.size()));
        }
      } else if (n == 0 || errno != EINTR) {
        open[i] = false;
      }
    }
  }
  if (waited == WaitResult::kRunning) waited = WaitUntil(pid, absl::Now() + kReapLimit, status);
  result.reaped = waited != WaitResult::kRunning;
  if (waited == WaitResult::kReaped) {
    if (WIFEXITED(status)) {
      result.exited = true;
      result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      result.signal = WTERMSIG(status);
    }
  } else if (waited == WaitResult::kRunning) {
    result.signal = SIGKILL;
  }
  return result;
}

}  // namespace

absl::StatusOr<SubprocessResult> RunSubprocess(const std::vector<std::string>& argv, const SubprocessOptions& options) {
  const absl::Time deadline = DeadlineOf(options);
  pid_t pid = -1;
  std::array<Fd, 2> read_ends;
  if (absl::Status spawned = Spawn(argv, pid, read_ends); !spawned.ok()) return spawned;
  return Collect(pid, read_ends, deadline, options);
}

absl::StatusOr<std::unique_ptr<Subprocess>> Subprocess::Start(const std::vector<std::string>& argv,
                                                             const SubprocessOptions& options) {
  const absl::Time deadline = DeadlineOf(options);
  pid_t pid = -1;
  std::array<Fd, 2> read_ends;
  if (absl::Status spawned = Spawn(argv, pid, read_ends); !spawned.ok()) return spawned;
  std::unique_ptr<Subprocess> process(new Subprocess(pid));
  process->collector_ = std::thread([process = process.get(), pid, ends = std::move(read_ends), deadline,
                                     options]() mutable { process->result_ = Collect(pid, ends, deadline, options); });
  return process;
}

Subprocess::~Subprocess() { Wait(); }

const absl::StatusOr<SubprocessResult>& Subprocess::Wait() {
  if (collector_.joinable()) collector_.join();
  return result_;
}

}  // namespace spinecheck

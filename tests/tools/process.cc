#include "tests/tools/process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace spinecheck {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

StartedProcess StartProcess(const std::vector<std::string>& argv) {
  char out_path[] = "/tmp/spinecheck-test-out-XXXXXX";
  char err_path[] = "/tmp/spinecheck-test-err-XXXXXX";
  const int out_fd = mkstemp(out_path);
  const int err_fd = mkstemp(err_path);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    setpgid(0, 0);  // its own group, so a timeout kills mpirun and its ranks
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::perror("execvp");
    _exit(127);
  }
  // The group exists before this returns, whichever process runs first.
  setpgid(pid, pid);
  close(out_fd);
  close(err_fd);
  return {pid, out_path, err_path};
}

ProcessResult WaitProcess(const StartedProcess& process, int timeout_s) {
  ProcessResult result;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (waitpid(process.pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-process.pid, SIGKILL);
      waitpid(process.pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadFile(process.out_path);
  result.err = ReadFile(process.err_path);
  unlink(process.out_path.c_str());
  unlink(process.err_path.c_str());
  return result;
}

ProcessResult RunProcess(const std::vector<std::string>& argv, int timeout_s) {
  return WaitProcess(StartProcess(argv), timeout_s);
}

}  // namespace spinecheck

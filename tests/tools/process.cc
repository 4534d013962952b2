#include "tests/tools/process.h"

#include <cstdio>
#include <cstdlib>

#include "absl/time/time.h"

namespace spinecheck {
namespace {

// The program could not be found or started: a test failure, said on stderr
// and as exit code 127 (the shell's "command not found").
ProcessResult NotStarted(const absl::Status& status) {
  std::fprintf(stderr, "tests/tools/process: %s\n", std::string(status.message()).c_str());
  return {127, "", std::string(status.message())};
}

ProcessResult ResultOf(const absl::StatusOr<SubprocessResult>& result) {
  if (!result.ok()) return NotStarted(result.status());
  return {result->exited ? result->exit_code : 128 + result->signal, result->out, result->err};
}

// argv with argv[0] found on PATH; empty when it cannot be.
absl::StatusOr<std::vector<std::string>> Resolved(std::vector<std::string> argv) {
  if (argv.empty()) return absl::InvalidArgumentError("no program to run");
  absl::StatusOr<std::string> program = FindExecutable(argv[0]);
  if (!program.ok()) return program.status();
  argv[0] = *program;
  return argv;
}

SubprocessOptions OptionsOf(int timeout_s) {
  SubprocessOptions options;
  options.timeout = absl::Seconds(timeout_s);
  return options;  // SIGKILL to the group at the timeout: mpirun and its ranks
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv, int timeout_s) {
  absl::StatusOr<std::vector<std::string>> resolved = Resolved(argv);
  if (!resolved.ok()) return NotStarted(resolved.status());
  return ResultOf(RunSubprocess(*resolved, OptionsOf(timeout_s)));
}

StartedProcess StartProcess(const std::vector<std::string>& argv, int timeout_s) {
  absl::StatusOr<std::vector<std::string>> resolved = Resolved(argv);
  if (!resolved.ok()) return {};
  absl::StatusOr<std::unique_ptr<Subprocess>> started = Subprocess::Start(*resolved, OptionsOf(timeout_s));
  if (!started.ok()) {
    NotStarted(started.status());
    return {};
  }
  std::shared_ptr<Subprocess> process = *std::move(started);
  return {process->pid(), process};
}

ProcessResult WaitProcess(const StartedProcess& started) {
  if (started.process == nullptr) return NotStarted(absl::FailedPreconditionError("the program did not start"));
  return ResultOf(started.process->Wait());
}

}  // namespace spinecheck

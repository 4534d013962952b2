#include "reports/writers/progress_line.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"

namespace spinecheck {
namespace {

// "\r" to the line's start, then ECMA-48 "erase in line" (whole line).
constexpr char kEraseLine[] = "\r\x1b[2K";

std::string Seconds(absl::Duration duration) {
  return absl::StrCat(absl::ToInt64Seconds(duration), " s");
}

// Whether the parent process (mpirun, for a rank it started on its own
// host) writes its standard output to a terminal.
bool ParentOutputIsTerminal() {
  char target[256];
  const std::string link = absl::StrCat("/proc/", getppid(), "/fd/1");
  const ssize_t length = readlink(link.c_str(), target, sizeof(target) - 1);
  if (length <= 0) return false;
  const absl::string_view path(target, static_cast<size_t>(length));
  return absl::StartsWith(path, "/dev/pts/") || absl::StartsWith(path, "/dev/tty");
}

}  // namespace

ProgressLine::ProgressLine(std::FILE* out, bool enabled) : out_(out), enabled_(enabled && out != nullptr) {
  if (enabled_) ticker_ = std::thread([this] { Tick(); });
}

ProgressLine::~ProgressLine() {
  {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    stopping_ = true;
    EraseLocked();
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

bool ProgressLine::ShouldDraw(std::FILE* out) {
  if (out == nullptr || isatty(fileno(out)) != 1) return false;
  const char* term = std::getenv("TERM");
  if (term == nullptr || *term == '\0' || std::strcmp(term, "dumb") == 0) return false;
  if (std::getenv("OMPI_COMM_WORLD_RANK") == nullptr) return true;
  return ParentOutputIsTerminal();
}

void ProgressLine::Begin(std::string label, absl::Duration planned) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  label_ = std::move(label);
  started_ = absl::Now();
  planned_ = planned;
  if (!enabled_) return;
  active_ = true;
  DrawLocked();
}

void ProgressLine::End() {
  if (!enabled_) return;
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  active_ = false;
  EraseLocked();
}

std::string ProgressLine::TextAt(absl::Time now) const {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  return TextLocked(now);
}

std::string ProgressLine::TextLocked(absl::Time now) const {
  std::string text = absl::StrCat(label_, ": ", Seconds(now - started_));
  if (planned_ > absl::ZeroDuration()) absl::StrAppend(&text, " of ", Seconds(planned_));
  return text;
}

void ProgressLine::DrawLocked() {
  if (!active_ || stopping_ || paused_ > 0) return;
  std::fputs(kEraseLine, out_);
  std::fputs(TextLocked(absl::Now()).c_str(), out_);
  std::fflush(out_);
  drawn_ = true;
}

void ProgressLine::EraseLocked() {
  if (!drawn_) return;
  std::fputs(kEraseLine, out_);
  std::fflush(out_);
  drawn_ = false;
}

void ProgressLine::Tick() {
  std::unique_lock<std::recursive_mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::seconds(1));
    DrawLocked();
  }
}

ProgressLine::Pause::Pause(ProgressLine& line) : line_(line) {
  if (!line_.enabled_) return;
  lock_ = std::unique_lock<std::recursive_mutex>(line_.mutex_);
  ++line_.paused_;
  line_.EraseLocked();
}

ProgressLine::Pause::~Pause() {
  if (!lock_.owns_lock()) return;
  --line_.paused_;
  line_.DrawLocked();
}

}  // namespace spinecheck

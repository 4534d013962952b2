// ProgressLine: a status line at the foot of a terminal for long runs
// ("burn gemm: 12 s of 30 s"), rewritten in place once a second.
//
// It draws only when its stream is a terminal (see ShouldDraw): in a log
// file or a pipe it writes nothing, so logs keep only the table. Thread-safe:
// a ticker thread redraws the line while a phase runs. Code that prints
// other output to the same stream holds a Pause around it, which erases the
// line first and draws it again afterwards; Begin may be called under a Pause.
#ifndef SPINECHECK_REPORTS_WRITERS_PROGRESS_LINE_H_
#define SPINECHECK_REPORTS_WRITERS_PROGRESS_LINE_H_

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "absl/time/time.h"

namespace spinecheck {

class ProgressLine {
 public:
  // Draws on `out` when `enabled`; see ShouldDraw for the usual choice.
  ProgressLine(std::FILE* out, bool enabled);
  ~ProgressLine();  // stops the ticker and erases the line
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // True when `out` is a terminal, TERM is set and not "dumb", and, under
  // Open MPI's mpirun (which gives every rank a pseudo-terminal even when
  // its own output goes to a file), mpirun's standard output is a terminal
  // too. A rank whose parent is a remote daemon therefore never draws.
  static bool ShouldDraw(std::FILE* out);

  bool enabled() const { return enabled_; }

  // Shows `label`, then the time since this call ("12 s"), then " of
  // PLANNED" when `planned` is above zero; redrawn every second until the
  // next Begin or End.
  void Begin(std::string label, absl::Duration planned = absl::ZeroDuration());
  // Erases the line and stops redrawing it until the next Begin.
  void End();

  // Holds the line erased while other output goes to the stream.
  class Pause {
   public:
    explicit Pause(ProgressLine& line);
    ~Pause();
    Pause(const Pause&) = delete;
    Pause& operator=(const Pause&) = delete;

   private:
    ProgressLine& line_;
    std::unique_lock<std::recursive_mutex> lock_;
  };

  // The line as drawn at `now` (for tests): label, elapsed, planned.
  std::string TextAt(absl::Time now) const;

 private:
  std::string TextLocked(absl::Time now) const;
  void DrawLocked();
  void EraseLocked();
  void Tick();

  std::FILE* out_;
  const bool enabled_;
  mutable std::recursive_mutex mutex_;  // recursive: Begin under a Pause
  std::condition_variable_any wake_;
  std::string label_;
  absl::Time started_ = absl::InfinitePast();
  absl::Duration planned_ = absl::ZeroDuration();
  bool active_ = false;
  int paused_ = 0;  // Pauses held: the line stays erased while output goes out
  bool drawn_ = false;
  bool stopping_ = false;
  std::thread ticker_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_PROGRESS_LINE_H_

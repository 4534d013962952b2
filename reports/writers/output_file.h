// Writing an output file (the result document, a report view, a baseline)
// without ever damaging what the path names. spinecheck runs as root: a path
// may be /dev/null, /dev/stdout, a FIFO, a symbolic link or a disk.
//
//  - A regular file, or a path that does not exist yet: written atomically,
//    through a temporary file that spinecheck creates (O_EXCL) in the same
//    folder, flushed and renamed over the path. A reader never sees half a
//    file, and a crash leaves the old file or the new one. An existing
//    file's owner and permission bits are kept.
//  - A symbolic link: followed (chains too, and a link to a file that does
//    not exist yet); the file it names is written as above, in its folder.
//    The link stays a link.
//  - The process's own descriptors (/dev/stdout, /dev/stderr, /dev/fd/N,
//    /proc/self/fd/N): written to that descriptor, at its current offset.
//  - A character device or a FIFO: opened and written directly, never
//    replaced (a FIFO waits up to kFifoReaderWait_s for a reader).
//  - A block device, a folder or a socket: refused, naming the path.
//
// Nothing that spinecheck did not create is ever renamed over or unlinked.
#ifndef SPINECHECK_REPORTS_WRITERS_OUTPUT_FILE_H_
#define SPINECHECK_REPORTS_WRITERS_OUTPUT_FILE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace spinecheck {

// How long writing to a FIFO waits for a reader to open it.
inline constexpr int kFifoReaderWait_s = 10;

struct OutputTarget {
  enum class Kind {
    kReplaceable,  // a regular file or a new one: atomic replacement of `path`
    kDescriptor,   // one of this process's descriptors: `descriptor`
    kStream,       // a character device or a FIFO: `path`, opened and written
  };
  Kind kind = Kind::kReplaceable;
  std::string path;     // the file the bytes go to, symbolic links resolved
  int descriptor = -1;  // kDescriptor only
  // A stream takes each write as more bytes, so a run that rewrites its
  // document as results arrive writes a stream once, when it ends.
  bool is_stream() const { return kind != Kind::kReplaceable; }
};

// Where `path` leads, without creating or changing anything. Errors
// (kInvalidArgument) name the path and the fix: a block device, a folder, a
// socket, a symbolic-link loop, a missing folder.
absl::StatusOr<OutputTarget> ResolveOutput(const std::string& path);

// Whether `path` can be written, checked before anything is measured,
// without writing it: resolved as above, and for a regular file or a new
// one, a temporary file created beside it and removed again.
absl::Status CheckOutputWritable(const std::string& path);

// Writes `content` to `path` as described above. Fails with the path and the
// system's reason; never leaves a temporary file behind.
absl::Status WriteOutputFile(const std::string& path, const std::string& content);

// kInvalidArgument when two of the (flag, path) outputs are the same file
// (equal after symbolic links are resolved, or the same inode): the last
// writer would win and a document would be lost. Streams (/dev/null,
// /dev/stdout, a FIFO) may be shared; empty paths are ignored.
absl::Status CheckDistinctOutputs(const std::vector<std::pair<std::string, std::string>>& flag_paths);

// Every output a command was given, before it measures anything.
struct OutputCheck {
  // OK; or kInvalidArgument "FLAG: reason" for the first output that cannot
  // be written, or naming two outputs that are the same file.
  absl::Status status;
  std::vector<std::string> streams;   // outputs that are streams (written once)
  std::vector<std::string> unusable;  // outputs found unusable (never to be written)
};
// Checks each (flag, path) with ResolveOutput and CheckOutputWritable (an
// empty path was not asked for), then CheckDistinctOutputs; two outputs that
// are the same file are both unusable (which would win is arbitrary).
OutputCheck CheckOutputFlags(const std::vector<std::pair<std::string, std::string>>& flag_paths);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_OUTPUT_FILE_H_

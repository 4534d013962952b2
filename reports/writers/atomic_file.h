// Writing output files so that a reader never sees half a file.
#ifndef SPINECHECK_REPORTS_WRITERS_ATOMIC_FILE_H_
#define SPINECHECK_REPORTS_WRITERS_ATOMIC_FILE_H_

#include <string>

#include "absl/status/status.h"

namespace spinecheck {

// Writes `content` to `path` through a temporary file in the same folder,
// flushed to disk and renamed over `path`. A crash leaves either the old file
// or the new one. Fails with the path and the system's reason.
absl::Status WriteFileAtomically(const std::string& path, const std::string& content);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_ATOMIC_FILE_H_

// The history store: one SQLite file of runs and their measurements, for
// scheduled regression reports ("what got slower, keyed by host and GPU UUID").
//
// Schema version 1 (PRAGMA user_version = 1):
//   runs(id, start_time, command, configuration_key, platform, hosts,
//        verdict, file, added_at), unique on (start_time, command, hosts);
//   measurements(run_id, kind, component, size_bytes, host, metric, unit,
//        higher_is_better, value), see MeasurementRow.
// The file uses WAL journaling, so readers never block the writer and a
// crash leaves the last committed state.
#ifndef SPINECHECK_REPORTS_HISTORY_HISTORY_STORE_H_
#define SPINECHECK_REPORTS_HISTORY_HISTORY_STORE_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reports/history/regressions.h"
#include "reports/history/sqlite_db.h"
#include "reports/model/run_document.h"

namespace spinecheck {

inline constexpr int kHistorySchemaVersion = 1;

struct HistoryOptions {
  // Whether Open creates a store that does not exist yet (`history add`
  // does; reading a store that is not there is an error, so that a
  // mistyped path is never read as "no regression").
  bool create = false;
  // How long a write waits for another process's lock before kUnavailable.
  int busy_timeout_ms = 10000;
  // Testing only: called after each measurement row is inserted (row index
  // from 0), inside Add's transaction; a non-OK status aborts the Add.
  std::function<absl::Status(int)> after_measurement_for_testing;
};

// What Add stored.
struct AddedRun {
  int64_t id = 0;
  int measurements = 0;
};

// One open history file. Movable, not copyable. Not thread-safe: use one
// store per thread; several processes may share the file.
class HistoryStore {
 public:
  // Opens the history at `path` (a symbolic link is followed), creating the
  // file and the schema when absent and `options.create`. Fails with
  // kNotFound when it is absent and not to be created, or holds no
  // spinecheck history; kInvalidArgument when it is not a regular file (a
  // folder, a device, a FIFO); kFailedPrecondition when its schema version
  // is newer than this spinecheck reads (message names both versions);
  // kUnavailable when another process holds its lock past the busy timeout;
  // kInternal "PATH: ..." when it is not an SQLite database or cannot be
  // opened.
  static absl::StatusOr<HistoryStore> Open(const std::string& path, const HistoryOptions& options = {});

  // Stores `document` (the run row and MeasurementRows) in one transaction:
  // on any error nothing of it is stored. `label` names where the run came
  // from, typically the path of its JSON document (stored as `file`; empty:
  // the document's source.file). Fails with kAlreadyExists when a run with
  // the same start_time, command and hosts is stored (naming the stored
  // run), kInvalidArgument for a document without start_time.
  absl::StatusOr<AddedRun> Add(const RunDocument& document, absl::string_view label);

  // Runs stored.
  absl::StatusOr<int64_t> RunCount();

  // The newest run of the configuration (RegressionOptions) against the
  // rolling median of the runs before it; see FindRegressions. An empty
  // store gives a report with a note, not an error.
  absl::StatusOr<RegressionReport> Regressions(const RegressionOptions& options);

 private:
  HistoryStore(SqliteDb db, HistoryOptions options) : db_(std::move(db)), options_(std::move(options)) {}
  absl::Status EnsureSchema();
  absl::StatusOr<AddedRun> AddInTransaction(const RunDocument& document, absl::string_view label);

  SqliteDb db_;
  HistoryOptions options_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_HISTORY_HISTORY_STORE_H_

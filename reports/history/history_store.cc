#include "reports/history/history_store.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "reports/baseline/platform.h"
#include "reports/history/run_rows.h"
#include "reports/model/status_macros.h"

namespace spinecheck {
namespace {

constexpr char kSchemaV1[] = R"sql(
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  start_time TEXT NOT NULL,
  command TEXT NOT NULL,
  configuration_key TEXT NOT NULL,
  platform TEXT NOT NULL,
  hosts TEXT NOT NULL,
  verdict TEXT NOT NULL,
  file TEXT NOT NULL,
  added_at TEXT NOT NULL,
  UNIQUE(start_time, command, hosts));
CREATE INDEX runs_by_configuration ON runs(configuration_key, start_time);
CREATE TABLE measurements(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  component TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  host TEXT NOT NULL,
  metric TEXT NOT NULL,
  unit TEXT NOT NULL,
  higher_is_better INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY(run_id, kind, component, size_bytes, metric));
PRAGMA user_version = 1;
)sql";

}  // namespace

absl::StatusOr<HistoryStore> HistoryStore::Open(const std::string& path, const HistoryOptions& options) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno != ENOENT || !options.create) {
      return absl::NotFoundError(absl::StrCat(path, ": no history store there (", std::strerror(errno),
                                              "); check --db, or create one with `spinecheck report history add`"));
    }
  } else if (!S_ISREG(info.st_mode)) {
    // SQLite would put its -wal and -shm files beside a device or a FIFO.
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a regular file; a history store is an SQLite file"));
  }
  SPINECHECK_ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(path, options.busy_timeout_ms, options.create));
  HistoryStore store(std::move(db), options);
  SPINECHECK_RETURN_IF_ERROR(store.EnsureSchema());
  return store;
}

absl::Status HistoryStore::EnsureSchema() {
  SPINECHECK_ASSIGN_OR_RETURN(int64_t version, db_.QueryInt("PRAGMA user_version"));
  if (version > kHistorySchemaVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat(db_.path(), ": history schema version ", version, " is newer than this spinecheck reads (",
                     kHistorySchemaVersion, "); use a newer spinecheck"));
  }
  // WAL: the journal mode is kept in the file; FULL sync makes each commit durable.
  SPINECHECK_RETURN_IF_ERROR(db_.Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                                      "PRAGMA foreign_keys = ON"));
  if (version == kHistorySchemaVersion) return absl::OkStatus();
  if (!options_.create) {
    return absl::NotFoundError(absl::StrCat(db_.path(), ": holds no spinecheck history (schema version 0); create it "
                                            "with `spinecheck report history add`"));
  }
  // Version 0: a new file. Another process may be creating it too; the
  // write lock decides, and the version is read again under it.
  SPINECHECK_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  absl::StatusOr<int64_t> again = db_.QueryInt("PRAGMA user_version");
  absl::Status status = again.status();
  if (status.ok() && *again == 0) status = db_.Exec(kSchemaV1);
  if (status.ok()) status = db_.Exec("COMMIT");
  if (!status.ok()) {
    (void)db_.Exec("ROLLBACK");
    return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<AddedRun> HistoryStore::Add(const RunDocument& document, absl::string_view label) {
  if (document.start_time.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot add ", label.empty() ? "a run" : label,
                                                   " to the history: it has no start_time"));
  }
  SPINECHECK_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  absl::StatusOr<AddedRun> added = AddInTransaction(document, label);
  if (!added.ok()) {
    (void)db_.Exec("ROLLBACK");
    return added.status();
  }
  if (absl::Status committed = db_.Exec("COMMIT"); !committed.ok()) {
    (void)db_.Exec("ROLLBACK");  // leave no transaction open for the next Add
    return committed;
  }
  return added;
}

absl::StatusOr<AddedRun> HistoryStore::AddInTransaction(const RunDocument& document, absl::string_view label) {
  const std::string hosts = RunHosts(document);
  const std::string file = label.empty() ? document.source.file : std::string(label);
  {
    SPINECHECK_ASSIGN_OR_RETURN(
        SqliteStatement existing,
        db_.Prepare("SELECT id, file FROM runs WHERE start_time = ?1 AND command = ?2 AND hosts = ?3"));
    existing.Bind(1, document.start_time);
    existing.Bind(2, document.command);
    existing.Bind(3, hosts);
    SPINECHECK_ASSIGN_OR_RETURN(bool found, existing.Step());
    if (found) {
      return absl::AlreadyExistsError(absl::StrCat(
          db_.path(), ": the ", document.command, " run started ", document.start_time, " on ", hosts,
          " is already stored as run ", existing.Int(0), " (", existing.Text(1).empty() ? "no file" : existing.Text(1),
          "); not added again"));
    }
  }
  SPINECHECK_ASSIGN_OR_RETURN(
      SqliteStatement insert_run,
      db_.Prepare("INSERT INTO runs(start_time, command, configuration_key, platform, hosts, verdict, file, added_at) "
                  "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id"));
  insert_run.Bind(1, document.start_time);
  insert_run.Bind(2, document.command);
  insert_run.Bind(3, ConfigurationKey(document));
  insert_run.Bind(4, PlatformKey(document));
  insert_run.Bind(5, hosts);
  insert_run.Bind(6, std::string(VerdictStatusName(document.verdict.status)));
  insert_run.Bind(7, file);
  insert_run.Bind(8, NowRfc3339());
  SPINECHECK_ASSIGN_OR_RETURN(bool row, insert_run.Step());
  if (!row) return absl::InternalError(absl::StrCat(db_.path(), ": inserting the run returned no id"));
  AddedRun added;
  added.id = insert_run.Int(0);

  SPINECHECK_ASSIGN_OR_RETURN(
      SqliteStatement insert,
      db_.Prepare("INSERT INTO measurements(run_id, kind, component, size_bytes, host, metric, unit, "
                  "higher_is_better, value) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  for (const MeasurementRow& measurement : MeasurementRows(document)) {
    insert.Bind(1, added.id);
    insert.Bind(2, measurement.kind);
    insert.Bind(3, measurement.component);
    insert.Bind(4, static_cast<int64_t>(measurement.size_bytes));
    insert.Bind(5, measurement.host);
    insert.Bind(6, measurement.metric);
    insert.Bind(7, measurement.unit);
    insert.Bind(8, int64_t{measurement.higher_is_better ? 1 : 0});
    insert.Bind(9, measurement.value);
    SPINECHECK_RETURN_IF_ERROR(insert.Run());
    if (options_.after_measurement_for_testing) {
      SPINECHECK_RETURN_IF_ERROR(options_.after_measurement_for_testing(added.measurements));
    }
    ++added.measurements;
  }
  return added;
}

absl::StatusOr<int64_t> HistoryStore::RunCount() { return db_.QueryInt("SELECT count(*) FROM runs"); }

absl::StatusOr<RegressionReport> HistoryStore::Regressions(const RegressionOptions& options) {
  std::string key = options.configuration_key;
  if (key.empty()) {
    SPINECHECK_ASSIGN_OR_RETURN(SqliteStatement newest,
                                db_.Prepare("SELECT configuration_key FROM runs ORDER BY start_time DESC, id DESC "
                                            "LIMIT 1"));
    SPINECHECK_ASSIGN_OR_RETURN(bool found, newest.Step());
    if (!found) {
      RegressionReport report;
      report.note = "the history holds no runs";
      return report;
    }
    key = newest.Text(0);
  }
  SPINECHECK_ASSIGN_OR_RETURN(
      SqliteStatement select,
      db_.Prepare("SELECT r.id, r.start_time, r.file, m.kind, m.component, m.size_bytes, m.host, m.metric, m.unit, "
                  "m.higher_is_better, m.value FROM runs r LEFT JOIN measurements m ON m.run_id = r.id "
                  "WHERE r.configuration_key = ?1 ORDER BY r.start_time, r.id"));
  select.Bind(1, key);
  std::vector<StoredRun> runs;
  while (true) {
    SPINECHECK_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    const int64_t id = select.Int(0);
    if (runs.empty() || runs.back().id != id) runs.push_back(StoredRun{id, select.Text(1), select.Text(2), {}});
    if (select.Text(3).empty()) continue;  // a run without measurements
    runs.back().measurements.push_back(MeasurementRow{select.Text(3), select.Text(4),
                                                      static_cast<uint64_t>(select.Int(5)), select.Text(6),
                                                      select.Text(7), select.Text(8), select.Int(9) != 0,
                                                      select.Double(10)});
  }
  RegressionReport report = FindRegressions(runs, options);
  report.configuration_key = key;
  return report;
}

}  // namespace spinecheck

// A thin adapter over the SQLite C API: owns the connection and statements,
// turns every SQLite error into an absl::Status naming the database file.
// Written by hand because the C API is all Debian ships (no C++ wrapper
// package), and the history needs only prepare/bind/step.
#ifndef SPINECHECK_REPORTS_HISTORY_SQLITE_DB_H_
#define SPINECHECK_REPORTS_HISTORY_SQLITE_DB_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct sqlite3;
struct sqlite3_stmt;

namespace spinecheck {

class SqliteStatement;

// One open database connection. Movable, not copyable; closes on destruction.
class SqliteDb {
 public:
  // Opens the database at `path` (creating it when absent and `create`),
  // with `busy_timeout_ms` of waiting for another writer's lock.
  static absl::StatusOr<SqliteDb> Open(const std::string& path, int busy_timeout_ms, bool create = true);

  // Runs one or more statements that return no rows needed by the caller.
  absl::Status Exec(absl::string_view sql);
  absl::StatusOr<SqliteStatement> Prepare(absl::string_view sql);
  // The single integer the query returns (PRAGMA user_version).
  absl::StatusOr<int64_t> QueryInt(absl::string_view sql);

  // kInternal "PATH: <what>: <sqlite message>", or kUnavailable for a busy
  // database.
  absl::Status Error(absl::string_view what) const;
  const std::string& path() const { return path_; }

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  SqliteDb(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}

  std::string path_;
  std::unique_ptr<sqlite3, Closer> db_;
};

// One prepared statement; bind 1-based parameters, Step, read 0-based columns.
class SqliteStatement {
 public:
  void Bind(int index, absl::string_view text);
  void Bind(int index, int64_t value);
  void Bind(int index, double value);
  // True with a row to read, false when done.
  absl::StatusOr<bool> Step();
  // Steps a statement that returns no row.
  absl::Status Run();
  std::string Text(int column) const;
  int64_t Int(int column) const;
  double Double(int column) const;

 private:
  friend class SqliteDb;
  struct Finalizer {
    void operator()(sqlite3_stmt* statement) const;
  };
  SqliteStatement(const SqliteDb* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}

  const SqliteDb* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> statement_;
};

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_HISTORY_SQLITE_DB_H_

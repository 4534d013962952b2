#include "reports/history/sqlite_db.h"

#include <sqlite3.h>

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace spinecheck {

void SqliteDb::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }
void SqliteStatement::Finalizer::operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }

absl::StatusOr<SqliteDb> SqliteDb::Open(const std::string& path, int busy_timeout_ms, bool create) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), nullptr);
  SqliteDb db(path, raw);  // owns `raw` even when the open failed
  if (rc != SQLITE_OK) return db.Error("cannot open");
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  return db;
}

absl::Status SqliteDb::Error(absl::string_view what) const {
  const char* message = db_ ? sqlite3_errmsg(db_.get()) : "out of memory";
  const int code = db_ ? sqlite3_errcode(db_.get()) : SQLITE_NOMEM;
  const std::string text = absl::StrCat(path_, ": ", what, ": ", message);
  // Extended result codes are on: SQLITE_BUSY_SNAPSHOT is busy too.
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) return absl::UnavailableError(text);
  return absl::InternalError(text);
}

absl::Status SqliteDb::Exec(absl::string_view sql) {
  const std::string text(sql);
  if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Error(absl::StrCat("\"", text.substr(0, 40), "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<SqliteStatement> SqliteDb::Prepare(absl::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &statement, nullptr) != SQLITE_OK) {
    return Error(absl::StrCat("cannot prepare \"", sql.substr(0, 40), "\""));
  }
  return SqliteStatement(this, statement);
}

absl::StatusOr<int64_t> SqliteDb::QueryInt(absl::string_view sql) {
  absl::StatusOr<SqliteStatement> statement = Prepare(sql);
  if (!statement.ok()) return statement.status();
  absl::StatusOr<bool> row = statement->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::InternalError(absl::StrCat(path_, ": \"", sql, "\" returned no row"));
  return statement->Int(0);
}

void SqliteStatement::Bind(int index, absl::string_view text) {
  sqlite3_bind_text(statement_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}
void SqliteStatement::Bind(int index, int64_t value) { sqlite3_bind_int64(statement_.get(), index, value); }
void SqliteStatement::Bind(int index, double value) { sqlite3_bind_double(statement_.get(), index, value); }

absl::StatusOr<bool> SqliteStatement::Step() {
  const int rc = sqlite3_step(statement_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->Error(absl::StrCat("\"", std::string(sqlite3_sql(statement_.get())).substr(0, 40), "\""));
}

absl::Status SqliteStatement::Run() {
  absl::StatusOr<bool> row = Step();
  if (!row.ok()) return row.status();
  sqlite3_reset(statement_.get());
  return absl::OkStatus();
}

std::string SqliteStatement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_.get(), column);
  return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text));
}
int64_t SqliteStatement::Int(int column) const { return sqlite3_column_int64(statement_.get(), column); }
double SqliteStatement::Double(int column) const { return sqlite3_column_double(statement_.get(), column); }

}  // namespace spinecheck

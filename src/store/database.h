// A small SQL database interface the rest of tamga writes to: SQLite (embedded, the default) and,
// later, PostgreSQL implement it. SQL text uses `?` placeholders and the portable subset of SQL
// both engines accept; the PostgreSQL implementation rewrites placeholders to $1, $2, ...
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tamga::store {

struct Error {
  std::string message;
  bool busy = false;  // the database was locked or a serialization conflict: retrying may succeed
};

struct Blob {
  std::string bytes;
};

// A bound parameter or a column value.
using Datum = std::variant<std::nullptr_t, int64_t, double, std::string, Blob>;

struct Row {
  std::vector<Datum> columns;
  bool IsNull(size_t i) const { return std::holds_alternative<std::nullptr_t>(columns[i]); }
  int64_t Int(size_t i) const;       // 0 for null
  std::string Text(size_t i) const;  // "" for null; a blob's bytes
  std::optional<std::string> OptionalText(size_t i) const;
};

using Rows = std::vector<Row>;

// One schema change, applied once, in version order.
struct Migration {
  int version;
  std::string description;
  std::string sql;  // one or more statements separated by ';'
};

class Transaction;

class Database {
 public:
  virtual ~Database() = default;

  // Opens (creating if needed) an SQLite database file in WAL mode with foreign keys on.
  static std::expected<std::unique_ptr<Database>, Error> OpenSqlite(const std::string& path);
  // Connects to PostgreSQL (a libpq URL, "postgresql://user@host:port/db"); every transaction is
  // SERIALIZABLE and a serialization failure is reported as busy. The schema's SQL must be the
  // portable subset (docs/storage.md).
  static std::expected<std::unique_ptr<Database>, Error> OpenPostgres(const std::string& url);

  // Applies, in version order, each migration whose version is not yet recorded in
  // schema_migrations(version, description, applied_at), each in its own transaction together with
  // its record; returns the highest recorded version. Fails on the first migration that fails
  // (earlier ones stay applied), and when a recorded version carries another description (two
  // schemas claiming one version number). Safe to run from several processes at once.
  std::expected<int, Error> Migrate(std::span<const Migration> migrations);

  // Starts a transaction; only one runs at a time per Database (writers are serialized): Begin
  // waits while another thread's transaction is open, and fails rather than deadlock when the
  // calling thread already has one open. The transaction rolls back unless committed.
  virtual std::expected<Transaction, Error> Begin() = 0;

 protected:
  friend class Transaction;
  virtual std::expected<Rows, Error> Run(std::string_view sql, std::span<const Datum> params) = 0;
  virtual std::expected<int64_t, Error> LastInsertId() = 0;
  virtual std::expected<void, Error> Finish(bool commit) = 0;
};

// A unit of work: everything done through it is committed together or not at all.
class Transaction {
 public:
  Transaction(Transaction&& o) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  std::expected<Rows, Error> Query(std::string_view sql, std::vector<Datum> params = {});
  // Runs a statement; returns the id of the inserted row for INSERT (SQLite rowid / RETURNING id).
  std::expected<int64_t, Error> Execute(std::string_view sql, std::vector<Datum> params = {});
  std::expected<void, Error> Commit();

 private:
  friend class SqliteDatabase;
  friend class PostgresDatabase;
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace tamga::store

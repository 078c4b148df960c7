// A small SQL database interface the rest of tamga writes to: SQLite (embedded, the default) and
// PostgreSQL (many instances on one server) implement it. SQL text uses `?` placeholders and the
// portable subset of SQL both engines accept (docs/storage.md); the PostgreSQL implementation
// rewrites placeholders to $1, $2, ...
#pragma once

#include <chrono>
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
  // The same change in PostgreSQL's own SQL, for the few migrations whose `sql` uses SQLite's
  // (JSON functions). Empty: `sql` serves both, its DDL read the SQLite way (an `INTEGER` column
  // is 64-bit, an `INTEGER PRIMARY KEY` is numbered when not given; docs/storage.md).
  std::string postgres = "";
};

// Messages another process sent on one channel of the database (Transaction::Notify).
class Listener {
 public:
  virtual ~Listener() = default;
  // Waits up to `timeout` for notifications and answers their payloads (empty: none arrived).
  // An error means the connection was lost; the caller may listen again.
  virtual std::expected<std::vector<std::string>, Error> Wait(
      std::chrono::milliseconds timeout) = 0;
};

class Transaction;

class Database {
 public:
  virtual ~Database() = default;

  // Opens (creating if needed) an SQLite database file in WAL mode with foreign keys on.
  static std::expected<std::unique_ptr<Database>, Error> OpenSqlite(const std::string& path);
  // Connects to PostgreSQL (a libpq URL, "postgresql://user@host:port/db") with a pool of
  // `connections`; transactions are READ COMMITTED, and the writes that must not interleave take
  // row locks (docs/storage.md). A serialization failure or deadlock is reported as busy.
  static std::expected<std::unique_ptr<Database>, Error> OpenPostgres(const std::string& url,
                                                                      int connections = 4);
  // A PostgreSQL URL ("postgresql://..." or "postgres://...") or an SQLite file path.
  static std::expected<std::unique_ptr<Database>, Error> Open(const std::string& location);
  static bool IsPostgresUrl(std::string_view location);

  // "sqlite" or "postgresql".
  virtual std::string_view Engine() const = 0;
  // Where the database is, for messages: the file, or the URL without its password.
  virtual std::string Location() const = 0;

  // Applies, in version order, each migration whose version is not yet recorded in
  // schema_migrations(version, description, applied_at), each in its own transaction together with
  // its record; returns the highest recorded version. Fails on the first migration that fails
  // (earlier ones stay applied), and when a recorded version carries another description (two
  // schemas claiming one version number). Safe to run from several processes at once.
  std::expected<int, Error> Migrate(std::span<const Migration> migrations);
  // The highest migration version recorded, whichever schema applied it (0: none yet).
  std::expected<int, Error> SchemaVersion();

  // Starts a transaction. SQLite runs one at a time (Begin waits while another thread's is open);
  // PostgreSQL runs as many as its pool has connections. Either fails rather than deadlock when
  // the calling thread already has one open. The transaction rolls back unless committed.
  virtual std::expected<Transaction, Error> Begin() = 0;
  // Starts a transaction that only reads. On an SQLite file it runs on a reading connection of a
  // small pool, on the snapshot of the last commit, neither waiting for a write transaction nor
  // holding one up; a write through it fails. A thread may hold one at a time (beside a write
  // transaction). Elsewhere the same as Begin.
  virtual std::expected<Transaction, Error> BeginRead();

  // Makes a database that was just loaded in bulk (tamga demo generate, a copy) quick to read at
  // once: the planner's statistics are refreshed (ANALYZE) and, on PostgreSQL, VACUUM sets the
  // visibility map and hint bits, which the first readers of a million fresh rows would otherwise
  // write as they go (index-only scans fetching heap pages, reads that dirty pages). Runs outside
  // any transaction; the calling thread must hold none.
  virtual std::expected<void, Error> AfterBulkLoad();

  // Listens on `channel` for Transaction::Notify from other processes sharing the database. On
  // SQLite, which one process serves, nothing ever arrives.
  virtual std::expected<std::unique_ptr<Listener>, Error> Listen(const std::string& channel) = 0;

 protected:
  friend class Transaction;
  // `slot` is the connection Begin gave the transaction.
  virtual std::expected<Rows, Error> Run(int slot, std::string_view sql,
                                         std::span<const Datum> params) = 0;
  virtual std::expected<int64_t, Error> LastInsertId(int slot) = 0;
  virtual std::expected<void, Error> Finish(int slot, bool commit) = 0;
  // The migration's SQL for this engine.
  virtual std::string MigrationSql(const Migration& m) const { return m.sql; }
  // Transaction::Notify: queues the message to go out on commit. Nothing to do on an engine that
  // one process serves.
  virtual std::expected<void, Error> Notify(int /*slot*/, const std::string& /*channel*/,
                                            const std::string& /*payload*/) {
    return {};
  }
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
  // Sends `payload` to the listeners of `channel` once this transaction commits (nothing if it
  // rolls back); a no-op on SQLite.
  std::expected<void, Error> Notify(const std::string& channel, const std::string& payload);

 private:
  friend class SqliteDatabase;
  friend class PostgresDatabase;
  Transaction(Database* db, int slot) : db_(db), slot_(slot) {}
  Database* db_;
  int slot_;
};

}  // namespace tamga::store

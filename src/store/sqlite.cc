// store::Database on SQLite (the sqlite3 C API).
//
// Concurrency: a Database is one writing SQLite connection shared by the server's handler threads,
// and a few reading ones. Begin waits until no other transaction is open on the writer and the
// transaction holds it until it commits or rolls back, so handlers serialize instead of
// interleaving statements of different transactions on one connection. Transactions start with
// BEGIN IMMEDIATE, which takes SQLite's write lock up front: two processes (or two Database
// objects) on the same file then wait for each other through busy_timeout instead of failing with
// SQLITE_BUSY when a reader tries to upgrade. BeginRead takes a reading connection (query_only):
// in WAL mode it reads the snapshot of the last commit, neither waiting for the writer nor
// holding it up. An in-memory database has no reading connections (each would be another
// database); its reads go to the writer.
//
// Durability: WAL with synchronous=FULL: every commit is synced to disk before it returns, so an
// application acknowledged to its applicant survives a power loss or OS crash, not only a crash of
// the process (NORMAL could lose the last commits). The files are readable by their owner only
// (0600): they hold personal data and password hashes.
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/engine.h"

namespace tamga::store {
namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr size_t kMaxCachedStatements = 128;
// Reading connections per database: enough for the server's handler threads to read beside a
// write on a 2-core machine without holding a connection per thread.
constexpr int kReaders = 4;

bool IsBusy(int rc) {
  int primary = rc & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

Error SqliteError(sqlite3* db, int rc, std::string_view context = {}) {
  std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (!context.empty()) message = std::string(context) + ": " + message;
  if (IsBusy(rc)) message += " (another transaction held the database too long; try again)";
  return Error{std::move(message), IsBusy(rc)};
}

}  // namespace

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(sqlite3* db, std::string path) : path_(std::move(path)) {
    connections_.push_back(std::make_unique<Connection>(db));
  }

  ~SqliteDatabase() override {
    for (auto& c : connections_) {
      for (auto& [sql, stmt] : c->cache) sqlite3_finalize(stmt);
      sqlite3_close_v2(c->db);
    }
  }

  // Adds a reading connection (OpenSqlite, after the writer set WAL mode).
  void AddReader(sqlite3* db) {
    connections_.push_back(std::make_unique<Connection>(db));
    reader_idle_.push_back(true);
    reader_owner_.emplace_back();
  }

  std::expected<Transaction, Error> Begin() override {
    if (auto entered = gate_.Enter(); !entered) return std::unexpected(entered.error());
    int rc = sqlite3_exec(writer(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
      Error e = SqliteError(writer(), rc, "cannot begin a transaction");
      Release(0);
      return std::unexpected(std::move(e));
    }
    return Transaction(this, 0);
  }

  std::expected<Transaction, Error> BeginRead() override {
    if (reader_idle_.empty()) return Begin();
    size_t slot = 0;
    {
      std::unique_lock lock(readers_mu_);
      for (const auto& owner : reader_owner_) {
        if (owner == std::this_thread::get_id())
          return std::unexpected(
              Error{"a read transaction is already open on this thread; finish it before beginning "
                    "another (waiting for a free connection could deadlock)"});
      }
      reader_free_.wait(lock, [this] {
        return std::find(reader_idle_.begin(), reader_idle_.end(), true) != reader_idle_.end();
      });
      slot = std::find(reader_idle_.begin(), reader_idle_.end(), true) - reader_idle_.begin();
      reader_idle_[slot] = false;
      reader_owner_[slot] = std::this_thread::get_id();
    }
    const int index = static_cast<int>(slot) + 1;
    int rc = sqlite3_exec(connections_[index]->db, "BEGIN", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
      Error e = SqliteError(connections_[index]->db, rc, "cannot begin a read transaction");
      Release(index);
      return std::unexpected(std::move(e));
    }
    return Transaction(this, index);
  }

  std::string_view Engine() const override { return "sqlite"; }
  std::string Location() const override { return path_; }

  // One process serves an SQLite database, so no other process notifies: a listener that only
  // waits.
  std::expected<std::unique_ptr<Listener>, Error> Listen(const std::string&) override {
    struct Quiet final : Listener {
      std::expected<std::vector<std::string>, Error> Wait(std::chrono::milliseconds t) override {
        std::this_thread::sleep_for(t);
        return std::vector<std::string>{};
      }
    };
    return std::make_unique<Quiet>();
  }

 protected:
  std::expected<Rows, Error> Run(int slot, std::string_view sql,
                                 std::span<const Datum> params) override {
    sqlite3* db = connections_[slot]->db;
    auto& cache = connections_[slot]->cache;
    // Some errors (disk full, I/O error, interrupted) make SQLite roll the whole transaction back;
    // running on would execute the remaining statements outside any transaction.
    if (sqlite3_get_autocommit(db))
      return std::unexpected(
          Error{"the transaction was rolled back after an earlier error; begin a new transaction"});

    Rows rows;
    size_t next_param = 0;
    const char* p = sql.data();
    const char* end = sql.data() + sql.size();
    bool first = true;
    while (p < end) {
      // A statement that is the whole text is prepared once and kept; the statements of a
      // multi-statement text (migrations) are prepared each time.
      sqlite3_stmt* stmt = nullptr;
      bool cached = false;
      const char* tail = end;
      if (first) {
        if (auto it = cache.find(std::string(sql)); it != cache.end()) {
          stmt = it->second;
          cached = true;
        }
      }
      if (!stmt) {
        int rc = sqlite3_prepare_v3(db, p, static_cast<int>(end - p), SQLITE_PREPARE_PERSISTENT,
                                    &stmt, &tail);
        if (rc != SQLITE_OK)
          return std::unexpected(SqliteError(db, rc, "in SQL \"" + Snippet({p, end}) + "\""));
        if (!stmt) {  // only whitespace or a comment remained
          p = tail;
          continue;
        }
        bool whole = first && Snippet({tail, end}).empty();
        if (whole) {
          if (cache.size() >= kMaxCachedStatements) {
            for (auto& [s, st] : cache) sqlite3_finalize(st);
            cache.clear();
          }
          cache.emplace(std::string(sql), stmt);
          cached = true;
        }
      }
      first = false;

      auto result = Step(db, stmt, params, next_param);
      if (cached) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
      } else {
        sqlite3_finalize(stmt);
      }
      if (!result) return std::unexpected(std::move(result.error()));
      // The rows of the last statement are the result.
      rows = std::move(*result);
      p = tail;
    }
    if (next_param != params.size())
      return std::unexpected(Error{std::to_string(params.size()) + " parameters given but \"" +
                                   Snippet(sql) + "\" has " + std::to_string(next_param) +
                                   " placeholders"});
    return rows;
  }

  std::expected<int64_t, Error> LastInsertId(int slot) override {
    return sqlite3_last_insert_rowid(connections_[slot]->db);
  }

  std::expected<void, Error> Finish(int slot, bool commit) override {
    sqlite3* db = connections_[slot]->db;
    std::expected<void, Error> result;
    if (commit) {
      int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
      if (rc != SQLITE_OK) {
        result = std::unexpected(SqliteError(db, rc, "commit failed, nothing was saved"));
        if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      }
    } else if (!sqlite3_get_autocommit(db)) {
      int rc = sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      if (rc != SQLITE_OK) result = std::unexpected(SqliteError(db, rc, "rollback failed"));
    }
    Release(slot);
    return result;
  }

 private:
  // Binds this statement's share of `params` (from `next_param` on) and steps it to the end.
  std::expected<Rows, Error> Step(sqlite3* db, sqlite3_stmt* stmt, std::span<const Datum> params,
                                  size_t& next_param) {
    int count = sqlite3_bind_parameter_count(stmt);
    for (int i = 1; i <= count; ++i, ++next_param) {
      if (next_param >= params.size())
        return std::unexpected(Error{"\"" + Snippet(sqlite3_sql(stmt)) + "\" needs more than " +
                                     std::to_string(params.size()) + " parameters"});
      const Datum& d = params[next_param];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(d)) {
        rc = sqlite3_bind_null(stmt, i);
      } else if (auto* v = std::get_if<int64_t>(&d)) {
        rc = sqlite3_bind_int64(stmt, i, *v);
      } else if (auto* v = std::get_if<double>(&d)) {
        rc = sqlite3_bind_double(stmt, i, *v);
      } else if (auto* v = std::get_if<std::string>(&d)) {
        rc = sqlite3_bind_text64(stmt, i, v->data(), v->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      } else if (auto* v = std::get_if<Blob>(&d)) {
        rc = sqlite3_bind_blob64(stmt, i, v->bytes.data(), v->bytes.size(), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK)
        return std::unexpected(
            SqliteError(db, rc, "binding parameter " + std::to_string(i) + " failed"));
    }
    Rows rows;
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return std::unexpected(SqliteError(db, rc));
      Row row;
      int n = sqlite3_column_count(stmt);
      row.columns.reserve(n);
      for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER:
            row.columns.emplace_back(int64_t{sqlite3_column_int64(stmt, c)});
            break;
          case SQLITE_FLOAT:
            row.columns.emplace_back(sqlite3_column_double(stmt, c));
            break;
          case SQLITE_TEXT: {
            auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            row.columns.emplace_back(std::string(text, sqlite3_column_bytes(stmt, c)));
            break;
          }
          case SQLITE_BLOB: {
            auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, c));
            int size = sqlite3_column_bytes(stmt, c);
            row.columns.emplace_back(Blob{data ? std::string(data, size) : std::string()});
            break;
          }
          default:
            row.columns.emplace_back(nullptr);
            break;
        }
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  sqlite3* writer() { return connections_[0]->db; }

  void Release(int slot) {
    if (slot == 0) return gate_.Leave();
    {
      std::lock_guard lock(readers_mu_);
      reader_idle_[slot - 1] = true;
      reader_owner_[slot - 1] = {};
    }
    reader_free_.notify_one();
  }

  // A connection with its prepared statements by SQL text; used only inside a transaction on it,
  // so guarded by the writer's gate or the reader's slot.
  struct Connection {
    explicit Connection(sqlite3* d) : db(d) {}
    sqlite3* db;
    std::unordered_map<std::string, sqlite3_stmt*> cache;
  };

  std::string path_;
  // Slot 0 writes, the others read (BeginRead).
  std::vector<std::unique_ptr<Connection>> connections_;
  // The "one transaction at a time" gate of the writer: a flag under a mutex rather than a mutex
  // held for the transaction's life, so that a transaction may end on another thread than the one
  // that began it.
  TransactionGate gate_;
  // Which reading connections are free, and the thread holding each busy one.
  std::mutex readers_mu_;
  std::condition_variable reader_free_;
  std::vector<bool> reader_idle_;
  std::vector<std::thread::id> reader_owner_;
};

std::expected<std::unique_ptr<Database>, Error> Database::OpenSqlite(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    Error e = SqliteError(
        db, rc,
        "cannot open database " + path + " (does its directory exist, and may tamga write there?)");
    sqlite3_close_v2(db);
    return std::unexpected(std::move(e));
  }
  auto db_owner = std::make_unique<SqliteDatabase>(db, path);  // closes the connection on error
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);

  // journal_mode answers with the mode now in force; anything but "wal" (an in-memory database
  // answers "memory") means readers would block writers and a crash could need a hot journal.
  sqlite3_stmt* stmt = nullptr;
  rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &stmt, nullptr);
  std::string mode;
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      rc = SQLITE_OK;
    }
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK)
    return std::unexpected(SqliteError(db, rc, "cannot switch " + path + " to WAL mode"));
  if (mode != "wal" && !(mode == "memory" && (path == ":memory:" || path.empty())))
    return std::unexpected(Error{"cannot switch " + path + " to WAL mode (the journal mode is '" +
                                 mode + "'); put the database on a local file system"});

  // analysis_limit and optimize=0x10002: the statistics the query planner picks indexes by
  // (a partial index over the open cases, say) are refreshed on open where a table has grown,
  // reading at most a bounded sample, as SQLite advises for long-lived connections.
  // cache_size: 64 MiB of pages for the writer (SQLite's default, 2 MiB, spills a batch of
  // submissions to the WAL before it commits and writes pages twice).
  for (const char* pragma :
       {"PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL", "PRAGMA cache_size=-65536",
        "PRAGMA analysis_limit=1000", "PRAGMA optimize=0x10002"}) {
    rc = sqlite3_exec(db, pragma, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
      return std::unexpected(SqliteError(db, rc, std::string(pragma) + " failed on " + path));
  }
  if (path != ":memory:" && !path.empty()) {
    for (const std::string& file : {path, path + "-wal", path + "-shm"})
      ::chmod(file.c_str(), 0600);
    // The reading connections (BeginRead): query_only, so that a write through one fails instead
    // of taking the write lock beside the writer.
    for (int i = 0; i < kReaders; ++i) {
      sqlite3* reader = nullptr;
      rc = sqlite3_open_v2(path.c_str(), &reader, SQLITE_OPEN_READWRITE, nullptr);
      if (rc != SQLITE_OK) {
        Error e = SqliteError(reader, rc, "cannot open a reading connection to " + path);
        sqlite3_close_v2(reader);
        return std::unexpected(std::move(e));
      }
      db_owner->AddReader(reader);
      sqlite3_extended_result_codes(reader, 1);
      sqlite3_busy_timeout(reader, kBusyTimeoutMs);
      rc = sqlite3_exec(reader, "PRAGMA query_only=1; PRAGMA cache_size=-16384", nullptr, nullptr,
                        nullptr);
      if (rc != SQLITE_OK)
        return std::unexpected(SqliteError(reader, rc, "PRAGMA query_only failed on " + path));
    }
  }
  return db_owner;
}

}  // namespace tamga::store

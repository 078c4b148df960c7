#include "store/database.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/temp_dir.h"

namespace tamga::store {
namespace {

using ::testing::HasSubstr;

// A fresh directory per test, removed afterwards.
class TempDir : public base::TempDir {
 public:
  TempDir() : base::TempDir("tamga-store") {}
};

std::unique_ptr<Database> Open(const std::string& path) {
  auto db = Database::OpenSqlite(path);
  EXPECT_TRUE(db.has_value()) << db.error().message;
  return db ? std::move(*db) : nullptr;
}

// Runs one query in its own transaction and returns its rows (empty on error, which fails).
Rows Select(Database& db, const std::string& sql, std::vector<Datum> params = {}) {
  auto tx = db.Begin();
  EXPECT_TRUE(tx.has_value()) << tx.error().message;
  if (!tx) return {};
  auto rows = tx->Query(sql, std::move(params));
  EXPECT_TRUE(rows.has_value()) << rows.error().message;
  return rows ? *rows : Rows{};
}

int64_t Count(Database& db, const std::string& table) {
  Rows rows = Select(db, "SELECT COUNT(*) FROM " + table);
  return rows.empty() ? -1 : rows[0].Int(0);
}

const std::vector<Migration> kSchema = {
    {1, "people", "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"},
    {2, "seed counters",
     "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);\n"
     "INSERT INTO counters VALUES ('hits', 0);"},
};

TEST(Database, OpenSetsWalForeignKeysSynchronousAndBusyTimeout) {
  TempDir dir;
  auto db = Open(dir.File("t.db"));
  ASSERT_TRUE(db);
  EXPECT_EQ(Select(*db, "PRAGMA journal_mode")[0].Text(0), "wal");
  EXPECT_EQ(Select(*db, "PRAGMA foreign_keys")[0].Int(0), 1);
  // FULL: an acknowledged commit is on disk (issue 9: NORMAL could lose it on power failure).
  EXPECT_EQ(Select(*db, "PRAGMA synchronous")[0].Int(0), 2);
  EXPECT_EQ(Select(*db, "PRAGMA busy_timeout")[0].Int(0), 5000);
}

// After a bulk load the planner has statistics for every index (sqlite_stat1 rows, read by the
// query planner to choose among indexes), and the data is unchanged.
TEST(Database, AfterBulkLoadGivesThePlannerStatistics) {
  TempDir dir;
  auto db = Open(dir.File("t.db"));
  ASSERT_TRUE(db->Migrate(kSchema).has_value());
  {
    auto tx = db->Begin();
    for (int i = 0; i < 500; ++i)
      ASSERT_TRUE(tx->Execute("INSERT INTO people (name) VALUES (?)", {"p" + std::to_string(i)}));
    ASSERT_TRUE(tx->Commit());
  }
  auto after = db->AfterBulkLoad();
  ASSERT_TRUE(after.has_value()) << after.error().message;
  Rows stats =
      Select(*db, "SELECT stat FROM sqlite_stat1 WHERE tbl = 'people' AND idx IS NOT NULL");
  ASSERT_EQ(stats.size(), 1u);                      // the UNIQUE index on name
  EXPECT_THAT(stats[0].Text(0), HasSubstr("500"));  // "500 1": rows, rows per distinct name
  EXPECT_EQ(Count(*db, "people"), 500);
}

TEST(Database, OpenInMissingDirectoryExplains) {
  TempDir dir;
  auto db = Database::OpenSqlite(dir.File("no/such/dir/t.db"));
  ASSERT_FALSE(db.has_value());
  EXPECT_THAT(db.error().message, HasSubstr("no/such/dir/t.db"));
  EXPECT_THAT(db.error().message, HasSubstr("does its directory exist"));
}

TEST(Database, MigrationsApplyOnceAndAreIdempotentOnReopen) {
  TempDir dir;
  {
    auto db = Open(dir.File("t.db"));
    auto v = db->Migrate(kSchema);
    ASSERT_TRUE(v.has_value()) << v.error().message;
    EXPECT_EQ(*v, 2);
    EXPECT_EQ(Count(*db, "schema_migrations"), 2);
    EXPECT_EQ(Count(*db, "counters"), 1);
    // Running again in the same process changes nothing.
    ASSERT_EQ(db->Migrate(kSchema).value_or(-1), 2);
    EXPECT_EQ(Count(*db, "counters"), 1);
  }
  auto db = Open(dir.File("t.db"));
  auto v = db->Migrate(kSchema);
  ASSERT_TRUE(v.has_value()) << v.error().message;
  EXPECT_EQ(*v, 2);
  EXPECT_EQ(Count(*db, "counters"), 1);  // the seeding INSERT did not run twice
  Rows rows = Select(*db,
                     "SELECT version, description, applied_at FROM schema_migrations "
                     "ORDER BY version");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Int(0), 1);
  EXPECT_EQ(rows[0].Text(1), "people");
  EXPECT_EQ(rows[1].Text(1), "seed counters");
  EXPECT_THAT(
      rows[1].Text(2),
      ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z"));

  // A later build adds a migration: only that one runs.
  std::vector<Migration> more = kSchema;
  more.push_back({3, "add email", "ALTER TABLE people ADD COLUMN email TEXT"});
  ASSERT_EQ(db->Migrate(more).value_or(-1), 3);
  EXPECT_EQ(Count(*db, "counters"), 1);
  EXPECT_EQ(
      Select(*db, "SELECT COUNT(*) FROM pragma_table_info('people') WHERE name='email'")[0].Int(0),
      1);
}

TEST(Database, FailedMigrationIsRolledBackAndNamed) {
  TempDir dir;
  auto db = Open(dir.File("t.db"));
  std::vector<Migration> schema = kSchema;
  schema.push_back({3, "broken", "CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);"});
  auto v = db->Migrate(schema);
  ASSERT_FALSE(v.has_value());
  EXPECT_THAT(v.error().message, HasSubstr("migration 3 (broken) failed"));
  EXPECT_THAT(v.error().message, HasSubstr("no such table: nowhere"));
  // Migrations 1 and 2 stay; nothing of 3 does, not even its first statement.
  EXPECT_EQ(Count(*db, "schema_migrations"), 2);
  EXPECT_EQ(Select(*db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'")[0].Int(0), 0);
}

TEST(Database, MigrationVersionClashesAreErrors) {
  TempDir dir;
  auto db = Open(dir.File("t.db"));
  ASSERT_TRUE(db->Migrate(kSchema).has_value());
  std::vector<Migration> other = {{1, "accounts", "CREATE TABLE accounts (x)"}};
  auto v = db->Migrate(other);
  ASSERT_FALSE(v.has_value());
  EXPECT_THAT(v.error().message, HasSubstr("recorded in schema_migrations as 'people'"));

  std::vector<Migration> dup = {{7, "a", "SELECT 1"}, {7, "b", "SELECT 1"}};
  v = db->Migrate(dup);
  ASSERT_FALSE(v.has_value());
  EXPECT_THAT(v.error().message, HasSubstr("two migrations have version 7"));
}

TEST(Database, MultiStatementSqlKeepsTriggerBodiesWhole) {
  TempDir dir;
  auto db = Open(dir.File("t.db"));
  std::vector<Migration> schema = {{1, "log",
                                    "CREATE TABLE t (x INTEGER);\n"
                                    "CREATE TABLE log (msg TEXT);\n"
                                    "-- a comment between statements; with a semicolon\n"
                                    "CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN\n"
                                    "  INSERT INTO log VALUES ('one; two');\n"
                                    "  INSERT INTO log VALUES ('three');\n"
                                    "END;\n"}};
  ASSERT_TRUE(db->Migrate(schema).has_value());
  auto tx = db->Begin();
  ASSERT_TRUE(tx.has_value());
  ASSERT_TRUE(tx->Execute("INSERT INTO t VALUES (?)", {int64_t{1}}).has_value());
  auto rows = tx->Query("SELECT msg FROM log ORDER BY rowid");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].Text(0), "one; two");
}

TEST(Database, BindsAndReadsEveryDatumKind) {
  TempDir dir;
  auto db = Open(dir.File("t.db"));
  auto tx = db->Begin();
  ASSERT_TRUE(tx.has_value());
  ASSERT_TRUE(tx->Execute("CREATE TABLE v (n, i, d, s, b)").has_value());
  std::string with_nul("a\0b", 3);
  auto id = tx->Execute(
      "INSERT INTO v VALUES (?, ?, ?, ?, ?)",
      {nullptr, int64_t{-9007199254740993}, 0.1, std::string("Иванов ✓"), Blob{with_nul}});
  ASSERT_TRUE(id.has_value()) << id.error().message;
  EXPECT_EQ(*id, 1);
  auto rows = tx->Query("SELECT n, i, d, s, b FROM v");
  ASSERT_TRUE(rows.has_value());
  const Row& r = rows->at(0);
  EXPECT_TRUE(r.IsNull(0));
  EXPECT_EQ(r.Int(0), 0);
  EXPECT_EQ(r.Text(0), "");
  EXPECT_EQ(r.OptionalText(0), std::nullopt);
  EXPECT_EQ(r.Int(1), -9007199254740993);
  EXPECT_EQ(r.Text(1), "-9007199254740993");
  EXPECT_EQ(std::get<double>(r.columns[2]), 0.1);
  EXPECT_EQ(r.Text(2), "0.1");
  EXPECT_EQ(r.Text(3), "Иванов ✓");
  EXPECT_EQ(r.OptionalText(3), "Иванов ✓");
  ASSERT_TRUE(std::holds_alternative<Blob>(r.columns[4]));
  EXPECT_EQ(r.Text(4), with_nul);
  EXPECT_EQ(r.Text(4).size(), 3u);
}

TEST(Database, ParameterCountMismatchIsAnError) {
  TempDir dir;
  auto db = Open(dir.File("t.db"));
  auto tx = db->Begin();
  ASSERT_TRUE(tx.has_value());
  auto few = tx->Query("SELECT ?, ?", {int64_t{1}});
  ASSERT_FALSE(few.has_value());
  EXPECT_THAT(few.error().message, HasSubstr("needs more than 1 parameters"));
  auto many = tx->Query("SELECT ?", {int64_t{1}, int64_t{2}});
  ASSERT_FALSE(many.has_value());
  EXPECT_THAT(many.error().message, HasSubstr("2 parameters given"));
}

TEST(Database, TransactionRollsBackOnDestruction) {
  TempDir dir;
  auto db = Open(dir.File("t.db"));
  ASSERT_TRUE(db->Migrate(kSchema).has_value());
  {
    auto tx = db->Begin();
    ASSERT_TRUE(tx.has_value());
    ASSERT_TRUE(tx->Execute("INSERT INTO people (name) VALUES (?)", {std::string("ghost")}));
    EXPECT_EQ(tx->Query("SELECT COUNT(*) FROM people")->at(0).Int(0), 1);
  }
  EXPECT_EQ(Count(*db, "people"), 0);
  {
    auto tx = db->Begin();
    ASSERT_TRUE(tx->Execute("INSERT INTO people (name) VALUES (?)", {std::string("kept")}));
    ASSERT_TRUE(tx->Commit().has_value());
    // A finished transaction refuses further work instead of running it outside a transaction.
    auto late = tx->Execute("INSERT INTO people (name) VALUES ('late')");
    ASSERT_FALSE(late.has_value());
    EXPECT_THAT(late.error().message, HasSubstr("already been committed"));
    EXPECT_FALSE(tx->Commit().has_value());
  }
  Rows rows = Select(*db, "SELECT name FROM people");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0), "kept");
}

TEST(Database, ConstraintViolationCarriesTheSqliteMessage) {
  TempDir dir;
  auto db = Open(dir.File("t.db"));
  ASSERT_TRUE(db->Migrate(kSchema).has_value());
  auto tx = db->Begin();
  ASSERT_TRUE(tx.has_value());
  ASSERT_TRUE(tx->Execute("INSERT INTO people (name) VALUES ('ann')").has_value());
  auto again = tx->Execute("INSERT INTO people (name) VALUES ('ann')");
  ASSERT_FALSE(again.has_value());
  EXPECT_THAT(again.error().message, HasSubstr("UNIQUE constraint failed: people.name"));
  EXPECT_FALSE(again.error().busy);
  // The failed statement does not end the transaction: the first insert still commits.
  ASSERT_TRUE(tx->Commit().has_value());
  EXPECT_EQ(Count(*db, "people"), 1);
}

TEST(Database, ForeignKeysAreEnforced) {
  TempDir dir;
  auto db = Open(dir.File("t.db"));
  std::vector<Migration> schema = {
      {1, "fk",
       "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
       "CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id));"}};
  ASSERT_TRUE(db->Migrate(schema).has_value());
  auto tx = db->Begin();
  auto bad = tx->Execute("INSERT INTO child (parent) VALUES (42)");
  ASSERT_FALSE(bad.has_value());
  EXPECT_THAT(bad.error().message, HasSubstr("FOREIGN KEY constraint failed"));
}

TEST(Database, SyntaxErrorNamesTheStatement) {
  TempDir dir;
  auto db = Open(dir.File("t.db"));
  auto tx = db->Begin();
  auto bad = tx->Query("SELEC 1");
  ASSERT_FALSE(bad.has_value());
  EXPECT_THAT(bad.error().message, HasSubstr("SELEC 1"));
  EXPECT_THAT(bad.error().message, HasSubstr("syntax error"));
}

TEST(Database, NestedBeginOnOneThreadFailsInsteadOfDeadlocking) {
  TempDir dir;
  auto db = Open(dir.File("t.db"));
  auto outer = db->Begin();
  ASSERT_TRUE(outer.has_value());
  auto inner = db->Begin();
  ASSERT_FALSE(inner.has_value());
  EXPECT_THAT(inner.error().message, HasSubstr("already open on this thread"));
  ASSERT_TRUE(outer->Commit().has_value());
  EXPECT_TRUE(db->Begin().has_value());
}

TEST(Database, TransactionMayEndOnAnotherThread) {
  TempDir dir;
  auto db = Open(dir.File("t.db"));
  ASSERT_TRUE(db->Migrate(kSchema).has_value());
  auto tx = db->Begin();
  ASSERT_TRUE(tx.has_value());
  ASSERT_TRUE(tx->Execute("INSERT INTO people (name) VALUES ('moved')").has_value());
  std::thread t([moved = std::move(*tx)]() mutable { EXPECT_TRUE(moved.Commit().has_value()); });
  t.join();
  EXPECT_EQ(Count(*db, "people"), 1);  // and the database is free again
}

// Read-modify-write of one counter from several threads: serialized transactions lose no update.
TEST(Database, ConcurrentTransactionsDoNotLoseUpdates) {
  TempDir dir;
  auto db = Open(dir.File("t.db"));
  ASSERT_TRUE(db->Migrate(kSchema).has_value());
  constexpr int kThreads = 4, kIncrements = 250;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        auto tx = db->Begin();
        if (!tx) {
          ++failures;
          continue;
        }
        auto rows = tx->Query("SELECT value FROM counters WHERE name = 'hits'");
        if (!rows || rows->empty()) {
          ++failures;
          continue;
        }
        int64_t v = rows->front().Int(0);
        std::this_thread::yield();  // invite interleaving
        if (!tx->Execute("UPDATE counters SET value = ? WHERE name = 'hits'", {v + 1}) ||
            !tx->Execute("INSERT INTO people (name) VALUES (?)", {"p" + std::to_string(v)}) ||
            !tx->Commit())
          ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Select(*db, "SELECT value FROM counters")[0].Int(0), kThreads * kIncrements);
  // Every increment saw a distinct value: otherwise the UNIQUE name would have failed.
  EXPECT_EQ(Count(*db, "people"), kThreads * kIncrements);
}

// Two connections to one file (as two processes would have) wait for each other's write lock.
TEST(Database, TwoConnectionsSerializeThroughTheWriteLock) {
  TempDir dir;
  auto a = Open(dir.File("t.db"));
  ASSERT_TRUE(a->Migrate(kSchema).has_value());
  auto b = Open(dir.File("t.db"));
  constexpr int kIncrements = 200;
  std::atomic<int> failures{0};
  auto work = [&](Database* db) {
    for (int i = 0; i < kIncrements; ++i) {
      auto tx = db->Begin();
      if (!tx) {
        ++failures;
        continue;
      }
      auto rows = tx->Query("SELECT value FROM counters WHERE name = 'hits'");
      if (!rows ||
          !tx->Execute("UPDATE counters SET value = ? WHERE name = 'hits'",
                       {rows->front().Int(0) + 1}) ||
          !tx->Commit())
        ++failures;
    }
  };
  std::vector<std::thread> threads;
  for (Database* db : {a.get(), a.get(), b.get(), b.get()}) threads.emplace_back(work, db);
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Select(*a, "SELECT value FROM counters")[0].Int(0), 4 * kIncrements);
}

// A process that dies before committing leaves nothing of its transaction behind, even when the
// transaction was large enough for SQLite to spill uncommitted pages into the WAL file.
TEST(Database, ProcessKilledBeforeCommitLeavesNoPartialWrite) {
  TempDir dir;
  std::string path = dir.File("t.db");
  {
    auto db = Open(path);
    ASSERT_TRUE(db->Migrate(kSchema).has_value());
  }
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The child uses only its own connection (SQLite connections must not cross fork) and no
    // gtest machinery; its exit status tells the parent how far it got.
    auto db = Database::OpenSqlite(path);
    if (!db) _exit(10);
    {
      auto tx = (*db)->Begin();
      if (!tx || !tx->Execute("INSERT INTO people (name) VALUES ('committed')") || !tx->Commit())
        _exit(11);
    }
    auto tx = (*db)->Begin();
    if (!tx) _exit(12);
    if (!tx->Execute("PRAGMA cache_size = 10")) _exit(13);  // force spilling to the WAL
    std::string filler(1000, 'x');
    for (int i = 0; i < 5000; ++i) {
      if (!tx->Execute("INSERT INTO people (name) VALUES (?)",
                       {"uncommitted " + std::to_string(i) + filler}))
        _exit(14);
    }
    if (!tx->Execute("UPDATE counters SET value = 999")) _exit(15);
    if (std::filesystem::file_size(path + "-wal") < 1000000) _exit(16);  // it really spilled
    _exit(0);  // dies with the transaction open: no commit, no rollback, no close
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0) << "the child failed at step " << WEXITSTATUS(status);

  auto db = Open(path);
  Rows rows = Select(*db, "SELECT name FROM people");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0), "committed");
  EXPECT_EQ(Select(*db, "SELECT value FROM counters")[0].Int(0), 0);
  EXPECT_EQ(Select(*db, "PRAGMA integrity_check")[0].Text(0), "ok");
  // And the database takes new writes normally.
  auto tx = db->Begin();
  ASSERT_TRUE(tx.has_value());
  ASSERT_TRUE(tx->Execute("INSERT INTO people (name) VALUES ('after')").has_value());
  ASSERT_TRUE(tx->Commit().has_value());
  EXPECT_EQ(Count(*db, "people"), 2);
}

}  // namespace
}  // namespace tamga::store

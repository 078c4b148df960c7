// store::Database on a real PostgreSQL 15 (scripts/with-postgres starts a throwaway cluster and
// sets TAMGA_TEST_PG; ctest runs this as postgres_store). Without TAMGA_TEST_PG every test skips.
// The contract is the one database.h states for both engines.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/database.h"

namespace tamga::store {
namespace {

using ::testing::HasSubstr;

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("TAMGA_TEST_PG");
    if (!url || !*url) GTEST_SKIP() << "TAMGA_TEST_PG is not set (run under scripts/with-postgres)";
    url_ = url;
    auto db = Database::OpenPostgres(url_);
    ASSERT_TRUE(db.has_value()) << db.error().message;
    db_ = std::move(*db);
    // Each test starts from an empty schema.
    auto tx = db_->Begin();
    ASSERT_TRUE(tx.has_value()) << tx.error().message;
    ASSERT_TRUE(tx->Execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public"));
    ASSERT_TRUE(tx->Commit());
  }

  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_F(PostgresTest, AWrongUrlExplains) {
  auto db = Database::OpenPostgres("postgresql://nobody@/nothing?host=/nonexistent");
  ASSERT_FALSE(db.has_value());
  EXPECT_THAT(db.error().message, HasSubstr("cannot connect to PostgreSQL"));
}

TEST_F(PostgresTest, MigrationsApplyOnceInVersionOrder) {
  std::vector<Migration> schema = {
      {2, "second", "ALTER TABLE t ADD COLUMN b TEXT NOT NULL DEFAULT 'x'"},
      {1, "first", "CREATE TABLE t (id BIGINT PRIMARY KEY, a TEXT); CREATE INDEX t_a ON t (a)"},
  };
  auto version = db_->Migrate(schema);
  ASSERT_TRUE(version.has_value()) << version.error().message;
  EXPECT_EQ(*version, 2);
  EXPECT_EQ(db_->Migrate(schema).value_or(0), 2);  // again: nothing to do
  std::vector<Migration> clash = {{1, "another first", "SELECT 1"}};
  auto refused = db_->Migrate(clash);
  ASSERT_FALSE(refused.has_value());
  EXPECT_THAT(refused.error().message, HasSubstr("different schema history"));
  // A failing migration leaves nothing of itself behind.
  std::vector<Migration> broken = {{3, "broken", "CREATE TABLE u (x INT); SELECT * FROM nowhere"}};
  EXPECT_FALSE(db_->Migrate(broken).has_value());
  auto tx = db_->Begin();
  auto u = tx->Query("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'u'");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->front().Int(0), 0);
}

TEST_F(PostgresTest, BindsAndReadsEveryDatumKind) {
  auto tx = db_->Begin();
  ASSERT_TRUE(tx->Execute(
      "CREATE TABLE v (i BIGINT, d DOUBLE PRECISION, s TEXT, b BYTEA, n TEXT, f BOOLEAN)"));
  std::string bytes("a\0b\xff", 4);
  ASSERT_TRUE(tx->Execute("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?)",
                          {int64_t{-9007199254740993}, 2.5, std::string("Иванов 'q' ?"),
                           Blob{bytes}, nullptr, std::string("true")}));
  auto rows =
      tx->Query("SELECT i, d, s, b, n, f FROM v WHERE s = ?", {std::string("Иванов 'q' ?")});
  ASSERT_TRUE(rows.has_value()) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  const Row& r = rows->front();
  EXPECT_EQ(r.Int(0), -9007199254740993);
  EXPECT_EQ(std::get<double>(r.columns[1]), 2.5);
  EXPECT_EQ(r.Text(2), "Иванов 'q' ?");
  EXPECT_EQ(std::get<Blob>(r.columns[3]).bytes, bytes);
  EXPECT_TRUE(r.IsNull(4));
  EXPECT_EQ(r.Int(5), 1);
  // A `?` inside a literal, a quoted identifier or a comment is not a placeholder.
  auto literal = tx->Query("SELECT '?' AS \"q?\", ? -- what?\n", {int64_t{7}});
  ASSERT_TRUE(literal.has_value()) << literal.error().message;
  EXPECT_EQ(literal->front().Text(0), "?");
  EXPECT_EQ(literal->front().Int(1), 7);
}

TEST_F(PostgresTest, ErrorsNameTheStatementAndCountsMustAgree) {
  auto tx = db_->Begin();
  auto count = tx->Query("SELECT ?, ?", {int64_t{1}});
  ASSERT_FALSE(count.has_value());
  EXPECT_THAT(count.error().message, HasSubstr("2 parameters but 1 values"));
  auto syntax = tx->Query("SELEKT 1");
  ASSERT_FALSE(syntax.has_value());
  EXPECT_THAT(syntax.error().message, HasSubstr("SELEKT 1"));
  // The transaction failed: committing it stores nothing and says so.
  EXPECT_FALSE(tx->Commit().has_value());
}

TEST_F(PostgresTest, RollsBackUnlessCommittedAndReturnsInsertedIds) {
  {
    auto tx = db_->Begin();
    ASSERT_TRUE(tx->Execute("CREATE TABLE c (id BIGSERIAL PRIMARY KEY, name TEXT UNIQUE)"));
    EXPECT_EQ(
        tx->Execute("INSERT INTO c (name) VALUES (?) RETURNING id", {std::string("a")}).value_or(0),
        1);
    ASSERT_TRUE(tx->Commit());
  }
  {
    auto tx = db_->Begin();
    ASSERT_TRUE(tx->Execute("INSERT INTO c (name) VALUES ('b')"));
  }  // rolled back
  auto tx = db_->Begin();
  auto names = tx->Query("SELECT name FROM c ORDER BY name");
  ASSERT_EQ(names->size(), 1u);
  auto dup = tx->Execute("INSERT INTO c (name) VALUES ('a')");
  ASSERT_FALSE(dup.has_value());
  EXPECT_THAT(dup.error().message, HasSubstr("unique"));
}

// Two instances increment one counter by reading it and writing it back. Under READ COMMITTED a
// read-modify-write takes the row's lock first (an UPDATE that changes nothing, as audit::Append
// does on its head row): the second waits for the first to commit and then reads its value, so no
// increment is lost and none fails.
TEST_F(PostgresTest, ConcurrentInstancesLockFirstAndLoseNoUpdate) {
  {
    auto tx = db_->Begin();
    ASSERT_TRUE(
        tx->Execute("CREATE TABLE counter (n BIGINT NOT NULL); INSERT INTO counter VALUES (0)"));
    ASSERT_TRUE(tx->Commit());
  }
  constexpr int kEach = 40;
  auto worker = [&] {
    auto db = Database::OpenPostgres(url_, 1);
    ASSERT_TRUE(db.has_value());
    for (int i = 0; i < kEach; ++i) {
      auto tx = (*db)->Begin();
      ASSERT_TRUE(tx.has_value());
      ASSERT_TRUE(tx->Execute("UPDATE counter SET n = n"));
      auto n = tx->Query("SELECT n FROM counter");
      ASSERT_TRUE(n.has_value()) << n.error().message;
      ASSERT_TRUE(tx->Execute("UPDATE counter SET n = ?", {n->front().Int(0) + 1}));
      auto done = tx->Commit();
      ASSERT_TRUE(done.has_value()) << done.error().message;
    }
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  auto tx = db_->Begin();
  EXPECT_EQ(tx->Query("SELECT n FROM counter")->front().Int(0), 2 * kEach);
}

// A deadlock (each of two transactions waits for a row the other holds) is reported as busy: a
// retry may succeed.
TEST_F(PostgresTest, ADeadlockIsBusy) {
  {
    auto tx = db_->Begin();
    ASSERT_TRUE(
        tx->Execute("CREATE TABLE r (id BIGINT PRIMARY KEY, n BIGINT NOT NULL); "
                    "INSERT INTO r VALUES (1, 0), (2, 0)"));
    ASSERT_TRUE(tx->Commit());
  }
  auto db = Database::OpenPostgres(url_, 2);
  ASSERT_TRUE(db.has_value());
  std::atomic<int> busy = 0, locked = 0;
  auto worker = [&](int first, int second) {
    auto tx = (*db)->Begin();
    ASSERT_TRUE(tx.has_value());
    ASSERT_TRUE(tx->Execute("UPDATE r SET n = n + 1 WHERE id = ?", {int64_t{first}}));
    ++locked;
    while (locked < 2) std::this_thread::yield();
    auto done = tx->Execute("UPDATE r SET n = n + 1 WHERE id = ?", {int64_t{second}});
    if (!done) {
      EXPECT_TRUE(done.error().busy) << done.error().message;
      EXPECT_THAT(done.error().message, HasSubstr("deadlock"));
      ++busy;
      return;
    }
    EXPECT_TRUE(tx->Commit());
  };
  std::thread a(worker, 1, 2), b(worker, 2, 1);
  a.join();
  b.join();
  EXPECT_EQ(busy, 1);
}

// The pool runs transactions side by side: a second thread's transaction proceeds while the first
// holds a row lock, rather than queueing behind it as on SQLite. The same thread may not open two.
TEST_F(PostgresTest, PoolRunsTransactionsSideBySide) {
  {
    auto tx = db_->Begin();
    ASSERT_TRUE(tx->Execute("CREATE TABLE t (id BIGINT PRIMARY KEY)"));
    ASSERT_TRUE(tx->Commit());
  }
  auto held = db_->Begin();
  ASSERT_TRUE(held.has_value());
  ASSERT_TRUE(held->Execute("INSERT INTO t VALUES (1)"));
  auto again = db_->Begin();
  ASSERT_FALSE(again.has_value());
  EXPECT_THAT(again.error().message, HasSubstr("already open on this thread"));
  std::thread other([&] {
    auto tx = db_->Begin();
    ASSERT_TRUE(tx.has_value()) << tx.error().message;
    auto rows = tx->Query("SELECT count(*) FROM t");
    ASSERT_TRUE(rows.has_value());
    EXPECT_EQ(rows->front().Int(0), 0);  // read committed: the open insert is not seen
    EXPECT_TRUE(tx->Commit());
  });
  other.join();
  EXPECT_TRUE(held->Commit());
}

// DDL written the SQLite way means the same here: INTEGER is 64-bit and an INTEGER PRIMARY KEY
// numbers rows an insert leaves it out of (and keeps the ones it is given).
TEST_F(PostgresTest, PortableDdlReadsAsSqliteReadsIt) {
  Migration m{1, "t", R"sql(
CREATE TABLE t (
  id INTEGER PRIMARY KEY,   -- numbered: INTEGER PRIMARY KEY
  big INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT 'INTEGER stays text here'
);
)sql"};
  ASSERT_TRUE(db_->Migrate(std::span(&m, 1)).has_value());
  auto tx = db_->Begin();
  auto first = tx->Execute("INSERT INTO t (big) VALUES (?) RETURNING id", {int64_t{1} << 40});
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(*first, 1);
  ASSERT_TRUE(tx->Execute("INSERT INTO t (id, big) VALUES (100, 0)"));
  auto rows = tx->Query("SELECT big, note FROM t WHERE id = 1");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(rows->front().Int(0), int64_t{1} << 40);
  EXPECT_EQ(rows->front().Text(1), "INTEGER stays text here");
}

// A notification reaches a listener (another instance) when the transaction commits, and never
// when it rolls back.
// VACUUM (ANALYZE) after a bulk load: the row estimate is the table's (reltuples, -1 before any
// ANALYZE) and every page is marked all-visible, so index-only scans need not visit the heap.
TEST_F(PostgresTest, AfterBulkLoadAnalysesAndVacuums) {
  {
    auto tx = db_->Begin();
    ASSERT_TRUE(tx->Execute("CREATE TABLE t (id BIGINT PRIMARY KEY, a TEXT)"));
    ASSERT_TRUE(
        tx->Execute("INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 5000) AS g"));
    ASSERT_TRUE(tx->Commit());
  }
  auto after = db_->AfterBulkLoad();
  ASSERT_TRUE(after.has_value()) << after.error().message;
  auto tx = db_->Begin();
  auto rows = tx->Query(
      "SELECT reltuples::bigint, relallvisible, relpages FROM pg_class "
      "WHERE oid = 'public.t'::regclass");
  ASSERT_TRUE(rows.has_value()) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().Int(0), 5000);
  EXPECT_GT(rows->front().Int(2), 0);
  EXPECT_EQ(rows->front().Int(1), rows->front().Int(2));
}

TEST_F(PostgresTest, NotifyReachesListenersOnCommitOnly) {
  auto listener = db_->Listen("tamga_test");
  ASSERT_TRUE(listener.has_value()) << listener.error().message;
  {
    auto tx = db_->Begin();
    ASSERT_TRUE(tx->Notify("tamga_test", "rolled back"));
  }
  {
    auto tx = db_->Begin();
    ASSERT_TRUE(tx->Notify("tamga_test", "KZ/residence-permit/2022-09-27"));
    auto early = (*listener)->Wait(std::chrono::milliseconds(50));
    ASSERT_TRUE(early.has_value());
    EXPECT_TRUE(early->empty());
    ASSERT_TRUE(tx->Commit());
  }
  std::vector<std::string> got;
  for (int i = 0; i < 20 && got.empty(); ++i) {
    auto more = (*listener)->Wait(std::chrono::milliseconds(100));
    ASSERT_TRUE(more.has_value()) << more.error().message;
    got.insert(got.end(), more->begin(), more->end());
  }
  EXPECT_THAT(got, ::testing::ElementsAre("KZ/residence-permit/2022-09-27"));
}

}  // namespace
}  // namespace tamga::store

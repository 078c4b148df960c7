// store::Database on a real PostgreSQL 15 (scripts/with-postgres starts a throwaway cluster and
// sets TAMGA_TEST_PG; ctest runs this as postgres_store). Without TAMGA_TEST_PG every test skips.
// The contract is the one database.h states for both engines.
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

// Two connections (two tamga instances) increment one counter: SERIALIZABLE transactions either
// commit or fail as busy, and with retries no increment is lost.
TEST_F(PostgresTest, ConcurrentInstancesLoseNoUpdate) {
  {
    auto tx = db_->Begin();
    ASSERT_TRUE(
        tx->Execute("CREATE TABLE counter (n BIGINT NOT NULL); INSERT INTO counter VALUES (0)"));
    ASSERT_TRUE(tx->Commit());
  }
  constexpr int kEach = 40;
  int busy_seen = 0;
  std::mutex mu;
  auto worker = [&] {
    auto db = Database::OpenPostgres(url_);
    ASSERT_TRUE(db.has_value());
    for (int i = 0; i < kEach; ++i) {
      for (;;) {
        auto tx = (*db)->Begin();
        ASSERT_TRUE(tx.has_value());
        auto n = tx->Query("SELECT n FROM counter");
        std::expected<int64_t, Error> set =
            n ? tx->Execute("UPDATE counter SET n = ?", {n->front().Int(0) + 1})
              : std::expected<int64_t, Error>(std::unexpected(n.error()));
        auto done = set ? tx->Commit() : std::expected<void, Error>(std::unexpected(set.error()));
        if (done) break;
        ASSERT_TRUE(done.error().busy) << done.error().message;
        std::lock_guard lock(mu);
        ++busy_seen;
      }
    }
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  auto tx = db_->Begin();
  EXPECT_EQ(tx->Query("SELECT n FROM counter")->front().Int(0), 2 * kEach);
  RecordProperty("serialization_retries", busy_seen);
}

}  // namespace
}  // namespace tamga::store

#include "audit/audit.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/temp_dir.h"

namespace tamga::audit {
namespace {

using ::testing::HasSubstr;

// A fresh directory per test, removed afterwards.
class TempDir : public base::TempDir {
 public:
  TempDir() : base::TempDir("tamga-audit") {}
};

Entry Make(const std::string& at, const std::string& actor, const std::string& action,
           const std::string& case_number, const std::string& details) {
  return Entry{0, at, actor, action, case_number, details, ""};
}

// A log of 50 entries over three cases, built through Append; tests then corrupt it with plain
// SQL, as someone with write access to the database file could.
class AuditLog : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::Database::OpenSqlite(dir_.File("audit.db"));
    ASSERT_TRUE(db.has_value()) << db.error().message;
    db_ = std::move(*db);
    store::Migration schema[] = {Schema(), StateSchema()};
    ASSERT_TRUE(db_->Migrate(schema).has_value());
    for (int i = 1; i <= 50; ++i) {
      char at[32];
      std::snprintf(at, sizeof at, "2024-03-01T09:%02d:%02d.%03dZ", i / 60, i % 60, i);
      Entry e =
          Make(at, i % 2 ? "officer.aliya" : "applicant:KZ-2024-00000" + std::to_string(i % 3),
               i % 5 ? "case.read" : "case.update", "KZ-2024-00000" + std::to_string(i % 3),
               R"({"n":)" + std::to_string(i) + "}");
      auto tx = db_->Begin();
      ASSERT_TRUE(tx.has_value());
      auto ok = Append(*tx, e);
      ASSERT_TRUE(ok.has_value()) << ok.error().message;
      ASSERT_TRUE(tx->Commit().has_value());
      EXPECT_EQ(e.seq, i);
      EXPECT_EQ(e.hash.size(), 64u);
      hashes_.push_back(e.hash);
    }
  }

  void Sql(const std::string& sql) {
    auto tx = db_->Begin();
    ASSERT_TRUE(tx.has_value());
    auto ok = tx->Execute(sql);
    ASSERT_TRUE(ok.has_value()) << ok.error().message;
    ASSERT_TRUE(tx->Commit().has_value());
  }

  VerifyReport Check() {
    auto tx = db_->Begin();
    EXPECT_TRUE(tx.has_value());
    return tx ? audit::Verify(*tx) : VerifyReport{};
  }

  TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::vector<std::string> hashes_;
};

TEST_F(AuditLog, IntactLogVerifiesAndReportsTheHead) {
  VerifyReport r = Check();
  EXPECT_EQ(r.first_bad_seq, std::nullopt) << r.problem;
  EXPECT_EQ(r.problem, "");
  EXPECT_EQ(r.entries_checked, 50);
  EXPECT_EQ(r.head_seq, 50);
  EXPECT_EQ(r.head_hash, hashes_.back());
}

TEST_F(AuditLog, EditedDetailsAreDetected) {
  Sql(R"(UPDATE audit_log SET details = '{"n":999}' WHERE seq = 20)");
  VerifyReport r = Check();
  EXPECT_EQ(r.first_bad_seq, 20);
  EXPECT_THAT(r.problem, HasSubstr("hash mismatch"));
  EXPECT_EQ(r.entries_checked, 19);
}

TEST_F(AuditLog, EditedEntryWithRecomputedHashBreaksTheNextLink) {
  // Someone who knows the format rehashes the edited entry; the next entry's hash covers it.
  Sql("UPDATE audit_log SET actor = 'someone.else' WHERE seq = 20");
  {
    auto tx = db_->Begin();
    auto rows = tx->Query(
        "SELECT seq, at, actor, action, case_number, details FROM audit_log WHERE seq = 20");
    ASSERT_TRUE(rows.has_value());
    const store::Row& row = rows->front();
    // Rebuild the hash the way Append would, by appending the edited entry to a scratch log whose
    // head is entry 19.
    auto scratch = store::Database::OpenSqlite(dir_.File("scratch.db"));
    ASSERT_TRUE(scratch.has_value());
    store::Migration schema[] = {Schema(), StateSchema()};
    ASSERT_TRUE((*scratch)->Migrate(schema).has_value());
    auto stx = (*scratch)->Begin();
    ASSERT_TRUE(stx->Execute("UPDATE audit_head SET seq = 19, hash = ?", {hashes_[18]}));
    ASSERT_TRUE(stx->Execute(
        "INSERT INTO audit_log (seq, at, actor, action, details, hash) VALUES (19, '', 'x', 'x', "
        "'{}', ?)",
        {hashes_[18]}));
    Entry e = Make(row.Text(1), row.Text(2), row.Text(3), row.Text(4), row.Text(5));
    ASSERT_TRUE(Append(*stx, e).has_value());
    ASSERT_EQ(e.seq, 20);
    ASSERT_NE(e.hash, hashes_[19]);
    ASSERT_TRUE(tx->Execute("UPDATE audit_log SET hash = ? WHERE seq = 20", {e.hash}));
    ASSERT_TRUE(tx->Commit().has_value());
  }
  VerifyReport r = Check();
  EXPECT_EQ(r.first_bad_seq, 21);
  EXPECT_THAT(r.problem, HasSubstr("hash mismatch"));
}

TEST_F(AuditLog, DeletedEntryIsDetected) {
  Sql("DELETE FROM audit_log WHERE seq = 20");
  VerifyReport r = Check();
  EXPECT_EQ(r.first_bad_seq, 21);
  EXPECT_EQ(r.problem, "sequence gap: expected 20, found 21");
  EXPECT_EQ(r.entries_checked, 19);
}

TEST_F(AuditLog, SwappedEntriesAreDetected) {
  // Exchange everything but the position (seq) of entries 10 and 30.
  Sql(R"(
    CREATE TEMP TABLE saved AS SELECT * FROM audit_log WHERE seq IN (10, 30);
    UPDATE audit_log SET
      at = (SELECT at FROM saved WHERE saved.seq = 40 - audit_log.seq),
      actor = (SELECT actor FROM saved WHERE saved.seq = 40 - audit_log.seq),
      action = (SELECT action FROM saved WHERE saved.seq = 40 - audit_log.seq),
      case_number = (SELECT case_number FROM saved WHERE saved.seq = 40 - audit_log.seq),
      details = (SELECT details FROM saved WHERE saved.seq = 40 - audit_log.seq),
      hash = (SELECT hash FROM saved WHERE saved.seq = 40 - audit_log.seq)
    WHERE seq IN (10, 30);
    DROP TABLE saved;)");
  {
    auto tx = db_->Begin();
    auto rows = tx->Query("SELECT hash FROM audit_log WHERE seq = 10");
    ASSERT_EQ(rows->front().Text(0), hashes_[29]);  // the swap happened
  }
  VerifyReport r = Check();
  EXPECT_EQ(r.first_bad_seq, 10);
  EXPECT_THAT(r.problem, HasSubstr("hash mismatch"));
}

TEST_F(AuditLog, DeletedLastEntryIsDetectedThroughTheHead) {
  Sql("DELETE FROM audit_log WHERE seq = 50");
  VerifyReport r = Check();
  EXPECT_EQ(r.first_bad_seq, 50);
  EXPECT_THAT(r.problem, HasSubstr("removed from the end"));
  EXPECT_EQ(r.entries_checked, 49);
}

TEST_F(AuditLog, DeletedTailWithRewoundHeadStillDisagreesWithAnOutsideCopy) {
  // Deleting the last entries and rewinding the head to match leaves a consistent log: only the
  // head hash recorded elsewhere (as `tamga audit verify` prints it) shows the loss.
  std::string recorded_head = Check().head_hash;
  Sql("DELETE FROM audit_log WHERE seq > 45");
  Sql("UPDATE audit_head SET seq = 45, hash = '" + hashes_[44] + "'");
  VerifyReport r = Check();
  EXPECT_EQ(r.first_bad_seq, std::nullopt);
  EXPECT_NE(r.head_hash, recorded_head);
}

TEST_F(AuditLog, EntryAddedWithoutTheHeadIsDetected) {
  Sql("INSERT INTO audit_log SELECT 51, at, actor, action, case_number, details, hash, state "
      "FROM audit_log WHERE seq = 50");
  VerifyReport r = Check();
  EXPECT_EQ(r.first_bad_seq, 51);
}

TEST_F(AuditLog, EntryBeforeTheFirstIsDetected) {
  Sql("INSERT INTO audit_log SELECT 0, at, actor, action, case_number, details, hash, state "
      "FROM audit_log WHERE seq = 1");
  VerifyReport r = Check();
  EXPECT_EQ(r.first_bad_seq, 0);
  EXPECT_EQ(r.problem, "sequence gap: expected 1, found 0");
}

TEST_F(AuditLog, EditedHeadIsDetected) {
  Sql("UPDATE audit_head SET hash = '" + hashes_[0] + "'");
  VerifyReport r = Check();
  EXPECT_EQ(r.first_bad_seq, 50);
  EXPECT_THAT(r.problem, HasSubstr("head hash"));
  Sql("DELETE FROM audit_head");
  r = Check();
  EXPECT_EQ(r.first_bad_seq, 0);
  EXPECT_THAT(r.problem, HasSubstr("audit_head row is missing"));
}

// Issue 9: the server appended to a chain cut at its tail without noticing. An append now
// refuses a chain whose head does not match its last entry, so the break is not buried.
TEST_F(AuditLog, AppendRefusesAChainCutAtItsTail) {
  Sql("DELETE FROM audit_log WHERE seq = 50");
  auto tx = db_->Begin();
  Entry e = Make("2024-03-02T00:00:00.000Z", "system", "case.read", "", "{}");
  auto refused = Append(*tx, e);
  ASSERT_FALSE(refused.has_value());
  EXPECT_THAT(refused.error().message, HasSubstr("broken at its head"));
  // So does a head moved back over the cut (the cutter's next step).
  ASSERT_TRUE(tx->Execute("UPDATE audit_head SET seq = 49, hash = 'x'"));
  EXPECT_FALSE(Append(*tx, e).has_value());
}

// A break inside the chain, away from the head, does not stop appends (only a full or tail
// verification finds it), and stays detected after them.
TEST_F(AuditLog, AppendAfterCorruptionInsideStaysDetected) {
  Sql("DELETE FROM audit_log WHERE seq = 20");
  auto tx = db_->Begin();
  Entry e = Make("2024-03-02T00:00:00.000Z", "system", "case.read", "", "{}");
  ASSERT_TRUE(Append(*tx, e).has_value());
  ASSERT_TRUE(tx->Commit().has_value());
  EXPECT_EQ(e.seq, 51);
  VerifyReport r = Check();
  EXPECT_EQ(r.first_bad_seq, 21);
  EXPECT_EQ(r.problem, "sequence gap: expected 20, found 21");
  auto check = db_->Begin();
  EXPECT_FALSE(VerifyTail(*check, 5).first_bad_seq.has_value());  // the newest 5 are intact
  EXPECT_EQ(VerifyTail(*check, 40).first_bad_seq, 21);
}

// Checkpoints: signed heads in a file outside the database. A tail cut together with its head,
// which the chain alone cannot show, disagrees with the newest checkpoint; so does a rewritten
// chain; a forged line fails its signature.
TEST_F(AuditLog, SignedCheckpointsCatchACutTailAndAForgedLine) {
  const std::string file = dir_.File("checkpoints.log"), key = dir_.File("signing.key");
  auto checkpoints = Checkpoints::Open(file, key);
  ASSERT_TRUE(checkpoints.has_value()) << checkpoints.error();
  EXPECT_EQ(ReadPublicKey(key), checkpoints->PublicKeyHex());
  EXPECT_EQ(std::filesystem::status(key).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  {
    auto tx = db_->Begin();
    EXPECT_EQ(checkpoints->Write(*tx, "2024-03-02T00:00:00.000Z"), true);
    EXPECT_EQ(checkpoints->Write(*tx, "2024-03-02T00:00:01.000Z"), false);  // head unmoved
  }
  auto verify = [&] {
    auto tx = db_->Begin();
    return VerifyCheckpoints(*tx, file, checkpoints->PublicKeyHex());
  };
  CheckpointReport ok = verify();
  EXPECT_EQ(ok.problem, "");
  EXPECT_EQ(ok.checkpoints, 1);
  ASSERT_TRUE(ok.last.has_value());
  EXPECT_EQ(ok.last->seq, 50);

  // A line signed with another key does not verify.
  std::string first_line;
  {
    std::ifstream in(file);
    std::getline(in, first_line);
  }
  auto forged = Checkpoints::Open(file, dir_.File("other.key"));
  ASSERT_TRUE(forged.has_value());
  {
    auto tx = db_->Begin();
    ASSERT_EQ(forged->Write(*tx, "2024-03-03T00:00:00.000Z"), true);
  }
  EXPECT_THAT(verify().problem, HasSubstr("line 2: the signature does not verify"));
  std::ofstream(file, std::ios::trunc) << first_line << "\n";
  EXPECT_EQ(verify().problem, "");

  // Cut the last two entries and move the head back: the chain verifies, the checkpoint does not.
  Sql("DELETE FROM audit_log WHERE seq > 48");
  Sql("UPDATE audit_head SET seq = 48, hash = '" + hashes_[47] + "'");
  EXPECT_FALSE(Check().first_bad_seq.has_value());
  EXPECT_THAT(verify().problem, HasSubstr("entries were cut from the end"));
}

TEST_F(AuditLog, ForCaseListsOneCaseOldestFirst) {
  auto tx = db_->Begin();
  auto entries = ForCase(*tx, "KZ-2024-000001");
  ASSERT_TRUE(entries.has_value());
  ASSERT_EQ(entries->size(), 17u);  // i % 3 == 1 for i in 1..50
  int64_t prev = 0;
  for (const Entry& e : *entries) {
    EXPECT_EQ(e.case_number, "KZ-2024-000001");
    EXPECT_GT(e.seq, prev);
    EXPECT_EQ(e.hash, hashes_[e.seq - 1]);
    prev = e.seq;
  }
  EXPECT_EQ(entries->front().seq, 1);
  EXPECT_EQ(entries->front().details, R"({"n":1})");
  EXPECT_EQ(entries->front().actor, "officer.aliya");
}

TEST_F(AuditLog, EntriesRollBackWithTheirTransaction) {
  {
    auto tx = db_->Begin();
    Entry e = Make("", "system", "case.read", "", "");
    ASSERT_TRUE(Append(*tx, e).has_value());
    EXPECT_EQ(e.seq, 51);
  }  // not committed
  auto tx = db_->Begin();
  Entry e = Make("", "system", "case.read", "", "");
  ASSERT_TRUE(Append(*tx, e).has_value());
  EXPECT_EQ(e.seq, 51);
  // Defaults: the time of the append, and empty details as an empty JSON object.
  EXPECT_THAT(e.at, ::testing::MatchesRegex(
                        "20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z"));
  EXPECT_EQ(e.details, "{}");
  ASSERT_TRUE(tx->Commit().has_value());
  EXPECT_EQ(Check().first_bad_seq, std::nullopt);
  EXPECT_EQ(Check().entries_checked, 51);
}

TEST_F(AuditLog, FieldsMayNotContainTheSeparator) {
  auto tx = db_->Begin();
  Entry e = Make("2024-03-02T00:00:00.000Z", "officer\x1f", "case.read", "", "{}");
  auto ok = Append(*tx, e);
  ASSERT_FALSE(ok.has_value());
  EXPECT_THAT(ok.error().message, HasSubstr("actor contains the control character 0x1F"));
  EXPECT_EQ(e.seq, 0);
  Entry nobody = Make("2024-03-02T00:00:00.000Z", "", "case.read", "", "{}");
  EXPECT_FALSE(Append(*tx, nobody).has_value());
}

// The format is the one docs/audit.md documents: these hashes were computed independently
// (Python's hashlib) from the canonical text of two entries.
TEST(AuditFormat, HashesFollowTheDocumentedFormat) {
  TempDir dir;
  auto db = store::Database::OpenSqlite(dir.File("audit.db"));
  ASSERT_TRUE(db.has_value());
  store::Migration schema[] = {Schema(), StateSchema()};
  ASSERT_TRUE((*db)->Migrate(schema).has_value());
  auto tx = (*db)->Begin();
  Entry first =
      Make("2024-01-01T00:00:00.000Z", "officer.aliya", "case.read", "KZ-2024-000001", "{}");
  ASSERT_TRUE(Append(*tx, first).has_value());
  EXPECT_EQ(first.seq, 1);
  EXPECT_EQ(first.hash, "fa35e162a793e19dbaccbf04140a99ece220b991a761686021b5b8afa76dc705");
  Entry second =
      Make("2024-01-01T00:00:01.000Z", "system", "case.submit", "", R"({"outcome":"eligible"})");
  ASSERT_TRUE(Append(*tx, second).has_value());
  EXPECT_EQ(second.seq, 2);
  EXPECT_EQ(second.hash, "8c3a97e8eab3f59a4a14fdca71b82894d983049fbb2d3306ee603c9682d47bb2");
  VerifyReport r = Verify(*tx);
  EXPECT_EQ(r.first_bad_seq, std::nullopt) << r.problem;
  EXPECT_EQ(r.head_hash, second.hash);
}

TEST(AuditFormat, EmptyLogVerifies) {
  TempDir dir;
  auto db = store::Database::OpenSqlite(dir.File("audit.db"));
  ASSERT_TRUE(db.has_value());
  store::Migration schema[] = {Schema(), StateSchema()};
  ASSERT_TRUE((*db)->Migrate(schema).has_value());
  auto tx = (*db)->Begin();
  VerifyReport r = Verify(*tx);
  EXPECT_EQ(r.first_bad_seq, std::nullopt) << r.problem;
  EXPECT_EQ(r.entries_checked, 0);
  EXPECT_EQ(r.head_seq, 0);
  EXPECT_EQ(r.head_hash, std::string(64, '0'));
}

// Longer than one verification batch, so the batched walk is exercised across boundaries.
TEST(AuditFormat, VerifiesAcrossBatches) {
  TempDir dir;
  auto db = store::Database::OpenSqlite(dir.File("audit.db"));
  ASSERT_TRUE(db.has_value());
  store::Migration schema[] = {Schema(), StateSchema()};
  ASSERT_TRUE((*db)->Migrate(schema).has_value());
  {
    auto tx = (*db)->Begin();
    for (int i = 0; i < 2500; ++i) {
      Entry e = Make("2024-01-01T00:00:00.000Z", "system", "case.read", "", "{}");
      ASSERT_TRUE(Append(*tx, e).has_value());
    }
    ASSERT_TRUE(tx->Commit().has_value());
  }
  auto tx = (*db)->Begin();
  EXPECT_EQ(Verify(*tx).entries_checked, 2500);
  ASSERT_TRUE(tx->Execute("DELETE FROM audit_log WHERE seq = 2001").has_value());
  VerifyReport r = Verify(*tx);
  EXPECT_EQ(r.first_bad_seq, 2002);
  EXPECT_EQ(r.entries_checked, 2000);
}

}  // namespace
}  // namespace tamga::audit

namespace tamga::audit {
namespace {

// Issue 10: the chain on PostgreSQL (scripts/with-postgres sets TAMGA_TEST_PG; skipped without
// it). Two instances append at once in READ COMMITTED transactions: the second waits on the head
// row's lock, so none fails, and the result is one chain without gaps or forks that verifies.
TEST(AuditOnPostgres, ConcurrentAppendsFromTwoInstancesMakeOneChain) {
  const char* url = std::getenv("TAMGA_TEST_PG");
  if (!url || !*url) GTEST_SKIP() << "TAMGA_TEST_PG is not set (run under scripts/with-postgres)";
  auto db = store::Database::OpenPostgres(url);
  ASSERT_TRUE(db.has_value()) << db.error().message;
  {
    auto tx = (*db)->Begin();
    ASSERT_TRUE(tx->Execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public"));
    ASSERT_TRUE(tx->Commit());
  }
  store::Migration schema[] = {Schema(), StateSchema()};
  ASSERT_TRUE((*db)->Migrate(schema).has_value());
  constexpr int kEach = 60;
  auto instance = [&](std::string actor) {
    auto own = store::Database::OpenPostgres(url, 2);
    ASSERT_TRUE(own.has_value());
    for (int i = 0; i < kEach; ++i) {
      auto tx = (*own)->Begin();
      ASSERT_TRUE(tx.has_value());
      Entry e = Make("2024-03-01T00:00:00.000Z", actor, "case.read", "KZ-2024-000001", "{}");
      auto appended = Append(*tx, e);
      ASSERT_TRUE(appended.has_value()) << appended.error().message;
      auto done = tx->Commit();
      ASSERT_TRUE(done.has_value()) << done.error().message;
    }
  };
  std::thread a(instance, "instance.a"), b(instance, "instance.b");
  a.join();
  b.join();
  auto tx = (*db)->Begin();
  VerifyReport report = Verify(*tx);
  EXPECT_FALSE(report.first_bad_seq.has_value()) << report.problem;
  EXPECT_EQ(report.entries_checked, 2 * kEach);
  EXPECT_EQ(report.head_seq, 2 * kEach);
}

}  // namespace
}  // namespace tamga::audit

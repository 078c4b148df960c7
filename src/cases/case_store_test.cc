// Tests of the case store (against a real SQLite file), the case JSON form and the file store.
#include "cases/case_store.h"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/temp_dir.h"

#include "cases/service.h"
#include "store/test_database.h"

namespace tamga::cases {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A fresh directory per test, removed afterwards.
class TempDir : public base::TempDir {
 public:
  TempDir() : base::TempDir("tamga-cases") {}
};

feel::Date D(const char* iso) {
  auto d = feel::ParseDate(iso);
  EXPECT_TRUE(d.has_value()) << iso;
  return d.value_or(feel::Date{});
}

// A case with every field set, none to its default.
Case FullCase() {
  Case c;
  c.id = 7;
  c.number = "KZ-2022-000042";
  Application& a = c.application;
  a.jurisdiction = "KZ";
  a.kind = "permanent-residence";
  a.purpose = "ethnic-repatriation";
  a.filing_date = D("2022-09-26");
  a.applicant.surname = "IVANOV";
  a.applicant.given_names = "IVAN";
  a.applicant.native_name = "Иванов Иван Иванович";
  a.applicant.birth_date = D("1980-02-29");
  a.applicant.sex = "M";
  a.applicant.citizenships = {"RUS", "BLR"};
  a.applicant.passport = {
      "751234567", "RUS", D("2030-01-31"),
      "P<RUSIVANOV<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\n7512345674RUS8002291M3001317<<<<<<<<<<<<<<06"};
  Document noc;
  noc.id = 1;
  noc.kind = "no-objection-certificate";
  noc.issuing_state = "RUS";
  noc.number = "NOC-1";
  noc.issued = D("2022-08-01");
  noc.expires = D("2023-08-01");
  noc.file_name = "noc \"scan\".pdf";
  noc.content_type = "application/pdf";
  noc.size = 12345;
  noc.sha256 = std::string(64, 'a');
  noc.uploaded_at = "2022-09-27T10:00:00.000Z";
  Document photo;
  photo.id = 2;
  photo.kind = "photo";
  photo.file_name = "photo.jpg";
  photo.content_type = "image/jpeg";
  a.documents = {noc, photo};  // photo: no dates (null)
  c.state = State::kRefused;
  c.assigned_officer = "officer.aliya";
  c.deadline = D("2022-12-25");
  policy::Decision d;
  d.outcome = "refuse";
  d.required_documents = {"passport", "no-objection-certificate"};
  d.missing_documents = {"housing-owner-consent"};
  d.grounds = {{"kz-age", "The applicant is too young.", "Law 2022 art. 5"},
               {"kz-noc", "No certificate.", "Law 2022 art. 7 §2"}};
  d.policy_version = "KZ/permanent-residence/2022-09-22";
  d.policy_hash = std::string(64, 'b');
  // A trace with a 34-digit number: it must come back byte for byte.
  d.trace_json = R"({"Outcome": {"value": 0.1234567890123456789012345678901234}})";
  d.warnings = {"input \"Purpose\" is unused"};
  d.matched_rules = {"kz-age", "kz-noc", "kz-other"};
  c.decision = d;
  c.requested_documents = {"birth-certificate"};
  c.refusal_grounds = {{"kz-noc", "No certificate.", "Law 2022 art. 7"}};
  c.appeal_reason = "I sent it by post.\nTwice.";
  c.history = {
      {State::kSubmitted, State::kReadyForReview, "system", "2022-09-26T08:00:00.000Z", "decided"},
      {State::kValidated, State::kRefused, "officer.aliya", "2022-10-01T09:00:00.000Z", "refused"}};
  c.revision = 5;
  c.created_at = "2022-09-26T08:00:00.000Z";
  c.updated_at = "2022-10-01T09:00:00.000Z";
  return c;
}

void ExpectSameGrounds(const std::vector<policy::Ground>& a, const std::vector<policy::Ground>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].rule_id, b[i].rule_id);
    EXPECT_EQ(a[i].reason, b[i].reason);
    EXPECT_EQ(a[i].citation, b[i].citation);
  }
}

// Field by field, so that a field lost in both directions cannot go unnoticed.
void ExpectSameCase(const Case& x, const Case& y) {
  EXPECT_EQ(x.id, y.id);
  EXPECT_EQ(x.number, y.number);
  const Application& a = x.application;
  const Application& b = y.application;
  EXPECT_EQ(a.jurisdiction, b.jurisdiction);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.purpose, b.purpose);
  EXPECT_EQ(a.filing_date, b.filing_date);
  EXPECT_EQ(a.applicant.surname, b.applicant.surname);
  EXPECT_EQ(a.applicant.given_names, b.applicant.given_names);
  EXPECT_EQ(a.applicant.native_name, b.applicant.native_name);
  EXPECT_EQ(a.applicant.birth_date, b.applicant.birth_date);
  EXPECT_EQ(a.applicant.sex, b.applicant.sex);
  EXPECT_EQ(a.applicant.citizenships, b.applicant.citizenships);
  EXPECT_EQ(a.applicant.passport.number, b.applicant.passport.number);
  EXPECT_EQ(a.applicant.passport.issuing_state, b.applicant.passport.issuing_state);
  EXPECT_EQ(a.applicant.passport.expiry, b.applicant.passport.expiry);
  EXPECT_EQ(a.applicant.passport.mrz, b.applicant.passport.mrz);
  ASSERT_EQ(a.documents.size(), b.documents.size());
  for (size_t i = 0; i < a.documents.size(); ++i) {
    const Document& p = a.documents[i];
    const Document& q = b.documents[i];
    EXPECT_EQ(p.id, q.id);
    EXPECT_EQ(p.kind, q.kind);
    EXPECT_EQ(p.issuing_state, q.issuing_state);
    EXPECT_EQ(p.number, q.number);
    EXPECT_EQ(p.issued, q.issued);
    EXPECT_EQ(p.expires, q.expires);
    EXPECT_EQ(p.file_name, q.file_name);
    EXPECT_EQ(p.content_type, q.content_type);
    EXPECT_EQ(p.size, q.size);
    EXPECT_EQ(p.sha256, q.sha256);
    EXPECT_EQ(p.uploaded_at, q.uploaded_at);
  }
  EXPECT_EQ(x.state, y.state);
  EXPECT_EQ(x.assigned_officer, y.assigned_officer);
  EXPECT_EQ(x.deadline, y.deadline);
  ASSERT_EQ(x.decision.has_value(), y.decision.has_value());
  if (x.decision) {
    const policy::Decision& p = *x.decision;
    const policy::Decision& q = *y.decision;
    EXPECT_EQ(p.outcome, q.outcome);
    EXPECT_EQ(p.required_documents, q.required_documents);
    EXPECT_EQ(p.missing_documents, q.missing_documents);
    ExpectSameGrounds(p.grounds, q.grounds);
    EXPECT_EQ(p.policy_version, q.policy_version);
    EXPECT_EQ(p.policy_hash, q.policy_hash);
    EXPECT_EQ(p.trace_json, q.trace_json);
    EXPECT_EQ(p.warnings, q.warnings);
    EXPECT_EQ(p.matched_rules, q.matched_rules);
  }
  EXPECT_EQ(x.requested_documents, y.requested_documents);
  ExpectSameGrounds(x.refusal_grounds, y.refusal_grounds);
  EXPECT_EQ(x.appeal_reason, y.appeal_reason);
  ASSERT_EQ(x.history.size(), y.history.size());
  for (size_t i = 0; i < x.history.size(); ++i) {
    EXPECT_EQ(x.history[i].from, y.history[i].from);
    EXPECT_EQ(x.history[i].to, y.history[i].to);
    EXPECT_EQ(x.history[i].actor, y.history[i].actor);
    EXPECT_EQ(x.history[i].at, y.history[i].at);
    EXPECT_EQ(x.history[i].reason, y.history[i].reason);
  }
  EXPECT_EQ(x.revision, y.revision);
  EXPECT_EQ(x.created_at, y.created_at);
  EXPECT_EQ(x.updated_at, y.updated_at);
}

// ---- JSON ----

TEST(CaseJson, RoundTripsEveryField) {
  Case c = FullCase();
  std::string json = CaseToJson(c);
  auto back = CaseFromJson(json);
  ASSERT_TRUE(back.has_value()) << back.error().field << ": " << back.error().message;
  ExpectSameCase(c, *back);
  EXPECT_EQ(CaseToJson(*back), json);
  // Spot checks of the documented form.
  EXPECT_THAT(json, HasSubstr(R"("filingDate":"2022-09-26")"));
  EXPECT_THAT(json, HasSubstr(R"("state":"refused")"));
  EXPECT_THAT(json, HasSubstr(R"("issued":null)"));
  EXPECT_THAT(json, HasSubstr(R"("ruleId":"kz-age")"));
  EXPECT_THAT(json, HasSubstr(R"("from":"validated","to":"refused")"));
}

TEST(CaseJson, DefaultCaseRoundTripsWithoutDecision) {
  Case c;
  std::string json = CaseToJson(c);
  EXPECT_THAT(json, HasSubstr(R"("decision":null)"));
  auto back = CaseFromJson(json);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  ExpectSameCase(c, *back);
}

TEST(CaseJson, AbsentFieldsTakeTheirDefaults) {
  // A body written before a field existed still loads.
  auto c = CaseFromJson(R"({"number": "KZ-2022-000001", "state": "validated"})");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->number, "KZ-2022-000001");
  EXPECT_EQ(c->state, State::kValidated);
  EXPECT_FALSE(c->decision.has_value());
  EXPECT_TRUE(c->requested_documents.empty());
}

TEST(CaseJson, ErrorsNameTheField) {
  auto bad_date = CaseFromJson(R"({"application": {"applicant": {"birthDate": "1980-02-30"}}})");
  ASSERT_FALSE(bad_date.has_value());
  EXPECT_EQ(bad_date.error().code, Error::Code::kInvalid);
  EXPECT_EQ(bad_date.error().field, "application.applicant.birthDate");
  EXPECT_THAT(bad_date.error().message, HasSubstr("\"1980-02-30\" is not a date"));

  auto bad_state = CaseFromJson(R"({"history": [{"from": "submitted", "to": "lost"}]})");
  ASSERT_FALSE(bad_state.has_value());
  EXPECT_EQ(bad_state.error().field, "history[0].to");
  EXPECT_THAT(bad_state.error().message, HasSubstr("unknown state \"lost\""));

  auto bad_type = CaseFromJson(R"({"revision": "5"})");
  ASSERT_FALSE(bad_type.has_value());
  EXPECT_EQ(bad_type.error().field, "revision");

  auto bad_list = CaseFromJson(R"({"decision": {"grounds": {}, "warnings": [1]}})");
  ASSERT_FALSE(bad_list.has_value());
  EXPECT_EQ(bad_list.error().field, "decision.grounds");

  auto not_json = CaseFromJson("{\"number\": ");
  ASSERT_FALSE(not_json.has_value());
  EXPECT_THAT(not_json.error().message, HasSubstr("not well-formed JSON"));

  auto not_object = CaseFromJson("[1, 2]");
  ASSERT_FALSE(not_object.has_value());
  EXPECT_THAT(not_object.error().message, HasSubstr("expected an object"));
}

// ---- Store ----

// A new case as the service would hand it to Create.
Case NewCase(const std::string& jurisdiction, const char* filing, const char* deadline,
             const std::string& surname, std::vector<std::string> citizenships,
             State state = State::kReadyForReview,
             const std::string& kind = "permanent-residence") {
  Case c;
  c.application.jurisdiction = jurisdiction;
  c.application.kind = kind;
  c.application.purpose = "family";
  c.application.filing_date = D(filing);
  c.application.applicant.surname = surname;
  c.application.applicant.given_names = "ANNA";
  c.application.applicant.birth_date = D("1990-01-01");
  c.application.applicant.sex = "F";
  c.application.applicant.citizenships = std::move(citizenships);
  c.application.applicant.passport = {"P1", "RUS", D("2030-01-01"), ""};
  c.state = state;
  c.deadline = D(deadline);
  c.revision = 1;
  c.created_at = c.updated_at = std::string(filing) + "T08:00:00.000Z";
  return c;
}

audit::Entry Event(const std::string& actor, const std::string& action,
                   const std::string& details = "{}") {
  return audit::Entry{0, "2024-01-01T00:00:00.000Z", actor, action, "", details, ""};
}

class CaseStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    store_.reset();
    db_.reset();
    auto db = store::OpenTestDatabase(dir_.path());
    ASSERT_TRUE(db.has_value()) << db.error().message;
    db_ = std::move(*db);
    auto version = db_->Migrate(Schema());
    ASSERT_TRUE(version.has_value()) << version.error().message;
    EXPECT_EQ(*version, 19);
    store_ = MakeSqlCaseStore(*db_);
  }

  Case MustCreate(Case c, const std::string& code_hash = "hash") {
    auto created = store_->Create(std::move(c), code_hash, Event("applicant", "case.submit"));
    EXPECT_TRUE(created.has_value()) << created.error().message;
    return created.value_or(Case{});
  }

  audit::VerifyReport VerifyLog() {
    auto tx = db_->Begin();
    EXPECT_TRUE(tx.has_value());
    return audit::Verify(*tx);
  }

  TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<CaseStore> store_;
};

TEST_F(CaseStoreTest, CreateThenLoadRoundTrips) {
  Case c = FullCase();
  c.id = 0;
  c.number.clear();
  c.revision = 1;
  Case created = MustCreate(c, "c0ffee");
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.number, "KZ-2022-000001");
  EXPECT_EQ(created.revision, 1);

  auto loaded = store_->Load("KZ-2022-000001");
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  ExpectSameCase(created, *loaded);
  EXPECT_EQ(store_->AccessCodeHash("KZ-2022-000001").value_or(""), "c0ffee");

  auto missing = store_->Load("KZ-2022-999999");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, Error::Code::kNotFound);
  EXPECT_EQ(store_->AccessCodeHash("KZ-2022-999999").error().code, Error::Code::kNotFound);
}

TEST_F(CaseStoreTest, NumbersRunPerJurisdictionAndFilingYear) {
  std::vector<std::string> numbers;
  for (auto [j, filing] : std::vector<std::pair<std::string, const char*>>{{"KZ", "2022-03-01"},
                                                                           {"KZ", "2022-12-31"},
                                                                           {"LV", "2022-05-05"},
                                                                           {"KZ", "2023-01-01"},
                                                                           {"KZ", "2022-06-01"},
                                                                           {"LV", "2022-01-01"}}) {
    numbers.push_back(MustCreate(NewCase(j, filing, "2024-01-01", "A", {"RUS"})).number);
  }
  EXPECT_THAT(numbers, ElementsAre("KZ-2022-000001", "KZ-2022-000002", "LV-2022-000001",
                                   "KZ-2023-000001", "KZ-2022-000003", "LV-2022-000002"));
}

TEST_F(CaseStoreTest, ConcurrentCreatesGetDistinctNumbers) {
  constexpr int kThreads = 4, kEach = 25;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::string> numbers;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto c = store_->Create(NewCase("KZ", "2022-03-01", "2024-01-01", "A", {"RUS"}), "h",
                                Event("applicant", "case.submit"));
        if (!c) {
          ++failures;
          continue;
        }
        std::lock_guard lock(mu);
        numbers.insert(c->number);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(numbers.size(), size_t{kThreads * kEach});
  EXPECT_EQ(*numbers.rbegin(), "KZ-2022-000100");
}

TEST_F(CaseStoreTest, InvalidJurisdictionIsRefusedBeforeNumbering) {
  auto c = store_->Create(NewCase("kz-1", "2022-03-01", "2024-01-01", "A", {"RUS"}), "h",
                          Event("applicant", "case.submit"));
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, Error::Code::kInvalid);
  EXPECT_EQ(c.error().field, "jurisdiction");
}

TEST_F(CaseStoreTest, UpdateChecksTheRevision) {
  Case c = MustCreate(NewCase("KZ", "2022-03-01", "2024-01-01", "A", {"RUS"}));
  Case mine = c;
  Case theirs = c;

  mine.assigned_officer = "officer.aliya";
  mine.revision = 2;
  mine.updated_at = "2022-03-02T10:00:00.000Z";
  auto saved = store_->Update(mine, Event("officer.aliya", "case.claim"));
  ASSERT_TRUE(saved.has_value()) << saved.error().message;
  EXPECT_EQ(saved->revision, 2);
  EXPECT_EQ(saved->id, c.id);

  // Another officer loaded revision 1 too and saves after us.
  theirs.assigned_officer = "officer.bolat";
  theirs.revision = 2;
  auto stale = store_->Update(theirs, Event("officer.bolat", "case.claim"));
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, Error::Code::kConflict);
  EXPECT_EQ(stale.error().message, "the case was changed by someone else; reload it");

  auto loaded = store_->Load(c.number);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->assigned_officer, "officer.aliya");
  EXPECT_EQ(loaded->revision, 2);
  EXPECT_EQ(loaded->updated_at, "2022-03-02T10:00:00.000Z");
  EXPECT_EQ(loaded->created_at, c.created_at);

  // The rejected update left no audit entry.
  auto trail = store_->AuditTrail(c.number);
  ASSERT_TRUE(trail.has_value());
  ASSERT_EQ(trail->size(), 2u);
  EXPECT_EQ(trail->back().actor, "officer.aliya");

  Case ghost = mine;
  ghost.number = "KZ-2022-000777";
  ghost.revision = 3;
  EXPECT_EQ(store_->Update(ghost, Event("x", "case.claim")).error().code, Error::Code::kNotFound);
}

TEST_F(CaseStoreTest, ListFiltersPagesAndPutsOverdueFirst) {
  // Today is 2024-06-01.
  MustCreate(NewCase("KZ", "2024-01-10", "2024-07-01", "ALPHA", {"RUS"}));         // 1: due later
  MustCreate(NewCase("KZ", "2024-01-11", "2024-05-01", "BRAVO", {"RUS", "BLR"}));  // 2: overdue
  MustCreate(NewCase("LV", "2024-01-12", "2024-04-01", "CHARLIE", {"UKR"},
                     State::kAwaitingDocuments));  // LV 1: overdue
  MustCreate(NewCase("KZ", "2024-01-13", "2024-03-01", "DELTA", {"BLR"},
                     State::kApproved));  // 3: past deadline but decided: not overdue
  MustCreate(NewCase("KZ", "2024-01-14", "2024-06-01", "ECHO", {"RUSX"}, State::kReadyForReview,
                     "temporary-residence"));  // 4: due today: not overdue
  MustCreate(NewCase("LV", "2024-01-15", "2024-08-01", "FOXTROT", {"KAZ", "RUS"},
                     State::kAppealed));  // LV 2

  CaseFilter f;
  f.today = D("2024-06-01");
  auto all = store_->List(f);
  ASSERT_TRUE(all.has_value()) << all.error().message;
  EXPECT_EQ(all->total, 6);
  std::vector<std::string> order;
  for (const CaseSummary& s : all->cases) order.push_back(s.number);
  // Overdue first (deadline ascending), then everything else by deadline.
  EXPECT_THAT(order, ElementsAre("LV-2024-000001", "KZ-2024-000002", "KZ-2024-000003",
                                 "KZ-2024-000004", "KZ-2024-000001", "LV-2024-000002"));
  const CaseSummary& bravo = all->cases[1];
  EXPECT_TRUE(bravo.overdue);
  EXPECT_EQ(bravo.applicant_name, "BRAVO ANNA");
  EXPECT_THAT(bravo.citizenships, ElementsAre("RUS", "BLR"));
  EXPECT_EQ(bravo.jurisdiction, "KZ");
  EXPECT_EQ(bravo.kind, "permanent-residence");
  EXPECT_EQ(bravo.state, State::kReadyForReview);
  EXPECT_EQ(bravo.filing_date, D("2024-01-11"));
  EXPECT_EQ(bravo.deadline, D("2024-05-01"));
  EXPECT_FALSE(all->cases[2].overdue);  // approved
  EXPECT_FALSE(all->cases[3].overdue);  // due today

  auto numbers = [&](CaseFilter filter) {
    filter.today = D("2024-06-01");
    std::vector<std::string> out;
    auto page = store_->List(filter);
    EXPECT_TRUE(page.has_value()) << page.error().message;
    if (page) {
      for (const CaseSummary& s : page->cases) out.push_back(s.number);
    }
    return out;
  };
  CaseFilter g;
  g.overdue_only = true;
  EXPECT_THAT(numbers(g), ElementsAre("LV-2024-000001", "KZ-2024-000002"));
  g = {};
  g.state = State::kAwaitingDocuments;
  EXPECT_THAT(numbers(g), ElementsAre("LV-2024-000001"));
  g = {};
  g.jurisdiction = "LV";
  EXPECT_THAT(numbers(g), ElementsAre("LV-2024-000001", "LV-2024-000002"));
  g = {};
  g.jurisdictions = {"KZ"};
  EXPECT_EQ(numbers(g).size(), 4u);
  g.jurisdiction = "LV";  // outside the caller's scope: nothing
  EXPECT_TRUE(numbers(g).empty());
  g = {};
  g.kind = "temporary-residence";
  EXPECT_THAT(numbers(g), ElementsAre("KZ-2024-000004"));
  g = {};
  g.citizenship = "RUS";  // whole codes only: not RUSX
  EXPECT_THAT(numbers(g), ElementsAre("KZ-2024-000002", "KZ-2024-000001", "LV-2024-000002"));
  g.citizenship = "RU%";  // wildcards are literal
  EXPECT_TRUE(numbers(g).empty());
  g = {};
  g.citizenship = "RUS";
  g.jurisdictions = {"KZ", "EE"};
  g.overdue_only = true;
  EXPECT_THAT(numbers(g), ElementsAre("KZ-2024-000002"));

  // Paging: the same order, cut into pages; the total counts all matches.
  CaseFilter p;
  p.today = D("2024-06-01");
  p.page_size = 4;
  p.page = 2;
  auto second = store_->List(p);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->total, 6);
  EXPECT_EQ(second->page, 2);
  EXPECT_EQ(second->page_size, 4);
  ASSERT_EQ(second->cases.size(), 2u);
  EXPECT_EQ(second->cases[0].number, "KZ-2024-000001");
  EXPECT_EQ(second->cases[1].number, "LV-2024-000002");
  p.page = 3;
  EXPECT_TRUE(store_->List(p)->cases.empty());
  p.page = 0;
  EXPECT_EQ(store_->List(p).error().field, "page");
  p.page = 1;
  p.page_size = 0;
  EXPECT_EQ(store_->List(p).error().field, "pageSize");
}

// Issue 13: a page of the queue starts after the cursor of the page before (keyset pagination),
// in the queue's order (overdue first, then deadline and number). Walking the queue page by page
// gives every case once, in order; while cases change between pages, every case that does not
// change still appears exactly once and none appears twice.
TEST_F(CaseStoreTest, ListCursorsWalkTheQueueWithoutDuplicatesOrGapsWhileCasesChange) {
  const char* deadlines[] = {"2024-04-01", "2024-05-01", "2024-05-01", "2024-05-31",
                             "2024-06-01", "2024-06-01", "2024-07-01", "2024-08-01"};
  std::vector<Case> made;
  for (int i = 0; i < 40; ++i) {
    // Every fifth decided (never overdue), the rest open; deadlines repeat so that numbers break
    // ties.
    const State state = i % 5 == 0 ? State::kApproved : State::kReadyForReview;
    made.push_back(MustCreate(
        NewCase("KZ", "2024-01-10", deadlines[i % 8], "CASE" + std::to_string(i), {"RUS"}, state)));
  }
  CaseFilter all;
  all.today = D("2024-06-01");
  all.page_size = 200;
  auto reference = store_->List(all);
  ASSERT_TRUE(reference.has_value()) << reference.error().message;
  ASSERT_EQ(reference->cases.size(), 40u);
  EXPECT_TRUE(reference->next.empty());
  std::vector<std::string> expected;
  for (const CaseSummary& s : reference->cases) expected.push_back(s.number);

  auto walk = [&](const std::function<void(int)>& between) {
    std::vector<std::string> seen;
    CaseFilter f;
    f.today = D("2024-06-01");
    f.page_size = 7;
    for (int page = 0; page < 20; ++page) {
      auto p = store_->List(f);
      EXPECT_TRUE(p.has_value()) << p.error().message;
      if (!p) break;
      EXPECT_LE(p->cases.size(), 7u);
      for (const CaseSummary& s : p->cases) seen.push_back(s.number);
      if (p->next.empty()) break;
      f.after = p->next;
      between(page);
    }
    return seen;
  };
  EXPECT_EQ(walk([](int) {}), expected);
  // The total is counted up to a bound (a page costs the same at any number of cases).
  CaseFilter counted = all;
  counted.max_counted = 39;
  auto bounded = store_->List(counted);
  ASSERT_TRUE(bounded.has_value());
  EXPECT_EQ(bounded->total, 39);
  EXPECT_FALSE(bounded->total_exact);
  EXPECT_TRUE(reference->total_exact);
  EXPECT_EQ(reference->total, 40);

  // Between pages: a case further down is decided (it leaves the overdue part), one is moved to
  // an earlier deadline, and a new overdue case is filed.
  std::set<std::string> changed;
  auto seen = walk([&](int page) {
    if (page != 0) return;
    for (const std::string& number : {expected[30], expected[35]}) {
      auto c = store_->Load(number);
      ASSERT_TRUE(c.has_value());
      if (number == expected[30])
        c->state = State::kRefused;
      else
        c->deadline = D("2024-03-01");
      c->revision += 1;
      ASSERT_TRUE(store_->Update(*c, Event("officer", "case.change")).has_value());
      changed.insert(number);
    }
    changed.insert(MustCreate(NewCase("KZ", "2024-01-11", "2024-04-15", "LATE", {"RUS"})).number);
  });
  std::map<std::string, int> times;
  for (const std::string& n : seen) ++times[n];
  for (const auto& [number, count] : times) EXPECT_EQ(count, 1) << number << " appears twice";
  for (const std::string& n : expected) {
    if (!changed.contains(n)) {
      EXPECT_EQ(times[n], 1) << n << " was skipped";
    }
  }
  // Unchanged cases keep their order.
  std::vector<std::string> unchanged_seen, unchanged_expected;
  for (const std::string& n : seen)
    if (!changed.contains(n)) unchanged_seen.push_back(n);
  for (const std::string& n : expected)
    if (!changed.contains(n)) unchanged_expected.push_back(n);
  EXPECT_EQ(unchanged_seen, unchanged_expected);

  // A cursor this list did not make, and a cursor with a page number, are refused naming it.
  CaseFilter bad;
  bad.today = D("2024-06-01");
  for (const char* cursor :
       {"x", "o_2024-13-01", "o_2024-06-01_KZ'; DROP TABLE cases", "q_2024-06-01_KZ-2024-000001"}) {
    bad.after = cursor;
    auto refused = store_->List(bad);
    ASSERT_FALSE(refused.has_value()) << cursor;
    EXPECT_EQ(refused.error().field, "cursor");
  }
  bad.after = "n_2024-06-01_KZ-2024-000001";
  bad.page = 2;
  EXPECT_EQ(store_->List(bad).error().field, "cursor");
}

// Issue 13: the dashboard's counters, moved by every change, equal a full recount of the cases
// after random creations, decisions, appeals and withdrawals in three jurisdictions, and Stats
// reads the same figures from them as counting the rows would give.
// Issue 14: the list sorts by filing date (either way) and by the applicant's name; each order
// is total (the number breaks ties), pages resume it exactly from their cursor, and a cursor of
// one order is refused in another.
TEST_F(CaseStoreTest, ListSortsByFilingDateAndNameAndPagesResumeTheOrder) {
  const char* filed[] = {"2024-01-10", "2024-01-11", "2024-01-11", "2024-01-12", "2024-01-09"};
  const char* names[] = {"ZUEVA", "ABAEVA", "MOROZOVA", "ABAEVA", "ИВАНОВА"};
  for (int i = 0; i < 25; ++i) {
    MustCreate(NewCase(i % 3 ? "KZ" : "LV", filed[i % 5], "2024-06-01", names[(i * 2) % 5],
                       {i % 2 ? "RUS" : "BLR"}));
  }
  auto walk = [&](CaseFilter f) {
    std::vector<CaseSummary> seen;
    f.today = D("2024-06-01");
    f.page_size = 4;
    for (int page = 0; page < 20; ++page) {
      auto p = store_->List(f);
      EXPECT_TRUE(p.has_value()) << p.error().message;
      if (!p) break;
      seen.insert(seen.end(), p->cases.begin(), p->cases.end());
      if (p->next.empty()) break;
      f.after = p->next;
    }
    return seen;
  };
  auto check = [&](CaseSort sort, const std::string& citizenship, size_t expected_count) {
    CaseFilter f;
    f.sort = sort;
    f.citizenship = citizenship;
    std::vector<CaseSummary> seen = walk(f);
    ASSERT_EQ(seen.size(), expected_count);
    std::set<std::string> numbers;
    for (const CaseSummary& s : seen) numbers.insert(s.number);
    EXPECT_EQ(numbers.size(), seen.size()) << "a case appears twice";
    // Pages in a row give the order one page gives (names sort by the database's collation).
    CaseFilter one = f;
    one.today = D("2024-06-01");
    one.page_size = 200;
    auto whole = store_->List(one);
    ASSERT_TRUE(whole.has_value());
    ASSERT_EQ(whole->cases.size(), seen.size());
    for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i].number, whole->cases[i].number);
    if (sort == CaseSort::kName) return;
    for (size_t i = 1; i < seen.size(); ++i) {
      const CaseSummary &a = seen[i - 1], &b = seen[i];
      if (sort == CaseSort::kFiledNewest) {
        EXPECT_GE(a.filing_date.DaysSinceEpoch(), b.filing_date.DaysSinceEpoch()) << i;
      } else {
        EXPECT_LE(a.filing_date.DaysSinceEpoch(), b.filing_date.DaysSinceEpoch()) << i;
      }
    }
  };
  for (CaseSort sort : {CaseSort::kFiledOldest, CaseSort::kFiledNewest, CaseSort::kName}) {
    check(sort, "", 25);
    check(sort, "RUS", 12);  // through case_citizenships
  }
  CaseFilter by_name;
  by_name.sort = CaseSort::kName;
  by_name.page_size = 3;
  by_name.today = D("2024-06-01");
  auto first = store_->List(by_name);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->cases.front().applicant_name, "ABAEVA ANNA");
  CaseFilter filed_order = by_name;
  filed_order.sort = CaseSort::kFiledOldest;
  filed_order.after = first->next;
  EXPECT_EQ(store_->List(filed_order).error().field, "cursor");
  CaseFilter queue = by_name;
  queue.sort = CaseSort::kDeadline;
  queue.after = first->next;
  EXPECT_EQ(store_->List(queue).error().field, "cursor");
  // The same order read by pages (an offset) agrees with the cursors.
  CaseFilter second = by_name;
  second.page = 2;
  CaseFilter resumed = by_name;
  resumed.after = first->next;
  EXPECT_EQ(store_->List(second)->cases.front().number,
            store_->List(resumed)->cases.front().number);
  EXPECT_EQ(ParseCaseSort("-filed"), CaseSort::kFiledNewest);
  EXPECT_EQ(ParseCaseSort("deadline"), CaseSort::kDeadline);
  EXPECT_FALSE(ParseCaseSort("number").has_value());
}

TEST_F(CaseStoreTest, CountersEqualAFullRecountAfterRandomChanges) {
  std::mt19937 rng(13);
  const char* jurisdictions[] = {"KZ", "LV", "GE"};
  std::vector<Case> cases;
  auto day = [&](int base, int spread) {
    return feel::ToString(feel::Date::FromDaysSinceEpoch(feel::Date{2022, 9, 1}.DaysSinceEpoch() +
                                                         base + static_cast<int>(rng() % spread)));
  };
  for (int i = 0; i < 300; ++i) {
    const int action = cases.empty() ? 0 : static_cast<int>(rng() % 3);
    if (action == 0) {
      const std::string filed = day(0, 60);
      Case c = NewCase(jurisdictions[rng() % 3], filed.c_str(), day(40, 60).c_str(),
                       "P" + std::to_string(i), {"RUS"},
                       rng() % 2 ? State::kSubmitted : State::kReadyForReview);
      cases.push_back(MustCreate(c));
      continue;
    }
    Case& c = cases[rng() % cases.size()];
    Case next = c;
    next.revision = c.revision + 1;
    const std::string at = day(20, 90) + "T10:00:00.000Z";
    State to;
    if (IsOpen(c.state)) {
      to = rng() % 5 == 0 ? State::kWithdrawn : rng() % 2 ? State::kApproved : State::kRefused;
    } else if (c.state == State::kRefused) {
      to = State::kAppealed;
    } else if (c.state == State::kAppealed) {
      to = rng() % 2 ? State::kAppealUpheld : State::kAppealDismissed;
    } else {
      continue;
    }
    next.history.push_back({c.state, to, "officer", at, ""});
    next.state = to;
    // Now and then a deadline moves (an extension), which moves "decided in time" with it.
    if (rng() % 4 == 0) next.deadline = D(day(30, 90).c_str());
    auto saved = store_->Update(next, Event("officer", "case.decide"));
    ASSERT_TRUE(saved.has_value()) << saved.error().message;
    c = *saved;
  }

  auto tx = db_->Begin();
  ASSERT_TRUE(tx.has_value());
  auto rows = [&](const std::string& sql) {
    auto r = tx->Query(sql);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    std::map<std::string, int64_t> out;
    for (const store::Row& row : r.value_or(store::Rows{})) {
      if (row.Int(row.columns.size() - 1) == 0) continue;  // a counter moved back to zero
      std::string key;
      for (size_t i = 0; i + 1 < row.columns.size(); ++i) key += row.Text(i) + "/";
      out[key] = row.Int(row.columns.size() - 1);
    }
    return out;
  };
  EXPECT_EQ(rows("SELECT jurisdiction, state, n FROM case_state_counts"),
            rows("SELECT jurisdiction, state, COUNT(*) FROM cases GROUP BY jurisdiction, state"));
  EXPECT_EQ(
      rows("SELECT jurisdiction, metric, day, n FROM case_day_counts"),
      rows("SELECT jurisdiction, 'filed', filing_date, COUNT(*) FROM cases GROUP BY 1, 3 "
           "UNION ALL SELECT jurisdiction, 'decided', decided_on, COUNT(*) FROM cases "
           "WHERE decided_on IS NOT NULL GROUP BY 1, 3 "
           "UNION ALL SELECT jurisdiction, 'decided-in-time', decided_on, COUNT(*) FROM cases "
           "WHERE decided_on <= deadline GROUP BY 1, 3 "
           "UNION ALL SELECT jurisdiction, 'appeal-decided', appeal_decided_on, COUNT(*) "
           "FROM cases WHERE appeal_decided_on IS NOT NULL GROUP BY 1, 3 "
           "UNION ALL SELECT jurisdiction, 'open-deadline', deadline, COUNT(*) FROM cases "
           "WHERE state IN ('submitted', 'awaiting-documents', 'ready-for-review', 'validated', "
           "'screening-review', 'appealed') GROUP BY 1, 3"));
  // Stats over two jurisdictions and a window, against the rows counted directly.
  auto count = [&](const std::string& where) {
    auto r =
        tx->Query("SELECT COUNT(*) FROM cases WHERE jurisdiction IN ('KZ', 'GE') AND " + where);
    return r ? r->front().Int(0) : -1;
  };
  const int64_t filed = count("filing_date BETWEEN '2022-09-10' AND '2022-10-20'");
  const int64_t decided = count("decided_on BETWEEN '2022-09-10' AND '2022-10-20'");
  const int64_t in_time =
      count("decided_on BETWEEN '2022-09-10' AND '2022-10-20' AND decided_on <= deadline");
  const int64_t appeals = count("appeal_decided_on BETWEEN '2022-09-10' AND '2022-10-20'");
  const int64_t refused = count("state = 'refused'");
  const std::string open =
      "state IN ('submitted', 'awaiting-documents', 'ready-for-review', 'validated', "
      "'screening-review', 'appealed')";
  const int64_t overdue = count(open + " AND deadline < '2022-12-01'");
  const int64_t due_in_week = count(open + " AND deadline BETWEEN '2022-12-01' AND '2022-12-07'");
  ASSERT_TRUE(tx->Commit());
  StatsQuery q;
  q.jurisdictions = {"KZ", "GE"};
  q.from = D("2022-09-10");
  q.to = D("2022-10-20");
  q.today = D("2022-12-01");
  auto stats = store_->Stats(q);
  ASSERT_TRUE(stats.has_value()) << stats.error().message;
  auto sum = [](const std::vector<DayCount>& days) {
    int64_t n = 0;
    for (const DayCount& d : days) n += d.count;
    return n;
  };
  EXPECT_GT(filed, 0);
  EXPECT_GT(decided, 0);
  EXPECT_EQ(sum(stats->received_per_day), filed);
  EXPECT_EQ(sum(stats->decided_per_day), decided + appeals);
  EXPECT_EQ(stats->decided, decided);
  EXPECT_EQ(stats->within_deadline, in_time);
  EXPECT_EQ(stats->backlog[static_cast<size_t>(State::kRefused)].second, refused);
  // Open cases now (2022-12-01), whatever the window: past the deadline, and due within a week.
  EXPECT_GT(overdue, 0);
  EXPECT_GT(due_in_week, 0);
  EXPECT_EQ(stats->open_overdue, overdue);
  EXPECT_EQ(stats->open_due_within_week, due_in_week);

  // Verification recounts them too: a counter edited outside tamga is found.
  auto check = db_->Begin();
  ASSERT_TRUE(check.has_value());
  StateReport clean = VerifyCaseStates(*check, "");
  EXPECT_EQ(clean.problem, "");
  EXPECT_EQ(clean.cases_checked, static_cast<int64_t>(cases.size()));
  ASSERT_TRUE(check->Execute("UPDATE case_state_counts SET n = n + 1 WHERE jurisdiction = 'GE'"));
  EXPECT_THAT(VerifyCaseStates(*check, "").problem,
              HasSubstr("the dashboard's counters differ from the cases (GE state"));
}

// Issue 13: concurrent submissions share transactions (group commit), and a case refused inside
// a batch (its Idempotency-Key used already) leaves the others of its batch stored.
TEST_F(CaseStoreTest, GroupCommitStoresEveryCaseAndIsolatesARefusedOne) {
  IdempotencyRecord key{std::string(64, 'b'),      std::string(64, 'c'), "", 0, "",
                        "2024-01-01T00:00:00.000Z"};
  ASSERT_TRUE(store_
                  ->Create(NewCase("KZ", "2022-03-01", "2024-01-01", "FIRST", {"RUS"}), "h",
                           {Event("applicant", "case.submit")}, &key)
                  .has_value());
  // Straight through CreateMany: the second reuses the key and is refused, alone.
  std::vector<CaseToStore> batch;
  for (int i = 0; i < 3; ++i) {
    batch.push_back(
        {NewCase("KZ", "2022-03-01", "2024-01-01", "BATCH" + std::to_string(i), {"RUS"}),
         "h",
         {Event("applicant", "case.submit")},
         i == 1 ? &key : nullptr});
  }
  auto results = store_->CreateMany(std::move(batch));
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0].has_value()) << results[0].error().message;
  ASSERT_FALSE(results[1].has_value());
  EXPECT_EQ(results[1].error().field, "Idempotency-Key");
  ASSERT_TRUE(results[2].has_value()) << results[2].error().message;
  // The refused case gave its number back.
  EXPECT_EQ(results[0]->number, "KZ-2022-000002");
  EXPECT_EQ(results[2]->number, "KZ-2022-000003");
  EXPECT_TRUE(store_->Load("KZ-2022-000003").has_value());

  // Through Create from eight threads: every case stored once, the audit chain intact.
  constexpr int kThreads = 8, kEach = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto c = store_->Create(NewCase("LV", "2022-03-01", "2024-01-01",
                                        "T" + std::to_string(t) + "I" + std::to_string(i), {"RUS"}),
                                "h", Event("applicant", "case.submit"));
        if (!c || store_->Load(c->number).value_or(Case{}).application.applicant.surname !=
                      "T" + std::to_string(t) + "I" + std::to_string(i))
          ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  CaseFilter lv;
  lv.jurisdictions = {"LV"};
  lv.today = D("2022-03-01");
  EXPECT_EQ(store_->List(lv).value_or(CasePage{}).total, kThreads * kEach);
  EXPECT_FALSE(VerifyLog().first_bad_seq.has_value()) << VerifyLog().problem;
}

TEST_F(CaseStoreTest, ListShowsTheOutcomeAndOfficerAfterAnUpdate) {
  Case c = MustCreate(NewCase("KZ", "2024-01-10", "2024-07-01", "ALPHA", {"RUS"}));
  c.decision = policy::Decision{};
  c.decision->outcome = "eligible";
  c.assigned_officer = "officer.aliya";
  c.state = State::kValidated;
  c.revision = 2;
  ASSERT_TRUE(store_->Update(c, Event("officer.aliya", "case.validate")).has_value());
  CaseFilter f;
  f.state = State::kValidated;
  auto page = store_->List(f);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->cases.size(), 1u);
  EXPECT_EQ(page->cases[0].outcome, "eligible");
  EXPECT_EQ(page->cases[0].assigned_officer, "officer.aliya");
  f.state = State::kReadyForReview;
  EXPECT_TRUE(store_->List(f)->cases.empty());
}

TEST_F(CaseStoreTest, EveryChangeCommitsWithItsAuditEntry) {
  Case c = MustCreate(NewCase("KZ", "2022-03-01", "2024-01-01", "A", {"RUS"}));
  c.state = State::kAwaitingDocuments;
  c.revision = 2;
  ASSERT_TRUE(
      store_->Update(c, Event("officer.aliya", "case.request-documents", R"({"kinds":["x"]})")));
  audit::Entry read = Event("officer.aliya", "case.read");
  read.case_number = c.number;
  ASSERT_TRUE(store_->RecordRead(read).has_value());
  // An entry for another case stays out of this case's trail.
  MustCreate(NewCase("KZ", "2022-03-01", "2024-01-01", "B", {"RUS"}));

  auto trail = store_->AuditTrail(c.number);
  ASSERT_TRUE(trail.has_value()) << trail.error().message;
  ASSERT_EQ(trail->size(), 3u);
  EXPECT_EQ((*trail)[0].action, "case.submit");
  EXPECT_EQ((*trail)[0].case_number, c.number);  // filled in by Create
  EXPECT_EQ((*trail)[1].action, "case.request-documents");
  EXPECT_EQ((*trail)[1].details, R"({"kinds":["x"]})");
  EXPECT_EQ((*trail)[2].action, "case.read");
  EXPECT_LT((*trail)[0].seq, (*trail)[1].seq);
  EXPECT_EQ(store_->AuditTrail("KZ-2022-000999").error().code, Error::Code::kNotFound);

  audit::VerifyReport report = VerifyLog();
  EXPECT_EQ(report.first_bad_seq, std::nullopt) << report.problem;
  EXPECT_EQ(report.entries_checked, 4);
}

TEST_F(CaseStoreTest, AFailedAuditEntryUndoesTheChange) {
  // An entry Append refuses (no actor) makes the whole Create fail: no case, no number used up.
  auto c = store_->Create(NewCase("KZ", "2022-03-01", "2024-01-01", "A", {"RUS"}), "h",
                          Event("", "case.submit"));
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, Error::Code::kUnavailable);
  EXPECT_THAT(c.error().message, HasSubstr("needs an actor"));
  EXPECT_EQ(store_->List(CaseFilter{})->total, 0);
  EXPECT_EQ(MustCreate(NewCase("KZ", "2022-03-01", "2024-01-01", "A", {"RUS"})).number,
            "KZ-2022-000001");

  Case u = *store_->Load("KZ-2022-000001");
  u.state = State::kWithdrawn;
  u.revision = 2;
  auto updated = store_->Update(u, Event("", "case.withdraw"));
  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(store_->Load("KZ-2022-000001")->state, State::kReadyForReview);
  EXPECT_EQ(store_->Load("KZ-2022-000001")->revision, 1);
}

TEST_F(CaseStoreTest, DataSurvivesReopening) {
  Case c = FullCase();
  c.id = 0;
  c.revision = 1;
  Case created = MustCreate(c, "secret-hash");
  created.state = State::kAppealed;
  created.appeal_reason = "new evidence";
  created.revision = 2;
  ASSERT_TRUE(store_->Update(created, Event("applicant:" + created.number, "case.appeal")));

  Open();  // a new connection; migrations find everything applied
  auto loaded = store_->Load(created.number);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  ExpectSameCase(created, *loaded);
  EXPECT_EQ(store_->AccessCodeHash(created.number).value_or(""), "secret-hash");
  EXPECT_EQ(store_->AuditTrail(created.number)->size(), 2u);
  // Numbering continues where it stopped.
  EXPECT_EQ(MustCreate(NewCase("KZ", "2022-01-01", "2024-01-01", "B", {"RUS"})).number,
            "KZ-2022-000002");
  EXPECT_EQ(VerifyLog().first_bad_seq, std::nullopt);
}

TEST_F(CaseStoreTest, UnreadableStoredBodyIsReportedNotHidden) {
  Case c = MustCreate(NewCase("KZ", "2022-03-01", "2024-01-01", "A", {"RUS"}));
  {
    auto tx = db_->Begin();
    ASSERT_TRUE(tx->Execute("UPDATE cases SET body = '{\"state\": \"misplaced\"}'"));
    ASSERT_TRUE(tx->Commit());
  }
  auto loaded = store_->Load(c.number);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, Error::Code::kUnavailable);
  EXPECT_THAT(loaded.error().message, HasSubstr("state: unknown state \"misplaced\""));
}

TEST(CaseStoreMigration, DecisionDaysOfCasesStoredBeforeAreTakenFromTheirHistory) {
  TempDir dir;
  auto db = store::Database::OpenSqlite(dir.File("tamga.db"));
  ASSERT_TRUE(db.has_value()) << db.error().message;
  std::vector<store::Migration> before;
  for (const store::Migration& m : Schema()) {
    if (m.version < 3) before.push_back(m);
  }
  ASSERT_EQ((*db)->Migrate(before).value_or(0), 2);
  // A case refused on 2022-10-05 whose appeal was dismissed on 2022-11-01, and an open one, as
  // the store wrote them before decision days were columns.
  Case refused = NewCase("KZ", "2022-09-26", "2022-12-25", "A", {"RUS"}, State::kAppealDismissed);
  refused.history = {
      {State::kSubmitted, State::kReadyForReview, "system", "2022-09-26T09:00:00.000Z", "decided"},
      {State::kValidated, State::kRefused, "officer.kz", "2022-10-05T10:00:00.000Z", "refused"},
      {State::kRefused, State::kAppealed, "applicant", "2022-10-10T10:00:00.000Z", "appeal"},
      {State::kAppealed, State::kAppealDismissed, "officer.kz", "2022-11-01T10:00:00.000Z", "no"}};
  Case open = NewCase("KZ", "2022-09-27", "2022-12-26", "B", {"RUS"});
  {
    auto tx = (*db)->Begin();
    ASSERT_TRUE(tx.has_value());
    int n = 0;
    for (const Case* c : {&refused, &open}) {
      auto inserted = tx->Execute(
          "INSERT INTO cases (number, jurisdiction, kind, state, applicant_name, citizenships, "
          "filing_date, deadline, revision, access_code_hash, body, created_at, updated_at) "
          "VALUES (?, 'KZ', 'permanent-residence', ?, 'A', '|RUS|', ?, ?, 1, 'h', ?, 'x', 'x')",
          {"KZ-2022-00000" + std::to_string(++n), std::string(StateName(c->state)),
           feel::ToString(c->application.filing_date), feel::ToString(c->deadline),
           CaseToJson(*c)});
      ASSERT_TRUE(inserted.has_value()) << inserted.error().message;
    }
    ASSERT_TRUE(tx->Commit());
  }
  ASSERT_EQ((*db)->Migrate(Schema()).value_or(0), 19);
  {
    auto tx = (*db)->Begin();
    auto rows = tx->Query("SELECT decided_on, appeal_decided_on FROM cases ORDER BY number");
    ASSERT_TRUE(rows.has_value()) << rows.error().message;
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ(rows->at(0).Text(0), "2022-10-05");
    EXPECT_EQ(rows->at(0).Text(1), "2022-11-01");
    EXPECT_TRUE(rows->at(1).IsNull(0));
    EXPECT_TRUE(rows->at(1).IsNull(1));
    // Migration 14 counted them, migration 15 indexed their citizenships.
    auto counts = tx->Query("SELECT state, n FROM case_state_counts ORDER BY state");
    ASSERT_TRUE(counts.has_value()) << counts.error().message;
    ASSERT_EQ(counts->size(), 2u);
    EXPECT_EQ(counts->at(0).Text(0), "appeal-dismissed");
    EXPECT_EQ(counts->at(1).Text(0), "ready-for-review");
    auto decided = tx->Query(
        "SELECT metric, day, n FROM case_day_counts WHERE metric <> 'filed' "
        "ORDER BY metric");
    ASSERT_TRUE(decided.has_value());
    ASSERT_EQ(decided->size(), 4u);  // and decided-in-time: before the deadline of 2022-12-25
    EXPECT_EQ(decided->at(0).Text(0) + " " + decided->at(0).Text(1), "appeal-decided 2022-11-01");
    EXPECT_EQ(decided->at(1).Text(0) + " " + decided->at(1).Text(1), "decided 2022-10-05");
    EXPECT_EQ(decided->at(2).Text(0), "decided-in-time");
    // Migration 16: the open case by its deadline.
    EXPECT_EQ(decided->at(3).Text(0) + " " + decided->at(3).Text(1), "open-deadline 2022-12-26");
    auto codes =
        tx->Query("SELECT number, citizenship, state FROM case_citizenships ORDER BY number");
    ASSERT_TRUE(codes.has_value()) << codes.error().message;
    ASSERT_EQ(codes->size(), 2u);
    EXPECT_EQ(codes->at(0).Text(0) + " " + codes->at(0).Text(1), "KZ-2022-000001 RUS");
    EXPECT_EQ(codes->at(1).Text(2), "ready-for-review");
  }
  // Cases stored before screening get their applicant recorded for it once, at start.
  auto store = MakeSqlCaseStore(**db);
  auto filled = store->BackfillSubjects();
  ASSERT_TRUE(filled.has_value()) << filled.error().message;
  EXPECT_EQ(*filled, 2);
  EXPECT_EQ(store->BackfillSubjects().value_or(-1), 0);
  {
    auto tx = (*db)->Begin();
    auto rows = tx->Query("SELECT number FROM case_subjects ORDER BY number");
    ASSERT_TRUE(rows.has_value()) << rows.error().message;
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ(rows->at(0).Text(0), "KZ-2022-000001");
  }
  StatsQuery query;
  query.today = D("2022-11-15");
  auto stats = store->Stats(query);
  ASSERT_TRUE(stats.has_value()) << stats.error().message;
  EXPECT_EQ(feel::ToString(stats->from), "2022-09-26");  // less than 90 days of data: all of it
  EXPECT_EQ(feel::ToString(stats->to), "2022-11-01");    // the last decision
  int64_t decided = 0;
  for (const DayCount& d : stats->decided_per_day) decided += d.count;
  EXPECT_EQ(decided, 2);
  EXPECT_EQ(stats->decided, 1);
  EXPECT_EQ(stats->within_deadline, 1);
  EXPECT_EQ(stats->open_overdue, 0);
  ASSERT_EQ(stats->oldest_open.size(), 1u);
  EXPECT_EQ(stats->oldest_open[0].number, "KZ-2022-000002");
}

// ---- Files ----

TEST(FileStore, PutStoresByContentAndGetVerifies) {
  TempDir dir;
  std::string root = dir.File("files/nested");  // created on demand
  FileStore files(root);
  std::string pdf = "%PDF-1.7\n" + std::string(100000, '\0') + "%%EOF";
  auto sha = files.Put(pdf);
  ASSERT_TRUE(sha.has_value()) << sha.error().message;
  EXPECT_EQ(sha->size(), 64u);
  EXPECT_TRUE(std::filesystem::exists(root + "/" + *sha));
  EXPECT_EQ(files.Get(*sha).value_or(""), pdf);

  // The same content again: the same name, one file, no temporary left behind.
  EXPECT_EQ(files.Put(pdf).value_or(""), *sha);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(root),
                          std::filesystem::directory_iterator()),
            1);

  // The SHA-256 of "abc" (FIPS 180-2, appendix B.1).
  EXPECT_EQ(files.Put("abc").value_or(""),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(FileStore, AlteredFileIsRefusedAndRepairedByPut) {
  TempDir dir;
  FileStore files(dir.File("files"));
  std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + "pixels";
  std::string sha = files.Put(png).value();
  {
    std::ofstream out(dir.File("files/" + sha), std::ios::binary | std::ios::trunc);
    out << std::string("\x89PNG\r\n\x1A\n", 8) + "pixelz";
  }
  auto altered = files.Get(sha);
  ASSERT_FALSE(altered.has_value());
  EXPECT_EQ(altered.error().code, Error::Code::kUnavailable);
  EXPECT_THAT(altered.error().message, HasSubstr("was altered or damaged"));
  // Uploading the original again restores it.
  ASSERT_EQ(files.Put(png).value_or(""), sha);
  EXPECT_EQ(files.Get(sha).value_or(""), png);
}

TEST(FileStore, MissingAndMalformedNames) {
  TempDir dir;
  FileStore files(dir.File("files"));
  auto missing = files.Get(std::string(64, '0'));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, Error::Code::kNotFound);
  for (std::string bad : {std::string("../../etc/passwd"), std::string(64, 'A'),
                          std::string(63, '0'), std::string()}) {
    auto r = files.Get(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code, Error::Code::kInvalid) << bad;
  }
}

TEST(FileStore, UnwritableDirectoryIsAnError) {
  TempDir dir;
  {
    std::ofstream blocker(dir.File("blocker"));
    blocker << "a file where the directory should be";
  }
  FileStore files(dir.File("blocker/files"));
  auto r = files.Put("%PDF-1.4");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Error::Code::kUnavailable);
  EXPECT_THAT(r.error().message, HasSubstr("blocker/files"));
}

TEST(SniffContentType, RecognisesByMagicBytes) {
  EXPECT_EQ(SniffContentType("%PDF-1.7\n..."), "application/pdf");
  EXPECT_EQ(SniffContentType("\xFF\xD8\xFF\xE0\x00\x10JFIF"), "image/jpeg");
  EXPECT_EQ(SniffContentType(std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16)), "image/png");
  EXPECT_EQ(SniffContentType("%PDF"), "");  // too short
  EXPECT_EQ(SniffContentType("\xFF\xD8"), "");
  EXPECT_EQ(SniffContentType(std::string("\x89PNG\r\n\x1A", 7)), "");
  EXPECT_EQ(SniffContentType("GIF89a"), "");
  EXPECT_EQ(SniffContentType("<html>%PDF-"), "");
  EXPECT_EQ(SniffContentType(""), "");
}

}  // namespace
}  // namespace tamga::cases

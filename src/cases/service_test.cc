// The case service against a real SQLite database, the real policies/ library and real files.
#include "cases/service.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "base/temp_dir.h"

#include "cases/demo.h"
#include "identity/mrz.h"

namespace tamga::cases {
namespace {

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lib = policy::Library::Load("policies");
    ASSERT_TRUE(lib.has_value()) << lib.error().ToString();
    library_ = std::make_unique<policy::Library>(*lib);
    registry_ = std::make_unique<policy::Registry>(std::move(*lib));
    auto db = store::Database::OpenSqlite((dir_.path() / "tamga.db").string());
    ASSERT_TRUE(db.has_value());
    db_ = std::move(*db);
    auto schema = Schema();
    ASSERT_TRUE(db_->Migrate(schema).has_value());
    store_ = MakeSqlCaseStore(*db_);
    files_ = std::make_unique<FileStore>((dir_.path() / "files").string());
    service_ = std::make_unique<CaseService>(
        *store_, *registry_, *files_, [] { return std::string("2022-10-01T12:00:00.000Z"); });
  }

  static Application KzPermanentResidence(feel::Date filed) {
    Application a;
    a.jurisdiction = "KZ";
    a.kind = "permanent-residence";
    a.purpose = "family";
    a.filing_date = filed;
    a.applicant.surname = "IVANOV";
    a.applicant.given_names = "IVAN";
    a.applicant.native_name = "Иванов Иван";
    a.applicant.birth_date = {1990, 5, 17};
    a.applicant.sex = "M";
    a.applicant.citizenships = {"RUS"};
    a.applicant.passport = {"751234567", "RUS", {2030, 1, 1}, ""};
    return a;
  }

  Document Certificate() {
    Document d;
    d.kind = "no-objection-certificate";
    d.issuing_state = "RUS";
    d.number = "NOC-1";
    d.file_name = "noc.pdf";
    return d;
  }

  base::TempDir dir_{"tamga-service"};
  std::unique_ptr<policy::Library> library_;
  std::unique_ptr<policy::Registry> registry_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<FileStore> files_;
  std::unique_ptr<CaseService> service_;
  const Actor applicant_{"applicant", "applicant"};
  const Actor officer_{"officer.kz", "officer"};
  const Actor other_officer_{"officer.kz2", "officer"};
};

TEST_F(ServiceTest, TheSameApplicationFiledBeforeAndAfterTheRuleIsDecidedDifferently) {
  auto before = service_->Submit(KzPermanentResidence({2022, 9, 20}), applicant_);
  auto after = service_->Submit(KzPermanentResidence({2022, 9, 26}), applicant_);
  ASSERT_TRUE(before.has_value()) << before.error().message;
  ASSERT_TRUE(after.has_value()) << after.error().message;
  EXPECT_EQ(before->c.decision->outcome, "eligible");
  EXPECT_EQ(before->c.state, State::kReadyForReview);
  EXPECT_EQ(after->c.decision->outcome, "documents-missing");
  EXPECT_EQ(after->c.state, State::kAwaitingDocuments);
  EXPECT_NE(before->c.decision->policy_version, after->c.decision->policy_version);
  bool cites_noc = false;
  for (const auto& g : after->c.decision->grounds) {
    if (g.rule_id == "kz-pr-noc") cites_noc = !g.citation.empty() && !g.reason.empty();
  }
  EXPECT_TRUE(cites_noc);
}

TEST_F(ServiceTest, UploadingTheCertificateReDecidesAndTheOfficerApproves) {
  auto s = service_->Submit(KzPermanentResidence({2022, 9, 26}), applicant_);
  ASSERT_TRUE(s.has_value());
  const std::string n = s->c.number;
  auto up = service_->AddDocument(n, Certificate(), DemoPdf("No objection"), applicant_);
  ASSERT_TRUE(up.has_value()) << up.error().message;
  EXPECT_EQ(up->decision->outcome, "eligible");
  EXPECT_EQ(up->state, State::kReadyForReview);
  EXPECT_EQ(up->application.documents.size(), 1u);
  EXPECT_EQ(up->application.documents[0].content_type, "application/pdf");

  EXPECT_EQ(service_->Validate(n, officer_).error().code, Error::Code::kConflict);  // not claimed
  ASSERT_TRUE(service_->Claim(n, officer_).has_value());
  auto taken = service_->Claim(n, other_officer_);
  ASSERT_FALSE(taken.has_value());
  EXPECT_NE(taken.error().message.find("officer.kz"), std::string::npos);
  ASSERT_TRUE(service_->Validate(n, officer_).has_value());
  auto approved = service_->Approve(n, "all requirements met", officer_);
  ASSERT_TRUE(approved.has_value());
  EXPECT_EQ(approved->state, State::kApproved);

  auto seen = service_->GetForApplicant(n, s->access_code);
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->state, State::kApproved);
  EXPECT_FALSE(service_->GetForApplicant(n, "WRONGCODE1").has_value());
  // Who, when and why of every step.
  ASSERT_GE(seen->history.size(), 5u);
  EXPECT_EQ(seen->history.back().actor, "officer.kz");
  EXPECT_EQ(seen->history.back().to, State::kApproved);
}

TEST_F(ServiceTest, IllegalTransitionsAreRefusedNamingTheStates) {
  auto s = service_->Submit(KzPermanentResidence({2022, 9, 20}), applicant_);
  ASSERT_TRUE(s.has_value());
  ASSERT_TRUE(service_->Claim(s->c.number, officer_).has_value());
  auto approve = service_->Approve(s->c.number, "", officer_);  // not validated yet
  ASSERT_FALSE(approve.has_value());
  EXPECT_EQ(approve.error().code, Error::Code::kConflict);
  EXPECT_NE(approve.error().message.find("ready-for-review"), std::string::npos);
  EXPECT_NE(approve.error().message.find("approved"), std::string::npos);
  auto appeal = service_->Appeal(s->c.number, "why", applicant_);  // nothing refused
  EXPECT_FALSE(appeal.has_value());
}

TEST_F(ServiceTest, RefusalNeedsGroundsAndCanBeAppealed) {
  auto s = service_->Submit(KzPermanentResidence({2022, 9, 20}), applicant_);
  ASSERT_TRUE(s.has_value());
  const std::string n = s->c.number;
  ASSERT_TRUE(service_->Claim(n, officer_).has_value());
  ASSERT_TRUE(service_->Validate(n, officer_).has_value());
  auto empty = service_->Refuse(n, {}, officer_);
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().field, "grounds");
  auto refused =
      service_->Refuse(n, {{"r1", "the passport was not presented", "Art. 1"}}, officer_);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->refusal_grounds[0].citation, "Art. 1");
  auto appealed = service_->Appeal(n, "I presented it at the counter", applicant_);
  ASSERT_TRUE(appealed.has_value());
  EXPECT_TRUE(appealed->assigned_officer.empty());
  ASSERT_TRUE(service_->Claim(n, other_officer_).has_value());
  auto upheld = service_->DecideAppeal(n, true, "the passport is on file", other_officer_);
  ASSERT_TRUE(upheld.has_value());
  EXPECT_EQ(upheld->state, State::kAppealUpheld);
}

TEST_F(ServiceTest, BadApplicationsNameTheField) {
  auto a = KzPermanentResidence({2022, 9, 26});
  a.applicant.citizenships = {"RUS", "ru"};
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "applicant.citizenships[1]");
  a = KzPermanentResidence({2022, 9, 26});
  a.jurisdiction = "XX";
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "jurisdiction");
  a = KzPermanentResidence({2022, 9, 26});
  a.kind = "citizenship";
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "kind");
  a = KzPermanentResidence({2022, 10, 2});  // the clock says 2022-10-01
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "filingDate");
  a = KzPermanentResidence({2019, 1, 1});  // before any version is in force
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "filingDate");
}

TEST_F(ServiceTest, TheMrzMustBeValidAndAgreeWithTheApplication) {
  auto a = KzPermanentResidence({2022, 9, 26});
  identity::Td3 mrz{"P",   "RUS",        "IVANOV", "IVAN",       "751234567",
                    "RUS", "1990-05-17", "M",      "2030-01-01", ""};
  a.applicant.passport.mrz = identity::FormatTd3(mrz);
  auto ok = service_->Submit(a, applicant_);
  ASSERT_TRUE(ok.has_value()) << ok.error().message;

  mrz.birth_date = "1991-05-17";  // the applicant typed 1990
  a.applicant.passport.mrz = identity::FormatTd3(mrz);
  auto mismatch = service_->Submit(a, applicant_);
  ASSERT_FALSE(mismatch.has_value());
  EXPECT_EQ(mismatch.error().field, "applicant.passport.mrz");
  EXPECT_NE(mismatch.error().message.find("date of birth"), std::string::npos);

  mrz.birth_date = "1990-05-17";
  std::string corrupt = identity::FormatTd3(mrz);
  corrupt[45 + 9] = corrupt[45 + 9] == '0' ? '1' : '0';  // the number's check digit
  a.applicant.passport.mrz = corrupt;
  auto bad = service_->Submit(a, applicant_);
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("line 2, position 10"), std::string::npos);
}

// A policy whose contract decision breaks at evaluation (it returns a string, not the contract's
// context) must not cost the applicant their application.
TEST_F(ServiceTest, AFailingPolicyKeepsTheApplicationAsSubmitted) {
  base::TempDir policies("tamga-broken-policy");
  auto version = policies.path() / "xx" / "visa" / "2020-01-01";
  std::filesystem::create_directories(version);
  std::ofstream(version / "policy.json") << R"({"title": "broken", "legal_act": "none",
      "article": "none", "takes_effect": "2020-01-01", "decision": "Eligibility",
      "deadline_days": 15})";
  std::ofstream(version / "eligibility.dmn") << R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="broken" name="broken"
             namespace="https://tamga.dev/test/broken">
  <decision id="d_eligibility" name="Eligibility">
    <variable name="Eligibility"/>
    <literalExpression><text>"not a context"</text></literalExpression>
  </decision>
</definitions>)";
  auto lib = policy::Library::Load(policies.path());
  ASSERT_TRUE(lib.has_value()) << lib.error().ToString();
  policy::Registry registry(std::move(*lib));
  CaseService service(*store_, registry, *files_,
                      [] { return std::string("2022-10-01T12:00:00.000Z"); });
  auto a = KzPermanentResidence({2022, 9, 26});
  a.jurisdiction = "XX";
  a.kind = "visa";
  auto s = service.Submit(a, applicant_);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->c.state, State::kSubmitted);
  EXPECT_FALSE(s->c.decision.has_value());
  EXPECT_NE(s->c.history.back().reason.find("decision pending"), std::string::npos);
  auto stored = store_->Load(s->c.number);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->state, State::kSubmitted);
}

TEST_F(ServiceTest, DocumentsAreCheckedByContent) {
  auto s = service_->Submit(KzPermanentResidence({2022, 9, 26}), applicant_);
  ASSERT_TRUE(s.has_value());
  auto text = service_->AddDocument(s->c.number, Certificate(), "just text", applicant_);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().field, "file");
  std::string big(kMaxDocumentBytes + 1, 'x');
  big.replace(0, 5, "%PDF-");
  EXPECT_EQ(service_->AddDocument(s->c.number, Certificate(), big, applicant_).error().code,
            Error::Code::kTooLarge);
  auto ok = service_->AddDocument(s->c.number, Certificate(), DemoPdf("x"), applicant_);
  ASSERT_TRUE(ok.has_value());
  auto bytes = service_->DocumentContent(s->c.number, ok->application.documents[0].id, officer_);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(*bytes, DemoPdf("x"));
}

TEST_F(ServiceTest, OfficerRequestedDocumentsKeepTheCaseWaiting) {
  auto s = service_->Submit(KzPermanentResidence({2022, 9, 20}), applicant_);
  ASSERT_TRUE(s.has_value());
  const std::string n = s->c.number;
  ASSERT_TRUE(service_->Claim(n, officer_).has_value());
  auto req =
      service_->RequestDocuments(n, {"employment-contract"}, "to verify the purpose", officer_);
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(req->state, State::kAwaitingDocuments);
  Document contract = Certificate();
  contract.kind = "employment-contract";
  auto up = service_->AddDocument(n, contract, DemoPdf("contract"), applicant_);
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ(up->state, State::kReadyForReview);
}

TEST_F(ServiceTest, ListingCasesIsAnAuditedRead) {
  auto s = service_->Submit(KzPermanentResidence({2022, 9, 26}), applicant_);
  ASSERT_TRUE(s.has_value());
  CaseFilter filter;
  filter.today = {2022, 10, 1};
  auto page = service_->List(filter, officer_);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->cases.size(), 1u);
  auto tx = db_->Begin();
  ASSERT_TRUE(tx.has_value());
  auto rows = tx->Query("SELECT actor, details FROM audit_log WHERE action = 'case.list'");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "officer.kz");
  EXPECT_NE((*rows)[0].Text(1).find(s->c.number), std::string::npos);
}

TEST_F(ServiceTest, DemoSeedsEveryLifecycleState) {
  auto summary = SeedDemo(*store_, *library_, *files_, {400, 7});
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  EXPECT_EQ(summary->applications, 400);
  for (const char* state : {"awaiting-documents", "ready-for-review", "validated", "approved",
                            "refused", "appealed", "withdrawn"}) {
    EXPECT_GT(summary->by_state[state], 0) << state;
  }
}

}  // namespace
}  // namespace tamga::cases

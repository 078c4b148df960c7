// The case service against a real SQLite database, the real policies/ library and real files.
#include "cases/service.h"

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/clock.h"
#include "base/sha256.h"
#include "base/temp_dir.h"
#include "base/time.h"
#include "base/utf8.h"

#include "cases/demo.h"
#include "identity/mrz.h"
#include "store/test_database.h"

namespace tamga::cases {
namespace {

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lib = policy::Library::Load("policies");
    ASSERT_TRUE(lib.has_value()) << lib.error().ToString();
    library_ = std::make_unique<policy::Library>(*lib);
    registry_ = std::make_unique<policy::Registry>(std::move(*lib));
    auto db = store::OpenTestDatabase(dir_.path());
    ASSERT_TRUE(db.has_value());
    db_ = std::move(*db);
    auto schema = Schema();
    ASSERT_TRUE(db_->Migrate(schema).has_value());
    store_ = MakeSqlCaseStore(*db_);
    files_ = std::make_unique<FileStore>((dir_.path() / "files").string());
    service_ =
        std::make_unique<CaseService>(*store_, *registry_, *files_, [this] { return clock_; });
  }

  // Sets the service's clock to an instant ("2022-09-26T10:00:00+06:00") and submits.
  std::expected<CaseService::Submitted, Error> SubmitAt(const std::string& instant, Application a,
                                                        const Actor& actor,
                                                        std::optional<PaperReceipt> paper = {}) {
    SetClock(instant);
    return service_->Submit(std::move(a), actor, std::move(paper));
  }
  void SetClock(const std::string& instant) {
    auto t = base::ParseInstant(instant);
    ASSERT_TRUE(t.has_value()) << instant;
    clock_ = base::IsoUtc(*t);
  }

  static Application KzPermanentResidence() {
    Application a;
    a.jurisdiction = "KZ";
    a.kind = "permanent-residence";
    a.purpose = "family";
    a.applicant.surname = "IVANOV";
    a.applicant.given_names = "IVAN";
    a.applicant.native_name = "Иванов Иван";
    a.applicant.birth_date = {1990, 5, 17};
    a.applicant.sex = "M";
    a.applicant.citizenships = {"RUS"};
    a.applicant.passport = {"751234567", "RUS", {2030, 1, 1}, ""};
    return a;
  }

  static Application LvVisa() {
    Application a = KzPermanentResidence();
    a.jurisdiction = "LV";
    a.kind = "visa";
    a.purpose = "tourism";
    return a;
  }

  Document Certificate() {
    Document d;
    d.kind = "no-objection-certificate";
    d.issuing_state = "RUS";
    d.number = "NOC-1";
    d.issued = feel::Date{2022, 9, 1};
    d.file_name = "noc.pdf";
    return d;
  }

  static std::vector<std::string> Ids(const std::vector<policy::Ground>& grounds) {
    std::vector<std::string> ids;
    for (const auto& g : grounds) ids.push_back(g.rule_id);
    return ids;
  }

  std::vector<std::string> AuditActions(const std::string& number) {
    auto trail = store_->AuditTrail(number);
    std::vector<std::string> out;
    if (trail) {
      for (const auto& e : *trail) out.push_back(e.action);
    }
    return out;
  }

  std::string clock_ = "2022-10-01T06:00:00.000Z";
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

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// The law in force on the local filing date decides: Kazakhstan enforced the consent of the state
// of citizenship from 2022-09-22, and Almaty was at UTC+6 then, so 18:00 UTC on 2022-09-21 is
// already the rule's first day there.
TEST_F(ServiceTest, TheServerClockInTheJurisdictionsZoneFixesTheFilingDate) {
  auto before = SubmitAt("2022-09-21T17:59:59Z", KzPermanentResidence(), applicant_);
  auto after = SubmitAt("2022-09-21T18:00:00Z", KzPermanentResidence(), applicant_);
  ASSERT_TRUE(before.has_value()) << before.error().message;
  ASSERT_TRUE(after.has_value()) << after.error().message;
  EXPECT_EQ(feel::ToString(before->c.application.filing_date), "2022-09-21");
  EXPECT_EQ(feel::ToString(after->c.application.filing_date), "2022-09-22");
  EXPECT_EQ(before->c.application.receipt.filed_at, "2022-09-21T17:59:59.000Z");
  EXPECT_EQ(after->c.application.receipt.local_time, "2022-09-22T00:00:00+06:00");
  EXPECT_EQ(after->c.application.receipt.time_zone, "Asia/Almaty");
  EXPECT_EQ(before->c.decision->outcome, "eligible");
  EXPECT_EQ(before->c.state, State::kReadyForReview);
  EXPECT_EQ(after->c.decision->outcome, "documents-missing");
  EXPECT_EQ(after->c.state, State::kAwaitingDocuments);
  EXPECT_EQ(before->c.decision->policy_version, "KZ/permanent-residence/2020-01-01");
  EXPECT_EQ(after->c.decision->policy_version, "KZ/permanent-residence/2022-09-22");
  EXPECT_THAT(Ids(after->c.decision->decisive_grounds),
              UnorderedElementsAre("kz-pr-noc", "kz-pr-documents-missing"));
  // A date the applicant puts in the application counts for nothing.
  Application backdated = KzPermanentResidence();
  backdated.filing_date = {2022, 9, 1};
  auto ignored = SubmitAt("2022-09-26T10:00:00+06:00", backdated, applicant_);
  ASSERT_TRUE(ignored.has_value());
  EXPECT_EQ(feel::ToString(ignored->c.application.filing_date), "2022-09-26");
}

// Kazakhstan has been on UTC+5 since 2024-03-01 (Government Decree No. 20 of 2024-01-19).
TEST_F(ServiceTest, TheZonesHistoryCounts) {
  auto s = SubmitAt("2024-03-04T19:30:00Z", KzPermanentResidence(), applicant_);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->c.application.receipt.local_time, "2024-03-05T00:30:00+05:00");
  EXPECT_EQ(feel::ToString(s->c.application.filing_date), "2024-03-05");
}

TEST_F(ServiceTest, AnOfficerRecordsAnEarlierPaperReceiptWithAReason) {
  SetClock("2022-09-23T09:00:00+06:00");
  PaperReceipt paper{"2022-09-21T17:30:00+06:00", "received at the Almaty counter; power cut"};
  auto s = service_->Submit(KzPermanentResidence(), officer_, paper);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(feel::ToString(s->c.application.filing_date), "2022-09-21");
  EXPECT_EQ(s->c.application.receipt.reason, paper.reason);
  EXPECT_EQ(s->c.application.receipt.recorded_by, "officer.kz");
  EXPECT_EQ(s->c.application.receipt.recorded_at, "2022-09-23T03:00:00.000Z");
  EXPECT_EQ(s->c.decision->policy_version, "KZ/permanent-residence/2020-01-01");
  EXPECT_THAT(s->c.history.front().reason, HasSubstr(paper.reason));
  auto trail = store_->AuditTrail(s->c.number);
  ASSERT_TRUE(trail.has_value());
  EXPECT_THAT(trail->front().details, HasSubstr(paper.reason));

  auto applicant = service_->Submit(KzPermanentResidence(), applicant_, paper);
  ASSERT_FALSE(applicant.has_value());
  EXPECT_EQ(applicant.error().code, Error::Code::kForbidden);
  auto no_reason = service_->Submit(KzPermanentResidence(), officer_,
                                    PaperReceipt{"2022-09-21T17:30:00+06:00", ""});
  EXPECT_EQ(no_reason.error().field, "received.reason");
  auto future = service_->Submit(KzPermanentResidence(), officer_,
                                 PaperReceipt{"2022-09-24T09:00:00+06:00", "why"});
  EXPECT_EQ(future.error().field, "received.at");
  auto no_offset = service_->Submit(KzPermanentResidence(), officer_,
                                    PaperReceipt{"2022-09-21T17:30:00", "why"});
  EXPECT_EQ(no_offset.error().field, "received.at");
}

TEST_F(ServiceTest, UploadingTheCertificateReDecidesAndTheOfficerApproves) {
  auto s = SubmitAt("2022-09-26T10:00:00+06:00", KzPermanentResidence(), applicant_);
  ASSERT_TRUE(s.has_value());
  const std::string n = s->c.number;
  // The request for the missing document is a notice of its own.
  ASSERT_EQ(s->c.notices.size(), 1u);
  EXPECT_EQ(s->c.notices[0].kind, "documents-requested");
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
  auto validated = service_->Validate(n, officer_);
  ASSERT_TRUE(validated.has_value());
  EXPECT_TRUE(validated->assigned_officer.empty());  // back in the queue for a second officer
  // Four eyes (issue 9): the officer who validated does not approve alone.
  ASSERT_TRUE(service_->Claim(n, officer_).has_value());
  auto alone = service_->Approve(n, "all requirements met", officer_);
  ASSERT_FALSE(alone.has_value());
  EXPECT_EQ(alone.error().code, Error::Code::kForbidden);
  EXPECT_THAT(alone.error().message, HasSubstr("you validated this case"));
  ASSERT_TRUE(service_->Release(n, officer_).has_value());
  ASSERT_TRUE(service_->Claim(n, other_officer_).has_value());
  auto approved = service_->Approve(n, "all requirements met", other_officer_);
  ASSERT_TRUE(approved.has_value());
  EXPECT_EQ(approved->state, State::kApproved);
  ASSERT_EQ(approved->notices.size(), 2u);
  EXPECT_EQ(approved->notices[1].kind, "approval");

  auto seen = service_->GetForApplicant(n, s->access_code);
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->state, State::kApproved);
  EXPECT_FALSE(service_->GetForApplicant(n, "WRONGCODE1").has_value());
  // Who, when and why of every step.
  ASSERT_GE(seen->history.size(), 5u);
  EXPECT_EQ(seen->history.back().actor, "officer.kz2");
  EXPECT_EQ(seen->history.back().to, State::kApproved);
}

// Four eyes (issue 9): an officer who files an application at the counter for the applicant
// cannot approve it, even after another officer validated it; a third officer can. Release hands a
// held case back, only by its holder.
TEST_F(ServiceTest, TheOfficerWhoFiledAnApplicationDoesNotApproveIt) {
  auto s = SubmitAt("2022-09-26T10:00:00+06:00", KzPermanentResidence(), officer_);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  const std::string n = s->c.number;
  ASSERT_TRUE(service_->AddDocument(n, Certificate(), DemoPdf("No objection"), officer_));
  ASSERT_TRUE(service_->Claim(n, other_officer_).has_value());
  EXPECT_EQ(service_->Release(n, officer_).error().code, Error::Code::kConflict);  // not theirs
  ASSERT_TRUE(service_->Validate(n, other_officer_).has_value());
  ASSERT_TRUE(service_->Claim(n, officer_).has_value());
  auto filer = service_->Approve(n, "", officer_);
  ASSERT_FALSE(filer.has_value());
  EXPECT_EQ(filer.error().code, Error::Code::kForbidden);
  EXPECT_THAT(filer.error().message, HasSubstr("you filed this application"));
  auto released = service_->Release(n, officer_);
  ASSERT_TRUE(released.has_value()) << released.error().message;
  EXPECT_TRUE(released->assigned_officer.empty());
  const Actor third{"officer.kz3", "officer"};
  ASSERT_TRUE(service_->Claim(n, third).has_value());
  auto approved = service_->Approve(n, "", third);
  ASSERT_TRUE(approved.has_value()) << approved.error().message;
  EXPECT_EQ(approved->state, State::kApproved);
}

// Issue 14, the officer's work queue: a supervisor assigns an open case to an officer and, with a
// reason, reassigns it; a supervisor takes a case from its holder only with a reason; the holder
// releases without one. Every step is in the history and the audit trail.
TEST_F(ServiceTest, ASupervisorAssignsAndReassignsWithAReason) {
  auto s = SubmitAt("2022-09-26T10:00:00+06:00", KzPermanentResidence(), applicant_);
  ASSERT_TRUE(s.has_value());
  const std::string n = s->c.number;
  const Actor supervisor{"supervisor.kz", "supervisor"};
  auto assigned = service_->Assign(n, officer_, "", supervisor);
  ASSERT_TRUE(assigned.has_value()) << assigned.error().message;
  EXPECT_EQ(assigned->assigned_officer, "officer.kz");
  EXPECT_EQ(service_->Assign(n, officer_, "", supervisor).error().code, Error::Code::kConflict);
  auto silent = service_->Assign(n, other_officer_, "", supervisor);
  ASSERT_FALSE(silent.has_value());
  EXPECT_EQ(silent.error().field, "reason");
  EXPECT_EQ(service_->Assign(n, supervisor, "x", supervisor).error().field, "officer");
  auto moved = service_->Assign(n, other_officer_, "officer.kz is on leave", supervisor);
  ASSERT_TRUE(moved.has_value()) << moved.error().message;
  EXPECT_EQ(moved->assigned_officer, "officer.kz2");
  EXPECT_THAT(moved->history.back().reason,
              HasSubstr("assigned to officer.kz2 by supervisor.kz (held by officer.kz): "
                        "officer.kz is on leave"));
  EXPECT_EQ(service_->Release(n, supervisor).error().field, "reason");
  auto taken = service_->Release(n, supervisor, "urgent: the deadline is tomorrow");
  ASSERT_TRUE(taken.has_value()) << taken.error().message;
  EXPECT_TRUE(taken->assigned_officer.empty());
  EXPECT_THAT(taken->history.back().reason, HasSubstr(": urgent: the deadline is tomorrow"));
  ASSERT_TRUE(service_->Claim(n, officer_).has_value());
  EXPECT_TRUE(service_->Release(n, officer_).has_value());  // their own: no reason needed
  EXPECT_EQ(service_->Release(n, officer_, std::string(kMaxReasonBytes + 1, 'x')).error().field,
            "reason");
  EXPECT_THAT(AuditActions(n), ::testing::IsSupersetOf({"case.assign", "case.release"}));
}

// "Next case" claims the first case of the queue that nobody holds: overdue first, then by
// deadline; a case someone holds, one still at intake, and a validated case the officer validated
// are passed over; an empty queue is kNotFound.
TEST_F(ServiceTest, NextCaseClaimsTheFirstFreeCaseInQueueOrder) {
  std::vector<std::string> numbers;
  for (const char* day :
       {"2022-09-26T10:00:00+06:00", "2022-09-27T10:00:00+06:00", "2022-09-28T10:00:00+06:00"}) {
    auto s = SubmitAt(day, KzPermanentResidence(), applicant_);
    ASSERT_TRUE(s.has_value());
    numbers.push_back(s->c.number);
  }
  CaseFilter queue;
  queue.jurisdictions = {"KZ"};
  SetClock("2022-10-01T10:00:00+06:00");
  queue.today = {2022, 10, 1};
  ASSERT_TRUE(service_->Claim(numbers[0], other_officer_).has_value());  // held: passed over
  auto first = service_->ClaimNext(queue, officer_);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->number, numbers[1]);
  EXPECT_EQ(first->assigned_officer, "officer.kz");
  // The officer validates it: it goes back to the queue, but not to them (four eyes).
  ASSERT_TRUE(service_->AddDocument(numbers[1], Certificate(), DemoPdf("No objection"), officer_));
  ASSERT_TRUE(service_->Validate(numbers[1], officer_).has_value());
  auto second = service_->ClaimNext(queue, officer_);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(second->number, numbers[2]);
  auto none = service_->ClaimNext(queue, officer_);
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, Error::Code::kNotFound);
  auto other = service_->ClaimNext(queue, other_officer_);  // the validated case is theirs to take
  ASSERT_TRUE(other.has_value()) << other.error().message;
  EXPECT_EQ(other->number, numbers[1]);
  // "My cases": what each holds.
  queue.assignee = "officer.kz";
  auto mine = store_->List(queue);
  ASSERT_TRUE(mine.has_value());
  ASSERT_EQ(mine->cases.size(), 1u);
  EXPECT_EQ(mine->cases[0].number, numbers[2]);
}

// Internal notes stay with the staff: on the case, in the audit trail as an action, never in the
// applicant's history; an empty or oversized note is refused naming the field.
TEST_F(ServiceTest, InternalNotesAreKeptForStaffOnly) {
  auto s = SubmitAt("2022-09-26T10:00:00+06:00", KzPermanentResidence(), applicant_);
  ASSERT_TRUE(s.has_value());
  const std::string n = s->c.number;
  const size_t steps = s->c.history.size();
  auto noted =
      service_->AddNote(n, "Called the consulate: the certificate is on its way.", officer_);
  ASSERT_TRUE(noted.has_value()) << noted.error().message;
  ASSERT_EQ(noted->notes.size(), 1u);
  EXPECT_EQ(noted->notes[0].author, "officer.kz");
  EXPECT_EQ(noted->notes[0].text, "Called the consulate: the certificate is on its way.");
  EXPECT_EQ(noted->history.size(), steps);  // not a step of the lifecycle
  EXPECT_EQ(service_->AddNote(n, " \n ", officer_).error().field, "text");
  EXPECT_EQ(service_->AddNote(n, std::string(kMaxNoteBytes + 1, 'x'), officer_).error().field,
            "text");
  auto stored = store_->Load(n);
  ASSERT_TRUE(stored.has_value());
  ASSERT_EQ(stored->notes.size(), 1u);
  EXPECT_EQ(stored->notes[0].at, noted->notes[0].at);
  EXPECT_THAT(AuditActions(n), ::testing::Contains("case.note"));
}

// Issue 14, save and return (GOV.UK service manual, "Save and return"): an applicant keeps an
// unfinished application under a reference and an access code, finds it again with both, and it
// is gone once discarded or kDraftDays after the last save.
TEST_F(ServiceTest, AnUnfinishedApplicationIsSavedAndFoundAgainWithItsCode) {
  SetClock("2022-09-26T10:00:00+06:00");
  auto saved = service_->SaveNewDraft(R"({"surname":"IVANOV","step":2})");
  ASSERT_TRUE(saved.has_value()) << saved.error().message;
  EXPECT_THAT(saved->reference,
              ::testing::MatchesRegex("DR-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}"));
  EXPECT_EQ(saved->access_code.size(), 10u);
  EXPECT_EQ(saved->expires_at, "2022-10-26T04:00:00.000Z");
  auto other = service_->SaveNewDraft("{}");
  ASSERT_TRUE(other.has_value());
  EXPECT_NE(other->reference, saved->reference);
  EXPECT_NE(other->access_code, saved->access_code);

  auto loaded = service_->LoadDraft(saved->reference, saved->access_code);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_EQ(loaded->answers, R"({"surname":"IVANOV","step":2})");
  // Only the hash of the code is kept.
  EXPECT_NE(loaded->code_hash, saved->access_code);
  // A wrong code and an unknown reference answer alike.
  auto wrong = service_->LoadDraft(saved->reference, other->access_code);
  ASSERT_FALSE(wrong.has_value());
  auto unknown = service_->LoadDraft("DR-2222-2222", saved->access_code);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(wrong.error().code, Error::Code::kNotFound);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
  EXPECT_FALSE(service_->SaveDraft(saved->reference, other->access_code, "{}").has_value());

  // Saving again keeps the reference and code and moves the expiry.
  SetClock("2022-10-20T10:00:00+06:00");
  auto again = service_->SaveDraft(saved->reference, saved->access_code, R"({"step":3})");
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(again->access_code, "");
  EXPECT_EQ(again->expires_at, "2022-11-19T04:00:00.000Z");
  SetClock("2022-11-19T09:59:00+06:00");
  EXPECT_EQ(service_->LoadDraft(saved->reference, saved->access_code)->answers, R"({"step":3})");
  // The other draft, last saved on 26 September, has expired.
  EXPECT_FALSE(service_->LoadDraft(other->reference, other->access_code).has_value());
  SetClock("2022-11-19T10:00:00+06:00");
  EXPECT_FALSE(service_->LoadDraft(saved->reference, saved->access_code).has_value());

  // Discarding deletes; a second discard finds nothing.
  SetClock("2022-11-20T10:00:00+06:00");
  auto third = service_->SaveNewDraft("{}");
  ASSERT_TRUE(third.has_value());
  ASSERT_TRUE(service_->DiscardDraft(third->reference, third->access_code).has_value());
  EXPECT_FALSE(service_->LoadDraft(third->reference, third->access_code).has_value());
  EXPECT_FALSE(service_->DiscardDraft(third->reference, third->access_code).has_value());
  // Expired drafts are deleted from the database when the next one is saved.
  auto rows = [&] {
    auto tx = db_->BeginRead();
    return tx->Query("SELECT reference FROM application_drafts")->size();
  };
  EXPECT_EQ(rows(), 0u);
}

// Issue 9: changing a refused case to approved with the sqlite3 shell, or pointing a document at
// another stored file, passed `tamga audit verify`. Each change's last audit entry now carries
// the hash of the case's row and notices, and verification compares them and the files.
TEST_F(ServiceTest, EditsOfACaseOutsideTamgaAreFoundByStateVerification) {
  auto s = SubmitAt("2022-09-26T10:00:00+06:00", KzPermanentResidence(), applicant_);
  ASSERT_TRUE(s.has_value());
  const std::string n = s->c.number;
  ASSERT_TRUE(service_->AddDocument(n, Certificate(), DemoPdf("No objection"), applicant_));
  auto other = SubmitAt("2022-09-26T11:00:00+06:00", KzPermanentResidence(), applicant_);
  ASSERT_TRUE(other.has_value());
  auto other_doc =
      service_->AddDocument(other->c.number, Certificate(), DemoPdf("Another"), applicant_);
  ASSERT_TRUE(other_doc.has_value());
  ASSERT_TRUE(service_->Claim(n, officer_));
  ASSERT_TRUE(service_->Validate(n, officer_));
  ASSERT_TRUE(service_->Claim(n, officer_));
  ASSERT_TRUE(service_->Refuse(n, {{"r1", "the passport was not presented", "Art. 1"}}, officer_));
  const std::string files = (dir_.path() / "files").string();
  auto verify = [&] {
    auto tx = db_->Begin();
    return VerifyCaseStates(*tx, files);
  };
  auto sql = [&](const std::string& text, std::vector<store::Datum> params = {}) {
    auto tx = db_->Begin();
    ASSERT_TRUE(tx->Execute(text, std::move(params)));
    ASSERT_TRUE(tx->Commit());
  };
  StateReport intact = verify();
  EXPECT_EQ(intact.problem, "");
  EXPECT_EQ(intact.cases_checked, 2);
  EXPECT_GE(intact.documents_checked, 4);  // two certificates, the refusal notice's PDF and HTML
  std::string saved_state, saved_body;
  {
    auto tx = db_->Begin();
    auto row = tx->Query("SELECT state, body FROM cases WHERE number = ?", {n});
    saved_state = row->front().Text(0);
    saved_body = row->front().Text(1);
  }

  sql("UPDATE cases SET state = 'approved' WHERE number = ?", {n});
  StateReport edited = verify();
  EXPECT_EQ(edited.case_number, n);
  EXPECT_THAT(edited.problem, HasSubstr("edited outside tamga"));
  sql("UPDATE cases SET state = ? WHERE number = ?", {saved_state, n});
  EXPECT_EQ(verify().problem, "");

  // Re-point the certificate at the other case's stored file.
  auto loaded = store_->Load(n);
  ASSERT_TRUE(loaded.has_value());
  std::string my_sha;
  for (const Document& d : loaded->application.documents)
    if (!d.sha256.empty()) my_sha = d.sha256;
  std::string their_sha;
  for (const Document& d : other_doc->application.documents)
    if (!d.sha256.empty()) their_sha = d.sha256;
  ASSERT_FALSE(my_sha.empty());
  ASSERT_NE(my_sha, their_sha);
  std::string repointed = saved_body;
  repointed.replace(repointed.find(my_sha), my_sha.size(), their_sha);
  sql("UPDATE cases SET body = ? WHERE number = ?", {repointed, n});
  EXPECT_THAT(verify().problem, HasSubstr("edited outside tamga"));
  sql("UPDATE cases SET body = ? WHERE number = ?", {saved_body, n});

  // Replace a stored file's bytes.
  std::ofstream((dir_.path() / "files" / my_sha).string(), std::ios::trunc) << "%PDF-forged";
  StateReport file = verify();
  EXPECT_EQ(file.case_number, n);
  EXPECT_THAT(file.problem, HasSubstr("missing or altered"));

  // A case inserted with no audited act.
  sql("INSERT INTO cases (number, jurisdiction, kind, state, applicant_name, citizenships, "
      "filing_date, deadline, revision, access_code_hash, body, created_at, updated_at) "
      "SELECT 'KZ-2022-999999', jurisdiction, kind, state, applicant_name, citizenships, "
      "filing_date, deadline, revision, access_code_hash, body, created_at, updated_at FROM cases "
      "WHERE number = ?",
      {other->c.number});
  std::ofstream((dir_.path() / "files" / my_sha).string(), std::ios::trunc)
      << DemoPdf("No objection");
  EXPECT_THAT(verify().problem, HasSubstr("KZ-2022-999999 has no audit entry"));
}

// Order No. 992, list of documents: the written consent of "the State of his citizenship"; the
// model accepts it from the state whose passport is presented, valid on the filing date.
TEST_F(ServiceTest, ACertificateFromAnotherStateOrExpiredDoesNotCount) {
  Application dual = KzPermanentResidence();
  dual.applicant.citizenships = {"RUS", "ISR"};
  auto s = SubmitAt("2022-09-26T10:00:00+06:00", dual, applicant_);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  Document israeli = Certificate();
  israeli.issuing_state = "ISR";
  auto other = service_->AddDocument(s->c.number, israeli, DemoPdf("consent"), applicant_);
  ASSERT_TRUE(other.has_value()) << other.error().message;
  EXPECT_EQ(other->decision->outcome, "documents-missing");
  EXPECT_THAT(other->decision->missing_documents, ElementsAre("no-objection-certificate"));
  EXPECT_THAT(
      Ids(other->decision->decisive_grounds),
      UnorderedElementsAre("kz-pr-noc", "kz-pr-noc-other-state", "kz-pr-documents-missing"));

  auto t = SubmitAt("2022-09-26T10:00:00+06:00", KzPermanentResidence(), applicant_);
  ASSERT_TRUE(t.has_value());
  Document expired = Certificate();
  expired.expires = feel::Date{2022, 9, 25};  // the day before filing
  auto late = service_->AddDocument(t->c.number, expired, DemoPdf("consent"), applicant_);
  ASSERT_TRUE(late.has_value()) << late.error().message;
  EXPECT_EQ(late->decision->outcome, "documents-missing");
  Document valid = Certificate();
  valid.expires = feel::Date{2022, 9, 26};  // valid through the filing date
  auto ok = service_->AddDocument(t->c.number, valid, DemoPdf("consent"), applicant_);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->decision->outcome, "eligible");
}

TEST_F(ServiceTest, APassportExpiredOnTheFilingDateIsAMissingDocument) {
  Application a = LvVisa();
  a.applicant.passport.expiry = {2022, 9, 19};
  auto s = SubmitAt("2022-09-20T12:00:00+03:00", a, applicant_);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->c.decision->outcome, "documents-missing");
  EXPECT_THAT(s->c.decision->missing_documents, ElementsAre("passport"));
  EXPECT_THAT(Ids(s->c.decision->decisive_grounds),
              UnorderedElementsAre("lv-visa-passport", "lv-visa-passport-expired",
                                   "lv-visa-documents-missing"));
}

TEST_F(ServiceTest, AnOfficerRejectingADocumentMakesItMissingAgain) {
  auto s = SubmitAt("2022-09-26T10:00:00+06:00", KzPermanentResidence(), applicant_);
  ASSERT_TRUE(s.has_value());
  const std::string n = s->c.number;
  auto up = service_->AddDocument(n, Certificate(), DemoPdf("consent"), applicant_);
  ASSERT_TRUE(up.has_value());
  ASSERT_EQ(up->decision->outcome, "eligible");
  ASSERT_TRUE(service_->Claim(n, officer_).has_value());
  EXPECT_EQ(service_->VerifyDocument(n, 1, Verification::kRejected, "", officer_).error().field,
            "note");
  auto rejected = service_->VerifyDocument(n, 1, Verification::kRejected, "not signed", officer_);
  ASSERT_TRUE(rejected.has_value()) << rejected.error().message;
  EXPECT_EQ(rejected->application.documents[0].verification, Verification::kRejected);
  EXPECT_EQ(rejected->application.documents[0].verified_by, "officer.kz");
  EXPECT_EQ(rejected->decision->outcome, "documents-missing");
  EXPECT_EQ(rejected->state, State::kAwaitingDocuments);
  auto passport = service_->VerifyDocument(n, 0, Verification::kVerified, "", officer_);
  ASSERT_TRUE(passport.has_value());
  EXPECT_EQ(passport->application.applicant.passport.verification, Verification::kVerified);
  EXPECT_EQ(service_->VerifyDocument(n, 9, Verification::kVerified, "", officer_).error().code,
            Error::Code::kNotFound);
  EXPECT_THAT(AuditActions(n), ::testing::Contains("document.verify"));
}

TEST_F(ServiceTest, DocumentDataIsCheckedAtUpload) {
  auto s = SubmitAt("2022-09-26T10:00:00+06:00", KzPermanentResidence(), applicant_);
  ASSERT_TRUE(s.has_value());
  const std::string n = s->c.number;
  Document d = Certificate();
  d.issuing_state = "RU";
  EXPECT_EQ(service_->AddDocument(n, d, DemoPdf("x"), applicant_).error().field, "issuingState");
  d = Certificate();
  d.issuing_state = "XYZ";
  EXPECT_EQ(service_->AddDocument(n, d, DemoPdf("x"), applicant_).error().field, "issuingState");
  d = Certificate();
  d.issued = feel::Date{2022, 9, 10};
  d.expires = feel::Date{2022, 9, 9};
  EXPECT_EQ(service_->AddDocument(n, d, DemoPdf("x"), applicant_).error().field, "expires");
  d = Certificate();
  d.issued = feel::Date{2022, 9, 27};  // tomorrow in Almaty
  EXPECT_EQ(service_->AddDocument(n, d, DemoPdf("x"), applicant_).error().field, "issued");
  d = Certificate();
  d.holder_birth_date = feel::Date{1985, 1, 1};
  EXPECT_EQ(service_->AddDocument(n, d, DemoPdf("x"), applicant_).error().field, "holderBirthDate");
  d = Certificate();
  d.holder_name = "Петров Пётр";
  EXPECT_EQ(service_->AddDocument(n, d, DemoPdf("x"), applicant_).error().field, "holderName");
  d = Certificate();
  d.holder_name = "Иванов Иван Иванович";  // the applicant, in Cyrillic, with a patronymic
  d.holder_birth_date = feel::Date{1990, 5, 17};
  auto ok = service_->AddDocument(n, d, DemoPdf("x"), applicant_);
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  // Nothing refused was stored.
  EXPECT_EQ(ok->application.documents.size(), 1u);
}

// An MRV-B visa zone (ICAO 9303 part 7: 2 lines of 36) for the test applicant.
std::string VisaMrz(const std::string& number, const std::string& state, const std::string& birth,
                    const std::string& expiry) {
  std::string line1 = "V<" + state + "IVANOV<<IVAN";
  line1 += std::string(36 - line1.size(), '<');
  auto check = [](const std::string& field) {
    return static_cast<char>('0' + identity::CheckDigit(field));
  };
  std::string line2 =
      number + check(number) + "RUS" + birth + check(birth) + "M" + expiry + check(expiry);
  line2 += std::string(36 - line2.size(), '<');
  return line1 + "\n" + line2;
}

// A document with a machine-readable zone is checked against it and against the applicant
// (ICAO 9303 parts 3 and 7); what the uploader left empty is read from it.
TEST_F(ServiceTest, ADocumentsMachineReadableZoneIsChecked) {
  auto s = SubmitAt("2022-09-26T10:00:00+06:00", KzPermanentResidence(), applicant_);
  ASSERT_TRUE(s.has_value());
  const std::string n = s->c.number;
  Document visa;
  visa.kind = "visa";
  visa.file_name = "visa.pdf";
  visa.mrz = VisaMrz("KZ1234567", "KAZ", "900517", "230101");
  auto ok = service_->AddDocument(n, visa, DemoPdf("visa"), applicant_);
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  const Document& stored = ok->application.documents.back();
  EXPECT_EQ(stored.number, "KZ1234567");
  EXPECT_EQ(stored.issuing_state, "KAZ");
  EXPECT_EQ(feel::ToString(*stored.expires), "2023-01-01");

  Document damaged = visa;
  damaged.mrz[damaged.mrz.size() - 30] ^= 1;  // a digit of the document number
  EXPECT_EQ(service_->AddDocument(n, damaged, DemoPdf("visa"), applicant_).error().field, "mrz");
  Document other_number = visa;
  other_number.number = "KZ7654321";
  EXPECT_EQ(service_->AddDocument(n, other_number, DemoPdf("visa"), applicant_).error().field,
            "number");
  Document other_person = visa;
  other_person.mrz = VisaMrz("KZ1234567", "KAZ", "850101", "230101");
  auto someone_else = service_->AddDocument(n, other_person, DemoPdf("visa"), applicant_);
  ASSERT_FALSE(someone_else.has_value());
  EXPECT_EQ(someone_else.error().field, "mrz");
  EXPECT_THAT(someone_else.error().message, HasSubstr("date of birth"));
}

TEST_F(ServiceTest, IllegalTransitionsAreRefusedNamingTheStates) {
  auto s = SubmitAt("2022-09-20T10:00:00+06:00", KzPermanentResidence(), applicant_);
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

// A refusal is notified with its grounds and the appeal deadline: three months under Art. 92 of
// Kazakhstan's Administrative Procedural and Process-Related Code (jurisdiction.json).
TEST_F(ServiceTest, RefusalNeedsGroundsIsNotifiedAndCanBeAppealedInTime) {
  auto s = SubmitAt("2022-09-20T10:00:00+06:00", KzPermanentResidence(), applicant_);
  ASSERT_TRUE(s.has_value());
  const std::string n = s->c.number;
  ASSERT_TRUE(service_->Claim(n, officer_).has_value());
  ASSERT_TRUE(service_->Validate(n, officer_).has_value());
  ASSERT_TRUE(service_->Claim(n, officer_).has_value());  // the validator may refuse
  auto empty = service_->Refuse(n, {}, officer_);
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().field, "grounds");
  SetClock("2022-11-30T10:00:00+06:00");
  auto refused =
      service_->Refuse(n, {{"r1", "the passport was not presented", "Art. 1"}}, officer_);
  ASSERT_TRUE(refused.has_value()) << refused.error().message;
  EXPECT_EQ(refused->refusal_grounds[0].citation, "Art. 1");
  ASSERT_TRUE(refused->appeal_deadline.has_value());
  EXPECT_EQ(feel::ToString(*refused->appeal_deadline), "2023-02-28");
  ASSERT_FALSE(refused->notices.empty());
  const NoticeRecord& notice = refused->notices.back();
  EXPECT_EQ(notice.kind, "refusal");
  EXPECT_EQ(notice.issued_on, "2022-11-30");
  // The notice's hash is in the audit chain, and it verifies by code and hash.
  auto trail = store_->AuditTrail(n);
  ASSERT_TRUE(trail.has_value());
  bool chained = false;
  for (const auto& e : *trail) {
    chained = chained || (e.action == "notice.issue" &&
                          e.details.find(notice.pdf_sha256) != std::string::npos);
  }
  EXPECT_TRUE(chained);
  auto pdf = service_->Notice(n, notice.code, "pdf", officer_);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().message;
  EXPECT_EQ(pdf->content.substr(0, 5), "%PDF-");
  EXPECT_EQ(base::Sha256Hex(pdf->content), notice.pdf_sha256);
  auto check = service_->VerifyNotice(notice.code, base::Sha256Hex(pdf->content));
  ASSERT_TRUE(check.has_value());
  EXPECT_TRUE(check->issued);
  EXPECT_TRUE(check->matches);
  std::string changed = pdf->content;
  changed[changed.size() / 2] ^= 1;
  EXPECT_FALSE(service_->VerifyNotice(notice.code, base::Sha256Hex(changed))->matches);
  EXPECT_FALSE(service_->VerifyNotice("NO-SUCH-CODE", notice.pdf_sha256)->issued);

  SetClock("2023-03-01T10:00:00+06:00");  // the day after the deadline
  auto late = service_->Appeal(n, "I presented it at the counter", applicant_);
  ASSERT_FALSE(late.has_value());
  EXPECT_THAT(late.error().message, HasSubstr("2023-02-28"));
  SetClock("2023-02-28T23:00:00+06:00");  // the last day, local time
  auto appealed = service_->Appeal(n, "I presented it at the counter", applicant_);
  ASSERT_TRUE(appealed.has_value()) << appealed.error().message;
  EXPECT_TRUE(appealed->assigned_officer.empty());
  // Four eyes (issue 9): the officer who refused does not take or decide the appeal.
  auto own = service_->Claim(n, officer_);
  ASSERT_FALSE(own.has_value());
  EXPECT_EQ(own.error().code, Error::Code::kForbidden);
  EXPECT_THAT(own.error().message, HasSubstr("you refused this case"));
  ASSERT_TRUE(service_->Claim(n, other_officer_).has_value());
  auto upheld = service_->DecideAppeal(n, true, "the passport is on file", other_officer_);
  ASSERT_TRUE(upheld.has_value());
  EXPECT_EQ(upheld->state, State::kAppealUpheld);
  EXPECT_EQ(upheld->notices.back().kind, "appeal-upheld");
}

// An officer's own ground reaches a Russian notice in the officer's Russian words; a policy rule's
// ground kept in the policy's English words carries the policy's translation.
TEST_F(ServiceTest, ARefusalNoticeIsInTheApplicantsLanguage) {
  Application a = KzPermanentResidence();
  a.language = "ru";
  auto s = SubmitAt("2022-09-20T10:00:00+06:00", a, applicant_);
  ASSERT_TRUE(s.has_value());
  const std::string n = s->c.number;
  ASSERT_TRUE(service_->Claim(n, officer_).has_value());
  ASSERT_TRUE(service_->Validate(n, officer_).has_value());
  ASSERT_TRUE(service_->Claim(n, officer_).has_value());
  policy::Ground own{"kz-officer-authenticity", "The passport could not be authenticated.",
                     "Law No. 477-IV, Art. 49"};
  own.reason_in["ru"] = "Подлинность паспорта не подтверждена.";
  policy::Ground rule = s->c.decision->grounds.front();  // the passport requirement, as written
  auto refused = service_->Refuse(n, {own, rule}, officer_);
  ASSERT_TRUE(refused.has_value()) << refused.error().message;
  EXPECT_FALSE(refused->refusal_grounds[1].reason_in.empty());
  auto html = service_->Notice(n, refused->notices.back().code, "html", officer_);
  ASSERT_TRUE(html.has_value());
  EXPECT_THAT(html->content, HasSubstr("Подлинность паспорта не подтверждена."));
  EXPECT_THAT(html->content, HasSubstr(rule.reason_in.at("ru").substr(0, 40)));
  EXPECT_THAT(html->content, HasSubstr("lang=\"ru\""));
  EXPECT_EQ(service_->Notice(n, refused->notices.back().code, "docx", officer_).error().field,
            "format");
}

TEST_F(ServiceTest, BadApplicationsNameTheField) {
  SetClock("2022-09-26T10:00:00+06:00");
  auto a = KzPermanentResidence();
  a.applicant.citizenships = {"RUS", "ru"};
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "applicant.citizenships[1]");
  a = KzPermanentResidence();
  a.applicant.citizenships = {"RUS", "ZZZ"};
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "applicant.citizenships[1]");
  a = KzPermanentResidence();
  a.jurisdiction = "XX";
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "jurisdiction");
  a = KzPermanentResidence();
  a.kind = "citizenship";
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "kind");
  a = KzPermanentResidence();
  a.purpose = "Family";  // codes are exact
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "purpose");
  a = KzPermanentResidence();
  a.purpose = "";
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "purpose");
  a = KzPermanentResidence();
  a.language = "de";
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "language");
  // A citizen of Kazakhstan does not apply for a Kazakh residence permit, dual citizen or not.
  a = KzPermanentResidence();
  a.applicant.citizenships = {"RUS", "KAZ"};
  auto own = service_->Submit(a, applicant_);
  ASSERT_FALSE(own.has_value());
  EXPECT_EQ(own.error().field, "applicant.citizenships[1]");
  EXPECT_THAT(own.error().message, HasSubstr("Kazakhstan"));
  a = LvVisa();
  a.applicant.citizenships = {"LVA"};
  a.applicant.passport.issuing_state = "LVA";
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "applicant.citizenships[0]");
  a = KzPermanentResidence();
  a.applicant.passport.issuing_state = "UKR";  // not a citizenship
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "applicant.passport.issuingState");
  a = KzPermanentResidence();
  SetClock("2019-06-01T10:00:00+06:00");  // before any version is in force
  EXPECT_EQ(service_->Submit(a, applicant_).error().field, "received.at");
}

TEST_F(ServiceTest, TheMrzMustBeValidAndAgreeWithTheApplication) {
  SetClock("2022-09-26T10:00:00+06:00");
  auto a = KzPermanentResidence();
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
  std::filesystem::copy("policies/lv/jurisdiction.json",
                        policies.path() / "xx" / "jurisdiction.json");
  std::ofstream(version / "policy.json") << R"({"title": "broken",
      "legal_basis": {"act": "none", "article": "none", "status": "illustrative"},
      "takes_effect": "2020-01-01", "applies_to": "filed-on-or-after", "decision": "Eligibility",
      "deadline_days": 15, "purposes": [{"code": "family", "label": {"en": "Family"}}],
      "documents": {"passport": {"en": "Passport"}}})";
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
  auto a = KzPermanentResidence();
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

const auto& PdfOf = PdfOfObjects;
const std::string kPages = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
const std::string kPage = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>";
const std::string kContent = "<< /Length 0 >>\nstream\n\nendstream";
const std::string kFont = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

TEST_F(ServiceTest, DocumentsAreCheckedByContent) {
  auto s = SubmitAt("2022-09-26T10:00:00+06:00", KzPermanentResidence(), applicant_);
  ASSERT_TRUE(s.has_value());
  auto text = service_->AddDocument(s->c.number, Certificate(), "just text", applicant_);
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().field, "file");
  std::string big(kMaxDocumentBytes + 1, 'x');
  big.replace(0, 5, "%PDF-");
  EXPECT_EQ(service_->AddDocument(s->c.number, Certificate(), big, applicant_).error().code,
            Error::Code::kTooLarge);
  // Issue 9: files are checked by a real PDF library and by image headers before storing.
  auto refused = [&](const std::string& bytes) {
    auto r = service_->AddDocument(s->c.number, Certificate(), bytes, applicant_);
    EXPECT_FALSE(r.has_value());
    return r ? std::string("accepted") : r.error().field + ": " + r.error().message;
  };
  EXPECT_THAT(refused("%PDF-1.4 certificate"), HasSubstr("file: the"));
  EXPECT_THAT(refused(PdfOf({"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>", kPages, kPage,
                             kContent, kFont, "<< /S /JavaScript /JS (app.launchURL\\(1\\)) >>"})),
              HasSubstr("JavaScript"));
  EXPECT_THAT(refused(PdfOf({"<< /Type /Catalog /Pages 2 0 R >>", kPages,
                             "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 "
                             "R /AA << /O 6 0 R >> >>",
                             kContent, kFont, "<< /S /Launch /F (cmd.exe) >>"})),
              HasSubstr("launches a program"));
  std::string kids, many_pages;
  std::vector<std::string> objects = {"<< /Type /Catalog /Pages 2 0 R >>", ""};
  for (int i = 0; i < 51; ++i) {
    kids += std::to_string(3 + i) + " 0 R ";
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>");
  }
  objects[1] = "<< /Type /Pages /Kids [" + kids + "] /Count 51 >>";
  EXPECT_THAT(refused(PdfOf(objects)), HasSubstr("51 pages"));
  // A PNG declaring 100,000 x 100,000 pixels (a decompression bomb) and a JPEG of 60,000 x 100.
  std::string png = "\x89PNG\r\n\x1a\n" + std::string("\0\0\0\x0dIHDR", 8) +
                    std::string("\0\x01\x86\xa0\0\x01\x86\xa0\x08\x02\0\0\0", 13) +
                    std::string(16, '\0');
  EXPECT_THAT(refused(png), HasSubstr("100000 x 100000 pixels"));
  std::string jpeg = std::string("\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 20) +
                     std::string("\xff\xc0\0\x11\x08\0\x64\xea\x60\x03", 10) +
                     std::string(64, '\0');
  EXPECT_THAT(refused(jpeg), HasSubstr("60000 x 100 pixels"));
  std::string small_png = png;
  small_png.replace(16, 8, std::string("\0\0\x02\x80\0\0\x01\xe0", 8));  // 640 x 480
  EXPECT_TRUE(service_->AddDocument(s->c.number, Certificate(), small_png, applicant_));
  auto ok = service_->AddDocument(s->c.number, Certificate(), DemoPdf("x"), applicant_);
  ASSERT_TRUE(ok.has_value());
  auto bytes =
      service_->DocumentContent(s->c.number, ok->application.documents.back().id, officer_);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(*bytes, DemoPdf("x"));
}

TEST_F(ServiceTest, OfficerRequestedDocumentsKeepTheCaseWaiting) {
  auto s = SubmitAt("2022-09-20T10:00:00+06:00", KzPermanentResidence(), applicant_);
  ASSERT_TRUE(s.has_value());
  const std::string n = s->c.number;
  ASSERT_TRUE(service_->Claim(n, officer_).has_value());
  auto req =
      service_->RequestDocuments(n, {"employment-contract"}, "to verify the purpose", officer_);
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(req->state, State::kAwaitingDocuments);
  ASSERT_FALSE(req->notices.empty());
  EXPECT_EQ(req->notices.back().kind, "documents-requested");
  Document contract = Certificate();
  contract.kind = "employment-contract";
  auto up = service_->AddDocument(n, contract, DemoPdf("contract"), applicant_);
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ(up->state, State::kReadyForReview);
}

TEST_F(ServiceTest, ListingCasesIsAnAuditedRead) {
  auto s = SubmitAt("2022-09-26T10:00:00+06:00", KzPermanentResidence(), applicant_);
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

// Latvia's decision of 2022-09-21 applies to applications still pending on that day
// (policies/lv/visa/2022-09-21/policy.json): when it takes effect, a case filed before is decided
// again under it, with an audit entry and a notice, once.
TEST_F(ServiceTest, AVersionThatAppliesToPendingCasesReachesThemWhenItTakesEffect) {
  auto s = SubmitAt("2022-09-19T12:00:00+03:00", LvVisa(), applicant_);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->c.decision->outcome, "eligible");
  EXPECT_EQ(s->c.decision->policy_version, "LV/visa/2020-01-01");
  SetClock("2022-09-20T23:59:00+03:00");
  EXPECT_EQ(service_->ApplyPendingVersions().value_or(-1), 0);  // not yet in Riga
  SetClock("2022-09-21T00:01:00+03:00");
  EXPECT_EQ(service_->ApplyPendingVersions().value_or(-1), 1);
  auto c = store_->Load(s->c.number);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->decision->outcome, "refuse");
  EXPECT_EQ(c->decision->policy_version, "LV/visa/2022-09-21");
  EXPECT_EQ(feel::ToString(c->application.filing_date), "2022-09-19");
  EXPECT_THAT(Ids(c->decision->decisive_grounds), ElementsAre("lv-visa-mobilisation-refusal"));
  ASSERT_FALSE(c->notices.empty());
  EXPECT_EQ(c->notices.back().kind, "reassessment");
  EXPECT_THAT(c->history.back().reason, HasSubstr("applies to applications pending on 2022-09-21"));
  EXPECT_THAT(AuditActions(s->c.number), ::testing::Contains("notice.issue"));
  // Once only.
  EXPECT_EQ(service_->ApplyPendingVersions().value_or(-1), 0);
  // A case filed on the day itself was decided under it from the start.
  auto later = SubmitAt("2022-09-21T09:00:00+03:00", LvVisa(), applicant_);
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ(later->c.decision->policy_version, "LV/visa/2022-09-21");
}

TEST_F(ServiceTest, DemoSeedsEveryLifecycleState) {
  auto summary = SeedDemo(*store_, *library_, *files_, {400, 7});
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  EXPECT_EQ(summary->applications, 400);
  for (const char* state : {"awaiting-documents", "ready-for-review", "validated", "approved",
                            "refused", "appealed", "withdrawn", "registered", "examination"}) {
    EXPECT_GT(summary->by_state[state], 0) << state;
  }
  // The seeder once read a case's missing documents after the case was replaced: the audit
  // details named freed memory ("document added: \x86\x1eV...tion-certificate"), which
  // PostgreSQL then refused as invalid UTF-8 in `tamga db copy`.
  auto tx = db_->Begin();
  ASSERT_TRUE(tx.has_value());
  auto uploads = tx->Query("SELECT details FROM audit_log WHERE action = 'document.upload'");
  ASSERT_TRUE(uploads.has_value());
  EXPECT_FALSE(uploads->empty());
  for (const store::Row& r : *uploads) {
    EXPECT_TRUE(base::IsValidUtf8(r.Text(0))) << r.Text(0);
    EXPECT_THAT(r.Text(0), ::testing::HasSubstr("document added: "));
    EXPECT_THAT(r.Text(0), ::testing::ContainsRegex("document added: [a-z]"));
  }
}

}  // namespace
}  // namespace tamga::cases

// The case service: what an applicant, an officer or the system can do with a case. Every operation
// validates its input, applies the lifecycle, decides under the law in force on the filing date,
// commits the change with its audit entry, and returns the case as stored.
#pragma once

#include <expected>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <optional>

#include "cases/case_store.h"
#include "cases/model.h"
#include "cases/screening.h"
#include "cases/simulation.h"
#include "policy/policy.h"

namespace tamga::cases {

// Who acts. The API authenticates and checks role and jurisdiction scope before calling.
struct Actor {
  std::string name;  // account name; "applicant:<number>" for an applicant with an access code
  std::string role;  // applicant, officer, supervisor, policy-author, auditor, admin, system
  // Where the actor holds the asylum role ("*": everywhere in scope): elsewhere an asylum claim
  // does not exist for them (docs/asylum.md).
  std::vector<std::string> asylum = {};
  // Whether the actor may know that asylum claim `c` exists: its own applicant, the system, or
  // someone with the asylum role in its jurisdiction.
  bool SeesAsylum(const std::string& jurisdiction) const;
};

// Uploaded files, stored by content (SHA-256) under a directory.
class FileStore {
 public:
  explicit FileStore(std::string directory);
  // Writes the bytes durably (temporary file, fsync, rename); returns the hex SHA-256.
  std::expected<std::string, Error> Put(std::string_view bytes);
  std::expected<std::string, Error> Get(const std::string& sha256) const;

 private:
  std::string dir_;
};

// The application as the policies' input data (docs/policies.md): kind, purpose, filing date,
// citizenships, birth date, passport expiry, and the kinds and details of its documents. The
// passport's details are mandatory at intake, so "passport" is always among the documents.
feel::Context PolicyInputs(const Application& application);
// The case as the policies' input data: its application's, with the applicant's international
// protection ("Protection") and an asylum claim's answered legal questions ("Checklist").
feel::Context PolicyInputs(const Case& c);

// Checks a presented document's own data: an ISO 3166-1 alpha-3 issuing state, not expiring
// before it was issued, not issued after `today`. Errors name the upload's form field.
std::expected<void, Error> CheckDocumentData(const Document& document, const feel::Date& today);

// Limits on uploads.
inline constexpr int64_t kMaxDocumentBytes = 10 * 1024 * 1024;
// "application/pdf", "image/jpeg" or "image/png" from the file's first bytes; empty otherwise.
std::string SniffContentType(std::string_view bytes);

// Limits of what an uploaded document may be (CheckDocumentFile).
inline constexpr size_t kMaxDocumentPages = 50;
inline constexpr uint32_t kMaxImageSide = 12000;
inline constexpr uint64_t kMaxImagePixels = 50'000'000;
// kInvalid naming "file" unless a PDF reads without repair in qpdf, carries no JavaScript, launch
// or import actions, is not encrypted and has 1 to kMaxDocumentPages pages; or a PNG or JPEG
// header declares at most kMaxImageSide pixels a side and kMaxImagePixels in all (checked before
// anything decodes the image, so a decompression bomb costs nothing).
std::expected<void, Error> CheckDocumentFile(std::string_view bytes, std::string_view content_type);

// A paper or counter application received before it is entered: the officer records when it was
// received and why that differs from now.
struct PaperReceipt {
  std::string received_at;  // ISO 8601 instant with its offset ("2022-09-21T17:30:00+06:00")
  std::string reason;       // required
};

// Oldest receipt an officer may record for a paper application, in days before now.
inline constexpr int kMaxReceiptAgeDays = 365;
// A reason given for releasing or assigning a case, and an internal note, in bytes of UTF-8.
inline constexpr size_t kMaxReasonBytes = 1000;
inline constexpr size_t kMaxNoteBytes = 4000;

// Statistics show no figure of asylum claims below this count (docs/asylum.md): a small number
// could single out a person.
inline constexpr int64_t kMinAsylumCount = 10;
// ... and rounds the others down to a multiple of this.
inline constexpr int64_t kAsylumRounding = 5;
// The longest interview record an officer enters, in bytes of UTF-8.
inline constexpr size_t kMaxInterviewBytes = 100'000;

// The name of an application kind for notices ("Permanent residence permit"), by language.
policy::Translations KindLabel(const std::string& kind);

class CaseService {
 public:
  // `now` returns the current UTC time as ISO 8601 (the server passes its base::Clock; tests their
  // own). Each operation decides under the library current in `policies` when it starts (a version
  // published meanwhile applies to later operations). `public_url` is where notices tell readers
  // to verify them ("https://migration.example.kz"; the verification path is appended).
  // With a `screener`, every application is screened at intake (docs/screening.md) and
  // RescreenLists works; without one, nothing is screened (tests of other things).
  CaseService(CaseStore& store, policy::Registry& policies, FileStore& files,
              std::function<std::string()> now, std::string public_url = "http://127.0.0.1:8080",
              Screener* screener = nullptr);

  // Where an asylum claim was lodged (Submit of kind "asylum").
  struct Lodging {
    std::string place;     // a code the policy lists ("border-point", "migration-office")
    std::string location;  // where exactly ("Riga airport")
  };
  struct Submitted {
    Case c;
    std::string access_code;  // shown to the applicant once; only its hash is stored
    bool replayed = false;    // answered from an earlier request with the same Idempotency-Key
  };
  // A client's Idempotency-Key (RFC draft "The Idempotency-Key HTTP Header Field"): a retried
  // submission or upload with the same key and the same request is answered with the first one's
  // outcome; the same key with another request is refused (kConflict naming the header). Keys are
  // 16-255 printable ASCII characters; they are kept for kIdempotencyHours as hashes only.
  struct Idempotency {
    std::string key;
    std::string scope;           // who may replay: "anonymous", an account, "applicant:<number>"
    std::string request_sha256;  // of the request as received
    // Set by the service: whether the answer is a replay, and an upload's document.
    bool replayed = false;
    int64_t document_id = 0;
  };
  // Validates the application (every field named on error), fixes its filing time (now, or the
  // officer's recorded receipt) and the local filing date in the jurisdiction's time zone, computes
  // the deadline from the policy in force on that date, decides, and moves the case to
  // awaiting-documents or ready-for-review (with a notice when documents are missing). Answered
  // only after commit. `application.filing_date` is ignored: the authority fixes it.
  // `library`: the policy snapshot the caller already checked the application against (the API
  // reads jurisdiction and kind with it), so that one snapshot decides the whole submission even
  // if a version is published meanwhile; the current one when null.
  std::expected<Submitted, Error> Submit(Application application, const Actor& actor,
                                         std::optional<PaperReceipt> receipt = {},
                                         Idempotency* idempotency = nullptr,
                                         std::shared_ptr<const policy::Library> library = nullptr,
                                         std::optional<Lodging> lodging = {});

  // The local date today in a jurisdiction's time zone, by the service's clock.
  std::expected<feel::Date, Error> LocalToday(const std::string& jurisdiction) const;

  // Applies every policy version that applies to pending applications and has taken effect (by
  // the local date in its jurisdiction) but was not yet applied: each case pending on that day and
  // filed earlier is decided again, with an audit entry and a notice. Returns how many cases were
  // decided again. Safe to call repeatedly (a version is applied once).
  std::expected<int64_t, Error> ApplyPendingVersions();

  // An issued notice, for its reader: the file in the requested form.
  struct NoticeFile {
    NoticeRecord record;
    std::string content;
    std::string content_type;  // "application/pdf" or "text/html; charset=utf-8"
  };
  // The notice of a case with `code`, as PDF or HTML (`format` "pdf" or "html"). An audited read.
  std::expected<NoticeFile, Error> Notice(const std::string& number, const std::string& code,
                                          const std::string& format, const Actor& actor);
  // The receipt of an application (notices::Kind::kReceipt) as a PDF in `language` ("" for the
  // application's), made on demand: the filing, the statutory deadline, the documents still
  // awaited and where to follow it. Not stored; an audited read of the case.
  std::expected<std::string, Error> Receipt(const std::string& number, std::string language,
                                            const Actor& actor);
  // Whether a notice with `code` was issued and its PDF has hash `sha256` (hex): anyone may ask;
  // the answer names no person. nullopt: no such code.
  struct NoticeCheck {
    bool issued = false;   // a notice with the code exists
    bool matches = false;  // and its PDF has the given hash
    std::string jurisdiction, kind, language, issued_on;
  };
  std::expected<NoticeCheck, Error> VerifyNotice(const std::string& code,
                                                 const std::string& sha256);

  std::expected<Case, Error> Get(const std::string& number, const Actor& actor);
  // The case for a poll that shows only its revision, state, holder and time: no personal data
  // leaves the service through it, so it is not recorded as a read (a tab left open all day
  // wrote an audited read every 10 seconds).
  std::expected<Case, Error> Revision(const std::string& number, const Actor& actor);
  // A case's audit trail, oldest first; the trail names applicants and what was done with their
  // data, so reading it is itself recorded first (nothing is shown if it cannot be). kNotFound for
  // an unknown case.
  std::expected<std::vector<audit::Entry>, Error> AuditTrail(const std::string& number,
                                                             const Actor& actor);
  // Publishes a policy version (policy::Registry::Publish) and records it as policy.publish in the
  // audit log before it decides anything; when the record cannot be written nothing is published.
  std::expected<policy::Version, policy::PublishRefusal> PublishPolicy(
      const policy::Draft& draft, const std::vector<policy::TestFile>& tests,
      const std::filesystem::path& root, const Actor& author);

  // Four eyes (docs/policies.md): a policy version takes effect only once a second person
  // approves what one policy author proposed.
  struct ProposalError {
    Error error;
    // Set when the draft does not load, has error findings or fails its kind's tests (the API
    // answers 422 with it).
    std::optional<policy::DraftReport> report;
  };
  // Stores `draft` as a proposal by `author` (`draft_json`: the draft as submitted, read back at
  // approval), once it could be published: it takes effect after the latest version of its kind
  // and not before today in its jurisdiction, loads without error findings and passes its kind's
  // tests (with `tests`). Audited as policy.propose.
  std::expected<Proposal, ProposalError> Propose(const policy::Draft& draft,
                                                 const std::vector<policy::TestFile>& tests,
                                                 std::string draft_json,
                                                 const std::filesystem::path& root,
                                                 const Actor& author);
  // Publishes proposal `id`, whose draft is `draft` with `tests` (as read back from it), approved
  // by `approver`: kForbidden naming "approver" when the approver proposed it; kConflict naming
  // "status" when it is no longer proposed, "takesEffect" when it would take effect before today in
  // its jurisdiction; otherwise as PublishPolicy, the approval written into the version's
  // policy.json and policy.approve and policy.publish (naming both people) committed with the
  // proposal's closing.
  std::expected<policy::Version, ProposalError> ApproveProposal(
      int64_t id, policy::Draft draft, const std::vector<policy::TestFile>& tests,
      const std::filesystem::path& root, const Actor& approver);
  // Withdraws a proposal that is still proposed (policy.withdraw).
  std::expected<Proposal, Error> WithdrawProposal(int64_t id, const Actor& actor);
  // Runs proposal `id`'s draft (`draft`, as read back from it) over the cases `scope` selects
  // (cases::Simulate); nothing is written to the cases. The result is attached to the proposal
  // and the run audited as policy.simulate (who, on what, the totals).
  std::expected<Simulation, Error> SimulateProposal(int64_t id, const policy::Draft& draft,
                                                    const SimulationScope& scope,
                                                    const Actor& actor);
  // What proposal `id`'s draft (`draft`, as read back from it) decides for one stored case of its
  // jurisdiction and kind, decided alone and in full (grounds with their texts): the case behind
  // one line of a simulation, and a check of it. The read is audited as any case read by `actor`.
  struct DraftDecision {
    Case stored;
    policy::Decision simulated;
    bool changed = false;  // as a simulation counts it (cases::Changes)
  };
  std::expected<DraftDecision, Error> DecideUnderProposal(int64_t id, const policy::Draft& draft,
                                                          const std::string& number,
                                                          const Actor& actor);
  std::expected<Proposal, Error> GetProposal(int64_t id);
  std::expected<std::vector<Proposal>, Error> ListProposals(const std::string& jurisdiction,
                                                            const std::string& kind);
  std::expected<Case, Error> GetForApplicant(const std::string& number,
                                             const std::string& access_code);

  // Save and return: an unfinished application kept under a reference and an access code (shown
  // once; only its hash is kept) for kDraftDays after its last save. `answers` is the form's
  // JSON object, stored as given. An unknown or expired reference and a wrong code answer alike
  // (kNotFound naming "reference"), so references cannot be probed.
  struct DraftSaved {
    std::string reference;
    std::string access_code;  // only when the draft is new
    std::string saved_at;
    std::string expires_at;
  };
  std::expected<DraftSaved, Error> SaveNewDraft(const std::string& answers);
  std::expected<DraftSaved, Error> SaveDraft(const std::string& reference,
                                             const std::string& access_code,
                                             const std::string& answers);
  std::expected<ApplicationDraft, Error> LoadDraft(const std::string& reference,
                                                   const std::string& access_code);
  std::expected<void, Error> DiscardDraft(const std::string& reference,
                                          const std::string& access_code);
  std::expected<CasePage, Error> List(const CaseFilter& filter, const Actor& actor);
  // Counts over the cases in the query's scope (the caller has checked it): backlog by state,
  // filings and decisions per day, decisions within the statutory deadline, the oldest open cases.
  std::expected<CaseStats, Error> Stats(const StatsQuery& query, const Actor& actor);

  // Adds a document (the file is checked by content and size; its dates, issuing state and holder
  // against the application) and re-decides while the case awaits documents or review.
  std::expected<Case, Error> AddDocument(const std::string& number, Document document,
                                         std::string_view bytes, const Actor& actor,
                                         Idempotency* idempotency = nullptr);
  std::expected<std::string, Error> DocumentContent(const std::string& number, int64_t document_id,
                                                    const Actor& actor);

  // Officer actions. Each fails with kConflict when the lifecycle does not allow it from the
  // current state, or when another officer holds the case.
  // Four eyes: validating releases the case for a second officer, who alone may approve it; the
  // officer who filed an application for the applicant may not approve it either, and the officer
  // who refused a case neither claims nor decides its appeal (kForbidden, naming the rule).
  std::expected<Case, Error> Claim(const std::string& number, const Actor& officer);
  // Hands a held case back to the queue, for another officer to claim; only its holder (or a
  // supervisor, who must give a reason) releases it.
  std::expected<Case, Error> Release(const std::string& number, const Actor& actor,
                                     const std::string& reason = "");
  // A supervisor gives an open case to officer `to` (whose account and scope the caller checked),
  // taking it from its holder with a reason (reassigning). The four-eyes rules apply as to a
  // claim: the officer who refused a case is not given its appeal.
  std::expected<Case, Error> Assign(const std::string& number, const Actor& to,
                                    const std::string& reason, const Actor& supervisor);
  // Claims, for `officer`, the first case of `queue` (its filters and scope; overdue first, then
  // by deadline) that nobody holds and the officer may take; kNotFound when none is waiting.
  std::expected<Case, Error> ClaimNext(const CaseFilter& queue, const Actor& officer);
  // Adds an internal note by `author` (staff only: never shown to the applicant or on a notice).
  std::expected<Case, Error> AddNote(const std::string& number, const std::string& text,
                                     const Actor& author);
  std::expected<Case, Error> RequestDocuments(const std::string& number,
                                              const std::vector<std::string>& kinds,
                                              const std::string& reason, const Actor& officer);
  std::expected<Case, Error> Validate(const std::string& number, const Actor& officer);
  // Records an officer's check of a document (id 0: the passport): verified or rejected, with a
  // note (required for a rejection), and re-decides while the case awaits documents or review.
  std::expected<Case, Error> VerifyDocument(const std::string& number, int64_t document_id,
                                            Verification verification, const std::string& note,
                                            const Actor& officer);
  std::expected<Case, Error> Approve(const std::string& number, const std::string& reason,
                                     const Actor& officer);
  std::expected<Case, Error> Refuse(const std::string& number,
                                    const std::vector<policy::Ground>& grounds,
                                    const Actor& officer);
  std::expected<Case, Error> Redecide(const std::string& number, const Actor& actor);
  std::expected<Case, Error> Appeal(const std::string& number, const std::string& reason,
                                    const Actor& applicant);
  std::expected<Case, Error> DecideAppeal(const std::string& number, bool upheld,
                                          const std::string& reason, const Actor& officer);
  std::expected<Case, Error> Withdraw(const std::string& number, const std::string& reason,
                                      const Actor& actor);

  // An officer's finding on a screening hit of a case in screening-review that they hold: the
  // same person or not, with a reason (required). When no hit is left open, a confirmed hit on an
  // entry-ban or sanctions list refuses the case on the list's legal basis (with a refusal
  // notice that names no list entry); otherwise the case is decided again and goes on.
  std::expected<Case, Error> Adjudicate(const std::string& number, int64_t hit_id,
                                        HitStatus finding, const std::string& reason,
                                        const Actor& officer);
  // Screens open cases against what each list version imported since the last call added or
  // changed (only the cases whose applicant may match a changed entry are looked at). A case with
  // new hits goes to screening-review. Returns the number of new hits; each version's count is
  // recorded on it and in the audit trail.
  std::expected<int64_t, Error> RescreenLists();
  // The watchlists and their versions (none without a screener).
  std::expected<Screener::Overview, Error> Watchlists() const {
    if (!screener_) return Screener::Overview{};
    return screener_->Lists();
  }
  // Asylum claims (docs/asylum.md). A claim is lodged through Submit (kind "asylum", with
  // `lodging`): it is registered at once with a certificate (a notice of kind
  // "asylum-certificate"). Each step below is an officer's on a claim they hold.
  // A claim with the legal questions of the version that decides it (an audited read).
  struct Checklist {
    Case c;
    policy::Version version;
    std::vector<std::string> remaining;  // the questions not yet answered, in the policy's order
  };
  std::expected<Checklist, Error> ClaimChecklist(const std::string& number, const Actor& actor);
  // Sets the personal interview's date, place and language (again, to reschedule).
  std::expected<Case, Error> ScheduleInterview(const std::string& number,
                                               const std::string& scheduled_for,
                                               const std::string& place,
                                               const std::string& language, const Actor& officer);
  // Records what was said at the interview; the claim goes to examination.
  std::expected<Case, Error> RecordInterview(const std::string& number, const std::string& record,
                                             const Actor& officer);
  // Answers a legal question of the policy's checklist ("yes" or "no", with the evidence it rests
  // on; "" withdraws an answer), and asks the policy again what the answers point to.
  std::expected<Case, Error> AnswerQuestion(const std::string& number, const std::string& question,
                                            const std::string& answer, const std::string& evidence,
                                            const Actor& officer);
  // Extends the deadline by `months` with a reason, within the policy's extension_months in all.
  std::expected<Case, Error> ExtendDeadline(const std::string& number, int months,
                                            const std::string& reason, const Actor& officer);
  // A second officer's answer to a proposed refusal: confirmed, the claim is refused on the
  // proposal's grounds with a refusal notice; declined (with a reason), it returns to
  // examination. The proposer cannot answer their own proposal (four eyes).
  std::expected<Case, Error> ConfirmRefusal(const std::string& number, bool confirm,
                                            const std::string& reason, const Actor& officer);

  // Stored applications whose applicant may be `query` (officer search), best first, limited to
  // `jurisdictions` (empty: all). An audited read.
  std::expected<std::vector<PersonFound>, Error> SearchPersons(
      const watchlist::Person& query, const std::vector<std::string>& jurisdictions,
      const Actor& actor);

 private:
  // The case `number` as `actor` may know it: an asylum claim they may not see answers as an
  // unknown number (kNotFound), so that a refusal does not confirm that it exists.
  std::expected<Case, Error> Load(const std::string& number, const Actor& actor);
  // Load, and checks that `to` may follow the case's state; with `must_hold`, also that the
  // actor holds the case.
  std::expected<Case, Error> LoadFor(const std::string& number, State to, const Actor& actor,
                                     bool must_hold);
  // The applicant's international protection (Case::protection) from their asylum claims in the
  // case's jurisdiction, found by the identity matcher across spellings; none without a screener.
  std::expected<std::optional<Protection>, Error> ProtectionOf(const Case& c) const;
  // The applicant's other cases in `c`'s jurisdiction that the identity matcher finds and that are
  // firmly theirs (the same birth date, and a document in common or names at 0.95); none
  // without a screener.
  std::vector<Case> SamePersonCases(const Case& c) const;
  // Registers a new asylum claim: the certificate notice and the step to registered; then flags
  // the person's other open cases in the jurisdiction (Case::protection) and decides them again.
  std::expected<Case, Error> Register(Case c, const Actor& actor);
  std::expected<void, Error> FlagOtherCases(const Case& claim);
  // An officer's proposal to refuse an asylum claim on written grounds (Refuse of a claim).
  std::expected<Case, Error> ProposeRefusal(Case c, const std::vector<policy::Ground>& grounds,
                                            const Actor& officer);
  // Moves `c` to `to`, records the transition (who, when, why) and commits it with its audit entry
  // and `extra` entries (notices issued with the change).
  // What a step's history entry says besides its English reason (Transition::note, ::params).
  struct StepText {
    std::string note;
    std::map<std::string, std::string> params;
  };
  std::expected<Case, Error> Commit(Case c, State to, const Actor& actor, std::string action,
                                    std::string reason, std::vector<audit::Entry> extra = {},
                                    const IdempotencyRecord* idempotency = nullptr,
                                    StepText text = {});
  // Re-decides `c` when it awaits documents or review (with a notice when the documents it waits
  // for change) and commits the change that led to it.
  std::expected<Case, Error> RedecideAfter(Case c, const Actor& actor, std::string action,
                                           std::string reason,
                                           const IdempotencyRecord* idempotency = nullptr,
                                           StepText text = {});
  // The record of `idempotency`'s key if it was used before: kConflict when for another request.
  std::expected<std::optional<IdempotencyRecord>, Error> EarlierUse(const Idempotency& idempotency);
  IdempotencyRecord NewRecord(const Idempotency& idempotency) const;
  std::expected<Submitted, Error> Replay(const IdempotencyRecord& record, Idempotency& idempotency);
  // Refuses `c` on `grounds` with a refusal notice and commits it as `action`.
  std::expected<Case, Error> RefuseOn(Case c, std::vector<policy::Ground> grounds,
                                      const Actor& officer, std::string action, std::string reason,
                                      std::vector<audit::Entry> extra = {});
  // Decides `c` under the law applicable to it today (docs/policies.md): the version in force on
  // its filing date, or a later one that applies to pending applications.
  std::expected<void, Error> Decide(Case& c);
  // Composes and renders a notice of `kind` for `c`, stores its files, adds its record to `c` and
  // returns the audit entry that puts its hash in the chain.
  struct NoticeContent {
    std::vector<policy::Ground> grounds = {};  // decisive grounds
    std::vector<std::string> documents = {};   // document kinds to present
    std::string officer_reason = {};
    std::string rules_changed_on = {};  // reassessment: when the new version took effect
  };
  std::expected<audit::Entry, Error> IssueNotice(Case& c, std::string_view kind,
                                                 const NoticeContent& content);
  // Refusal grounds with the policy's translations and refusal-form numbers of the rules they name.
  std::vector<policy::Ground> WithPolicyTexts(const std::vector<policy::Ground>& grounds,
                                              const Case& c) const;
  // A refusal under a version with a standard refusal form names at least one of the form's
  // reasons.
  std::expected<void, Error> CheckRefusalForm(const std::vector<policy::Ground>& grounds,
                                              const Case& c) const;
  // The version that decided `c` (else the one in force on its filing date).
  std::optional<policy::Version> DecidingVersion(const Case& c) const;
  // A documents-requested notice when the documents the case waits for (the policy's missing ones
  // and the officer's requests not yet met) differ from `awaited_before`; none otherwise.
  std::expected<std::vector<audit::Entry>, Error> NoticeIfDocumentsChanged(
      Case& c, const std::vector<std::string>& awaited_before);
  // The local date of an instant in the case's jurisdiction.
  std::expected<feel::Date, Error> LocalDateOf(const std::string& jurisdiction,
                                               const std::string& instant) const;

  CaseStore& store_;
  policy::Registry& policies_;
  FileStore& files_;
  std::function<std::string()> now_;
  std::string public_url_;
  std::mutex applying_;  // one ApplyPendingVersions at a time (the serve loop and publication)
  Screener* screener_;
  std::mutex rescreening_;  // one RescreenLists at a time
};

}  // namespace tamga::cases

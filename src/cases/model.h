// The domain of tamga: applicants, applications, documents, cases and their lifecycle.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feel/temporal.h"
#include "policy/policy.h"

namespace tamga::cases {

// A refusal of a request, as a value. `field` names the offending input ("applicant.birthDate")
// when there is one; the API maps codes to HTTP statuses (400, 403, 404, 409, 413, 503).
// `reason`, when set, is a stable code of this particular refusal ("held-by-another") with its
// `params` ({"officer": "officer.kz"}): clients show their own words for it in their language,
// where `message` is English for logs and scripts.
struct Error {
  enum class Code { kInvalid, kForbidden, kNotFound, kConflict, kTooLarge, kUnavailable };
  Code code = Code::kInvalid;
  std::string field;
  std::string message;
  std::string reason = {};
  std::map<std::string, std::string> params = {};
};

// The case lifecycle (docs/cases.md has the diagram):
//   submitted -> awaiting-documents <-> ready-for-review -> validated -> approved | refused
//   refused -> appealed -> appeal-upheld | appeal-dismissed;  any open state -> withdrawn
//   submitted, awaiting-documents, ready-for-review, validated -> screening-review (a screening
//   hit waits for an officer) -> awaiting-documents | ready-for-review | refused
// An asylum claim has its own (docs/asylum.md):
//   submitted (lodged) -> registered -> interview-scheduled -> examination -> validated -> approved
//   examination | validated -> refusal-proposed -> refused (a second officer) | examination
//   refused -> appealed -> appeal-upheld | appeal-dismissed;  any open state -> withdrawn
enum class State {
  kSubmitted,
  kAwaitingDocuments,
  kReadyForReview,
  kValidated,
  kScreeningReview,
  kApproved,
  kRefused,
  kAppealed,
  kAppealUpheld,
  kAppealDismissed,
  kWithdrawn,
  // Asylum claims only.
  kRegistered,          // registered at lodging; the certificate is issued
  kInterviewScheduled,  // the personal interview has a date
  kExamination,         // the interview is recorded; officers answer the legal questions
  kRefusalProposed,     // an officer proposed a refusal with written grounds; a second confirms
};

// The application kind that follows the asylum procedure.
inline constexpr std::string_view kAsylumKind = "asylum";
std::string_view StateName(State s);  // "awaiting-documents"
std::optional<State> ParseState(std::string_view name);
// Whether the lifecycle allows moving from `from` to `to`: an asylum claim's (`asylum`) or an
// ordinary application's.
bool TransitionAllowed(State from, State to, bool asylum = false);
bool IsOpen(State s);  // not yet finally decided or withdrawn

// An officer's check of a presented document: unverified until an officer looks at it; a rejected
// document does not count for the policy.
enum class Verification { kUnverified, kVerified, kRejected };
std::string_view VerificationName(Verification v);  // "unverified", "verified", "rejected"
std::optional<Verification> ParseVerification(std::string_view name);

struct Passport {
  std::string number;
  std::string issuing_state;  // ICAO 3-letter code ("RUS")
  feel::Date expiry;
  std::string mrz;  // the two machine-readable lines, when given
  std::optional<feel::Date> issued = {};
  Verification verification = Verification::kUnverified;
  std::string verified_by = {};  // the officer who checked it
  std::string verified_at = {};
  std::string verification_note = {};
};

struct Applicant {
  std::string surname;      // Latin, as printed in the passport
  std::string given_names;  // Latin, as printed in the passport
  std::string native_name;  // in the native script ("Иванов Иван Иванович")
  feel::Date birth_date;
  std::string sex;                        // "M", "F" or "X"
  std::vector<std::string> citizenships;  // ICAO 3-letter codes
  Passport passport;
};

struct Document {
  int64_t id = 0;
  std::string kind;  // "passport", "no-objection-certificate", "housing-owner-consent", ...
  std::string issuing_state;
  std::string number;
  std::optional<feel::Date> issued;
  std::optional<feel::Date> expires;
  std::string file_name;
  std::string content_type;  // "application/pdf", "image/jpeg", "image/png": checked by content
  int64_t size = 0;
  std::string sha256;  // hex, of the stored file
  std::string uploaded_at;
  // The document's machine-readable zone (visa, identity card, residence permit: any ICAO 9303
  // format), lines separated by newlines; checked against the typed fields and the applicant.
  std::string mrz;
  // Whom the document names, when the uploader says (checked against the applicant at upload).
  std::string holder_name;
  std::optional<feel::Date> holder_birth_date;
  Verification verification = Verification::kUnverified;
  std::string verified_by;  // the officer who checked it
  std::string verified_at;
  std::string verification_note;
};

// When the authority received an application. Online, the server's clock fixes it; an officer
// entering a paper or counter application may record an earlier receipt, with a reason.
struct Receipt {
  std::string filed_at;     // the instant of filing, UTC ISO 8601
  std::string recorded_at;  // when it was entered into tamga (later than filed_at when back-dated)
  std::string recorded_by;  // who entered it
  std::string reason;       // why the receipt time differs from the entry time ("" otherwise)
  std::string time_zone;    // the jurisdiction's IANA zone the local filing date was counted in
  std::string local_time;   // filed_at in that zone, "2022-09-26T10:00:00+06:00"
};

struct Application {
  std::string jurisdiction;  // "KZ", "LV"
  std::string kind;  // "permanent-residence", "temporary-residence", "residence-visa", "visa"
  // A code the policy version in force publishes ("family", "humanitarian", ...).
  std::string purpose;
  // The local calendar date of filing in the jurisdiction's time zone: the date the law uses.
  feel::Date filing_date;
  Receipt receipt;
  std::string language = "en";  // the applicant's language for notices: en, ru (kk, lv)
  Applicant applicant;
  std::vector<Document> documents;
};

// A possible match found by screening: a watchlist entry or an earlier application that may be the
// same person as the applicant. Until an officer adjudicates it, no automatic outcome is final.
enum class HitStatus { kOpen, kSamePerson, kNotSamePerson };
std::string_view HitStatusName(HitStatus s);  // "open", "same-person", "not-same-person"
std::optional<HitStatus> ParseHitStatus(std::string_view name);

struct ScreeningHit {
  int64_t id = 0;            // 1, 2, ... within the case
  std::string source;        // "watchlist" or "application"
  std::string list;          // the list's name (watchlist hits)
  std::string list_kind;     // "entry-ban", "wanted", "sanctions"; "" for an earlier application
  int64_t list_version = 0;  // the version that added or last changed the entry
  std::string entry_id;      // the list entry's id, or the earlier case's number
  // What was compared: an adjudicated pair is not raised again while both stay the same.
  std::string entry_fingerprint;
  std::string applicant_fingerprint;
  std::string legal_basis;  // of the list entry (refusal ground when confirmed)
  std::string reason;       // why the entry is listed, or the earlier case's state and grounds
  std::string subject;      // JSON: the other record as compared (names, birth dates, ...)
  double score = 0;
  std::string evidence;  // JSON: the compared names, per-part evidence and factors
  std::string raised_at;
  HitStatus status = HitStatus::kOpen;
  std::string adjudicated_by;
  std::string adjudicated_at;
  std::string adjudication_reason;
};

struct Transition {
  State from;
  State to;
  std::string actor;
  std::string at;      // UTC ISO 8601
  std::string reason;  // in English, as the audit trail has it (and all a step written before had)
  // The step as a code and its parts, which a reader's UI says in the reader's language: the audit
  // action ("case.claim"), text a person typed for it (a reason, an appeal), and what it was about
  // ("outcome", "officer", "document", "version").
  std::string action = {};
  std::string note = {};
  std::map<std::string, std::string> params = {};
};

// A decision notice as issued: its files sit in the file store by their SHA-256; the PDF's hash is
// what verification checks and what the audit chain records.
struct NoticeRecord {
  std::string code;  // verification code printed on the notice
  std::string kind;  // notices::KindName: "approval", "documents-requested", "refusal", ...
  std::string language;
  std::string issued_at;  // UTC instant
  std::string issued_on;  // local date in the jurisdiction
  std::string pdf_sha256;
  std::string html_sha256;
};

// An officer's or supervisor's note on a case for the authority's staff: never in the applicant's
// view, a notice or a status lookup.
struct InternalNote {
  std::string at;      // UTC instant
  std::string author;  // account name
  std::string text;
};

// The personal interview of an asylum claim (Directive 2013/32/EU Art. 14-17): when and where it
// is held, and the record an officer makes of it.
struct Interview {
  std::string scheduled_for;  // local date and time, ISO 8601 with offset
  std::string place;
  std::string language;  // the language the interview is held in (an interpreter's)
  std::string scheduled_by;
  std::string recorded_at;  // UTC instant; "" until recorded
  std::string recorded_by;
  std::string record;  // the officer's record of what was said
};

// An officer's answer to a legal question of the asylum checklist (policy::ChecklistQuestion).
struct ChecklistAnswer {
  std::string question;  // the question's id
  std::string answer;    // "yes" or "no"
  std::string evidence;  // what the answer rests on (required)
  std::string answered_by;
  std::string answered_at;
};

// What only an asylum claim has.
struct AsylumClaim {
  std::string lodging_place;     // a code the policy lists ("border-point", "migration-office")
  std::string lodging_location;  // where exactly ("Riga airport")
  std::string registered_at;     // UTC instant of registration (the certificate's date)
  std::optional<Interview> interview;
  std::vector<ChecklistAnswer> answers;  // one per answered question
  // A proposed refusal: by whom, when and on which written grounds (Case::refusal_grounds once
  // a second officer confirms it).
  std::string refusal_proposed_by;
  std::string refusal_proposed_at;
  std::vector<policy::Ground> proposed_grounds;
  int extended_months = 0;  // the deadline's extension, within the policy's limit
  std::string extension_reason;
  const ChecklistAnswer* Answer(std::string_view question) const;
};

// The international protection of the applicant of an ordinary case, as the authority's own
// asylum claims establish it (docs/asylum.md): residence and visa rules that need the country of
// citizenship's documents or consent are not applied, and no refusal leads to removal.
struct Protection {
  std::string status;  // "asylum-pending" or "refugee"
  std::string claim;   // the claim's number: shown only to the asylum role
  std::string found_at;
};

struct Case {
  int64_t id = 0;
  std::string number;  // "KZ-2022-000123"
  Application application;
  State state = State::kSubmitted;
  std::string assigned_officer;  // empty when unclaimed
  feel::Date deadline;           // statutory deadline, from the policy in force at filing
  std::optional<policy::Decision> decision;      // latest automated decision
  std::vector<std::string> requested_documents;  // asked for by an officer, beyond the policy
  std::vector<policy::Ground> refusal_grounds;   // set by the officer who refused
  std::optional<feel::Date> appeal_deadline;     // the last day to appeal a refusal
  std::string appeal_reason;
  std::vector<NoticeRecord> notices;         // oldest first
  std::vector<ScreeningHit> screening_hits;  // oldest first; never shown to the applicant
  std::string screened_at;                   // when the case was last screened
  std::vector<Transition> history;
  std::vector<InternalNote> notes;       // oldest first; staff only
  std::optional<AsylumClaim> asylum;     // an asylum claim's own data
  std::optional<Protection> protection;  // an ordinary case of a person seeking protection
  bool IsAsylum() const { return application.kind == kAsylumKind; }
  int64_t revision = 0;  // increases with every change; for optimistic concurrency
  std::string created_at;
  std::string updated_at;
};

// A row of a work queue or case list.
struct CaseSummary {
  std::string number;
  std::string jurisdiction;
  std::string kind;
  State state;
  std::string applicant_name;
  std::vector<std::string> citizenships;
  feel::Date filing_date;
  feel::Date deadline;
  bool overdue = false;
  std::string assigned_officer;
  std::string outcome;  // of the latest decision
};

// How far a case list counts its matches (CasePage::total).
inline constexpr int64_t kMaxCounted = 10'000;

// The orders a case list can be read in. kDeadline is the queue's (overdue first, then by
// deadline and number); the others sort by filing date (oldest or newest first) or by the
// applicant's name, each with the number breaking ties, so that every order is total and a
// cursor resumes it exactly.
enum class CaseSort { kDeadline, kFiledOldest, kFiledNewest, kName };
std::optional<CaseSort> ParseCaseSort(
    std::string_view text);  // "deadline", "filed", "-filed", "name"

struct CaseFilter {
  std::optional<State> state;
  std::string jurisdiction;                // empty: any
  std::vector<std::string> jurisdictions;  // the caller's scope; empty: all
  std::string kind;
  std::string citizenship;
  bool overdue_only = false;
  std::string assignee;    // only the cases this account holds; empty: anyone's or nobody's
  bool claimable = false;  // only open cases nobody holds that an officer may claim (not submitted)
  bool open_only = false;  // only cases not yet decided or withdrawn (IsOpen)
  // Asylum claims listed: all when unset (the system); else only in these jurisdictions ("*":
  // every one), the reader's asylum role (docs/asylum.md). Elsewhere a claim does not exist.
  std::optional<std::vector<std::string>> asylum_jurisdictions;
  feel::Date today;  // for "overdue"
  // The queue's order is overdue cases first, then by deadline and number. A page starts after
  // `after` (CasePage::next of the page before; "" for the first page), found through an index
  // whatever the number of cases. `page` > 1 counts pages from the start instead (an offset: its
  // cost grows with the page number); it cannot be combined with `after`.
  std::string after;
  CaseSort sort = CaseSort::kDeadline;  // a cursor resumes only the order that made it
  int64_t max_counted = kMaxCounted;    // CasePage::total counts up to this
  int page = 1;                         // 1-based
  int page_size = 50;
};

struct CasePage {
  std::vector<CaseSummary> cases;
  int64_t total = 0;        // the cases matching the filter, counted up to kMaxCounted
  bool total_exact = true;  // false: more than kMaxCounted match
  int page = 1;
  int page_size = 50;
  std::string next;  // the cursor of the page after this one; "" on the last page
};

}  // namespace tamga::cases

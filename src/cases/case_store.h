// Persistence of cases. One implementation, SqlCaseStore, runs on store::Database (SQLite now,
// PostgreSQL later): each case is a row with the columns queues filter on plus the whole case as
// JSON; every change commits together with its audit entry.
#pragma once

#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit/audit.h"
#include "cases/model.h"
#include "cases/proposals.h"
#include "store/database.h"

namespace tamga::cases {

// What GET /api/v1/stats asks of the cases of some jurisdictions.
struct StatsQuery {
  std::vector<std::string> jurisdictions;  // the caller's scope; empty: all
  // The days counted. `to` defaults to the last day of data (a filing or a decision; today when
  // there is none; `from` when that is later); `from` to 89 days before `to`, or the first day of
  // data when that is later.
  std::optional<feel::Date> from;
  std::optional<feel::Date> to;
  feel::Date today;      // for "overdue"
  int oldest_open = 10;  // how many of the oldest open cases to list
};

struct DayCount {
  feel::Date date;
  int64_t count = 0;
};

struct CaseStats {
  feel::Date from;
  feel::Date to;
  std::vector<std::pair<State, int64_t>> backlog;  // cases by current state, every state
  std::vector<DayCount> received_per_day;          // by filing date, every day from..to
  // Decisions per day, every day from..to: approvals and refusals, and appeal decisions, on the day
  // of the transition.
  std::vector<DayCount> decided_per_day;
  int64_t decided = 0;                   // approvals and refusals from..to
  int64_t within_deadline = 0;           // of them, made on or before the statutory deadline
  std::vector<CaseSummary> oldest_open;  // open cases, oldest filing first
  // Open cases now (by the query's today, whatever the range): past their statutory deadline,
  // and due from today to six days on.
  int64_t open_overdue = 0;
  int64_t open_due_within_week = 0;
  // Asylum claims, counted apart and never in the figures above (docs/asylum.md): open now, and
  // received and decided in the whole calendar months from..to touches (from and to here), so
  // that ranges a day apart cannot be subtracted to single out a day's claims. The service
  // suppresses a figure below kMinAsylumCount and rounds the others.
  struct AsylumCounts {
    std::optional<int64_t> open, received, decided;
    feel::Date from, to;
  };
  AsylumCounts asylum;
};

// A notice as the verification endpoint sees it: no personal data.
struct IssuedNotice {
  std::string code;
  std::string case_number;
  std::string jurisdiction;
  std::string kind;
  std::string language;
  std::string issued_on;
  std::string sha256;  // of the PDF
};

// Which cases CaseStore::Scan reads: those of one jurisdiction and kind in `states`, filed in
// [filed_from, filed_to] (either end open when unset).
struct CaseScan {
  std::string jurisdiction;
  std::string kind;
  std::vector<State> states;
  std::optional<feel::Date> filed_from;
  std::optional<feel::Date> filed_to;
  int batch = 2048;  // cases per call of the visitor
  int threads = 0;   // threads parsing each batch (0: one per core)
};

// Longest range of days CaseStore::Stats counts.
inline constexpr int kMaxStatsDays = 3660;

// What an Idempotency-Key was first used for, kept (for kIdempotencyHours) so that a retried
// request is answered with the first one's outcome instead of being carried out twice. Stored in
// the transaction of the change it records, so an acknowledged change always has it.
struct IdempotencyRecord {
  std::string key_hash;      // hex SHA-256 of the caller's scope and the key; the key is not kept
  std::string request_hash;  // hex SHA-256 of the request it was first used with
  std::string case_number;   // set by Create for a submission
  int64_t document_id = 0;   // an upload's document
  std::string sealed;        // a submission's access code, sealed with a key derived from the
                             // Idempotency-Key (hex); only its holder can open it
  std::string created_at;
};
inline constexpr int kIdempotencyHours = 24;

// A case to store (CaseStore::CreateMany), with what Create takes beside it.
struct CaseToStore {
  Case c;
  std::string access_code_hash;
  std::vector<audit::Entry> entries;
  const IdempotencyRecord* idempotency = nullptr;
};

// An application saved unfinished, to be completed later (save and return): the answers as the
// applicant's form holds them, a JSON object the store does not check (an unfinished application
// need not be valid), under a reference and the hash of an access code. It is kept kDraftDays
// after its last save; submitting the application or discarding the draft deletes it.
struct ApplicationDraft {
  std::string reference;   // "DR-7K3M-9QXP"
  std::string code_hash;   // hex SHA-256 of the access code
  std::string answers;     // JSON object text
  std::string saved_at;    // ISO 8601 UTC
  std::string expires_at;  // ISO 8601 UTC: saved_at + kDraftDays
};
inline constexpr int kDraftDays = 30;

class CaseStore {
 public:
  virtual ~CaseStore() = default;

  // Stores a new case, committed before it returns (concurrent calls share one transaction and
  // one disk sync: group commit); assigns id and number ("<jurisdiction>-<filing year>-<6-digit
  // sequence>") and keeps the hash of the applicant's access code. The audit entries commit with
  // it, in order; each gets the case's number. The case's notices are indexed by code (FindNotice).
  // With `idempotency`, its record is stored in the same transaction (its case_number set); when
  // the key was stored meanwhile by a concurrent request, nothing is stored and the answer is
  // kConflict naming "Idempotency-Key".
  virtual std::expected<Case, Error> Create(Case c, const std::string& access_code_hash,
                                            std::vector<audit::Entry> entries,
                                            const IdempotencyRecord* idempotency) = 0;
  std::expected<Case, Error> Create(Case c, const std::string& access_code_hash,
                                    std::vector<audit::Entry> entries) {
    return Create(std::move(c), access_code_hash, std::move(entries), nullptr);
  }
  std::expected<Case, Error> Create(Case c, const std::string& access_code_hash,
                                    audit::Entry entry) {
    return Create(std::move(c), access_code_hash, std::vector<audit::Entry>{std::move(entry)},
                  nullptr);
  }
  // Stores new cases in one transaction, as Create stores each (one savepoint per case, so a
  // case refused, say for a reused Idempotency-Key, leaves the others stored), and answers each
  // case's outcome in order. Create batches concurrent callers through it (group commit); the
  // demo generator writes through it directly.
  virtual std::vector<std::expected<Case, Error>> CreateMany(std::vector<CaseToStore> cases) = 0;
  // The record of a key used within the last kIdempotencyHours, if any.
  virtual std::expected<std::optional<IdempotencyRecord>, Error> FindIdempotency(
      const std::string& key_hash, const std::string& now) = 0;
  virtual std::expected<Case, Error> Load(const std::string& number) = 0;
  virtual std::expected<std::string, Error> AccessCodeHash(const std::string& number) = 0;
  // Replaces the stored case if its revision is still `c.revision - 1`, else kConflict (someone
  // else changed it first). The audit entries commit with it, in order; notices new to the case
  // are indexed by code.
  virtual std::expected<Case, Error> Update(const Case& c, std::vector<audit::Entry> entries,
                                            const IdempotencyRecord* idempotency) = 0;
  std::expected<Case, Error> Update(const Case& c, std::vector<audit::Entry> entries) {
    return Update(c, std::move(entries), nullptr);
  }
  std::expected<Case, Error> Update(const Case& c, audit::Entry entry) {
    return Update(c, std::vector<audit::Entry>{std::move(entry)}, nullptr);
  }
  // The notice issued with `code`, if any.
  virtual std::expected<std::optional<IssuedNotice>, Error> FindNotice(const std::string& code) = 0;
  // Open cases of (jurisdiction, kind) filed before `date` that a policy may still decide
  // (submitted, awaiting documents, ready for review), by number.
  virtual std::expected<std::vector<std::string>, Error> PendingFiledBefore(
      const std::string& jurisdiction, const std::string& kind, const feel::Date& date) = 0;
  // Whether the version (its id and content hash) was applied to pending cases already, and
  // recording that it was, with its audit entry.
  virtual std::expected<bool, Error> WasApplied(const std::string& version_id) = 0;
  virtual std::expected<void, Error> RecordApplied(const std::string& version_id,
                                                   const std::string& content_hash, int64_t cases,
                                                   audit::Entry entry) = 0;
  virtual std::expected<CasePage, Error> List(const CaseFilter& filter) = 0;
  // Reads every case the scan selects, in id order, `scan.batch` at a time, each batch in its own
  // read transaction (a long scan holds no lock between batches; a case changed meanwhile is read
  // as it is then). Stops at the first error, the visitor's included.
  virtual std::expected<void, Error> Scan(
      const CaseScan& scan,
      const std::function<std::expected<void, Error>(std::vector<Case>& batch)>& visit) = 0;
  // How many cases Scan would read now.
  virtual std::expected<int64_t, Error> CountScan(const CaseScan& scan) = 0;
  // Records, for screening, the applicant of every stored case that has no record yet (cases
  // stored before screening existed); returns how many. New and updated cases get theirs with
  // the change.
  virtual std::expected<int64_t, Error> BackfillSubjects() = 0;
  // Records that open cases were screened against a list version's changes, with its audit entry.
  virtual std::expected<void, Error> RecordRescreen(const std::string& list, int64_t version,
                                                    const std::string& at, int64_t new_hits,
                                                    audit::Entry entry) = 0;
  // Records a read of personal data.
  virtual std::expected<void, Error> RecordRead(audit::Entry entry) = 0;
  // Records the publication of a policy version, and tells the other instances on the database
  // (kChangesChannel, "policy:<version id>") once it commits.
  virtual std::expected<void, Error> RecordPublication(const std::string& version_id,
                                                       audit::Entry entry) = 0;
  virtual std::expected<std::vector<audit::Entry>, Error> AuditTrail(const std::string& number) = 0;
  // Stores a new draft (`create`: kConflict when its reference is taken) or replaces the answers
  // and times of the stored one (kNotFound when there is none). Drafts expired by d.saved_at are
  // deleted in the same transaction.
  virtual std::expected<void, Error> PutDraft(const ApplicationDraft& d, bool create) = 0;
  // The draft stored under `reference` unless it expired by `now`.
  virtual std::expected<std::optional<ApplicationDraft>, Error> FindDraft(
      const std::string& reference, const std::string& now) = 0;
  // Whether a draft was stored under `reference` (and is now deleted).
  virtual std::expected<bool, Error> DeleteDraft(const std::string& reference) = 0;
  // The proposals of policy versions, in the same database (four eyes).
  virtual ProposalStore& Proposals() = 0;
  // Counts over the cases in scope (kInvalid naming `from` when from is after to or the range is
  // longer than kMaxStatsDays).
  virtual std::expected<CaseStats, Error> Stats(const StatsQuery& query) = 0;
};

// The channel on which the store tells other tamga instances on one PostgreSQL database what
// changed: "case:<number>" for a new case (its applicant becomes screenable there), "policy:<id>"
// for a published policy version (reload the library). Database::Listen receives them.
inline constexpr char kChangesChannel[] = "tamga_changes";

// The schema of cases (and of the audit log), as migrations for store::Database::Migrate.
std::vector<store::Migration> Schema();

std::unique_ptr<CaseStore> MakeSqlCaseStore(store::Database& db);

// The hex SHA-256 of a case as stored: every column of its row (the body holds its documents'
// SHA-256s) and its rows in `notices`. Every change's last audit entry carries it
// (audit::Entry::state), computed inside the change's transaction, so an edit made outside tamga
// shows as a difference (docs/audit.md, "State hashes"). Empty when there is no such case.
std::expected<std::string, store::Error> CaseStateDigest(store::Transaction& tx,
                                                         const std::string& number);

struct StateReport {
  int64_t cases_checked = 0;
  int64_t documents_checked = 0;
  int64_t uncovered = 0;    // cases whose entries all predate state hashing
  std::string case_number;  // the first case found altered; empty when none
  std::string problem;      // why; empty when every case matches
};
// Compares every case with the state its newest state-bearing audit entry records, and, when
// `files_dir` is set, every document and notice file the cases name with its SHA-256. A case with
// no audit entry at all was inserted outside tamga.
StateReport VerifyCaseStates(store::Transaction& tx, const std::string& files_dir);

// JSON form of a case as stored (and as the API returns it to officers).
std::string CaseToJson(const Case& c);
std::expected<Case, Error> CaseFromJson(const std::string& json);
// What a simulation reads of a case (case_inputs.inputs): its state, application and the
// outcome, missing documents and decisive grounds' rule ids of its decision, in CaseToJson's form
// (CaseFromJson reads it, the rest of the case taking its defaults). A tenth of the body's size:
// the decision's trace stays out.
std::string DecisionInputsJson(const Case& c);

}  // namespace tamga::cases

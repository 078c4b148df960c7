// SqlCaseStore: cases on store::Database.
//
// A case is one row of `cases`: the columns the work queues filter and sort on, and the whole case
// as JSON in `body` (CaseToJson). The columns are derived from the case on every write and written
// with the body, so they cannot disagree with it. Every write runs in one transaction with its
// audit entry: either both are stored or neither is.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>
#include <tuple>
#include <utility>

#include "base/clock.h"
#include "base/sha256.h"
#include "base/time.h"
#include "cases/case_store.h"
#include "cases/proposals.h"
#include "cases/screening.h"
#include "cases/service.h"
#include "dmn/dmn.h"

namespace tamga::cases {
namespace {

// The oldest creation time (ISO 8601 UTC) of an idempotency record still in force at `now`.
std::string IdempotencyCutoff(const std::string& now) {
  auto t = base::ParseInstant(now);
  if (!t) return now;
  return base::IsoUtc(*t - std::chrono::hours(kIdempotencyHours));
}

Error Unavailable(const std::string& context, const store::Error& e) {
  return Error{Error::Code::kUnavailable, "", context + ": " + e.message};
}

Error NotFound(const std::string& number) {
  return Error{Error::Code::kNotFound, "number", "no case with number " + number};
}

// "|RUS|BLR|": every code between bars, so LIKE '%|RUS|%' matches one citizenship exactly.
std::string CitizenshipsColumn(const std::vector<std::string>& codes) {
  std::string out = "|";
  for (const std::string& c : codes) out += c + "|";
  return out;
}

std::vector<std::string> SplitCitizenships(const std::string& column) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < column.size()) {
    size_t bar = column.find('|', start);
    if (bar == std::string::npos) bar = column.size();
    if (bar > start) out.push_back(column.substr(start, bar - start));
    start = bar + 1;
  }
  return out;
}

std::string ApplicantName(const Applicant& a) {
  if (a.surname.empty()) return a.given_names;
  if (a.given_names.empty()) return a.surname;
  return a.surname + " " + a.given_names;
}

// The states `keep` accepts, as an SQL list ('submitted', ...).
std::string StatesSql(bool (*keep)(State)) {
  std::string out;
  for (int s = 0; s <= static_cast<int>(State::kRefusalProposed); ++s) {
    if (!keep(static_cast<State>(s))) continue;
    out += (out.empty() ? "'" : ", '") + std::string(StateName(static_cast<State>(s))) + "'";
  }
  return "(" + out + ")";
}

// The states in which a case is still open, from IsOpen.
const std::string& OpenStatesSql() {
  static const std::string sql = StatesSql(IsOpen);
  return sql;
}

// The states an officer claims a case in (CaseFilter::claimable): open, and past intake.
const std::string& ClaimableStatesSql() {
  static const std::string sql =
      StatesSql([](State s) { return IsOpen(s) && s != State::kSubmitted; });
  return sql;
}

// Where a page of the queue ends: the part of the queue (overdue or not) and the (deadline,
// number) of its last case. Written as "o_2022-10-05_KZ-2022-000123" ("n_" for the rest).
struct ListCursor {
  bool overdue = false;
  std::string deadline;
  std::string number;
};

std::string ListCursorOf(const CaseSummary& s) {
  return std::string(s.overdue ? "o_" : "n_") + feel::ToString(s.deadline) + "_" + s.number;
}

// A case number as a cursor carries it: "KZ-2022-000123" (capitals, digits and dashes).
bool CursorNumber(std::string_view number) {
  return !number.empty() && std::ranges::all_of(number, [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return std::isupper(u) || std::isdigit(u) || ch == '-';
  });
}

std::optional<ListCursor> ParseListCursor(std::string_view text) {
  if (text.size() < 14 || text.size() > 80 || (text[0] != 'o' && text[0] != 'n') ||
      text[1] != '_' || text[12] != '_')
    return std::nullopt;
  ListCursor c{text[0] == 'o', std::string(text.substr(2, 10)), std::string(text.substr(13))};
  for (size_t i = 0; i < c.deadline.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? c.deadline[i] != '-' : !std::isdigit(static_cast<unsigned char>(c.deadline[i])))
      return std::nullopt;
  }
  if (!CursorNumber(c.number)) return std::nullopt;
  return c;
}

// The orders other than the queue's: the column sorted on, its direction, and the cursor's tag.
struct SortKey {
  const char* column;
  bool descending;
  char tag;
};
SortKey SortKeyOf(CaseSort sort) {
  switch (sort) {
    case CaseSort::kFiledNewest:
      return {"filing_date", true, 'F'};
    case CaseSort::kName:
      return {"applicant_name", false, 'a'};
    case CaseSort::kFiledOldest:
    case CaseSort::kDeadline:
      break;
  }
  return {"filing_date", false, 'f'};
}

// A cursor of such an order: its tag, the sort key in hex (a name may hold any character) and
// the number of the last case shown.
struct KeyCursor {
  std::string key;
  std::string number;
};

std::string KeyCursorOf(char tag, const std::string& key, const std::string& number) {
  static const char kHex[] = "0123456789abcdef";
  std::string out{tag, '_'};
  for (unsigned char c : key) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out + "_" + number;
}

std::optional<KeyCursor> ParseKeyCursor(char tag, std::string_view text) {
  // A name of two fields of at most 4 KiB each, in hex, and a number.
  if (text.size() < 4 || text.size() > 2 * (2 * 4096 + 1) + 100 || text[0] != tag || text[1] != '_')
    return std::nullopt;
  const size_t sep = text.find('_', 2);
  if (sep == text.npos || (sep - 2) % 2 != 0) return std::nullopt;
  KeyCursor c;
  auto nibble = [](char h) -> int {
    if (h >= '0' && h <= '9') return h - '0';
    if (h >= 'a' && h <= 'f') return h - 'a' + 10;
    return -1;
  };
  for (size_t i = 2; i < sep; i += 2) {
    const int hi = nibble(text[i]), lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    c.key += static_cast<char>(hi * 16 + lo);
  }
  c.number = std::string(text.substr(sep + 1));
  if (!CursorNumber(c.number)) return std::nullopt;
  return c;
}

bool ValidJurisdiction(const std::string& j) {
  if (j.empty() || j.size() > 8) return false;
  for (char c : j) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

// The day (YYYY-MM-DD) of the first transition into one of `states`, or null.
store::Datum DayOfTransition(const Case& c, std::initializer_list<State> states) {
  for (const Transition& t : c.history) {
    if (std::find(states.begin(), states.end(), t.to) != states.end() && t.at.size() >= 10) {
      return t.at.substr(0, 10);
    }
  }
  return nullptr;
}

// The column values every write derives from the case, in the order of kCaseColumns.
std::vector<store::Datum> DerivedColumns(const Case& c) {
  const Application& a = c.application;
  return {a.jurisdiction,
          a.kind,
          std::string(StateName(c.state)),
          ApplicantName(a.applicant),
          CitizenshipsColumn(a.applicant.citizenships),
          feel::ToString(a.filing_date),
          feel::ToString(c.deadline),
          c.assigned_officer,
          c.decision ? c.decision->outcome : std::string(),
          c.revision,
          CaseToJson(c),
          c.updated_at,
          DayOfTransition(c, {State::kApproved, State::kRefused}),
          DayOfTransition(c, {State::kAppealUpheld, State::kAppealDismissed})};
}

constexpr char kCaseColumns[] =
    "jurisdiction, kind, state, applicant_name, citizenships, filing_date, deadline, "
    "assigned_officer, outcome, revision, body, updated_at, decided_on, appeal_decided_on";

// The columns of a CaseSummary, for SummaryOfRow; the overdue flag follows them.
constexpr char kSummaryColumns[] =
    "number, jurisdiction, kind, state, applicant_name, citizenships, filing_date, deadline, "
    "assigned_officer, outcome";

// A row of kSummaryColumns and the overdue flag.
std::expected<CaseSummary, Error> SummaryOfRow(const store::Row& r) {
  CaseSummary s;
  s.number = r.Text(0);
  s.jurisdiction = r.Text(1);
  s.kind = r.Text(2);
  auto state = ParseState(r.Text(3));
  auto filing = feel::ParseDate(r.Text(6));
  auto deadline = feel::ParseDate(r.Text(7));
  if (!state || !filing || !deadline)
    return std::unexpected(Error{Error::Code::kUnavailable, "",
                                 "case " + s.number + " has a damaged row (state \"" + r.Text(3) +
                                     "\", filing date \"" + r.Text(6) + "\", deadline \"" +
                                     r.Text(7) + "\")"});
  s.state = *state;
  s.applicant_name = r.Text(4);
  s.citizenships = SplitCitizenships(r.Text(5));
  s.filing_date = *filing;
  s.deadline = *deadline;
  s.assigned_officer = r.Text(8);
  s.outcome = r.Text(9);
  s.overdue = r.Int(10) != 0;
  return s;
}

feel::Date AddDays(const feel::Date& d, int64_t days) {
  return feel::Date::FromDaysSinceEpoch(d.DaysSinceEpoch() + days);
}

// Every day from..to with its count from `rows` of (YYYY-MM-DD, count), added up.
void AddDayCounts(const store::Rows& rows, std::vector<DayCount>& days) {
  if (days.empty()) return;
  const int64_t first = days.front().date.DaysSinceEpoch();
  for (const store::Row& r : rows) {
    auto date = feel::ParseDate(r.Text(0));
    if (!date) continue;
    int64_t index = date->DaysSinceEpoch() - first;
    if (index >= 0 && index < static_cast<int64_t>(days.size())) days[index].count += r.Int(1);
  }
}

// What the dashboard counts of one case (migration 14, CaseStore::Stats): its state, and the
// days it was filed, decided (and whether on or before its deadline) and decided on appeal.
// The key an application's counters are kept under: its jurisdiction, and "KZ/asylum" for an
// asylum claim (counted apart, docs/asylum.md).
std::string AsylumCounterKey(const std::string& jurisdiction, bool asylum) {
  return asylum ? jurisdiction + "/asylum" : jurisdiction;
}

struct Counted {
  std::string jurisdiction;
  std::string state;
  std::string filed;
  std::string decided;  // "" while undecided
  bool in_time = false;
  std::string appeal_decided;
  std::string open_deadline;  // the statutory deadline of a case still open; "" once closed
};

Counted CountedOf(const Case& c) {
  Counted out;
  // Asylum claims count apart (docs/asylum.md): under "KZ/asylum", which no jurisdiction's figures
  // read, so that a claim never shows in them; Stats reports them on their own.
  out.jurisdiction = AsylumCounterKey(c.application.jurisdiction, c.IsAsylum());
  out.state = std::string(StateName(c.state));
  out.filed = feel::ToString(c.application.filing_date);
  if (auto day = DayOfTransition(c, {State::kApproved, State::kRefused});
      auto* d = std::get_if<std::string>(&day)) {
    out.decided = *d;
    out.in_time = out.decided <= feel::ToString(c.deadline);
  }
  if (auto day = DayOfTransition(c, {State::kAppealUpheld, State::kAppealDismissed});
      auto* d = std::get_if<std::string>(&day))
    out.appeal_decided = *d;
  if (IsOpen(c.state)) out.open_deadline = feel::ToString(c.deadline);
  return out;
}

// The state hash of a case from its row (the 18 columns CaseStateDigest selects), its inputs (null
// for a case written before them) and its notices' rows (7 columns each, by code).
std::string StateDigestOf(const store::Row& row, const store::Datum& inputs,
                          const store::Rows& notices) {
  // Every column, as text, in a fixed order; fields end with 0x1F and rows with 0x1E, which the
  // JSON body escapes and the other columns never hold, so no text can shift between fields.
  std::string canonical;
  auto add_row = [&canonical](const store::Row& r, size_t columns) {
    for (size_t i = 0; i < columns; ++i) canonical += r.Text(i) + '\x1f';
    canonical += '\x1e';
  };
  add_row(row, 18);
  // The inputs (migration 10; in case_inputs since 11) are derived from the body; a case written
  // before them has none, and its state hash, taken then, covers the columns above only.
  if (!std::holds_alternative<std::nullptr_t>(inputs))
    canonical += store::Row{{inputs}}.Text(0) + '\x1e';
  for (const store::Row& r : notices) add_row(r, 7);
  return base::Sha256Hex(canonical);
}

// The counters changes move: -1 for what a case counted in before, +1 for what it counts in
// after, summed over the changes of a transaction and written in key order (so that concurrent
// transactions on PostgreSQL lock counter rows in one order and cannot deadlock); counters that
// end unchanged are not written.
class CountMoves {
 public:
  void Add(const Counted& c, int64_t delta) {
    states_[{c.jurisdiction, c.state}] += delta;
    days_[{c.jurisdiction, "filed", c.filed}] += delta;
    if (!c.decided.empty()) {
      days_[{c.jurisdiction, "decided", c.decided}] += delta;
      if (c.in_time) days_[{c.jurisdiction, "decided-in-time", c.decided}] += delta;
    }
    if (!c.appeal_decided.empty())
      days_[{c.jurisdiction, "appeal-decided", c.appeal_decided}] += delta;
    if (!c.open_deadline.empty())
      days_[{c.jurisdiction, "open-deadline", c.open_deadline}] += delta;
  }

  std::expected<void, store::Error> Write(store::Transaction& tx) const {
    for (const auto& [key, delta] : states_) {
      if (delta == 0) continue;
      auto ok = tx.Execute(
          "INSERT INTO case_state_counts (jurisdiction, state, n) VALUES (?, ?, ?) "
          "ON CONFLICT (jurisdiction, state) DO UPDATE SET n = case_state_counts.n + excluded.n",
          {key.first, key.second, delta});
      if (!ok) return std::unexpected(ok.error());
    }
    for (const auto& [key, delta] : days_) {
      if (delta == 0) continue;
      auto ok = tx.Execute(
          "INSERT INTO case_day_counts (jurisdiction, metric, day, n) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (jurisdiction, metric, day) DO UPDATE SET n = case_day_counts.n + "
          "excluded.n",
          {std::get<0>(key), std::get<1>(key), std::get<2>(key), delta});
      if (!ok) return std::unexpected(ok.error());
    }
    return {};
  }

 private:
  std::map<std::pair<std::string, std::string>, int64_t> states_;
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> days_;
};

// Inserts `rows` (each of as many values as `columns` names) with multi-row INSERTs: chunks of
// 64, 16, 4 and 1 rows, so that a few statement texts serve any number of rows.
std::expected<void, store::Error> InsertRows(store::Transaction& tx, const std::string& table,
                                             const std::string& columns, size_t width,
                                             std::vector<std::vector<store::Datum>> rows) {
  std::string one = "(";
  for (size_t i = 0; i < width; ++i) one += i ? ", ?" : "?";
  one += ")";
  size_t next = 0;
  for (size_t chunk : {size_t{64}, size_t{16}, size_t{4}, size_t{1}}) {
    while (rows.size() - next >= chunk) {
      std::string sql = "INSERT INTO " + table + " (" + columns + ") VALUES ";
      std::vector<store::Datum> params;
      params.reserve(chunk * width);
      for (size_t k = 0; k < chunk; ++k) {
        sql += k ? ", " + one : one;
        for (store::Datum& d : rows[next + k]) params.push_back(std::move(d));
      }
      if (auto ok = tx.Execute(sql, std::move(params)); !ok) return std::unexpected(ok.error());
      next += chunk;
    }
  }
  return {};
}

// The rows of a case in case_citizenships (migration 15): one per citizenship, with the columns
// the queue selects and orders by.
std::vector<std::vector<store::Datum>> CitizenshipRows(const Case& c) {
  std::vector<std::string> codes = c.application.applicant.citizenships;
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  std::vector<std::vector<store::Datum>> rows;
  for (const std::string& code : codes) {
    rows.push_back({c.id, code, c.application.jurisdiction, c.application.kind,
                    std::string(StateName(c.state)), feel::ToString(c.deadline), c.number});
  }
  return rows;
}
constexpr char kCitizenshipColumns[] =
    "case_id, citizenship, jurisdiction, kind, state, deadline, number";

// Replaces the case's rows in case_citizenships (CitizenshipRows).
std::expected<void, store::Error> RewriteCitizenships(store::Transaction& tx, const Case& c) {
  auto gone = tx.Execute("DELETE FROM case_citizenships WHERE case_id = ?", {c.id});
  if (!gone) return std::unexpected(gone.error());
  return InsertRows(tx, "case_citizenships", kCitizenshipColumns, 7, CitizenshipRows(c));
}

class SqlCaseStore final : public CaseStore {
 public:
  explicit SqlCaseStore(store::Database& db) : db_(db) {}

  // Group commit: each caller queues its case; whichever caller finds no batch being written
  // writes every queued case (up to kMaxIntakeBatch) in one transaction, one savepoint each, and
  // answers each caller after the commit. While one batch commits the next fills, so under load
  // one disk sync serves many applications, and alone a caller waits for nothing but its own.
  std::expected<Case, Error> Create(Case c, const std::string& access_code_hash,
                                    std::vector<audit::Entry> entries,
                                    const IdempotencyRecord* idempotency) override {
    QueuedCase queued{CaseToStore{std::move(c), access_code_hash, std::move(entries), idempotency}};
    std::unique_lock lock(intake_mu_);
    intake_queue_.push_back(&queued);
    while (!queued.done) {
      if (writing_batch_) {
        intake_done_.wait(lock);
        continue;
      }
      writing_batch_ = true;
      std::vector<CaseToStore> batch;
      std::vector<QueuedCase*> owners;
      while (!intake_queue_.empty() && batch.size() < kMaxIntakeBatch) {
        owners.push_back(intake_queue_.front());
        batch.push_back(std::move(intake_queue_.front()->job));
        intake_queue_.pop_front();
      }
      lock.unlock();
      std::vector<std::expected<Case, Error>> results = CreateMany(std::move(batch));
      lock.lock();
      for (size_t i = 0; i < owners.size(); ++i) {
        owners[i]->result =
            i < results.size()
                ? std::move(results[i])
                : std::unexpected(Error{Error::Code::kUnavailable, "", "the case was not stored"});
        owners[i]->done = true;
      }
      writing_batch_ = false;
      intake_done_.notify_all();
    }
    return std::move(queued.result);
  }

  // In passes: the checks that need no database; numbers and ids (a case with an
  // Idempotency-Key alone under a savepoint: a key used meanwhile refuses it and gives its number
  // back; the others one step per jurisdiction and year); serialisation and state hashes on every
  // core; then the rows of every table in multi-row statements, the counters summed, the audit
  // entries chained in one append. A failure after the numbering is the database's and fails
  // the batch.
  std::vector<std::expected<Case, Error>> CreateMany(std::vector<CaseToStore> cases) override {
    std::vector<std::expected<Case, Error>> results(cases.size(), std::unexpected(Error{}));
    const std::string context =
        cases.size() == 1 ? "storing the new " + cases[0].c.application.jurisdiction + " case"
                          : "storing " + std::to_string(cases.size()) + " new cases";
    auto fail_all = [&](const Error& e) {
      results.assign(cases.size(), std::unexpected(e));
      return std::move(results);
    };
    std::vector<size_t> keyed, plain;
    for (size_t i = 0; i < cases.size(); ++i) {
      if (auto ok = CheckNew(cases[i].c); !ok) {
        results[i] = std::unexpected(ok.error());
        continue;
      }
      (cases[i].idempotency ? keyed : plain).push_back(i);
    }
    if (keyed.empty() && plain.empty()) return results;
    auto tx = db_.Begin();
    if (!tx) return fail_all(Unavailable(context, tx.error()));

    std::vector<size_t> numbered;
    const bool savepoints = keyed.size() + plain.size() > 1;
    for (size_t i : keyed) {
      if (savepoints) {
        if (auto ok = tx->Execute("SAVEPOINT new_case"); !ok)
          return fail_all(Unavailable(context, ok.error()));
      }
      std::optional<std::unexpected<Error>> failed;
      if (auto ok = Number(*tx, cases, {i}); !ok) return fail_all(ok.error());
      failed = StoreIdempotency(*tx, cases[i].idempotency, cases[i].c.number, context);
      if (failed) {
        results[i] = *failed;
        if (!savepoints) return results;
        if (auto undone = tx->Execute("ROLLBACK TO SAVEPOINT new_case"); !undone)
          return fail_all(Unavailable(context, undone.error()));
      } else {
        numbered.push_back(i);
      }
      if (savepoints) {
        if (auto released = tx->Execute("RELEASE SAVEPOINT new_case"); !released)
          return fail_all(Unavailable(context, released.error()));
      }
    }
    if (auto ok = Number(*tx, cases, plain); !ok) return fail_all(ok.error());
    numbered.insert(numbered.end(), plain.begin(), plain.end());
    if (numbered.empty()) return results;
    if (auto ok = AssignIds(*tx, cases, numbered); !ok) return fail_all(ok.error());

    std::vector<Serialised> serialised(numbered.size());
    dmn::ParallelFor(numbered.size(), numbered.size() > 8 ? 0 : 1,
                     [&](size_t k) { serialised[k] = Serialise(cases[numbered[k]]); });
    if (auto ok = WriteNew(*tx, cases, numbered, serialised); !ok) return fail_all(ok.error());
    for (size_t i : numbered) {
      if (auto ok = tx->Notify(kChangesChannel, "case:" + cases[i].c.number); !ok)
        return fail_all(Unavailable(context, ok.error()));
    }
    if (auto ok = tx->Commit(); !ok) return fail_all(Unavailable(context, ok.error()));
    for (size_t i : numbered) results[i] = std::move(cases[i].c);
    return results;
  }

  std::expected<std::optional<IdempotencyRecord>, Error> FindIdempotency(
      const std::string& key_hash, const std::string& now) override {
    auto tx = db_.BeginRead();
    if (!tx) return std::unexpected(Unavailable("reading an idempotency key", tx.error()));
    auto rows = tx->Query(
        "SELECT key_hash, request_hash, case_number, document_id, sealed, created_at "
        "FROM idempotency_keys WHERE key_hash = ? AND created_at > ?",
        {key_hash, IdempotencyCutoff(now)});
    if (!rows) return std::unexpected(Unavailable("reading an idempotency key", rows.error()));
    if (rows->empty()) return std::optional<IdempotencyRecord>();
    const store::Row& r = rows->front();
    return IdempotencyRecord{r.Text(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4), r.Text(5)};
  }

  std::expected<Case, Error> Load(const std::string& number) override {
    const std::string context = "loading case " + number;
    auto tx = db_.BeginRead();
    if (!tx) return std::unexpected(Unavailable(context, tx.error()));
    auto rows = tx->Query("SELECT id, revision, body FROM cases WHERE number = ?", {number});
    if (!rows) return std::unexpected(Unavailable(context, rows.error()));
    if (rows->empty()) return std::unexpected(NotFound(number));
    const store::Row& row = rows->front();
    auto c = CaseFromJson(row.Text(2));
    if (!c)
      return std::unexpected(Error{
          Error::Code::kUnavailable, "",
          "case " + number + " is stored in a form this version cannot read (" +
              (c.error().field.empty() ? "" : c.error().field + ": ") + c.error().message + ")"});
    // The columns are authoritative for identity and revision.
    c->id = row.Int(0);
    c->number = number;
    c->revision = row.Int(1);
    return c;
  }

  std::expected<std::string, Error> AccessCodeHash(const std::string& number) override {
    auto tx = db_.BeginRead();
    if (!tx) return std::unexpected(Unavailable("loading case " + number, tx.error()));
    auto rows = tx->Query("SELECT access_code_hash FROM cases WHERE number = ?", {number});
    if (!rows) return std::unexpected(Unavailable("loading case " + number, rows.error()));
    if (rows->empty()) return std::unexpected(NotFound(number));
    return rows->front().Text(0);
  }

  std::expected<Case, Error> Update(const Case& in, std::vector<audit::Entry> entries,
                                    const IdempotencyRecord* idempotency) override {
    Case c = in;
    if (c.updated_at.empty()) c.updated_at = base::UtcNow();
    const std::string context = "saving case " + c.number;
    auto tx = db_.Begin();
    if (!tx) return std::unexpected(Unavailable(context, tx.error()));
    auto current = tx->Query(
        "SELECT id, revision, created_at, jurisdiction, state, filing_date, deadline, decided_on, "
        "appeal_decided_on, kind, citizenships FROM cases WHERE number = ?",
        {c.number});
    if (!current) return std::unexpected(Unavailable(context, current.error()));
    if (current->empty()) return std::unexpected(NotFound(c.number));
    const store::Row& row = current->front();
    if (row.Int(1) != c.revision - 1) return std::unexpected(Conflict());
    c.id = row.Int(0);
    c.created_at = row.Text(2);  // fixed at creation
    Counted before{AsylumCounterKey(row.Text(3), row.Text(9) == kAsylumKind),
                   row.Text(4),
                   row.Text(5),
                   row.Text(7),
                   false,
                   row.Text(8)};
    before.in_time = !before.decided.empty() && before.decided <= row.Text(6);
    if (auto state = ParseState(row.Text(4)); state && IsOpen(*state))
      before.open_deadline = row.Text(6);

    // The revision guard repeats the check above in the statement itself, so the update stays
    // safe on engines whose transactions do not serialize (PostgreSQL's read committed).
    std::vector<store::Datum> params = DerivedColumns(c);
    params.push_back(c.id);
    params.push_back(c.revision - 1);
    auto updated = tx->Query(
        "UPDATE cases SET jurisdiction = ?, kind = ?, state = ?, applicant_name = ?, "
        "citizenships = ?, filing_date = ?, deadline = ?, assigned_officer = ?, outcome = ?, "
        "revision = ?, body = ?, updated_at = ?, decided_on = ?, appeal_decided_on = ? "
        "WHERE id = ? AND revision = ? RETURNING id",
        std::move(params));
    if (!updated) return std::unexpected(Unavailable(context, updated.error()));
    if (updated->empty()) return std::unexpected(Conflict());
    const Counted after = CountedOf(c);
    CountMoves moves;
    moves.Add(before, -1);
    moves.Add(after, +1);
    if (auto ok = moves.Write(*tx); !ok) return std::unexpected(Unavailable(context, ok.error()));
    if (row.Text(3) != c.application.jurisdiction || row.Text(4) != StateName(c.state) ||
        row.Text(6) != feel::ToString(c.deadline) || row.Text(9) != c.application.kind ||
        row.Text(10) != CitizenshipsColumn(c.application.applicant.citizenships)) {
      if (auto ok = RewriteCitizenships(*tx, c); !ok)
        return std::unexpected(Unavailable(context, ok.error()));
    }
    if (auto ok = WriteSubject(*tx, c); !ok)
      return std::unexpected(Unavailable(context, ok.error()));
    if (auto ok = WriteInputs(*tx, c); !ok)
      return std::unexpected(Unavailable(context, ok.error()));

    if (auto ok = AppendAll(*tx, c, entries, context); !ok) return std::unexpected(ok.error());
    if (auto failed = StoreIdempotency(*tx, idempotency, c.number, context)) return *failed;
    if (auto ok = tx->Commit(); !ok) return std::unexpected(Unavailable(context, ok.error()));
    return c;
  }

  std::expected<std::optional<IssuedNotice>, Error> FindNotice(const std::string& code) override {
    const std::string context = "looking up notice " + code;
    auto tx = db_.BeginRead();
    if (!tx) return std::unexpected(Unavailable(context, tx.error()));
    auto rows = tx->Query(
        "SELECT code, case_number, jurisdiction, kind, language, issued_on, sha256 FROM notices "
        "WHERE code = ?",
        {code});
    if (!rows) return std::unexpected(Unavailable(context, rows.error()));
    if (rows->empty()) return std::optional<IssuedNotice>();
    const store::Row& r = rows->front();
    return IssuedNotice{r.Text(0), r.Text(1), r.Text(2), r.Text(3),
                        r.Text(4), r.Text(5), r.Text(6)};
  }

  std::expected<std::vector<std::string>, Error> PendingFiledBefore(
      const std::string& jurisdiction, const std::string& kind, const feel::Date& date) override {
    const std::string context = "listing pending " + jurisdiction + "/" + kind + " cases";
    auto tx = db_.BeginRead();
    if (!tx) return std::unexpected(Unavailable(context, tx.error()));
    auto rows = tx->Query(
        "SELECT number FROM cases WHERE jurisdiction = ? AND kind = ? AND filing_date < ? AND "
        "state IN ('submitted', 'awaiting-documents', 'ready-for-review', 'screening-review') "
        "ORDER BY number",
        {jurisdiction, kind, feel::ToString(date)});
    if (!rows) return std::unexpected(Unavailable(context, rows.error()));
    std::vector<std::string> out;
    for (const store::Row& r : *rows) out.push_back(r.Text(0));
    return out;
  }

  // The WHERE clause of a scan (after "id > ?", the third parameter) and its parameters.
  static std::string ScanWhere(const CaseScan& scan, std::vector<store::Datum>& params) {
    std::string sql = " WHERE jurisdiction = ? AND kind = ? AND id > ? AND state IN (";
    params = {scan.jurisdiction, scan.kind, int64_t{0}};
    for (size_t i = 0; i < scan.states.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      params.push_back(std::string(StateName(scan.states[i])));
    }
    sql += ")";
    if (scan.filed_from) {
      sql += " AND filing_date >= ?";
      params.push_back(feel::ToString(*scan.filed_from));
    }
    if (scan.filed_to) {
      sql += " AND filing_date <= ?";
      params.push_back(feel::ToString(*scan.filed_to));
    }
    return sql;
  }

  std::expected<int64_t, Error> CountScan(const CaseScan& scan) override {
    if (scan.states.empty()) return 0;
    std::vector<store::Datum> params;
    std::string sql = "SELECT COUNT(*) FROM case_inputs" + ScanWhere(scan, params);
    auto tx = db_.BeginRead();
    if (!tx) return std::unexpected(Unavailable("counting cases", tx.error()));
    auto rows = tx->Query(sql, params);
    if (!rows) return std::unexpected(Unavailable("counting cases", rows.error()));
    return rows->empty() ? 0 : rows->front().Int(0);
  }

  std::expected<void, Error> Scan(
      const CaseScan& scan,
      const std::function<std::expected<void, Error>(std::vector<Case>& batch)>& visit) override {
    const std::string context = "reading " + scan.jurisdiction + "/" + scan.kind + " cases";
    if (scan.states.empty() || scan.batch < 1) return {};
    std::vector<store::Datum> params;
    // case_inputs holds a tenth of a case's body, in narrow rows: a scan of a million cases reads
    // about a gigabyte instead of walking the bodies' overflow pages.
    std::string sql =
        "SELECT id, revision, number, inputs FROM case_inputs" + ScanWhere(scan, params);
    sql += " ORDER BY id LIMIT ?";
    params.push_back(int64_t{scan.batch});
    std::vector<Case> batch;
    for (;;) {
      batch.clear();
      std::vector<store::Row> rows;
      {
        auto tx = db_.BeginRead();
        if (!tx) return std::unexpected(Unavailable(context, tx.error()));
        auto read = tx->Query(sql, params);
        if (!read) return std::unexpected(Unavailable(context, read.error()));
        rows = *std::move(read);
        // A case last written before migration 10 has no inputs of its own: read from its body.
        for (store::Row& row : rows) {
          if (!row.IsNull(3)) continue;
          auto body = tx->Query("SELECT body FROM cases WHERE id = ?", {row.Int(0)});
          if (!body) return std::unexpected(Unavailable(context, body.error()));
          if (!body->empty()) row.columns[3] = body->front().columns[0];
        }
      }
      // Parsing the JSON is most of a scan's cost: on every core, outside the transaction.
      std::vector<std::expected<Case, Error>> parsed(rows.size(), std::unexpected(Error{}));
      dmn::ParallelFor(rows.size(), scan.threads,
                       [&](size_t i) { parsed[i] = CaseFromJson(rows[i].Text(3)); });
      for (size_t i = 0; i < rows.size(); ++i) {
        if (!parsed[i])
          return std::unexpected(Error{Error::Code::kUnavailable, "",
                                       "case " + rows[i].Text(2) +
                                           " is stored in a form this version cannot read (" +
                                           parsed[i].error().message + ")"});
        Case& c = *parsed[i];
        c.id = rows[i].Int(0);
        c.revision = rows[i].Int(1);
        c.number = rows[i].Text(2);
        batch.push_back(std::move(c));
      }
      if (batch.empty()) return {};
      params[2] = batch.back().id;
      const bool last = static_cast<int>(batch.size()) < scan.batch;
      if (auto ok = visit(batch); !ok) return ok;
      if (last) return {};
    }
  }

  std::expected<bool, Error> WasApplied(const std::string& version_id) override {
    auto tx = db_.Begin();
    if (!tx) return std::unexpected(Unavailable("reading policy activations", tx.error()));
    auto rows = tx->Query("SELECT 1 FROM policy_activations WHERE version = ?", {version_id});
    if (!rows) return std::unexpected(Unavailable("reading policy activations", rows.error()));
    return !rows->empty();
  }

  std::expected<void, Error> RecordApplied(const std::string& version_id,
                                           const std::string& content_hash, int64_t cases,
                                           audit::Entry entry) override {
    const std::string context = "recording that " + version_id + " applies to pending cases";
    auto tx = db_.Begin();
    if (!tx) return std::unexpected(Unavailable(context, tx.error()));
    auto ok = tx->Execute(
        "INSERT INTO policy_activations (version, content_hash, applied_at, cases) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (version) DO NOTHING",
        {version_id, content_hash, entry.at, cases});
    if (!ok) return std::unexpected(Unavailable(context, ok.error()));
    if (auto a = audit::Append(*tx, entry); !a)
      return std::unexpected(Unavailable(context + ": audit entry", a.error()));
    if (auto c = tx->Commit(); !c) return std::unexpected(Unavailable(context, c.error()));
    return {};
  }

  std::expected<CasePage, Error> List(const CaseFilter& f) override {
    if (f.page < 1)
      return std::unexpected(Error{Error::Code::kInvalid, "page", "pages are counted from 1"});
    if (f.page_size < 1 || f.page_size > kMaxPageSize)
      return std::unexpected(
          Error{Error::Code::kInvalid, "pageSize",
                "the page size must be between 1 and " + std::to_string(kMaxPageSize)});

    const bool queue_order = f.sort == CaseSort::kDeadline;
    const SortKey sort_key = SortKeyOf(f.sort);
    std::optional<ListCursor> after;
    std::optional<KeyCursor> after_key;
    if (!f.after.empty()) {
      if (f.page != 1)
        return std::unexpected(
            Error{Error::Code::kInvalid, "cursor", "give either a cursor or a page number"});
      if (queue_order)
        after = ParseListCursor(f.after);
      else
        after_key = ParseKeyCursor(sort_key.tag, f.after);
      if (!after && !after_key)
        return std::unexpected(
            Error{Error::Code::kInvalid, "cursor",
                  "not a cursor of this list in this order (use the \"next\" of a page)"});
    }

    std::string where = " WHERE 1 = 1";
    std::vector<store::Datum> params;
    if (f.state) {
      where += " AND state = ?";
      params.push_back(std::string(StateName(*f.state)));
    }
    if (!f.jurisdiction.empty()) {
      where += " AND jurisdiction = ?";
      params.push_back(f.jurisdiction);
    }
    if (!f.jurisdictions.empty()) {
      where += " AND jurisdiction IN (";
      for (size_t i = 0; i < f.jurisdictions.size(); ++i) {
        where += i ? ", ?" : "?";
        params.push_back(f.jurisdictions[i]);
      }
      where += ")";
    }
    if (!f.kind.empty()) {
      where += " AND kind = ?";
      params.push_back(f.kind);
    }
    if (!f.assignee.empty()) {
      where += " AND assigned_officer = ?";
      params.push_back(f.assignee);
    }
    if (f.open_only) where += " AND state IN " + OpenStatesSql();
    if (const auto& asylum = f.asylum_jurisdictions;
        asylum && std::ranges::find(*asylum, "*") == asylum->end()) {
      where += " AND (kind <> 'asylum'";
      if (!asylum->empty()) {
        where += " OR jurisdiction IN (";
        for (size_t i = 0; i < asylum->size(); ++i) {
          where += i ? ", ?" : "?";
          params.push_back((*asylum)[i]);
        }
        where += ")";
      }
      where += ")";
    }
    if (f.claimable) {
      where += " AND assigned_officer = '' AND state IN " + ClaimableStatesSql();
    }
    // Filtered by citizenship, the queue reads case_citizenships (migration 15: a row per case
    // and citizenship with the queue's columns), whose indexes hold one citizenship's cases in
    // queue order; the rest of the summary comes from each listed case's row.
    std::string rows_from = "cases";
    std::string count_from = "cases";
    std::vector<store::Datum> from_params;
    if (!f.citizenship.empty()) {
      rows_from =
          "(SELECT x.number, x.jurisdiction, x.kind, x.state, c.applicant_name, c.citizenships, "
          "c.filing_date, x.deadline, c.assigned_officer, c.outcome FROM case_citizenships x "
          "JOIN cases c ON c.id = x.case_id WHERE x.citizenship = ?) AS cases";
      count_from =
          "(SELECT number, jurisdiction, kind, state, deadline FROM case_citizenships WHERE "
          "citizenship = ?) AS cases";
      from_params.push_back(f.citizenship);
    }
    auto with_from = [&from_params](std::vector<store::Datum> rest) {
      rest.insert(rest.begin(), from_params.begin(), from_params.end());
      return rest;
    };
    const std::string today = feel::ToString(f.today);
    // Overdue: the statutory deadline has passed (the deadline day itself is still in time) and
    // the case is not yet decided or withdrawn. Written as the partial index cases_open_deadline
    // is (state first), so that the overdue part of the queue is read from it.
    const std::string overdue = "(state IN " + OpenStatesSql() + " AND deadline < ?)";
    if (f.overdue_only) {
      where += " AND " + overdue;
      params.push_back(today);
    }

    const std::string context = "listing cases";
    auto tx = db_.BeginRead();
    if (!tx) return std::unexpected(Unavailable(context, tx.error()));
    // Counted up to a bound, so that a page costs the same whatever the number of cases: beyond
    // it, the list says "more than".
    std::vector<store::Datum> count_params = with_from(params);
    count_params.push_back(f.max_counted + 1);
    auto total = tx->Query(
        "SELECT COUNT(*) FROM (SELECT 1 FROM " + count_from + where + " LIMIT ?) AS counted",
        std::move(count_params));
    if (!total) return std::unexpected(Unavailable(context, total.error()));

    CasePage page;
    page.total = std::min(total->front().Int(0), f.max_counted);
    page.total_exact = total->front().Int(0) <= f.max_counted;
    page.page = f.page;
    page.page_size = f.page_size;
    auto add = [&page](const store::Rows& rows) -> std::expected<void, Error> {
      for (const store::Row& r : rows) {
        auto s = SummaryOfRow(r);
        if (!s) return std::unexpected(s.error());
        page.cases.push_back(*std::move(s));
      }
      return {};
    };

    if (!queue_order) {
      // Another order: one read from the cursor on, in (key, number) order. For one
      // jurisdiction both engines read the key's index in order and sort only the cases that
      // share a key by number; over several jurisdictions or with a citizenship filter, the
      // matching cases are sorted (these orders are for browsing, the queue's is the indexed one).
      const std::string dir = sort_key.descending ? " DESC" : "";
      std::string sql = std::string("SELECT ") + kSummaryColumns + ", CASE WHEN " + overdue +
                        " THEN 1 ELSE 0 END AS overdue FROM " + rows_from + where;
      std::vector<store::Datum> read_params;
      read_params.push_back(today);
      read_params.insert(read_params.end(), from_params.begin(), from_params.end());
      read_params.insert(read_params.end(), params.begin(), params.end());
      if (after_key) {
        sql += std::string(" AND (") + sort_key.column + ", number) " +
               (sort_key.descending ? "<" : ">") + " (?, ?)";
        read_params.push_back(after_key->key);
        read_params.push_back(after_key->number);
      }
      sql += std::string(" ORDER BY ") + sort_key.column + dir + ", number" + dir + " LIMIT ?";
      read_params.push_back(int64_t{f.page_size} + 1);
      if (f.page > 1) {
        sql += " OFFSET ?";
        read_params.push_back(int64_t{f.page - 1} * f.page_size);
      }
      auto rows = tx->Query(sql, std::move(read_params));
      if (!rows) return std::unexpected(Unavailable(context, rows.error()));
      if (auto ok = add(*rows); !ok) return std::unexpected(ok.error());
      if (static_cast<int64_t>(page.cases.size()) > f.page_size) {
        page.cases.pop_back();
        const CaseSummary& last = page.cases.back();
        page.next = KeyCursorOf(
            sort_key.tag,
            f.sort == CaseSort::kName ? last.applicant_name : feel::ToString(last.filing_date),
            last.number);
      }
      return page;
    }

    if (f.page > 1) {
      std::vector<store::Datum> page_params;
      page_params.push_back(today);
      page_params.insert(page_params.end(), from_params.begin(), from_params.end());
      page_params.insert(page_params.end(), params.begin(), params.end());
      page_params.push_back(int64_t{f.page_size});
      page_params.push_back(int64_t{f.page - 1} * f.page_size);
      auto rows = tx->Query(std::string("SELECT ") + kSummaryColumns + ", CASE WHEN " + overdue +
                                " THEN 1 ELSE 0 END AS overdue FROM " + rows_from + where +
                                " ORDER BY overdue DESC, deadline, number LIMIT ? OFFSET ?",
                            std::move(page_params));
      if (!rows) return std::unexpected(Unavailable(context, rows.error()));
      if (auto ok = add(*rows); !ok) return std::unexpected(ok.error());
      return page;
    }

    // Keyset: the overdue part of the queue, then the rest, each in (deadline, number) order from
    // the cursor; one row more than the page tells whether another page follows.
    const int64_t want = int64_t{f.page_size} + 1;
    for (const bool overdue_part : {true, false}) {
      if (after && !after->overdue && overdue_part) continue;  // the cursor is past this part
      if (f.overdue_only && !overdue_part) break;
      const int64_t left = want - static_cast<int64_t>(page.cases.size());
      if (left <= 0) break;
      std::string sql = std::string("SELECT ") + kSummaryColumns + ", " +
                        (overdue_part ? "1" : "0") + " FROM " + rows_from + where + " AND " +
                        (overdue_part ? overdue : "NOT " + overdue);
      std::vector<store::Datum> part = with_from(params);
      part.push_back(today);
      if (after && after->overdue == overdue_part) {
        // A row value: both engines read it as a range of the index from the cursor on (an OR
        // of the two comparisons made PostgreSQL scan from the start of the part, so a deep page
        // cost as many entries as the pages before it).
        sql += " AND (deadline, number) > (?, ?)";
        part.push_back(after->deadline);
        part.push_back(after->number);
      }
      sql += " ORDER BY deadline, number LIMIT ?";
      part.push_back(left);
      auto rows = tx->Query(sql, std::move(part));
      if (!rows) return std::unexpected(Unavailable(context, rows.error()));
      if (auto ok = add(*rows); !ok) return std::unexpected(ok.error());
    }
    if (static_cast<int64_t>(page.cases.size()) == want) {
      page.cases.pop_back();
      page.next = ListCursorOf(page.cases.back());
    }
    return page;
  }

  std::expected<CaseStats, Error> Stats(const StatsQuery& q) override {
    auto scoped = [](const std::vector<std::string>& jurisdictions, bool asylum,
                     std::vector<store::Datum>& params) {
      if (jurisdictions.empty())
        return std::string(asylum ? " AND jurisdiction LIKE '%/asylum'"
                                  : " AND jurisdiction NOT LIKE '%/asylum'");
      std::string sql = " AND jurisdiction IN (";
      for (size_t i = 0; i < jurisdictions.size(); ++i) {
        sql += i ? ", ?" : "?";
        params.push_back(AsylumCounterKey(jurisdictions[i], asylum));
      }
      return sql + ")";
    };
    std::vector<store::Datum> scope_params;
    std::string scope = scoped(q.jurisdictions, false, scope_params);
    auto with = [&](std::vector<store::Datum> before, std::vector<store::Datum> after = {}) {
      before.insert(before.end(), scope_params.begin(), scope_params.end());
      before.insert(before.end(), after.begin(), after.end());
      return before;
    };
    const std::string context = "counting cases";
    auto tx = db_.BeginRead();
    if (!tx) return std::unexpected(Unavailable(context, tx.error()));

    CaseStats stats;
    // The range: as asked, else the last 90 days of data.
    if (!q.to || !q.from) {
      // The first and last days of data from the day counters: one MIN or MAX per jurisdiction
      // and counter, each the end of the counters' key.
      std::optional<feel::Date> first;
      std::optional<feel::Date> last;
      std::vector<std::string> jurisdictions = q.jurisdictions;
      if (jurisdictions.empty()) jurisdictions.push_back("");  // every jurisdiction's cases
      for (const std::string& j : jurisdictions) {
        for (const char* metric : {"filed", "decided", "appeal-decided"}) {
          for (const char* end : {"MIN", "MAX"}) {
            if (end[1] == 'I' && std::string_view(metric) != "filed") continue;
            std::vector<store::Datum> params{std::string(metric)};
            if (!j.empty()) params.push_back(j);
            auto row = tx->Query(
                std::string("SELECT ") + end +
                    "(day) FROM case_day_counts WHERE metric = ? AND n > 0" +
                    (j.empty() ? " AND jurisdiction NOT LIKE '%/asylum'" : " AND jurisdiction = ?"),
                params);
            if (!row) return std::unexpected(Unavailable(context, row.error()));
            auto day = feel::ParseDate(row->front().Text(0));
            if (!day) continue;
            if (end[1] == 'I') {
              if (!first || day->DaysSinceEpoch() < first->DaysSinceEpoch()) first = day;
            } else if (!last || last->DaysSinceEpoch() < day->DaysSinceEpoch()) {
              last = day;
            }
          }
        }
      }
      stats.to = q.to ? *q.to : last.value_or(q.today);
      // A range asked to start after the data ends is that one day.
      if (!q.to && q.from && stats.to.DaysSinceEpoch() < q.from->DaysSinceEpoch()) {
        stats.to = *q.from;
      }
      stats.from = q.from ? *q.from : AddDays(stats.to, -89);
      if (!q.from && first && first->DaysSinceEpoch() > stats.from.DaysSinceEpoch()) {
        stats.from = first->DaysSinceEpoch() <= stats.to.DaysSinceEpoch() ? *first : stats.to;
      }
    } else {
      stats.from = *q.from;
      stats.to = *q.to;
    }
    const int64_t days = stats.to.DaysSinceEpoch() - stats.from.DaysSinceEpoch() + 1;
    if (days < 1)
      return std::unexpected(Error{Error::Code::kInvalid, "from",
                                   "from (" + feel::ToString(stats.from) + ") is after to (" +
                                       feel::ToString(stats.to) + ")"});
    if (days > kMaxStatsDays)
      return std::unexpected(
          Error{Error::Code::kInvalid, "from",
                "the range is limited to " + std::to_string(kMaxStatsDays) + " days"});
    const std::string from = feel::ToString(stats.from);
    const std::string to = feel::ToString(stats.to);

    // Counts from the counters (migration 14), which every change moves in its transaction.
    auto backlog =
        tx->Query("SELECT state, CAST(SUM(n) AS BIGINT) FROM case_state_counts WHERE 1 = 1" +
                      scope + " GROUP BY state",
                  with({}));
    if (!backlog) return std::unexpected(Unavailable(context, backlog.error()));
    for (int s = 0; s <= static_cast<int>(State::kWithdrawn); ++s) {
      stats.backlog.emplace_back(static_cast<State>(s), 0);
    }
    for (const store::Row& r : *backlog) {
      auto state = ParseState(r.Text(0));
      if (state && static_cast<size_t>(*state) < stats.backlog.size())
        stats.backlog[static_cast<size_t>(*state)].second = r.Int(1);
    }

    // Asylum claims, from their own counters: open now, received and decided in the range.
    std::vector<store::Datum> asylum_params;
    const std::string asylum_scope = scoped(q.jurisdictions, true, asylum_params);
    auto asylum_with = [&](std::vector<store::Datum> before) {
      before.insert(before.end(), asylum_params.begin(), asylum_params.end());
      return before;
    };
    auto asylum_open = tx->Query(
        "SELECT COALESCE(CAST(SUM(n) AS BIGINT), 0) FROM case_state_counts WHERE state IN " +
            OpenStatesSql() + asylum_scope,
        asylum_with({}));
    if (!asylum_open) return std::unexpected(Unavailable(context, asylum_open.error()));
    stats.asylum.open = asylum_open->front().Int(0);
    stats.asylum.from = feel::Date{stats.from.year, stats.from.month, 1};
    stats.asylum.to = policy::AddMonths(feel::Date{stats.to.year, stats.to.month, 1}, 1);
    stats.asylum.to = AddDays(stats.asylum.to, -1);
    for (auto [metric, out] : {std::pair{"filed", &stats.asylum.received},
                               std::pair{"decided", &stats.asylum.decided}}) {
      auto rows = tx->Query(
          "SELECT COALESCE(CAST(SUM(n) AS BIGINT), 0) FROM case_day_counts WHERE metric = ? AND "
          "day BETWEEN ? AND ?" +
              asylum_scope,
          asylum_with({std::string(metric), feel::ToString(stats.asylum.from),
                       feel::ToString(stats.asylum.to)}));
      if (!rows) return std::unexpected(Unavailable(context, rows.error()));
      *out = rows->front().Int(0);
    }

    // Open cases past their deadline, and due from today to six days on, by the jurisdiction's
    // today (q.today), from the open-deadline counters (migration 16).
    const std::string today = feel::ToString(q.today);
    auto open = tx->Query(
        "SELECT COALESCE(CAST(SUM(CASE WHEN day < ? THEN n ELSE 0 END) AS BIGINT), 0), "
        "COALESCE(CAST(SUM(CASE WHEN day >= ? THEN n ELSE 0 END) AS BIGINT), 0) "
        "FROM case_day_counts WHERE metric = 'open-deadline' AND day <= ?" +
            scope,
        with({today, today, feel::ToString(AddDays(q.today, 6))}));
    if (!open) return std::unexpected(Unavailable(context, open.error()));
    stats.open_overdue = open->front().Int(0);
    stats.open_due_within_week = open->front().Int(1);

    for (int64_t i = 0; i < days; ++i) {
      stats.received_per_day.push_back({AddDays(stats.from, i), 0});
      stats.decided_per_day.push_back({AddDays(stats.from, i), 0});
    }
    std::vector<DayCount> in_time = stats.decided_per_day;
    for (auto [metric, out] :
         {std::pair{"filed", &stats.received_per_day}, std::pair{"decided", &stats.decided_per_day},
          std::pair{"appeal-decided", &stats.decided_per_day},
          std::pair{"decided-in-time", &in_time}}) {
      auto rows = tx->Query(
          "SELECT day, CAST(SUM(n) AS BIGINT) FROM case_day_counts WHERE metric = ? AND day "
          "BETWEEN ? AND ?" +
              scope + " GROUP BY day",
          with({std::string(metric), from, to}));
      if (!rows) return std::unexpected(Unavailable(context, rows.error()));
      AddDayCounts(*rows, *out);
      if (std::string_view(metric) == "decided") {
        for (const store::Row& r : *rows) stats.decided += r.Int(1);
      }
    }
    for (const DayCount& d : in_time) stats.within_deadline += d.count;

    auto oldest = tx->Query(std::string("SELECT ") + kSummaryColumns +
                                ", CASE WHEN deadline < ? THEN 1 ELSE 0 END FROM cases WHERE "
                                "state IN " +
                                OpenStatesSql() + " AND kind <> 'asylum'" + scope +
                                " ORDER BY filing_date, number LIMIT ?",
                            with({feel::ToString(q.today)}, {int64_t{q.oldest_open}}));
    if (!oldest) return std::unexpected(Unavailable(context, oldest.error()));
    for (const store::Row& r : *oldest) {
      auto s = SummaryOfRow(r);
      if (!s) return std::unexpected(s.error());
      stats.oldest_open.push_back(*std::move(s));
    }
    return stats;
  }

  std::expected<void, Error> RecordPublication(const std::string& version_id,
                                               audit::Entry entry) override {
    const std::string context = "recording the publication of " + version_id;
    auto tx = db_.Begin();
    if (!tx) return std::unexpected(Unavailable(context, tx.error()));
    if (auto ok = audit::Append(*tx, entry); !ok)
      return std::unexpected(Unavailable(context, ok.error()));
    if (auto ok = tx->Notify(kChangesChannel, "policy:" + version_id); !ok)
      return std::unexpected(Unavailable(context, ok.error()));
    if (auto ok = tx->Commit(); !ok) return std::unexpected(Unavailable(context, ok.error()));
    return {};
  }

  std::expected<void, Error> RecordRead(audit::Entry entry) override {
    const std::string context = "recording a read in the audit log";
    auto tx = db_.Begin();
    if (!tx) return std::unexpected(Unavailable(context, tx.error()));
    if (auto ok = audit::Append(*tx, entry); !ok)
      return std::unexpected(Unavailable(context, ok.error()));
    if (auto ok = tx->Commit(); !ok) return std::unexpected(Unavailable(context, ok.error()));
    return {};
  }

  std::expected<std::vector<audit::Entry>, Error> AuditTrail(const std::string& number) override {
    const std::string context = "reading the audit trail of case " + number;
    auto tx = db_.BeginRead();
    if (!tx) return std::unexpected(Unavailable(context, tx.error()));
    auto exists = tx->Query("SELECT 1 FROM cases WHERE number = ?", {number});
    if (!exists) return std::unexpected(Unavailable(context, exists.error()));
    if (exists->empty()) return std::unexpected(NotFound(number));
    auto entries = audit::ForCase(*tx, number);
    if (!entries) return std::unexpected(Unavailable(context, entries.error()));
    return std::move(*entries);
  }

 private:
  static constexpr int kMaxPageSize = 1000;

  static constexpr size_t kMaxIntakeBatch = 64;

  struct QueuedCase {
    CaseToStore job;
    std::expected<Case, Error> result = std::unexpected(Error{});
    bool done = false;
  };

  // What a new case must be before it is numbered; sets its times and first revision.
  static std::expected<void, Error> CheckNew(Case& c) {
    const Application& a = c.application;
    if (!ValidJurisdiction(a.jurisdiction))
      return std::unexpected(Error{Error::Code::kInvalid, "jurisdiction",
                                   "a jurisdiction is 1 to 8 capital letters or digits (\"KZ\")"});
    if (a.filing_date.year < 1000 || a.filing_date.year > 9999)
      return std::unexpected(
          Error{Error::Code::kInvalid, "filingDate", "the filing year must have four digits"});
    if (c.created_at.empty()) c.created_at = base::UtcNow();
    if (c.updated_at.empty()) c.updated_at = c.created_at;
    c.revision = 1;  // a new case starts at revision 1; Update expects 2 next
    return {};
  }

  // Numbers the cases `which` in order: the next numbers of each (jurisdiction, filing year),
  // taken in one step per pair inside the transaction that stores them, so that numbers are
  // unique and a rolled-back case gives its number back.
  static std::expected<void, Error> Number(store::Transaction& tx, std::vector<CaseToStore>& cases,
                                           const std::vector<size_t>& which) {
    std::map<std::pair<std::string, int64_t>, std::vector<size_t>> groups;
    for (size_t i : which) {
      const Application& a = cases[i].c.application;
      groups[{a.jurisdiction, a.filing_date.year}].push_back(i);
    }
    for (const auto& [key, members] : groups) {
      const std::string context = "numbering new " + key.first + " cases";
      const auto n = static_cast<int64_t>(members.size());
      auto seq = tx.Query(
          "INSERT INTO case_numbers (jurisdiction, year, last_seq) VALUES (?, ?, ?) "
          "ON CONFLICT (jurisdiction, year) DO UPDATE SET last_seq = case_numbers.last_seq + "
          "excluded.last_seq RETURNING last_seq",
          {key.first, key.second, n});
      if (!seq) return std::unexpected(Unavailable(context, seq.error()));
      if (seq->empty())
        return std::unexpected(Unavailable(context, {"the case number sequence returned no row"}));
      const int64_t first = seq->front().Int(0) - n + 1;
      for (int64_t k = 0; k < n; ++k) {
        char number[64];
        std::snprintf(number, sizeof number, "%s-%04lld-%06lld", key.first.c_str(),
                      static_cast<long long>(key.second), static_cast<long long>(first + k));
        cases[members[static_cast<size_t>(k)]].c.number = number;
      }
    }
    return {};
  }

  // Gives the cases `which` their ids before their rows exist, so that the body, which carries
  // the id, is written once with the row: SQLite writes one transaction at a time (the ids after
  // the largest), PostgreSQL takes values of the column's identity sequence.
  std::expected<void, Error> AssignIds(store::Transaction& tx, std::vector<CaseToStore>& cases,
                                       const std::vector<size_t>& which) {
    const std::string context = "numbering new cases";
    if (db_.Engine() == "postgresql") {
      auto ids = tx.Query(
          "SELECT nextval(pg_get_serial_sequence('cases', 'id')) FROM generate_series(1, ?)",
          {static_cast<int64_t>(which.size())});
      if (!ids) return std::unexpected(Unavailable(context, ids.error()));
      if (ids->size() != which.size())
        return std::unexpected(Unavailable(context, {"the id sequence gave too few ids"}));
      for (size_t k = 0; k < which.size(); ++k) cases[which[k]].c.id = (*ids)[k].Int(0);
      return {};
    }
    auto last = tx.Query("SELECT COALESCE(MAX(id), 0) FROM cases");
    if (!last) return std::unexpected(Unavailable(context, last.error()));
    const int64_t first = last->front().Int(0) + 1;
    for (size_t k = 0; k < which.size(); ++k)
      cases[which[k]].c.id = first + static_cast<int64_t>(k);
    return {};
  }

  // What a new case is written as, made outside the database's work (on every core): its row,
  // inputs, screening record, citizenship rows and, when it has no notices, its state hash.
  struct Serialised {
    std::vector<store::Datum> row;  // number, id, DerivedColumns, access_code_hash, created_at
    std::string inputs;             // DecisionInputsJson
    std::string subject;            // SubjectJson
    std::string digest;             // CaseStateDigest as it will be; empty: read it back
  };

  static Serialised Serialise(const CaseToStore& job) {
    const Case& c = job.c;
    Serialised out{DerivedColumns(c), DecisionInputsJson(c), SubjectJsonOf(c), ""};
    const std::vector<store::Datum>& d = out.row;  // in kCaseColumns order
    if (c.notices.empty()) {
      // The columns in CaseStateDigest's order, as it reads them back.
      store::Row digest_row{{c.number, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9],
                             job.access_code_hash, d[10], c.created_at, d[11], d[12], d[13], c.id}};
      out.digest = StateDigestOf(digest_row, out.inputs, {});
    }
    out.row.insert(out.row.begin(), c.number);
    out.row.insert(out.row.begin(), c.id);
    out.row.push_back(job.access_code_hash);
    out.row.push_back(c.created_at);
    return out;
  }

  // Writes numbered cases inside `tx`: their rows, inputs, screening records, citizenships,
  // counters, notices and audit entries (the last of each case carrying its state hash).
  std::expected<void, Error> WriteNew(store::Transaction& tx, std::vector<CaseToStore>& cases,
                                      const std::vector<size_t>& which,
                                      std::vector<Serialised>& serialised) {
    const std::string context = "storing new cases";
    std::vector<std::vector<store::Datum>> rows, inputs, subjects, citizenships;
    CountMoves moves;
    for (size_t k = 0; k < which.size(); ++k) {
      const Case& c = cases[which[k]].c;
      rows.push_back(std::move(serialised[k].row));
      inputs.push_back({c.id, c.number, c.application.jurisdiction, c.application.kind,
                        std::string(StateName(c.state)), feel::ToString(c.application.filing_date),
                        c.revision, std::move(serialised[k].inputs)});
      subjects.push_back(
          {c.id, c.number, c.application.jurisdiction, std::move(serialised[k].subject)});
      for (auto& r : CitizenshipRows(c)) citizenships.push_back(std::move(r));
      moves.Add(CountedOf(c), +1);
    }
    auto written = [&]() -> std::expected<void, store::Error> {
      if (auto ok = InsertRows(
              tx, "cases",
              std::string("id, number, ") + kCaseColumns + ", access_code_hash, created_at", 18,
              std::move(rows));
          !ok)
        return ok;
      if (auto ok = InsertRows(tx, "case_inputs",
                               "id, number, jurisdiction, kind, state, filing_date, revision, "
                               "inputs",
                               8, std::move(inputs));
          !ok)
        return ok;
      if (auto ok = InsertRows(tx, "case_subjects", "case_id, number, jurisdiction, person", 4,
                               std::move(subjects));
          !ok)
        return ok;
      if (auto ok =
              InsertRows(tx, "case_citizenships", kCitizenshipColumns, 7, std::move(citizenships));
          !ok)
        return ok;
      return moves.Write(tx);
    }();
    if (!written) return std::unexpected(Unavailable(context, written.error()));

    std::vector<audit::Entry> entries;
    for (size_t k = 0; k < which.size(); ++k) {
      CaseToStore& job = cases[which[k]];
      const Case& c = job.c;
      std::string digest = std::move(serialised[k].digest);
      if (!c.notices.empty()) {
        if (auto ok = IndexNotices(tx, c, context); !ok) return ok;
        auto read = CaseStateDigest(tx, c.number);
        if (!read) return std::unexpected(Unavailable(context + ": state digest", read.error()));
        digest = *read;
      }
      audit::Entry* last = nullptr;
      for (audit::Entry& entry : job.entries) {
        if (entry.case_number.empty()) entry.case_number = c.number;
        if (entry.case_number == c.number) last = &entry;
      }
      if (last) last->state = digest;
      for (audit::Entry& entry : job.entries) entries.push_back(std::move(entry));
    }
    for (size_t start = 0; start < entries.size(); start += 1000) {
      auto chunk = std::span<audit::Entry>(entries).subspan(
          start, std::min<size_t>(1000, entries.size() - start));
      if (auto ok = audit::Append(tx, chunk); !ok)
        return std::unexpected(Unavailable(context + ": audit entries", ok.error()));
    }
    return {};
  }

  // Appends the audit entries of a change to `c` and indexes its notices not yet indexed, inside
  // the change's transaction.
  static std::expected<void, Error> AppendAll(store::Transaction& tx, const Case& c,
                                              std::vector<audit::Entry>& entries,
                                              const std::string& context) {
    if (auto ok = IndexNotices(tx, c, context); !ok) return ok;
    // The last entry of the change carries the state it leaves (written above, in this
    // transaction), so the chain covers the row as well as the history of acts.
    auto digest = CaseStateDigest(tx, c.number);
    if (!digest) return std::unexpected(Unavailable(context + ": state digest", digest.error()));
    audit::Entry* last = nullptr;
    for (audit::Entry& entry : entries) {
      if (entry.case_number.empty()) entry.case_number = c.number;
      if (entry.case_number == c.number) last = &entry;
    }
    if (last) last->state = *digest;
    if (auto ok = audit::Append(tx, std::span<audit::Entry>(entries)); !ok)
      return std::unexpected(Unavailable(context + ": audit entry", ok.error()));
    return {};
  }

  // Stores an idempotency record with the change; a key stored meanwhile by a concurrent request
  // makes the whole change roll back (kConflict naming the header). Expired keys are dropped.
  static std::optional<std::unexpected<Error>> StoreIdempotency(store::Transaction& tx,
                                                                const IdempotencyRecord* record,
                                                                const std::string& number,
                                                                const std::string& context) {
    if (!record) return std::nullopt;
    auto purge = tx.Execute("DELETE FROM idempotency_keys WHERE created_at <= ?",
                            {IdempotencyCutoff(record->created_at)});
    if (!purge) return std::unexpected(Unavailable(context, purge.error()));
    auto stored = tx.Query(
        "INSERT INTO idempotency_keys (key_hash, request_hash, case_number, document_id, sealed, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key_hash) DO NOTHING "
        "RETURNING key_hash",
        {record->key_hash, record->request_hash, number, record->document_id, record->sealed,
         record->created_at});
    if (!stored) return std::unexpected(Unavailable(context, stored.error()));
    if (stored->empty())
      return std::unexpected(Error{Error::Code::kConflict, "Idempotency-Key",
                                   "a request with this Idempotency-Key is being carried out"});
    return std::nullopt;
  }

  static std::expected<void, Error> IndexNotices(store::Transaction& tx, const Case& c,
                                                 const std::string& context) {
    for (const NoticeRecord& n : c.notices) {
      auto ok = tx.Execute(
          "INSERT INTO notices (code, case_number, jurisdiction, kind, language, issued_on, "
          "sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
          {n.code, c.number, c.application.jurisdiction, n.kind, n.language, n.issued_on,
           n.pdf_sha256, n.issued_at});
      if (!ok) return std::unexpected(Unavailable(context + ": notice " + n.code, ok.error()));
    }
    return {};
  }

  // The case's row in case_inputs (migration 11): what a simulation reads, kept beside the case in
  // the same transaction.
  static std::expected<void, store::Error> WriteInputs(store::Transaction& tx, const Case& c) {
    auto ok = tx.Execute(
        "INSERT INTO case_inputs (id, number, jurisdiction, kind, state, filing_date, revision, "
        "inputs) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        "jurisdiction = excluded.jurisdiction, kind = excluded.kind, state = excluded.state, "
        "filing_date = excluded.filing_date, revision = excluded.revision, inputs = "
        "excluded.inputs",
        {c.id, c.number, c.application.jurisdiction, c.application.kind,
         std::string(StateName(c.state)), feel::ToString(c.application.filing_date), c.revision,
         DecisionInputsJson(c)});
    if (!ok) return std::unexpected(ok.error());
    return {};
  }

  // The applicant as screening compares them (case_subjects).
  static std::string SubjectJsonOf(const Case& c) {
    watchlist::Subject s;
    s.id = c.number;
    s.person = ApplicantPerson(c.application);
    return watchlist::SubjectJson(s);
  }
  // The case's row in case_subjects, kept with the case; most updates (claims, decisions) leave
  // the applicant as it was and write nothing.
  static std::expected<void, store::Error> WriteSubject(store::Transaction& tx, const Case& c) {
    auto ok = tx.Execute(
        "INSERT INTO case_subjects (case_id, number, jurisdiction, person) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (case_id) DO UPDATE SET person = excluded.person "
        "WHERE case_subjects.person <> excluded.person",
        {c.id, c.number, c.application.jurisdiction, SubjectJsonOf(c)});
    if (!ok) return std::unexpected(ok.error());
    return {};
  }

  std::expected<void, Error> RecordRescreen(const std::string& list, int64_t version,
                                            const std::string& at, int64_t new_hits,
                                            audit::Entry entry) override {
    const std::string context = "recording the re-screening of " + list;
    auto tx = db_.Begin();
    if (!tx) return std::unexpected(Unavailable(context, tx.error()));
    if (auto ok = watchlist::RecordRescreen(*tx, list, version, at, new_hits); !ok)
      return std::unexpected(Unavailable(context, ok.error()));
    if (auto ok = audit::Append(*tx, entry); !ok)
      return std::unexpected(Unavailable(context, ok.error()));
    if (auto ok = tx->Commit(); !ok) return std::unexpected(Unavailable(context, ok.error()));
    return {};
  }

  std::expected<int64_t, Error> BackfillSubjects() override {
    const std::string context = "recording the applicants of earlier cases for screening";
    int64_t filled = 0, after = 0;
    while (true) {
      auto tx = db_.Begin();
      if (!tx) return std::unexpected(Unavailable(context, tx.error()));
      auto rows = tx->Query(
          "SELECT id, number, body FROM cases WHERE id > ? AND id NOT IN (SELECT case_id FROM "
          "case_subjects) ORDER BY id LIMIT 2000",
          {after});
      if (!rows) return std::unexpected(Unavailable(context, rows.error()));
      if (rows->empty()) return filled;
      after = rows->back().Int(0);
      for (const store::Row& r : *rows) {
        auto c = CaseFromJson(r.Text(2));
        if (!c) continue;  // unreadable: Load reports it; screening cannot use it
        c->id = r.Int(0);
        c->number = r.Text(1);  // the columns are authoritative
        if (auto ok = WriteSubject(*tx, *c); !ok)
          return std::unexpected(Unavailable(context, ok.error()));
        ++filled;
      }
      if (auto ok = tx->Commit(); !ok) return std::unexpected(Unavailable(context, ok.error()));
    }
  }

  static Error Conflict() {
    return Error{Error::Code::kConflict, "revision",
                 "the case was changed by someone else; reload it", "changed-meanwhile"};
  }

  std::expected<void, Error> PutDraft(const ApplicationDraft& d, bool create) override {
    const std::string context = "saving draft " + d.reference;
    auto tx = db_.Begin();
    if (!tx) return std::unexpected(Unavailable(context, tx.error()));
    if (auto purge =
            tx->Execute("DELETE FROM application_drafts WHERE expires_at <= ?", {d.saved_at});
        !purge)
      return std::unexpected(Unavailable(context, purge.error()));
    auto stored = tx->Query("SELECT 1 FROM application_drafts WHERE reference = ?", {d.reference});
    if (!stored) return std::unexpected(Unavailable(context, stored.error()));
    if (create && !stored->empty())
      return std::unexpected(Error{Error::Code::kConflict, "reference", "reference taken"});
    if (!create && stored->empty())
      return std::unexpected(Error{Error::Code::kNotFound, "reference", "no draft " + d.reference});
    auto written =
        create ? tx->Execute(
                     "INSERT INTO application_drafts (reference, code_hash, answers, saved_at, "
                     "expires_at) VALUES (?, ?, ?, ?, ?)",
                     {d.reference, d.code_hash, d.answers, d.saved_at, d.expires_at})
               : tx->Execute(
                     "UPDATE application_drafts SET answers = ?, saved_at = ?, expires_at = ? "
                     "WHERE reference = ?",
                     {d.answers, d.saved_at, d.expires_at, d.reference});
    if (!written) return std::unexpected(Unavailable(context, written.error()));
    if (auto ok = tx->Commit(); !ok) return std::unexpected(Unavailable(context, ok.error()));
    return {};
  }

  std::expected<std::optional<ApplicationDraft>, Error> FindDraft(const std::string& reference,
                                                                  const std::string& now) override {
    const std::string context = "reading draft " + reference;
    auto tx = db_.BeginRead();
    if (!tx) return std::unexpected(Unavailable(context, tx.error()));
    auto rows = tx->Query(
        "SELECT code_hash, answers, saved_at, expires_at FROM application_drafts "
        "WHERE reference = ? AND expires_at > ?",
        {reference, now});
    if (!rows) return std::unexpected(Unavailable(context, rows.error()));
    if (rows->empty()) return std::nullopt;
    const store::Row& r = rows->front();
    return ApplicationDraft{reference, r.Text(0), r.Text(1), r.Text(2), r.Text(3)};
  }

  std::expected<bool, Error> DeleteDraft(const std::string& reference) override {
    const std::string context = "deleting draft " + reference;
    auto tx = db_.Begin();
    if (!tx) return std::unexpected(Unavailable(context, tx.error()));
    auto stored = tx->Query("SELECT 1 FROM application_drafts WHERE reference = ?", {reference});
    if (!stored) return std::unexpected(Unavailable(context, stored.error()));
    if (stored->empty()) return false;
    auto gone = tx->Execute("DELETE FROM application_drafts WHERE reference = ?", {reference});
    if (!gone) return std::unexpected(Unavailable(context, gone.error()));
    if (auto ok = tx->Commit(); !ok) return std::unexpected(Unavailable(context, ok.error()));
    return true;
  }

  ProposalStore& Proposals() override { return proposals_; }

  store::Database& db_;
  ProposalStore proposals_{db_};
  // Group commit (Create): the cases waiting for a batch, and whether one is being written.
  std::mutex intake_mu_;
  std::condition_variable intake_done_;
  std::deque<QueuedCase*> intake_queue_;
  bool writing_batch_ = false;
};

}  // namespace

namespace {

// Migration 15's table and indexes, the same on both engines.
std::string CitizenshipsTable() {
  return R"sql(
CREATE TABLE case_citizenships (
  case_id BIGINT NOT NULL,              -- cases.id
  citizenship TEXT NOT NULL,            -- ISO 3166-1 alpha-3, as cases.citizenships holds it
  jurisdiction TEXT NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  deadline TEXT NOT NULL,
  number TEXT NOT NULL,
  PRIMARY KEY (case_id, citizenship)
);
CREATE INDEX case_citizenships_queue ON case_citizenships
  (citizenship, jurisdiction, deadline, number, state, kind);
CREATE INDEX case_citizenships_open ON case_citizenships
  (citizenship, jurisdiction, deadline, number, state, kind) WHERE state IN )sql" +
         OpenStatesSql() + ";\n";
}

}  // namespace

std::vector<store::Migration> Schema() {
  return {
      audit::Schema(),
      {2, "cases", R"sql(
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,          -- "KZ-2022-000123"
  jurisdiction TEXT NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,                  -- StateName: "awaiting-documents"
  applicant_name TEXT NOT NULL,
  citizenships TEXT NOT NULL,           -- "|RUS|BLR|", for LIKE '%|RUS|%'
  filing_date TEXT NOT NULL,            -- YYYY-MM-DD: compares as text
  deadline TEXT NOT NULL,               -- YYYY-MM-DD
  assigned_officer TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT '',     -- of the latest automated decision
  revision INTEGER NOT NULL,            -- optimistic concurrency: bumped by every update
  access_code_hash TEXT NOT NULL,       -- hex SHA-256 of the applicant's access code
  body TEXT NOT NULL,                   -- the whole case as JSON (CaseToJson)
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX cases_state_deadline ON cases (state, deadline);
CREATE INDEX cases_jurisdiction_state_deadline ON cases (jurisdiction, state, deadline);
CREATE INDEX cases_kind_deadline ON cases (kind, deadline);
CREATE INDEX cases_deadline ON cases (deadline);
CREATE INDEX cases_officer_state ON cases (assigned_officer, state);
-- The last case number given per jurisdiction and filing year.
CREATE TABLE case_numbers (
  jurisdiction TEXT NOT NULL,
  year INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (jurisdiction, year)
);
)sql"},
      // The days of decisions, for statistics. Cases stored before this migration get them from
      // their history (each engine's JSON functions).
      {3, "cases: decision days", R"sql(
ALTER TABLE cases ADD COLUMN decided_on TEXT;         -- YYYY-MM-DD of the approval or refusal
ALTER TABLE cases ADD COLUMN appeal_decided_on TEXT;  -- YYYY-MM-DD of the appeal decision
UPDATE cases SET
  decided_on = (SELECT substr(json_extract(t.value, '$.at'), 1, 10)
                FROM json_each(cases.body, '$.history') AS t
                WHERE json_extract(t.value, '$.to') IN ('approved', 'refused')
                ORDER BY t.key LIMIT 1),
  appeal_decided_on = (SELECT substr(json_extract(t.value, '$.at'), 1, 10)
                       FROM json_each(cases.body, '$.history') AS t
                       WHERE json_extract(t.value, '$.to') IN ('appeal-upheld', 'appeal-dismissed')
                       ORDER BY t.key LIMIT 1);
CREATE INDEX cases_filing_date ON cases (filing_date);
CREATE INDEX cases_decided_on ON cases (decided_on);
CREATE INDEX cases_appeal_decided_on ON cases (appeal_decided_on);
)sql",
       R"sql(
ALTER TABLE cases ADD COLUMN decided_on TEXT;
ALTER TABLE cases ADD COLUMN appeal_decided_on TEXT;
UPDATE cases SET
  decided_on = (SELECT substr(t.value->>'at', 1, 10)
                FROM jsonb_array_elements(cases.body::jsonb->'history') WITH ORDINALITY AS t(value, i)
                WHERE t.value->>'to' IN ('approved', 'refused')
                ORDER BY t.i LIMIT 1),
  appeal_decided_on = (SELECT substr(t.value->>'at', 1, 10)
                       FROM jsonb_array_elements(cases.body::jsonb->'history') WITH ORDINALITY
                         AS t(value, i)
                       WHERE t.value->>'to' IN ('appeal-upheld', 'appeal-dismissed')
                       ORDER BY t.i LIMIT 1);
CREATE INDEX cases_filing_date ON cases (filing_date);
CREATE INDEX cases_decided_on ON cases (decided_on);
CREATE INDEX cases_appeal_decided_on ON cases (appeal_decided_on);
)sql"},
      // Decision notices by verification code (the anonymous check reads only this table), and
      // the policy versions already applied to the cases pending when they took effect.
      {4, "notices and policy activations", R"sql(
CREATE TABLE notices (
  code TEXT PRIMARY KEY,          -- the verification code printed on the notice
  case_number TEXT NOT NULL,
  jurisdiction TEXT NOT NULL,
  kind TEXT NOT NULL,             -- "refusal", "approval", ...
  language TEXT NOT NULL,
  issued_on TEXT NOT NULL,        -- local date, YYYY-MM-DD
  sha256 TEXT NOT NULL,           -- hex SHA-256 of the PDF as issued
  created_at TEXT NOT NULL
);
CREATE INDEX notices_case ON notices (case_number);
CREATE TABLE policy_activations (
  version TEXT PRIMARY KEY,       -- "LV/visa/2022-09-21"
  content_hash TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  cases INTEGER NOT NULL          -- how many pending cases were decided again
);
)sql"},
      watchlist::Schema(),
      // Each case's applicant as screening compares them (names, birth date, citizenships,
      // document numbers), small enough to load a million at start.
      {6, "case subjects for screening", R"sql(
CREATE TABLE case_subjects (
  case_id INTEGER PRIMARY KEY,    -- cases.id
  number TEXT NOT NULL UNIQUE,
  jurisdiction TEXT NOT NULL,
  person TEXT NOT NULL            -- watchlist::SubjectJson with the case number as id
);
)sql"},
      audit::StateSchema(),
      // What each Idempotency-Key was used for, for kIdempotencyHours.
      {8, "idempotency keys", R"sql(
CREATE TABLE idempotency_keys (
  key_hash TEXT PRIMARY KEY,      -- hex SHA-256 of the caller's scope and the key
  request_hash TEXT NOT NULL,     -- hex SHA-256 of the first request
  case_number TEXT NOT NULL,
  document_id INTEGER NOT NULL DEFAULT 0,
  sealed TEXT NOT NULL DEFAULT '',  -- a submission's access code, sealed with the key
  created_at TEXT NOT NULL
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
)sql"},
      ProposalSchema(),
      // What a simulation of a law change reads of each case (DecisionInputsJson), so that it
      // does not parse bodies with their decision traces; filled as cases are written.
      {10, "cases: decision inputs", R"sql(
ALTER TABLE cases ADD COLUMN decision_inputs TEXT;
CREATE INDEX cases_jurisdiction_kind_state ON cases (jurisdiction, kind, state, id);
)sql"},
      // The inputs move out of the cases rows into narrow rows of their own with the columns a
      // simulation selects by: read after each case's multi-kilobyte body, they made a scan walk
      // every body's overflow pages (a million cases: 10.7 GB read for 0.8 GB of inputs).
      // inputs is NULL for a case last written before migration 10 (its body is read instead).
      {11, "cases: inputs in a table of their own", R"sql(
CREATE TABLE case_inputs (
  id INTEGER PRIMARY KEY,               -- cases.id
  number TEXT NOT NULL UNIQUE,
  jurisdiction TEXT NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  filing_date TEXT NOT NULL,
  revision INTEGER NOT NULL,
  inputs TEXT                           -- DecisionInputsJson
);
CREATE INDEX case_inputs_scan ON case_inputs (jurisdiction, kind, id);
INSERT INTO case_inputs (id, number, jurisdiction, kind, state, filing_date, revision, inputs)
  SELECT id, number, jurisdiction, kind, state, filing_date, revision, decision_inputs FROM cases;
DROP INDEX cases_jurisdiction_kind_state;
ALTER TABLE cases DROP COLUMN decision_inputs;
)sql"},
      // The queue in (deadline, number) order read from an index, whatever the number of cases
      // (CaseStore::List): the open cases by deadline (a partial index, whose condition the
      // queue's "overdue" repeats word for word), and all cases by deadline per jurisdiction and
      // per jurisdiction and state.
      {12, "cases: queue indexes",
       // After the order's columns, those the queue filters by (state, kind, citizenships): the
       // filters and the bounded count read the index alone, not the rows with their bodies.
       "CREATE INDEX cases_open_deadline ON cases (jurisdiction, deadline, number, state, kind, "
       "citizenships) WHERE state IN " +
           OpenStatesSql() +
           ";\n"
           "CREATE INDEX cases_jurisdiction_deadline ON cases (jurisdiction, deadline, number, "
           "state, kind, citizenships);\n"
           "DROP INDEX cases_jurisdiction_state_deadline;\n"
           "CREATE INDEX cases_jurisdiction_state_deadline ON cases (jurisdiction, state, "
           "deadline, number);\n"
           // Statistics tell the planners the partial index is the small one (SQLite, without
           // them, takes the first of two indexes on the same columns).
           "ANALYZE;\n"},
      // The dashboard's figures per jurisdiction from index ranges (CaseStore::Stats): the first
      // and last days of data, filings and decisions per day, decisions within the deadline, and
      // the oldest open cases.
      {13, "cases: dashboard indexes",
       "CREATE INDEX cases_jurisdiction_filing ON cases (jurisdiction, filing_date);\n"
       "CREATE INDEX cases_jurisdiction_decided ON cases (jurisdiction, decided_on, deadline);\n"
       "CREATE INDEX cases_jurisdiction_appeal_decided ON cases (jurisdiction, "
       "appeal_decided_on);\n"
       "CREATE INDEX cases_open_filing ON cases (jurisdiction, filing_date, number) WHERE state "
       "IN " +
           OpenStatesSql() + ";\nANALYZE;\n"},
      // The dashboard's counters (CaseStore::Stats), moved in the transaction of every change
      // (MoveCounts) so that stats read a few hundred rows, not every case: cases per
      // jurisdiction and state, and per jurisdiction and day filed, decided (approved or
      // refused), decided on or before the deadline, and decided on appeal. Filled here from the
      // cases stored before.
      {14, "cases: dashboard counters", R"sql(
CREATE TABLE case_state_counts (
  jurisdiction TEXT NOT NULL,
  state TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (jurisdiction, state)
);
CREATE TABLE case_day_counts (
  jurisdiction TEXT NOT NULL,
  metric TEXT NOT NULL,                 -- filed, decided, decided-in-time, appeal-decided
  day TEXT NOT NULL,                    -- YYYY-MM-DD
  n INTEGER NOT NULL,
  PRIMARY KEY (jurisdiction, metric, day)
);
INSERT INTO case_state_counts (jurisdiction, state, n)
  SELECT jurisdiction, state, COUNT(*) FROM cases GROUP BY jurisdiction, state;
INSERT INTO case_day_counts (jurisdiction, metric, day, n)
  SELECT jurisdiction, 'filed', filing_date, COUNT(*) FROM cases GROUP BY jurisdiction, filing_date;
INSERT INTO case_day_counts (jurisdiction, metric, day, n)
  SELECT jurisdiction, 'decided', decided_on, COUNT(*) FROM cases WHERE decided_on IS NOT NULL
  GROUP BY jurisdiction, decided_on;
INSERT INTO case_day_counts (jurisdiction, metric, day, n)
  SELECT jurisdiction, 'decided-in-time', decided_on, COUNT(*) FROM cases
  WHERE decided_on IS NOT NULL AND decided_on <= deadline GROUP BY jurisdiction, decided_on;
INSERT INTO case_day_counts (jurisdiction, metric, day, n)
  SELECT jurisdiction, 'appeal-decided', appeal_decided_on, COUNT(*) FROM cases
  WHERE appeal_decided_on IS NOT NULL GROUP BY jurisdiction, appeal_decided_on;
-- The indexes only the dashboard read (migrations 3 and 13): every submission paid for them.
DROP INDEX cases_filing_date;
DROP INDEX cases_decided_on;
DROP INDEX cases_appeal_decided_on;
DROP INDEX cases_jurisdiction_decided;
DROP INDEX cases_jurisdiction_appeal_decided;
)sql"},
      // The queue filtered by citizenship (CaseStore::List) from an index of its own: a row per
      // case and citizenship with the columns the queue selects and orders by, kept with the
      // case (CitizenshipRows). The LIKE over cases.citizenships read every entry of a
      // jurisdiction's index up to the bounded count. Filled from the cases stored before, each
      // engine splitting "|RUS|BLR|" its own way.
      {15, "cases: citizenships", CitizenshipsTable() + R"sql(
WITH RECURSIVE split (id, rest, code) AS (
  SELECT id, substr(citizenships, 2), '' FROM cases
  UNION ALL
  SELECT id, substr(rest, instr(rest, '|') + 1), substr(rest, 1, instr(rest, '|') - 1)
  FROM split WHERE rest <> ''
)
INSERT INTO case_citizenships (case_id, citizenship, jurisdiction, kind, state, deadline, number)
  SELECT DISTINCT c.id, s.code, c.jurisdiction, c.kind, c.state, c.deadline, c.number
  FROM split s JOIN cases c ON c.id = s.id WHERE s.code <> '';
ANALYZE;
)sql",
       CitizenshipsTable() + R"sql(
INSERT INTO case_citizenships (case_id, citizenship, jurisdiction, kind, state, deadline, number)
  SELECT DISTINCT c.id, code, c.jurisdiction, c.kind, c.state, c.deadline, c.number
  FROM cases c, unnest(string_to_array(trim(both '|' from c.citizenships), '|')) AS code
  WHERE code <> '';
ANALYZE;
)sql"},
      // Open cases by statutory deadline (metric open-deadline: counted while the case is
      // open, on the day of its deadline), so the dashboard reads how many are overdue and due
      // within the week from a row per day, whatever the number of cases.
      {16, "cases: open cases by deadline", R"sql(
INSERT INTO case_day_counts (jurisdiction, metric, day, n)
  SELECT jurisdiction, 'open-deadline', deadline, COUNT(*) FROM cases
  WHERE state IN )sql" + OpenStatesSql() + R"sql( GROUP BY jurisdiction, deadline;
)sql"},
      // Applications saved unfinished (save and return). Not cases: no number, no audit entry,
      // deleted on submission, on discarding or kDraftDays after the last save.
      {17, "application drafts", R"sql(
CREATE TABLE application_drafts (
  reference TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL,
  answers TEXT NOT NULL,
  saved_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX application_drafts_expiry ON application_drafts (expires_at);
)sql"},
      // The case list sorted by the applicant's name (sort=name): read in the name's order
      // within one jurisdiction instead of sorting its every case. Filing date has
      // cases_jurisdiction_filing.
      {18, "cases: by applicant name", R"sql(
CREATE INDEX cases_jurisdiction_name ON cases (jurisdiction, applicant_name);
)sql"},
      // Asylum claims (docs/asylum.md) bring open states of their own: the partial indexes over
      // open cases are made again with them, so that the queries that name every open state
      // still read them. Their counters go under "KZ/asylum" (AsylumCounterKey).
      {19, "cases: asylum states in the open-case indexes",
       "DROP INDEX cases_open_deadline;\n"
       "CREATE INDEX cases_open_deadline ON cases (jurisdiction, deadline, number, state, kind, "
       "citizenships) WHERE state IN " +
           OpenStatesSql() +
           ";\n"
           "DROP INDEX cases_open_filing;\n"
           "CREATE INDEX cases_open_filing ON cases (jurisdiction, filing_date, number) WHERE "
           "state IN " +
           OpenStatesSql() +
           ";\n"
           "DROP INDEX case_citizenships_open;\n"
           "CREATE INDEX case_citizenships_open ON case_citizenships (citizenship, jurisdiction, "
           "deadline, number, state, kind) WHERE state IN " +
           OpenStatesSql() + ";\n"},
  };
}

std::unique_ptr<CaseStore> MakeSqlCaseStore(store::Database& db) {
  return std::make_unique<SqlCaseStore>(db);
}

std::expected<std::string, store::Error> CaseStateDigest(store::Transaction& tx,
                                                         const std::string& number) {
  auto row = tx.Query(
      "SELECT number, jurisdiction, kind, state, applicant_name, citizenships, filing_date, "
      "deadline, assigned_officer, outcome, CAST(revision AS TEXT), access_code_hash, body, "
      "created_at, updated_at, COALESCE(decided_on, ''), COALESCE(appeal_decided_on, ''), "
      "CAST(id AS TEXT) FROM cases WHERE number = ?",
      {number});
  if (!row) return std::unexpected(row.error());
  if (row->empty()) return std::string();
  auto inputs = tx.Query("SELECT inputs FROM case_inputs WHERE number = ?", {number});
  if (!inputs) return std::unexpected(inputs.error());
  auto notices = tx.Query(
      "SELECT code, jurisdiction, kind, language, issued_on, sha256, created_at FROM notices "
      "WHERE case_number = ? ORDER BY code",
      {number});
  if (!notices) return std::unexpected(notices.error());
  return StateDigestOf(
      row->front(), inputs->empty() ? store::Datum(nullptr) : inputs->front().columns[0], *notices);
}

StateReport VerifyCaseStates(store::Transaction& tx, const std::string& files_dir) {
  StateReport report;
  auto fail = [&report](const std::string& number, std::string problem) {
    report.case_number = number;
    report.problem = std::move(problem);
    return report;
  };
  // The newest state each case's chain records; COUNT(*) tells cases with entries from none.
  auto recorded = tx.Query(
      "SELECT c.number, "
      "  (SELECT a.state FROM audit_log a WHERE a.case_number = c.number AND a.state <> '' "
      "   ORDER BY a.seq DESC LIMIT 1), "
      "  (SELECT COUNT(*) FROM audit_log a WHERE a.case_number = c.number) "
      "FROM cases c ORDER BY c.id");
  if (!recorded) return fail("", "cannot read the cases: " + recorded.error().message);
  FileStore files(files_dir);
  for (const store::Row& r : *recorded) {
    const std::string number = r.Text(0);
    if (r.Int(2) == 0)
      return fail(number, "case " + number + " has no audit entry: it was inserted outside tamga");
    ++report.cases_checked;
    if (r.IsNull(1)) {
      ++report.uncovered;
      continue;
    }
    auto digest = CaseStateDigest(tx, number);
    if (!digest) return fail(number, "cannot read case " + number + ": " + digest.error().message);
    if (*digest != r.Text(1))
      return fail(number, "case " + number +
                              " differs from the state its last audited act left (its row, "
                              "documents or notices were edited outside tamga)");
    if (files_dir.empty()) continue;
    auto body = tx.Query("SELECT body FROM cases WHERE number = ?", {number});
    if (!body || body->empty()) return fail(number, "cannot read case " + number);
    auto c = CaseFromJson(body->front().Text(0));
    if (!c) return fail(number, "case " + number + " cannot be read: " + c.error().message);
    std::vector<std::pair<std::string, std::string>> named;  // what, sha256
    for (const Document& d : c->application.documents) {
      if (!d.sha256.empty()) named.emplace_back("document " + std::to_string(d.id), d.sha256);
    }
    for (const NoticeRecord& n : c->notices) {
      named.emplace_back("notice " + n.code + " (PDF)", n.pdf_sha256);
      if (!n.html_sha256.empty()) named.emplace_back("notice " + n.code + " (HTML)", n.html_sha256);
    }
    for (const auto& [what, sha] : named) {
      auto bytes = files.Get(sha);
      if (!bytes)
        return fail(number, "case " + number + ": the file of " + what +
                                " is missing or altered (" + bytes.error().message + ")");
      ++report.documents_checked;
    }
  }
  // After each case's own checks (which say more): case_inputs repeats columns of cases for the
  // simulation's scans; a copy that disagrees with its case was edited outside tamga (the inputs
  // themselves are in each case's state hash).
  auto copies = tx.Query(
      "SELECT c.number FROM cases c LEFT JOIN case_inputs i ON i.id = c.id WHERE i.id IS NULL "
      "OR i.number <> c.number OR i.jurisdiction <> c.jurisdiction OR i.kind <> c.kind "
      "OR i.state <> c.state OR i.filing_date <> c.filing_date OR i.revision <> c.revision "
      "ORDER BY c.id LIMIT 1");
  if (!copies) return fail("", "cannot read the cases' inputs: " + copies.error().message);
  if (!copies->empty()) {
    const std::string number = copies->front().Text(0);
    return fail(number, "case " + number +
                            " has no row in case_inputs, or one that differs from the case (it "
                            "was edited outside tamga)");
  }
  // case_citizenships repeats the queue's columns per citizenship: each row must agree with its
  // case, and there must be a row for every citizenship of every case (as many rows as codes).
  auto citizenships = tx.Query(
      "SELECT x.number FROM case_citizenships x LEFT JOIN cases c ON c.id = x.case_id "
      "WHERE c.id IS NULL OR x.number <> c.number OR x.jurisdiction <> c.jurisdiction "
      "OR x.kind <> c.kind OR x.state <> c.state OR x.deadline <> c.deadline "
      "OR c.citizenships NOT LIKE '%|' || x.citizenship || '|%' LIMIT 1");
  if (!citizenships)
    return fail("", "cannot read the cases' citizenships: " + citizenships.error().message);
  if (!citizenships->empty()) {
    const std::string number = citizenships->front().Text(0);
    return fail(number, "case " + number +
                            " has a row in case_citizenships that differs from the case (it was "
                            "edited outside tamga)");
  }
  auto codes = tx.Query(
      "SELECT (SELECT COUNT(*) FROM case_citizenships), (SELECT COALESCE(SUM(LENGTH(citizenships) "
      "- LENGTH(REPLACE(citizenships, '|', '')) - 1), 0) FROM cases WHERE citizenships <> '|')");
  if (!codes) return fail("", "cannot count the cases' citizenships: " + codes.error().message);
  if (codes->front().Int(0) != codes->front().Int(1))
    return fail("", "case_citizenships has " + codes->front().Text(0) + " rows for " +
                        codes->front().Text(1) +
                        " citizenships of cases: rows were added or removed outside tamga");
  // The dashboard's counters (migration 14) against a recount of the cases: a difference means
  // rows were added, removed or edited outside tamga, and the dashboard would show it.
  // Asylum claims count under "KZ/asylum" (AsylumCounterKey).
  const std::string kCountedCases =
      "FROM (SELECT CASE WHEN kind = 'asylum' THEN jurisdiction || '/asylum' ELSE jurisdiction "
      "END AS jurisdiction, state, filing_date, decided_on, deadline, appeal_decided_on FROM "
      "cases) AS counted_cases";
  const std::string recount =
      "SELECT jurisdiction, 'state', state, COUNT(*) " + kCountedCases +
      " GROUP BY jurisdiction, state "
      "UNION ALL SELECT jurisdiction, 'filed', filing_date, COUNT(*) " +
      kCountedCases +
      " "
      "GROUP BY jurisdiction, filing_date "
      "UNION ALL SELECT jurisdiction, 'decided', decided_on, COUNT(*) " +
      kCountedCases +
      " "
      "WHERE decided_on IS NOT NULL GROUP BY jurisdiction, decided_on "
      "UNION ALL SELECT jurisdiction, 'decided-in-time', decided_on, COUNT(*) " +
      kCountedCases +
      " "
      "WHERE decided_on IS NOT NULL AND decided_on <= deadline GROUP BY jurisdiction, decided_on "
      "UNION ALL SELECT jurisdiction, 'appeal-decided', appeal_decided_on, COUNT(*) " +
      kCountedCases +
      " "
      "WHERE appeal_decided_on IS NOT NULL GROUP BY jurisdiction, appeal_decided_on "
      "UNION ALL SELECT jurisdiction, 'open-deadline', deadline, COUNT(*) " +
      kCountedCases +
      " "
      "WHERE state IN " +
      OpenStatesSql() + " GROUP BY jurisdiction, deadline";
  const std::string counted =
      "SELECT jurisdiction, 'state', state, n FROM case_state_counts WHERE n <> 0 "
      "UNION ALL SELECT jurisdiction, metric, day, n FROM case_day_counts WHERE n <> 0";
  auto differs =
      tx.Query("SELECT * FROM (SELECT * FROM (" + recount + ") AS r EXCEPT SELECT * FROM (" +
               counted + ") AS k) AS missing UNION ALL SELECT * FROM (SELECT * FROM (" + counted +
               ") AS k EXCEPT SELECT * FROM (" + recount + ") AS r) AS extra LIMIT 1");
  if (!differs) return fail("", "cannot recount the cases: " + differs.error().message);
  if (!differs->empty()) {
    const store::Row& r = differs->front();
    return fail("", "the dashboard's counters differ from the cases (" + r.Text(0) + " " +
                        r.Text(1) + " " + r.Text(2) + ": " + r.Text(3) +
                        " on one side only): cases were added, removed or edited outside tamga");
  }
  return report;
}

}  // namespace tamga::cases

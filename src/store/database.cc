// The engine-independent half of store::Database: row accessors, the Transaction handle and
// schema migrations. Everything here speaks only through Database's protected primitives (Run,
// LastInsertId, Finish) and portable SQL, so the PostgreSQL implementation inherits it unchanged.
#include "store/database.h"
#include "base/time.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <utility>

namespace tamga::store {
namespace {

Error Wrap(std::string context, const Error& e) {
  return Error{std::move(context) + ": " + e.message, e.busy};
}

}  // namespace

int64_t Row::Int(size_t i) const {
  const Datum& d = columns[i];
  if (auto* v = std::get_if<int64_t>(&d)) return *v;
  if (auto* v = std::get_if<double>(&d)) return std::isfinite(*v) ? static_cast<int64_t>(*v) : 0;
  // Text that holds an integer (a column declared without a numeric affinity) still reads as one.
  const std::string* s = nullptr;
  if (auto* t = std::get_if<std::string>(&d)) s = t;
  if (auto* b = std::get_if<Blob>(&d)) s = &b->bytes;
  int64_t out = 0;
  if (s) std::from_chars(s->data(), s->data() + s->size(), out);
  return out;
}

std::string Row::Text(size_t i) const {
  const Datum& d = columns[i];
  if (auto* v = std::get_if<std::string>(&d)) return *v;
  if (auto* v = std::get_if<Blob>(&d)) return v->bytes;
  if (auto* v = std::get_if<int64_t>(&d)) return std::to_string(*v);
  if (auto* v = std::get_if<double>(&d)) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *v);
    return ec == std::errc() ? std::string(buf, end) : std::string();
  }
  return "";
}

std::optional<std::string> Row::OptionalText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

std::expected<Transaction, Error> Database::BeginRead() { return Begin(); }

// SQLite: ANALYZE samples each index (analysis_limit, set on open) inside a transaction like any
// statement; a WAL database has no hint bits to set.
std::expected<void, Error> Database::AfterBulkLoad() {
  auto tx = Begin();
  if (!tx) return std::unexpected(tx.error());
  if (auto analysed = tx->Execute("ANALYZE"); !analysed) return std::unexpected(analysed.error());
  return tx->Commit();
}

Transaction::Transaction(Transaction&& o) noexcept
    : db_(std::exchange(o.db_, nullptr)), slot_(o.slot_) {}

Transaction::~Transaction() {
  // Rolling back cannot usefully fail: if it does, SQLite has already rolled back (or the
  // connection is gone), and either way nothing of this transaction is committed.
  if (db_) (void)db_->Finish(slot_, false);
}

namespace {
const char kFinished[] =
    "the transaction has already been committed or rolled back; begin a new one";
}

std::expected<Rows, Error> Transaction::Query(std::string_view sql, std::vector<Datum> params) {
  if (!db_) return std::unexpected(Error{kFinished});
  return db_->Run(slot_, sql, params);
}

std::expected<int64_t, Error> Transaction::Execute(std::string_view sql,
                                                   std::vector<Datum> params) {
  if (!db_) return std::unexpected(Error{kFinished});
  auto rows = db_->Run(slot_, sql, params);
  if (!rows) return std::unexpected(rows.error());
  return db_->LastInsertId(slot_);
}

std::expected<void, Error> Transaction::Commit() {
  if (!db_) return std::unexpected(Error{kFinished});
  // Whatever the outcome, the transaction is over: Finish rolls back when the commit fails and
  // releases the database for the next transaction.
  Database* db = std::exchange(db_, nullptr);
  return db->Finish(slot_, true);
}

std::expected<void, Error> Transaction::Notify(const std::string& channel,
                                               const std::string& payload) {
  if (!db_) return std::unexpected(Error{kFinished});
  return db_->Notify(slot_, channel, payload);
}

std::expected<int, Error> Database::SchemaVersion() {
  auto tx = Begin();
  if (!tx) return std::unexpected(tx.error());
  auto rows = tx->Query("SELECT MAX(version) FROM schema_migrations");
  if (!rows) return std::unexpected(rows.error());
  return rows->empty() ? 0 : static_cast<int>(rows->front().Int(0));
}

bool Database::IsPostgresUrl(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::expected<std::unique_ptr<Database>, Error> Database::Open(const std::string& location) {
  if (IsPostgresUrl(location)) return OpenPostgres(location);
  return OpenSqlite(location);
}

std::expected<int, Error> Database::Migrate(std::span<const Migration> migrations) {
  std::vector<const Migration*> sorted;
  for (const Migration& m : migrations) sorted.push_back(&m);
  std::sort(sorted.begin(), sorted.end(),
            [](const Migration* a, const Migration* b) { return a->version < b->version; });
  for (size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i]->version == sorted[i - 1]->version)
      return std::unexpected(Error{"two migrations have version " +
                                   std::to_string(sorted[i]->version) + " ('" +
                                   sorted[i - 1]->description + "' and '" + sorted[i]->description +
                                   "'); give each a distinct version"});
  }

  std::map<int64_t, std::string> applied;  // version -> description
  {
    auto tx = Begin();
    if (!tx) return std::unexpected(Wrap("migrate", tx.error()));
    auto created = tx->Execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "description TEXT NOT NULL, applied_at TEXT NOT NULL)");
    if (!created)
      return std::unexpected(Wrap("migrate: creating schema_migrations", created.error()));
    auto rows = tx->Query("SELECT version, description FROM schema_migrations");
    if (!rows) return std::unexpected(Wrap("migrate: reading schema_migrations", rows.error()));
    for (const Row& r : *rows) applied[r.Int(0)] = r.Text(1);
    if (auto ok = tx->Commit(); !ok) return std::unexpected(Wrap("migrate", ok.error()));
  }

  // A recorded version whose description differs means two schemas claim the same version
  // number (or a migration was renumbered): applying or skipping it silently would leave the
  // schema not what the code expects.
  auto check_same = [](const Migration& m,
                       const std::string& recorded) -> std::expected<void, Error> {
    if (recorded == m.description) return {};
    return std::unexpected(Error{"migration " + std::to_string(m.version) +
                                 " is recorded in schema_migrations as '" + recorded +
                                 "' but this build defines it as '" + m.description +
                                 "'; the database belongs to a different schema history"});
  };

  for (const Migration* m : sorted) {
    if (auto it = applied.find(m->version); it != applied.end()) {
      if (auto ok = check_same(*m, it->second); !ok) return std::unexpected(ok.error());
      continue;
    }
    std::string context =
        "migration " + std::to_string(m->version) + " (" + m->description + ") failed";
    auto tx = Begin();
    if (!tx) return std::unexpected(Wrap(context, tx.error()));
    // Another process may have applied it since we looked; the check and the change are in one
    // transaction, so exactly one of them applies it.
    auto again =
        tx->Query("SELECT description FROM schema_migrations WHERE version = ?", {m->version});
    if (!again) return std::unexpected(Wrap(context, again.error()));
    if (!again->empty()) {
      if (auto ok = check_same(*m, again->front().Text(0)); !ok) return std::unexpected(ok.error());
      applied[m->version] = m->description;
      continue;
    }
    if (auto ok = tx->Execute(MigrationSql(*m)); !ok)
      return std::unexpected(Wrap(context, ok.error()));
    auto recorded = tx->Execute(
        "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
        {int64_t{m->version}, m->description, base::UtcNow()});
    if (!recorded) return std::unexpected(Wrap(context, recorded.error()));
    if (auto ok = tx->Commit(); !ok) return std::unexpected(Wrap(context, ok.error()));
    applied[m->version] = m->description;
  }
  return applied.empty() ? 0 : static_cast<int>(applied.rbegin()->first);
}

}  // namespace tamga::store

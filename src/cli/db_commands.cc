// `tamga db copy`: an office's data from one database to another (SQLite <-> PostgreSQL), verified
// on arrival.
#include <filesystem>
#include <iostream>
#include <set>

#include "accounts/accounts.h"
#include "cases/case_store.h"
#include "cli/commands.h"
#include "store/database.h"

namespace tamga::cli {
namespace {

namespace fs = std::filesystem;

// Every table of this build's schema, parents before the tables that reference them, with the
// column that orders a large table's pages (empty: the table is small and read whole).
struct Table {
  const char* name;
  const char* key;
};
constexpr Table kTables[] = {
    {"audit_log", "seq"},
    {"audit_head", ""},
    {"cases", "id"},
    {"case_numbers", ""},
    {"notices", "code"},
    {"policy_activations", ""},
    {"watchlists", ""},
    {"watchlist_versions", ""},
    {"watchlist_entries", "id"},
    {"case_subjects", "case_id"},
    {"case_inputs", "id"},
    {"idempotency_keys", "key_hash"},
    {"policy_proposals", "id"},
    {"accounts", ""},
    {"account_tokens", "token_hash"},
    {"case_state_counts", ""},
    {"case_day_counts", ""},
    {"case_citizenships", ""},
    {"application_drafts", "reference"},
};
constexpr int64_t kPage = 500;

struct Side {
  std::string db;    // URL or SQLite file
  std::string data;  // the folder of its files; may be empty for a URL
};

Side Resolve(const std::string& location, const std::string& data) {
  if (store::Database::IsPostgresUrl(location)) return {location, data};
  return {DatabasePath(location), location};
}

std::vector<store::Migration> FullSchema() {
  std::vector<store::Migration> schema = cases::Schema();
  for (store::Migration& m : accounts::Accounts::Schema()) schema.push_back(std::move(m));
  return schema;
}

std::expected<std::set<std::string>, store::Error> TableNames(store::Database& db) {
  auto tx = db.Begin();
  if (!tx) return std::unexpected(tx.error());
  auto rows = tx->Query(db.Engine() == "postgresql"
                            ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                            : "SELECT name FROM sqlite_master WHERE type = 'table' "
                              "AND name NOT LIKE 'sqlite_%'");
  if (!rows) return std::unexpected(rows.error());
  std::set<std::string> names;
  for (const store::Row& r : *rows) names.insert(r.Text(0));
  names.erase("schema_migrations");  // each database records its own migrations
  return names;
}

// Copies the files of the source's data folder (documents, the checkpoint log and its signing
// key) that the target does not have; never a database file. Answers how many were copied.
std::expected<int64_t, std::string> CopyFiles(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::create_directories(to, ec);
  if (ec) return std::unexpected("cannot create " + to + ": " + ec.message());
  int64_t copied = 0;
  if (!fs::is_directory(from, ec)) return copied;
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const fs::path rel = fs::relative(it->path(), from);
    const std::string top = rel.begin()->string();
    if (top.starts_with("tamga.db") || top.starts_with("accounts.db") || top == "postgres-url")
      continue;
    const fs::path target = fs::path(to) / rel;
    if (it->is_directory()) {
      fs::create_directories(target, ec);
    } else if (it->is_regular_file() && !fs::exists(target)) {
      fs::copy_file(it->path(), target, ec);
      ++copied;
    }
    if (ec) return std::unexpected("copying " + it->path().string() + ": " + ec.message());
  }
  if (ec) return std::unexpected("reading " + from + ": " + ec.message());
  return copied;
}

// Copies every row of kTables in one transaction of each side; 0, or 1 with nothing written.
int CopyRows(store::Database& source, store::Database& target, std::ostream& out,
             std::ostream& err) {
  const char* command = "tamga db copy";
  auto read = source.Begin();
  auto write = target.Begin();
  if (!read || !write) {
    err << command << ": " << (!read ? read.error() : write.error()).message << "\n";
    return 1;
  }
  // The target must be empty: a copy never merges two offices' chains.
  for (const char* table : {"cases", "audit_log", "accounts", "watchlists"}) {
    auto rows = write->Query(std::string("SELECT COUNT(*) FROM ") + table);
    if (!rows || rows->front().Int(0) > 0) {
      err << command << ": " << target.Location() << " is not empty (" << table
          << " has rows); copy into a new database\n";
      return 1;
    }
  }
  auto fail = [&](const std::string& table, const store::Error& e) {
    err << command << ": copying " << table << ": " << e.message << " (nothing was written)\n";
    return 1;
  };
  if (auto ok = write->Execute("DELETE FROM audit_head"); !ok)
    return fail("audit_head", ok.error());
  int64_t total = 0;
  for (const Table& t : kTables) {
    int64_t count = 0;
    std::optional<store::Datum> after;  // keyset paging over t.key
    for (;;) {
      std::string sql = std::string("SELECT * FROM ") + t.name;
      std::vector<store::Datum> params;
      if (*t.key) {
        if (after) {
          sql += std::string(" WHERE ") + t.key + " > ?";
          params.push_back(*after);
        }
        sql += std::string(" ORDER BY ") + t.key + " LIMIT " + std::to_string(kPage);
      }
      auto rows = read->Query(sql, params);
      if (!rows) return fail(t.name, rows.error());
      for (const store::Row& r : *rows) {
        std::string insert = std::string("INSERT INTO ") + t.name + " VALUES (";
        for (size_t i = 0; i < r.columns.size(); ++i) insert += i ? ", ?" : "?";
        insert += ")";
        if (auto ok = write->Execute(insert, r.columns); !ok) return fail(t.name, ok.error());
      }
      count += static_cast<int64_t>(rows->size());
      if (!*t.key || rows->size() < static_cast<size_t>(kPage)) break;
      after = rows->back().columns.front();
    }
    total += count;
    out << "  " << t.name << ": " << count << "\n";
  }
  if (target.Engine() == "postgresql") {
    // Rows came with their ids: move each identity past them, or the next case would collide.
    auto identities = write->Query(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND is_identity = 'YES'");
    if (!identities) return fail("identities", identities.error());
    for (const store::Row& r : *identities) {
      std::string table = r.Text(0), column = r.Text(1);
      auto ok = write->Query("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(" +
                                 column + ") FROM " + table + "), 0) + 1, false)",
                             {table, column});
      if (!ok) return fail(table, ok.error());
    }
  }
  if (auto ok = write->Commit(); !ok) return fail("(commit)", ok.error());
  out << "copied " << total << " rows from " << source.Location() << " to " << target.Location()
      << "\n";
  return 0;
}

}  // namespace

int CopyDatabase(const DbCopy& options, std::ostream& out, std::ostream& err) {
  const char* command = "tamga db copy";
  Side from = Resolve(options.from, options.from_data);
  Side to = Resolve(options.to, options.to_data);
  for (const auto& [side, flag] : {std::pair{&from, "--from-data"}, std::pair{&to, "--to-data"}}) {
    if (side->data.empty()) {
      err << command << ": with a PostgreSQL URL, " << flag
          << " names the folder of its files (documents, audit checkpoints)\n";
      return 2;
    }
  }
  if (from.db == to.db) {
    err << command << ": --from and --to are the same database\n";
    return 2;
  }
  if (!store::Database::IsPostgresUrl(from.db) && !fs::exists(from.db)) {
    err << command << ": no database at " << from.db << "\n";
    return 1;
  }
  std::error_code ec;
  fs::create_directories(to.data, ec);
  auto source = store::Database::Open(from.db);
  if (!source) {
    err << command << ": " << from.db << ": " << source.error().message << "\n";
    return 1;
  }
  auto target = store::Database::Open(to.db);
  if (!target) {
    err << command << ": " << to.db << ": " << target.error().message << "\n";
    return 1;
  }
  const auto schema = FullSchema();
  for (auto* db : {source->get(), target->get()}) {
    if (auto migrated = db->Migrate(schema); !migrated) {
      err << command << ": " << db->Location() << ": " << migrated.error().message << "\n";
      return 1;
    }
  }

  // This build must know every table the source has, or the copy would leave one behind.
  auto names = TableNames(**source);
  if (!names) {
    err << command << ": " << names.error().message << "\n";
    return 1;
  }
  std::set<std::string> known;
  for (const Table& t : kTables) known.insert(t.name);
  for (const std::string& n : *names) {
    if (!known.contains(n)) {
      err << command << ": the source has a table this build does not know (" << n
          << "); copy with the tamga version that made it\n";
      return 1;
    }
  }

  // Files first: rows that name a document are only useful once the document is there.
  auto files = CopyFiles(from.data, to.data);
  if (!files) {
    err << command << ": " << files.error() << "\n";
    return 1;
  }
  if (int code = CopyRows(**source, **target, out, err); code != 0) return code;
  out << "copied " << *files << " files from " << from.data << " to " << to.data << "\n";
  source->reset();
  target->reset();
  // The proof: the chain, the case states and the files verify on the target.
  return AuditVerify(to.data, "", to.db);
}

}  // namespace tamga::cli

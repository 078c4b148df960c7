// Watchlists of law enforcement (entry bans, wanted persons, sanctions): imported from
// FollowTheMoney JSON lines (OpenSanctions) or the national CSV format of docs/screening.md,
// versioned (each import is a new version; what it added, changed and removed is recorded) and
// audited. Screening against them is the cases module's (cases/screening.h).
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"
#include "watchlist/matching.h"

namespace tamga::watchlist {

// One listed person.
struct Subject {
  std::string id;  // the entry's id within its list (FtM "id", CSV "id")
  Person person;
  std::string reason;               // why the person is listed, as the list says
  std::string legal_basis;          // the entry's own legal basis; the list's when empty
  std::vector<std::string> topics;  // FtM topics ("sanction", "wanted", "crime", ...)
};

// A problem in an imported file: the line (1-based) and, for CSV, the column.
struct ParseError {
  int line = 0;
  std::string column;  // CSV column name or FtM property; empty when the line itself is broken
  std::string message;
};

struct Parsed {
  std::vector<Subject> subjects;
  int64_t skipped = 0;  // FtM entities that are not persons (companies, vessels, ...)
};

// Parses a whole file; any error fails the whole file (all errors are reported, up to 50), so a
// list is imported completely or not at all.
std::expected<Parsed, std::vector<ParseError>> ParseFtm(std::string_view text);
std::expected<Parsed, std::vector<ParseError>> ParseCsv(std::string_view text);

// What a list is for: an entry-ban or sanctions hit confirmed by an officer is a refusal ground
// with the list's legal basis; a wanted-person hit is an alert for law enforcement, not a ground.
enum class ListKind { kEntryBan, kWanted, kSanctions };
std::string_view ListKindName(ListKind kind);  // "entry-ban", "wanted", "sanctions"
std::optional<ListKind> ParseListKind(std::string_view name);
bool IsRefusalGround(ListKind kind);

struct List {
  std::string name;  // "lv-entry-bans"
  ListKind kind = ListKind::kEntryBan;
  std::string legal_basis;                 // for every entry without its own
  std::vector<std::string> jurisdictions;  // where it applies ("LV"); "*" for all
  int64_t version = 0;                     // the current version
};

struct Version {
  std::string list;
  int64_t version = 0;
  std::string imported_at, imported_by, format, sha256;
  int64_t entries = 0, added = 0, changed = 0, removed = 0, skipped = 0;
  // When the open cases were screened against what this version added or changed, and how many
  // new hits that raised (nullopt until then).
  std::optional<std::string> rescreened_at;
  int64_t new_hits = 0;
};

// An entry as screening uses it: the subject with its list.
struct ListedSubject {
  std::string list;
  ListKind kind = ListKind::kEntryBan;
  std::vector<std::string> jurisdictions;
  int64_t version = 0;      // the version that added or last changed the entry
  std::string fingerprint;  // hex SHA-256 of the entry's canonical JSON
  std::string legal_basis;  // the entry's, else the list's
  Subject subject;
};

// The schema of lists, versions and entries, as a migration for store::Database::Migrate.
const store::Migration& Schema();

// The canonical JSON of a subject (what is stored and fingerprinted), and back.
std::string SubjectJson(const Subject& s);
std::optional<Subject> SubjectFromJson(std::string_view json);

struct ImportRequest {
  std::string name;
  std::optional<ListKind> kind;  // required for a new list; changes the list's kind when given
  std::optional<std::string> legal_basis;                 // likewise
  std::optional<std::vector<std::string>> jurisdictions;  // likewise ("*" when new and absent)
  std::string format;                                     // "ftm" or "csv"
  std::string sha256;                                     // of the imported file
  std::string actor;                                      // who imports
  std::string at;                                         // UTC ISO 8601
};

// Stores `parsed` as the next version of the list, in one transaction with its audit entry
// ("watchlist.import": counts and the file's hash): entries new or changed since the current
// version are added under the new version, entries gone or changed are closed. Returns the
// version's record.
std::expected<Version, store::Error> Import(store::Database& db, const ImportRequest& request,
                                            const Parsed& parsed);

std::expected<std::vector<List>, store::Error> Lists(store::Database& db);
std::expected<std::vector<Version>, store::Error> Versions(store::Database& db);
// Calls `visit` with every current entry of every list, reading in batches (a list may have
// millions of entries).
std::expected<void, store::Error> ForEachCurrentEntry(
    store::Database& db, const std::function<void(ListedSubject&&)>& visit);
// The entries a version added or changed (what a re-screen compares open cases with).
std::expected<std::vector<ListedSubject>, store::Error> ChangedIn(store::Database& db,
                                                                  const std::string& list,
                                                                  int64_t version);
// Versions whose changes open cases were not yet screened against, oldest first.
std::expected<std::vector<Version>, store::Error> NotRescreened(store::Database& db);
std::expected<void, store::Error> RecordRescreen(store::Transaction& tx, const std::string& list,
                                                 int64_t version, const std::string& at,
                                                 int64_t new_hits);
// A number that changes whenever any list gets a version (to refresh an in-memory index).
std::expected<int64_t, store::Error> Generation(store::Database& db);

}  // namespace tamga::watchlist

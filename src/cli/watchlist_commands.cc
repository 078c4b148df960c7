// `tamga watchlist import` and `tamga watchlist list`: lists of law enforcement into the data
// directory that `tamga serve` uses (which re-screens open cases against each new version).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "base/sha256.h"
#include "base/time.h"
#include "cases/case_store.h"
#include "cli/commands.h"
#include "watchlist/watchlist.h"

namespace tamga::cli {
namespace {

std::unique_ptr<store::Database> OpenData(const std::string& data_dir, const std::string& at,
                                          const char* command) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  const std::string location = DatabaseLocation(data_dir, at);
  auto db = store::Database::Open(location);
  if (!db) {
    std::cerr << command << ": " << location << ": " << db.error().message << "\n";
    return nullptr;
  }
  auto schema = cases::Schema();
  if (auto migrated = (*db)->Migrate(schema); !migrated) {
    std::cerr << command << ": schema migration: " << migrated.error().message << "\n";
    return nullptr;
  }
  return std::move(*db);
}

}  // namespace

int ImportWatchlist(const WatchlistImport& options, std::ostream& out, std::ostream& err) {
  const char* command = "tamga watchlist import";
  std::optional<watchlist::ListKind> kind;
  if (!options.kind.empty()) {
    kind = watchlist::ParseListKind(options.kind);
    if (!kind) {
      err << command << ": --kind is entry-ban, wanted or sanctions, not \"" << options.kind
          << "\"\n";
      return 2;
    }
  }
  if (options.format != "ftm" && options.format != "csv") {
    err << command << ": --format is ftm or csv, not \"" << options.format << "\"\n";
    return 2;
  }
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    err << command << ": cannot read " << options.file << "\n";
    return 2;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  auto parsed = options.format == "ftm" ? watchlist::ParseFtm(text) : watchlist::ParseCsv(text);
  if (!parsed) {
    for (const watchlist::ParseError& e : parsed.error()) {
      err << options.file << ":" << e.line << ": " << (e.column.empty() ? "" : e.column + ": ")
          << e.message << "\n";
    }
    err << command << ": nothing imported (a list is imported whole or not at all)\n";
    return 1;
  }
  auto db = OpenData(options.data_dir, options.db, command);
  if (!db) return 1;
  watchlist::ImportRequest request;
  request.name = options.name;
  request.kind = kind;
  if (!options.legal_basis.empty()) request.legal_basis = options.legal_basis;
  if (!options.jurisdictions.empty()) request.jurisdictions = options.jurisdictions;
  request.format = options.format;
  request.sha256 = base::Sha256Hex(text);
  request.actor = options.actor;
  request.at = base::UtcNow();
  auto version = watchlist::Import(*db, request, *parsed);
  if (!version) {
    err << command << ": " << version.error().message << "\n";
    return 1;
  }
  out << options.name << " version " << version->version << ": " << version->entries << " entries ("
      << version->added << " added, " << version->changed << " changed, " << version->removed
      << " removed";
  if (version->skipped) out << "; " << version->skipped << " entities that are not persons skipped";
  out << ")\nopen cases are screened against the changes by tamga serve within seconds (or when "
         "it next starts)\n";
  return 0;
}

int ListWatchlists(const std::string& data_dir, const std::string& at, std::ostream& out,
                   std::ostream& err) {
  const char* command = "tamga watchlist list";
  auto db = OpenData(data_dir, at, command);
  if (!db) return 1;
  auto lists = watchlist::Lists(*db);
  auto versions = watchlist::Versions(*db);
  if (!lists || !versions) {
    err << command << ": " << (!lists ? lists.error() : versions.error()).message << "\n";
    return 1;
  }
  if (lists->empty()) out << "no watchlists (tamga watchlist import adds one)\n";
  for (const watchlist::List& l : *lists) {
    out << l.name << " (" << watchlist::ListKindName(l.kind) << ", in";
    for (const std::string& j : l.jurisdictions) out << " " << j;
    out << "): version " << l.version
        << "; legal basis: " << (l.legal_basis.empty() ? "per entry" : l.legal_basis) << "\n";
    for (const watchlist::Version& v : *versions) {
      if (v.list != l.name) continue;
      out << "  v" << v.version << " " << v.imported_at << " by " << v.imported_by << " ("
          << v.format << "): " << v.entries << " entries, +" << v.added << " ~" << v.changed << " -"
          << v.removed << "; ";
      if (v.rescreened_at) {
        out << "open cases screened " << *v.rescreened_at << ": " << v.new_hits << " new hits\n";
      } else {
        out << "open cases not yet screened against it\n";
      }
    }
  }
  return 0;
}

}  // namespace tamga::cli

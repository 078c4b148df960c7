#include "watchlist/watchlist.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "base/csv.h"
#include "base/sha256.h"
#include "base/utf8.h"
#include "identity/countries.h"

namespace tamga::watchlist {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxErrors = 50;

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" with a real month and day and a year in 1900..2100.
bool ValidBirthDate(std::string_view d) {
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i) {
      if (d[i] < '0' || d[i] > '9') return false;
    }
    return true;
  };
  if (d.size() != 4 && d.size() != 7 && d.size() != 10) return false;
  if (!digits(0, 4)) return false;
  int year = std::stoi(std::string(d.substr(0, 4)));
  if (year < 1900 || year > 2100) return false;
  if (d.size() == 4) return true;
  if (d[4] != '-' || !digits(5, 2)) return false;
  int month = std::stoi(std::string(d.substr(5, 2)));
  if (month < 1 || month > 12) return false;
  if (d.size() == 7) return true;
  if (d[7] != '-' || !digits(8, 2)) return false;
  int day = std::stoi(std::string(d.substr(8, 2)));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max = month == 2 ? (leap ? 29 : 28) : kDays[month - 1];
  return day >= 1 && day <= max;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

// "a; b;;c" -> {"a", "b", "c"}
std::vector<std::string> SplitValues(std::string_view field) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= field.size()) {
    size_t end = field.find(';', start);
    if (end == std::string_view::npos) end = field.size();
    std::string v = Trim(field.substr(start, end - start));
    if (!v.empty()) out.push_back(std::move(v));
    start = end + 1;
  }
  return out;
}

// An ISO alpha-3 or ICAO code as written, or an alpha-2 code; "" when neither.
std::string CountryCode(std::string_view code) {
  std::string upper;
  for (char c : code) upper.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
  if (upper.size() == 3 && identity::IsTravelDocumentCode(upper)) return upper;
  if (upper.size() == 2) return identity::Alpha3FromAlpha2(upper);
  return "";
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a byte-order mark
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

// The strings of an FtM property (a list of strings); others are errors.
bool Strings(const Json& props, const char* name, std::vector<std::string>& out) {
  auto it = props.find(name);
  if (it == props.end() || it->is_null()) return true;
  if (!it->is_array()) return false;
  for (const Json& v : *it) {
    if (!v.is_string()) return false;
    std::string s = Trim(v.get<std::string>());
    if (!s.empty()) out.push_back(std::move(s));
  }
  return true;
}

void AddUnique(std::vector<std::string>& to, std::string v) {
  if (!v.empty() && std::find(to.begin(), to.end(), v) == to.end()) to.push_back(std::move(v));
}

std::string JoinValues(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : "; ") + s;
  return out;
}

store::Error Err(std::string message) { return store::Error{std::move(message)}; }

std::string Bars(const std::vector<std::string>& v) {
  std::string out = "|";
  for (const std::string& s : v) out += s + "|";
  return out;
}

std::vector<std::string> FromBars(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('|', start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Version VersionFromRow(const store::Row& r) {
  Version v;
  v.list = r.Text(0);
  v.version = r.Int(1);
  v.imported_at = r.Text(2);
  v.imported_by = r.Text(3);
  v.format = r.Text(4);
  v.sha256 = r.Text(5);
  v.entries = r.Int(6);
  v.added = r.Int(7);
  v.changed = r.Int(8);
  v.removed = r.Int(9);
  v.skipped = r.Int(10);
  v.rescreened_at = r.OptionalText(11);
  v.new_hits = r.Int(12);
  return v;
}

constexpr const char* kVersionColumns =
    "list, version, imported_at, imported_by, format, sha256, entries, added, changed, removed, "
    "skipped, rescreened_at, new_hits";

}  // namespace

std::string_view ListKindName(ListKind kind) {
  switch (kind) {
    case ListKind::kEntryBan:
      return "entry-ban";
    case ListKind::kWanted:
      return "wanted";
    case ListKind::kSanctions:
      return "sanctions";
  }
  return "entry-ban";
}

std::optional<ListKind> ParseListKind(std::string_view name) {
  for (ListKind k : {ListKind::kEntryBan, ListKind::kWanted, ListKind::kSanctions}) {
    if (ListKindName(k) == name) return k;
  }
  return std::nullopt;
}

bool IsRefusalGround(ListKind kind) { return kind != ListKind::kWanted; }

std::expected<Parsed, std::vector<ParseError>> ParseFtm(std::string_view text) {
  Parsed parsed;
  std::vector<ParseError> errors;
  std::unordered_set<std::string> ids;
  auto fail = [&](int line, std::string column, std::string message) {
    if (errors.size() < kMaxErrors) errors.push_back({line, std::move(column), std::move(message)});
  };
  int number = 0;
  for (std::string_view line : Lines(text)) {
    ++number;
    if (Trim(line).empty()) continue;
    Json e = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (e.is_discarded() || !e.is_object()) {
      fail(number, "", "not a JSON object (one FollowTheMoney entity per line)");
      continue;
    }
    auto schema = e.find("schema");
    if (schema == e.end() || !schema->is_string()) {
      fail(number, "schema", "missing entity schema");
      continue;
    }
    if (*schema != "Person") {
      ++parsed.skipped;
      continue;
    }
    auto id = e.find("id");
    if (id == e.end() || !id->is_string() || id->get<std::string>().empty()) {
      fail(number, "id", "missing entity id");
      continue;
    }
    Subject s;
    s.id = id->get<std::string>();
    if (!ids.insert(s.id).second) {
      fail(number, "id", "entity " + s.id + " appears twice");
      continue;
    }
    auto props_it = e.find("properties");
    if (props_it == e.end() || !props_it->is_object()) {
      fail(number, "properties", "missing properties");
      continue;
    }
    const Json& props = *props_it;
    std::vector<std::string> names, aliases, dates, nationality, documents, topics, notes, program;
    bool ok = true;
    for (auto [property, into] : {std::pair{"name", &names},
                                  {"alias", &aliases},
                                  {"birthDate", &dates},
                                  {"nationality", &nationality},
                                  {"citizenship", &nationality},
                                  {"passportNumber", &documents},
                                  {"idNumber", &documents},
                                  {"topics", &topics},
                                  {"notes", &notes},
                                  {"program", &program}}) {
      if (!Strings(props, property, *into)) {
        fail(number, property, std::string("property ") + property + " must be a list of strings");
        ok = false;
      }
    }
    if (!ok) continue;
    if (names.empty()) {
      fail(number, "name", "a person without a name");
      continue;
    }
    for (std::string& n : names) AddUnique(s.person.names, std::move(n));
    for (std::string& n : aliases) AddUnique(s.person.names, std::move(n));
    for (const std::string& d : dates) {
      if (!ValidBirthDate(d)) {
        fail(number, "birthDate", "birth date \"" + d + "\" is not YYYY, YYYY-MM or YYYY-MM-DD");
        ok = false;
      }
      AddUnique(s.person.birth_dates, d);
    }
    if (!ok) continue;
    // Codes FtM uses beyond ISO (historic states such as "suhh") are left out.
    for (const std::string& c : nationality) AddUnique(s.person.citizenships, CountryCode(c));
    for (const std::string& d : documents) AddUnique(s.person.documents, d);
    s.topics = topics;
    s.reason = notes.empty() ? (topics.empty() ? "" : "topics: " + JoinValues(topics)) : notes[0];
    s.legal_basis = JoinValues(program);
    parsed.subjects.push_back(std::move(s));
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return parsed;
}

std::expected<Parsed, std::vector<ParseError>> ParseCsv(std::string_view text) {
  Parsed parsed;
  std::vector<ParseError> errors;
  auto fail = [&](int line, std::string column, std::string message) {
    if (errors.size() < kMaxErrors) errors.push_back({line, std::move(column), std::move(message)});
  };
  std::vector<std::string_view> lines = Lines(text);
  if (lines.empty() || Trim(lines[0]).empty()) {
    return std::unexpected(std::vector<ParseError>{
        {1, "", "empty file: the first line must be the header (id,name,...)"}});
  }
  static constexpr std::string_view kKnown[] = {
      "id", "name", "aliases", "birth_date", "citizenship", "documents", "reason", "legal_basis"};
  if (!base::IsValidUtf8(lines[0])) {
    return std::unexpected(
        std::vector<ParseError>{{1, "", "not UTF-8 text (save the file as UTF-8)"}});
  }
  std::vector<std::string> header = base::CsvFields(lines[0]);
  std::unordered_map<std::string, size_t> column;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string name = Trim(header[i]);
    if (std::find(std::begin(kKnown), std::end(kKnown), name) == std::end(kKnown)) {
      fail(1, name,
           "unknown column \"" + name +
               "\" (known: id, name, aliases, birth_date, citizenship, documents, "
               "reason, legal_basis)");
    } else if (!column.emplace(name, i).second) {
      fail(1, name, "column \"" + name + "\" appears twice");
    }
  }
  for (const char* required : {"id", "name"}) {
    if (!column.contains(required)) fail(1, required, std::string("missing column ") + required);
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));
  std::unordered_set<std::string> ids;
  for (size_t n = 1; n < lines.size(); ++n) {
    int number = static_cast<int>(n + 1);
    if (Trim(lines[n]).empty()) continue;
    if (!base::IsValidUtf8(lines[n])) {
      fail(number, "", "not UTF-8 text (save the file as UTF-8)");
      continue;
    }
    std::vector<std::string> fields = base::CsvFields(lines[n]);
    if (fields.size() != header.size()) {
      fail(number, "",
           "has " + std::to_string(fields.size()) + " fields; the header has " +
               std::to_string(header.size()));
      continue;
    }
    auto get = [&](const char* name) {
      auto it = column.find(name);
      return it == column.end() ? std::string() : Trim(fields[it->second]);
    };
    Subject s;
    s.id = get("id");
    if (s.id.empty()) {
      fail(number, "id", "empty id");
      continue;
    }
    if (!ids.insert(s.id).second) {
      fail(number, "id", "id " + s.id + " appears twice");
      continue;
    }
    std::string name = get("name");
    if (name.empty()) {
      fail(number, "name", "empty name");
      continue;
    }
    s.person.names.push_back(name);
    for (std::string& a : SplitValues(get("aliases"))) AddUnique(s.person.names, std::move(a));
    bool ok = true;
    for (std::string& d : SplitValues(get("birth_date"))) {
      if (!ValidBirthDate(d)) {
        fail(number, "birth_date", "\"" + d + "\" is not YYYY, YYYY-MM or YYYY-MM-DD");
        ok = false;
      }
      AddUnique(s.person.birth_dates, std::move(d));
    }
    for (const std::string& c : SplitValues(get("citizenship"))) {
      std::string code = CountryCode(c);
      if (code.empty()) {
        fail(number, "citizenship", "\"" + c + "\" is not an ISO 3166-1 country code");
        ok = false;
      }
      AddUnique(s.person.citizenships, std::move(code));
    }
    if (!ok) continue;
    for (std::string& d : SplitValues(get("documents")))
      AddUnique(s.person.documents, std::move(d));
    s.reason = get("reason");
    s.legal_basis = get("legal_basis");
    parsed.subjects.push_back(std::move(s));
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return parsed;
}

std::string SubjectJson(const Subject& s) {
  Json j = {{"id", s.id},
            {"names", s.person.names},
            {"birth_dates", s.person.birth_dates},
            {"citizenships", s.person.citizenships},
            {"documents", s.person.documents},
            {"reason", s.reason},
            {"legal_basis", s.legal_basis},
            {"topics", s.topics}};
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<Subject> SubjectFromJson(std::string_view json) {
  Json j = Json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  Subject s;
  auto strings = [&](const char* name) {
    std::vector<std::string> out;
    if (auto it = j.find(name); it != j.end() && it->is_array()) {
      for (const Json& v : *it) {
        if (v.is_string()) out.push_back(v.get<std::string>());
      }
    }
    return out;
  };
  auto text = [&](const char* name) {
    auto it = j.find(name);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  s.id = text("id");
  s.person.names = strings("names");
  s.person.birth_dates = strings("birth_dates");
  s.person.citizenships = strings("citizenships");
  s.person.documents = strings("documents");
  s.reason = text("reason");
  s.legal_basis = text("legal_basis");
  s.topics = strings("topics");
  return s;
}

const store::Migration& Schema() {
  static const store::Migration kSchema{5, "watchlists", R"sql(
CREATE TABLE watchlists (
  name TEXT PRIMARY KEY,             -- "lv-entry-bans"
  kind TEXT NOT NULL,                -- ListKindName: "entry-ban", "wanted", "sanctions"
  legal_basis TEXT NOT NULL,
  jurisdictions TEXT NOT NULL,       -- "|LV|" or "|*|"
  version INTEGER NOT NULL           -- the current version
);
CREATE TABLE watchlist_versions (
  list TEXT NOT NULL,
  version INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  format TEXT NOT NULL,              -- "ftm" or "csv"
  sha256 TEXT NOT NULL,              -- of the imported file
  entries INTEGER NOT NULL,
  added INTEGER NOT NULL,
  changed INTEGER NOT NULL,
  removed INTEGER NOT NULL,
  skipped INTEGER NOT NULL,          -- FtM entities that are not persons
  rescreened_at TEXT,                -- when open cases were screened against its changes
  new_hits INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (list, version)
);
-- An entry's rows over time: one per version that added or changed it. Import keeps one current
-- row (until_version NULL) per (list, entry_id); there is no unique index, which would cost a
-- third of a million-entry import.
CREATE TABLE watchlist_entries (
  id INTEGER PRIMARY KEY,
  list TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  since_version INTEGER NOT NULL,    -- the version that added it or last changed it
  until_version INTEGER,             -- the version that removed or changed it; NULL: current
  fingerprint TEXT NOT NULL,         -- hex SHA-256 of body
  body TEXT NOT NULL                 -- SubjectJson
);
CREATE INDEX watchlist_entries_current ON watchlist_entries (until_version, id);
CREATE INDEX watchlist_entries_since ON watchlist_entries (list, since_version);
)sql"};
  return kSchema;
}

std::expected<Version, store::Error> Import(store::Database& db, const ImportRequest& request,
                                            const Parsed& parsed) {
  if (request.name.empty()) return std::unexpected(Err("a list needs a name"));
  auto tx = db.Begin();
  if (!tx) return std::unexpected(tx.error());
  auto existing =
      tx->Query("SELECT kind, legal_basis, jurisdictions, version FROM watchlists WHERE name = ?",
                {request.name});
  if (!existing) return std::unexpected(existing.error());
  int64_t version = 1;
  if (existing->empty()) {
    if (!request.kind) {
      return std::unexpected(Err("list " + request.name +
                                 " is new: say what kind it is (entry-ban, wanted, sanctions)"));
    }
    std::vector<std::string> jurisdictions =
        request.jurisdictions.value_or(std::vector<std::string>{"*"});
    auto ok = tx->Execute(
        "INSERT INTO watchlists (name, kind, legal_basis, jurisdictions, version) "
        "VALUES (?, ?, ?, ?, 1)",
        {request.name, std::string(ListKindName(*request.kind)), request.legal_basis.value_or(""),
         Bars(jurisdictions)});
    if (!ok) return std::unexpected(ok.error());
  } else {
    version = (*existing)[0].Int(3) + 1;
    const store::Row& row = (*existing)[0];
    std::string kind = request.kind ? std::string(ListKindName(*request.kind)) : row.Text(0);
    std::string basis = request.legal_basis.value_or(row.Text(1));
    std::string jurisdictions = request.jurisdictions ? Bars(*request.jurisdictions) : row.Text(2);
    auto ok = tx->Execute(
        "UPDATE watchlists SET kind = ?, legal_basis = ?, jurisdictions = ?, version = ? "
        "WHERE name = ?",
        {kind, basis, jurisdictions, version, request.name});
    if (!ok) return std::unexpected(ok.error());
  }
  // The current entries: id -> (row id, fingerprint).
  std::unordered_map<std::string, std::pair<int64_t, std::string>> current;
  auto rows = tx->Query(
      "SELECT id, entry_id, fingerprint FROM watchlist_entries "
      "WHERE list = ? AND until_version IS NULL",
      {request.name});
  if (!rows) return std::unexpected(rows.error());
  for (const store::Row& r : *rows) current.emplace(r.Text(1), std::pair{r.Int(0), r.Text(2)});
  rows->clear();
  Version v;
  v.list = request.name;
  v.version = version;
  v.imported_at = request.at;
  v.imported_by = request.actor;
  v.format = request.format;
  v.sha256 = request.sha256;
  v.entries = static_cast<int64_t>(parsed.subjects.size());
  v.skipped = parsed.skipped;
  std::unordered_set<std::string> seen;
  for (const Subject& s : parsed.subjects) {
    if (!seen.insert(s.id).second) {
      return std::unexpected(Err("entry " + s.id + " appears twice in the list"));
    }
    std::string body = SubjectJson(s);
    std::string fingerprint = base::Sha256Hex(body);
    auto it = current.find(s.id);
    if (it != current.end()) {
      if (it->second.second == fingerprint) continue;
      auto closed = tx->Execute("UPDATE watchlist_entries SET until_version = ? WHERE id = ?",
                                {version, it->second.first});
      if (!closed) return std::unexpected(closed.error());
      ++v.changed;
    } else {
      ++v.added;
    }
    auto added = tx->Execute(
        "INSERT INTO watchlist_entries (list, entry_id, since_version, fingerprint, body) "
        "VALUES (?, ?, ?, ?, ?)",
        {request.name, s.id, version, fingerprint, body});
    if (!added) return std::unexpected(added.error());
  }
  for (const auto& [id, row] : current) {
    if (seen.contains(id)) continue;
    auto closed = tx->Execute("UPDATE watchlist_entries SET until_version = ? WHERE id = ?",
                              {version, row.first});
    if (!closed) return std::unexpected(closed.error());
    ++v.removed;
  }
  auto recorded = tx->Execute(
      "INSERT INTO watchlist_versions (list, version, imported_at, imported_by, format, sha256, "
      "entries, added, changed, removed, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {v.list, v.version, v.imported_at, v.imported_by, v.format, v.sha256, v.entries, v.added,
       v.changed, v.removed, v.skipped});
  if (!recorded) return std::unexpected(recorded.error());
  audit::Entry entry;
  entry.at = request.at;
  entry.actor = request.actor;
  entry.action = "watchlist.import";
  entry.details = Json{{"list", v.list},       {"version", v.version}, {"format", v.format},
                       {"sha256", v.sha256},   {"entries", v.entries}, {"added", v.added},
                       {"changed", v.changed}, {"removed", v.removed}, {"skipped", v.skipped}}
                      .dump();
  if (auto ok = audit::Append(*tx, entry); !ok) return std::unexpected(ok.error());
  if (auto ok = tx->Commit(); !ok) return std::unexpected(ok.error());
  return v;
}

std::expected<std::vector<List>, store::Error> Lists(store::Database& db) {
  auto tx = db.Begin();
  if (!tx) return std::unexpected(tx.error());
  auto rows = tx->Query(
      "SELECT name, kind, legal_basis, jurisdictions, version FROM watchlists ORDER BY name");
  if (!rows) return std::unexpected(rows.error());
  std::vector<List> out;
  for (const store::Row& r : *rows) {
    List l;
    l.name = r.Text(0);
    l.kind = ParseListKind(r.Text(1)).value_or(ListKind::kEntryBan);
    l.legal_basis = r.Text(2);
    l.jurisdictions = FromBars(r.Text(3));
    l.version = r.Int(4);
    out.push_back(std::move(l));
  }
  return out;
}

std::expected<std::vector<Version>, store::Error> Versions(store::Database& db) {
  auto tx = db.Begin();
  if (!tx) return std::unexpected(tx.error());
  auto rows = tx->Query(std::string("SELECT ") + kVersionColumns +
                        " FROM watchlist_versions ORDER BY list, version DESC");
  if (!rows) return std::unexpected(rows.error());
  std::vector<Version> out;
  for (const store::Row& r : *rows) out.push_back(VersionFromRow(r));
  return out;
}

namespace {

// The lists by name, for joining entries with their list's kind, basis and jurisdictions.
std::expected<std::unordered_map<std::string, List>, store::Error> ListsByName(
    store::Database& db) {
  auto lists = Lists(db);
  if (!lists) return std::unexpected(lists.error());
  std::unordered_map<std::string, List> out;
  for (List& l : *lists) out.emplace(l.name, std::move(l));
  return out;
}

std::optional<ListedSubject> Listed(const std::unordered_map<std::string, List>& lists,
                                    const store::Row& r) {
  auto list = lists.find(r.Text(0));
  auto subject = SubjectFromJson(r.Text(3));
  if (list == lists.end() || !subject) return std::nullopt;
  ListedSubject out;
  out.list = list->first;
  out.kind = list->second.kind;
  out.jurisdictions = list->second.jurisdictions;
  out.version = r.Int(1);
  out.fingerprint = r.Text(2);
  out.legal_basis = subject->legal_basis.empty() ? list->second.legal_basis : subject->legal_basis;
  out.subject = std::move(*subject);
  return out;
}

}  // namespace

std::expected<void, store::Error> ForEachCurrentEntry(
    store::Database& db, const std::function<void(ListedSubject&&)>& visit) {
  auto lists = ListsByName(db);
  if (!lists) return std::unexpected(lists.error());
  int64_t after = 0;
  while (true) {
    store::Rows rows;
    {
      auto tx = db.Begin();
      if (!tx) return std::unexpected(tx.error());
      auto batch = tx->Query(
          "SELECT list, since_version, fingerprint, body, id FROM watchlist_entries "
          "WHERE until_version IS NULL AND id > ? ORDER BY id LIMIT 20000",
          {after});
      if (!batch) return std::unexpected(batch.error());
      rows = std::move(*batch);
    }
    if (rows.empty()) return {};
    for (const store::Row& r : rows) {
      if (auto listed = Listed(*lists, r)) visit(std::move(*listed));
    }
    after = rows.back().Int(4);
  }
}

std::expected<std::vector<ListedSubject>, store::Error> ChangedIn(store::Database& db,
                                                                  const std::string& list,
                                                                  int64_t version) {
  auto lists = ListsByName(db);
  if (!lists) return std::unexpected(lists.error());
  auto tx = db.Begin();
  if (!tx) return std::unexpected(tx.error());
  auto rows = tx->Query(
      "SELECT list, since_version, fingerprint, body FROM watchlist_entries "
      "WHERE list = ? AND since_version = ? AND until_version IS NULL ORDER BY id",
      {list, version});
  if (!rows) return std::unexpected(rows.error());
  std::vector<ListedSubject> out;
  for (const store::Row& r : *rows) {
    if (auto listed = Listed(*lists, r)) out.push_back(std::move(*listed));
  }
  return out;
}

std::expected<std::vector<Version>, store::Error> NotRescreened(store::Database& db) {
  auto tx = db.Begin();
  if (!tx) return std::unexpected(tx.error());
  auto rows = tx->Query(std::string("SELECT ") + kVersionColumns +
                        " FROM watchlist_versions WHERE rescreened_at IS NULL "
                        "ORDER BY imported_at, list, version");
  if (!rows) return std::unexpected(rows.error());
  std::vector<Version> out;
  for (const store::Row& r : *rows) out.push_back(VersionFromRow(r));
  return out;
}

std::expected<void, store::Error> RecordRescreen(store::Transaction& tx, const std::string& list,
                                                 int64_t version, const std::string& at,
                                                 int64_t new_hits) {
  auto ok = tx.Execute(
      "UPDATE watchlist_versions SET rescreened_at = ?, new_hits = ? "
      "WHERE list = ? AND version = ?",
      {at, new_hits, list, version});
  if (!ok) return std::unexpected(ok.error());
  return {};
}

std::expected<int64_t, store::Error> Generation(store::Database& db) {
  auto tx = db.Begin();
  if (!tx) return std::unexpected(tx.error());
  auto rows = tx->Query("SELECT COUNT(*) FROM watchlist_versions");
  if (!rows) return std::unexpected(rows.error());
  return rows->empty() ? 0 : (*rows)[0].Int(0);
}

}  // namespace tamga::watchlist

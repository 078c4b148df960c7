#include "cases/screening.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "base/sha256.h"
#include "feel/temporal.h"

namespace tamga::cases {

using Json = nlohmann::ordered_json;

namespace {

Error Unavailable(const std::string& context, const store::Error& e) {
  return Error{Error::Code::kUnavailable, "", context + ": " + e.message};
}

bool Applies(const std::vector<std::string>& jurisdictions, const std::string& jurisdiction) {
  return std::any_of(jurisdictions.begin(), jurisdictions.end(),
                     [&](const std::string& j) { return j == "*" || j == jurisdiction; });
}

Json PersonJson(const watchlist::Person& p) {
  return {{"names", p.names},
          {"birthDates", p.birth_dates},
          {"citizenships", p.citizenships},
          {"documents", p.documents}};
}

// Scores as people read them: three decimals.
double Rounded(double score) { return std::round(score * 1000) / 1000; }

// The evidence of a comparison, as a hit and a search result carry it.
std::string EvidenceJson(const watchlist::PersonMatch& m) {
  Json parts = Json::array();
  for (const identity::PartEvidence& p : m.name.parts) {
    parts.push_back({{"left", p.left},
                     {"right", p.right},
                     {"how", std::string(identity::PartMatchName(p.how))},
                     {"score", Rounded(p.score)},
                     {"detail", p.detail}});
  }
  Json factors = Json::array();
  for (const watchlist::Factor& f : m.factors) {
    factors.push_back({{"factor", f.name}, {"effect", f.effect}, {"detail", f.detail}});
  }
  return Json{{"applicantName", m.left_name},
              {"otherName", m.right_name},
              {"nameScore", Rounded(m.name_score)},
              {"parts", std::move(parts)},
              {"unmatchedApplicant", m.name.unmatched_left},
              {"unmatchedOther", m.name.unmatched_right},
              {"factors", std::move(factors)},
              {"score", Rounded(m.score)}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Whether the case already has a hit for this record, or had one adjudicated while both records
// were as they are now.
bool AlreadyRaised(const Case& c, const std::string& source, const std::string& list,
                   const std::string& entry_id, const std::string& entry_fingerprint,
                   const std::string& applicant_fingerprint) {
  for (const ScreeningHit& h : c.screening_hits) {
    if (h.source != source || h.list != list || h.entry_id != entry_id) continue;
    if (h.status == HitStatus::kOpen) return true;
    if (h.entry_fingerprint == entry_fingerprint &&
        h.applicant_fingerprint == applicant_fingerprint)
      return true;
  }
  return false;
}

std::string Summary(const Case& other) {
  std::string s = other.number + " (" + other.application.kind + ", filed " +
                  feel::ToString(other.application.filing_date) +
                  "): " + std::string(StateName(other.state));
  if (!other.refusal_grounds.empty()) {
    s += "; refused because ";
    for (size_t i = 0; i < other.refusal_grounds.size(); ++i) {
      const policy::Ground& g = other.refusal_grounds[i];
      s += (i ? "; " : "") + g.reason + (g.citation.empty() ? "" : " (" + g.citation + ")");
    }
  }
  return s;
}

}  // namespace

watchlist::Person ApplicantPerson(const Application& app) {
  const Applicant& a = app.applicant;
  watchlist::Person p;
  p.names.push_back(a.surname + " " + a.given_names);
  if (!a.native_name.empty()) p.names.push_back(a.native_name);
  p.birth_dates.push_back(feel::ToString(a.birth_date));
  p.citizenships = a.citizenships;
  p.documents.push_back(a.passport.number);
  for (const Document& d : app.documents) {
    if (!d.number.empty() &&
        std::find(p.documents.begin(), p.documents.end(), d.number) == p.documents.end())
      p.documents.push_back(d.number);
  }
  return p;
}

std::string PersonFingerprint(const watchlist::Person& person) {
  return base::Sha256Hex(PersonJson(person).dump());
}

// The current list entries (their subjects as JSON, to keep a million of them compact) and the
// index over them.
struct Screener::ListIndex {
  struct Entry {
    uint32_t list;  // index into `lists`
    int64_t version;
    std::string fingerprint;
    std::string legal_basis;
    std::string body;  // watchlist::SubjectJson
  };
  std::vector<watchlist::List> lists;
  std::vector<Entry> entries;
  watchlist::PersonIndex index;
  int64_t generation = 0;
};

// Stored applicants by case id.
struct Screener::Applications {
  struct Record {
    std::string number;
    std::string jurisdiction;
    std::string body;  // watchlist::SubjectJson with the case number as id
  };
  std::unordered_map<uint32_t, Record> records;
  watchlist::PersonIndex index;
};

Screener::Screener(store::Database& db, CaseStore& store)
    : db_(db), store_(store), applications_(std::make_unique<Applications>()) {}
Screener::~Screener() = default;

std::expected<std::shared_ptr<const Screener::ListIndex>, Error> Screener::LoadLists() const {
  auto lists = std::make_shared<ListIndex>();
  auto generation = watchlist::Generation(db_);
  if (!generation) return std::unexpected(Unavailable("reading watchlists", generation.error()));
  lists->generation = *generation;
  auto known = watchlist::Lists(db_);
  if (!known) return std::unexpected(Unavailable("reading watchlists", known.error()));
  lists->lists = std::move(*known);
  std::unordered_map<std::string, uint32_t> by_name;
  for (uint32_t i = 0; i < lists->lists.size(); ++i) by_name[lists->lists[i].name] = i;
  auto ok = watchlist::ForEachCurrentEntry(db_, [&](watchlist::ListedSubject&& s) {
    auto list = by_name.find(s.list);
    if (list == by_name.end()) return;
    uint32_t ref = static_cast<uint32_t>(lists->entries.size());
    lists->index.Add(ref, watchlist::PreparedPerson(s.subject.person));
    lists->entries.push_back({list->second, s.version, std::move(s.fingerprint),
                              std::move(s.legal_basis), watchlist::SubjectJson(s.subject)});
  });
  if (!ok) return std::unexpected(Unavailable("reading watchlist entries", ok.error()));
  return lists;
}

std::expected<void, Error> Screener::Load() {
  auto lists = LoadLists();
  if (!lists) return std::unexpected(lists.error());
  if (auto filled = store_.BackfillSubjects(); !filled) return std::unexpected(filled.error());
  auto applications = std::make_unique<Applications>();
  int64_t after = 0;
  while (true) {
    store::Rows rows;
    {
      auto tx = db_.Begin();
      if (!tx) return std::unexpected(Unavailable("reading applicants", tx.error()));
      auto batch = tx->Query(
          "SELECT case_id, number, jurisdiction, person FROM case_subjects WHERE case_id > ? "
          "ORDER BY case_id LIMIT 20000",
          {after});
      if (!batch) return std::unexpected(Unavailable("reading applicants", batch.error()));
      rows = std::move(*batch);
    }
    if (rows.empty()) break;
    for (const store::Row& r : rows) {
      auto subject = watchlist::SubjectFromJson(r.Text(3));
      if (!subject) continue;
      uint32_t ref = static_cast<uint32_t>(r.Int(0));
      applications->index.Add(ref, watchlist::PreparedPerson(subject->person));
      applications->records[ref] = {r.Text(1), r.Text(2), r.Text(3)};
    }
    after = rows.back().Int(0);
  }
  std::unique_lock lock(mutex_);
  lists_ = std::move(*lists);
  applications_ = std::move(applications);
  return {};
}

std::expected<bool, Error> Screener::RefreshLists() {
  auto generation = watchlist::Generation(db_);
  if (!generation) return std::unexpected(Unavailable("reading watchlists", generation.error()));
  {
    std::shared_lock lock(mutex_);
    if (lists_ && lists_->generation == *generation) return false;
  }
  auto lists = LoadLists();
  if (!lists) return std::unexpected(lists.error());
  std::unique_lock lock(mutex_);
  lists_ = std::move(*lists);
  return true;
}

void Screener::Remember(const Case& c) {
  watchlist::Subject s;
  s.id = c.number;
  s.person = ApplicantPerson(c.application);
  watchlist::PreparedPerson prepared(s.person);
  std::unique_lock lock(mutex_);
  uint32_t ref = static_cast<uint32_t>(c.id);
  if (applications_->records.contains(ref)) return;  // known (an index keeps what it was given)
  applications_->index.Add(ref, prepared);
  applications_->records[ref] = {c.number, c.application.jurisdiction, watchlist::SubjectJson(s)};
}

std::expected<std::vector<ScreeningHit>, Error> Screener::Screen(const Case& c,
                                                                 const std::string& at,
                                                                 const Scope& scope) const {
  watchlist::Person person = ApplicantPerson(c.application);
  std::string applicant_fingerprint = PersonFingerprint(person);
  watchlist::PreparedPerson query(person);
  int64_t next_id = 1;
  for (const ScreeningHit& h : c.screening_hits) next_id = std::max(next_id, h.id + 1);
  std::vector<ScreeningHit> hits;
  // Earlier applications are looked up after the lock is released (their cases are loaded).
  std::vector<std::pair<Applications::Record, watchlist::PersonMatch>> earlier;
  {
    std::shared_lock lock(mutex_);
    if (scope.lists && lists_) {
      for (uint32_t ref : lists_->index.Candidates(query)) {
        const ListIndex::Entry& e = lists_->entries[ref];
        const watchlist::List& list = lists_->lists[e.list];
        if (!scope.only_list.empty() && (list.name != scope.only_list ||
                                         (scope.only_version && e.version != scope.only_version)))
          continue;
        if (!Applies(list.jurisdictions, c.application.jurisdiction)) continue;
        auto subject = watchlist::SubjectFromJson(e.body);
        if (!subject) continue;
        watchlist::PersonMatch m =
            watchlist::ComparePersons(query, watchlist::PreparedPerson(subject->person));
        if (m.score < watchlist::kHitThreshold) continue;
        if (AlreadyRaised(c, "watchlist", list.name, subject->id, e.fingerprint,
                          applicant_fingerprint))
          continue;
        ScreeningHit h;
        h.source = "watchlist";
        h.list = list.name;
        h.list_kind = std::string(watchlist::ListKindName(list.kind));
        h.list_version = e.version;
        h.entry_id = subject->id;
        h.entry_fingerprint = e.fingerprint;
        h.legal_basis = e.legal_basis;
        h.reason = subject->reason;
        h.subject = PersonJson(subject->person)
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        h.score = Rounded(m.score);
        h.evidence = EvidenceJson(m);
        hits.push_back(std::move(h));
      }
    }
    if (scope.applications) {
      for (uint32_t ref : applications_->index.Candidates(query)) {
        if (c.id != 0 && ref == static_cast<uint32_t>(c.id)) continue;
        auto record = applications_->records.find(ref);
        if (record == applications_->records.end() || record->second.number == c.number) continue;
        auto subject = watchlist::SubjectFromJson(record->second.body);
        if (!subject) continue;
        watchlist::PersonMatch m =
            watchlist::ComparePersons(query, watchlist::PreparedPerson(subject->person));
        if (m.score < watchlist::kHitThreshold) continue;
        earlier.emplace_back(record->second, std::move(m));
      }
    }
  }
  for (auto& [record, m] : earlier) {
    auto other = store_.Load(record.number);
    if (!other) continue;  // gone meanwhile: nothing to show
    // An asylum claim is never a screening hit: the hit would tell whoever reads the case of the
    // claim (docs/asylum.md). The case service flags the person's protection instead.
    if (other->IsAsylum()) continue;
    watchlist::Person other_person = ApplicantPerson(other->application);
    std::string fingerprint = PersonFingerprint(other_person);
    if (AlreadyRaised(c, "application", "", other->number, fingerprint, applicant_fingerprint))
      continue;
    ScreeningHit h;
    h.source = "application";
    h.entry_id = other->number;
    h.entry_fingerprint = fingerprint;
    h.reason = Summary(*other);
    Json subject = PersonJson(other_person);
    subject["jurisdiction"] = other->application.jurisdiction;
    subject["kind"] = other->application.kind;
    subject["state"] = std::string(StateName(other->state));
    subject["filingDate"] = feel::ToString(other->application.filing_date);
    h.subject = subject.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    h.score = Rounded(m.score);
    h.evidence = EvidenceJson(m);
    hits.push_back(std::move(h));
  }
  std::sort(hits.begin(), hits.end(),
            [](const ScreeningHit& a, const ScreeningHit& b) { return a.score > b.score; });
  for (ScreeningHit& h : hits) {
    h.id = next_id++;
    h.applicant_fingerprint = applicant_fingerprint;
    h.raised_at = at;
  }
  return hits;
}

std::vector<std::string> Screener::CasesLike(const watchlist::Person& subject) const {
  watchlist::PreparedPerson query(subject);
  std::shared_lock lock(mutex_);
  std::vector<std::string> out;
  for (uint32_t ref : applications_->index.Candidates(query, 4096)) {
    auto record = applications_->records.find(ref);
    if (record != applications_->records.end()) out.push_back(record->second.number);
  }
  return out;
}

std::vector<PersonFound> Screener::Search(const watchlist::Person& query_person,
                                          const std::vector<std::string>& jurisdictions,
                                          double min_score, size_t limit) const {
  watchlist::PreparedPerson query(query_person);
  std::vector<PersonFound> out;
  std::shared_lock lock(mutex_);
  for (uint32_t ref : applications_->index.Candidates(query, 1024)) {
    auto record = applications_->records.find(ref);
    if (record == applications_->records.end()) continue;
    if (!jurisdictions.empty() && !Applies(jurisdictions, record->second.jurisdiction)) continue;
    auto subject = watchlist::SubjectFromJson(record->second.body);
    if (!subject) continue;
    watchlist::PersonMatch m =
        watchlist::ComparePersons(query, watchlist::PreparedPerson(subject->person));
    if (m.score < min_score) continue;
    // Found by a document number alone, nothing named the match: the application's first name.
    std::string name = m.right_name;
    if (name.empty() && !subject->person.names.empty()) name = subject->person.names.front();
    out.push_back({record->second.number, record->second.jurisdiction, std::move(name),
                   Rounded(m.score), EvidenceJson(m)});
  }
  std::sort(out.begin(), out.end(), [](const PersonFound& a, const PersonFound& b) {
    return a.score != b.score ? a.score > b.score : a.number < b.number;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::expected<std::vector<watchlist::Version>, Error> Screener::VersionsToRescreen() const {
  auto versions = watchlist::NotRescreened(db_);
  if (!versions)
    return std::unexpected(Unavailable("reading watchlist versions", versions.error()));
  return std::move(*versions);
}

std::expected<std::vector<watchlist::ListedSubject>, Error> Screener::ChangedIn(
    const watchlist::Version& version) const {
  auto changed = watchlist::ChangedIn(db_, version.list, version.version);
  if (!changed) return std::unexpected(Unavailable("reading watchlist entries", changed.error()));
  return std::move(*changed);
}

std::expected<Screener::Overview, Error> Screener::Lists() const {
  auto lists = watchlist::Lists(db_);
  if (!lists) return std::unexpected(Unavailable("reading watchlists", lists.error()));
  auto versions = watchlist::Versions(db_);
  if (!versions) return std::unexpected(Unavailable("reading watchlists", versions.error()));
  return Overview{std::move(*lists), std::move(*versions)};
}

size_t Screener::ListEntries() const {
  std::shared_lock lock(mutex_);
  return lists_ ? lists_->entries.size() : 0;
}

size_t Screener::Applicants() const {
  std::shared_lock lock(mutex_);
  return applications_->records.size();
}

}  // namespace tamga::cases

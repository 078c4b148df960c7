// Screening in the case lifecycle (docs/screening.md): an officer adjudicates each hit; a
// confirmed entry ban refuses the case on the list's legal basis; a new list version re-screens
// the open cases its changes may concern; officers search applications by name.
#include <algorithm>
#include <set>

#include "cases/service.h"
#include "cases/service_internal.h"
#include "feel/json.h"

namespace tamga::cases {

using internal::AwaitedDocuments;
using internal::Conflict;
using internal::Details;
using internal::HasOpenHits;
using internal::HeldBy;
using internal::Invalid;
using internal::StateAfterDecision;
using internal::StateForbids;

namespace internal {

audit::Entry ScreeningEntry(const Case& c, const std::string& at, const std::string& actor,
                            const std::string& action, const std::vector<ScreeningHit>& hits) {
  std::string list = "[";
  for (size_t i = 0; i < hits.size(); ++i) {
    const ScreeningHit& h = hits[i];
    char score[16];
    std::snprintf(score, sizeof score, "%.3f", h.score);
    list += std::string(i ? "," : "") + "{\"id\":" + std::to_string(h.id) +
            ",\"source\":" + feel::JsonQuote(h.source) + ",\"list\":" + feel::JsonQuote(h.list) +
            ",\"version\":" + std::to_string(h.list_version) +
            ",\"entry\":" + feel::JsonQuote(h.entry_id) + ",\"score\":" + score + "}";
  }
  list += "]";
  return audit::Entry{
      0,      at,       actor,
      action, c.number, "{\"hits\":" + std::to_string(hits.size()) + ",\"raised\":" + list + "}",
      ""};
}

}  // namespace internal

namespace {

// The refusal ground of a confirmed hit on an entry-ban or sanctions list. The applicant reads
// the reason and the legal basis; the list entry itself is never quoted. On the Schengen refusal
// form, a national entry ban is reason 7 (a threat to public policy or internal security) and a
// sanctions listing reason 9 (a threat to international relations).
policy::Ground ListGround(const ScreeningHit& hit, bool annex_vi) {
  policy::Ground g;
  g.rule_id = "screening:" + hit.list;
  if (hit.list_kind == "sanctions") {
    g.reason = "You are subject to restrictive measures (sanctions) that prohibit your entry.";
    g.reason_in = {{"ru",
                    "В отношении вас действуют ограничительные меры (санкции), "
                    "запрещающие въезд."}};
    g.form_ground = annex_vi ? 9 : 0;
  } else {
    g.reason = "You are a person whose entry is prohibited.";
    g.reason_in = {{"ru", "Вы являетесь лицом, въезд которого запрещён."}};
    g.form_ground = annex_vi ? 7 : 0;
  }
  g.citation = hit.legal_basis.empty() ? "entry ban (" + hit.list + ")" : hit.legal_basis;
  return g;
}

}  // namespace

std::expected<Case, Error> CaseService::Adjudicate(const std::string& number, int64_t hit_id,
                                                   HitStatus finding, const std::string& reason,
                                                   const Actor& officer) {
  if (finding == HitStatus::kOpen)
    return std::unexpected(
        Invalid("finding", "a finding is \"same-person\" or \"not-same-person\""));
  if (reason.empty()) return std::unexpected(Invalid("reason", "say why (what the records show)"));
  auto c = Load(number, officer);
  if (!c) return c;
  if (c->state != State::kScreeningReview)
    return std::unexpected(StateForbids(
        c->state,
        "the case is " + std::string(StateName(c->state)) + ", not waiting for screening review"));
  if (c->assigned_officer != officer.name)
    return std::unexpected(
        HeldBy(c->assigned_officer, "the case is held by " + c->assigned_officer));
  auto hit = std::find_if(c->screening_hits.begin(), c->screening_hits.end(),
                          [&](const ScreeningHit& h) { return h.id == hit_id; });
  if (hit == c->screening_hits.end())
    return std::unexpected(
        Error{Error::Code::kNotFound, "hitId",
              "case " + number + " has no screening hit " + std::to_string(hit_id)});
  if (hit->status != HitStatus::kOpen)
    return std::unexpected(Conflict("hit " + std::to_string(hit_id) + " was adjudicated by " +
                                    hit->adjudicated_by + " on " + hit->adjudicated_at));
  std::string at = now_();
  hit->status = finding;
  hit->adjudicated_by = officer.name;
  hit->adjudicated_at = at;
  hit->adjudication_reason = reason;
  std::string what = "screening hit " + std::to_string(hit_id) + " (" +
                     (hit->source == "watchlist" ? hit->list + " entry " + hit->entry_id
                                                 : "application " + hit->entry_id) +
                     "): " + std::string(HitStatusName(finding)) + ": " + reason;
  audit::Entry finding_entry{0,
                             at,
                             officer.name,
                             "screening.adjudicate",
                             number,
                             Details({{"hit", std::to_string(hit_id)},
                                      {"source", hit->source},
                                      {"list", hit->list},
                                      {"entry", hit->entry_id},
                                      {"finding", std::string(HitStatusName(finding))},
                                      {"reason", reason}}),
                             ""};
  if (HasOpenHits(*c)) {
    return Commit(std::move(*c), State::kScreeningReview, officer, "case.screening-review", what,
                  {std::move(finding_entry)});
  }
  // Every hit is adjudicated: confirmed entry bans refuse; otherwise the case goes on.
  bool annex_vi = false;
  if (auto version = DecidingVersion(*c)) annex_vi = version->refusal_form == "schengen-annex-vi";
  std::vector<policy::Ground> grounds;
  for (const ScreeningHit& h : c->screening_hits) {
    if (h.status != HitStatus::kSamePerson || h.source != "watchlist") continue;
    auto kind = watchlist::ParseListKind(h.list_kind);
    if (!kind || !watchlist::IsRefusalGround(*kind)) continue;
    policy::Ground g = ListGround(h, annex_vi);
    bool seen = std::any_of(grounds.begin(), grounds.end(), [&](const policy::Ground& x) {
      return x.rule_id == g.rule_id && x.citation == g.citation;
    });
    if (!seen) grounds.push_back(std::move(g));
  }
  if (!grounds.empty()) {
    return RefuseOn(std::move(*c), std::move(grounds), officer, "case.refuse",
                    what + "; refused on the list's legal basis", {std::move(finding_entry)});
  }
  std::vector<std::string> before = AwaitedDocuments(*c);
  std::vector<audit::Entry> extra{std::move(finding_entry)};
  if (auto ok = Decide(*c); ok) {
    auto notice = NoticeIfDocumentsChanged(*c, before);
    if (!notice) return std::unexpected(notice.error());
    for (audit::Entry& e : *notice) extra.push_back(std::move(e));
  }
  State to = c->decision ? StateAfterDecision(*c) : State::kSubmitted;
  if (to == State::kSubmitted) to = State::kReadyForReview;  // undecidable: an officer reviews it
  return Commit(std::move(*c), to, officer, "case.screening-cleared", what, std::move(extra));
}

std::expected<int64_t, Error> CaseService::RescreenLists() {
  if (!screener_) return 0;
  std::lock_guard lock(rescreening_);
  if (auto refreshed = screener_->RefreshLists(); !refreshed)
    return std::unexpected(refreshed.error());
  auto versions = screener_->VersionsToRescreen();
  if (!versions) return std::unexpected(versions.error());
  int64_t total = 0;
  for (const watchlist::Version& v : *versions) {
    auto changed = screener_->ChangedIn(v);
    if (!changed) return std::unexpected(changed.error());
    std::set<std::string> numbers;
    for (const watchlist::ListedSubject& s : *changed) {
      for (std::string& n : screener_->CasesLike(s.subject.person)) numbers.insert(std::move(n));
    }
    int64_t hits = 0, cases = 0;
    for (const std::string& number : numbers) {
      auto c = store_.Load(number);
      if (!c) continue;
      if (!TransitionAllowed(c->state, State::kScreeningReview)) continue;  // decided or appealed
      if (c->IsAsylum()) continue;  // not screened: a hit is a question for its officers (1F)
      std::string at = now_();
      auto found = screener_->Screen(
          *c, at,
          {.lists = true, .applications = false, .only_list = v.list, .only_version = v.version});
      if (!found) return std::unexpected(found.error());
      if (found->empty()) continue;
      for (ScreeningHit& h : *found) c->screening_hits.push_back(h);
      c->screened_at = at;
      audit::Entry entry = internal::ScreeningEntry(*c, at, "system", "case.screen", *found);
      int64_t raised = static_cast<int64_t>(found->size());
      auto done =
          Commit(std::move(*c), State::kScreeningReview, Actor{"system", "system"}, "case.rescreen",
                 std::to_string(raised) + " new screening hit(s) on " + v.list + " version " +
                     std::to_string(v.version),
                 {std::move(entry)});
      if (!done) {
        if (done.error().code == Error::Code::kConflict) continue;  // changed meanwhile: next run
        return std::unexpected(done.error());
      }
      hits += raised;
      ++cases;
    }
    auto recorded =
        store_.RecordRescreen(v.list, v.version, now_(), hits,
                              audit::Entry{0, now_(), "system", "watchlist.rescreen", "",
                                           Details({{"list", v.list},
                                                    {"version", std::to_string(v.version)},
                                                    {"candidates", std::to_string(numbers.size())},
                                                    {"cases", std::to_string(cases)},
                                                    {"hits", std::to_string(hits)}}),
                                           ""});
    if (!recorded) return std::unexpected(recorded.error());
    total += hits;
  }
  return total;
}

std::expected<std::vector<PersonFound>, Error> CaseService::SearchPersons(
    const watchlist::Person& query, const std::vector<std::string>& jurisdictions,
    const Actor& actor) {
  const bool by_name = !query.names.empty() && !query.names[0].empty();
  if (!by_name && query.documents.empty())
    return std::unexpected(Invalid("name", "a search needs a name or a document number"));
  if (!screener_) return std::vector<PersonFound>{};
  // By a document number alone, every application that carries it is an answer, however its
  // name reads: the score (name-led) does not filter.
  std::vector<PersonFound> found = by_name ? screener_->Search(query, jurisdictions)
                                           : screener_->Search(query, jurisdictions, 0);
  // An asylum claim is found only by whoever may know of it (docs/asylum.md).
  std::erase_if(found, [&](const PersonFound& f) {
    if (actor.SeesAsylum(f.jurisdiction)) return false;
    auto c = store_.Load(f.number);
    return !c || c->IsAsylum();
  });
  if (!found.empty()) {
    std::string numbers;
    for (const PersonFound& f : found) numbers += (numbers.empty() ? "" : ",") + f.number;
    auto read = store_.RecordRead(audit::Entry{
        0, now_(), actor.name, "case.search", "",
        Details({{by_name ? "name" : "document", by_name ? query.names[0] : query.documents[0]},
                 {"cases", numbers}}),
        ""});
    if (!read) return std::unexpected(read.error());
  }
  return found;
}

}  // namespace tamga::cases

// Cases as officers work them: the case list, the officer actions of the lifecycle, and the audit
// trail. Every action names its case in the path and is refused outside the caller's scope.
#include <charconv>

#include "feel/temporal.h"

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"

namespace tamga::api {
namespace {

constexpr cases::State kAllStates[] = {
    cases::State::kSubmitted,
    cases::State::kAwaitingDocuments,
    cases::State::kReadyForReview,
    cases::State::kValidated,
    cases::State::kScreeningReview,
    cases::State::kApproved,
    cases::State::kRefused,
    cases::State::kAppealed,
    cases::State::kAppealUpheld,
    cases::State::kAppealDismissed,
    cases::State::kWithdrawn,
    cases::State::kRegistered,
    cases::State::kInterviewScheduled,
    cases::State::kExamination,
    cases::State::kRefusalProposed,
};

Result<int> ReadInt(const std::string& field, const std::string& text, int min, int max) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return std::unexpected(Invalid(field, "expected a whole number from " + std::to_string(min) +
                                              " to " + std::to_string(max)));
  }
  return value;
}

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::ranges::find(list, item) != list.end();
}

Result<cases::CaseFilter> ReadFilter(Context& ctx, const Call& call) {
  const Account& account = *call.account;
  cases::CaseFilter f;
  if (auto state = call.Query("state")) {
    f.state = cases::ParseState(*state);
    if (!f.state) {
      std::string known;
      for (cases::State s : kAllStates) {
        known += (known.empty() ? "" : ", ") + std::string(cases::StateName(s));
      }
      return std::unexpected(Invalid("state", "unknown state \"" + *state + "\"; one of " + known));
    }
  }
  std::vector<std::string> jurisdictions = ctx.Policies()->Jurisdictions();
  if (auto jurisdiction = call.Query("jurisdiction")) {
    if (!Contains(jurisdictions, *jurisdiction)) {
      return std::unexpected(
          Invalid("jurisdiction", "unknown jurisdiction \"" + *jurisdiction + "\""));
    }
    if (auto scoped = RequireScope(account, *jurisdiction); !scoped) {
      return std::unexpected(scoped.error());
    }
    f.jurisdiction = *jurisdiction;
    jurisdictions = {*jurisdiction};
  }
  if (auto kind = call.Query("kind")) {
    std::shared_ptr<const policy::Library> library = ctx.Policies();
    bool known = std::ranges::any_of(
        jurisdictions, [&](const std::string& j) { return Contains(library->Kinds(j), *kind); });
    if (!known) return std::unexpected(Invalid("kind", "unknown kind \"" + *kind + "\""));
    f.kind = *kind;
  }
  if (auto citizenship = call.Query("citizenship")) {
    bool icao = citizenship->size() == 3 &&
                std::ranges::all_of(*citizenship, [](char c) { return c >= 'A' && c <= 'Z'; });
    if (!icao) {
      return std::unexpected(Invalid("citizenship", "expected an ICAO 3-letter code, e.g. RUS"));
    }
    f.citizenship = *citizenship;
  }
  for (auto [name, flag] : {std::pair{"overdue", &f.overdue_only}, std::pair{"open", &f.open_only},
                            std::pair{"claimable", &f.claimable}}) {
    if (auto given = call.Query(name)) {
      if (*given != "true" && *given != "false") {
        return std::unexpected(Invalid(name, "expected true or false"));
      }
      *flag = *given == "true";
    }
  }
  if (auto assignee = call.Query("assignee")) {
    // "me": the caller's own cases. Another officer's, for a supervisor's view of their load.
    const std::string name = *assignee == "me" ? account.name : *assignee;
    if (name.empty() || name.size() > 100)
      return std::unexpected(Invalid("assignee", "\"me\" or an officer's account name"));
    if (name != account.name && account.role != Role::kSupervisor)
      return std::unexpected(
          Forbidden("assignee", "an officer lists only their own cases (assignee=me)"));
    f.assignee = name;
  }
  if (auto sort = call.Query("sort")) {
    auto order = cases::ParseCaseSort(*sort);
    if (!order)
      return std::unexpected(
          Invalid("sort", "deadline (the queue's order), filed, -filed or name"));
    f.sort = *order;
  }
  if (auto cursor = call.Query("cursor")) f.after = *cursor;
  if (auto page = call.Query("page")) {
    auto n = ReadInt("page", *page, 1, 1'000'000);
    if (!n) return std::unexpected(n.error());
    f.page = *n;
  }
  if (auto size = call.Query("pageSize")) {
    auto n = ReadInt("pageSize", *size, 1, 200);
    if (!n) return std::unexpected(n.error());
    f.page_size = *n;
  }
  // The caller's scope; an empty list would mean every jurisdiction to the store.
  if (!account.InScope("*")) {
    if (account.jurisdictions.empty()) {
      return std::unexpected(Forbidden("jurisdiction", account.name + " has no jurisdictions"));
    }
    f.jurisdictions = account.jurisdictions;
  }
  f.today = ctx.Today();
  return f;
}

Result<void> NoFields(const nlohmann::json& body) {
  std::optional<ApiError> error;
  Fields(body, "", error).RejectUnknown();
  if (error) return std::unexpected(*error);
  return {};
}

// What the case service answers to an action.
using CaseOutcome = std::expected<cases::Case, cases::Error>;

// Runs an action on the case named in the path once the caller's scope is checked; `act` reads the
// body and calls the service. Answers the case as stored.
template <typename Act>
Result<Reply> OnCase(Context& ctx, const Call& call, Act act) {
  const std::string& number = call.Path("number");
  auto actor = CaseActor(ctx, call, number);
  if (!actor) return std::unexpected(actor.error());
  Result<CaseOutcome> c = act(number, *actor);
  if (!c) return std::unexpected(c.error());
  if (!*c) return std::unexpected(FromCaseError(c->error()));
  return Reply{200, StaffCaseJson(**c, *call.account)};
}

}  // namespace

Result<Reply> ListCases(Context& ctx, const Call& call) {
  auto filter = ReadFilter(ctx, call);
  if (!filter) return std::unexpected(filter.error());
  auto page = ctx.cases.List(*filter, ActorOf(*call.account));
  if (!page) return std::unexpected(FromCaseError(page.error()));
  nlohmann::json list = nlohmann::json::array();
  for (const cases::CaseSummary& s : page->cases) list.push_back(SummaryJson(s));
  return JsonReply(200,
                   {{"cases", list},
                    {"total", page->total},
                    {"page", page->page},
                    {"pageSize", page->page_size},
                    {"next", page->next.empty() ? nlohmann::json() : nlohmann::json(page->next)}});
}

Result<Reply> ClaimCase(Context& ctx, const Call& call) {
  return OnCase(ctx, call,
                [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
                  if (auto ok = NoFields(call.json); !ok) return std::unexpected(ok.error());
                  return ctx.cases.Claim(number, actor);
                });
}

Result<Reply> ReleaseCase(Context& ctx, const Call& call) {
  return OnCase(
      ctx, call, [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
        std::optional<ApiError> error;
        Fields body(call.json, "", error);
        std::string reason = body.String("reason", Fields::kOptional, cases::kMaxReasonBytes);
        body.RejectUnknown();
        if (error) return std::unexpected(*error);
        return ctx.cases.Release(number, actor, reason);
      });
}

Result<Reply> AssignCase(Context& ctx, const Call& call) {
  return OnCase(
      ctx, call, [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
        std::optional<ApiError> error;
        Fields body(call.json, "", error);
        std::string officer = body.String("officer", Fields::kRequired, 100);
        std::string reason = body.String("reason", Fields::kOptional, cases::kMaxReasonBytes);
        body.RejectUnknown();
        if (error) return std::unexpected(*error);
        auto accounts = ctx.accounts.List();
        if (!accounts) return std::unexpected(FromAccountError(accounts.error()));
        auto to =
            std::ranges::find_if(*accounts, [&](const Account& a) { return a.name == officer; });
        if (to == accounts->end())
          return std::unexpected(Invalid("officer", "no account is named \"" + officer + "\""));
        if (to->role != Role::kOfficer)
          return std::unexpected(Invalid("officer", officer + " is not an officer"));
        if (to->disabled)
          return std::unexpected(Invalid("officer", officer + "'s account is disabled"));
        auto jurisdiction = JurisdictionOfNumber(number);
        if (!jurisdiction) return std::unexpected(jurisdiction.error());
        if (!to->InScope(*jurisdiction))
          return std::unexpected(
              Invalid("officer", officer + " does not work cases of " + *jurisdiction));
        return ctx.cases.Assign(number, ActorOf(*to), reason, actor);
      });
}

Result<Reply> ClaimNextCase(Context& ctx, const Call& call) {
  if (auto ok = NoFields(call.json); !ok) return std::unexpected(ok.error());
  auto filter = ReadFilter(ctx, call);
  if (!filter) return std::unexpected(filter.error());
  auto c = ctx.cases.ClaimNext(*filter, ActorOf(*call.account));
  if (!c) return std::unexpected(FromCaseError(c.error()));
  return Reply{200, StaffCaseJson(*c, *call.account)};
}

// The officers a supervisor may assign cases to (active officer accounts sharing a jurisdiction
// with the supervisor), each with the open cases they hold and how many of those are overdue.
Result<Reply> ListOfficers(Context& ctx, const Call& call) {
  const Account& supervisor = *call.account;
  auto accounts = ctx.accounts.List();
  if (!accounts) return std::unexpected(FromAccountError(accounts.error()));
  auto base = ReadFilter(ctx, call);
  if (!base) return std::unexpected(base.error());
  nlohmann::json officers = nlohmann::json::array();
  for (const Account& a : *accounts) {
    if (a.role != Role::kOfficer || a.disabled) continue;
    std::vector<std::string> shared;
    for (const std::string& j : a.jurisdictions) {
      if (supervisor.InScope(j)) shared.push_back(j);
    }
    if (shared.empty() && !(a.InScope("*") && !supervisor.jurisdictions.empty())) continue;
    cases::CaseFilter f = *base;
    f.assignee = a.name;
    f.open_only = true;
    f.page_size = 1;
    auto held = ctx.cases.List(f, ActorOf(supervisor));
    if (!held) return std::unexpected(FromCaseError(held.error()));
    f.overdue_only = true;
    auto overdue = ctx.cases.List(f, ActorOf(supervisor));
    if (!overdue) return std::unexpected(FromCaseError(overdue.error()));
    officers.push_back({{"name", a.name},
                        {"jurisdictions", a.jurisdictions},
                        {"held", held->total},
                        {"overdue", overdue->total}});
  }
  return JsonReply(200, {{"officers", officers}});
}

Result<Reply> AddNote(Context& ctx, const Call& call) {
  return OnCase(ctx, call,
                [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
                  std::optional<ApiError> error;
                  Fields body(call.json, "", error);
                  std::string text = body.String("text", Fields::kRequired, cases::kMaxNoteBytes);
                  body.RejectUnknown();
                  if (error) return std::unexpected(*error);
                  return ctx.cases.AddNote(number, text, actor);
                });
}

Result<Reply> CaseRevision(Context& ctx, const Call& call) {
  const std::string& number = call.Path("number");
  auto jurisdiction = JurisdictionOfNumber(number);
  if (!jurisdiction) return std::unexpected(jurisdiction.error());
  if (auto scoped = RequireScope(*call.account, *jurisdiction); !scoped)
    return std::unexpected(scoped.error());
  auto c = ctx.cases.Revision(number, ActorOf(*call.account));
  if (!c) return std::unexpected(FromCaseError(c.error()));
  return JsonReply(200, {{"number", c->number},
                         {"revision", c->revision},
                         {"state", std::string(cases::StateName(c->state))},
                         {"assignedOfficer", c->assigned_officer},
                         {"updatedAt", c->updated_at}});
}

Result<Reply> RequestDocuments(Context& ctx, const Call& call) {
  return OnCase(ctx, call,
                [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
                  std::optional<ApiError> error;
                  Fields body(call.json, "", error);
                  std::vector<std::string> kinds = body.Strings("kinds");
                  std::string reason = body.String("reason");
                  body.RejectUnknown();
                  if (error) return std::unexpected(*error);
                  return ctx.cases.RequestDocuments(number, kinds, reason, actor);
                });
}

Result<Reply> ValidateCase(Context& ctx, const Call& call) {
  return OnCase(ctx, call,
                [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
                  if (auto ok = NoFields(call.json); !ok) return std::unexpected(ok.error());
                  return ctx.cases.Validate(number, actor);
                });
}

Result<Reply> ApproveCase(Context& ctx, const Call& call) {
  return OnCase(ctx, call,
                [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
                  auto reason = ReadReason(call.json, Fields::kOptional);
                  if (!reason) return std::unexpected(reason.error());
                  return ctx.cases.Approve(number, *reason, actor);
                });
}

Result<Reply> RefuseCase(Context& ctx, const Call& call) {
  return OnCase(
      ctx, call, [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
        std::optional<ApiError> error;
        Fields body(call.json, "", error);
        std::vector<policy::Ground> grounds;
        for (Fields& ground : body.Objects("grounds")) {
          policy::Ground g;
          g.rule_id = ground.String("ruleId");
          g.reason = ground.String("reason");
          g.citation = ground.String("citation");
          g.form_ground = ground.Int("formGround", Fields::kOptional, 0, 99);
          // The officer's words in other languages, for notices in those languages.
          for (auto [key, target] :
               {std::pair{"reasonIn", &g.reason_in}, std::pair{"citationIn", &g.citation_in}}) {
            if (!ground.Raw(key, Fields::kOptional)) continue;
            Fields texts = ground.Object(key);
            for (const char* language : {"ru", "kk", "lv"}) {
              std::string text = texts.String(language, Fields::kOptional);
              if (!text.empty()) (*target)[language] = text;
            }
            texts.RejectUnknown();
          }
          ground.RejectUnknown();
          grounds.push_back(std::move(g));
        }
        body.RejectUnknown();
        if (error) return std::unexpected(*error);
        return ctx.cases.Refuse(number, grounds, actor);
      });
}

Result<Reply> RedecideCase(Context& ctx, const Call& call) {
  return OnCase(ctx, call,
                [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
                  if (auto ok = NoFields(call.json); !ok) return std::unexpected(ok.error());
                  return ctx.cases.Redecide(number, actor);
                });
}

Result<Reply> DecideAppeal(Context& ctx, const Call& call) {
  return OnCase(ctx, call,
                [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
                  std::optional<ApiError> error;
                  Fields body(call.json, "", error);
                  bool upheld = body.Bool("upheld");
                  std::string reason = body.String("reason");
                  body.RejectUnknown();
                  if (error) return std::unexpected(*error);
                  return ctx.cases.DecideAppeal(number, upheld, reason, actor);
                });
}

Result<Reply> WithdrawCase(Context& ctx, const Call& call) {
  return OnCase(ctx, call,
                [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
                  auto reason = ReadReason(call.json);
                  if (!reason) return std::unexpected(reason.error());
                  return ctx.cases.Withdraw(number, *reason, actor);
                });
}

Result<Reply> CaseAudit(Context& ctx, const Call& call) {
  const std::string& number = call.Path("number");
  auto actor = CaseActor(ctx, call, number);
  if (!actor) return std::unexpected(actor.error());
  auto trail = ctx.cases.AuditTrail(number, *actor);
  if (!trail) return std::unexpected(FromCaseError(trail.error()));
  nlohmann::json entries = nlohmann::json::array();
  for (const audit::Entry& e : *trail) entries.push_back(AuditEntryJson(e));
  return JsonReply(200, {{"number", number}, {"entries", entries}});
}

Result<Reply> VerifyDocument(Context& ctx, const Call& call) {
  const std::string& id_text = call.Path("id");
  int64_t id = -1;
  auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size() || id < 0) {
    return std::unexpected(
        NotFound("id", "\"" + id_text + "\" is not a document id (0: the passport)"));
  }
  return OnCase(ctx, call,
                [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
                  std::optional<ApiError> error;
                  Fields body(call.json, "", error);
                  std::string state = body.String("state");
                  std::string note = body.String("note", Fields::kOptional);
                  body.RejectUnknown();
                  if (error) return std::unexpected(*error);
                  auto verification = cases::ParseVerification(state);
                  if (!verification || *verification == cases::Verification::kUnverified) {
                    return std::unexpected(
                        Invalid("state", "\"verified\" or \"rejected\", not \"" + state + "\""));
                  }
                  return ctx.cases.VerifyDocument(number, id, *verification, note, actor);
                });
}

Result<Reply> AdjudicateHit(Context& ctx, const Call& call) {
  const std::string& id_text = call.Path("hit");
  int64_t id = -1;
  auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size() || id < 1) {
    return std::unexpected(NotFound("hit", "\"" + id_text + "\" is not a screening hit id"));
  }
  return OnCase(
      ctx, call, [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
        std::optional<ApiError> error;
        Fields body(call.json, "", error);
        std::string finding = body.String("finding");
        std::string reason = body.String("reason");
        body.RejectUnknown();
        if (error) return std::unexpected(*error);
        auto status = cases::ParseHitStatus(finding);
        if (!status || *status == cases::HitStatus::kOpen) {
          return std::unexpected(Invalid(
              "finding", "\"same-person\" or \"not-same-person\", not \"" + finding + "\""));
        }
        return ctx.cases.Adjudicate(number, id, *status, reason, actor);
      });
}

Result<Reply> SearchPersons(Context& ctx, const Call& call) {
  const Account& account = *call.account;
  watchlist::Person query;
  // A name (any script or spelling), or a passport or document number alone.
  std::string name = call.Query("name").value_or("");
  std::string document = call.Query("document").value_or("");
  if (name.size() > 200) {
    return std::unexpected(Invalid("name", "a name of at most 200 characters to search for"));
  }
  if (document.size() > 50) {
    return std::unexpected(Invalid("document", "a document number of at most 50 characters"));
  }
  if (name.empty() && document.empty()) {
    return std::unexpected(Invalid("name", "give a name or a passport number to search for"));
  }
  if (!name.empty()) query.names.push_back(name);
  if (auto birth = call.Query("birthDate")) {
    if (!feel::ParseDate(*birth)) {
      return std::unexpected(Invalid("birthDate", "expected a date YYYY-MM-DD"));
    }
    query.birth_dates.push_back(*birth);
  }
  if (!document.empty()) query.documents.push_back(document);
  std::vector<std::string> scope;
  if (!account.InScope("*")) scope = account.jurisdictions;
  auto found = ctx.cases.SearchPersons(query, scope, ActorOf(account));
  if (!found) return std::unexpected(FromCaseError(found.error()));
  nlohmann::json list = nlohmann::json::array();
  for (const cases::PersonFound& f : *found) {
    list.push_back({{"number", f.number},
                    {"jurisdiction", f.jurisdiction},
                    {"name", f.name},
                    {"score", f.score},
                    {"evidence", nlohmann::json::parse(f.evidence)}});
  }
  return JsonReply(200, {{"results", list}});
}

Result<Reply> ListWatchlists(Context& ctx, const Call& call) {
  auto lists = ctx.cases.Watchlists();
  if (!lists) return std::unexpected(FromCaseError(lists.error()));
  nlohmann::json out = nlohmann::json::array();
  const Account& account = *call.account;
  for (const watchlist::List& l : lists->lists) {
    // A list is shown to those whose jurisdictions it applies in.
    bool shown =
        account.InScope("*") || std::ranges::any_of(l.jurisdictions, [&](const std::string& j) {
          return j == "*" || account.InScope(j);
        });
    if (!shown) continue;
    nlohmann::json versions = nlohmann::json::array();
    for (const watchlist::Version& v : lists->versions) {
      if (v.list != l.name) continue;
      versions.push_back(
          {{"version", v.version},
           {"importedAt", v.imported_at},
           {"importedBy", v.imported_by},
           {"format", v.format},
           {"sha256", v.sha256},
           {"entries", v.entries},
           {"added", v.added},
           {"changed", v.changed},
           {"removed", v.removed},
           {"skipped", v.skipped},
           {"rescreenedAt", v.rescreened_at ? nlohmann::json(*v.rescreened_at) : nlohmann::json()},
           {"newHits", v.new_hits}});
    }
    out.push_back({{"name", l.name},
                   {"kind", std::string(watchlist::ListKindName(l.kind))},
                   {"legalBasis", l.legal_basis},
                   {"jurisdictions", l.jurisdictions},
                   {"version", l.version},
                   {"versions", versions}});
  }
  return JsonReply(200, {{"lists", out}});
}

}  // namespace tamga::api

namespace tamga::api {

Result<Reply> ScheduleInterview(Context& ctx, const Call& call) {
  return OnCase(
      ctx, call, [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
        std::optional<ApiError> error;
        Fields body(call.json, "", error);
        std::string when = body.String("scheduledFor", Fields::kRequired, 40);
        std::string place = body.String("place", Fields::kRequired, cases::kMaxReasonBytes);
        std::string language = body.String("language", Fields::kOptional, 64);
        body.RejectUnknown();
        if (error) return std::unexpected(*error);
        return ctx.cases.ScheduleInterview(number, when, place, language, actor);
      });
}

Result<Reply> RecordInterview(Context& ctx, const Call& call) {
  return OnCase(
      ctx, call, [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
        std::optional<ApiError> error;
        Fields body(call.json, "", error);
        std::string record = body.String("record", Fields::kRequired, cases::kMaxInterviewBytes);
        body.RejectUnknown();
        if (error) return std::unexpected(*error);
        return ctx.cases.RecordInterview(number, record, actor);
      });
}

Result<Reply> AnswerQuestion(Context& ctx, const Call& call) {
  return OnCase(
      ctx, call, [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
        std::optional<ApiError> error;
        Fields body(call.json, "", error);
        std::string question = body.String("question", Fields::kRequired, 64);
        std::string answer = body.String("answer", Fields::kOptional, 3);
        std::string evidence = body.String("evidence", Fields::kOptional, cases::kMaxNoteBytes);
        body.RejectUnknown();
        if (error) return std::unexpected(*error);
        return ctx.cases.AnswerQuestion(number, question, answer, evidence, actor);
      });
}

Result<Reply> ExtendDeadline(Context& ctx, const Call& call) {
  return OnCase(
      ctx, call, [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
        std::optional<ApiError> error;
        Fields body(call.json, "", error);
        int months = static_cast<int>(body.Int("months", Fields::kRequired, 1, 60));
        std::string reason = body.String("reason", Fields::kRequired, cases::kMaxReasonBytes);
        body.RejectUnknown();
        if (error) return std::unexpected(*error);
        return ctx.cases.ExtendDeadline(number, months, reason, actor);
      });
}

Result<Reply> ConfirmRefusal(Context& ctx, const Call& call) {
  return OnCase(ctx, call,
                [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
                  auto reason = ReadReason(call.json, Fields::kOptional);
                  if (!reason) return std::unexpected(reason.error());
                  return ctx.cases.ConfirmRefusal(number, true, *reason, actor);
                });
}

Result<Reply> DeclineRefusal(Context& ctx, const Call& call) {
  return OnCase(ctx, call,
                [&](const std::string& number, const cases::Actor& actor) -> Result<CaseOutcome> {
                  auto reason = ReadReason(call.json);
                  if (!reason) return std::unexpected(reason.error());
                  return ctx.cases.ConfirmRefusal(number, false, *reason, actor);
                });
}

Result<Reply> ClaimChecklist(Context& ctx, const Call& call) {
  const std::string& number = call.Path("number");
  auto actor = CaseActor(ctx, call, number);
  if (!actor) return std::unexpected(actor.error());
  auto checklist = ctx.cases.ClaimChecklist(number, *actor);
  if (!checklist) return std::unexpected(FromCaseError(checklist.error()));
  const cases::Case& c = checklist->c;
  const policy::AsylumProcedure& procedure = *checklist->version.asylum;
  nlohmann::json questions = nlohmann::json::array();
  for (const policy::ChecklistQuestion& q : procedure.checklist) {
    nlohmann::json item = {{"id", q.id},
                           {"group", q.group},
                           {"question", q.question},
                           {"guidance", q.guidance},
                           {"citation", q.citation},
                           {"answer", nullptr}};
    if (const cases::ChecklistAnswer* a = c.asylum->Answer(q.id)) {
      item["answer"] = a->answer;
      item["evidence"] = a->evidence;
      item["answeredBy"] = a->answered_by;
      item["answeredAt"] = a->answered_at;
    }
    questions.push_back(std::move(item));
  }
  return JsonReply(200, {{"number", c.number},
                         {"policyVersion", checklist->version.id()},
                         {"questions", std::move(questions)},
                         {"remaining", checklist->remaining},
                         {"pointsTo", c.decision ? c.decision->outcome : ""},
                         {"implications", GroundsJson(c.decision ? c.decision->grounds
                                                                 : std::vector<policy::Ground>{})},
                         {"timeLimits", procedure.time_limits},
                         {"extensionMonths", procedure.extension_months},
                         {"extendedMonths", c.asylum->extended_months},
                         {"automaticRefusal", false}});
}

}  // namespace tamga::api

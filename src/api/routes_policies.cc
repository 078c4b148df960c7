// Policies: which jurisdictions and application kinds exist, their versions with their models and
// rules, the version in force on a date, and a decision previewed without storing anything. The law
// is public, so these routes need no account; trying and publishing a draft version is for policy
// authors.
#include <charconv>
#include <cstdio>
#include <filesystem>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"
#include "identity/countries.h"

namespace tamga::api {
namespace {

// Largest model file in a draft; the JSON body limit (1 MiB) bounds all of them together.
constexpr size_t kMaxModelBytes = 512 * 1024;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The jurisdiction and kind named in the path, known to `library`; else `status` (404 for the
// policy routes, 400 where they are input, as in an application) naming the part.
Result<void> KnownKind(const policy::Library& library, const Call& call, int status) {
  const std::string& jurisdiction = call.Path("jurisdiction");
  const std::string& kind = call.Path("kind");
  auto refuse = [&](std::string field, std::string message) {
    return std::unexpected(ApiError{status, status == 404 ? "not-found" : "invalid",
                                    std::move(field), std::move(message)});
  };
  std::vector<std::string> jurisdictions = library.Jurisdictions();
  if (std::ranges::find(jurisdictions, jurisdiction) == jurisdictions.end()) {
    return refuse("jurisdiction",
                  "unknown jurisdiction \"" + jurisdiction + "\"; known: " + Join(jurisdictions));
  }
  std::vector<std::string> kinds = library.Kinds(jurisdiction);
  if (std::ranges::find(kinds, kind) == kinds.end()) {
    return refuse("kind",
                  "unknown kind \"" + kind + "\" in " + jurisdiction + "; known: " + Join(kinds));
  }
  return {};
}

feel::Date AddDays(const feel::Date& d, int64_t days) {
  return feel::Date::FromDaysSinceEpoch(d.DaysSinceEpoch() + days);
}

// The same day `years` later (28 February for 29 February in a common year).
feel::Date AddYears(const feel::Date& d, int years) {
  feel::Date out{d.year + years, d.month, d.day};
  if (out.month == 2 && out.day == 29) {
    bool leap = (out.year % 4 == 0 && out.year % 100 != 0) || out.year % 400 == 0;
    if (!leap) out.day = 28;
  }
  return out;
}

// A version with its models and rules, as GET .../versions/{date} and publishing answer it.
nlohmann::json VersionDetailJson(const policy::Library& library, const policy::Version& v) {
  nlohmann::json detail = VersionJson(v);
  nlohmann::json files = nlohmann::json::array();
  for (const policy::VersionFile& f : library.Files(v)) {
    if (f.name.ends_with(".dmn")) files.push_back({{"name", f.name}, {"xml", f.content}});
  }
  nlohmann::json rules = nlohmann::json::array();
  for (const policy::Rule& r : library.Rules(v)) {
    rules.push_back({{"id", r.id},
                     {"decision", r.decision},
                     {"file", std::filesystem::path(r.file).filename().string()},
                     {"reason", r.reason},
                     {"citation", r.citation},
                     {"reasonIn", r.reason_in},
                     {"citationIn", r.citation_in},
                     {"output", r.output},
                     {"formGround", r.form_ground}});
  }
  detail["files"] = std::move(files);
  detail["rules"] = std::move(rules);
  return detail;
}

// A draft version from the body of drafts/test and versions, for the jurisdiction and kind of the
// path; its tests (when given) as one test file.
struct DraftInput {
  policy::Draft draft;
  std::vector<policy::TestFile> tests;
};

// Purposes, document names and refusal form of a draft default to the latest version's: the
// simple form does not show them.
void InheritFromLatest(const policy::Library& library, policy::Draft& d) {
  std::vector<policy::Version> versions = library.Versions(d.jurisdiction, d.kind);
  if (versions.empty()) return;
  const policy::Version& latest = versions.back();
  if (d.purposes.empty()) d.purposes = latest.purposes;
  if (d.documents.empty()) d.documents = latest.documents;
  if (d.refusal_form.empty()) d.refusal_form = latest.refusal_form;
  // An asylum procedure's section (time limits, lodging, certificate, legal questions) is the
  // latest version's: a draft through the API changes the models and the deadline.
  if (!d.asylum) d.asylum = latest.asylum;
}

Result<DraftInput> ReadDraft(const nlohmann::json& json, const std::string& jurisdiction,
                             const std::string& kind) {
  std::optional<ApiError> error;
  Fields body(json, "", error);
  DraftInput in;
  policy::Draft& d = in.draft;
  d.jurisdiction = jurisdiction;
  d.kind = kind;
  d.takes_effect = body.Date("takesEffect").value_or(feel::Date{});
  d.title = body.String("title");
  // The legal basis: a full object, or (as the simple form sends) just the act and article, which
  // makes an illustrative model until the rest is given.
  if (body.Raw("legalBasis", Fields::kOptional)) {
    Fields basis = body.Object("legalBasis");
    policy::LegalBasis& b = d.legal_basis;
    b.act = basis.String("act");
    b.article = basis.String("article");
    b.adopted = basis.Date("adopted", Fields::kOptional);
    b.published = basis.Date("published", Fields::kOptional);
    b.link = basis.String("link", Fields::kOptional);
    b.note = basis.String("note", Fields::kOptional);
    std::string status = basis.String("status");
    basis.RejectUnknown();
    if (!error) {
      if (status == "enacted")
        b.status = policy::TextStatus::kEnacted;
      else if (status == "reported")
        b.status = policy::TextStatus::kReported;
      else if (status == "illustrative")
        b.status = policy::TextStatus::kIllustrative;
      else
        return std::unexpected(Invalid("legalBasis.status", "enacted, reported or illustrative"));
    }
  } else {
    d.legal_basis.act = body.String("legalAct");
    d.legal_basis.article = body.String("article");
    d.legal_basis.status = policy::TextStatus::kIllustrative;
  }
  std::string applies = body.String("appliesTo", Fields::kOptional);
  if (applies == "pending") {
    d.applies_to = policy::AppliesTo::kPending;
  } else if (!applies.empty() && applies != "filed-on-or-after") {
    return std::unexpected(Invalid("appliesTo", "\"filed-on-or-after\" or \"pending\""));
  }
  d.decision = body.String("decision");
  // The time to decide, in days, or in calendar months as asylum laws count it.
  if (json.is_object() && json.contains("deadlineMonths")) {
    d.deadline_months = body.Int("deadlineMonths", Fields::kRequired, 1, 120);
  } else {
    d.deadline_days = body.Int("deadlineDays", Fields::kRequired, 1, 3650);
  }
  for (Fields& file : body.Objects("files")) {
    std::string name = file.String("name");
    std::string xml = file.String("xml", Fields::kRequired, kMaxModelBytes);
    file.RejectUnknown();
    if (error) break;
    if (!policy::IsModelFileName(name)) {
      return std::unexpected(Invalid(file.PathOf("name"),
                                     "a model file name is letters, digits, '.', '_' and '-', "
                                     "ending in .dmn (e.g. eligibility.dmn)"));
    }
    if (std::ranges::find(d.models, name, &policy::VersionFile::name) != d.models.end()) {
      return std::unexpected(Invalid(file.PathOf("name"), "\"" + name + "\" is given twice"));
    }
    d.models.push_back({std::move(name), std::move(xml)});
  }
  // The names of the document kinds, by language (as policy.json's "documents"); without them the
  // draft keeps the latest version's.
  const nlohmann::json* documents = body.Raw("documents", Fields::kOptional);
  const nlohmann::json* tests = body.Raw("tests", Fields::kOptional);
  body.RejectUnknown();
  if (error) return std::unexpected(*error);
  if (documents) {
    if (!documents->is_object() || documents->empty())
      return std::unexpected(
          Invalid("documents", "expected an object: document kind -> its name by language"));
    for (const auto& [kind, names] : documents->items()) {
      const std::string field = "documents." + kind;
      if (!policy::IsCode(kind))
        return std::unexpected(
            Invalid(field, "a document kind is lower-case letters, digits and dashes"));
      if (!names.is_object())
        return std::unexpected(Invalid(field, "expected its name by language: {\"en\", \"ru\"}"));
      policy::Translations& t = d.documents[kind];
      for (const auto& [language, name] : names.items()) {
        if (!policy::IsLanguage(language))
          return std::unexpected(
              Invalid(field + "." + language, "not a language tamga writes in (en, ru, kk, lv)"));
        if (!name.is_string() || name.get<std::string>().empty() ||
            name.get<std::string>().size() > 4000)
          return std::unexpected(Invalid(field + "." + language, "a name of 1-4000 characters"));
        t[language] = name.get<std::string>();
      }
      if (!t.contains("en"))
        return std::unexpected(Invalid(field + ".en", "the English name is required"));
    }
    if (!d.documents.contains("passport"))
      return std::unexpected(Invalid("documents.passport", "the passport must be named"));
  }
  if (tests) {
    if (!tests->is_array() || tests->empty()) {
      return std::unexpected(Invalid("tests", "expected a non-empty array of policy test cases"));
    }
    policy::TestFile file{"draft " + feel::ToString(d.takes_effect) + " tests", tests->dump()};
    if (auto ok = policy::CheckTestFile(file); !ok) {
      return std::unexpected(Invalid("tests", ok.error().message));
    }
    in.tests.push_back(std::move(file));
  }
  return in;
}

Result<DraftInput> ReadDraft(const Call& call) {
  return ReadDraft(call.json, call.Path("jurisdiction"), call.Path("kind"));
}

nlohmann::json DraftReportJson(const policy::DraftReport& report) {
  nlohmann::json findings = nlohmann::json::array();
  for (const dmn::TableFinding& f : report.findings) {
    findings.push_back({{"severity", std::string(dmn::SeverityName(f.severity))},
                        {"kind", f.kind},
                        {"file", f.file},
                        {"line", f.line},
                        {"element", f.element},
                        {"table", f.table},
                        {"rules", f.rules},
                        {"message", f.message}});
  }
  if (!report.loaded) {
    return {{"loaded", false},
            {"error", report.error},
            {"errors", report.Errors()},
            {"findings", findings}};
  }
  return {{"loaded", true},
          {"passed", report.tests.passed},
          {"failed", report.tests.failed},
          {"failures", report.tests.failures},
          {"unexercised", report.tests.unexercised},
          {"errors", report.Errors()},
          {"findings", findings}};
}

// The library folder drafts are tried against and published into.
std::filesystem::path PoliciesRoot(const Context& ctx, const policy::Library& library) {
  return ctx.options.policies_dir.empty() ? library.Root()
                                          : std::filesystem::path(ctx.options.policies_dir);
}

}  // namespace

Result<Reply> ListPolicies(Context& ctx, const Call& call) {
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  nlohmann::json jurisdictions = nlohmann::json::array();
  for (const std::string& jurisdiction : library->Jurisdictions()) {
    nlohmann::json kinds = nlohmann::json::array();
    for (const std::string& kind : library->Kinds(jurisdiction)) {
      nlohmann::json versions = nlohmann::json::array();
      for (const policy::Version& v : library->Versions(jurisdiction, kind)) {
        versions.push_back(VersionJson(v));
      }
      kinds.push_back({{"kind", kind}, {"versions", versions}});
    }
    jurisdictions.push_back({{"jurisdiction", jurisdiction}, {"kinds", kinds}});
  }
  return JsonReply(200, {{"jurisdictions", jurisdictions}});
}

Result<Reply> PolicyInForce(Context& ctx, const Call& call) {
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  if (auto known = KnownKind(*library, call, 404); !known) return std::unexpected(known.error());
  auto date = ReadDate("date", *call.Query("date"));
  if (!date) return std::unexpected(date.error());
  auto version = library->InForce(call.Path("jurisdiction"), call.Path("kind"), *date);
  if (!version) return std::unexpected(NotFound("date", version.error().ToString()));
  return JsonReply(200, VersionJson(*version));
}

namespace {

// A document of a preview, with the fields an upload takes (kind, issuingState, number, issued,
// expires); a bare string is a document of that kind without details.
Result<cases::Document> PreviewDocument(Fields& f) {
  cases::Document d;
  d.kind = f.String("kind");
  d.issuing_state = f.String("issuingState", Fields::kOptional);
  d.number = f.String("number", Fields::kOptional);
  d.issued = f.Date("issued", Fields::kOptional);
  d.expires = f.Date("expires", Fields::kOptional);
  if (std::string v = f.String("verification", Fields::kOptional); !v.empty()) {
    auto parsed = cases::ParseVerification(v);
    if (!parsed)
      return std::unexpected(Invalid(f.PathOf("verification"), "unverified, verified or rejected"));
    d.verification = *parsed;
  }
  f.RejectUnknown();
  return d;
}

}  // namespace

Result<Reply> PreviewDecision(Context& ctx, const Call& call) {
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  if (auto known = KnownKind(*library, call, 400); !known) return std::unexpected(known.error());
  std::optional<ApiError> error;
  Fields body(call.json, "", error);
  cases::Application a;
  a.jurisdiction = call.Path("jurisdiction");
  a.kind = call.Path("kind");
  // A preview may ask "what if it were filed on D"; by default, today where the law applies.
  std::optional<feel::Date> filing = body.Date("filingDate", Fields::kOptional);
  a.purpose = body.String("purpose", Fields::kOptional);
  a.applicant.citizenships = body.Strings("citizenships");
  std::optional<feel::Date> birth = body.Date("birthDate", Fields::kOptional);
  std::optional<feel::Date> expiry = body.Date("passportExpiry", Fields::kOptional);
  a.applicant.passport.issued = body.Date("passportIssued", Fields::kOptional);
  a.applicant.passport.issuing_state = body.String("passportIssuingState", Fields::kOptional);
  const nlohmann::json* documents = body.Raw("documents", Fields::kOptional);
  std::vector<cases::Document> given;
  if (documents && documents->is_array()) {
    for (size_t i = 0; i < documents->size(); ++i) {
      const nlohmann::json& item = (*documents)[i];
      if (item.is_string()) {
        // A bare kind stands for a document of that kind from the passport's state, without
        // dates (the issuing state is filled in below, once the passport's is known).
        cases::Document d;
        d.kind = item.get<std::string>();
        given.push_back(std::move(d));
        continue;
      }
      Fields f(item, "documents[" + std::to_string(i) + "]", error);
      auto d = PreviewDocument(f);
      if (!d) return std::unexpected(d.error());
      if (error) break;
      given.push_back(std::move(*d));
    }
  } else if (documents) {
    return std::unexpected(Invalid("documents", "expected an array of documents"));
  }
  body.RejectUnknown();
  if (error) return std::unexpected(*error);

  auto today = ctx.cases.LocalToday(a.jurisdiction);
  if (!today) return std::unexpected(FromCaseError(today.error()));
  a.filing_date = filing.value_or(*today);
  for (size_t i = 0; i < a.applicant.citizenships.size(); ++i) {
    if (!identity::IsTravelDocumentCode(a.applicant.citizenships[i])) {
      return std::unexpected(Invalid("citizenships[" + std::to_string(i) + "]",
                                     "not a state code of ISO 3166-1 alpha-3 or ICAO 9303 (RUS)"));
    }
  }
  // As at intake: the deciding state's own citizens do not apply.
  if (const policy::Jurisdiction* j = library->FindJurisdiction(a.jurisdiction)) {
    for (size_t i = 0; i < a.applicant.citizenships.size(); ++i) {
      if (a.applicant.citizenships[i] == j->state) {
        return std::unexpected(Invalid("citizenships[" + std::to_string(i) + "]",
                                       "citizens of " + policy::InLanguage(j->name, "en") +
                                           " do not need a residence permit or visa of their own "
                                           "state"));
      }
    }
  }
  if (a.applicant.passport.issuing_state.empty() && !a.applicant.citizenships.empty())
    a.applicant.passport.issuing_state = a.applicant.citizenships.front();
  a.applicant.birth_date = birth.value_or(feel::Date{1990, 1, 1});
  if (a.applicant.birth_date.DaysSinceEpoch() >= a.filing_date.DaysSinceEpoch()) {
    return std::unexpected(Invalid("birthDate", "the birth date must be before the filing date"));
  }
  a.applicant.passport.expiry = expiry.value_or(AddYears(a.filing_date, 10));
  // The passport is always among the policy's documents (cases::PolicyInputs adds it); its
  // details come from passportExpiry and passportIssuingState.
  for (size_t i = 0; i < given.size(); ++i) {
    if (given[i].kind == "passport") continue;
    if (documents && (*documents)[i].is_string())
      given[i].issuing_state = a.applicant.passport.issuing_state;
    if (auto ok = cases::CheckDocumentData(given[i], *today); !ok) {
      cases::Error e = ok.error();
      e.field = "documents[" + std::to_string(i) + "]." + e.field;
      return std::unexpected(FromCaseError(e));
    }
    a.documents.push_back(std::move(given[i]));
  }

  auto version = library->Applicable(a.jurisdiction, a.kind, a.filing_date, *today);
  if (!version) return std::unexpected(Invalid("filingDate", version.error().ToString()));
  if (!a.purpose.empty() && !version->FindPurpose(a.purpose)) {
    return std::unexpected(
        Invalid("purpose", "unknown purpose \"" + a.purpose + "\" in " + version->id()));
  }
  auto decision =
      library->Decide(a.jurisdiction, a.kind, a.filing_date, cases::PolicyInputs(a),
                      std::max(*today, a.filing_date, [](const feel::Date& x, const feel::Date& y) {
                        return x.DaysSinceEpoch() < y.DaysSinceEpoch();
                      }));
  if (!decision) return std::unexpected(Invalid("body", decision.error().ToString()));
  nlohmann::json reply = DecisionJson(*decision);
  reply["version"] = VersionJson(*version);
  reply["filingDate"] = feel::ToString(a.filing_date);
  reply["deadline"] = feel::ToString(AddDays(a.filing_date, version->deadline_days));
  return JsonReply(200, reply);
}

Result<Reply> GetPolicyVersion(Context& ctx, const Call& call) {
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  if (auto known = KnownKind(*library, call, 404); !known) return std::unexpected(known.error());
  auto date = ReadDate("date", call.Path("date"));
  if (!date) return std::unexpected(date.error());
  for (const policy::Version& v : library->Versions(call.Path("jurisdiction"), call.Path("kind"))) {
    if (v.takes_effect == *date) return JsonReply(200, VersionDetailJson(*library, v));
  }
  return std::unexpected(
      NotFound("date", "no version of " + call.Path("jurisdiction") + "/" + call.Path("kind") +
                           " takes effect on " + feel::ToString(*date) +
                           " (the in-force route finds the version in force on any day)"));
}

// A policy author writes law, and a supervisor approves it, only for the jurisdictions of their
// account (issue 9: an author scoped to KZ published a version for LV). Administrators and
// auditors are not scoped.
Result<void> AuthorScope(const Call& call) {
  if (!call.account ||
      (call.account->role != Role::kPolicyAuthor && call.account->role != Role::kSupervisor))
    return {};
  return RequireScope(*call.account, call.Path("jurisdiction"));
}

Result<Reply> TestDraft(Context& ctx, const Call& call) {
  if (auto scoped = AuthorScope(call); !scoped) return std::unexpected(scoped.error());
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  if (auto known = KnownKind(*library, call, 404); !known) return std::unexpected(known.error());
  auto in = ReadDraft(call);
  if (!in) return std::unexpected(in.error());
  InheritFromLatest(*library, in->draft);
  policy::DraftReport report =
      policy::TryDraft(*library, PoliciesRoot(ctx, *library), in->draft, in->tests);
  return JsonReply(200, DraftReportJson(report));
}

namespace {

nlohmann::json ProposalJson(const cases::Proposal& p) {
  return {{"id", p.id},
          {"jurisdiction", p.jurisdiction},
          {"kind", p.kind},
          {"takesEffect", feel::ToString(p.takes_effect)},
          {"status", p.status},
          {"proposedBy", p.proposed_by},
          {"proposedAt", p.proposed_at},
          {"decidedBy", p.decided_by},
          {"decidedAt", p.decided_at},
          {"version", p.version},
          {"simulatedBy", p.simulated_by},
          {"simulatedAt", p.simulated_at}};
}

ApiError FromProposalError(const cases::CaseService::ProposalError& e) {
  return FromCaseError(e.error);
}

// The proposal named in the path, of the path's jurisdiction and kind (404 otherwise), with its
// draft read back.
struct ProposalInput {
  cases::Proposal proposal;
  DraftInput draft;
};
Result<ProposalInput> LoadProposal(Context& ctx, const Call& call, const policy::Library& library) {
  const std::string& text = call.Path("id");
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id < 1)
    return std::unexpected(NotFound("id", "no proposal " + text + ": proposals are numbered"));
  auto p = ctx.cases.GetProposal(id);
  if (!p) return std::unexpected(FromCaseError(p.error()));
  if (p->jurisdiction != call.Path("jurisdiction") || p->kind != call.Path("kind"))
    return std::unexpected(NotFound("id", "no proposal " + text + " for " +
                                              call.Path("jurisdiction") + "/" + call.Path("kind")));
  nlohmann::json json = nlohmann::json::parse(p->draft, nullptr, false);
  auto draft = ReadDraft(json, p->jurisdiction, p->kind);
  if (!draft)
    return std::unexpected(FromCaseError(cases::Error{cases::Error::Code::kUnavailable, "",
                                                      "proposal " + text +
                                                          " holds a draft this version "
                                                          "cannot read: " +
                                                          draft.error().message}));
  InheritFromLatest(library, draft->draft);
  return ProposalInput{*std::move(p), *std::move(draft)};
}

}  // namespace

Result<Reply> ProposeVersion(Context& ctx, const Call& call) {
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  if (auto scoped = AuthorScope(call); !scoped) return std::unexpected(scoped.error());
  if (auto known = KnownKind(*library, call, 404); !known) return std::unexpected(known.error());
  auto in = ReadDraft(call);
  if (!in) return std::unexpected(in.error());
  InheritFromLatest(*library, in->draft);
  auto proposed = ctx.cases.Propose(in->draft, in->tests, call.json.dump(),
                                    PoliciesRoot(ctx, *library), ActorOf(*call.account));
  if (!proposed) {
    if (proposed.error().report) return JsonReply(422, DraftReportJson(*proposed.error().report));
    return std::unexpected(FromProposalError(proposed.error()));
  }
  Reply reply = JsonReply(201, ProposalJson(*proposed));
  reply.headers.emplace_back("Location", "/api/v1/policies/" + proposed->jurisdiction + "/" +
                                             proposed->kind + "/proposals/" +
                                             std::to_string(proposed->id));
  return reply;
}

Result<Reply> ListProposals(Context& ctx, const Call& call) {
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  if (auto scoped = AuthorScope(call); !scoped) return std::unexpected(scoped.error());
  if (auto known = KnownKind(*library, call, 404); !known) return std::unexpected(known.error());
  auto list = ctx.cases.ListProposals(call.Path("jurisdiction"), call.Path("kind"));
  if (!list) return std::unexpected(FromCaseError(list.error()));
  nlohmann::json proposals = nlohmann::json::array();
  for (const cases::Proposal& p : *list) proposals.push_back(ProposalJson(p));
  return JsonReply(200, {{"proposals", proposals}});
}

Result<Reply> GetProposal(Context& ctx, const Call& call) {
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  if (auto scoped = AuthorScope(call); !scoped) return std::unexpected(scoped.error());
  if (auto known = KnownKind(*library, call, 404); !known) return std::unexpected(known.error());
  auto in = LoadProposal(ctx, call, *library);
  if (!in) return std::unexpected(in.error());
  nlohmann::json out = ProposalJson(in->proposal);
  out["draft"] = nlohmann::json::parse(in->proposal.draft, nullptr, false);
  out["title"] = in->draft.draft.title;
  // The approver sees the draft as it fares against the library now (a version published since
  // the proposal may make it fail).
  if (in->proposal.status == "proposed") {
    out["report"] = DraftReportJson(
        policy::TryDraft(*library, PoliciesRoot(ctx, *library), in->draft.draft, in->draft.tests));
  }
  out["simulation"] = in->proposal.simulation.empty()
                          ? nlohmann::json()
                          : nlohmann::json::parse(in->proposal.simulation, nullptr, false);
  return JsonReply(200, out);
}

Result<Reply> SimulateProposal(Context& ctx, const Call& call) {
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  if (auto scoped = AuthorScope(call); !scoped) return std::unexpected(scoped.error());
  if (auto known = KnownKind(*library, call, 404); !known) return std::unexpected(known.error());
  std::optional<ApiError> error;
  Fields body(call.json, "", error);
  cases::SimulationScope scope;
  if (const nlohmann::json* pending = body.Raw("pending", Fields::kOptional)) {
    if (!pending->is_boolean()) return std::unexpected(Invalid("pending", "true or false"));
    scope.pending = pending->get<bool>();
  }
  scope.from = body.Date("from", Fields::kOptional);
  scope.to = body.Date("to", Fields::kOptional);
  body.RejectUnknown();
  if (error) return std::unexpected(*error);
  if (scope.from.has_value() != scope.to.has_value())
    return std::unexpected(
        Invalid(scope.from ? "to" : "from", "a period needs both ends, from and to (YYYY-MM-DD)"));
  if (scope.from && scope.from->DaysSinceEpoch() > scope.to->DaysSinceEpoch())
    return std::unexpected(Invalid("from", "the period starts after it ends"));
  if (!scope.pending && !scope.from)
    return std::unexpected(
        Invalid("pending", "nothing to simulate: pending is false and no period is given"));
  auto in = LoadProposal(ctx, call, *library);
  if (!in) return std::unexpected(in.error());
  auto simulation =
      ctx.cases.SimulateProposal(in->proposal.id, in->draft.draft, scope, ActorOf(*call.account));
  if (!simulation) return std::unexpected(FromCaseError(simulation.error()));
  return Reply{200, cases::SimulationToJson(*simulation)};
}

Result<Reply> DecideUnderProposal(Context& ctx, const Call& call) {
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  if (auto scoped = AuthorScope(call); !scoped) return std::unexpected(scoped.error());
  if (auto known = KnownKind(*library, call, 404); !known) return std::unexpected(known.error());
  auto in = LoadProposal(ctx, call, *library);
  if (!in) return std::unexpected(in.error());
  auto decided = ctx.cases.DecideUnderProposal(in->proposal.id, in->draft.draft,
                                               call.Path("number"), ActorOf(*call.account));
  if (!decided) return std::unexpected(FromCaseError(decided.error()));
  const cases::Case& c = decided->stored;
  nlohmann::json current = c.decision ? DecisionJson(*c.decision) : nlohmann::json();
  nlohmann::json simulated = DecisionJson(decided->simulated);
  return JsonReply(200, {{"number", c.number},
                         {"state", std::string(cases::StateName(c.state))},
                         {"filingDate", feel::ToString(c.application.filing_date)},
                         {"citizenships", c.application.applicant.citizenships},
                         {"current", current},
                         {"simulated", simulated},
                         {"changed", decided->changed}});
}

Result<Reply> ApproveProposal(Context& ctx, const Call& call) {
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  if (auto scoped = AuthorScope(call); !scoped) return std::unexpected(scoped.error());
  if (auto known = KnownKind(*library, call, 404); !known) return std::unexpected(known.error());
  auto in = LoadProposal(ctx, call, *library);
  if (!in) return std::unexpected(in.error());
  auto published = ctx.cases.ApproveProposal(in->proposal.id, in->draft.draft, in->draft.tests,
                                             PoliciesRoot(ctx, *library), ActorOf(*call.account));
  if (!published) {
    if (published.error().report) return JsonReply(422, DraftReportJson(*published.error().report));
    if (published.error().error.code == cases::Error::Code::kUnavailable) {
      // The message may name the policy folder: the client gets an incident reference instead.
      std::fprintf(stderr, "tamga api: approving proposal %lld: %s\n",
                   static_cast<long long>(in->proposal.id),
                   published.error().error.message.c_str());
    }
    return std::unexpected(FromProposalError(published.error()));
  }
  // A version that applies to pending applications and takes effect today reaches them now
  // rather than at the next periodic check.
  if (auto applied = ctx.cases.ApplyPendingVersions(); !applied) {
    std::fprintf(stderr, "tamga api: applying %s to pending cases: %s\n", published->id().c_str(),
                 applied.error().message.c_str());
  }
  std::shared_ptr<const policy::Library> current = ctx.Policies();
  Reply reply = JsonReply(201, VersionDetailJson(*current, *published));
  reply.headers.emplace_back("Location", "/api/v1/policies/" + published->jurisdiction + "/" +
                                             published->kind + "/versions/" +
                                             feel::ToString(published->takes_effect));
  return reply;
}

Result<Reply> WithdrawProposal(Context& ctx, const Call& call) {
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  if (auto scoped = AuthorScope(call); !scoped) return std::unexpected(scoped.error());
  if (auto known = KnownKind(*library, call, 404); !known) return std::unexpected(known.error());
  auto in = LoadProposal(ctx, call, *library);
  if (!in) return std::unexpected(in.error());
  auto withdrawn = ctx.cases.WithdrawProposal(in->proposal.id, ActorOf(*call.account));
  if (!withdrawn) return std::unexpected(FromCaseError(withdrawn.error()));
  return JsonReply(200, ProposalJson(*withdrawn));
}

}  // namespace tamga::api

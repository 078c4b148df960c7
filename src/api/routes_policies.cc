// Policies: which jurisdictions and application kinds exist, their versions with their models and
// rules, the version in force on a date, and a decision previewed without storing anything. The law
// is public, so these routes need no account; trying and publishing a draft version is for policy
// authors.
#include <cstdio>
#include <filesystem>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"

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

bool IsCountryCode(const std::string& s) {
  return s.size() == 3 && std::ranges::all_of(s, [](char c) { return c >= 'A' && c <= 'Z'; });
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
                     {"citation", r.citation}});
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

Result<DraftInput> ReadDraft(const Call& call) {
  std::optional<ApiError> error;
  Fields body(call.json, "", error);
  DraftInput in;
  policy::Draft& d = in.draft;
  d.jurisdiction = call.Path("jurisdiction");
  d.kind = call.Path("kind");
  d.takes_effect = body.Date("takesEffect").value_or(feel::Date{});
  d.title = body.String("title");
  d.legal_act = body.String("legalAct");
  d.article = body.String("article");
  d.decision = body.String("decision");
  d.deadline_days = body.Int("deadlineDays", Fields::kRequired, 1, 3650);
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
  const nlohmann::json* tests = body.Raw("tests", Fields::kOptional);
  body.RejectUnknown();
  if (error) return std::unexpected(*error);
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

nlohmann::json DraftReportJson(const policy::DraftReport& report) {
  if (!report.loaded) return {{"loaded", false}, {"error", report.error}};
  return {{"loaded", true},
          {"passed", report.tests.passed},
          {"failed", report.tests.failed},
          {"failures", report.tests.failures},
          {"unexercised", report.tests.unexercised}};
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

Result<Reply> PreviewDecision(Context& ctx, const Call& call) {
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  if (auto known = KnownKind(*library, call, 400); !known) return std::unexpected(known.error());
  std::optional<ApiError> error;
  Fields body(call.json, "", error);
  cases::Application a;
  a.jurisdiction = call.Path("jurisdiction");
  a.kind = call.Path("kind");
  a.filing_date = body.Date("filingDate").value_or(feel::Date{});
  a.purpose = body.String("purpose", Fields::kOptional);
  a.applicant.citizenships = body.Strings("citizenships");
  std::optional<feel::Date> birth = body.Date("birthDate", Fields::kOptional);
  std::optional<feel::Date> expiry = body.Date("passportExpiry", Fields::kOptional);
  std::vector<std::string> documents = body.Strings("documents", Fields::kOptional);
  bool documents_given = body.Raw("documents", Fields::kOptional) != nullptr;
  body.RejectUnknown();
  if (error) return std::unexpected(*error);

  for (size_t i = 0; i < a.applicant.citizenships.size(); ++i) {
    if (!IsCountryCode(a.applicant.citizenships[i])) {
      return std::unexpected(Invalid("citizenships[" + std::to_string(i) + "]",
                                     "a citizenship is a 3-letter ICAO code such as RUS"));
    }
  }
  a.applicant.birth_date = birth.value_or(feel::Date{1990, 1, 1});
  if (a.applicant.birth_date.DaysSinceEpoch() >= a.filing_date.DaysSinceEpoch()) {
    return std::unexpected(Invalid("birthDate", "the birth date must be before the filing date"));
  }
  a.applicant.passport.expiry = expiry.value_or(AddYears(a.filing_date, 10));
  if (!documents_given) documents = {"passport"};
  // The passport is always among the policy's documents (cases::PolicyInputs adds it).
  for (const std::string& kind : documents) {
    if (kind == "passport") continue;
    cases::Document d;
    d.kind = kind;
    a.documents.push_back(std::move(d));
  }

  auto version = library->InForce(a.jurisdiction, a.kind, a.filing_date);
  if (!version) return std::unexpected(Invalid("filingDate", version.error().ToString()));
  auto decision = library->Decide(a.jurisdiction, a.kind, a.filing_date, cases::PolicyInputs(a));
  if (!decision) return std::unexpected(Invalid("body", decision.error().ToString()));
  nlohmann::json grounds = nlohmann::json::array();
  for (const policy::Ground& g : decision->grounds) grounds.push_back(GroundJson(g));
  return JsonReply(200,
                   {{"version", VersionJson(*version)},
                    {"outcome", decision->outcome},
                    {"requiredDocuments", decision->required_documents},
                    {"missingDocuments", decision->missing_documents},
                    {"grounds", grounds},
                    {"deadline", feel::ToString(AddDays(a.filing_date, version->deadline_days))}});
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

Result<Reply> TestDraft(Context& ctx, const Call& call) {
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  if (auto known = KnownKind(*library, call, 404); !known) return std::unexpected(known.error());
  auto in = ReadDraft(call);
  if (!in) return std::unexpected(in.error());
  policy::DraftReport report =
      policy::TryDraft(*library, PoliciesRoot(ctx, *library), in->draft, in->tests);
  return JsonReply(200, DraftReportJson(report));
}

Result<Reply> PublishVersion(Context& ctx, const Call& call) {
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  if (auto known = KnownKind(*library, call, 404); !known) return std::unexpected(known.error());
  auto in = ReadDraft(call);
  if (!in) return std::unexpected(in.error());
  auto published = ctx.registry.Publish(in->draft, in->tests, PoliciesRoot(ctx, *library));
  if (!published) {
    using Reason = policy::PublishRefusal::Reason;
    const policy::PublishRefusal& refusal = published.error();
    switch (refusal.reason) {
      case Reason::kNotAfterLatest:
      case Reason::kConflict:
        return std::unexpected(ApiError{409, "conflict", "takesEffect", refusal.message});
      case Reason::kUnknownKind:
        return std::unexpected(NotFound("kind", refusal.message));
      case Reason::kRejected:
        return JsonReply(422, DraftReportJson(refusal.report));
      case Reason::kCannotWrite:
        break;
    }
    return std::unexpected(ApiError{503, "unavailable", "", refusal.message});
  }
  // Publishing law is recorded in the audit log, beside what is done with cases.
  if (ctx.options.case_store && call.account) {
    audit::Entry entry;
    entry.at = ctx.Now();
    entry.actor = call.account->name;
    entry.action = "policy.publish";
    entry.details =
        nlohmann::json{{"version", published->id()}, {"contentHash", published->content_hash}}
            .dump();
    if (auto recorded = ctx.options.case_store->RecordRead(entry); !recorded) {
      std::fprintf(stderr, "tamga api: published %s but could not record it: %s\n",
                   published->id().c_str(), recorded.error().message.c_str());
    }
  }
  std::shared_ptr<const policy::Library> current = ctx.Policies();
  Reply reply = JsonReply(201, VersionDetailJson(*current, *published));
  reply.headers.emplace_back("Location", "/api/v1/policies/" + published->jurisdiction + "/" +
                                             published->kind + "/versions/" +
                                             feel::ToString(published->takes_effect));
  return reply;
}

}  // namespace tamga::api

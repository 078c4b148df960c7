#include "cases/service.h"

#include <algorithm>
#include <cctype>

#include <openssl/rand.h>

#include "base/sha256.h"
#include "feel/json.h"
#include "identity/mrz.h"

namespace tamga::cases {
namespace {

Error Invalid(std::string field, std::string message) {
  return Error{Error::Code::kInvalid, std::move(field), std::move(message)};
}
Error Conflict(std::string message) {
  return Error{Error::Code::kConflict, "", std::move(message)};
}

// Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L): about 50 bits.
std::string NewAccessCode() {
  static const char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  unsigned char random[10];
  RAND_bytes(random, sizeof random);
  std::string code;
  for (unsigned char r : random) code += kAlphabet[r % (sizeof kAlphabet - 1)];
  return code;
}

bool IsCountryCode(const std::string& s) {
  return s.size() == 3 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

feel::Date AddDays(const feel::Date& d, int days) {
  return feel::Date::FromDaysSinceEpoch(d.DaysSinceEpoch() + days);
}

std::string Details(std::initializer_list<std::pair<const char*, std::string>> fields) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : fields) {
    out += (first ? "" : ",") + feel::JsonQuote(k) + ":" + feel::JsonQuote(v);
    first = false;
  }
  return out + "}";
}

// The passport's machine-readable zone, when given, must be well-formed (check digits included)
// and agree with what the applicant typed: a mistyped number or date is caught at intake.
std::expected<void, Error> ValidateMrz(const Applicant& a, const feel::Date& filing) {
  const std::string field = "applicant.passport.mrz";
  auto td3 = identity::ParseTd3(a.passport.mrz, static_cast<int>(filing.year));
  if (!td3) {
    const auto& e = td3.error();
    std::string where =
        e.line ? "line " + std::to_string(e.line) +
                     (e.position ? ", position " + std::to_string(e.position) : "") + ": "
               : "";
    return std::unexpected(Invalid(field, where + e.message));
  }
  auto mismatch = [&](const std::string& what, const std::string& typed, const std::string& mrz) {
    return Invalid(field, "the MRZ gives " + what + " " + mrz + " but the application says " +
                              (typed.empty() ? "nothing" : typed));
  };
  if (td3->number != a.passport.number)
    return std::unexpected(mismatch("passport number", a.passport.number, td3->number));
  if (td3->issuing_state != a.passport.issuing_state)
    return std::unexpected(mismatch("issuing state", a.passport.issuing_state, td3->issuing_state));
  if (td3->birth_date != feel::ToString(a.birth_date))
    return std::unexpected(
        mismatch("date of birth", feel::ToString(a.birth_date), td3->birth_date));
  if (td3->expiry_date != feel::ToString(a.passport.expiry))
    return std::unexpected(
        mismatch("date of expiry", feel::ToString(a.passport.expiry), td3->expiry_date));
  if (td3->surname != a.surname)
    return std::unexpected(mismatch("surname", a.surname, td3->surname));
  return {};
}

std::expected<void, Error> ValidateApplicant(const Applicant& a, const feel::Date& filing) {
  if (a.surname.empty())
    return std::unexpected(Invalid("applicant.surname", "the surname is required"));
  if (a.given_names.empty())
    return std::unexpected(Invalid("applicant.givenNames", "the given names are required"));
  if (a.birth_date.DaysSinceEpoch() >= filing.DaysSinceEpoch())
    return std::unexpected(
        Invalid("applicant.birthDate", "the birth date must be before the filing date"));
  if (a.sex != "M" && a.sex != "F" && a.sex != "X")
    return std::unexpected(Invalid("applicant.sex", "sex must be M, F or X, as in the passport"));
  if (a.citizenships.empty())
    return std::unexpected(
        Invalid("applicant.citizenships", "at least one citizenship is required"));
  for (size_t i = 0; i < a.citizenships.size(); ++i) {
    if (!IsCountryCode(a.citizenships[i]))
      return std::unexpected(Invalid("applicant.citizenships[" + std::to_string(i) + "]",
                                     "a citizenship is a 3-letter ICAO code such as RUS"));
  }
  if (a.passport.number.empty())
    return std::unexpected(Invalid("applicant.passport.number", "the passport number is required"));
  if (!IsCountryCode(a.passport.issuing_state))
    return std::unexpected(Invalid("applicant.passport.issuingState",
                                   "the issuing state is a 3-letter ICAO code such as RUS"));
  if (!a.passport.mrz.empty()) return ValidateMrz(a, filing);
  return {};
}

}  // namespace

CaseService::CaseService(CaseStore& store, policy::Registry& policies, FileStore& files,
                         std::function<std::string()> now)
    : store_(store), policies_(policies), files_(files), now_(std::move(now)) {}

feel::Context PolicyInputs(const Application& app) {
  feel::Context in;
  in.Set("Application Kind", feel::Value(app.kind));
  in.Set("Purpose", feel::Value(app.purpose));
  in.Set("Filing Date", feel::Value(app.filing_date));
  feel::List citizenships;
  for (const auto& c : app.applicant.citizenships) citizenships.push_back(feel::Value(c));
  in.Set("Citizenships", feel::Value(std::move(citizenships)));
  in.Set("Birth Date", feel::Value(app.applicant.birth_date));
  in.Set("Passport Expiry", feel::Value(app.applicant.passport.expiry));
  feel::List kinds{feel::Value("passport")};
  feel::List details;
  for (const auto& d : app.documents) {
    kinds.push_back(feel::Value(d.kind));
    feel::Context c;
    c.Set("kind", feel::Value(d.kind));
    c.Set("issuing state", feel::Value(d.issuing_state));
    c.Set("number", feel::Value(d.number));
    c.Set("expires", d.expires ? feel::Value(*d.expires) : feel::Value());
    details.push_back(feel::Value(std::move(c)));
  }
  in.Set("Documents", feel::Value(std::move(kinds)));
  in.Set("Document Details", feel::Value(std::move(details)));
  return in;
}

namespace {

bool HasDocument(const Application& app, const std::string& kind) {
  return std::any_of(app.documents.begin(), app.documents.end(),
                     [&](const Document& d) { return d.kind == kind; });
}

// The state a decision puts an undecided case in: documents missing (by the policy, or asked for
// by an officer and not yet given) keep it waiting; otherwise an officer reviews it.
State StateAfterDecision(const Case& c) {
  if (c.decision && c.decision->outcome == "documents-missing") return State::kAwaitingDocuments;
  for (const auto& kind : c.requested_documents) {
    if (!HasDocument(c.application, kind)) return State::kAwaitingDocuments;
  }
  return State::kReadyForReview;
}

}  // namespace

std::expected<CaseService::Submitted, Error> CaseService::Submit(Application app,
                                                                 const Actor& actor) {
  // One library for the whole submission, even if a version is published meanwhile.
  std::shared_ptr<const policy::Library> library = policies_.Current();
  const policy::Library& policies = *library;
  auto kinds = policies.Kinds(app.jurisdiction);
  if (kinds.empty())
    return std::unexpected(
        Invalid("jurisdiction", "unknown jurisdiction '" + app.jurisdiction + "'"));
  if (std::find(kinds.begin(), kinds.end(), app.kind) == kinds.end())
    return std::unexpected(
        Invalid("kind", "no policy for '" + app.kind + "' in " + app.jurisdiction));
  if (auto ok = ValidateApplicant(app.applicant, app.filing_date); !ok)
    return std::unexpected(ok.error());
  // now_() is ISO 8601 UTC; its first ten characters are today's date.
  if (auto today = feel::ParseDate(now_().substr(0, 10));
      today && app.filing_date.DaysSinceEpoch() > today->DaysSinceEpoch())
    return std::unexpected(Invalid(
        "filingDate", "the filing date " + feel::ToString(app.filing_date) + " is in the future"));
  auto version = policies.InForce(app.jurisdiction, app.kind, app.filing_date);
  if (!version) return std::unexpected(Invalid("filingDate", version.error().ToString()));

  Case c;
  c.application = std::move(app);
  c.deadline = AddDays(c.application.filing_date, version->deadline_days);
  c.created_at = c.updated_at = now_();
  auto decision = policies.Decide(c.application.jurisdiction, c.application.kind,
                                  c.application.filing_date, PolicyInputs(c.application));
  c.history.push_back(
      {State::kSubmitted, State::kSubmitted, actor.name, c.created_at, "submitted"});
  // A valid application is never lost to a failing policy: it is stored as submitted, with the
  // reason, and decided again (redecide) once the policy is fixed.
  State next = State::kSubmitted;
  if (decision) {
    c.decision = std::move(*decision);
    next = StateAfterDecision(c);
    c.history.push_back(
        {State::kSubmitted, next, "system", c.created_at,
         "decided under " + c.decision->policy_version + ": " + c.decision->outcome});
  } else {
    c.history.push_back({State::kSubmitted, State::kSubmitted, "system", c.created_at,
                         "decision pending: " + decision.error().ToString()});
  }
  c.state = next;
  c.revision = 1;

  std::string code = NewAccessCode();
  audit::Entry entry{0,
                     c.created_at,
                     actor.name,
                     "case.submit",
                     "",
                     Details({{"outcome", c.decision ? c.decision->outcome : "pending"},
                              {"policy", c.decision ? c.decision->policy_version : ""},
                              {"state", std::string(StateName(next))}}),
                     ""};
  auto created = store_.Create(std::move(c), base::Sha256Hex(code), std::move(entry));
  if (!created) return std::unexpected(created.error());
  return Submitted{std::move(*created), code};
}

std::expected<Case, Error> CaseService::Get(const std::string& number, const Actor& actor) {
  auto c = store_.Load(number);
  if (!c) return c;
  auto read = store_.RecordRead({0, now_(), actor.name, "case.read", number, "{}", ""});
  if (!read) return std::unexpected(read.error());
  return c;
}

std::expected<Case, Error> CaseService::GetForApplicant(const std::string& number,
                                                        const std::string& access_code) {
  auto hash = store_.AccessCodeHash(number);
  // The same answer for an unknown number and a wrong code, so numbers cannot be probed.
  if (!hash || *hash != base::Sha256Hex(access_code))
    return std::unexpected(Error{Error::Code::kNotFound, "accessCode",
                                 "no application with that number and access code"});
  return Get(number, Actor{"applicant:" + number, "applicant"});
}

namespace {

// A list shows applicants' names and citizenships: personal data, so its reading is audited, one
// entry per list naming the cases shown.
audit::Entry ListRead(const std::string& at, const Actor& actor, const char* action,
                      const std::vector<CaseSummary>& shown) {
  std::string numbers;
  for (const auto& s : shown) numbers += (numbers.empty() ? "" : ",") + s.number;
  return audit::Entry{0, at, actor.name, action, "", Details({{"cases", numbers}}), ""};
}

}  // namespace

std::expected<CasePage, Error> CaseService::List(const CaseFilter& filter, const Actor& actor) {
  auto page = store_.List(filter);
  if (!page || page->cases.empty()) return page;
  if (auto read = store_.RecordRead(ListRead(now_(), actor, "case.list", page->cases)); !read)
    return std::unexpected(read.error());
  return page;
}

std::expected<CaseStats, Error> CaseService::Stats(const StatsQuery& query, const Actor& actor) {
  auto stats = store_.Stats(query);
  if (!stats || stats->oldest_open.empty()) return stats;
  if (auto read = store_.RecordRead(ListRead(now_(), actor, "stats.read", stats->oldest_open));
      !read)
    return std::unexpected(read.error());
  return stats;
}

namespace {

// Loads a case and checks that `to` may follow its state; for officer actions also that the
// officer holds the case.
std::expected<Case, Error> LoadFor(CaseStore& store, const std::string& number, State to,
                                   const Actor* holder) {
  auto c = store.Load(number);
  if (!c) return c;
  if (!TransitionAllowed(c->state, to))
    return std::unexpected(Conflict("a case in state '" + std::string(StateName(c->state)) +
                                    "' cannot become '" + std::string(StateName(to)) + "'"));
  if (holder && c->assigned_officer != holder->name)
    return std::unexpected(
        Conflict(c->assigned_officer.empty()
                     ? "claim the case before acting on it"
                     : "the case is held by " + c->assigned_officer + "; only they can act on it"));
  return c;
}

}  // namespace

std::expected<Case, Error> CaseService::Commit(Case c, State to, const Actor& actor,
                                               std::string action, std::string reason) {
  std::string at = now_();
  if (to != c.state || action != "case.redecide") {
    c.history.push_back({c.state, to, actor.name, at, reason});
  }
  c.state = to;
  c.updated_at = at;
  c.revision += 1;
  audit::Entry entry{
      0,          at,
      actor.name, std::move(action),
      c.number,   Details({{"state", std::string(StateName(to))}, {"reason", reason}}),
      ""};
  return store_.Update(c, std::move(entry));
}

std::expected<void, Error> CaseService::Decide(Case& c) {
  auto decision =
      policies_.Current()->Decide(c.application.jurisdiction, c.application.kind,
                                  c.application.filing_date, PolicyInputs(c.application));
  if (!decision)
    return std::unexpected(Error{Error::Code::kUnavailable, "", decision.error().ToString()});
  c.decision = std::move(*decision);
  return {};
}

std::expected<Case, Error> CaseService::AddDocument(const std::string& number, Document document,
                                                    std::string_view bytes, const Actor& actor) {
  if (document.kind.empty())
    return std::unexpected(Invalid("kind", "the document kind is required"));
  if (static_cast<int64_t>(bytes.size()) > kMaxDocumentBytes)
    return std::unexpected(Error{
        Error::Code::kTooLarge, "file",
        "the file is larger than " + std::to_string(kMaxDocumentBytes / (1024 * 1024)) + " MiB"});
  if (bytes.empty()) return std::unexpected(Invalid("file", "the file is empty"));
  std::string type = SniffContentType(bytes);
  if (type.empty())
    return std::unexpected(Invalid("file", "the file is not a PDF, JPEG or PNG document"));
  auto c = store_.Load(number);
  if (!c) return c;
  if (!IsOpen(c->state))
    return std::unexpected(Conflict("the case is " + std::string(StateName(c->state)) +
                                    "; documents can no longer be added"));
  auto sha = files_.Put(bytes);
  if (!sha) return std::unexpected(sha.error());
  int64_t next_id = 1;
  for (const auto& d : c->application.documents) next_id = std::max(next_id, d.id + 1);
  document.id = next_id;
  document.content_type = type;
  document.size = static_cast<int64_t>(bytes.size());
  document.sha256 = *sha;
  document.uploaded_at = now_();
  c->application.documents.push_back(document);

  State to = c->state;
  std::string reason = "document added: " + document.kind;
  if (c->state == State::kAwaitingDocuments || c->state == State::kReadyForReview) {
    if (auto ok = Decide(*c); !ok) return std::unexpected(ok.error());
    to = StateAfterDecision(*c);
    reason += "; re-decided: " + c->decision->outcome;
  }
  return Commit(std::move(*c), to, actor, "document.upload", reason);
}

std::expected<std::string, Error> CaseService::DocumentContent(const std::string& number,
                                                               int64_t document_id,
                                                               const Actor& actor) {
  auto c = store_.Load(number);
  if (!c) return std::unexpected(c.error());
  for (const auto& d : c->application.documents) {
    if (d.id != document_id) continue;
    auto read = store_.RecordRead({0, now_(), actor.name, "document.read", number,
                                   Details({{"document", std::to_string(document_id)}}), ""});
    if (!read) return std::unexpected(read.error());
    return files_.Get(d.sha256);
  }
  return std::unexpected(
      Error{Error::Code::kNotFound, "documentId",
            "case " + number + " has no document " + std::to_string(document_id)});
}

std::expected<Case, Error> CaseService::Claim(const std::string& number, const Actor& officer) {
  auto c = store_.Load(number);
  if (!c) return c;
  if (!IsOpen(c->state) || c->state == State::kSubmitted)
    return std::unexpected(
        Conflict("a case in state '" + std::string(StateName(c->state)) + "' cannot be claimed"));
  if (!c->assigned_officer.empty() && c->assigned_officer != officer.name)
    return std::unexpected(Conflict("the case is already held by " + c->assigned_officer));
  c->assigned_officer = officer.name;
  return Commit(std::move(*c), c->state, officer, "case.claim", "claimed by " + officer.name);
}

std::expected<Case, Error> CaseService::RequestDocuments(const std::string& number,
                                                         const std::vector<std::string>& kinds,
                                                         const std::string& reason,
                                                         const Actor& officer) {
  if (kinds.empty()) return std::unexpected(Invalid("kinds", "name at least one document kind"));
  if (reason.empty()) return std::unexpected(Invalid("reason", "say why the documents are needed"));
  auto c = LoadFor(store_, number, State::kAwaitingDocuments, &officer);
  if (!c) return c;
  for (const auto& k : kinds) {
    if (std::find(c->requested_documents.begin(), c->requested_documents.end(), k) ==
        c->requested_documents.end())
      c->requested_documents.push_back(k);
  }
  return Commit(std::move(*c), State::kAwaitingDocuments, officer, "case.request-documents",
                reason);
}

std::expected<Case, Error> CaseService::Validate(const std::string& number, const Actor& officer) {
  auto c = LoadFor(store_, number, State::kValidated, &officer);
  if (!c) return c;
  return Commit(std::move(*c), State::kValidated, officer, "case.validate", "documents validated");
}

std::expected<Case, Error> CaseService::Approve(const std::string& number,
                                                const std::string& reason, const Actor& officer) {
  auto c = LoadFor(store_, number, State::kApproved, &officer);
  if (!c) return c;
  return Commit(std::move(*c), State::kApproved, officer, "case.approve",
                reason.empty() ? "approved" : reason);
}

std::expected<Case, Error> CaseService::Refuse(const std::string& number,
                                               const std::vector<policy::Ground>& grounds,
                                               const Actor& officer) {
  if (grounds.empty())
    return std::unexpected(Invalid("grounds", "a refusal needs at least one ground"));
  for (size_t i = 0; i < grounds.size(); ++i) {
    if (grounds[i].reason.empty())
      return std::unexpected(Invalid("grounds[" + std::to_string(i) + "].reason",
                                     "every ground needs a reason the applicant can read"));
  }
  auto c = LoadFor(store_, number, State::kRefused, &officer);
  if (!c) return c;
  c->refusal_grounds = grounds;
  return Commit(std::move(*c), State::kRefused, officer, "case.refuse", grounds.front().reason);
}

std::expected<Case, Error> CaseService::Redecide(const std::string& number, const Actor& actor) {
  auto c = store_.Load(number);
  if (!c) return c;
  if (c->state != State::kSubmitted && c->state != State::kAwaitingDocuments &&
      c->state != State::kReadyForReview)
    return std::unexpected(Conflict("only a case awaiting documents or review can be re-decided"));
  if (auto ok = Decide(*c); !ok) return std::unexpected(ok.error());
  State to = StateAfterDecision(*c);
  std::string reason =
      "re-decided under " + c->decision->policy_version + ": " + c->decision->outcome;
  return Commit(std::move(*c), to, actor, "case.redecide", reason);
}

std::expected<Case, Error> CaseService::Appeal(const std::string& number, const std::string& reason,
                                               const Actor& applicant) {
  if (reason.empty()) return std::unexpected(Invalid("reason", "an appeal needs a reason"));
  auto c = LoadFor(store_, number, State::kAppealed, nullptr);
  if (!c) return c;
  c->appeal_reason = reason;
  c->assigned_officer.clear();  // an appeal is worked afresh
  return Commit(std::move(*c), State::kAppealed, applicant, "case.appeal", reason);
}

std::expected<Case, Error> CaseService::DecideAppeal(const std::string& number, bool upheld,
                                                     const std::string& reason,
                                                     const Actor& officer) {
  if (reason.empty())
    return std::unexpected(Invalid("reason", "an appeal decision needs a reason"));
  State to = upheld ? State::kAppealUpheld : State::kAppealDismissed;
  auto c = LoadFor(store_, number, to, &officer);
  if (!c) return c;
  return Commit(std::move(*c), to, officer, upheld ? "appeal.uphold" : "appeal.dismiss", reason);
}

std::expected<Case, Error> CaseService::Withdraw(const std::string& number,
                                                 const std::string& reason, const Actor& actor) {
  auto c = LoadFor(store_, number, State::kWithdrawn, nullptr);
  if (!c) return c;
  return Commit(std::move(*c), State::kWithdrawn, actor, "case.withdraw",
                reason.empty() ? "withdrawn" : reason);
}

}  // namespace tamga::cases

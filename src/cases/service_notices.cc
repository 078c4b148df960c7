// The case service's notices: composing and storing a notice for each decision, reading it back
// as issued, and the anonymous check of a notice by its code and content (docs/notices.md).
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>

#include "cases/service.h"
#include "cases/service_internal.h"
#include "notices/notices.h"

namespace tamga::cases {

using internal::AwaitedDocuments;
using internal::Details;
using internal::Invalid;

namespace {

// Sixteen characters from an alphabet without look-alikes, in groups of four: about 78 bits, so
// codes cannot be guessed to probe for notices.
std::string NewNoticeCode() {
  static const char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  unsigned char random[16];
  RAND_bytes(random, sizeof random);
  std::string code;
  for (size_t i = 0; i < sizeof random; ++i) {
    if (i && i % 4 == 0) code += '-';
    code += kAlphabet[random[i] % (sizeof kAlphabet - 1)];
  }
  return code;
}

const policy::Rule* FindRule(const std::vector<policy::Rule>& rules, const std::string& id) {
  for (const policy::Rule& r : rules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

notices::Ground NoticeGround(const policy::Ground& g) {
  notices::Ground out;
  out.rule_id = g.rule_id;
  out.reason = g.reason_in;
  out.reason["en"] = g.reason;
  out.citation = g.citation_in;
  if (!g.citation.empty()) out.citation["en"] = g.citation;
  out.annex_vi_ground = g.form_ground;
  return out;
}

// What every notice of a case states: the application and its applicant, the authority, the
// day, and the documents named as `version` (the deciding one, else the one in force) names them.
notices::NoticeData NoticeDataOf(const Case& c, notices::Kind kind, const policy::Jurisdiction& j,
                                 const feel::Date& issued_on,
                                 const std::optional<policy::Version>& version,
                                 const std::vector<std::string>& documents) {
  const Application& app = c.application;
  notices::NoticeData data;
  data.kind = kind;
  data.language = app.language;
  data.reference = c.number;
  data.issued_on = feel::ToString(issued_on);
  data.authority = j.authority;
  data.jurisdiction = app.jurisdiction;
  data.application_kind = KindLabel(app.kind);
  data.filed_on = feel::ToString(app.filing_date);
  data.applicant_name = app.applicant.surname + " " + app.applicant.given_names;
  data.birth_date = feel::ToString(app.applicant.birth_date);
  data.passport_number = app.applicant.passport.number;
  for (const std::string& d : documents) {
    notices::Text label{{"en", d}};
    if (version) {
      if (auto it = version->documents.find(d); it != version->documents.end()) label = it->second;
    }
    data.documents.push_back(std::move(label));
  }
  return data;
}

}  // namespace

std::vector<policy::Ground> CaseService::WithPolicyTexts(const std::vector<policy::Ground>& grounds,
                                                         const Case& c) const {
  auto library = policies_.Current();
  std::vector<policy::Rule> rules;
  if (c.decision) {
    for (const policy::Version& v :
         library->Versions(c.application.jurisdiction, c.application.kind)) {
      if (v.id() == c.decision->policy_version) rules = library->Rules(v);
    }
  }
  std::vector<policy::Ground> out;
  for (policy::Ground g : grounds) {
    if (const policy::Rule* rule = FindRule(rules, g.rule_id)) {
      g.form_ground = rule->form_ground;
      // The policy's translations hold while the officer kept the policy's words.
      // (unless the officer gave their own translations).
      if (g.reason_in.empty() && g.reason == rule->reason) g.reason_in = rule->reason_in;
      if (g.citation_in.empty() && g.citation == rule->citation) g.citation_in = rule->citation_in;
    }
    out.push_back(std::move(g));
  }
  return out;
}

std::expected<void, Error> CaseService::CheckRefusalForm(const std::vector<policy::Ground>& grounds,
                                                         const Case& c) const {
  auto version = DecidingVersion(c);
  if (!version || version->refusal_form != "schengen-annex-vi") return {};
  for (size_t i = 0; i < grounds.size(); ++i) {
    if (grounds[i].form_ground < 0 || grounds[i].form_ground > notices::kAnnexViReasons)
      return std::unexpected(Invalid("grounds[" + std::to_string(i) + "].formGround",
                                     "the standard refusal form has reasons 1 to " +
                                         std::to_string(notices::kAnnexViReasons)));
  }
  bool numbered = std::any_of(grounds.begin(), grounds.end(),
                              [](const policy::Ground& g) { return g.form_ground > 0; });
  if (!numbered)
    return std::unexpected(
        Invalid("grounds",
                "a visa refusal is notified on the standard form of the Visa Code (Annex VI, "
                "Art. 32(2)): name the form's reason of at least one ground (formGround), or "
                "refuse on a policy rule that has one"));
  return {};
}

std::optional<policy::Version> CaseService::DecidingVersion(const Case& c) const {
  auto library = policies_.Current();
  const Application& app = c.application;
  std::string decided_by = c.decision ? c.decision->policy_version : "";
  for (const policy::Version& v : library->Versions(app.jurisdiction, app.kind)) {
    if (v.id() == decided_by) return v;
  }
  auto v = library->InForce(app.jurisdiction, app.kind, app.filing_date);
  if (v) return *v;
  return std::nullopt;
}

std::expected<std::vector<audit::Entry>, Error> CaseService::NoticeIfDocumentsChanged(
    Case& c, const std::vector<std::string>& awaited_before) {
  std::vector<std::string> awaited = AwaitedDocuments(c);
  if (awaited.empty()) return std::vector<audit::Entry>{};
  std::vector<std::string> a = awaited, b = awaited_before;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  if (a == b) return std::vector<audit::Entry>{};
  std::vector<policy::Ground> grounds =
      c.decision ? c.decision->decisive_grounds : std::vector<policy::Ground>{};
  auto entry = IssueNotice(c, "documents-requested", {.grounds = grounds, .documents = awaited});
  if (!entry) return std::unexpected(entry.error());
  return std::vector<audit::Entry>{std::move(*entry)};
}

std::expected<audit::Entry, Error> CaseService::IssueNotice(Case& c, std::string_view kind_name,
                                                            const NoticeContent& content) {
  auto kind = notices::ParseKind(kind_name);
  auto library = policies_.Current();
  const Application& app = c.application;
  const policy::Jurisdiction* j = library->FindJurisdiction(app.jurisdiction);
  if (!kind || !j)
    return std::unexpected(
        Error{Error::Code::kUnavailable, "",
              "no notice of kind " + std::string(kind_name) + " for " + app.jurisdiction});
  std::string at = now_();
  auto today = LocalDateOf(app.jurisdiction, at);
  if (!today) return std::unexpected(today.error());
  // Labels and the refusal form come from the version that decided (else the one in force).
  std::string decided_by = c.decision ? c.decision->policy_version : "";
  std::optional<policy::Version> version = DecidingVersion(c);

  notices::NoticeData data = NoticeDataOf(c, *kind, *j, *today, version, content.documents);
  for (const policy::Ground& g : content.grounds) data.grounds.push_back(NoticeGround(g));
  data.officer_reason = content.officer_reason;
  if (*kind == notices::Kind::kRefusal) {
    // An asylum law's own route to appeal, where it has one; else the jurisdiction's.
    const policy::Appeal& appeal = version && version->asylum && version->asylum->appeal
                                       ? *version->asylum->appeal
                                       : j->appeal;
    feel::Date deadline = appeal.Deadline(*today);
    c.appeal_deadline = deadline;
    data.appeal =
        notices::Appeal{appeal.body, feel::ToString(deadline), appeal.period, appeal.basis};
    data.schengen_form = version && version->refusal_form == "schengen-annex-vi";
  }
  data.verification_code = NewNoticeCode();
  // The public page that checks a notice by its code and file (the API route needs the hash).
  data.verify_url = public_url_ + "/#/verify?code=" + data.verification_code;
  data.policy_version = decided_by;
  data.rules_changed_on = content.rules_changed_on;
  if (*kind == notices::Kind::kAsylumCertificate) {
    if (!version || !version->asylum)
      return std::unexpected(
          Error{Error::Code::kUnavailable, "", "no asylum procedure in force for " + c.number});
    data.certificate_title = version->asylum->certificate_title;
    data.right_to_stay = version->asylum->right_to_stay;
    data.right_to_stay_basis = version->asylum->certificate_basis;
    data.decision_due = feel::ToString(c.deadline);
  }
  // Non-refoulement (1951 Convention Art. 33(1)): refusing another case of a person whose claim
  // is pending removes no one, and the notice says so.
  data.no_removal =
      *kind == notices::Kind::kRefusal && c.protection && c.protection->status == "asylum-pending";

  auto document = notices::Compose(data);
  if (!document)
    return std::unexpected(
        Error{Error::Code::kUnavailable, "", "notice: " + document.error().message});
  auto pdf = notices::RenderPdf(*document, data.issued_on);
  if (!pdf)
    return std::unexpected(
        Error{Error::Code::kUnavailable, "", "notice PDF: " + pdf.error().message});
  // The files are stored before the row that names them.
  auto pdf_sha = files_.Put(*pdf);
  if (!pdf_sha) return std::unexpected(pdf_sha.error());
  auto html_sha = files_.Put(notices::RenderHtml(*document));
  if (!html_sha) return std::unexpected(html_sha.error());
  c.notices.push_back({data.verification_code, std::string(notices::KindName(*kind)), app.language,
                       at, data.issued_on, *pdf_sha, *html_sha});
  return audit::Entry{0,
                      at,
                      "system",
                      "notice.issue",
                      c.number,
                      Details({{"code", data.verification_code},
                               {"kind", std::string(notices::KindName(*kind))},
                               {"language", app.language},
                               {"sha256", *pdf_sha}}),
                      ""};
}

std::expected<CaseService::NoticeFile, Error> CaseService::Notice(const std::string& number,
                                                                  const std::string& code,
                                                                  const std::string& format,
                                                                  const Actor& actor) {
  if (format != "pdf" && format != "html")
    return std::unexpected(Invalid("format", "a notice is read as pdf or html"));
  auto c = Load(number, actor);
  if (!c && c.error().code == Error::Code::kNotFound) {
    // The officer who lodged a claim prints its certificate for the applicant, under their own
    // name, though the claim is out of their sight (docs/asylum.md): that notice alone.
    auto stored = store_.Load(number);
    if (stored && stored->IsAsylum() && !stored->history.empty() &&
        stored->history.front().actor == actor.name &&
        std::ranges::any_of(stored->notices, [&](const NoticeRecord& n) {
          return n.code == code && n.kind == "asylum-certificate";
        }))
      c = *std::move(stored);
  }
  if (!c) return std::unexpected(c.error());
  for (const NoticeRecord& n : c->notices) {
    if (n.code != code) continue;
    auto content = files_.Get(format == "pdf" ? n.pdf_sha256 : n.html_sha256);
    if (!content) return std::unexpected(content.error());
    auto read = store_.RecordRead({0, now_(), actor.name, "notice.read", number,
                                   Details({{"code", code}, {"format", format}}), ""});
    if (!read) return std::unexpected(read.error());
    return NoticeFile{n, std::move(*content),
                      format == "pdf" ? "application/pdf" : "text/html; charset=utf-8"};
  }
  return std::unexpected(
      Error{Error::Code::kNotFound, "code", "case " + number + " has no notice " + code});
}

std::expected<std::string, Error> CaseService::Receipt(const std::string& number,
                                                       std::string language, const Actor& actor) {
  if (!language.empty() && !notices::IsNoticeLanguage(language))
    return std::unexpected(Invalid("language", "a receipt is written in en, ru, kk or lv"));
  auto c = Load(number, actor);
  if (!c) return std::unexpected(c.error());
  auto library = policies_.Current();
  const Application& app = c->application;
  const policy::Jurisdiction* j = library->FindJurisdiction(app.jurisdiction);
  if (!j)
    return std::unexpected(Error{Error::Code::kUnavailable, "",
                                 "no jurisdiction " + app.jurisdiction + " in the policies"});
  auto today = LocalDateOf(app.jurisdiction, now_());
  if (!today) return std::unexpected(today.error());
  std::optional<policy::Version> version = DecidingVersion(*c);

  notices::NoticeData data =
      NoticeDataOf(*c, notices::Kind::kReceipt, *j, *today, version, AwaitedDocuments(*c));
  if (!language.empty()) data.language = language;
  // The deadline runs while the case is undecided; a decided case's receipt only records filing.
  if (IsOpen(c->state)) data.decision_due = feel::ToString(c->deadline);
  data.status_url = public_url_ + "/#/status";
  data.policy_version = c->decision ? c->decision->policy_version : "";

  auto document = notices::Compose(data);
  if (!document)
    return std::unexpected(
        Error{Error::Code::kUnavailable, "", "receipt: " + document.error().message});
  auto pdf = notices::RenderPdf(*document, data.issued_on);
  if (!pdf)
    return std::unexpected(
        Error{Error::Code::kUnavailable, "", "receipt PDF: " + pdf.error().message});
  auto read = store_.RecordRead(
      {0, now_(), actor.name, "case.receipt", number, Details({{"language", data.language}}), ""});
  if (!read) return std::unexpected(read.error());
  return *std::move(pdf);
}

std::expected<CaseService::NoticeCheck, Error> CaseService::VerifyNotice(
    const std::string& code, const std::string& sha256) {
  auto found = store_.FindNotice(code);
  if (!found) return std::unexpected(found.error());
  NoticeCheck check;
  if (!*found) return check;
  check.issued = true;
  std::string wanted = sha256;
  for (char& ch : wanted) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  check.matches = !wanted.empty() && wanted == (*found)->sha256;
  check.jurisdiction = (*found)->jurisdiction;
  check.kind = (*found)->kind;
  check.language = (*found)->language;
  check.issued_on = (*found)->issued_on;
  return check;
}

}  // namespace tamga::cases

// Compose(): from NoticeData to a Document, every fixed phrase from the catalog, every variable
// text from the data. Nothing legal is made up here: citations, appeal bodies and periods come from
// the data; the only legal text of our own is the title of the Annex VI standard form and its
// reasons.
#include <algorithm>
#include <array>
#include <utility>

#include "notices/catalog.h"
#include "notices/notices.h"

namespace tamga::notices {
namespace {

using catalog::Phrase;

constexpr std::array<std::pair<Kind, std::string_view>, 8> kKindNames = {{
    {Kind::kApproval, "approval"},
    {Kind::kDocumentsRequested, "documents-requested"},
    {Kind::kRefusal, "refusal"},
    {Kind::kAppealUpheld, "appeal-upheld"},
    {Kind::kAppealDismissed, "appeal-dismissed"},
    {Kind::kReassessment, "reassessment"},
    {Kind::kReceipt, "receipt"},
    {Kind::kAsylumCertificate, "asylum-certificate"},
}};

// The data with its language resolved and its dates formatted, as the section builders use it.
struct Facts {
  explicit Facts(const NoticeData& notice) : data(notice), lang(notice.language) {}

  const NoticeData& data;
  std::string_view lang;
  std::string issued_on;         // formatted
  std::string filed_on;          // formatted, or empty
  std::string birth_date;        // formatted, or empty
  std::string respond_by;        // formatted, or empty
  std::string deadline;          // the appeal's last day, formatted, or empty
  std::string rules_changed_on;  // formatted, or empty
  std::string decision_due;      // formatted, or empty
  std::string authority;
  std::string application_kind;

  std::string Say(
      Phrase phrase,
      std::initializer_list<std::pair<std::string_view, std::string_view>> values = {}) const {
    return catalog::Say(lang, phrase, values);
  }
  std::string PickText(const Text& text) const { return Pick(text, lang); }
};

// A section of a heading and paragraphs; lists are added by the caller.
Section MakeSection(std::string heading, std::vector<std::string> paragraphs = {}) {
  Section section;
  section.heading = std::move(heading);
  section.paragraphs = std::move(paragraphs);
  return section;
}

std::unexpected<Error> Fail(std::string message) {
  return std::unexpected(Error{std::move(message)});
}

// An optional date: empty stays empty, anything else must be a valid "YYYY-MM-DD".
std::expected<std::string, Error> OptionalDate(std::string_view lang, std::string_view field,
                                               const std::string& value) {
  if (value.empty()) return std::string();
  auto formatted = catalog::FormatDate(lang, value);
  if (!formatted)
    return Fail(std::string(field) + " is not a date (YYYY-MM-DD): \"" + value + "\"");
  return *formatted;
}

// What every notice needs, and what a refusal needs besides: the promises of Compose() in
// notices.h.
std::optional<Error> MissingData(const NoticeData& data) {
  if (!IsNoticeLanguage(data.language)) return Error{"unknown notice language: " + data.language};
  if (data.reference.empty()) return Error{"the notice has no reference"};
  if (data.issued_on.empty()) return Error{"the notice has no issue date"};
  if (Pick(data.authority, data.language).empty()) return Error{"the notice names no authority"};
  if (data.kind == Kind::kRefusal && data.grounds.empty())
    return Error{"a refusal needs at least one decisive ground"};
  if (data.kind == Kind::kRefusal && !data.appeal) return Error{"a refusal needs its appeal"};
  if (data.kind == Kind::kDocumentsRequested && data.documents.empty())
    return Error{"a request for documents names no document"};
  if (data.kind == Kind::kReceipt && data.filed_on.empty())
    return Error{"a receipt names the day the application was filed"};
  if (data.kind == Kind::kAsylumCertificate &&
      (Pick(data.certificate_title, data.language).empty() ||
       Pick(data.right_to_stay, data.language).empty()))
    return Error{"an asylum certificate needs its title and the right to stay it gives"};
  return std::nullopt;
}

std::optional<Error> BadAnnexViNumbers(const NoticeData& data) {
  bool any = false;
  for (const Ground& ground : data.grounds) {
    if (ground.annex_vi_ground < 0 || ground.annex_vi_ground > catalog::kAnnexViReasons)
      return Error{"ground " + ground.rule_id + " has no Annex VI reason " +
                   std::to_string(ground.annex_vi_ground)};
    any = any || ground.annex_vi_ground > 0;
  }
  // A standard form with no reason ticked would notify a refusal without its reason.
  if (data.kind == Kind::kRefusal && data.schengen_form && !any)
    return Error{"an Annex VI refusal needs a ground numbered on the form"};
  return std::nullopt;
}

std::expected<Facts, Error> Resolve(const NoticeData& data) {
  if (auto error = MissingData(data)) return std::unexpected(*error);
  if (auto error = BadAnnexViNumbers(data)) return std::unexpected(*error);
  Facts facts(data);
  auto issued = OptionalDate(facts.lang, "issued_on", data.issued_on);
  auto filed = OptionalDate(facts.lang, "filed_on", data.filed_on);
  auto birth = OptionalDate(facts.lang, "birth_date", data.birth_date);
  auto respond = OptionalDate(facts.lang, "respond_by", data.respond_by);
  auto deadline =
      OptionalDate(facts.lang, "appeal deadline", data.appeal ? data.appeal->deadline : "");
  auto changed = OptionalDate(facts.lang, "rules_changed_on", data.rules_changed_on);
  auto due = OptionalDate(facts.lang, "decision_due", data.decision_due);
  for (auto* date : {&issued, &filed, &birth, &respond, &deadline, &changed, &due}) {
    if (!*date) return std::unexpected(date->error());
  }
  if (data.kind == Kind::kRefusal && deadline->empty()) return Fail("the appeal has no deadline");
  if (data.kind == Kind::kReassessment && changed->empty())
    return Fail("a reassessment names the day the new rules took effect");
  facts.rules_changed_on = *changed;
  facts.decision_due = *due;
  facts.issued_on = *issued;
  facts.filed_on = *filed;
  facts.birth_date = *birth;
  facts.respond_by = *respond;
  facts.deadline = *deadline;
  facts.authority = Pick(data.authority, facts.lang);
  facts.application_kind = Pick(data.application_kind, facts.lang);
  return facts;
}

// The application as running text names it: "Permanent residence permit; reference KZ-…; filed on
// 1 September 2022". Parenthesised in the sentences, so no grammatical case has to agree with it.
std::string Application(const Facts& f) {
  std::string out = f.application_kind;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
  add(f.Say(Phrase::kPartReference, {{"ref", f.data.reference}}));
  if (!f.filed_on.empty()) add(f.Say(Phrase::kPartFiled, {{"filed", f.filed_on}}));
  return out;
}

std::vector<std::pair<std::string, std::string>> FactRows(const Facts& f) {
  std::vector<std::pair<std::string, std::string>> rows;
  auto add = [&](Phrase label, const std::string& value) {
    if (!value.empty()) rows.emplace_back(f.Say(label), value);
  };
  const bool receipt = f.data.kind == Kind::kReceipt;
  add(Phrase::kFactReference, f.data.reference);
  add(receipt ? Phrase::kFactReceiptDate : Phrase::kFactIssuedOn, f.issued_on);
  add(receipt ? Phrase::kFactReceivedBy : Phrase::kFactAuthority, f.authority);
  add(Phrase::kFactApplicant, f.data.applicant_name);
  add(Phrase::kFactBirthDate, f.birth_date);
  add(Phrase::kFactPassport, f.data.passport_number);
  add(Phrase::kFactApplicationKind, f.application_kind);
  add(Phrase::kFactFiledOn, f.filed_on);
  return rows;
}

// A ground as a list item: its reason, and on the next line its legal basis.
std::string GroundItem(const Facts& f, const Ground& ground) {
  std::string item = f.PickText(ground.reason);
  std::string citation = f.PickText(ground.citation);
  if (!citation.empty()) item += "\n" + f.Say(Phrase::kLegalBasis, {{"citation", citation}});
  return item;
}

Section GroundsSection(const Facts& f, Phrase intro) {
  Section section = MakeSection(f.Say(Phrase::kHeadGrounds), {f.Say(intro)});
  for (const Ground& ground : f.data.grounds) section.items.push_back(GroundItem(f, ground));
  return section;
}

// The officer's own words, when the decision carries them.
void AddOfficerSection(const Facts& f, Document& doc) {
  if (f.data.officer_reason.empty()) return;
  doc.sections.push_back(MakeSection(f.Say(Phrase::kHeadOfficer), {f.data.officer_reason}));
}

Section AppealSection(const Facts& f, const Appeal& appeal, Phrase heading) {
  Section section = MakeSection(f.Say(heading), {f.Say(Phrase::kAppealIntro)});
  auto add = [&](Phrase phrase, std::string_view name, const std::string& value) {
    if (!value.empty()) section.paragraphs.push_back(f.Say(phrase, {{name, value}}));
  };
  add(Phrase::kAppealBody, "body", f.PickText(appeal.body));
  add(Phrase::kAppealDeadline, "date", f.deadline);
  add(Phrase::kAppealPeriod, "period", f.PickText(appeal.period));
  add(Phrase::kAppealBasis, "basis", f.PickText(appeal.basis));
  return section;
}

void ComposeApproval(const Facts& f, Document& doc) {
  doc.title = f.Say(Phrase::kTitleApproval);
  doc.sections.push_back(MakeSection(f.Say(Phrase::kHeadDecision),
                                     {f.Say(Phrase::kApproved, {{"app", Application(f)}})}));
  AddOfficerSection(f, doc);
  doc.sections.push_back(MakeSection(
      f.Say(Phrase::kHeadNextSteps),
      {f.Say(Phrase::kCollect, {{"authority", f.authority}, {"ref", f.data.reference}})}));
}

void ComposeDocumentsRequested(const Facts& f, Document& doc) {
  doc.title = f.Say(Phrase::kTitleDocumentsRequested);
  Section documents = MakeSection(f.Say(Phrase::kHeadDocuments),
                                  {f.Say(Phrase::kDocumentsIntro, {{"app", Application(f)}})});
  for (const Text& label : f.data.documents) documents.items.push_back(f.PickText(label));
  doc.sections.push_back(std::move(documents));
  if (!f.data.grounds.empty())
    doc.sections.push_back(GroundsSection(f, Phrase::kGroundsIntroRequest));
  AddOfficerSection(f, doc);
  doc.sections.push_back(
      MakeSection(f.Say(Phrase::kHeadDeadline),
                  {f.respond_by.empty() ? f.Say(Phrase::kRespondSoon)
                                        : f.Say(Phrase::kRespondBy, {{"date", f.respond_by}})}));
  doc.sections.push_back(MakeSection(
      f.Say(Phrase::kHeadHowToSubmit),
      {f.Say(Phrase::kHowToSubmit, {{"ref", f.data.reference}, {"authority", f.authority}})}));
}

void ComposeRefusal(const Facts& f, Document& doc) {
  doc.title = f.Say(Phrase::kTitleRefusal);
  doc.sections.push_back(MakeSection(f.Say(Phrase::kHeadDecision),
                                     {f.Say(Phrase::kRefused, {{"app", Application(f)}})}));
  doc.sections.push_back(GroundsSection(f, Phrase::kGroundsIntroRefusal));
  AddOfficerSection(f, doc);
  if (f.data.no_removal)
    doc.sections.push_back(MakeSection(f.Say(Phrase::kHeadYourStay), {f.Say(Phrase::kNoRemoval)}));
  doc.sections.push_back(AppealSection(f, *f.data.appeal, Phrase::kHeadAppeal));
}

// The refusal laid out as the Annex VI standard form: the form's salutation and statement, every
// reason of the form with the applying ones ticked, then our grounds in words as its remarks.
void ComposeAnnexViRefusal(const Facts& f, Document& doc) {
  doc.title = f.Say(Phrase::kTitleVisaRefusalForm);
  Section opening = MakeSection({}, {f.Say(Phrase::kFormCitation)});
  if (!f.data.applicant_name.empty())
    opening.paragraphs.push_back(f.Say(Phrase::kFormAddress, {{"name", f.data.applicant_name}}));
  opening.paragraphs.push_back(
      f.Say(Phrase::kFormExamined, {{"app", Application(f)}, {"authority", f.authority}}));
  opening.paragraphs.push_back(f.Say(Phrase::kFormRefused));
  doc.sections.push_back(std::move(opening));

  Section reasons = MakeSection(f.Say(Phrase::kHeadFormReasons));
  for (int n = 1; n <= catalog::kAnnexViReasons; ++n) {
    bool applies = std::ranges::any_of(
        f.data.grounds, [n](const Ground& ground) { return ground.annex_vi_ground == n; });
    reasons.checklist.emplace_back(
        std::to_string(n) + ". " + std::string(catalog::AnnexViReason(f.lang, n)), applies);
  }
  doc.sections.push_back(std::move(reasons));

  Section remarks = MakeSection(f.Say(Phrase::kHeadRemarks));
  for (const Ground& ground : f.data.grounds) {
    std::string item = GroundItem(f, ground);
    if (ground.annex_vi_ground > 0)
      item = f.Say(Phrase::kFormRemarkGround,
                   {{"n", std::to_string(ground.annex_vi_ground)}, {"reason", item}});
    remarks.items.push_back(std::move(item));
  }
  doc.sections.push_back(std::move(remarks));
  AddOfficerSection(f, doc);
  doc.sections.push_back(AppealSection(f, *f.data.appeal, Phrase::kHeadAppeal));
}

void ComposeAppealUpheld(const Facts& f, Document& doc) {
  doc.title = f.Say(Phrase::kTitleAppealUpheld);
  doc.sections.push_back(MakeSection(f.Say(Phrase::kHeadDecision),
                                     {f.Say(Phrase::kAppealUpheld, {{"app", Application(f)}})}));
  AddOfficerSection(f, doc);
  doc.sections.push_back(MakeSection(f.Say(Phrase::kHeadNextSteps), {f.Say(Phrase::kReexamine)}));
}

// The further remedy after a dismissed appeal: the appeal's data when the case service gives it,
// otherwise the generic pointer to the courts under the jurisdiction's law.
void ComposeAppealDismissed(const Facts& f, Document& doc) {
  doc.title = f.Say(Phrase::kTitleAppealDismissed);
  doc.sections.push_back(MakeSection(f.Say(Phrase::kHeadDecision),
                                     {f.Say(Phrase::kAppealDismissed, {{"app", Application(f)}})}));
  if (!f.data.grounds.empty())
    doc.sections.push_back(GroundsSection(f, Phrase::kGroundsIntroRefusal));
  AddOfficerSection(f, doc);
  if (f.data.appeal) {
    doc.sections.push_back(AppealSection(f, *f.data.appeal, Phrase::kHeadFurtherRemedy));
    return;
  }
  std::string country = catalog::CountryName(f.lang, f.data.jurisdiction);
  doc.sections.push_back(MakeSection(f.Say(Phrase::kHeadFurtherRemedy),
                                     {f.Say(Phrase::kCourt, {{"country", country}})}));
}

// A pending case assessed again under a version that applies to pending applications: the new
// assessment with its grounds and any documents now needed; not a decision, so no appeal.
void ComposeReassessment(const Facts& f, Document& doc) {
  doc.title = f.Say(Phrase::kTitleReassessment);
  doc.sections.push_back(MakeSection(
      f.Say(Phrase::kHeadDecision),
      {f.Say(Phrase::kReassessed, {{"date", f.rules_changed_on}, {"app", Application(f)}})}));
  if (!f.data.grounds.empty())
    doc.sections.push_back(GroundsSection(f, Phrase::kGroundsIntroAssessment));
  if (!f.data.documents.empty()) {
    Section documents = MakeSection(f.Say(Phrase::kHeadDocuments),
                                    {f.Say(Phrase::kDocumentsIntro, {{"app", Application(f)}})});
    for (const Text& label : f.data.documents) documents.items.push_back(f.PickText(label));
    doc.sections.push_back(std::move(documents));
  }
  doc.sections.push_back(
      MakeSection(f.Say(Phrase::kHeadNextSteps), {f.Say(Phrase::kNotYetDecided)}));
}

// A receipt: the application was filed (not a decision), when it is due, what is still to be
// presented, and where to follow it.
void ComposeReceipt(const Facts& f, Document& doc) {
  doc.title = f.Say(Phrase::kTitleReceipt);
  doc.sections.push_back(MakeSection(f.Say(Phrase::kHeadReceipt),
                                     {f.Say(Phrase::kReceived, {{"app", Application(f)}})}));
  if (!f.decision_due.empty())
    doc.sections.push_back(MakeSection(f.Say(Phrase::kHeadDeadline),
                                       {f.Say(Phrase::kDecisionDue, {{"date", f.decision_due}})}));
  if (!f.data.documents.empty()) {
    Section documents =
        MakeSection(f.Say(Phrase::kHeadDocuments), {f.Say(Phrase::kStillToPresent)});
    for (const Text& label : f.data.documents) documents.items.push_back(f.PickText(label));
    doc.sections.push_back(std::move(documents));
  }
  if (!f.data.status_url.empty())
    doc.sections.push_back(MakeSection(f.Say(Phrase::kHeadNextSteps),
                                       {f.Say(Phrase::kFollow, {{"url", f.data.status_url}})}));
}

// The certificate of a registered asylum claim: registered when, not a decision, the right to stay
// with its legal basis, confidentiality, the interview to come and the time to decide.
void ComposeAsylumCertificate(const Facts& f, Document& doc) {
  doc.title = f.PickText(f.data.certificate_title);
  doc.sections.push_back(MakeSection(
      f.Say(Phrase::kHeadRegistration),
      {f.Say(Phrase::kClaimRegistered, {{"date", f.issued_on}}), f.Say(Phrase::kNotADecision)}));
  Section stay = MakeSection(f.Say(Phrase::kHeadRightToStay), {f.PickText(f.data.right_to_stay)});
  std::string basis = f.PickText(f.data.right_to_stay_basis);
  if (!basis.empty()) stay.paragraphs.push_back(f.Say(Phrase::kLegalBasis, {{"citation", basis}}));
  doc.sections.push_back(std::move(stay));
  doc.sections.push_back(
      MakeSection(f.Say(Phrase::kHeadConfidentiality), {f.Say(Phrase::kConfidential)}));
  Section next = MakeSection(f.Say(Phrase::kHeadNextSteps), {f.Say(Phrase::kInterviewNext)});
  if (!f.decision_due.empty())
    next.paragraphs.push_back(f.Say(Phrase::kDecisionDue, {{"date", f.decision_due}}));
  doc.sections.push_back(std::move(next));
}

std::string Footer(const Facts& f) {
  if (f.data.verification_code.empty()) return {};
  if (f.data.verify_url.empty())
    return f.Say(Phrase::kFooterNoUrl, {{"code", f.data.verification_code}});
  return f.Say(Phrase::kFooter, {{"code", f.data.verification_code}, {"url", f.data.verify_url}});
}

}  // namespace

std::string_view KindName(Kind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<Kind> ParseKind(std::string_view name) {
  for (const auto& [kind, known] : kKindNames) {
    if (known == name) return kind;
  }
  return std::nullopt;
}

bool IsNoticeLanguage(std::string_view language) { return catalog::HasLanguage(language); }

std::string Pick(const Text& text, std::string_view language) {
  if (auto it = text.find(std::string(language)); it != text.end()) return it->second;
  if (auto it = text.find("en"); it != text.end()) return it->second;
  return text.empty() ? std::string() : text.begin()->second;
}

std::expected<Document, Error> Compose(const NoticeData& data) {
  auto facts = Resolve(data);
  if (!facts) return std::unexpected(facts.error());
  const Facts& f = *facts;
  Document doc;
  doc.language = data.language;
  doc.facts = FactRows(f);
  switch (data.kind) {
    case Kind::kApproval:
      ComposeApproval(f, doc);
      break;
    case Kind::kDocumentsRequested:
      ComposeDocumentsRequested(f, doc);
      break;
    case Kind::kRefusal:
      data.schengen_form ? ComposeAnnexViRefusal(f, doc) : ComposeRefusal(f, doc);
      break;
    case Kind::kAppealUpheld:
      ComposeAppealUpheld(f, doc);
      break;
    case Kind::kAppealDismissed:
      ComposeAppealDismissed(f, doc);
      break;
    case Kind::kReassessment:
      ComposeReassessment(f, doc);
      break;
    case Kind::kReceipt:
      ComposeReceipt(f, doc);
      break;
    case Kind::kAsylumCertificate:
      ComposeAsylumCertificate(f, doc);
      break;
  }
  doc.footer = Footer(f);
  if (!data.policy_version.empty())
    doc.fine_print = f.Say(Phrase::kPolicyVersion, {{"version", data.policy_version}});
  return doc;
}

}  // namespace tamga::notices

// Decision notices: what the authority tells an applicant after each decision (approval, request
// for documents, refusal, appeal outcome), composed from message catalogs in the applicant's
// language and rendered as HTML and as a PDF with embedded fonts. This module knows nothing of
// cases or policies: the case service fills a NoticeData and stores what comes out
// (docs/notices.md).
#pragma once

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tamga::notices {

struct Error {
  std::string message;
};

// kReassessment: a case decided again because a version that applies to pending applications took
// effect; it tells the new assessment and that an officer still decides.
enum class Kind {
  kApproval,
  kDocumentsRequested,
  kRefusal,
  kAppealUpheld,
  kAppealDismissed,
  kReassessment,
  // kReceipt: the acknowledgement that an application was filed, printed on demand for the
  // applicant (not a decision, not stored, no verification code).
  kReceipt,
  // kAsylumCertificate: the document an asylum applicant receives at registration (its title,
  // the right to stay and its basis from the policy): not a decision, stored and verifiable.
  kAsylumCertificate,
};
std::string_view KindName(Kind kind);  // "approval", "documents-requested", "refusal", ...
std::optional<Kind> ParseKind(std::string_view name);

// Languages a notice can be written in: "en", "ru", "kk" and "lv", all four with complete
// catalogs.
bool IsNoticeLanguage(std::string_view language);

// How many reasons the Annex VI standard refusal form lists (Regulation (EU) 2019/1155, Annex III).
inline constexpr int kAnnexViReasons = 17;

// A text in several languages: language code -> text. Text() picks the language, else English,
// else any.
using Text = std::map<std::string, std::string>;
std::string Pick(const Text& text, std::string_view language);

// One decisive ground: why the decision is what it is, in plain words, and the law behind it.
struct Ground {
  std::string rule_id;  // the policy rule ("kz-pr-noc")
  Text reason;
  Text citation;
  // The ground's number on the Schengen standard refusal form (Regulation (EC) No 810/2009, Annex
  // VI, as replaced by Regulation (EU) 2019/1155): 1..17 in that version's numbering (the 2009 form
  // had 11 and numbered them differently); 0 when the ground is not one of the form's.
  int annex_vi_ground = 0;
};

// How and until when a refusal can be appealed.
struct Appeal {
  Text body;             // where the appeal is lodged
  std::string deadline;  // the last day, "YYYY-MM-DD", in the jurisdiction's local calendar
  Text period;           // the period in words, "one month from the day you receive this notice"
  Text basis;            // the legal basis of the right to appeal and of the period
};

// Everything a notice states. Filled by the case service; no field is looked up here.
struct NoticeData {
  Kind kind = Kind::kApproval;
  std::string language = "en";
  std::string reference;       // the case number, "KZ-2022-000123"
  std::string issued_on;       // local date of the decision, "YYYY-MM-DD"
  Text authority;              // the deciding authority
  std::string jurisdiction;    // "KZ", "LV"
  Text application_kind;       // "Permanent residence permit"
  std::string filed_on;        // local filing date, "YYYY-MM-DD"
  std::string applicant_name;  // as printed in the passport, "IVANOV Ivan"
  std::string birth_date;      // "YYYY-MM-DD"
  std::string passport_number;
  std::vector<Ground> grounds;   // the decisive grounds only
  std::vector<Text> documents;   // documents to present (documents-requested), as labels
  std::string officer_reason;    // the officer's words, when the decision carries them
  std::optional<Appeal> appeal;  // a refusal's appeal (and none for a final appeal outcome)
  std::string respond_by;      // documents-requested: "YYYY-MM-DD" when the case's deadline is set
  bool schengen_form = false;  // a visa refusal laid out as the Annex VI standard form
  std::string verification_code;  // printed on the notice; checked at verify_url
  std::string verify_url;         // where anyone can check the code, e.g. ".../notices/verify/CODE"
  std::string policy_version;     // "LV/visa/2022-09-21", printed small for the record
  std::string rules_changed_on;   // reassessment: the day the new version took effect
  std::string decision_due;       // receipt: the statutory deadline, "YYYY-MM-DD"
  std::string status_url;         // receipt: where the applicant follows the application
  // Asylum certificate: the document's name, what it entitles its holder to, and the law.
  Text certificate_title;
  Text right_to_stay;
  Text right_to_stay_basis;
  // A refusal of an applicant whose asylum claim is pending: it says that no removal follows.
  bool no_removal = false;
};

// The notice laid out, language resolved: what both renderers draw.
struct Section {
  std::string heading;                  // may be empty
  std::vector<std::string> paragraphs;  // running text
  std::vector<std::string> items;       // a list after the paragraphs
  // For the Annex VI form: every ground of the form, numbered, with whether it applies.
  std::vector<std::pair<std::string, bool>> checklist;
};
struct Document {
  std::string language;
  std::string title;
  std::vector<std::pair<std::string, std::string>> facts;  // label, value (reference, date, ...)
  std::vector<Section> sections;
  std::string footer;      // verification code line
  std::string fine_print;  // the policy version, printed small (PDF: every page's foot)
};

// Composes the notice from the catalogs. Fails on an unknown language or missing required data
// (no reference, no issue date, a refusal without grounds or without an appeal).
std::expected<Document, Error> Compose(const NoticeData& data);

// A complete HTML page (UTF-8, lang attribute set, no external resources), text escaped.
std::string RenderHtml(const Document& document);
// The document as PDF 1.5 bytes (A4, cairo + pango, fonts embedded as subsets). The same document
// gives the same bytes: the PDF's dates are fixed by `issued_on`, not by the clock.
std::expected<std::string, Error> RenderPdf(const Document& document, std::string_view issued_on);

}  // namespace tamga::notices

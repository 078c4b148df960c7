// Internal to the notices module: the message catalogs. Every fixed phrase of a notice has an id
// and one text per language; a language whose text is missing falls back to English for that
// phrase. Placeholders are named, "{ref}", and filled by Fill().
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include "notices/notices.h"

namespace tamga::notices::catalog {

enum class Phrase {
  // Titles.
  kTitleApproval,
  kTitleDocumentsRequested,
  kTitleRefusal,
  kTitleVisaRefusalForm,
  kTitleAppealUpheld,
  kTitleAppealDismissed,
  kTitleReassessment,
  kTitleReceipt,
  // Fact labels.
  kFactReference,
  kFactIssuedOn,
  kFactAuthority,
  kFactApplicant,
  kFactBirthDate,
  kFactPassport,
  kFactApplicationKind,
  kFactFiledOn,
  kFactReceiptDate,  // a receipt is no notice of a decision: its own labels
  kFactReceivedBy,
  // Section headings.
  kHeadDecision,
  kHeadNextSteps,
  kHeadDocuments,
  kHeadGrounds,
  kHeadDeadline,
  kHeadHowToSubmit,
  kHeadAppeal,
  kHeadFurtherRemedy,
  kHeadOfficer,
  kHeadFormReasons,
  kHeadRemarks,
  kHeadReceipt,
  kHeadRegistration,
  kHeadRightToStay,
  kHeadConfidentiality,
  kHeadYourStay,
  // The application as named in running text: parts joined by "; ".
  kPartReference,  // {ref}
  kPartFiled,      // {filed}
  // Sentences.
  kApproved,             // {app}
  kCollect,              // {authority} {ref}
  kDocumentsIntro,       // {app}
  kGroundsIntroRequest,  //
  kRespondBy,            // {date}
  kRespondSoon,          //
  kHowToSubmit,          // {ref} {authority}
  kRefused,              // {app}
  kGroundsIntroRefusal,  //
  kLegalBasis,           // {citation}
  kAppealIntro,          //
  kAppealBody,           // {body}
  kAppealDeadline,       // {date}
  kAppealPeriod,         // {period}
  kAppealBasis,          // {basis}
  kAppealUpheld,         // {app}
  kReexamine,            //
  kAppealDismissed,      // {app}
  kCourt,                // {country}
  kReassessed,           // {date} {app}
  kGroundsIntroAssessment,
  kNotYetDecided,
  kReceived,          // {app}
  kDecisionDue,       // {date}
  kStillToPresent,    //
  kClaimRegistered,   // {date}
  kNotADecision,      //
  kInterviewNext,     //
  kConfidential,      //
  kNoRemoval,         // a refusal of another case of a person whose asylum claim is pending
  kFollow,            // {url}
  kFormCitation,      //
  kFormAddress,       // {name}
  kFormExamined,      // {app} {authority}
  kFormRefused,       //
  kFormRemarkGround,  // {n} {reason}: a remark tied to a numbered reason of the form
  kPolicyVersion,     // {version}
  kFooter,            // {code} {url}
  kFooterNoUrl,       // {code}
  // Country names as they stand after kCourt's "the law of" (Russian: genitive).
  kCountryKZ,
  kCountryLV,
  // Dates: the pattern ({d} {month} {y}) and the month names as the pattern needs them.
  kDatePattern,
  kMonth1,
  kMonth2,
  kMonth3,
  kMonth4,
  kMonth5,
  kMonth6,
  kMonth7,
  kMonth8,
  kMonth9,
  kMonth10,
  kMonth11,
  kMonth12,
  // The numbered reasons of the Annex VI standard form, in the form's order.
  kAnnexVi1,
  kAnnexVi2,
  kAnnexVi3,
  kAnnexVi4,
  kAnnexVi5,
  kAnnexVi6,
  kAnnexVi7,
  kAnnexVi8,
  kAnnexVi9,
  kAnnexVi10,
  kAnnexVi11,
  kAnnexVi12,
  kAnnexVi13,
  kAnnexVi14,
  kAnnexVi15,
  kAnnexVi16,
  kAnnexVi17,
  kCount,
};

// The number of reasons on the Annex VI form, from notices.h.
using notices::kAnnexViReasons;  // notices.h

// The languages that have a column in the catalog.
bool HasLanguage(std::string_view language);

// The phrase in `language`, or in English where that language has no text for it.
std::string_view Get(std::string_view language, Phrase phrase);

// Replaces each "{name}" in `pattern` by its value; unknown names are left as they are.
std::string Fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values);

// Shorthand: Fill(Get(language, phrase), values).
std::string Say(std::string_view language, Phrase phrase,
                std::initializer_list<std::pair<std::string_view, std::string_view>> values = {});

// "2022-09-26" in the language's style ("26 September 2022", "26 сентября 2022 г."); nullopt when
// the text is not a valid calendar date.
std::optional<std::string> FormatDate(std::string_view language, std::string_view iso_date);

// The text of reason `number` (1..kAnnexViReasons) of the Annex VI form.
std::string_view AnnexViReason(std::string_view language, int number);

// The country's name for kCourt, or the code itself when the catalog has none.
std::string CountryName(std::string_view language, std::string_view code);

}  // namespace tamga::notices::catalog

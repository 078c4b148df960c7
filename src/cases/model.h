// The domain of tamga: applicants, applications, documents, cases and their lifecycle.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feel/temporal.h"
#include "policy/policy.h"

namespace tamga::cases {

// A refusal of a request, as a value. `field` names the offending input ("applicant.birthDate")
// when there is one; the API maps codes to HTTP statuses (400, 403, 404, 409, 413, 503).
struct Error {
  enum class Code { kInvalid, kForbidden, kNotFound, kConflict, kTooLarge, kUnavailable };
  Code code = Code::kInvalid;
  std::string field;
  std::string message;
};

// The case lifecycle (docs/cases.md has the diagram):
//   submitted -> awaiting-documents <-> ready-for-review -> validated -> approved | refused
//   refused -> appealed -> appeal-upheld | appeal-dismissed;  any open state -> withdrawn
enum class State {
  kSubmitted,
  kAwaitingDocuments,
  kReadyForReview,
  kValidated,
  kApproved,
  kRefused,
  kAppealed,
  kAppealUpheld,
  kAppealDismissed,
  kWithdrawn,
};
std::string_view StateName(State s);  // "awaiting-documents"
std::optional<State> ParseState(std::string_view name);
// Whether the lifecycle allows moving from `from` to `to`.
bool TransitionAllowed(State from, State to);
bool IsOpen(State s);  // not yet finally decided or withdrawn

struct Passport {
  std::string number;
  std::string issuing_state;  // ICAO 3-letter code ("RUS")
  feel::Date expiry;
  std::string mrz;  // the two machine-readable lines, when given
};

struct Applicant {
  std::string surname;      // Latin, as printed in the passport
  std::string given_names;  // Latin, as printed in the passport
  std::string native_name;  // in the native script ("Иванов Иван Иванович")
  feel::Date birth_date;
  std::string sex;                        // "M", "F" or "X"
  std::vector<std::string> citizenships;  // ICAO 3-letter codes
  Passport passport;
};

struct Document {
  int64_t id = 0;
  std::string kind;  // "passport", "no-objection-certificate", "housing-owner-consent", ...
  std::string issuing_state;
  std::string number;
  std::optional<feel::Date> issued;
  std::optional<feel::Date> expires;
  std::string file_name;
  std::string content_type;  // "application/pdf", "image/jpeg", "image/png": checked by content
  int64_t size = 0;
  std::string sha256;  // hex, of the stored file
  std::string uploaded_at;
};

struct Application {
  std::string jurisdiction;  // "KZ", "LV"
  std::string kind;  // "permanent-residence", "temporary-residence", "residence-visa", "visa"
  std::string
      purpose;  // "family", "employment", "study", "ethnic-repatriation", "humanitarian", ...
  feel::Date filing_date;
  Applicant applicant;
  std::vector<Document> documents;
};

struct Transition {
  State from;
  State to;
  std::string actor;
  std::string at;  // UTC ISO 8601
  std::string reason;
};

struct Case {
  int64_t id = 0;
  std::string number;  // "KZ-2022-000123"
  Application application;
  State state = State::kSubmitted;
  std::string assigned_officer;  // empty when unclaimed
  feel::Date deadline;           // statutory deadline, from the policy in force at filing
  std::optional<policy::Decision> decision;      // latest automated decision
  std::vector<std::string> requested_documents;  // asked for by an officer, beyond the policy
  std::vector<policy::Ground> refusal_grounds;   // set by the officer who refused
  std::string appeal_reason;
  std::vector<Transition> history;
  int64_t revision = 0;  // increases with every change; for optimistic concurrency
  std::string created_at;
  std::string updated_at;
};

// A row of a work queue or case list.
struct CaseSummary {
  std::string number;
  std::string jurisdiction;
  std::string kind;
  State state;
  std::string applicant_name;
  std::vector<std::string> citizenships;
  feel::Date filing_date;
  feel::Date deadline;
  bool overdue = false;
  std::string assigned_officer;
  std::string outcome;  // of the latest decision
};

struct CaseFilter {
  std::optional<State> state;
  std::string jurisdiction;                // empty: any
  std::vector<std::string> jurisdictions;  // the caller's scope; empty: all
  std::string kind;
  std::string citizenship;
  bool overdue_only = false;
  feel::Date today;  // for "overdue"
  int page = 1;      // 1-based
  int page_size = 50;
};

struct CasePage {
  std::vector<CaseSummary> cases;
  int64_t total = 0;
  int page = 1;
  int page_size = 50;
};

}  // namespace tamga::cases

// JSON forms of the domain in API responses. Officers get a case as stored (cases::CaseToJson);
// applicants get ApplicantView, which shows where their case stands and why, and names no officer.
#pragma once

#include <nlohmann/json.hpp>

#include "api/server.h"
#include "audit/audit.h"
#include "cases/model.h"
#include "policy/policy.h"

namespace tamga::api {

nlohmann::json ApplicantView(const cases::Case& c);
// A case as an officer, supervisor or auditor sees it: as stored, except that a screening hit on
// an application of a jurisdiction outside the account's scope shows only that such an
// application exists (jurisdiction, kind, state, filing date, score), not whose it is.
std::string StaffCaseJson(const cases::Case& c, const Account& account);
nlohmann::json SummaryJson(const cases::CaseSummary& s);
// A document as listed to its applicant and in upload answers (officers see every field in the
// case as stored).
nlohmann::json DocumentSummaryJson(const cases::Document& d);
nlohmann::json GroundJson(const policy::Ground& g);
nlohmann::json GroundsJson(const std::vector<policy::Ground>& grounds);
// A decision as applicants and previews see it: decisive grounds (what decided) apart from every
// matched rule's ground.
nlohmann::json DecisionJson(const policy::Decision& d);
nlohmann::json VersionJson(const policy::Version& v);
nlohmann::json LegalBasisJson(const policy::LegalBasis& b);
nlohmann::json PurposesJson(const std::vector<policy::Purpose>& purposes);
nlohmann::json AuditEntryJson(const audit::Entry& e);
nlohmann::json AccountJson(const Account& a);

}  // namespace tamga::api

#include "api/views.h"

#include <string>

#include "feel/temporal.h"

namespace tamga::api {
namespace {

// Who moved a case, as the applicant may see it: themselves, the system, or the authority (officer
// names are not shown to applicants).
std::string_view ActorKind(const std::string& actor) {
  if (actor == "applicant" || actor.starts_with("applicant:")) return "applicant";
  if (actor == "system") return "system";
  return "authority";
}

// A transition's reason for the applicant: where an officer's reason names the officer ("claimed
// by officer.kz"), the name becomes "an officer".
std::string ReasonForApplicant(const cases::Transition& t) {
  if (ActorKind(t.actor) != "authority" || t.actor.empty()) return t.reason;
  constexpr std::string_view kOfficer = "an officer";
  std::string reason = t.reason;
  for (size_t at = reason.find(t.actor); at != std::string::npos;
       at = reason.find(t.actor, at + kOfficer.size())) {
    reason.replace(at, t.actor.size(), kOfficer);
  }
  return reason;
}

nlohmann::json GroundsJson(const std::vector<policy::Ground>& grounds) {
  nlohmann::json out = nlohmann::json::array();
  for (const policy::Ground& g : grounds) out.push_back(GroundJson(g));
  return out;
}

}  // namespace

nlohmann::json GroundJson(const policy::Ground& g) {
  return {{"ruleId", g.rule_id}, {"reason", g.reason}, {"citation", g.citation}};
}

nlohmann::json DocumentSummaryJson(const cases::Document& d) {
  return {{"id", d.id},
          {"kind", d.kind},
          {"fileName", d.file_name},
          {"contentType", d.content_type},
          {"size", d.size},
          {"uploadedAt", d.uploaded_at}};
}

nlohmann::json ApplicantView(const cases::Case& c) {
  const cases::Application& a = c.application;
  nlohmann::json view = {{"number", c.number},
                         {"jurisdiction", a.jurisdiction},
                         {"kind", a.kind},
                         {"state", std::string(cases::StateName(c.state))},
                         {"filingDate", feel::ToString(a.filing_date)},
                         {"deadline", feel::ToString(c.deadline)},
                         {"decision", nullptr},
                         {"requestedDocuments", c.requested_documents},
                         {"refusalGrounds", GroundsJson(c.refusal_grounds)},
                         {"appealReason", c.appeal_reason},
                         {"updatedAt", c.updated_at}};
  if (c.decision) {
    const policy::Decision& d = *c.decision;
    view["decision"] = {{"outcome", d.outcome},
                        {"requiredDocuments", d.required_documents},
                        {"missingDocuments", d.missing_documents},
                        {"grounds", GroundsJson(d.grounds)},
                        {"policyVersion", d.policy_version}};
  }
  nlohmann::json documents = nlohmann::json::array();
  for (const cases::Document& d : a.documents) documents.push_back(DocumentSummaryJson(d));
  view["documents"] = std::move(documents);
  nlohmann::json history = nlohmann::json::array();
  for (const cases::Transition& t : c.history) {
    history.push_back({{"from", std::string(cases::StateName(t.from))},
                       {"to", std::string(cases::StateName(t.to))},
                       {"by", std::string(ActorKind(t.actor))},
                       {"at", t.at},
                       {"reason", ReasonForApplicant(t)}});
  }
  view["history"] = std::move(history);
  return view;
}

nlohmann::json SummaryJson(const cases::CaseSummary& s) {
  return {{"number", s.number},
          {"jurisdiction", s.jurisdiction},
          {"kind", s.kind},
          {"state", std::string(cases::StateName(s.state))},
          {"applicantName", s.applicant_name},
          {"citizenships", s.citizenships},
          {"filingDate", feel::ToString(s.filing_date)},
          {"deadline", feel::ToString(s.deadline)},
          {"overdue", s.overdue},
          {"assignedOfficer", s.assigned_officer},
          {"outcome", s.outcome}};
}

nlohmann::json VersionJson(const policy::Version& v) {
  return {{"id", v.id()},
          {"jurisdiction", v.jurisdiction},
          {"kind", v.kind},
          {"takesEffect", feel::ToString(v.takes_effect)},
          {"ends", v.ends ? nlohmann::json(feel::ToString(*v.ends)) : nlohmann::json()},
          {"title", v.title},
          {"legalAct", v.legal_act},
          {"article", v.article},
          {"decision", v.decision},
          {"deadlineDays", v.deadline_days},
          {"contentHash", v.content_hash}};
}

nlohmann::json AuditEntryJson(const audit::Entry& e) {
  // details is JSON text written by the case service; shown parsed when it parses.
  nlohmann::json details = nlohmann::json::parse(e.details, nullptr, /*allow_exceptions=*/false);
  if (details.is_discarded()) details = e.details;
  return {{"seq", e.seq},
          {"at", e.at},
          {"actor", e.actor},
          {"action", e.action},
          {"caseNumber", e.case_number},
          {"details", details},
          {"hash", e.hash}};
}

nlohmann::json AccountJson(const Account& a) {
  return {{"name", a.name},
          {"role", std::string(RoleName(a.role))},
          {"jurisdictions", a.jurisdictions}};
}

}  // namespace tamga::api

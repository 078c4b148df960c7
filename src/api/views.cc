#include "api/views.h"

#include <algorithm>
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

}  // namespace

nlohmann::json GroundsJson(const std::vector<policy::Ground>& grounds) {
  nlohmann::json out = nlohmann::json::array();
  for (const policy::Ground& g : grounds) out.push_back(GroundJson(g));
  return out;
}

nlohmann::json GroundJson(const policy::Ground& g) {
  nlohmann::json j = {{"ruleId", g.rule_id}, {"reason", g.reason}, {"citation", g.citation}};
  // Other languages beside English, so a reader in Russian sees the ground in Russian.
  j["reasonIn"] = g.reason_in;
  j["citationIn"] = g.citation_in;
  if (g.form_ground) j["formGround"] = g.form_ground;
  return j;
}

nlohmann::json NoticesJson(const std::vector<cases::NoticeRecord>& notices) {
  nlohmann::json out = nlohmann::json::array();
  for (const cases::NoticeRecord& n : notices) {
    out.push_back({{"code", n.code},
                   {"kind", n.kind},
                   {"language", n.language},
                   {"issuedOn", n.issued_on},
                   {"issuedAt", n.issued_at},
                   {"sha256", n.pdf_sha256}});
  }
  return out;
}

nlohmann::json DecisionJson(const policy::Decision& d) {
  return {{"outcome", d.outcome},
          {"requiredDocuments", d.required_documents},
          {"missingDocuments", d.missing_documents},
          {"decisiveGrounds", GroundsJson(d.decisive_grounds)},
          {"grounds", GroundsJson(d.grounds)},
          {"matchedRules", d.matched_rules},
          {"policyVersion", d.policy_version}};
}

nlohmann::json DocumentSummaryJson(const cases::Document& d) {
  return {{"id", d.id},
          {"kind", d.kind},
          {"issuingState", d.issuing_state},
          {"issued", d.issued ? nlohmann::json(feel::ToString(*d.issued)) : nlohmann::json()},
          {"expires", d.expires ? nlohmann::json(feel::ToString(*d.expires)) : nlohmann::json()},
          {"fileName", d.file_name},
          {"contentType", d.content_type},
          {"size", d.size},
          {"uploadedAt", d.uploaded_at},
          {"verification", std::string(cases::VerificationName(d.verification))}};
}

std::string StaffCaseJson(const cases::Case& c, const Account& account) {
  std::string stored = cases::CaseToJson(c);
  bool foreign = std::any_of(c.screening_hits.begin(), c.screening_hits.end(),
                             [&](const cases::ScreeningHit& h) {
                               return h.source == "application" &&
                                      !account.InScope(h.entry_id.substr(0, h.entry_id.find('-')));
                             });
  // Whoever reads the case learns that its applicant is protected; only the asylum role learns
  // which claim protects them (docs/asylum.md).
  const bool hide_claim = c.protection && !c.protection->claim.empty() &&
                          !account.HandlesAsylum(c.application.jurisdiction);
  if (!foreign && !hide_claim) return stored;
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(stored);
  if (hide_claim) j["protection"]["claim"] = "";
  for (auto& hit : j["screening"]["hits"]) {
    if (hit["source"] != "application") continue;
    std::string other = hit["entryId"].get<std::string>();
    if (account.InScope(other.substr(0, other.find('-')))) continue;
    nlohmann::ordered_json subject = hit["subject"];
    hit["entryId"] = "";
    hit["reason"] = "an application in " + subject.value("jurisdiction", std::string()) +
                    " outside your jurisdictions";
    hit["subject"] = {{"jurisdiction", subject.value("jurisdiction", "")},
                      {"kind", subject.value("kind", "")},
                      {"state", subject.value("state", "")},
                      {"filingDate", subject.value("filingDate", "")}};
    hit["evidence"] = {{"score", hit["score"]}};
  }
  return j.dump();
}

// Screening is the authority's business: an applicant sees a case held for it as one under review.
// A refusal proposed is not yet one: until a second officer confirms it, the claim is examined.
static std::string_view StateForApplicant(cases::State s) {
  if (s == cases::State::kScreeningReview) return cases::StateName(cases::State::kReadyForReview);
  if (s == cases::State::kRefusalProposed) return cases::StateName(cases::State::kExamination);
  return cases::StateName(s);
}

nlohmann::json ApplicantView(const cases::Case& c) {
  const cases::Application& a = c.application;
  nlohmann::json view = {
      {"number", c.number},
      {"jurisdiction", a.jurisdiction},
      {"kind", a.kind},
      {"purpose", a.purpose},
      {"language", a.language},
      {"state", std::string(StateForApplicant(c.state))},
      {"filingDate", feel::ToString(a.filing_date)},
      {"filedAt", a.receipt.filed_at},
      {"filedLocalTime", a.receipt.local_time},
      {"receiptReason", a.receipt.reason},
      {"deadline", feel::ToString(c.deadline)},
      {"decision", nullptr},
      {"requestedDocuments", c.requested_documents},
      {"refusalGrounds", GroundsJson(c.refusal_grounds)},
      {"appealDeadline",
       c.appeal_deadline ? nlohmann::json(feel::ToString(*c.appeal_deadline)) : nlohmann::json()},
      {"appealReason", c.appeal_reason},
      {"notices", NoticesJson(c.notices)},
      {"updatedAt", c.updated_at}};
  // What an asylum claim's answers point to supports the officers' decision and is not one: the
  // applicant learns the decision when officers take it.
  if (c.decision && !c.IsAsylum()) view["decision"] = DecisionJson(*c.decision);
  if (c.asylum && c.asylum->interview) {
    view["interview"] = {{"scheduledFor", c.asylum->interview->scheduled_for},
                         {"place", c.asylum->interview->place},
                         {"language", c.asylum->interview->language}};
  }
  nlohmann::json documents = nlohmann::json::array();
  for (const cases::Document& d : a.documents) documents.push_back(DocumentSummaryJson(d));
  view["documents"] = std::move(documents);
  nlohmann::json history = nlohmann::json::array();
  for (const cases::Transition& t : c.history) {
    // The officers' answers to the legal questions and a refusal's proposal are their working
    // steps; the applicant sees the interview and the decision.
    if (t.action == "asylum.answer" || t.action == "asylum.propose-refusal" ||
        t.action == "asylum.decline-refusal" ||
        (c.IsAsylum() && (t.action == "case.decide" || t.action == "case.decide-pending")))
      continue;
    bool screening =
        t.from == cases::State::kScreeningReview || t.to == cases::State::kScreeningReview;
    if (screening && t.to != cases::State::kRefused) {
      // Screening steps name lists and records: the applicant sees that their case is reviewed.
      if (t.from == t.to || t.to == cases::State::kScreeningReview) continue;
    }
    // Who holds a case, who gave it to whom and why are the authority's business: such a step
    // reads "an officer took up the case" and no more.
    const bool staffing = t.action == "case.claim" || t.action == "case.release" ||
                          t.action == "case.assign" || t.action == "case.validate";
    nlohmann::json step = {
        {"from", std::string(StateForApplicant(t.from))},
        {"to", std::string(StateForApplicant(t.to))},
        {"by", std::string(ActorKind(t.actor))},
        {"at", t.at},
        {"reason", screening || staffing ? std::string() : ReasonForApplicant(t)}};
    if (!t.action.empty() && !screening) {
      step["action"] = t.action;
      if (!staffing && !t.note.empty()) step["note"] = t.note;
      nlohmann::json params = nlohmann::json::object();
      for (const auto& [key, value] : t.params) {
        if (key == "outcome" || key == "document" || key == "verification" || key == "grounds" ||
            key == "receivedAt" || key == "version" || key == "from" || key == "when" ||
            key == "place" || key == "months" || key == "deadline")
          params[key] = value;
      }
      if (!params.empty()) step["params"] = std::move(params);
    }
    history.push_back(std::move(step));
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
          {"legalAct", v.legal_basis.act},
          {"article", v.legal_basis.article},
          {"legalBasis", LegalBasisJson(v.legal_basis)},
          // Staff see "illustrative model" where the act's own text was not found.
          {"illustrative", v.legal_basis.status != policy::TextStatus::kEnacted},
          {"appliesTo", std::string(policy::AppliesToName(v.applies_to))},
          {"purposes", PurposesJson(v.purposes)},
          {"documents", v.documents},
          {"refusalForm", v.refusal_form},
          {"decision", v.decision},
          {"deadlineDays", v.deadline_days},
          {"deadlineMonths", v.deadline_months},
          // An asylum procedure's public part: where a claim is lodged and its time limits (the
          // legal questions are read with a claim, GET .../checklist).
          {"asylum", v.asylum ? nlohmann::json{{"lodgingPlaces", v.asylum->lodging_places},
                                               {"online", v.asylum->online},
                                               {"lodgingBasis", v.asylum->lodging_basis},
                                               {"timeLimits", v.asylum->time_limits},
                                               {"extensionMonths", v.asylum->extension_months},
                                               {"certificateTitle", v.asylum->certificate_title},
                                               {"questions", v.asylum->checklist.size()}}
                              : nlohmann::json()},
          {"approval", v.approval ? nlohmann::json{{"proposal", v.approval->proposal},
                                                   {"proposedBy", v.approval->proposed_by},
                                                   {"proposedAt", v.approval->proposed_at},
                                                   {"approvedBy", v.approval->approved_by},
                                                   {"approvedAt", v.approval->approved_at}}
                                  : nlohmann::json()},
          {"contentHash", v.content_hash}};
}

nlohmann::json LegalBasisJson(const policy::LegalBasis& b) {
  auto date = [](const std::optional<feel::Date>& d) {
    return d ? nlohmann::json(feel::ToString(*d)) : nlohmann::json();
  };
  return {{"act", b.act},
          {"article", b.article},
          {"adopted", date(b.adopted)},
          {"published", date(b.published)},
          {"link", b.link},
          {"status", std::string(policy::TextStatusName(b.status))},
          {"note", b.note}};
}

nlohmann::json PurposesJson(const std::vector<policy::Purpose>& purposes) {
  nlohmann::json out = nlohmann::json::array();
  for (const policy::Purpose& p : purposes) out.push_back({{"code", p.code}, {"label", p.label}});
  return out;
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
          {"jurisdictions", a.jurisdictions},
          {"disabled", a.disabled},
          {"totp", a.totp},
          {"asylum", a.asylum}};
}

}  // namespace tamga::api

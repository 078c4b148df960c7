// The case service's asylum procedure (docs/asylum.md): registration with a certificate, the
// interview, the legal questions an officer answers with evidence, the four-eyes refusal, and the
// protection an asylum claim gives its applicant across the applicant's other cases.
#include <algorithm>
#include <iostream>

#include "base/clock.h"
#include "cases/service.h"
#include "cases/service_internal.h"
#include "watchlist/matching.h"

namespace tamga::cases {

using internal::AwaitedDocuments;
using internal::Conflict;
using internal::Details;
using internal::HeldBy;
using internal::Invalid;
using internal::StateAfterDecision;
using internal::StateForbids;

bool Actor::SeesAsylum(const std::string& jurisdiction) const {
  if (role == "system") return true;
  return std::ranges::any_of(asylum,
                             [&](const std::string& j) { return j == "*" || j == jurisdiction; });
}

feel::Context PolicyInputs(const Case& c) {
  feel::Context in = PolicyInputs(c.application);
  in.Set("Protection", feel::Value(c.protection ? c.protection->status : std::string("none")));
  feel::Context answers;
  if (c.asylum) {
    for (const ChecklistAnswer& a : c.asylum->answers)
      answers.Set(a.question, feel::Value(a.answer));
  }
  in.Set("Checklist", feel::Value(std::move(answers)));
  return in;
}

namespace {

// What a claim in `state` gives its applicant: protection while it is pending (also while a
// refusal can still be appealed or is on appeal: Directive 2013/32/EU Art. 46(5)), refugee
// status once granted, nothing once finally refused or withdrawn.
std::string ProtectionStatus(const Case& claim, const feel::Date& today) {
  switch (claim.state) {
    case State::kApproved:
      return "refugee";
    case State::kRefused:
      if (claim.appeal_deadline &&
          today.DaysSinceEpoch() <= claim.appeal_deadline->DaysSinceEpoch())
        return "asylum-pending";
      return "";
    case State::kAppealUpheld:  // the refusal was set aside: the claim is examined again
      return "asylum-pending";
    case State::kAppealDismissed:
    case State::kWithdrawn:
      return "";
    default:
      return IsOpen(claim.state) ? "asylum-pending" : "";
  }
}

std::expected<void, Error> OfficerHoldsClaim(const Case& c, const Actor& officer) {
  if (!c.IsAsylum() || !c.asylum)
    return std::unexpected(Conflict(c.number + " is not an asylum claim"));
  if (c.assigned_officer != officer.name)
    return std::unexpected(HeldBy(c.assigned_officer, "the case is held by " + c.assigned_officer +
                                                          "; only they can act on it"));
  return {};
}

// "2026-12-10T10:00:00+06:00" or "...Z": an instant (base::ParseInstant) written with its
// seconds, as the API documents it.
bool IsLocalDateTime(const std::string& text) {
  if (text.size() != 20 && text.size() != 25) return false;
  if (text[10] != 'T' || (text.size() == 20 && text[19] != 'Z')) return false;
  return base::ParseInstant(text).has_value();
}

// Whether a claim found by the identity matcher is the applicant's own, firmly enough to act on
// without an officer: the same birth date, and a document number in common or names that match
// almost exactly. A weaker match is a question for an officer, not a protection to apply (a
// wrong one would tell a stranger's case of a claim).
bool SamePerson(const Case& a, const Case& b, double score) {
  if (a.application.applicant.birth_date != b.application.applicant.birth_date) return false;
  if (score >= 0.95) return true;
  const watchlist::Person pa = ApplicantPerson(a.application);
  const watchlist::Person pb = ApplicantPerson(b.application);
  for (const std::string& d : pa.documents) {
    if (!d.empty() && std::ranges::find(pb.documents, d) != pb.documents.end()) return true;
  }
  return false;
}

}  // namespace

std::expected<std::optional<Protection>, Error> CaseService::ProtectionOf(const Case& c) const {
  if (!screener_ || c.IsAsylum()) return std::optional<Protection>{};
  const std::string& j = c.application.jurisdiction;
  auto today = LocalToday(j);
  if (!today) return std::unexpected(today.error());
  std::optional<Protection> best;
  for (const Case& other : SamePersonCases(c)) {
    if (!other.IsAsylum()) continue;
    std::string status = ProtectionStatus(other, *today);
    if (status.empty()) continue;
    // Refugee status outranks a pending claim; of two alike, the first found (the best match).
    if (!best || (status == "refugee" && best->status != "refugee"))
      best = Protection{status, other.number, now_()};
  }
  return best;
}

std::vector<Case> CaseService::SamePersonCases(const Case& c) const {
  std::vector<Case> out;
  if (!screener_) return out;
  for (const PersonFound& found :
       screener_->Search(ApplicantPerson(c.application), {c.application.jurisdiction},
                         watchlist::kHitThreshold)) {
    if (found.number == c.number) continue;
    auto other = store_.Load(found.number);
    if (other && SamePerson(c, *other, found.score)) out.push_back(*std::move(other));
  }
  return out;
}

std::expected<Case, Error> CaseService::Register(Case c, const Actor& actor) {
  if (!c.asylum) return std::unexpected(Conflict(c.number + " is not an asylum claim"));
  c.asylum->registered_at = now_();
  auto certificate = IssueNotice(c, "asylum-certificate", {});
  if (!certificate) return std::unexpected(certificate.error());
  auto registered =
      Commit(std::move(c), State::kRegistered, Actor{"system", "system"}, "asylum.register",
             "registered; certificate issued", {std::move(*certificate)});
  if (!registered) return registered;
  // The claim stands registered whatever happens to the person's other cases: a failure to flag
  // one is logged, and the flag is set when that case is next decided (Decide).
  if (auto flagged = FlagOtherCases(*registered); !flagged)
    std::cerr << "tamga: " << registered->number
              << ": the applicant's other cases were not flagged: " << flagged.error().message
              << "\n";
  return registered;
}

std::expected<void, Error> CaseService::FlagOtherCases(const Case& claim) {
  const Actor system{"system", "system"};
  for (Case& other : SamePersonCases(claim)) {
    if (other.IsAsylum() || !IsOpen(other.state)) continue;
    auto protection = ProtectionOf(other);
    if (!protection) return std::unexpected(protection.error());
    if (!*protection || (other.protection && other.protection->status == (*protection)->status))
      continue;
    other.protection = std::move(*protection);
    const std::string status = other.protection->status;
    std::vector<std::string> awaited = AwaitedDocuments(other);
    std::vector<audit::Entry> notices;
    State to = other.state;
    // A case still being decided is decided again: rules that need the country of citizenship
    // no longer apply to this person.
    const bool decidable = other.state == State::kAwaitingDocuments ||
                           other.state == State::kReadyForReview ||
                           other.state == State::kScreeningReview;
    if (decidable) {
      if (auto ok = Decide(other); !ok) return std::unexpected(ok.error());
      to = StateAfterDecision(other);
      // The applicant is told when the documents asked for change (the consent no longer is).
      auto notice = NoticeIfDocumentsChanged(other, awaited);
      if (!notice) return std::unexpected(notice.error());
      notices = std::move(*notice);
    }
    // The step names no claim: whoever reads this case learns only that the person is protected.
    auto updated = Commit(std::move(other), to, system, "case.protection",
                          "the applicant seeks international protection: rules that need the "
                          "country of citizenship's documents or consent are not applied, and no "
                          "removal follows from a refusal",
                          std::move(notices), nullptr, {"", {{"protection", status}}});
    if (!updated) return std::unexpected(updated.error());
  }
  return {};
}

std::expected<CaseService::Checklist, Error> CaseService::ClaimChecklist(const std::string& number,
                                                                         const Actor& actor) {
  auto c = Get(number, actor);
  if (!c) return std::unexpected(c.error());
  if (!c->IsAsylum() || !c->asylum)
    return std::unexpected(Conflict(number + " is not an asylum claim"));
  auto version = DecidingVersion(*c);
  if (!version || !version->asylum)
    return std::unexpected(
        Error{Error::Code::kUnavailable, "", "no asylum procedure in force for " + c->number});
  Checklist out{*std::move(c), *std::move(version), {}};
  out.remaining = internal::RemainingQuestions(out.c, *out.version.asylum);
  return out;
}

std::expected<Case, Error> CaseService::ScheduleInterview(const std::string& number,
                                                          const std::string& scheduled_for,
                                                          const std::string& place,
                                                          const std::string& language,
                                                          const Actor& officer) {
  if (!IsLocalDateTime(scheduled_for))
    return std::unexpected(Invalid("scheduledFor",
                                   "a date and time with its offset, e.g. "
                                   "2026-12-10T10:00:00+06:00"));
  if (place.empty() || place.size() > kMaxReasonBytes)
    return std::unexpected(Invalid("place", "say where the interview is held (at most " +
                                                std::to_string(kMaxReasonBytes) + " bytes)"));
  if (language.size() > 64) return std::unexpected(Invalid("language", "at most 64 bytes"));
  auto c = LoadFor(number, State::kInterviewScheduled, officer, true);
  if (!c) return c;
  if (!c->asylum) return std::unexpected(Conflict(number + " is not an asylum claim"));
  Interview interview{scheduled_for, place, language, officer.name, "", "", ""};
  c->asylum->interview = std::move(interview);
  return Commit(std::move(*c), State::kInterviewScheduled, officer, "asylum.interview-scheduled",
                "interview on " + scheduled_for + " at " + place, {}, nullptr,
                {"", {{"when", scheduled_for}, {"place", place}}});
}

std::expected<Case, Error> CaseService::RecordInterview(const std::string& number,
                                                        const std::string& record,
                                                        const Actor& officer) {
  if (record.find_first_not_of(" \t\r\n") == std::string::npos)
    return std::unexpected(Invalid("record", "write the record of the interview"));
  if (record.size() > kMaxInterviewBytes)
    return std::unexpected(
        Invalid("record", "at most " + std::to_string(kMaxInterviewBytes) + " bytes"));
  auto c = LoadFor(number, State::kExamination, officer, true);
  if (!c) return c;
  if (c->state != State::kInterviewScheduled || !c->asylum || !c->asylum->interview)
    return std::unexpected(StateForbids(c->state, "schedule the interview before recording it"));
  c->asylum->interview->recorded_at = now_();
  c->asylum->interview->recorded_by = officer.name;
  c->asylum->interview->record = record;
  return Commit(std::move(*c), State::kExamination, officer, "asylum.interview-recorded",
                "interview recorded; the claim is examined");
}

std::expected<Case, Error> CaseService::AnswerQuestion(const std::string& number,
                                                       const std::string& question,
                                                       const std::string& answer,
                                                       const std::string& evidence,
                                                       const Actor& officer) {
  if (answer != "yes" && answer != "no" && !answer.empty())
    return std::unexpected(Invalid("answer", "\"yes\", \"no\", or \"\" to withdraw the answer"));
  if (!answer.empty() && evidence.find_first_not_of(" \t\r\n") == std::string::npos)
    return std::unexpected(Invalid("evidence", "say what the answer rests on"));
  if (evidence.size() > kMaxNoteBytes)
    return std::unexpected(
        Invalid("evidence", "at most " + std::to_string(kMaxNoteBytes) + " bytes"));
  auto c = Load(number, officer);
  if (!c) return c;
  if (auto held = OfficerHoldsClaim(*c, officer); !held) return std::unexpected(held.error());
  // Answers are the examination's: once validated or proposed for refusal, they stand as the
  // second officer reviews them.
  if (c->state != State::kRegistered && c->state != State::kInterviewScheduled &&
      c->state != State::kExamination)
    return std::unexpected(
        StateForbids(c->state, "answers are given while the claim is examined, not in state '" +
                                   std::string(StateName(c->state)) + "'"));
  auto version = DecidingVersion(*c);
  if (!version || !version->asylum)
    return std::unexpected(
        Error{Error::Code::kUnavailable, "", "no asylum procedure in force for " + c->number});
  if (!version->asylum->FindQuestion(question)) {
    std::string known;
    for (const auto& q : version->asylum->checklist) known += (known.empty() ? "" : ", ") + q.id;
    return std::unexpected(Invalid("question", "\"" + question + "\" is not a question of " +
                                                   version->id() + " (it asks: " + known + ")"));
  }
  std::vector<ChecklistAnswer>& answers = c->asylum->answers;
  std::erase_if(answers, [&](const ChecklistAnswer& a) { return a.question == question; });
  if (!answer.empty()) answers.push_back({question, answer, evidence, officer.name, now_()});
  if (auto ok = Decide(*c); !ok) return std::unexpected(ok.error());
  const std::string outcome = c->decision->outcome;
  return Commit(
      std::move(*c), c->state, officer, "asylum.answer",
      question + ": " + (answer.empty() ? "answer withdrawn" : answer) + "; points to " + outcome,
      {}, nullptr, {evidence, {{"question", question}, {"answer", answer}, {"outcome", outcome}}});
}

std::expected<Case, Error> CaseService::ExtendDeadline(const std::string& number, int months,
                                                       const std::string& reason,
                                                       const Actor& officer) {
  if (months < 1) return std::unexpected(Invalid("months", "extend by at least one month"));
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos || reason.size() > kMaxReasonBytes)
    return std::unexpected(Invalid("reason",
                                   "say why the claim needs more time (the law allows "
                                   "it only for stated reasons)"));
  auto c = Load(number, officer);
  if (!c) return c;
  if (auto held = OfficerHoldsClaim(*c, officer); !held) return std::unexpected(held.error());
  if (!IsOpen(c->state)) return std::unexpected(StateForbids(c->state, "the claim is decided"));
  auto version = DecidingVersion(*c);
  if (!version || !version->asylum)
    return std::unexpected(
        Error{Error::Code::kUnavailable, "", "no asylum procedure in force for " + c->number});
  const int allowed = version->asylum->extension_months - c->asylum->extended_months;
  if (months > allowed)
    return std::unexpected(Invalid(
        "months", version->id() + " allows " + std::to_string(version->asylum->extension_months) +
                      " months of extension in all; " + std::to_string(allowed) + " remain"));
  c->asylum->extended_months += months;
  // From the filing date, so that extensions in steps end where one extension would.
  c->deadline = version->deadline_months > 0
                    ? policy::AddMonths(c->application.filing_date,
                                        version->deadline_months + c->asylum->extended_months)
                    : policy::AddMonths(c->deadline, months);
  c->asylum->extension_reason = reason;
  const std::string deadline = feel::ToString(c->deadline);
  return Commit(
      std::move(*c), c->state, officer, "asylum.extend-deadline",
      "deadline extended by " + std::to_string(months) + " months to " + deadline + ": " + reason,
      {}, nullptr, {reason, {{"months", std::to_string(months)}, {"deadline", deadline}}});
}

std::expected<Case, Error> CaseService::ProposeRefusal(Case c,
                                                       const std::vector<policy::Ground>& grounds,
                                                       const Actor& officer) {
  if (!TransitionAllowed(c.state, State::kRefusalProposed, true))
    return std::unexpected(
        StateForbids(c.state, "a claim is proposed for refusal once examined, not in state '" +
                                  std::string(StateName(c.state)) + "'"));
  if (auto held = OfficerHoldsClaim(c, officer); !held) return std::unexpected(held.error());
  // Every legal question considered, non-refoulement among them, before a refusal is put.
  if (auto answered = internal::AllAnswered(c, DecidingVersion(c), "before proposing a refusal");
      !answered)
    return std::unexpected(answered.error());
  c.asylum->proposed_grounds = WithPolicyTexts(grounds, c);
  c.asylum->refusal_proposed_by = officer.name;
  c.asylum->refusal_proposed_at = now_();
  // The proposal goes back to the queue: a second officer claims it to confirm or decline.
  c.assigned_officer.clear();
  StepText text{grounds.front().reason, {{"grounds", std::to_string(grounds.size())}}};
  return Commit(std::move(c), State::kRefusalProposed, officer, "asylum.propose-refusal",
                "refusal proposed: " + grounds.front().reason, {}, nullptr, std::move(text));
}

std::expected<Case, Error> CaseService::ConfirmRefusal(const std::string& number, bool confirm,
                                                       const std::string& reason,
                                                       const Actor& officer) {
  if (!confirm && reason.find_first_not_of(" \t\r\n") == std::string::npos)
    return std::unexpected(Invalid("reason", "say why the refusal is not confirmed"));
  if (reason.size() > kMaxReasonBytes)
    return std::unexpected(
        Invalid("reason", "at most " + std::to_string(kMaxReasonBytes) + " bytes"));
  auto c = Load(number, officer);
  if (!c) return c;
  if (auto held = OfficerHoldsClaim(*c, officer); !held) return std::unexpected(held.error());
  if (c->state != State::kRefusalProposed)
    return std::unexpected(StateForbids(c->state, "no refusal is proposed"));
  if (c->asylum->refusal_proposed_by == officer.name)
    return std::unexpected(Error{Error::Code::kForbidden,
                                 "officer",
                                 "you proposed this refusal; another officer must confirm it "
                                 "(four eyes)",
                                 "four-eyes",
                                 {{"act", "confirm the refusal of"}}});
  if (!confirm) {
    c->asylum->proposed_grounds.clear();
    c->asylum->refusal_proposed_by.clear();
    c->asylum->refusal_proposed_at.clear();
    return Commit(std::move(*c), State::kExamination, officer, "asylum.decline-refusal",
                  "refusal not confirmed: " + reason, {}, nullptr, {reason, {}});
  }
  std::vector<policy::Ground> grounds = c->asylum->proposed_grounds;
  const std::string why = reason.empty() ? grounds.front().reason : reason;
  return RefuseOn(std::move(*c), std::move(grounds), officer, "asylum.confirm-refusal", why);
}

}  // namespace tamga::cases

namespace tamga::cases::internal {

std::vector<std::string> RemainingQuestions(const Case& c, const policy::AsylumProcedure& p) {
  std::vector<std::string> out;
  for (const policy::ChecklistQuestion& q : p.checklist) {
    if (!c.asylum || !c.asylum->Answer(q.id)) out.push_back(q.id);
  }
  return out;
}

std::expected<void, Error> AllAnswered(const Case& c, const std::optional<policy::Version>& version,
                                       std::string_view when) {
  if (!version || !version->asylum) return {};
  const std::vector<std::string> open = RemainingQuestions(c, *version->asylum);
  if (open.empty()) return {};
  std::string remaining;
  for (const std::string& q : open) remaining += (remaining.empty() ? "" : ", ") + q;
  const size_t count = open.size();
  return std::unexpected(Error{Error::Code::kConflict,
                               "checklist",
                               "answer every legal question " + std::string(when) + "; " +
                                   std::to_string(count) + " remain: " + remaining,
                               "questions-remain",
                               {{"questions", remaining}}});
}

}  // namespace tamga::cases::internal

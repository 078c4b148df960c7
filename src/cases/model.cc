#include "cases/model.h"

#include <array>
#include <utility>

namespace tamga::cases {
namespace {

constexpr std::array<std::pair<State, std::string_view>, 15> kStateNames = {{
    {State::kSubmitted, "submitted"},
    {State::kAwaitingDocuments, "awaiting-documents"},
    {State::kReadyForReview, "ready-for-review"},
    {State::kValidated, "validated"},
    {State::kScreeningReview, "screening-review"},
    {State::kApproved, "approved"},
    {State::kRefused, "refused"},
    {State::kAppealed, "appealed"},
    {State::kAppealUpheld, "appeal-upheld"},
    {State::kAppealDismissed, "appeal-dismissed"},
    {State::kWithdrawn, "withdrawn"},
    {State::kRegistered, "registered"},
    {State::kInterviewScheduled, "interview-scheduled"},
    {State::kExamination, "examination"},
    {State::kRefusalProposed, "refusal-proposed"},
}};

}  // namespace

std::string_view StateName(State s) {
  for (const auto& [state, name] : kStateNames) {
    if (state == s) return name;
  }
  return "unknown";
}

std::optional<State> ParseState(std::string_view name) {
  for (const auto& [state, n] : kStateNames) {
    if (n == name) return state;
  }
  return std::nullopt;
}

std::optional<CaseSort> ParseCaseSort(std::string_view text) {
  if (text == "deadline") return CaseSort::kDeadline;
  if (text == "filed") return CaseSort::kFiledOldest;
  if (text == "-filed") return CaseSort::kFiledNewest;
  if (text == "name") return CaseSort::kName;
  return std::nullopt;
}

bool IsOpen(State s) {
  switch (s) {
    case State::kSubmitted:
    case State::kAwaitingDocuments:
    case State::kReadyForReview:
    case State::kValidated:
    case State::kScreeningReview:
    case State::kAppealed:
    case State::kRegistered:
    case State::kInterviewScheduled:
    case State::kExamination:
    case State::kRefusalProposed:
      return true;
    case State::kApproved:
    case State::kRefused:
    case State::kAppealUpheld:
    case State::kAppealDismissed:
    case State::kWithdrawn:
      return false;
  }
  return false;
}

namespace {

// An asylum claim: never refused but through a proposal a second officer confirms.
bool AsylumTransition(State from, State to) {
  using S = State;
  switch (from) {
    case S::kSubmitted:
      return to == S::kRegistered;
    case S::kRegistered:
      return to == S::kInterviewScheduled;
    case S::kInterviewScheduled:
      return to == S::kInterviewScheduled || to == S::kExamination;
    case S::kExamination:
      return to == S::kValidated || to == S::kRefusalProposed;
    case S::kValidated:
      return to == S::kApproved || to == S::kRefusalProposed;
    case S::kRefusalProposed:
      return to == S::kRefused || to == S::kExamination;
    case S::kRefused:
      return to == S::kAppealed;
    case S::kAppealed:
      return to == S::kAppealUpheld || to == S::kAppealDismissed;
    default:
      return false;
  }
}

}  // namespace

bool TransitionAllowed(State from, State to, bool asylum) {
  using S = State;
  if (to == S::kWithdrawn) return IsOpen(from);
  if (asylum) return AsylumTransition(from, to);
  if (to == S::kScreeningReview) {
    return from == S::kSubmitted || from == S::kAwaitingDocuments || from == S::kReadyForReview ||
           from == S::kValidated || from == S::kScreeningReview;
  }
  switch (from) {
    case S::kSubmitted:
      return to == S::kAwaitingDocuments || to == S::kReadyForReview;
    case S::kAwaitingDocuments:
      return to == S::kReadyForReview || to == S::kAwaitingDocuments;
    case S::kReadyForReview:
      return to == S::kAwaitingDocuments || to == S::kValidated || to == S::kReadyForReview;
    case S::kValidated:
      return to == S::kApproved || to == S::kRefused;
    case S::kScreeningReview:
      return to == S::kAwaitingDocuments || to == S::kReadyForReview || to == S::kRefused;
    case S::kRefused:
      return to == S::kAppealed;
    case S::kAppealed:
      return to == S::kAppealUpheld || to == S::kAppealDismissed;
    case S::kApproved:
    case S::kAppealUpheld:
    case S::kAppealDismissed:
    case S::kWithdrawn:
    case S::kRegistered:
    case S::kInterviewScheduled:
    case S::kExamination:
    case S::kRefusalProposed:
      return false;
  }
  return false;
}

const ChecklistAnswer* AsylumClaim::Answer(std::string_view question) const {
  for (const ChecklistAnswer& a : answers) {
    if (a.question == question) return &a;
  }
  return nullptr;
}

}  // namespace tamga::cases

namespace tamga::cases {

std::string_view VerificationName(Verification v) {
  switch (v) {
    case Verification::kUnverified:
      return "unverified";
    case Verification::kVerified:
      return "verified";
    case Verification::kRejected:
      return "rejected";
  }
  return "unverified";
}

std::optional<Verification> ParseVerification(std::string_view name) {
  for (Verification v :
       {Verification::kUnverified, Verification::kVerified, Verification::kRejected}) {
    if (VerificationName(v) == name) return v;
  }
  return std::nullopt;
}

std::string_view HitStatusName(HitStatus s) {
  switch (s) {
    case HitStatus::kOpen:
      return "open";
    case HitStatus::kSamePerson:
      return "same-person";
    case HitStatus::kNotSamePerson:
      return "not-same-person";
  }
  return "open";
}

std::optional<HitStatus> ParseHitStatus(std::string_view name) {
  for (HitStatus s : {HitStatus::kOpen, HitStatus::kSamePerson, HitStatus::kNotSamePerson}) {
    if (HitStatusName(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace tamga::cases

// Internals of the case service shared by its source files (service.cc, service_notices.cc,
// service_pending.cc): errors, audit details and what a case waits for.
#pragma once

#include <expected>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "audit/audit.h"
#include "cases/model.h"
#include "policy/policy.h"

namespace tamga::cases::internal {

Error Invalid(std::string field, std::string message);
Error Conflict(std::string message);
// The refusals officers meet most, with their stable reasons (Error::reason, docs/api.md):
// "claim-first" when nobody holds the case, else "held-by-another" {officer}.
Error HeldBy(const std::string& holder, const std::string& message);
// "state-forbids" {state}: the case's state does not allow what was asked.
Error StateForbids(State state, std::string message);
// An audit entry's details: a JSON object of the given string fields.
std::string Details(std::initializer_list<std::pair<const char*, std::string>> fields);

// The checks intake makes of an applicant (names, dates, passport) as filed in `jurisdiction`,
// whose own citizens do not apply; the first failing field named.
std::expected<void, Error> CheckApplicant(const Application& app,
                                          const policy::Jurisdiction& jurisdiction);

bool HasDocument(const Application& app, const std::string& kind);
// The questions of `p`'s checklist that claim `c` has not answered, in the policy's order.
std::vector<std::string> RemainingQuestions(const Case& c, const policy::AsylumProcedure& p);
// kConflict "questions-remain" {questions} unless every legal question of `version`'s asylum
// checklist is answered on claim `c` (`when`: "before proposing a refusal").
std::expected<void, Error> AllAnswered(const Case& c, const std::optional<policy::Version>& version,
                                       std::string_view when);
// The documents a case waits for: the policy's missing documents and the officer's requests not
// yet met.
std::vector<std::string> AwaitedDocuments(const Case& c);
// The state a decision puts an undecided case in: an open screening hit holds it for an officer;
// documents missing keep it waiting; otherwise an officer reviews it.
State StateAfterDecision(const Case& c);
bool HasOpenHits(const Case& c);
// The audit entry of a screening: how many hits, and for each its source, list or case, entry and
// score (no list contents beyond the entry id).
audit::Entry ScreeningEntry(const Case& c, const std::string& at, const std::string& actor,
                            const std::string& action, const std::vector<ScreeningHit>& hits);

}  // namespace tamga::cases::internal

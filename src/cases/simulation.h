// A simulation of a draft policy version over stored cases (docs/policies.md, "Simulation"): what
// the draft would decide for the pending cases it would reach and for the cases decided in a past
// period, beside what was decided, with totals of what changes. Nothing is written to the cases.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cases/case_store.h"
#include "policy/policy.h"

namespace tamga::cases {

struct SimulationScope {
  // (a) the pending cases the draft would reach: those filed on or after it takes effect, and,
  // when it applies to pending applications, those filed earlier too (the set that
  // CaseService::ApplyPendingVersions decides again on the day it takes effect).
  bool pending = true;
  // (b) the cases finally decided (approved, refused, appealed) and filed from..to: "what if this
  // version had applied since then". No period: none.
  std::optional<feel::Date> from;
  std::optional<feel::Date> to;
};

// The scans of the case store a simulation of `draft` over `scope` reads (for counting first).
std::vector<CaseScan> SimulationScans(const policy::Version& draft, const SimulationScope& scope);

// One case as it was decided and as the draft would decide it.
struct SimulatedCase {
  std::string number;
  State state = State::kSubmitted;
  bool pending = false;  // from part (a) of the scope
  feel::Date filing_date;
  std::vector<std::string> citizenships;
  struct Outcome {
    std::string outcome;  // "" when the case had no automated decision
    std::vector<std::string> missing_documents;
    std::vector<std::string> grounds;  // decisive grounds' rule ids
  };
  Outcome current;
  Outcome simulated;
  std::string error;  // the draft could not decide the case (its inputs): why
  // The outcome or the missing documents differ.
  bool Changed() const;
};

// Whether `simulated` changes a case whose latest decision is `current` (none: always), as a
// simulation counts it (SimulatedCase::Changed).
bool Changes(const std::optional<policy::Decision>& current, const policy::Decision& simulated);

struct Simulation {
  std::string version;  // the draft's version id
  SimulationScope scope;
  int64_t cases = 0;
  int64_t pending = 0;  // of them, from part (a)
  int64_t changed = 0;
  int64_t errors = 0;
  // Changed cases counted by "current -> simulated" outcome, by each decisive ground (rule id) of
  // the simulated decision, by first citizenship, and by filing month ("2022-09").
  std::map<std::string, int64_t> by_outcome;
  std::map<std::string, int64_t> by_ground;
  std::map<std::string, int64_t> by_citizenship;
  std::map<std::string, int64_t> by_month;
  // The changed cases and those the draft could not decide, in case order, at most `max_listed`
  // (the totals count all of them).
  std::vector<SimulatedCase> changed_cases;
  bool listed_all = true;
};

struct SimulationOptions {
  size_t max_listed = 1000;
  int threads = 0;  // 0: one per core
  // Called after each batch with the cases simulated so far.
  std::function<void(int64_t simulated)> progress;
};

// Runs `draft` (a version of `library`, which holds it: Library::WithDraft) over the cases of its
// jurisdiction and kind that `scope` selects, through Library::DecideBatch. Fails when the store
// cannot be read; a case the draft cannot decide counts in `errors` and is listed with its error.
std::expected<Simulation, Error> Simulate(CaseStore& store, const policy::Library& library,
                                          const policy::Version& draft,
                                          const SimulationScope& scope,
                                          const SimulationOptions& options = {});

// The JSON form of a simulation (the API's Simulation schema; the CLI prints the same totals).
std::string SimulationToJson(const Simulation& simulation);

}  // namespace tamga::cases

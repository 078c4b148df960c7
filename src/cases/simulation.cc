#include "cases/simulation.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "cases/service.h"

namespace tamga::cases {
namespace {

SimulatedCase::Outcome OutcomeOf(const policy::Decision& d) {
  SimulatedCase::Outcome out;
  out.outcome = d.outcome;
  out.missing_documents = d.missing_documents;
  std::sort(out.missing_documents.begin(), out.missing_documents.end());
  for (const policy::Ground& g : d.decisive_grounds) out.grounds.push_back(g.rule_id);
  return out;
}

// The states of a case the law may still decide (as CaseStore::PendingFiledBefore selects them).
// The states of a case a new version would still decide: an ordinary application's, or an
// asylum claim's while its legal questions are answered.
const std::vector<State>& PendingStates(std::string_view kind) {
  static const std::vector<State> states = {State::kSubmitted, State::kAwaitingDocuments,
                                            State::kReadyForReview, State::kScreeningReview};
  static const std::vector<State> claims = {State::kRegistered, State::kInterviewScheduled,
                                            State::kExamination};
  return kind == kAsylumKind ? claims : states;
}

const std::vector<State>& DecidedStates() {
  static const std::vector<State> states = {State::kApproved, State::kRefused, State::kAppealed,
                                            State::kAppealUpheld, State::kAppealDismissed};
  return states;
}

// "2022-09" of a date.
std::string Month(const feel::Date& d) { return feel::ToString(d).substr(0, 7); }

void Count(Simulation& s, const SimulatedCase& c, size_t max_listed) {
  ++s.cases;
  if (c.pending) ++s.pending;
  if (!c.error.empty()) {
    ++s.errors;
    if (s.changed_cases.size() < max_listed) s.changed_cases.push_back(c);
    return;
  }
  if (!c.Changed()) return;
  ++s.changed;
  const std::string before = c.current.outcome.empty() ? "none" : c.current.outcome;
  ++s.by_outcome[before + " -> " + c.simulated.outcome];
  for (const std::string& rule : c.simulated.grounds) ++s.by_ground[rule];
  ++s.by_citizenship[c.citizenships.empty() ? "" : c.citizenships.front()];
  ++s.by_month[Month(c.filing_date)];
  if (s.changed_cases.size() < max_listed) {
    s.changed_cases.push_back(c);
  } else {
    s.listed_all = false;
  }
}

nlohmann::json OutcomeJson(const SimulatedCase::Outcome& o) {
  return {
      {"outcome", o.outcome}, {"missingDocuments", o.missing_documents}, {"grounds", o.grounds}};
}

nlohmann::json CountsJson(const std::map<std::string, int64_t>& counts) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [key, count] : counts) out.push_back({{"key", key}, {"count", count}});
  return out;
}

}  // namespace

bool SimulatedCase::Changed() const {
  return current.outcome != simulated.outcome ||
         current.missing_documents != simulated.missing_documents;
}

bool Changes(const std::optional<policy::Decision>& current, const policy::Decision& simulated) {
  SimulatedCase c;
  if (current) c.current = OutcomeOf(*current);
  c.simulated = OutcomeOf(simulated);
  return c.Changed();
}

std::expected<Simulation, Error> Simulate(CaseStore& store, const policy::Library& library,
                                          const policy::Version& draft,
                                          const SimulationScope& scope,
                                          const SimulationOptions& options) {
  Simulation s;
  s.version = draft.id();
  s.scope = scope;
  std::vector<policy::Library::CaseInputs> inputs;
  auto run = [&](bool pending) {
    return [&, pending](std::vector<Case>& batch) -> std::expected<void, Error> {
      inputs.clear();
      inputs.reserve(batch.size());
      for (const Case& c : batch) inputs.push_back({c.application.filing_date, PolicyInputs(c)});
      auto decided = library.DecideBatch(draft, inputs, options.threads, /*with_trace=*/false,
                                         /*with_texts=*/false);
      for (size_t i = 0; i < batch.size(); ++i) {
        const Case& c = batch[i];
        SimulatedCase sc;
        sc.number = c.number;
        sc.state = c.state;
        sc.pending = pending;
        sc.filing_date = c.application.filing_date;
        sc.citizenships = c.application.applicant.citizenships;
        if (c.decision) sc.current = OutcomeOf(*c.decision);
        if (decided[i]) {
          sc.simulated = OutcomeOf(*decided[i]);
        } else {
          sc.error = decided[i].error().ToString();
        }
        Count(s, sc, options.max_listed);
      }
      if (options.progress) options.progress(s.cases);
      return {};
    };
  };
  for (CaseScan scan : SimulationScans(draft, scope)) {
    scan.threads = options.threads;
    const bool pending = scan.states == PendingStates(draft.kind);
    if (auto ok = store.Scan(scan, run(pending)); !ok) return std::unexpected(ok.error());
  }
  return s;
}

std::vector<CaseScan> SimulationScans(const policy::Version& draft, const SimulationScope& scope) {
  std::vector<CaseScan> scans;
  if (scope.pending) {
    CaseScan scan{.jurisdiction = draft.jurisdiction,
                  .kind = draft.kind,
                  .states = PendingStates(draft.kind)};
    // A version that applies only to applications filed from its date reaches no earlier one.
    if (draft.applies_to == policy::AppliesTo::kFiledOnOrAfter)
      scan.filed_from = draft.takes_effect;
    scans.push_back(std::move(scan));
  }
  if (scope.from || scope.to) {
    scans.push_back(CaseScan{.jurisdiction = draft.jurisdiction,
                             .kind = draft.kind,
                             .states = DecidedStates(),
                             .filed_from = scope.from,
                             .filed_to = scope.to});
  }
  return scans;
}

std::string SimulationToJson(const Simulation& s) {
  nlohmann::json changed = nlohmann::json::array();
  for (const SimulatedCase& c : s.changed_cases) {
    nlohmann::json j = {{"number", c.number},
                        {"state", std::string(StateName(c.state))},
                        {"pending", c.pending},
                        {"filingDate", feel::ToString(c.filing_date)},
                        {"citizenships", c.citizenships},
                        {"current", OutcomeJson(c.current)},
                        {"simulated", OutcomeJson(c.simulated)}};
    if (!c.error.empty()) j["error"] = c.error;
    changed.push_back(std::move(j));
  }
  nlohmann::json period = nullptr;
  if (s.scope.from || s.scope.to) {
    period = {{"from", s.scope.from ? nlohmann::json(feel::ToString(*s.scope.from)) : nullptr},
              {"to", s.scope.to ? nlohmann::json(feel::ToString(*s.scope.to)) : nullptr}};
  }
  nlohmann::json out = {{"version", s.version},
                        {"pending", s.scope.pending},
                        {"period", period},
                        {"cases", s.cases},
                        {"pendingCases", s.pending},
                        {"changed", s.changed},
                        {"errors", s.errors},
                        {"byOutcome", CountsJson(s.by_outcome)},
                        {"byGround", CountsJson(s.by_ground)},
                        {"byCitizenship", CountsJson(s.by_citizenship)},
                        {"byMonth", CountsJson(s.by_month)},
                        {"changedCases", changed},
                        {"listedAll", s.listed_all}};
  return out.dump();
}

}  // namespace tamga::cases

// Library queries: which versions exist, which is in force on a date, and deciding under it.
#include <algorithm>
#include <set>

#include "policy/internal.h"
#include "policy/trace_json.h"

namespace tamga::policy {
namespace {

using VersionList = std::vector<LoadedVersion>;

std::string Join(const std::vector<std::string>& items) {
  std::string s;
  for (const std::string& item : items) s += (s.empty() ? "" : ", ") + item;
  return s;
}

const std::map<std::string, VersionList>* KindsOf(const internal::Catalog* impl,
                                                  const std::string& jurisdiction) {
  if (!impl) return nullptr;
  auto it = impl->versions.find(internal::Upper(jurisdiction));
  return it == impl->versions.end() ? nullptr : &it->second;
}

const VersionList* VersionsOf(const internal::Catalog* impl, const std::string& jurisdiction,
                              const std::string& kind) {
  const auto* kinds = KindsOf(impl, jurisdiction);
  if (!kinds) return nullptr;
  auto it = kinds->find(kind);
  return it == kinds->end() ? nullptr : &it->second;
}

std::string Subject(const std::string& jurisdiction, const std::string& kind,
                    const feel::Date& date) {
  return internal::Upper(jurisdiction) + "/" + kind + " on " + feel::ToString(date);
}

std::expected<const LoadedVersion*, Error> FindInForce(const internal::Catalog* impl,
                                                       const std::string& jurisdiction,
                                                       const std::string& kind,
                                                       const feel::Date& date) {
  std::string where = Subject(jurisdiction, kind, date);
  const auto* kinds = KindsOf(impl, jurisdiction);
  if (!kinds) {
    return std::unexpected(
        Error{where, "no policies for jurisdiction '" + internal::Upper(jurisdiction) + "'"});
  }
  const VersionList* versions = VersionsOf(impl, jurisdiction, kind);
  if (!versions) {
    std::vector<std::string> known;
    for (const auto& [k, v] : *kinds) known.push_back(k);
    return std::unexpected(
        Error{where, "no policy for application kind '" + kind + "' (known: " + Join(known) + ")"});
  }
  // The first version taking effect after `date`; the one before it is in force.
  auto after = std::upper_bound(versions->begin(), versions->end(), date,
                                [](const feel::Date& d, const LoadedVersion& v) {
                                  return internal::Before(d, v.version.takes_effect);
                                });
  if (after == versions->begin()) {
    return std::unexpected(
        Error{where, "no version is in force yet: the first takes effect on " +
                         feel::ToString(versions->front().version.takes_effect)});
  }
  return &*std::prev(after);
}

// The version in force on `filed`, or a later one that applies to pending applications and took
// effect on or before `decided` (the latest of them).
std::expected<const LoadedVersion*, Error> FindApplicable(const internal::Catalog* impl,
                                                          const std::string& jurisdiction,
                                                          const std::string& kind,
                                                          const feel::Date& filed,
                                                          const feel::Date& decided) {
  auto in_force = FindInForce(impl, jurisdiction, kind, filed);
  if (!in_force) return in_force;
  const LoadedVersion* chosen = *in_force;
  for (const LoadedVersion& v : *VersionsOf(impl, jurisdiction, kind)) {
    if (v.version.applies_to == AppliesTo::kPending &&
        internal::Before(chosen->version.takes_effect, v.version.takes_effect) &&
        !internal::Before(decided, v.version.takes_effect)) {
      chosen = &v;
    }
  }
  return chosen;
}

// The inputs, checked, with Application Kind and Filing Date set from the request.
std::expected<feel::Context, Error> PrepareInputs(const feel::Context& given,
                                                  const std::string& kind,
                                                  const feel::Date& filing_date) {
  auto inputs = internal::NormalizeInputs(given);
  if (!inputs) return std::unexpected(inputs.error());
  for (auto [name, value] : {std::pair<std::string, feel::Value>{"Application Kind", kind},
                             std::pair<std::string, feel::Value>{"Filing Date", filing_date}}) {
    const feel::Value* present = inputs->Find(name);
    if (!present) {
      inputs->entries.emplace_back(name, value);
    } else if (!present->is_null() && !feel::SameValue(*present, value)) {
      return std::unexpected(Error{"input '" + name + "'", feel::ToDisplayString(*present) +
                                                               " differs from the request's " +
                                                               feel::ToDisplayString(value)});
    } else {
      inputs->Set(name, value);
    }
  }
  // Most applicants seek no protection, and only asylum claims have legal questions answered: a
  // caller that does not say so means that (docs/asylum.md).
  if (!inputs->Find("Protection")) inputs->entries.emplace_back("Protection", feel::Value("none"));
  if (!inputs->Find("Checklist")) inputs->entries.emplace_back("Checklist", feel::Context{});
  return inputs;
}

std::expected<std::vector<std::string>, std::string> StringList(const feel::Context& c,
                                                                std::string_view key) {
  const feel::Value* v = c.Find(key);
  if (!v || !v->is(feel::Kind::kList)) {
    return std::unexpected("'" + std::string(key) + "' must be a list of strings, not " +
                           (v ? feel::ToDisplayString(*v) : std::string("absent")));
  }
  std::vector<std::string> out;
  for (const feel::Value& e : v->list()) {
    if (!e.is(feel::Kind::kString)) {
      return std::unexpected("'" + std::string(key) + "' holds " + feel::ToDisplayString(e) +
                             ", not a string");
    }
    out.push_back(e.string());
  }
  return out;
}

// Reads the contract's context (outcome, required documents, missing documents) into `decision`.
// An asylum version's outcome is one of kAsylumOutcomes, any other one of kOutcomes.
std::expected<void, std::string> ReadContract(const feel::Value* value, Decision& decision,
                                              bool asylum) {
  if (!value || !value->is(feel::Kind::kContext)) {
    return std::unexpected("returned " + (value ? feel::ToDisplayString(*value) : "nothing") +
                           ", not a context with outcome, required documents and missing "
                           "documents");
  }
  const feel::Context& c = value->context();
  const feel::Value* outcome = c.Find("outcome");
  std::span<const std::string_view> outcomes =
      asylum ? std::span<const std::string_view>(kAsylumOutcomes)
             : std::span<const std::string_view>(kOutcomes);
  if (!outcome || !outcome->is(feel::Kind::kString) ||
      std::ranges::find(outcomes, outcome->string()) == outcomes.end()) {
    std::string allowed;
    for (std::string_view o : outcomes)
      allowed += (allowed.empty() ? "\"" : ", \"") + std::string(o) + "\"";
    return std::unexpected("'outcome' must be one of " + allowed + ", not " +
                           (outcome ? feel::ToDisplayString(*outcome) : std::string("absent")));
  }
  decision.outcome = outcome->string();
  auto required = StringList(c, "required documents");
  if (!required) return std::unexpected(required.error());
  auto missing = StringList(c, "missing documents");
  if (!missing) return std::unexpected(missing.error());
  decision.required_documents = std::move(*required);
  decision.missing_documents = std::move(*missing);
  return {};
}

// Whether a selected rule decided: its output is the outcome, or a document that is missing.
bool Decisive(const Rule& rule, const Decision& decision) {
  if (rule.output.empty()) return false;
  if (rule.output == decision.outcome) return true;
  return std::find(decision.missing_documents.begin(), decision.missing_documents.end(),
                   rule.output) != decision.missing_documents.end();
}

// Grounds (selected rules with a Reason), the decisive ones among them, and matched rule ids from
// the trace, each rule once. Reads the contract first: decisiveness depends on the outcome.
// `with_texts` false: grounds carry their rule id only (a simulation compares rule ids, and copying
// each ground's reasons and citations in every language was a third of its time).
void ReadTrace(const dmn::Result& result, const LoadedVersion& version, Decision& decision,
               bool with_texts = true) {
  std::set<std::string, std::less<>> matched, grounded;
  for (const dmn::DecisionTrace& d : result.trace) {
    for (const dmn::TableTrace& table : d.tables) {
      for (const dmn::RuleMatch& m : table.matches) {
        if (matched.insert(m.id).second) decision.matched_rules.push_back(m.id);
        auto it = version.rule_index.find(m.id);
        if (!m.selected || it == version.rule_index.end()) continue;
        const Rule& rule = version.rules[it->second];
        if (rule.reason.empty() || !grounded.insert(m.id).second) continue;
        Ground ground = with_texts ? rule.AsGround() : Ground{.rule_id = rule.id};
        if (Decisive(rule, decision)) decision.decisive_grounds.push_back(ground);
        decision.grounds.push_back(std::move(ground));
      }
    }
  }
}

std::string Describe(const std::vector<dmn::Warning>& warnings) {
  std::vector<std::string> lines;
  for (const dmn::Warning& w : warnings) lines.push_back(w.element + ": " + w.message);
  return lines.empty() ? "" : " (warnings: " + Join(lines) + ")";
}

// The decision the contract decision's result makes: outcome, grounds, trace.
std::expected<Decision, Error> ToDecision(const LoadedVersion& v, const dmn::Result* result,
                                          bool with_trace = true, bool with_texts = true) {
  const Version& version = v.version;
  Decision decision;
  std::string where = version.id() + " decision '" + version.decision + "'";
  if (auto ok = ReadContract(result->Find(version.decision), decision, version.asylum.has_value());
      !ok) {
    return std::unexpected(Error{where, ok.error() + Describe(result->warnings)});
  }
  ReadTrace(*result, v, decision, with_texts);
  decision.policy_version = version.id();
  decision.policy_hash = version.content_hash;
  if (with_trace) decision.trace_json = TraceJson(*result);
  for (const dmn::Warning& w : result->warnings) {
    decision.warnings.push_back(w.element + ": " + w.message);
  }
  return decision;
}

std::expected<Decision, Error> Evaluate(const LoadedVersion& v, const feel::Context& inputs) {
  dmn::Inputs dmn_inputs;
  dmn_inputs.values = inputs;
  std::vector<std::string> names = {v.version.decision};
  auto result = v.models.EvaluateDecisions(v.model, names, dmn_inputs);
  if (!result) return std::unexpected(Error{v.version.id(), result.error().ToString()});
  return ToDecision(v, &*result);
}

}  // namespace

std::vector<std::string> Library::Jurisdictions() const {
  std::vector<std::string> out;
  if (impl_) {
    for (const auto& [j, kinds] : impl_->versions) out.push_back(j);
  }
  return out;
}

std::vector<std::string> Library::Kinds(const std::string& jurisdiction) const {
  std::vector<std::string> out;
  if (const auto* kinds = KindsOf(impl_.get(), jurisdiction)) {
    for (const auto& [k, versions] : *kinds) out.push_back(k);
  }
  return out;
}

std::vector<Version> Library::Versions(const std::string& jurisdiction,
                                       const std::string& kind) const {
  std::vector<Version> out;
  if (const VersionList* versions = VersionsOf(impl_.get(), jurisdiction, kind)) {
    for (const LoadedVersion& v : *versions) out.push_back(v.version);
  }
  return out;
}

std::expected<Version, Error> Library::InForce(const std::string& jurisdiction,
                                               const std::string& kind,
                                               const feel::Date& date) const {
  auto v = FindInForce(impl_.get(), jurisdiction, kind, date);
  if (!v) return std::unexpected(v.error());
  return (*v)->version;
}

std::expected<Version, Error> Library::Applicable(const std::string& jurisdiction,
                                                  const std::string& kind, const feel::Date& filed,
                                                  const feel::Date& decided) const {
  auto v = FindApplicable(impl_.get(), jurisdiction, kind, filed, decided);
  if (!v) return std::unexpected(v.error());
  return (*v)->version;
}

const Jurisdiction* Library::FindJurisdiction(const std::string& jurisdiction) const {
  if (!impl_) return nullptr;
  auto it = impl_->jurisdictions.find(internal::Upper(jurisdiction));
  return it == impl_->jurisdictions.end() ? nullptr : &it->second;
}

std::expected<Decision, Error> Library::Decide(const std::string& jurisdiction,
                                               const std::string& kind,
                                               const feel::Date& filing_date,
                                               const feel::Context& inputs,
                                               std::optional<feel::Date> decided_on) const {
  auto v = FindApplicable(impl_.get(), jurisdiction, kind, filing_date,
                          decided_on.value_or(filing_date));
  if (!v) return std::unexpected(v.error());
  auto prepared = PrepareInputs(inputs, kind, filing_date);
  if (!prepared) {
    return std::unexpected(Error{(*v)->version.id(), prepared.error().ToString()});
  }
  return Evaluate(**v, *prepared);
}

std::expected<Decision, Error> Library::DecideWith(const Version& version,
                                                   const CaseInputs& c) const {
  const VersionList* versions = VersionsOf(impl_.get(), version.jurisdiction, version.kind);
  if (versions) {
    for (const LoadedVersion& v : *versions) {
      if (v.version.takes_effect != version.takes_effect) continue;
      auto prepared = PrepareInputs(c.inputs, version.kind, c.filing_date);
      if (!prepared) return std::unexpected(Error{version.id(), prepared.error().ToString()});
      return Evaluate(v, *prepared);
    }
  }
  return std::unexpected(Error{version.id(), "no such version in the library"});
}

std::vector<std::expected<Decision, Error>> Library::DecideBatch(const Version& version,
                                                                 std::span<const CaseInputs> cases,
                                                                 int threads, bool with_trace,
                                                                 bool with_texts) const {
  std::vector<std::expected<Decision, Error>> out;
  out.reserve(cases.size());
  const LoadedVersion* loaded = nullptr;
  if (const VersionList* versions = VersionsOf(impl_.get(), version.jurisdiction, version.kind)) {
    for (const LoadedVersion& v : *versions) {
      if (v.version.takes_effect == version.takes_effect) loaded = &v;
    }
  }
  if (!loaded) {
    for (size_t i = 0; i < cases.size(); ++i)
      out.push_back(std::unexpected(Error{version.id(), "no such version in the library"}));
    return out;
  }
  // Inputs first (cheap, and their errors are per case), then one batch of the model.
  std::vector<std::optional<std::expected<feel::Context, Error>>> prepared(cases.size());
  dmn::ParallelFor(cases.size(), threads, [&](size_t i) {
    prepared[i] = PrepareInputs(cases[i].inputs, version.kind, cases[i].filing_date);
  });
  std::vector<dmn::Inputs> inputs;
  std::vector<size_t> evaluated;  // the case of each entry of `inputs`
  std::vector<std::optional<Error>> failed(cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    if (!*prepared[i]) {
      failed[i] = Error{version.id(), prepared[i]->error().ToString()};
      continue;
    }
    inputs.push_back(dmn::Inputs{std::move(**prepared[i]), {}});
    evaluated.push_back(i);
  }
  prepared.clear();
  std::vector<std::string> names = {loaded->version.decision};
  auto results = loaded->models.EvaluateBatch(loaded->model, names, inputs, threads);
  std::vector<std::optional<std::expected<Decision, Error>>> decided(cases.size());
  if (!results) {
    for (size_t i : evaluated)
      decided[i] = std::unexpected(Error{version.id(), results.error().ToString()});
  } else {
    dmn::ParallelFor(evaluated.size(), threads, [&](size_t k) {
      decided[evaluated[k]] = ToDecision(*loaded, &(*results)[k], with_trace, with_texts);
      (*results)[k] = {};  // freed here, in parallel, not one by one at the end
    });
  }
  for (size_t i = 0; i < cases.size(); ++i) {
    if (failed[i]) {
      out.push_back(std::unexpected(*failed[i]));
    } else {
      out.push_back(*std::move(decided[i]));
    }
  }
  return out;
}

std::vector<Rule> Library::Rules(const Version& version) const {
  if (const VersionList* versions = VersionsOf(impl_.get(), version.jurisdiction, version.kind)) {
    for (const LoadedVersion& v : *versions) {
      if (v.version.takes_effect == version.takes_effect) return v.rules;
    }
  }
  return {};
}

std::vector<VersionFile> Library::Files(const Version& version) const {
  if (const VersionList* versions = VersionsOf(impl_.get(), version.jurisdiction, version.kind)) {
    for (const LoadedVersion& v : *versions) {
      if (v.version.takes_effect == version.takes_effect) return v.files;
    }
  }
  return {};
}

std::filesystem::path Library::Root() const {
  return impl_ ? impl_->root : std::filesystem::path();
}

}  // namespace tamga::policy

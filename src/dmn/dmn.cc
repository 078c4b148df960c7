// The public interface (dmn.h) over the reader and the evaluator.
#include "dmn/dmn.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

#include "dmn/boxed.h"
#include "dmn/evaluator.h"
#include "dmn/model.h"

namespace tamga::dmn {

using internal::Element;

std::string Error::ToString() const {
  if (element.empty()) return message;
  return element + ": " + message;
}

const feel::Value* Result::Find(std::string_view name) const {
  for (const auto& [n, v] : outputs) {
    if (n == name) return &v;
  }
  return nullptr;
}

std::expected<Models, Error> Models::Parse(std::vector<Source> sources) {
  auto set = internal::ReadModels(std::move(sources));
  if (!set) return std::unexpected(set.error());
  return Models(std::move(*set));
}

std::expected<Models, Error> Models::Load(const std::vector<std::filesystem::path>& files) {
  std::vector<Source> sources;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(Error{"file " + path.string(), "cannot be read"});
    std::ostringstream text;
    text << in.rdbuf();
    sources.push_back({path.string(), text.str()});
  }
  return Parse(std::move(sources));
}

const std::vector<ModelInfo>& Models::models() const { return set_->infos; }

const std::vector<Warning>& Models::load_warnings() const { return set_->load_warnings; }

namespace {

// The model `key` names; empty: the only model, or the first one no other model imports.
std::expected<const internal::Model*, Error> ResolveModel(const internal::ModelSet& set,
                                                          std::string_view key) {
  if (!key.empty()) {
    if (const internal::Model* m = set.FindModel(key)) return m;
    return std::unexpected(Error{"model '" + std::string(key) + "'", "is not loaded"});
  }
  if (set.models.empty()) return std::unexpected(Error{"", "no model is loaded"});
  for (const auto& m : set.models) {
    bool imported = false;
    for (const auto& other : set.models) imported = imported || other->ImportOf(m.get());
    if (!imported) return m.get();
  }
  return set.models.front().get();
}

std::expected<const Element*, Error> ResolveElement(const internal::Model& m, std::string_view name,
                                                    Element::Kind kind,
                                                    std::string_view kind_name) {
  const Element* e = m.Find(name);
  if (!e || e->kind != kind) {
    return std::unexpected(
        Error{"model '" + m.name + "'",
              "has no " + std::string(kind_name) + " named '" + std::string(name) + "'"});
  }
  return e;
}

// Also closes the evaluation's scope: context frames that closures kept alive are released unless
// an output still holds a function (feel::EvaluationScope).
Result Finish(internal::Session& s, std::vector<std::pair<std::string, feel::Value>> outputs,
              feel::EvaluationScope& scope) {
  bool holds_function = false;
  for (const auto& [name, v] : outputs) holds_function = holds_function || feel::HoldsFunction(v);
  for (const DecisionTrace& t : s.trace)
    holds_function = holds_function || feel::HoldsFunction(t.value);
  if (!holds_function) scope.Finish({});
  Result r;
  r.outputs = std::move(outputs);
  r.warnings = std::move(s.warnings);
  r.trace = std::move(s.trace);
  return r;
}

}  // namespace

std::expected<Result, Error> Models::EvaluateDecisions(std::string_view model,
                                                       std::span<const std::string> decisions,
                                                       const Inputs& inputs) const {
  feel::EvaluationScope scope;
  auto m = ResolveModel(*set_, model);
  if (!m) return std::unexpected(m.error());
  // Every name is resolved before anything is evaluated; the usual handful of targets stays on the
  // stack.
  constexpr size_t kInlineTargets = 8;
  std::array<const internal::Decision*, kInlineTargets> inline_targets;
  std::vector<const internal::Decision*> more_targets;
  std::span<const internal::Decision*> targets(inline_targets.data(), decisions.size());
  if (decisions.size() > kInlineTargets) {
    more_targets.resize(decisions.size());
    targets = more_targets;
  }
  for (size_t i = 0; i < decisions.size(); ++i) {
    auto e = ResolveElement(**m, decisions[i], Element::Kind::kDecision, "decision");
    if (!e) return std::unexpected(e.error());
    targets[i] = static_cast<const internal::Decision*>(*e);
  }
  internal::Session session(set_, *m);
  session.inputs = &inputs;  // outlives the session, which ends with this call
  std::vector<std::pair<std::string, feel::Value>> outputs;
  outputs.reserve(targets.size());
  for (const internal::Decision* d : targets) {
    outputs.emplace_back(d->name, internal::EvaluateDecision(session, *d));
  }
  return Finish(session, std::move(outputs), scope);
}

std::expected<std::vector<Result>, Error> Models::EvaluateBatch(
    std::string_view model, std::span<const std::string> decisions, std::span<const Inputs> inputs,
    int threads) const {
  auto m = ResolveModel(*set_, model);
  if (!m) return std::unexpected(m.error());
  std::vector<const internal::Decision*> targets;
  for (const std::string& name : decisions) {
    auto e = ResolveElement(**m, name, Element::Kind::kDecision, "decision");
    if (!e) return std::unexpected(e.error());
    targets.push_back(static_cast<const internal::Decision*>(*e));
  }
  std::vector<Result> results(inputs.size());
  ParallelFor(inputs.size(), threads, [&](size_t i) {
    feel::EvaluationScope scope;
    internal::Session session(set_, *m);
    session.inputs = &inputs[i];
    std::vector<std::pair<std::string, feel::Value>> outputs;
    outputs.reserve(targets.size());
    for (const internal::Decision* d : targets) {
      outputs.emplace_back(d->name, internal::EvaluateDecision(session, *d));
    }
    results[i] = Finish(session, std::move(outputs), scope);
  });
  return results;
}

void ParallelFor(size_t n, int threads, const std::function<void(size_t)>& work) {
  if (n == 0) return;
  size_t count = threads > 0 ? static_cast<size_t>(threads)
                             : std::max(1u, std::thread::hardware_concurrency());
  count = std::min(count, n);
  // Work is handed out in small chunks from a shared counter, so a slow item does not hold up a
  // thread's whole share.
  constexpr size_t kChunk = 16;
  std::atomic<size_t> next{0};
  auto run = [&] {
    for (size_t begin = next.fetch_add(kChunk); begin < n; begin = next.fetch_add(kChunk)) {
      for (size_t i = begin; i < std::min(n, begin + kChunk); ++i) work(i);
    }
  };
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < count; ++t) helpers.emplace_back(run);
  run();
  for (std::thread& h : helpers) h.join();
}

std::expected<Result, Error> Models::Invoke(std::string_view model, InvocableKind kind,
                                            std::string_view name,
                                            const feel::Context& args) const {
  if (kind == InvocableKind::kDecision) {  // its own evaluation scope
    Inputs inputs;
    inputs.values = args;
    std::string decision(name);
    return EvaluateDecisions(model, std::span<const std::string>(&decision, 1), inputs);
  }
  feel::EvaluationScope scope;
  auto m = ResolveModel(*set_, model);
  if (!m) return std::unexpected(m.error());
  internal::Session session(set_, *m);
  switch (kind) {
    case InvocableKind::kDecision:
      break;  // handled above
    case InvocableKind::kDecisionService: {
      auto e = ResolveElement(**m, name, Element::Kind::kDecisionService, "decision service");
      if (!e) return std::unexpected(e.error());
      const auto& ds = static_cast<const internal::DecisionService&>(**e);
      internal::ElementValues given;
      for (const Element* p : ds.Parameters()) {
        if (const feel::Value* v = args.Find(p->name)) given.Set(p, *v);
      }
      for (const auto& [arg, v] : args.entries) {
        bool known = false;
        for (const Element* p : ds.Parameters()) known = known || p->name == arg;
        if (!known) {
          session.warnings.push_back(
              {ds.Describe(), "'" + arg + "' is not a parameter; the argument is ignored"});
        }
      }
      auto outputs = internal::InvokeService(set_, ds, &session, given);
      return Finish(session, std::move(outputs), scope);
    }
    case InvocableKind::kBusinessKnowledgeModel: {
      auto e = ResolveElement(**m, name, Element::Kind::kBusinessKnowledgeModel,
                              "business knowledge model");
      if (!e) return std::unexpected(e.error());
      const auto& bkm = static_cast<const internal::BusinessKnowledgeModel&>(**e);
      feel::Value fn = internal::BkmFunction(session, bkm);
      DecisionTrace trace{(*m)->name, bkm.name, bkm.id, feel::Value(), {}};
      internal::TableTraceRecorder tables(trace.tables);
      feel::Diagnostics diag(&tables);
      feel::CallContext ctx{diag, -1};
      feel::Value v = feel::InvokeNamed(fn.function(), args.entries, ctx);
      for (const feel::Warning& w : diag.warnings()) {
        session.warnings.push_back({bkm.Describe(), w.message});
      }
      trace.value = v;
      session.trace.push_back(std::move(trace));
      return Finish(session, {{bkm.name, v}}, scope);
    }
  }
  return std::unexpected(Error{"", "unknown invocable kind"});
}

std::expected<Result, Error> Models::Evaluate(std::string_view model, std::string_view name,
                                              const Inputs& inputs) const {
  std::optional<InvocableKind> kind = KindOf(model, name);
  if (!kind) {
    auto m = ResolveModel(*set_, model);
    if (!m) return std::unexpected(m.error());
    return std::unexpected(Error{"model '" + (*m)->name + "'",
                                 "has no decision, decision service or business knowledge model "
                                 "named '" +
                                     std::string(name) + "'"});
  }
  if (*kind == InvocableKind::kDecision) {
    std::string decision(name);
    return EvaluateDecisions(model, std::span<const std::string>(&decision, 1), inputs);
  }
  return Invoke(model, *kind, name, inputs.values);
}

std::optional<feel::Type> Models::DeclaredType(std::string_view model,
                                               std::string_view name) const {
  auto m = ResolveModel(*set_, model);
  if (!m) return std::nullopt;
  const Element* e = (*m)->Find(name);
  if (!e || !e->type) return std::nullopt;
  return internal::ToFeelType(*e->type);
}

std::optional<InvocableKind> Models::KindOf(std::string_view model, std::string_view name) const {
  auto m = ResolveModel(*set_, model);
  if (!m) return std::nullopt;
  const Element* e = (*m)->Find(name);
  if (!e) return std::nullopt;
  switch (e->kind) {
    case Element::Kind::kDecision:
      return InvocableKind::kDecision;
    case Element::Kind::kDecisionService:
      return InvocableKind::kDecisionService;
    case Element::Kind::kBusinessKnowledgeModel:
      return InvocableKind::kBusinessKnowledgeModel;
    case Element::Kind::kInputData:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace tamga::dmn

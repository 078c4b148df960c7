// Evaluating decisions: requirements first (memoized per session), type conformance of inputs and
// results, business knowledge models and decision services as FEEL functions, and the trace.
#include "dmn/evaluator.h"

#include <optional>
#include <string>
#include <utility>

#include "dmn/boxed.h"

namespace tamga::dmn::internal {
namespace {

using feel::FramePtr;
using feel::Value;

// Deeper nesting of BKM / decision service calls is treated as runaway recursion.
constexpr int kMaxDepth = 200;

// Routes the decision tables evaluated while it lives to `sink`; restores the previous sink.
class TableTraceScope {
 public:
  explicit TableTraceScope(std::vector<TableTrace>* sink) : saved_(CurrentTableTrace()) {
    CurrentTableTrace() = sink;
  }
  ~TableTraceScope() { CurrentTableTrace() = saved_; }
  TableTraceScope(const TableTraceScope&) = delete;
  TableTraceScope& operator=(const TableTraceScope&) = delete;

 private:
  std::vector<TableTrace>* saved_;
};

void AddWarnings(Session& s, const std::string& element, const feel::Diagnostics& diag) {
  for (const feel::Warning& w : diag.warnings()) s.warnings.push_back({element, w.message});
}

// `v` converted to the type of `e`, or null with a warning naming `what`.
Value Conform(Session& s, const Element& e, Value v, const std::string& what) {
  if (!e.type || v.is_null()) return v;
  if (auto c = Coerce(v, *e.type)) return std::move(*c);
  s.warnings.push_back({e.Describe(), what + " " + feel::ToDisplayString(v) +
                                          " does not conform to type " + e.type->name +
                                          "; it is null"});
  return Value();
}

Value InputValue(Session& s, const Element& in) {
  if (auto it = s.values.find(&in); it != s.values.end()) return it->second;
  const Value* given = nullptr;
  if (s.service_scope) {
    if (auto it = s.given.find(&in); it != s.given.end()) given = &it->second;
  } else {
    if (auto it = s.inputs.by_namespace.find(in.model->ns); it != s.inputs.by_namespace.end()) {
      given = it->second.Find(in.name);
    }
    if (!given) given = s.inputs.values.Find(in.name);
  }
  Value v;
  if (given) {
    v = Conform(s, in, *given, "the input value");
  } else {
    s.warnings.push_back({in.Describe(), "no value was given; it is null"});
  }
  s.values[&in] = v;
  return v;
}

Value ServiceFunction(Session& s, const DecisionService& ds) {
  feel::Function f;
  f.name = ds.name;
  std::vector<const Element*> params = ds.Parameters();
  for (const Element* p : params) f.params.push_back(p->name);
  f.min_args = params.size();
  f.body = [weak = s.weak_from_this(), set = s.set, &ds, params](std::span<const Value> args,
                                                                 feel::CallContext& ctx) {
    std::shared_ptr<Session> parent = weak.lock();
    if (parent && parent->depth >= kMaxDepth) {
      ctx.Warn(ds.Describe() + ": calls nested too deeply");
      return Value();
    }
    std::map<const Element*, Value> given;
    for (size_t i = 0; i < params.size(); ++i)
      given[params[i]] = i < args.size() ? args[i] : Value();
    auto outputs = InvokeService(set, ds, parent.get(), given);
    if (outputs.size() == 1) return outputs[0].second;
    feel::Context c;
    for (auto& [name, v] : outputs) c.Set(name, std::move(v));
    return Value(std::move(c));
  };
  return feel::MakeFunction(std::move(f));
}

Value KnowledgeFunction(Session& s, const Element& e) {
  if (e.kind == Element::Kind::kBusinessKnowledgeModel) {
    return BkmFunction(s, static_cast<const BusinessKnowledgeModel&>(e));
  }
  return ServiceFunction(s, static_cast<const DecisionService&>(e));
}

// The frame every element of model `m` sees: its BKMs and decision services as functions, and
// those of the models it imports, qualified by the import name.
FramePtr ModelFrame(Session& s, const Model& m) {
  if (auto it = s.model_frames.find(&m); it != s.model_frames.end()) return it->second;
  FramePtr f = feel::Frame::Make();
  s.model_frames[&m] = f;  // before building: functions capture only the session
  for (const auto& b : m.bkms) f->Set(b->name, KnowledgeFunction(s, *b));
  for (const auto& d : m.services) f->Set(d->name, KnowledgeFunction(s, *d));
  for (const Import& imp : m.imports) {
    feel::Context qualified;
    auto add = [&](const Element& e) {
      Value fn = KnowledgeFunction(s, e);
      if (imp.name.empty()) {
        f->Set(e.name, fn);
      } else {
        f->Set(imp.name + "." + e.name, fn);
        qualified.Set(e.name, std::move(fn));
      }
    };
    for (const auto& b : imp.model->bkms) add(*b);
    for (const auto& d : imp.model->services) add(*d);
    if (!imp.name.empty()) f->Set(imp.name, Value(std::move(qualified)));
  }
  return f;
}

// Makes `v` visible in `frame` under the name the requirement gives it. Values from imported
// models are visible as "import.name" and as entries of the context "import".
void Bind(const FramePtr& frame, const Requirement& r, Value v,
          std::map<std::string, feel::Context>& imported) {
  if (r.import_name.empty()) {
    frame->Set(r.target->name, std::move(v));
    return;
  }
  frame->Set(r.import_name + "." + r.target->name, v);
  imported[r.import_name].Set(r.target->name, std::move(v));
}

}  // namespace

std::shared_ptr<Session> Session::Make(std::shared_ptr<const ModelSet> set, const Model* main) {
  auto s = std::make_shared<Session>();
  s->set = std::move(set);
  s->main = main;
  return s;
}

Value BkmFunction(Session& s, const BusinessKnowledgeModel& b) {
  feel::Function f;
  f.name = b.name;
  for (const Parameter& p : b.params) f.params.push_back(p.name);
  f.min_args = b.params.size();
  f.body = [weak = s.weak_from_this(), set = s.set, &b](std::span<const Value> args,
                                                        feel::CallContext& ctx) -> Value {
    if (!b.body) {
      ctx.Warn(b.Describe() + (b.logic_kind == "FEEL"
                                   ? std::string(" has no logic; the result is null")
                                   : " is of kind " + b.logic_kind +
                                         ", which is not supported; the result is null"));
      return Value();
    }
    std::shared_ptr<Session> session = weak.lock();
    if (!session) session = Session::Make(set, b.model);
    if (session->depth >= kMaxDepth) {
      ctx.Warn(b.Describe() + ": calls nested too deeply (runaway recursion?)");
      return Value();
    }
    ++session->depth;
    Value v =
        BindAndEvaluate(*b.body, b.params, args, ModelFrame(*session, *b.model), ctx, b.Describe());
    --session->depth;
    return v;
  };
  return feel::MakeFunction(std::move(f));
}

Value EvaluateDecision(Session& s, const Decision& d) {
  if (s.service_scope && s.service_inputs.contains(&d)) {
    if (auto it = s.given.find(&d); it != s.given.end()) return it->second;
    s.warnings.push_back({d.Describe(),
                          "input decision of the decision service was not given; "
                          "it is null"});
    return Value();
  }
  if (auto it = s.values.find(&d); it != s.values.end()) return it->second;
  if (s.active.contains(&d)) {
    s.warnings.push_back({d.Describe(), "the decision requires itself; it is null"});
    return Value();
  }
  s.active.insert(&d);

  FramePtr frame = feel::Frame::Make(ModelFrame(s, *d.model));
  std::map<std::string, feel::Context> imported;
  for (const Requirement& r : d.information) {
    Value v = r.target->kind == Element::Kind::kDecision
                  ? EvaluateDecision(s, static_cast<const Decision&>(*r.target))
                  : InputValue(s, *r.target);
    Bind(frame, r, std::move(v), imported);
  }
  for (const Requirement& r : d.knowledge) {
    // Functions of this model and of imported models are in the model frame already.
    if (r.target->model != d.model && !d.model->ImportOf(r.target->model)) {
      Bind(frame, r, KnowledgeFunction(s, *r.target), imported);
    }
  }
  for (auto& [import_name, values] : imported) {
    // Keep the imported functions visible next to the imported values.
    if (const Value* fns = frame->parent->Find(import_name); fns && fns->is(feel::Kind::kContext)) {
      for (const auto& [name, fn] : fns->context().entries) {
        if (!values.Find(name)) values.Set(name, fn);
      }
    }
    frame->Set(import_name, Value(std::move(values)));
  }

  DecisionTrace trace{d.model->name, d.name, d.id, Value(), {}};
  feel::Diagnostics diag;
  Value v;
  {
    TableTraceScope scope(&trace.tables);
    if (d.logic) {
      v = d.logic->Evaluate(frame, diag);
    } else {
      diag.Warn(-1, "the decision has no decision logic; it is null");
    }
  }
  AddWarnings(s, d.Describe(), diag);
  v = Conform(s, d, std::move(v), "the result");
  trace.value = v;
  s.trace.push_back(std::move(trace));
  s.active.erase(&d);
  s.values[&d] = v;
  return v;
}

std::vector<std::pair<std::string, Value>> InvokeService(
    const std::shared_ptr<const ModelSet>& set, const DecisionService& ds, Session* parent,
    const std::map<const Element*, Value>& args) {
  std::shared_ptr<Session> sub = Session::Make(set, ds.model);
  sub->service_scope = true;
  sub->depth = parent ? parent->depth + 1 : 0;
  bool conforms = true;
  for (const Element* p : ds.Parameters()) {
    sub->service_inputs.insert(p);
    auto it = args.find(p);
    if (it == args.end()) continue;
    std::optional<Value> v = it->second;
    if (p->type) v = Coerce(it->second, *p->type);
    if (!v) {
      sub->warnings.push_back({ds.Describe(), "the argument '" + p->name +
                                                  "' = " + feel::ToDisplayString(it->second) +
                                                  " does not conform to type " + p->type->name +
                                                  "; the result is null"});
      conforms = false;
      continue;
    }
    sub->given[p] = std::move(*v);
  }
  std::vector<std::pair<std::string, Value>> outputs;
  for (const Decision* d : ds.outputs) {
    outputs.emplace_back(d->name, conforms ? EvaluateDecision(*sub, *d) : Value());
  }
  if (parent) {
    parent->warnings.insert(parent->warnings.end(), sub->warnings.begin(), sub->warnings.end());
    parent->trace.insert(parent->trace.end(), sub->trace.begin(), sub->trace.end());
  }
  return outputs;
}

}  // namespace tamga::dmn::internal

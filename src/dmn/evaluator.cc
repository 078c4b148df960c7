// Evaluating decisions: requirements first (memoized per session), type conformance of inputs and
// results, business knowledge models and decision services as FEEL functions, and the trace.
#include "dmn/evaluator.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "dmn/boxed.h"

namespace tamga::dmn::internal {
namespace {

using feel::FramePtr;
using feel::Value;

// Deeper nesting of BKM / decision service calls is treated as runaway recursion.
constexpr int kMaxDepth = 200;

// Describes `element` only when there is something to report: most evaluations warn about nothing.
void AddWarnings(Session& s, const Element& element, const feel::Diagnostics& diag) {
  if (diag.warnings().empty()) return;
  const std::string name = element.Describe();
  for (const feel::Warning& w : diag.warnings()) s.warnings.push_back({name, w.message});
}

// `v` converted to the type of `e`, or null with a warning naming `what`.
Value Conform(Session& s, const Element& e, Value v, std::string_view what) {
  // A conforming value is kept as it is (Coerce would copy it).
  if (!e.type || v.is_null() || Conforms(v, *e.type)) return v;
  if (auto c = Coerce(v, *e.type)) return std::move(*c);
  s.warnings.push_back({e.Describe(), std::string(what) + " " + feel::ToDisplayString(v) +
                                          " does not conform to type " + e.type->name +
                                          "; it is null"});
  return Value();
}

Value InputValue(Session& s, const Element& in) {
  if (const Value* memo = s.values.Find(&in)) return *memo;
  const Value* given = nullptr;
  if (s.service_scope) {
    given = s.given.Find(&in);
  } else {
    const Inputs& inputs = *s.inputs;
    if (!inputs.by_namespace.empty()) {
      if (auto it = inputs.by_namespace.find(in.model->ns); it != inputs.by_namespace.end()) {
        given = it->second.Find(in.name);
      }
    }
    if (!given) given = inputs.values.Find(in.name);
  }
  if (!given) {
    s.warnings.push_back({in.Describe(), "no value was given; it is null"});
    s.values.Set(&in, Value());
    return Value();
  }
  if (!in.type || given->is_null() || Conforms(*given, *in.type)) {
    // Kept as given (Conform would return it unchanged); the caller's inputs, and a service's
    // arguments, outlive the session and do not change during it.
    s.values.Borrow(&in, given);
    return *given;
  }
  Value v = Conform(s, in, *given, "the input value");
  s.values.Set(&in, v);
  return v;
}

Value ServiceFunction(Session& s, const DecisionService& ds) {
  feel::Function f;
  f.name = ds.name;
  std::vector<const Element*> params = ds.Parameters();
  for (const Element* p : params) f.params.push_back(p->name);
  f.min_args = params.size();
  f.body = [handle = s.Handle(), set = s.set, &ds, params](std::span<const Value> args,
                                                           feel::CallContext& ctx) {
    std::shared_ptr<Session* const> live = handle.lock();
    Session* parent = live ? *live : nullptr;
    if (parent && parent->depth >= kMaxDepth) {
      ctx.Warn(ds.Describe() + ": calls nested too deeply");
      return Value();
    }
    ElementValues given;
    for (size_t i = 0; i < params.size(); ++i)
      given.Set(params[i], i < args.size() ? args[i] : Value());
    auto outputs = InvokeService(set, ds, parent, given);
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
// those of the models it imports, qualified by the import name. nullptr when the model has no
// functions to show: such a frame would be empty, and building it costs two allocations per
// evaluation.
FramePtr ModelFrame(Session& s, const Model& m) {
  if (m.bkms.empty() && m.services.empty() && m.imports.empty()) return nullptr;
  for (const auto& [model, frame] : s.model_frames) {
    if (model == &m) return frame;
  }
  FramePtr f = feel::Frame::Make();
  s.model_frames.emplace_back(&m, f);  // before building: functions capture only the session
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

// Frame::Set(name, v), with the name copied and the value moved straight into place (Set takes
// both by value).
void SetInFrame(feel::Frame& frame, const std::string& name, Value&& v) {
  for (auto& [k, old] : frame.vars) {
    if (k == name) {
      old = std::move(v);
      return;
    }
  }
  frame.vars.emplace_back(name, std::move(v));
}

// Makes `v` visible in `frame` under the name the requirement gives it. Values from imported
// models are visible as "import.name" and as entries of the context "import".
void Bind(const FramePtr& frame, const Requirement& r, Value v,
          std::map<std::string, feel::Context>& imported) {
  if (r.import_name.empty()) {
    SetInFrame(*frame, r.target->name, std::move(v));
    return;
  }
  frame->Set(r.import_name + "." + r.target->name, v);
  imported[r.import_name].Set(r.target->name, std::move(v));
}

}  // namespace

const Inputs& Session::NoInputs() {
  static const Inputs none;
  return none;
}

std::weak_ptr<Session* const> Session::Handle() {
  if (!handle_) handle_ = std::make_shared<Session* const>(this);
  return handle_;
}

Value BkmFunction(Session& s, const BusinessKnowledgeModel& b) {
  feel::Function f;
  f.name = b.name;
  for (const Parameter& p : b.params) f.params.push_back(p.name);
  f.min_args = b.params.size();
  f.body = [handle = s.Handle(), set = s.set, &b](std::span<const Value> args,
                                                  feel::CallContext& ctx) -> Value {
    if (!b.body) {
      ctx.Warn(b.Describe() + (b.logic_kind == "FEEL"
                                   ? std::string(" has no logic; the result is null")
                                   : " is of kind " + b.logic_kind +
                                         ", which is not supported; the result is null"));
      return Value();
    }
    std::shared_ptr<Session* const> live = handle.lock();
    Session* session = live ? *live : nullptr;
    std::unique_ptr<Session> own;  // once the session that made the function has ended
    if (!session) {
      own = std::make_unique<Session>(set, b.model);
      session = own.get();
    }
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
  if (s.service_scope && std::ranges::find(s.service_inputs, &d) != s.service_inputs.end()) {
    if (const Value* v = s.given.Find(&d)) return *v;
    s.warnings.push_back({d.Describe(),
                          "input decision of the decision service was not given; "
                          "it is null"});
    return Value();
  }
  if (const Value* memo = s.values.Find(&d)) return *memo;
  for (const Session::ActiveDecision* a = s.active; a; a = a->outer) {
    if (a->decision == &d) {
      s.warnings.push_back({d.Describe(), "the decision requires itself; it is null"});
      return Value();
    }
  }
  const Session::ActiveDecision active{&d, s.active};
  s.active = &active;

  FramePtr frame = feel::Frame::Make(ModelFrame(s, *d.model));
  // One binding per requirement (imports may add a few more).
  frame->vars.reserve(d.information.size() + d.knowledge.size());
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
    const Value* fns = frame->parent ? frame->parent->Find(import_name) : nullptr;
    if (fns && fns->is(feel::Kind::kContext)) {
      for (const auto& [name, fn] : fns->context().entries) {
        if (!values.Find(name)) values.Set(name, fn);
      }
    }
    frame->Set(import_name, Value(std::move(values)));
  }

  DecisionTrace trace{d.model->name, d.name, d.id, Value(), {}};
  TableTraceRecorder tables(trace.tables);
  feel::Diagnostics diag(&tables);
  Value v;
  if (d.logic) {
    v = d.logic->Evaluate(frame, diag);
  } else {
    diag.Warn(-1, "the decision has no decision logic; it is null");
  }
  AddWarnings(s, d, diag);
  v = Conform(s, d, std::move(v), "the result");
  trace.value = v;
  s.trace.push_back(std::move(trace));
  s.active = active.outer;
  s.values.Set(&d, v);
  return v;
}

std::vector<std::pair<std::string, Value>> InvokeService(const std::shared_ptr<const ModelSet>& set,
                                                         const DecisionService& ds, Session* parent,
                                                         const ElementValues& args) {
  // On the heap: services may nest deeply, and a session is large.
  auto sub = std::make_unique<Session>(set, ds.model);
  sub->service_scope = true;
  sub->depth = parent ? parent->depth + 1 : 0;
  bool conforms = true;
  for (const Element* p : ds.Parameters()) {
    if (std::ranges::find(sub->service_inputs, p) == sub->service_inputs.end()) {
      sub->service_inputs.push_back(p);
    }
    const Value* arg = args.Find(p);
    if (!arg) continue;
    std::optional<Value> v = *arg;
    if (p->type) v = Coerce(*arg, *p->type);
    if (!v) {
      sub->warnings.push_back({ds.Describe(), "the argument '" + p->name +
                                                  "' = " + feel::ToDisplayString(*arg) +
                                                  " does not conform to type " + p->type->name +
                                                  "; the result is null"});
      conforms = false;
      continue;
    }
    sub->given.Set(p, std::move(*v));
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

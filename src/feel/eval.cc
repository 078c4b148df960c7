// Evaluation of the planned expression tree, and calls of function values.
#include <algorithm>
#include <cstdint>
#include <string>

#include "feel/builtins.h"
#include "feel/java.h"
#include "feel/nodes.h"

namespace tamga::feel {

// ---- frames and function calls ----

void Frame::Set(std::string name, Value v) {
  for (auto& [k, old] : vars) {
    if (k == name) {
      old = std::move(v);
      return;
    }
  }
  vars.emplace_back(std::move(name), std::move(v));
}

const Value* Frame::Find(std::string_view name) const {
  for (const Frame* f = this; f; f = f->parent.get()) {
    for (auto it = f->vars.rbegin(); it != f->vars.rend(); ++it) {
      if (it->first == name) return &it->second;
    }
    if (f->context) {
      if (const Value* v = f->context->Find(name)) return v;
    }
  }
  return nullptr;
}

namespace {

// Context frames of the outermost open EvaluationScope of this thread; the vector keeps its
// capacity between evaluations, so an evaluation without contexts allocates nothing here.
thread_local bool scope_open = false;
thread_local std::vector<std::weak_ptr<Frame>> scope_frames;

}  // namespace

FramePtr Frame::MakeForContext(FramePtr parent) {
  FramePtr f = Make(std::move(parent));
  if (scope_open) scope_frames.push_back(f);
  return f;
}

EvaluationScope::EvaluationScope() : owner_(!scope_open) { scope_open = true; }

EvaluationScope::~EvaluationScope() {
  if (!owner_) return;
  scope_frames.clear();
  scope_open = false;
}

bool EvaluationScope::Finish(std::span<const Value> results) {
  if (!owner_) return false;
  for (const Value& v : results) {
    if (HoldsFunction(v)) return false;
  }
  for (const auto& weak : scope_frames) {
    if (FramePtr f = weak.lock()) {
      f->vars.clear();
      f->context.reset();
    }
  }
  scope_frames.clear();
  return true;
}

bool HoldsFunction(const Value& v) {
  switch (v.kind()) {
    case Kind::kFunction:
      return true;
    case Kind::kList:
      for (const Value& e : v.list()) {
        if (HoldsFunction(e)) return true;
      }
      return false;
    case Kind::kContext:
      for (const auto& [k, e] : v.context().entries) {
        if (HoldsFunction(e)) return true;
      }
      return false;
    case Kind::kRange:
      return HoldsFunction(v.range().start) || HoldsFunction(v.range().end);
    default:
      return false;
  }
}

Value MakeFunction(Function f) { return Value(std::make_shared<const Function>(std::move(f))); }

namespace {

// Coerces an argument to a declared parameter type by the implicit conversions of DMN 1.5
// 10.3.2.9.4: a singleton list becomes its element, a value becomes a singleton list where a list
// is expected, a date becomes UTC midnight where a date and time is. nullopt: no conformance.
std::optional<Value> CoerceArgument(const Value& v, const Type& t) {
  if (Conforms(v, t)) return v;
  if (v.is(Kind::kList) && v.list().size() == 1) {
    if (auto element = CoerceArgument(v.list()[0], t); element && !element->is(Kind::kList))
      return element;
  }
  if (v.is(Kind::kDate)) {
    if (Value midnight = DateAtUtcMidnight(v); Conforms(midnight, t)) return midnight;
  }
  if (t.tag == Type::Tag::kList && !v.is(Kind::kList)) {
    Value wrapped = List{DateAtUtcMidnight(v)};
    if (Conforms(wrapped, t)) return wrapped;
    wrapped = List{v};
    if (Conforms(wrapped, t)) return wrapped;
  }
  return std::nullopt;
}

}  // namespace

namespace {

// Function calls (user-defined functions, business knowledge models, ...) may recurse without
// end; stop them before the thread's stack runs out. Measured in bytes of stack used since the
// outermost call on this thread, so deep expressions inside each call count too.
constexpr std::uintptr_t kMaxCallStackBytes = 2 << 20;
thread_local std::uintptr_t outermost_call_frame = 0;
thread_local int call_depth = 0;

class CallDepthGuard {
 public:
  CallDepthGuard() {
    auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
    if (call_depth++ == 0) outermost_call_frame = here;
    // The stack grows down on every platform we build for.
    too_deep_ = outermost_call_frame > here && outermost_call_frame - here > kMaxCallStackBytes;
  }
  ~CallDepthGuard() { --call_depth; }
  CallDepthGuard(const CallDepthGuard&) = delete;
  CallDepthGuard& operator=(const CallDepthGuard&) = delete;
  bool too_deep() const { return too_deep_; }

 private:
  bool too_deep_ = false;
};

}  // namespace

Value Invoke(const Function& f, std::vector<Value> args, CallContext& ctx) {
  CallDepthGuard guard;
  if (guard.too_deep()) {
    ctx.Warn("calls of '" + f.name + "' nest too deeply (endless recursion?)");
    return Value();
  }
  if (args.size() < f.min_args || (!f.variadic && args.size() > f.params.size())) {
    ctx.Warn("'" + f.name + "' expects " +
             (f.min_args == f.params.size()
                  ? std::to_string(f.params.size())
                  : std::to_string(f.min_args) + " to " + std::to_string(f.params.size())) +
             " arguments, got " + std::to_string(args.size()));
    return Value();
  }
  for (size_t i = 0; i < args.size() && i < f.param_types.size(); ++i) {
    if (!f.param_types[i]) continue;
    auto coerced = CoerceArgument(args[i], *f.param_types[i]);
    if (!coerced) {
      ctx.Warn("argument '" + f.params[i] + "' of '" + f.name + "' is not a " +
               TypeName(*f.param_types[i]));
      return Value();
    }
    args[i] = std::move(*coerced);
  }
  return f.body(args, ctx);
}

namespace {

// The parameter names of the form of `f` that the named arguments fit: its own, or one of its
// overloads'; preferring a form where the names come in declaration order.
const std::vector<std::string>& NamesFor(const Function& f,
                                         const std::vector<std::pair<std::string, Value>>& args) {
  auto fits = [&](const std::vector<std::string>& names, bool in_order) {
    size_t last = 0;
    for (const auto& [name, value] : args) {
      auto it = std::find(names.begin(), names.end(), name);
      if (it == names.end()) return false;
      size_t i = it - names.begin();
      if (in_order && i < last) return false;
      last = i;
    }
    return true;
  };
  for (bool in_order : {true, false}) {
    if (fits(f.params, in_order)) return f.params;
    for (const auto& names : f.overload_params) {
      if (fits(names, in_order)) return names;
    }
  }
  return f.params;
}

}  // namespace

Value InvokeNamed(const Function& f, std::vector<std::pair<std::string, Value>> args,
                  CallContext& ctx) {
  const std::vector<std::string>& names = NamesFor(f, args);
  std::vector<Value> positional;
  std::vector<bool> given;
  for (auto& [name, value] : args) {
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      ctx.Warn("'" + f.name + "' has no parameter named '" + name + "'");
      return Value();
    }
    size_t i = it - names.begin();
    if (positional.size() <= i) {
      positional.resize(i + 1);
      given.resize(i + 1);
    }
    if (given[i]) {
      ctx.Warn("parameter '" + name + "' given twice");
      return Value();
    }
    positional[i] = std::move(value);
    given[i] = true;
  }
  // Parameters not named are null, except trailing optional ones, which stay absent.
  // A variadic parameter named with a list keeps it as one argument: all(list: []) is all([]).
  if (positional.size() < f.min_args) positional.resize(f.min_args);
  CallContext named = ctx;
  named.named_params = &names;
  return Invoke(f, std::move(positional), named);
}

// ---- steps ----

bool AnyUsesInput(std::initializer_list<const Node*> nodes) {
  for (const Node* n : nodes) {
    if (n && n->UsesInput()) return true;
  }
  return false;
}

namespace {

std::optional<bool> AsBoolean(const Value& v) {
  if (v.is(Kind::kBoolean)) return v.boolean();
  return std::nullopt;
}

TestResult TestOf(bool b) { return b ? TestResult::kTrue : TestResult::kFalse; }

// The answer a boolean-or-null value (of Equal, RangeContains, ...) stands for.
TestResult TestOf(const Value& v) {
  return v.is(Kind::kBoolean) ? TestOf(v.boolean()) : TestResult::kNull;
}

Value ValueOf(TestResult r) {
  if (r == TestResult::kNull) return Value();
  return r == TestResult::kTrue;
}

TestResult NotTest(TestResult r) {
  if (r == TestResult::kNull) return r;
  return r == TestResult::kTrue ? TestResult::kFalse : TestResult::kTrue;
}

// Equal(a, b) as an answer. The kinds decision tables compare most often are answered here with
// the comparisons Equal makes for them, without building a Value; the rest go through Equal.
[[gnu::always_inline]] inline TestResult EqualTest(const Value& a, const Value& b) {
  if (a.kind() == b.kind()) {
    switch (a.kind()) {
      case Kind::kBoolean:
        return TestOf(a.boolean() == b.boolean());
      case Kind::kNumber:
        return TestOf(a.number() == b.number());
      case Kind::kString:
        return TestOf(a.string() == b.string());
      case Kind::kDate:
        return TestOf(a.date() == b.date());
      default:
        break;
    }
  }
  return TestOf(Equal(a, b));
}

// Does `input` match the value of a positive unary test that is an expression without '?'?
TestResult MatchTest(const Value& input, const Value& test) {
  if (test.is(Kind::kRange)) return TestOf(RangeContains(test.range(), input));
  if (test.is(Kind::kList)) {
    if (input.is(Kind::kList)) {
      Value eq = Equal(input, test);
      if (!eq.is_null() && eq.boolean()) return TestResult::kTrue;
    }
    // An element of another kind is simply not the input (TCK 0072: true in [false, 2] is false).
    for (const Value& e : test.list()) {
      TestResult m =
          e.is(Kind::kRange) ? TestOf(RangeContains(e.range(), input)) : EqualTest(input, e);
      if (m == TestResult::kTrue) return TestResult::kTrue;
    }
    return TestResult::kFalse;
  }
  if (test.is(Kind::kBoolean) && !input.is(Kind::kBoolean)) return TestOf(test.boolean());
  return EqualTest(input, test);
}

// The order of two dates as CompareOrder gives it (by days since the epoch). When both have a
// month of 1 to 12 and a day of 1 to 28 (a date every month has) the days are in the order of
// (year, month, day), which is compared without working out the days.
int CompareDates(const Date& a, const Date& b) {
  auto plain = [](const Date& d) {
    return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 28;
  };
  if (plain(a) && plain(b)) {
    if (a.year != b.year) return a.year < b.year ? -1 : 1;
    if (a.month != b.month) return a.month < b.month ? -1 : 1;
    return a.day < b.day ? -1 : (b.day < a.day ? 1 : 0);
  }
  const int64_t x = a.DaysSinceEpoch(), y = b.DaysSinceEpoch();
  return x < y ? -1 : (y < x ? 1 : 0);
}

// CompareOrder(a, b), with the usual operands of decision table comparisons (numbers, dates)
// ordered in place.
std::optional<int> Order(const Value& a, const Value& b) {
  if (a.kind() == b.kind()) {
    if (a.is(Kind::kNumber)) return a.number().Compare(b.number());
    if (a.is(Kind::kDate)) return CompareDates(a.date(), b.date());
  }
  return CompareOrder(a, b);
}

TestResult CompareTest(CompareOp op, const Value& a, const Value& b, CallContext& ctx) {
  if (op == CompareOp::kEq) return EqualTest(a, b);
  if (op == CompareOp::kNe) return NotTest(EqualTest(a, b));
  auto c = Order(a, b);
  if (!c) {
    if (!a.is_null() && !b.is_null())
      ctx.Warn("cannot compare " + std::string(KindName(a.kind())) + " with " +
               std::string(KindName(b.kind())));
    return TestResult::kNull;
  }
  switch (op) {
    case CompareOp::kLt:
      return TestOf(*c < 0);
    case CompareOp::kLe:
      return TestOf(*c <= 0);
    case CompareOp::kGt:
      return TestOf(*c > 0);
    case CompareOp::kGe:
      return TestOf(*c >= 0);
    default:
      return TestResult::kNull;
  }
}

Value CompareWith(CompareOp op, const Value& a, const Value& b, CallContext& ctx) {
  return ValueOf(CompareTest(op, a, b, ctx));
}

FramePtr WithInput(const FramePtr& frame, const Value& input) {
  FramePtr f = Frame::Make(frame);
  f->vars.emplace_back("?", input);
  return f;
}

}  // namespace

TestResult Node::Test(const Value& input, const FramePtr& frame, Diagnostics& diag) const {
  Value r = Eval(frame, diag);
  if (UsesInput()) return TestOf(r);
  return MatchTest(input, r);
}

Value Node::Matches(const Value& input, const FramePtr& frame, Diagnostics& diag) const {
  return ValueOf(Test(input, frame, diag));
}

TestResult Literal::Test(const Value& input, const FramePtr&, Diagnostics&) const {
  // A literal of the input's kind that is neither a list nor a range (the usual "BLR", 42) is
  // compared for equality, as MatchTest would, without its dispatch.
  if (input.kind() == value.kind() && !value.is(Kind::kList) && !value.is(Kind::kRange)) {
    return EqualTest(input, value);
  }
  return MatchTest(input, value);
}

Value NameRef::Eval(const FramePtr& frame, Diagnostics& diag) const {
  if (builtin) return *builtin;
  if (frame) {
    if (const Value* v = frame->Find(name)) return *v;
  }
  if (const Value* b = FindBuiltin(name)) return *b;
  diag.Warn(pos, "unknown name '" + name + "'");
  return Value();
}

Value NegateNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  CallContext ctx{diag, pos};
  return Negate(operand->Eval(frame, diag), ctx);
}

Value ArithmeticNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  CallContext ctx{diag, pos};
  Value l = left->Eval(frame, diag);
  return Arithmetic(op, l, right->Eval(frame, diag), ctx);
}

Value CompareNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  CallContext ctx{diag, pos};
  Value l = left->Eval(frame, diag);
  return CompareWith(op, l, right->Eval(frame, diag), ctx);
}

Value UnaryCompare::Eval(const FramePtr& frame, Diagnostics& diag) const {
  Value e = endpoint->Eval(frame, diag);
  Range r;
  switch (op) {
    case CompareOp::kLt:
      r.end = e;
      break;
    case CompareOp::kLe:
      r.end = e, r.end_included = true;
      break;
    case CompareOp::kGt:
      r.start = e;
      break;
    case CompareOp::kGe:
      r.start = e, r.start_included = true;
      break;
    case CompareOp::kEq:
      r.start = e, r.form = Range::Form::kEqual;
      break;
    case CompareOp::kNe:
      r.start = e, r.form = Range::Form::kNotEqual;
      break;
  }
  return r;
}

TestResult UnaryCompare::Test(const Value& input, const FramePtr& frame, Diagnostics& diag) const {
  CallContext ctx{diag, pos};
  if (const Value* c = endpoint->Constant()) return CompareTest(op, input, *c, ctx);
  return CompareTest(op, input, endpoint->Eval(frame, diag), ctx);
}

Value LogicNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  auto l = AsBoolean(left->Eval(frame, diag));
  if (l && *l != conjunction) return *l;  // false and ..., true or ...
  auto r = AsBoolean(right->Eval(frame, diag));
  if (r && *r != conjunction) return *r;
  if (l && r) return conjunction;
  return Value();
}

Value BetweenNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  CallContext ctx{diag, pos};
  Value v = value->Eval(frame, diag);
  Value lo = CompareWith(CompareOp::kGe, v, low->Eval(frame, diag), ctx);
  Value hi = CompareWith(CompareOp::kLe, v, high->Eval(frame, diag), ctx);
  if (lo.is_null() || hi.is_null()) {
    if ((lo.is(Kind::kBoolean) && !lo.boolean()) || (hi.is(Kind::kBoolean) && !hi.boolean()))
      return false;
    return Value();
  }
  return lo.boolean() && hi.boolean();
}

Value TestsNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  diag.Warn(pos, "unary tests are not a value");
  return Value();
}

bool TestsNode::UsesInput() const {
  for (const auto& t : tests) {
    if (t->UsesInput()) return true;
  }
  return false;
}

TestResult TestsNode::Test(const Value& input, const FramePtr& frame, Diagnostics& diag) const {
  if (tests.empty()) return TestResult::kTrue;
  // Only tests that refer to '?' need a frame binding it; the others see `frame` itself.
  if (uses_input) return TestEach(input, WithInput(frame, input), diag);
  return TestEach(input, frame, diag);
}

TestResult TestsNode::TestEach(const Value& input, const FramePtr& f, Diagnostics& diag) const {
  bool any_false = false;
  TestResult result = TestResult::kNull;
  for (const auto& t : tests) {
    TestResult m = t->Test(input, f, diag);
    if (m == TestResult::kTrue) {
      result = TestResult::kTrue;
      break;
    }
    if (m == TestResult::kFalse) any_false = true;
  }
  if (result == TestResult::kNull && any_false) result = TestResult::kFalse;
  return negated ? NotTest(result) : result;
}

Value InNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  Value v = value->Eval(frame, diag);
  if (tests_are_list) return tests->Matches(v, frame, diag);
  return tests->Matches(v, test_uses_input ? WithInput(frame, v) : frame, diag);
}

Value InstanceOfNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  Value v = value->Eval(frame, diag);
  if (v.is_null()) return type.tag == Type::Tag::kNull;
  if (type.tag == Type::Tag::kNull) return false;
  return Conforms(v, type);
}

Value IfNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  Value c = condition->Eval(frame, diag);
  if (c.is(Kind::kBoolean) && c.boolean()) return then_branch->Eval(frame, diag);
  return else_branch->Eval(frame, diag);
}

namespace {

// Whether the integers from `a` to `b` (either way round) fit in what is left of the evaluation's
// work budget; warns when not. Keeps `for i in 1..1000000000` from exhausting memory.
bool FitsBudget(int64_t a, int64_t b, Diagnostics& diag, int pos) {
  // Bounds are at most 2^63 apart from zero, so the difference fits in unsigned 64 bits.
  uint64_t count = (a <= b ? static_cast<uint64_t>(b) - static_cast<uint64_t>(a)
                           : static_cast<uint64_t>(a) - static_cast<uint64_t>(b)) +
                   1;
  if (count == 0 || count > kMaxListLength ||
      count > static_cast<uint64_t>(std::max<int64_t>(diag.work_left(), 0))) {
    diag.Warn(pos, "iteration over too many values (the limit is " +
                       std::to_string(Diagnostics::kWorkBudget) + " steps per evaluation)");
    return false;
  }
  return true;
}

// The values an iteration context ranges over: a list, the integers or days of `a..b`, or the
// integers of a numeric range value. nullopt (with a warning) when the domain cannot be iterated.
std::optional<List> Domain(const IterationContext& ic, const FramePtr& frame, Diagnostics& diag,
                           int pos) {
  Value d = ic.domain->Eval(frame, diag);
  Value end;
  if (ic.domain_end) {
    end = ic.domain_end->Eval(frame, diag);
  } else if (d.is(Kind::kRange)) {
    const Range& r = d.range();
    if (!r.start.is(Kind::kNumber) || !r.end.is(Kind::kNumber)) {
      diag.Warn(pos, "can only iterate over a range of integers");
      return std::nullopt;
    }
    auto s = r.start.number().ToInt64(), e = r.end.number().ToInt64();
    if (!s || !e) return std::nullopt;
    if (*s > *e) {
      diag.Warn(pos, "a range to iterate over must not run backwards");
      return std::nullopt;
    }
    int64_t first = *s + (r.start_included ? 0 : 1), last = *e - (r.end_included ? 0 : 1);
    if (!FitsBudget(first, last, diag, pos)) return std::nullopt;
    List out;
    for (int64_t i = first; i <= last; ++i) out.push_back(i);
    return out;
  } else {
    if (d.is(Kind::kList)) return d.list();
    return List{d};
  }
  List out;
  if (d.is(Kind::kNumber) && end.is(Kind::kNumber)) {
    auto s = d.number().ToInt64(), e = end.number().ToInt64();
    if (!s || !e) {
      diag.Warn(pos, "iteration bounds must be integers");
      return std::nullopt;
    }
    if (!FitsBudget(*s, *e, diag, pos)) return std::nullopt;
    int64_t step = *s <= *e ? 1 : -1;
    for (int64_t i = *s;; i += step) {
      out.push_back(i);
      if (i == *e) break;
    }
    return out;
  }
  if (d.is(Kind::kDate) && end.is(Kind::kDate)) {
    int64_t s = d.date().DaysSinceEpoch(), e = end.date().DaysSinceEpoch();
    if (!FitsBudget(s, e, diag, pos)) return std::nullopt;
    int64_t step = s <= e ? 1 : -1;
    for (int64_t i = s;; i += step) {
      out.push_back(Date::FromDaysSinceEpoch(i));
      if (i == e) break;
    }
    return out;
  }
  diag.Warn(pos, "cannot iterate from " + ToDisplayString(d) + " to " + ToDisplayString(end));
  return std::nullopt;
}

// Calls `visit(frame)` for every combination of the iteration contexts (the first varies slowest).
// Returns false if a domain could not be evaluated; `visit` returns false to stop early.
template <typename Visit>
bool ForEachCombination(const std::vector<IterationContext>& contexts, size_t index,
                        const FramePtr& frame, Diagnostics& diag, int pos, Visit& visit,
                        bool& stop) {
  if (index == contexts.size()) {
    if (!diag.Spend(1)) {
      diag.Warn(pos, "iteration takes too many steps (the limit is " +
                         std::to_string(Diagnostics::kWorkBudget) + " per evaluation)");
      return false;
    }
    if (!visit(frame)) stop = true;
    return true;
  }
  auto domain = Domain(contexts[index], frame, diag, pos);
  if (!domain) return false;
  for (const Value& v : *domain) {
    FramePtr f = Frame::Make(frame);
    f->vars.emplace_back(contexts[index].name, v);
    if (!ForEachCombination(contexts, index + 1, f, diag, pos, visit, stop)) return false;
    if (stop) break;
  }
  return true;
}

}  // namespace

Value ForNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  auto results = std::make_shared<List>();  // results so far, visible as `partial`
  auto visit = [&](const FramePtr& f) {
    if (uses_partial) {
      // Copying the results so far makes the loop quadratic: the copies count against the budget.
      if (!diag.Spend(static_cast<int64_t>(results->size()))) {
        diag.Warn(pos, "iteration takes too many steps (the limit is " +
                           std::to_string(Diagnostics::kWorkBudget) + " per evaluation)");
        return false;
      }
      f->vars.emplace_back("partial", Value(*results));
    }
    if (results->size() >= kMaxListLength) {
      diag.Warn(pos, "the list would have more than " + std::to_string(kMaxListLength) + " items");
      return false;
    }
    results->push_back(body->Eval(f, diag));
    return true;
  };
  bool stop = false;
  if (!ForEachCombination(contexts, 0, frame, diag, pos, visit, stop) || stop) return Value();
  return List(*results);
}

// DMN 1.5 10.3.2.15: `some` is "false or e1 or e2 ...", `every` is "true and e1 and e2 ...",
// in the ternary logic of Table 50: `some` is true once any condition is true, `every` false
// once any is false; otherwise a condition that is not a boolean (null, a number) makes the
// answer null; over no combinations `some` is false and `every` true.
Value QuantifiedNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  bool decided = false, unknown = false;
  auto visit = [&](const FramePtr& f) {
    Value c = condition->Eval(f, diag);
    if (!c.is(Kind::kBoolean)) {
      unknown = true;
      return true;
    }
    if (c.boolean() != every) {
      decided = true;
      return false;
    }
    return true;
  };
  bool stop = false;
  if (!ForEachCombination(contexts, 0, frame, diag, pos, visit, stop)) return Value();
  if (decided) return !every;
  if (unknown) return Value();
  return every;
}

Value FilterNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  Value source = list->Eval(frame, diag);
  if (source.is_null()) return Value();
  List items = source.is(Kind::kList) ? source.list() : List{source};
  List out;
  for (size_t i = 0; i < items.size(); ++i) {
    // The element's own entries shadow `item` ([{item: 1}][item > 0] filters on the entry).
    FramePtr f = Frame::Make(frame);
    f->vars.emplace_back("item", items[i]);
    if (items[i].is(Kind::kContext)) {
      f = Frame::Make(f);
      f->context = items[i].context_ptr();
    }
    Value r = filter->Eval(f, diag);
    if (r.is(Kind::kNumber)) {
      // A numeric filter is an index: 1-based, negative counts from the end.
      auto idx = r.number().ToInt64();
      int64_t n = static_cast<int64_t>(items.size());
      if (!idx || *idx == 0 || *idx > n || *idx < -n) {
        diag.Warn(pos, "index " + r.number().ToString() + " is out of range");
        return Value();
      }
      return items[*idx > 0 ? *idx - 1 : n + *idx];
    }
    if (r.is(Kind::kBoolean) && r.boolean()) out.push_back(items[i]);
  }
  return out;
}

Value PathNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  Value v = source->Eval(frame, diag);
  auto select = [&](const Value& e) -> Value {
    if (e.is(Kind::kContext)) {
      const Value* found = e.context().Find(name);
      return found ? *found : Value();
    }
    if (e.is_null()) return Value();
    if (auto p = Property(e, name)) return *p;
    diag.Warn(pos, "a " + std::string(KindName(e.kind())) + " has no property '" + name + "'");
    return Value();
  };
  if (v.is(Kind::kList)) {
    List out;
    for (const Value& e : v.list()) out.push_back(select(e));
    return out;
  }
  return select(v);
}

bool CallNode::UsesInput() const {
  if (callee->UsesInput()) return true;
  for (const auto& a : args) {
    if (a->UsesInput()) return true;
  }
  return false;
}

Value CallNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  Value f = callee->Eval(frame, diag);
  CallContext ctx{diag, pos};
  if (!f.is(Kind::kFunction)) {
    if (!f.is_null()) diag.Warn(pos, "a " + std::string(KindName(f.kind())) + " is not a function");
    return Value();
  }
  if (!names.empty()) {
    std::vector<std::pair<std::string, Value>> named;
    for (size_t i = 0; i < args.size(); ++i)
      named.emplace_back(names[i], args[i]->Eval(frame, diag));
    return InvokeNamed(f.function(), std::move(named), ctx);
  }
  std::vector<Value> values;
  values.reserve(args.size());
  for (const auto& a : args) values.push_back(a->Eval(frame, diag));
  return Invoke(f.function(), std::move(values), ctx);
}

bool ListNode::UsesInput() const {
  for (const auto& i : items) {
    if (i->UsesInput()) return true;
  }
  return false;
}

Value ListNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  List out;
  out.reserve(items.size());
  for (const auto& i : items) out.push_back(i->Eval(frame, diag));
  return out;
}

Value ContextNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  FramePtr f = Frame::MakeForContext(frame);
  Context out;
  for (const auto& [key, expr] : entries) {
    if (out.Find(key)) {
      diag.Warn(expr->pos, "duplicate context key '" + key + "'");
      return Value();
    }
    Value v = expr->Eval(f, diag);
    f->Set(key, v);
    out.entries.emplace_back(key, std::move(v));
  }
  return out;
}

Value RangeNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  Range r;
  r.start = start->Eval(frame, diag);
  r.end = end->Eval(frame, diag);
  r.start_included = start_included;
  r.end_included = end_included;
  r.start_unknown = r.start.is_null();
  r.end_unknown = r.end.is_null();
  if (!r.start.is_null() && !r.end.is_null() && !CompareOrder(r.start, r.end)) {
    diag.Warn(pos, "range endpoints " + ToDisplayString(r.start) + " and " +
                       ToDisplayString(r.end) + " are not comparable");
    return Value();
  }
  return r;
}

namespace {

// The function an `external` definition names: {java: {class: ..., method signature: ...}}. Only
// the Java methods tamga carries (feel/java.h) can be bound; anything else is null with a warning.
Value ExternalFunction(Function f, const Value& spec, Diagnostics& diag) {
  const Value* java = spec.is(Kind::kContext) ? spec.context().Find("java") : nullptr;
  const Value* cls = java && java->is(Kind::kContext) ? java->context().Find("class") : nullptr;
  const Value* sig =
      java && java->is(Kind::kContext) ? java->context().Find("method signature") : nullptr;
  if (!cls || !sig || !cls->is(Kind::kString) || !sig->is(Kind::kString)) {
    diag.Warn(-1, "only external Java functions ({java: {class, method signature}}) are supported");
    return Value();
  }
  auto method = JavaStaticMethod(cls->string(), sig->string());
  if (!method || method->params.size() != f.params.size()) {
    diag.Warn(-1, "no Java method " + cls->string() + "." + sig->string() + " is available");
    return Value();
  }
  method->params = f.params;  // named invocation uses the FEEL parameter names
  return MakeFunction(std::move(*method));
}

}  // namespace

Value FunctionNode::Eval(const FramePtr& frame, Diagnostics& diag) const {
  Function f;
  f.name = "anonymous function";
  f.params = params;
  f.param_types = param_types;
  f.min_args = params.size();
  if (external) return ExternalFunction(std::move(f), body->Eval(frame, diag), diag);
  std::shared_ptr<const Node> code = body;
  FramePtr captured = frame;
  std::vector<std::string> names = params;
  f.body = [code, captured, names](std::span<const Value> args, CallContext& ctx) {
    FramePtr call = Frame::Make(captured);
    for (size_t i = 0; i < names.size(); ++i)
      call->vars.emplace_back(names[i], i < args.size() ? args[i] : Value());
    return code->Eval(call, ctx.diagnostics);
  };
  return MakeFunction(std::move(f));
}

// ---- public API ----

std::expected<Expression, SyntaxError> Expression::Compile(std::string_view source,
                                                           const CompileOptions& options) {
  auto root = ParseExpression(source, options);
  if (!root) return std::unexpected(root.error());
  Expression e;
  e.root_ = std::shared_ptr<const Node>(std::move(*root));
  e.source_ = std::make_shared<const std::string>(source);
  return e;
}

Value Expression::Evaluate(const FramePtr& env, Diagnostics& diagnostics) const {
  EvaluationScope scope;
  Value v = root_->Eval(env, diagnostics);
  scope.Finish(std::span<const Value>(&v, 1));
  return v;
}

Value Expression::Evaluate(const Context& inputs, Diagnostics& diagnostics) const {
  FramePtr f = Frame::Make();
  f->context = std::make_shared<const Context>(inputs);
  return Evaluate(f, diagnostics);
}

const std::string& Expression::source() const { return *source_; }

std::expected<UnaryTests, SyntaxError> UnaryTests::Compile(std::string_view source,
                                                           const CompileOptions& options) {
  auto root = ParseUnaryTests(source, options);
  if (!root) return std::unexpected(root.error());
  UnaryTests t;
  t.root_ = std::shared_ptr<const Node>(std::move(*root));
  t.source_ = std::make_shared<const std::string>(source);
  return t;
}

Value UnaryTests::Test(const Value& input, const FramePtr& env, Diagnostics& diagnostics) const {
  return root_->Matches(input, env, diagnostics);
}

const std::string& UnaryTests::source() const { return *source_; }

bool UnaryTests::is_dash() const {
  auto* t = static_cast<const TestsNode*>(root_.get());
  return t->tests.empty() && !t->negated;
}

}  // namespace tamga::feel

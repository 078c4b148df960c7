// The type checker over a compiled expression (feel/feel.h, Expression::Check): kinds are inferred
// from literals, the declared types of names, operators and a few built-ins, and a comparison or an
// arithmetic operation between kinds that never combine is reported. Anything not known is "any",
// which combines with everything, so a report is never a guess.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "feel/builtins.h"
#include "feel/feel.h"
#include "feel/nodes.h"

namespace tamga::feel {
namespace {

using MaybeKind = std::optional<Kind>;

MaybeKind KindOfType(const Type& t) {
  switch (t.tag) {
    case Type::Tag::kAny:
    case Type::Tag::kNull:
      return std::nullopt;
    default:
      return static_cast<Kind>(static_cast<int>(t.tag) - 1);
  }
}

std::string KindWithArticleName(Kind k) {
  switch (k) {
    case Kind::kBoolean:
      return "a boolean";
    case Kind::kNumber:
      return "a number";
    case Kind::kString:
      return "a string";
    case Kind::kDate:
      return "a date";
    case Kind::kTime:
      return "a time";
    case Kind::kDateTime:
      return "a date and time";
    case Kind::kDayTimeDuration:
      return "a days and time duration";
    case Kind::kYearMonthDuration:
      return "a years and months duration";
    case Kind::kList:
      return "a list";
    case Kind::kContext:
      return "a context";
    case Kind::kRange:
      return "a range";
    case Kind::kFunction:
      return "a function";
    default:
      return "null";
  }
}

bool IsDuration(Kind k) { return k == Kind::kDayTimeDuration || k == Kind::kYearMonthDuration; }
bool IsTemporal(Kind k) { return k == Kind::kDate || k == Kind::kTime || k == Kind::kDateTime; }

// The kind of `a op b` for kinds FEEL combines (DMN 1.5 10.3.2.3 and Table 56), or nullopt when
// the operation is defined but its kind is not fixed; `valid` false when it is never defined.
MaybeKind ArithmeticKind(ArithmeticOp op, Kind a, Kind b, bool& valid) {
  valid = true;
  switch (op) {
    case ArithmeticOp::kAdd:
      if (a == Kind::kNumber && b == Kind::kNumber) return a;
      if (a == Kind::kString && b == Kind::kString) return a;
      if (IsDuration(a) && a == b) return a;
      if (IsTemporal(a) && IsDuration(b)) return a;
      if (IsDuration(a) && IsTemporal(b)) return b;
      break;
    case ArithmeticOp::kSubtract:
      if (a == Kind::kNumber && b == Kind::kNumber) return a;
      if (IsDuration(a) && a == b) return a;
      if (IsTemporal(a) && IsDuration(b)) return a;
      if (IsTemporal(a) && IsTemporal(b) && a != Kind::kTime && b != Kind::kTime)
        return std::nullopt;
      if (a == Kind::kTime && b == Kind::kTime) return Kind::kDayTimeDuration;
      break;
    case ArithmeticOp::kMultiply:
      if (a == Kind::kNumber && b == Kind::kNumber) return a;
      if (IsDuration(a) && b == Kind::kNumber) return a;
      if (a == Kind::kNumber && IsDuration(b)) return b;
      break;
    case ArithmeticOp::kDivide:
      if (a == Kind::kNumber && b == Kind::kNumber) return a;
      if (IsDuration(a) && b == Kind::kNumber) return a;
      if (IsDuration(a) && a == b) return Kind::kNumber;
      break;
    case ArithmeticOp::kPower:
      if (a == Kind::kNumber && b == Kind::kNumber) return a;
      break;
  }
  valid = false;
  return std::nullopt;
}

const char* OpWord(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return "add";
    case ArithmeticOp::kSubtract:
      return "subtract";
    case ArithmeticOp::kMultiply:
      return "multiply";
    case ArithmeticOp::kDivide:
      return "divide";
    case ArithmeticOp::kPower:
      return "raise";
  }
  return "combine";
}

// The kinds of the few built-ins whose result kind is fixed whatever their arguments.
MaybeKind BuiltinKind(std::string_view name) {
  static const std::map<std::string_view, Kind> kinds = {
      {"date", Kind::kDate},
      {"time", Kind::kTime},
      {"date and time", Kind::kDateTime},
      {"years and months duration", Kind::kYearMonthDuration},
      {"number", Kind::kNumber},
      {"string", Kind::kString},
      {"string length", Kind::kNumber},
      {"count", Kind::kNumber},
      {"upper case", Kind::kString},
      {"lower case", Kind::kString},
      {"substring", Kind::kString},
      {"contains", Kind::kBoolean},
      {"starts with", Kind::kBoolean},
      {"ends with", Kind::kBoolean},
      {"list contains", Kind::kBoolean},
      {"is defined", Kind::kBoolean},
      {"not", Kind::kBoolean},
  };
  auto it = kinds.find(name);
  if (it == kinds.end()) return std::nullopt;
  return it->second;
}

class Checker {
 public:
  Checker(const CompileOptions& options, std::vector<TypeIssue>& issues)
      : names_(options.name_types),
        known_(options.known_names.begin(), options.known_names.end()),
        issues_(issues) {}

  MaybeKind Infer(const Node* n) {
    if (!n) return std::nullopt;
    if (auto* l = dynamic_cast<const Literal*>(n)) {
      if (l->value.is_null()) return std::nullopt;
      return l->value.kind();
    }
    if (auto* r = dynamic_cast<const NameRef*>(n)) {
      if (opaque_ > 0 || bound_.contains(r->name)) return std::nullopt;
      if (!known_.empty() && r->name != "?" && !known_.contains(r->name) && !FindBuiltin(r->name) &&
          !names_.contains(r->name))
        issues_.push_back(
            {TypeIssue::Kind::kUnknownName, r->pos,
             "unknown name '" + r->name + "': it is not declared in the model, so it is null"});
      auto it = names_.find(r->name);
      return it == names_.end() ? std::nullopt : KindOfType(it->second);
    }
    if (auto* a = dynamic_cast<const ArithmeticNode*>(n)) {
      MaybeKind l = Infer(a->left.get()), r = Infer(a->right.get());
      if (!l || !r) return std::nullopt;
      bool valid = true;
      MaybeKind k = ArithmeticKind(a->op, *l, *r, valid);
      if (!valid)
        Report(a->pos, std::string("cannot ") + OpWord(a->op) + " " + KindWithArticleName(*l) +
                           " and " + KindWithArticleName(*r) + ": the result is always null");
      return k;
    }
    if (auto* c = dynamic_cast<const CompareNode*>(n)) {
      CheckComparable(c->pos, Infer(c->left.get()), Infer(c->right.get()),
                      c->op == CompareOp::kEq || c->op == CompareOp::kNe);
      return Kind::kBoolean;
    }
    if (auto* b = dynamic_cast<const BetweenNode*>(n)) {
      MaybeKind v = Infer(b->value.get());
      CheckComparable(b->pos, v, Infer(b->low.get()), false);
      CheckComparable(b->pos, v, Infer(b->high.get()), false);
      return Kind::kBoolean;
    }
    if (auto* g = dynamic_cast<const LogicNode*>(n)) {
      Infer(g->left.get());
      Infer(g->right.get());
      return Kind::kBoolean;
    }
    if (auto* g = dynamic_cast<const NegateNode*>(n)) return Infer(g->operand.get());
    if (auto* i = dynamic_cast<const IfNode*>(n)) {
      Infer(i->condition.get());
      MaybeKind t = Infer(i->then_branch.get()), e = Infer(i->else_branch.get());
      return t == e ? t : std::nullopt;
    }
    if (auto* i = dynamic_cast<const InNode*>(n)) {
      Infer(i->value.get());
      Opaque(i->tests.get());
      return Kind::kBoolean;
    }
    if (auto* i = dynamic_cast<const InstanceOfNode*>(n)) {
      Infer(i->value.get());
      return Kind::kBoolean;
    }
    if (auto* f = dynamic_cast<const ForNode*>(n)) {
      // `partial` is the list of results so far (the `for` expression of DMN 1.5 chapter 10).
      bool added = bound_.insert("partial").second;
      Scoped(f->contexts, [&] { Infer(f->body.get()); });
      if (added) bound_.erase("partial");
      return Kind::kList;
    }
    if (auto* q = dynamic_cast<const QuantifiedNode*>(n)) {
      Scoped(q->contexts, [&] { Infer(q->condition.get()); });
      return Kind::kBoolean;
    }
    if (auto* f = dynamic_cast<const FilterNode*>(n)) {
      Infer(f->list.get());
      Opaque(f->filter.get());  // names there may be the items' fields
      return std::nullopt;
    }
    if (auto* p = dynamic_cast<const PathNode*>(n)) {
      Infer(p->source.get());
      return std::nullopt;
    }
    if (auto* c = dynamic_cast<const CallNode*>(n)) {
      for (const NodePtr& arg : c->args) Infer(arg.get());
      auto* callee = dynamic_cast<const NameRef*>(c->callee.get());
      if (!callee) {
        Infer(c->callee.get());
        return std::nullopt;
      }
      Infer(callee);  // an unknown function name is reported like any unknown name
      if (bound_.contains(callee->name) || names_.contains(callee->name)) return std::nullopt;
      return BuiltinKind(callee->name);
    }
    if (auto* l = dynamic_cast<const ListNode*>(n)) {
      for (const NodePtr& item : l->items) Infer(item.get());
      return Kind::kList;
    }
    if (auto* c = dynamic_cast<const ContextNode*>(n)) {
      std::vector<std::string> added;
      for (const auto& [name, value] : c->entries) {
        Infer(value.get());
        if (bound_.insert(name).second) added.push_back(name);
      }
      for (const std::string& name : added) bound_.erase(name);
      return Kind::kContext;
    }
    if (auto* r = dynamic_cast<const RangeNode*>(n)) {
      CheckComparable(r->pos, Infer(r->start.get()), Infer(r->end.get()), false);
      return Kind::kRange;
    }
    if (auto* f = dynamic_cast<const FunctionNode*>(n)) {
      std::vector<std::string> added;
      for (const std::string& p : f->params) {
        if (bound_.insert(p).second) added.push_back(p);
      }
      Infer(f->body.get());
      for (const std::string& name : added) bound_.erase(name);
      return Kind::kFunction;
    }
    if (auto* u = dynamic_cast<const UnaryCompare*>(n)) {
      Infer(u->endpoint.get());
      return std::nullopt;
    }
    if (auto* t = dynamic_cast<const TestsNode*>(n)) {
      for (const NodePtr& test : t->tests) Infer(test.get());
      return std::nullopt;
    }
    // Anything else: children are not looked into.
    return std::nullopt;
  }

  // Unary tests against an input of kind `input` (DMN 1.5 10.3.2.9: a test is satisfied when the
  // input compares as the test says): each test whose values are of another kind never matches.
  void CheckTests(const Node* root, MaybeKind input) {
    auto* tests = dynamic_cast<const TestsNode*>(root);
    if (!tests) {
      Infer(root);
      return;
    }
    for (const NodePtr& test : tests->tests) {
      const Node* t = test.get();
      if (auto* u = dynamic_cast<const UnaryCompare*>(t)) {
        if (u->UsesInput()) {
          Infer(u);
          continue;
        }
        CheckComparable(u->pos, input, Infer(u->endpoint.get()),
                        u->op == CompareOp::kEq || u->op == CompareOp::kNe);
      } else if (auto* r = dynamic_cast<const RangeNode*>(t); r && !r->UsesInput()) {
        MaybeKind start = Infer(r->start.get()), end = Infer(r->end.get());
        CheckComparable(r->pos, input, start ? start : end, false);
      } else if (auto* l = dynamic_cast<const Literal*>(t)) {
        // A literal range or list is a set of values; a boolean may be the test's own answer.
        const feel::Value& v = l->value;
        if (v.is(Kind::kRange)) {
          const feel::Value& endpoint = v.range().start.is_null() ? v.range().end : v.range().start;
          if (!endpoint.is_null()) CheckComparable(l->pos, input, endpoint.kind(), false);
        } else if (!v.is_null() && !v.is(Kind::kList) && !v.is(Kind::kBoolean)) {
          CheckComparable(l->pos, input, v.kind(), true);
        }
      } else {
        Infer(t);
      }
    }
  }

 private:
  void Report(int pos, std::string message) {
    issues_.push_back({TypeIssue::Kind::kType, pos, std::move(message)});
  }

  // Kinds that FEEL never compares: equality of two different kinds is null (10.3.2.2), and so is
  // ordering; booleans, lists, contexts, ranges and functions have no order.
  void CheckComparable(int pos, MaybeKind a, MaybeKind b, bool equality) {
    if (!a || !b) return;
    if (*a != *b) {
      // A date meeting a date and time is taken as midnight UTC by some operations: not reported.
      bool date_pair = (*a == Kind::kDate && *b == Kind::kDateTime) ||
                       (*a == Kind::kDateTime && *b == Kind::kDate);
      if (date_pair) return;
      Report(pos, "cannot compare " + KindWithArticleName(*a) + " with " + KindWithArticleName(*b) +
                      ": the comparison is always null");
      return;
    }
    if (!equality && (*a == Kind::kBoolean || *a == Kind::kList || *a == Kind::kContext ||
                      *a == Kind::kRange || *a == Kind::kFunction)) {
      Report(pos, KindWithArticleName(*a) + " has no order: the comparison is always null");
    }
  }

  // Looks for reports under `n` while no name's kind is trusted.
  void Opaque(const Node* n) {
    ++opaque_;
    Infer(n);
    --opaque_;
  }

  template <typename Body>
  void Scoped(const std::vector<IterationContext>& contexts, Body body) {
    std::vector<std::string> added;
    for (const IterationContext& c : contexts) {
      Infer(c.domain.get());
      Infer(c.domain_end.get());
      if (bound_.insert(c.name).second) added.push_back(c.name);
    }
    body();
    for (const std::string& name : added) bound_.erase(name);
  }

  const std::map<std::string, Type, std::less<>>& names_;
  // Every name the model declares anywhere (empty: names are not checked, as in plain FEEL).
  std::set<std::string, std::less<>> known_;
  std::vector<TypeIssue>& issues_;
  std::set<std::string> bound_;  // names the expression binds itself: their kind is not known
  int opaque_ = 0;
};

}  // namespace

std::vector<TypeIssue> UnaryTests::Check(const CompileOptions& options, const Type& input) const {
  std::vector<TypeIssue> issues;
  Checker(options, issues).CheckTests(root_.get(), KindOfType(input));
  return issues;
}

std::vector<TypeIssue> Expression::Check(const CompileOptions& options) const {
  std::vector<TypeIssue> issues;
  Checker(options, issues).Infer(root_.get());
  return issues;
}

}  // namespace tamga::feel

// The planned form of a FEEL expression: a tree of steps, each evaluating itself. Built by the
// parser (parser.cc), evaluated by eval.cc. Internal to src/feel.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "feel/feel.h"
#include "feel/function.h"
#include "feel/operators.h"
#include "feel/type.h"

namespace tamga::feel {

struct Node;
using NodePtr = std::unique_ptr<Node>;

// The answer of a unary test: a test is true, false or null (undecidable), never another value.
// Tests answer with this rather than a Value: decision tables run many of them, and making and
// destroying a Value for each answer is a good part of their cost.
enum class TestResult : unsigned char { kFalse, kTrue, kNull };

struct Node {
  explicit Node(int p) : pos(p) {}
  virtual ~Node() = default;
  virtual Value Eval(const FramePtr& frame, Diagnostics& diag) const = 0;
  // For positive unary tests: does `input` (also bound to '?') pass this test? The default
  // evaluates the expression and compares as DMN 1.5 section 10.3.2.11 describes.
  virtual TestResult Test(const Value& input, const FramePtr& frame, Diagnostics& diag) const;
  // Test() as a value: true, false or null.
  Value Matches(const Value& input, const FramePtr& frame, Diagnostics& diag) const;
  // True when the subtree refers to '?' (then a unary test is a boolean expression).
  virtual bool UsesInput() const { return false; }
  // The value of a constant step (a literal, or a folded subtree), so hot paths can use it in
  // place.
  virtual const Value* Constant() const { return nullptr; }
  int pos;
};

struct Literal : Node {
  Literal(int p, Value v) : Node(p), value(std::move(v)) {}
  Value Eval(const FramePtr&, Diagnostics&) const override { return value; }
  TestResult Test(const Value& input, const FramePtr& frame, Diagnostics& diag) const override;
  const Value* Constant() const override { return &value; }
  Value value;
};

struct NameRef : Node {
  NameRef(int p, std::string n) : Node(p), name(std::move(n)) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override { return name == "?"; }
  std::string name;
  const Value* builtin = nullptr;  // resolved at plan time when no binding can shadow it
};

// Steps with children report UsesInput() through this helper.
bool AnyUsesInput(std::initializer_list<const Node*> nodes);

struct NegateNode : Node {
  NegateNode(int p, NodePtr e) : Node(p), operand(std::move(e)) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override { return operand->UsesInput(); }
  NodePtr operand;
};

struct ArithmeticNode : Node {
  ArithmeticNode(int p, ArithmeticOp o, NodePtr l, NodePtr r)
      : Node(p), op(o), left(std::move(l)), right(std::move(r)) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override { return AnyUsesInput({left.get(), right.get()}); }
  ArithmeticOp op;
  NodePtr left, right;
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

struct CompareNode : Node {
  CompareNode(int p, CompareOp o, NodePtr l, NodePtr r)
      : Node(p), op(o), left(std::move(l)), right(std::move(r)) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override { return AnyUsesInput({left.get(), right.get()}); }
  CompareOp op;
  NodePtr left, right;
};

// A unary comparison test "< 10", "= x", "!= y": compares the input against the endpoint. As an
// expression (DMN 1.5) it is the range it denotes.
struct UnaryCompare : Node {
  UnaryCompare(int p, CompareOp o, NodePtr e) : Node(p), op(o), endpoint(std::move(e)) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  TestResult Test(const Value& input, const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override { return endpoint->UsesInput(); }
  CompareOp op;
  NodePtr endpoint;
};

struct LogicNode : Node {  // and / or, three-valued
  LogicNode(int p, bool is_and, NodePtr l, NodePtr r)
      : Node(p), conjunction(is_and), left(std::move(l)), right(std::move(r)) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override { return AnyUsesInput({left.get(), right.get()}); }
  bool conjunction;
  NodePtr left, right;
};

struct BetweenNode : Node {
  BetweenNode(int p, NodePtr v, NodePtr l, NodePtr h)
      : Node(p), value(std::move(v)), low(std::move(l)), high(std::move(h)) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override { return AnyUsesInput({value.get(), low.get(), high.get()}); }
  NodePtr value, low, high;
};

// Positive unary tests joined by commas, optionally negated: the right side of `in`, and the body
// of a decision table input entry.
struct TestsNode : Node {
  explicit TestsNode(int p) : Node(p) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  TestResult Test(const Value& input, const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override;
  std::vector<NodePtr> tests;
  bool negated = false;
  bool uses_input = false;  // some test refers to '?': bind the input for them (set by the parser)

 private:
  // The answer of the tests, each seeing `frame`.
  TestResult TestEach(const Value& input, const FramePtr& frame, Diagnostics& diag) const;
};

struct InNode : Node {
  InNode(int p, NodePtr v, NodePtr t)
      : Node(p),
        value(std::move(v)),
        tests(std::move(t)),
        tests_are_list(dynamic_cast<const TestsNode*>(tests.get()) != nullptr),
        test_uses_input(tests->UsesInput()) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override { return AnyUsesInput({value.get(), tests.get()}); }
  NodePtr value, tests;
  bool tests_are_list;   // a parenthesized list binds '?' itself
  bool test_uses_input;  // the single test refers to '?'
};

struct InstanceOfNode : Node {
  InstanceOfNode(int p, NodePtr v, Type t) : Node(p), value(std::move(v)), type(std::move(t)) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override { return value->UsesInput(); }
  NodePtr value;
  Type type;
};

struct IfNode : Node {
  IfNode(int p, NodePtr c, NodePtr t, NodePtr e)
      : Node(p), condition(std::move(c)), then_branch(std::move(t)), else_branch(std::move(e)) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override {
    return AnyUsesInput({condition.get(), then_branch.get(), else_branch.get()});
  }
  NodePtr condition, then_branch, else_branch;
};

// One `name in domain` of a for or quantified expression; `domain_end` is set for `a..b`.
struct IterationContext {
  std::string name;
  NodePtr domain;
  NodePtr domain_end;
};

struct ForNode : Node {
  explicit ForNode(int p) : Node(p) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  std::vector<IterationContext> contexts;
  NodePtr body;
  bool uses_partial = true;  // false when the body cannot refer to `partial`
};

struct QuantifiedNode : Node {
  explicit QuantifiedNode(int p, bool every) : Node(p), every(every) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool every;
  std::vector<IterationContext> contexts;
  NodePtr condition;
};

struct FilterNode : Node {
  FilterNode(int p, NodePtr l, NodePtr f) : Node(p), list(std::move(l)), filter(std::move(f)) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override { return list->UsesInput(); }
  NodePtr list, filter;
};

struct PathNode : Node {
  PathNode(int p, NodePtr s, std::string n) : Node(p), source(std::move(s)), name(std::move(n)) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override { return source->UsesInput(); }
  NodePtr source;
  std::string name;
};

struct CallNode : Node {
  CallNode(int p, NodePtr f) : Node(p), callee(std::move(f)) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override;
  NodePtr callee;
  std::vector<NodePtr> args;
  std::vector<std::string> names;  // non-empty for named invocation, one per argument
};

struct ListNode : Node {
  explicit ListNode(int p) : Node(p) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override;
  std::vector<NodePtr> items;
};

struct ContextNode : Node {
  explicit ContextNode(int p) : Node(p) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  std::vector<std::pair<std::string, NodePtr>> entries;
};

struct RangeNode : Node {
  RangeNode(int p, NodePtr s, NodePtr e, bool si, bool ei)
      : Node(p), start(std::move(s)), end(std::move(e)), start_included(si), end_included(ei) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  bool UsesInput() const override { return AnyUsesInput({start.get(), end.get()}); }
  NodePtr start, end;
  bool start_included, end_included;
};

struct FunctionNode : Node {
  explicit FunctionNode(int p) : Node(p) {}
  Value Eval(const FramePtr& frame, Diagnostics& diag) const override;
  std::vector<std::string> params;
  std::vector<std::optional<Type>> param_types;
  std::shared_ptr<const Node> body;
  bool external = false;
};

// Parses `source` as an expression or as unary tests; throws nothing: errors come back as values.
std::expected<NodePtr, SyntaxError> ParseExpression(std::string_view source,
                                                    const CompileOptions& options);
std::expected<NodePtr, SyntaxError> ParseUnaryTests(std::string_view source,
                                                    const CompileOptions& options);

}  // namespace tamga::feel

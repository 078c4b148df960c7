// The public face of the FEEL engine: compile an expression or unary tests once, evaluate them many
// times. Compile parses (with the names in scope, since FEEL names may contain spaces) straight
// into the planned tree of steps (feel/nodes.h); Check infers kinds over that tree and reports what
// is null whatever the inputs; Evaluate runs the tree (docs/engine.md, "Stages").
#pragma once

#include <expected>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "feel/function.h"
#include "feel/type.h"
#include "feel/value.h"

namespace tamga::feel {

// A syntax error: what is wrong and where (1-based line and column in the source text).
struct SyntaxError {
  std::string message;
  int line = 1;
  int column = 1;
  int position = 0;
  std::string ToString() const;
};

struct CompileOptions {
  // Names the expression may refer to besides built-ins and names it binds itself; needed to parse
  // names that contain spaces or operator characters ("Monthly Salary", "Date-Time").
  std::vector<std::string> known_names;
  // Named types usable in `instance of` and function parameter types (DMN item definitions).
  std::map<std::string, Type, std::less<>> types;
  // The declared types of known names (a DMN model's typed input data and decisions), for
  // Expression::Check; a name not here is of any type.
  std::map<std::string, Type, std::less<>> name_types;
};

// What the type checker finds: an operation whose operands' kinds never combine, so that it is
// null whatever the inputs are. `position` is the offset in the source text.
struct TypeIssue {
  enum class Kind { kType, kUnknownName };
  Kind kind = Kind::kType;
  int position = 0;
  std::string message;
};

struct Node;  // planned expression tree (feel/nodes.h)

class Expression {
 public:
  static std::expected<Expression, SyntaxError> Compile(std::string_view source,
                                                        const CompileOptions& options = {});
  Value Evaluate(const FramePtr& env, Diagnostics& diagnostics) const;
  // Evaluates with the entries of `inputs` as variables.
  Value Evaluate(const Context& inputs, Diagnostics& diagnostics) const;
  const std::string& source() const;
  // The checker stage (feel/check.cc): kinds inferred from literals, `options.name_types`,
  // operators and built-ins; comparisons and arithmetic between kinds that never combine are
  // reported, and, when `options.known_names` is not empty, names that are neither known, bound by
  // the expression nor built-in. Names inside filters (the items' fields) are not judged.
  std::vector<TypeIssue> Check(const CompileOptions& options) const;

 private:
  std::shared_ptr<const Node> root_;
  std::shared_ptr<const std::string> source_;
};

// Unary tests (a decision table input entry, allowed values): "-", "< 10", "[1..5]", "\"a\",\"b\"",
// "not(1, 2)", "= x", "? > 5 and ? < 10", or any expression (true when it equals the input, or when
// it is true as a boolean expression using '?').
class UnaryTests {
 public:
  static std::expected<UnaryTests, SyntaxError> Compile(std::string_view source,
                                                        const CompileOptions& options = {});
  // true or false; null (with a warning) when the test cannot be decided.
  Value Test(const Value& input, const FramePtr& env, Diagnostics& diagnostics) const;
  const std::string& source() const;
  bool is_dash() const;  // "-": matches anything
  // The checker stage for unary tests (feel/check.cc): as Expression::Check, and a test that can
  // never match an input of `input` type (a comparison or interval with values of another kind, a
  // literal of another kind) is reported.
  std::vector<TypeIssue> Check(const CompileOptions& options, const Type& input) const;

 private:
  std::shared_ptr<const Node> root_;
  std::shared_ptr<const std::string> source_;
};

}  // namespace tamga::feel

// Internal: compiling boxed expressions (DMN 1.5 chapter 10.2 and 8) from their XML form.
#pragma once

#include <expected>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "dmn/model.h"
#include "dmn/xml.h"
#include "feel/feel.h"

namespace tamga::dmn::internal {

// What compiling an expression of one element needs: the FEEL compile options (names in scope,
// named types), a way to resolve typeRefs, and where to record non-fatal problems.
struct CompileScope {
  const feel::CompileOptions* options = nullptr;
  std::string element;       // Describe() of the element being compiled, for messages
  std::string element_name;  // its name, for trace labels
  std::function<const DmnType*(std::string_view type_ref)> resolve_type;
  std::vector<Warning>* warnings = nullptr;
  // In a boxed filter's match, names may be the fields of `item`: unknown names are not reported.
  bool item_fields = false;
};

using dmn::Child;
using dmn::ChildText;
using dmn::LocalName;
// Whether `node` is a boxed expression element (literalExpression, context, decisionTable, ...).
bool IsBoxedExpression(const pugi::xml_node& node);
// The first boxed expression child of `node`, or an empty node.
pugi::xml_node ExpressionChild(const pugi::xml_node& node);

// Compiles the boxed expression `node`. A FEEL syntax error does not fail: the expression evaluates
// to null with a warning and the problem goes to scope.warnings. A structurally malformed
// expression (a conditional without `then`, a binding without parameter name) is an Error.
std::expected<ExprPtr, Error> CompileBoxed(const pugi::xml_node& node, const CompileScope& scope);

// The body of a business knowledge model whose encapsulated logic `node` is of kind Java or PMML:
// it calls the external function (FEEL `function(..) external {...}`) with the parameters bound in
// its frame. nullptr when the logic is not a context of literal expressions.
ExprPtr CompileExternalBody(const pugi::xml_node& node, const std::vector<Parameter>& params,
                            const CompileScope& scope);

// Decision tables (decision_table.cc).
std::expected<ExprPtr, Error> CompileDecisionTable(const pugi::xml_node& node,
                                                   const CompileScope& scope);

// A report of the checker stage as a load warning: "type error in <what> '<text>': line L,
// column C: <message>" ("name error" for an unknown name).
std::string CheckerMessage(const feel::TypeIssue& issue, std::string_view what,
                           std::string_view text);

// A FEEL expression compiled once; on a syntax error it evaluates to null with a warning.
class CompiledFeel {
 public:
  CompiledFeel() = default;
  static CompiledFeel Compile(std::string_view text, const CompileScope& scope,
                              std::string_view what);
  feel::Value Evaluate(const feel::FramePtr& frame, feel::Diagnostics& diag) const;
  bool empty() const { return !expression_ && error_.empty(); }
  const std::string& text() const { return text_; }

 private:
  std::optional<feel::Expression> expression_;
  std::string error_;
  std::string text_;
};

// The function values of business knowledge models and boxed function definitions call into
// boxed expressions: the body is evaluated in a new frame with the arguments converted to the
// parameter types. An argument that does not conform makes the result null (with a warning).
feel::Value BindAndEvaluate(const Expr& body, const std::vector<Parameter>& params,
                            std::span<const feel::Value> args, const feel::FramePtr& parent,
                            feel::CallContext& ctx, std::string_view what);

// Where the decision tables an evaluation runs are recorded (the tables of one decision's or
// business knowledge model's trace): given to the evaluation with its feel::Diagnostics.
class TableTraceRecorder final : public feel::EvaluationRecorder {
 public:
  explicit TableTraceRecorder(std::vector<TableTrace>& tables) : tables_(tables) {}
  void Add(TableTrace trace) { tables_.push_back(std::move(trace)); }

 private:
  std::vector<TableTrace>& tables_;
};

}  // namespace tamga::dmn::internal

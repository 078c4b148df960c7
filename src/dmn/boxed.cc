// Boxed expressions other than decision tables: literal expression, context, invocation, relation,
// list, function definition, conditional, filter, iterator (for) and quantifiers (some, every).
#include "dmn/boxed.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tamga::dmn::internal {
namespace {

using feel::Diagnostics;
using feel::FramePtr;
using feel::Kind;
using feel::Value;

constexpr std::string_view kBoxedNames[] = {
    "literalExpression",  "context",     "decisionTable", "invocation", "relation", "list",
    "functionDefinition", "conditional", "filter",        "for",        "some",     "every"};

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

Error Malformed(const CompileScope& scope, const pugi::xml_node& node, std::string message) {
  std::string where = scope.element;
  if (const char* id = node.attribute("id").value(); *id) {
    where += " (" + std::string(LocalName(node)) + " id " + id + ")";
  }
  return Error{where, std::move(message)};
}

// The sequence of list items the iterating boxed expressions see: a list, or a single value as a
// one-element list.
feel::List AsList(const Value& v) {
  if (v.is(Kind::kList)) return v.list();
  return feel::List{v};
}

class LiteralExpr final : public Expr {
 public:
  explicit LiteralExpr(CompiledFeel feel) : feel_(std::move(feel)) {}
  Value Evaluate(const FramePtr& frame, Diagnostics& diag) const override {
    return feel_.Evaluate(frame, diag);
  }

 private:
  CompiledFeel feel_;
};

class ContextExpr final : public Expr {
 public:
  struct Entry {
    std::string name;  // empty: the final result entry
    const DmnType* type = nullptr;
    ExprPtr expr;  // nullptr: null
  };
  explicit ContextExpr(std::vector<Entry> entries) : entries_(std::move(entries)) {}

  Value Evaluate(const FramePtr& parent, Diagnostics& diag) const override {
    FramePtr frame = feel::Frame::MakeForContext(parent);
    feel::Context result;
    for (const Entry& e : entries_) {
      Value v = e.expr ? e.expr->Evaluate(frame, diag) : Value();
      if (e.type) {
        if (auto c = Coerce(v, *e.type)) {
          v = std::move(*c);
        } else {
          diag.Warn(-1, "context entry '" + e.name + "': value " + feel::ToDisplayString(v) +
                            " does not conform to type " + e.type->name);
          v = Value();
        }
      }
      if (e.name.empty()) return v;
      frame->Set(e.name, v);
      result.Set(e.name, std::move(v));
    }
    return Value(std::move(result));
  }

 private:
  std::vector<Entry> entries_;
};

class InvocationExpr final : public Expr {
 public:
  struct Binding {
    std::string name;
    ExprPtr expr;  // nullptr: null
  };
  InvocationExpr(ExprPtr callee, std::vector<Binding> bindings)
      : callee_(std::move(callee)), bindings_(std::move(bindings)) {}

  Value Evaluate(const FramePtr& frame, Diagnostics& diag) const override {
    Value fn = callee_->Evaluate(frame, diag);
    if (!fn.is(Kind::kFunction)) {
      diag.Warn(-1, "invocation: " + feel::ToDisplayString(fn) + " is not a function");
      return Value();
    }
    std::vector<std::pair<std::string, Value>> args;
    for (const Binding& b : bindings_) {
      args.emplace_back(b.name, b.expr ? b.expr->Evaluate(frame, diag) : Value());
    }
    feel::CallContext ctx{diag, -1};
    return feel::InvokeNamed(fn.function(), std::move(args), ctx);
  }

 private:
  ExprPtr callee_;
  std::vector<Binding> bindings_;
};

class RelationExpr final : public Expr {
 public:
  RelationExpr(std::vector<std::string> columns, std::vector<std::vector<ExprPtr>> rows)
      : columns_(std::move(columns)), rows_(std::move(rows)) {}

  Value Evaluate(const FramePtr& frame, Diagnostics& diag) const override {
    feel::List result;
    for (const auto& row : rows_) {
      feel::Context c;
      for (size_t i = 0; i < columns_.size(); ++i) {
        Value v = i < row.size() && row[i] ? row[i]->Evaluate(frame, diag) : Value();
        c.Set(columns_[i], std::move(v));
      }
      result.push_back(Value(std::move(c)));
    }
    return Value(std::move(result));
  }

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<ExprPtr>> rows_;
};

class ListExpr final : public Expr {
 public:
  explicit ListExpr(std::vector<ExprPtr> items) : items_(std::move(items)) {}
  Value Evaluate(const FramePtr& frame, Diagnostics& diag) const override {
    feel::List result;
    for (const ExprPtr& e : items_) result.push_back(e ? e->Evaluate(frame, diag) : Value());
    return Value(std::move(result));
  }

 private:
  std::vector<ExprPtr> items_;
};

class FunctionDefinitionExpr final : public Expr {
 public:
  FunctionDefinitionExpr(std::string kind, std::vector<Parameter> params,
                         std::shared_ptr<const Expr> body)
      : kind_(std::move(kind)), params_(std::move(params)), body_(std::move(body)) {}

  Value Evaluate(const FramePtr& frame, Diagnostics& diag) const override {
    feel::Function f;
    f.name = "anonymous function";
    for (const Parameter& p : params_) f.params.push_back(p.name);
    f.min_args = params_.size();
    if (kind_ != "FEEL") {
      std::string kind = kind_;
      f.body = [kind](std::span<const Value>, feel::CallContext& ctx) {
        ctx.Warn("functions of kind " + kind + " are not supported; the result is null");
        return Value();
      };
      return feel::MakeFunction(std::move(f));
    }
    f.body = [params = params_, body = body_, frame](std::span<const Value> args,
                                                     feel::CallContext& ctx) {
      return BindAndEvaluate(*body, params, args, frame, ctx, "function");
    };
    return feel::MakeFunction(std::move(f));
  }

 private:
  std::string kind_;
  std::vector<Parameter> params_;
  std::shared_ptr<const Expr> body_;
};

// The body of a business knowledge model of kind Java or PMML: calls the external function with
// the model's parameters, which are bound in the frame.
class ExternalCallExpr final : public Expr {
 public:
  ExternalCallExpr(CompiledFeel function, std::vector<std::string> params)
      : function_(std::move(function)), params_(std::move(params)) {}

  Value Evaluate(const FramePtr& frame, Diagnostics& diag) const override {
    Value fn = function_.Evaluate(frame, diag);
    if (!fn.is(Kind::kFunction)) return Value();
    std::vector<Value> args;
    for (const std::string& p : params_) {
      const Value* v = frame->Find(p);
      args.push_back(v ? *v : Value());
    }
    feel::CallContext ctx{diag, -1};
    return feel::Invoke(fn.function(), std::move(args), ctx);
  }

 private:
  CompiledFeel function_;
  std::vector<std::string> params_;
};

class ConditionalExpr final : public Expr {
 public:
  ConditionalExpr(ExprPtr if_expr, ExprPtr then_expr, ExprPtr else_expr)
      : if_(std::move(if_expr)), then_(std::move(then_expr)), else_(std::move(else_expr)) {}

  Value Evaluate(const FramePtr& frame, Diagnostics& diag) const override {
    Value cond = if_->Evaluate(frame, diag);
    if (cond.is(Kind::kBoolean) && cond.boolean()) return then_->Evaluate(frame, diag);
    if (cond.is_null() || cond.is(Kind::kBoolean)) return else_->Evaluate(frame, diag);
    diag.Warn(-1, "conditional: condition " + feel::ToDisplayString(cond) + " is not a boolean");
    return Value();
  }

 private:
  ExprPtr if_, then_, else_;
};

class FilterExpr final : public Expr {
 public:
  FilterExpr(ExprPtr in, ExprPtr match) : in_(std::move(in)), match_(std::move(match)) {}

  Value Evaluate(const FramePtr& frame, Diagnostics& diag) const override {
    Value in = in_->Evaluate(frame, diag);
    if (in.is_null()) return Value();
    feel::List result;
    for (const Value& item : AsList(in)) {
      FramePtr f = feel::Frame::Make(frame);
      if (item.is(Kind::kContext))
        f->context = std::make_shared<const feel::Context>(item.context());
      f->Set("item", item);
      Value m = match_->Evaluate(f, diag);
      if (m.is(Kind::kBoolean)) {
        if (m.boolean()) result.push_back(item);
      } else if (!m.is_null()) {
        diag.Warn(-1, "filter: match " + feel::ToDisplayString(m) + " is not a boolean");
        return Value();
      }
    }
    return Value(std::move(result));
  }

 private:
  ExprPtr in_, match_;
};

class ForExpr final : public Expr {
 public:
  ForExpr(std::string variable, ExprPtr in, ExprPtr ret)
      : variable_(std::move(variable)), in_(std::move(in)), return_(std::move(ret)) {}

  Value Evaluate(const FramePtr& frame, Diagnostics& diag) const override {
    Value in = in_->Evaluate(frame, diag);
    if (in.is_null()) return Value();
    feel::List result;
    for (const Value& item : AsList(in)) {
      FramePtr f = feel::Frame::Make(frame);
      f->Set(variable_, item);
      result.push_back(return_->Evaluate(f, diag));
    }
    return Value(std::move(result));
  }

 private:
  std::string variable_;
  ExprPtr in_, return_;
};

class QuantifiedExpr final : public Expr {
 public:
  QuantifiedExpr(bool every, std::string variable, ExprPtr in, ExprPtr satisfies)
      : every_(every),
        variable_(std::move(variable)),
        in_(std::move(in)),
        satisfies_(std::move(satisfies)) {}

  Value Evaluate(const FramePtr& frame, Diagnostics& diag) const override {
    Value in = in_->Evaluate(frame, diag);
    if (in.is_null()) return Value();
    bool unknown = false;
    for (const Value& item : AsList(in)) {
      FramePtr f = feel::Frame::Make(frame);
      f->Set(variable_, item);
      Value s = satisfies_->Evaluate(f, diag);
      if (!s.is(Kind::kBoolean)) {
        if (!s.is_null()) {
          diag.Warn(-1, std::string(every_ ? "every" : "some") + ": " + feel::ToDisplayString(s) +
                            " is not a boolean");
        }
        unknown = true;
        continue;
      }
      if (every_ && !s.boolean()) return false;
      if (!every_ && s.boolean()) return true;
    }
    if (unknown) return Value();
    return every_;
  }

 private:
  bool every_;
  std::string variable_;
  ExprPtr in_, satisfies_;
};

// Compiles the single boxed expression inside the child `part` of `node` (e.g. <then>).
std::expected<ExprPtr, Error> CompilePart(const pugi::xml_node& node, std::string_view part,
                                          const CompileScope& scope) {
  pugi::xml_node holder = Child(node, part);
  if (!holder) {
    return std::unexpected(Malformed(
        scope, node, std::string(LocalName(node)) + " has no <" + std::string(part) + "> element"));
  }
  pugi::xml_node expr = ExpressionChild(holder);
  if (!expr) {
    return std::unexpected(Malformed(
        scope, node,
        "<" + std::string(part) + "> of " + std::string(LocalName(node)) + " holds no expression"));
  }
  return CompileBoxed(expr, scope);
}

// Compiles the boxed expression child of `node`, or nullptr when there is none.
std::expected<ExprPtr, Error> CompileOptional(const pugi::xml_node& node,
                                              const CompileScope& scope) {
  pugi::xml_node expr = ExpressionChild(node);
  if (!expr) return ExprPtr();
  return CompileBoxed(expr, scope);
}

const DmnType* TypeOf(const pugi::xml_node& node, const CompileScope& scope) {
  std::string_view ref = node.attribute("typeRef").value();
  if (ref.empty() || !scope.resolve_type) return nullptr;
  return scope.resolve_type(ref);
}

std::expected<ExprPtr, Error> CompileContext(const pugi::xml_node& node,
                                             const CompileScope& scope) {
  std::vector<ContextExpr::Entry> entries;
  for (pugi::xml_node entry : node.children()) {
    if (LocalName(entry) != "contextEntry") continue;
    ContextExpr::Entry e;
    if (pugi::xml_node var = Child(entry, "variable")) {
      e.name = var.attribute("name").value();
      if (e.name.empty()) {
        return std::unexpected(Malformed(scope, entry, "context entry variable has no name"));
      }
      e.type = TypeOf(var, scope);
    }
    auto expr = CompileOptional(entry, scope);
    if (!expr) return std::unexpected(expr.error());
    e.expr = std::move(*expr);
    entries.push_back(std::move(e));
  }
  // Only the last entry may be the unnamed result entry.
  for (size_t i = 0; i + 1 < entries.size(); ++i) {
    if (entries[i].name.empty()) {
      return std::unexpected(Malformed(
          scope, node, "context entry " + std::to_string(i + 1) + " has no variable name"));
    }
  }
  return std::make_unique<ContextExpr>(std::move(entries));
}

std::expected<ExprPtr, Error> CompileInvocation(const pugi::xml_node& node,
                                                const CompileScope& scope) {
  pugi::xml_node callee_node = ExpressionChild(node);
  if (!callee_node) {
    return std::unexpected(Malformed(scope, node, "invocation names no function"));
  }
  auto callee = CompileBoxed(callee_node, scope);
  if (!callee) return std::unexpected(callee.error());
  std::vector<InvocationExpr::Binding> bindings;
  for (pugi::xml_node b : node.children()) {
    if (LocalName(b) != "binding") continue;
    InvocationExpr::Binding binding;
    binding.name = Child(b, "parameter").attribute("name").value();
    if (binding.name.empty()) {
      return std::unexpected(Malformed(scope, b, "invocation binding has no parameter name"));
    }
    auto expr = CompileOptional(b, scope);
    if (!expr) return std::unexpected(expr.error());
    binding.expr = std::move(*expr);
    bindings.push_back(std::move(binding));
  }
  return std::make_unique<InvocationExpr>(std::move(*callee), std::move(bindings));
}

std::expected<ExprPtr, Error> CompileRelation(const pugi::xml_node& node,
                                              const CompileScope& scope) {
  std::vector<std::string> columns;
  std::vector<std::vector<ExprPtr>> rows;
  for (pugi::xml_node child : node.children()) {
    if (LocalName(child) == "column") {
      std::string name = child.attribute("name").value();
      if (name.empty())
        return std::unexpected(Malformed(scope, child, "relation column has no name"));
      columns.push_back(std::move(name));
    } else if (LocalName(child) == "row") {
      std::vector<ExprPtr> row;
      for (pugi::xml_node cell : child.children()) {
        if (!IsBoxedExpression(cell)) continue;
        auto expr = CompileBoxed(cell, scope);
        if (!expr) return std::unexpected(expr.error());
        row.push_back(std::move(*expr));
      }
      rows.push_back(std::move(row));
    }
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].size() != columns.size()) {
      return std::unexpected(Malformed(scope, node,
                                       "relation row " + std::to_string(i + 1) + " has " +
                                           std::to_string(rows[i].size()) + " cells for " +
                                           std::to_string(columns.size()) + " columns"));
    }
  }
  return std::make_unique<RelationExpr>(std::move(columns), std::move(rows));
}

std::expected<ExprPtr, Error> CompileList(const pugi::xml_node& node, const CompileScope& scope) {
  std::vector<ExprPtr> items;
  for (pugi::xml_node child : node.children()) {
    if (!IsBoxedExpression(child)) continue;
    auto expr = CompileBoxed(child, scope);
    if (!expr) return std::unexpected(expr.error());
    items.push_back(std::move(*expr));
  }
  return std::make_unique<ListExpr>(std::move(items));
}

// A Java or PMML function definition whose body is a context of literal expressions, as the
// equivalent FEEL text `function(a, b) external {java: {"class": ..., "method signature": ...}}`,
// so the FEEL engine's external functions serve both forms. nullopt for any other shape.
std::optional<std::string> ExternalFunctionText(const pugi::xml_node& node, std::string_view kind,
                                                const std::vector<Parameter>& params) {
  std::string key = kind == "Java" ? "java" : kind == "PMML" ? "pmml" : "";
  pugi::xml_node body = ExpressionChild(node);
  if (key.empty() || !body || LocalName(body) != "context") return std::nullopt;
  std::string entries;
  for (pugi::xml_node entry : body.children()) {
    if (LocalName(entry) != "contextEntry") continue;
    std::string name = Child(entry, "variable").attribute("name").value();
    pugi::xml_node value = ExpressionChild(entry);
    if (name.empty() || name.find('"') != std::string::npos || !value ||
        LocalName(value) != "literalExpression") {
      return std::nullopt;
    }
    if (!entries.empty()) entries += ", ";
    entries += "\"" + name + "\": " + ChildText(value, "text");
  }
  std::string text = "function(";
  for (size_t i = 0; i < params.size(); ++i) text += (i ? ", " : "") + params[i].name;
  return text + ") external {" + key + ": {" + entries + "}}";
}

std::expected<ExprPtr, Error> CompileFunctionDefinition(const pugi::xml_node& node,
                                                        const CompileScope& scope) {
  std::string kind = node.attribute("kind").value();
  if (kind.empty()) kind = "FEEL";
  std::vector<Parameter> params;
  for (pugi::xml_node p : node.children()) {
    if (LocalName(p) != "formalParameter") continue;
    Parameter param{p.attribute("name").value(), TypeOf(p, scope)};
    if (param.name.empty()) {
      return std::unexpected(Malformed(scope, p, "function parameter has no name"));
    }
    params.push_back(std::move(param));
  }
  std::shared_ptr<const Expr> body;
  if (kind == "FEEL") {
    auto expr = CompileOptional(node, scope);
    if (!expr) return std::unexpected(expr.error());
    body = std::move(*expr);
    if (!body) body = std::make_shared<LiteralExpr>(CompiledFeel());
  } else if (std::optional<std::string> text = ExternalFunctionText(node, kind, params)) {
    return std::make_unique<LiteralExpr>(
        CompiledFeel::Compile(*text, scope, "external function definition"));
  }
  return std::make_unique<FunctionDefinitionExpr>(std::move(kind), std::move(params),
                                                  std::move(body));
}

}  // namespace

ExprPtr CompileExternalBody(const pugi::xml_node& node, const std::vector<Parameter>& params,
                            const CompileScope& scope) {
  std::string kind = node.attribute("kind").value();
  std::optional<std::string> text = ExternalFunctionText(node, kind, params);
  if (!text) return nullptr;
  std::vector<std::string> names;
  for (const Parameter& p : params) names.push_back(p.name);
  return std::make_unique<ExternalCallExpr>(
      CompiledFeel::Compile(*text, scope, "external function definition"), std::move(names));
}

namespace {

std::expected<ExprPtr, Error> CompileConditional(const pugi::xml_node& node,
                                                 const CompileScope& scope) {
  auto if_expr = CompilePart(node, "if", scope);
  if (!if_expr) return std::unexpected(if_expr.error());
  auto then_expr = CompilePart(node, "then", scope);
  if (!then_expr) return std::unexpected(then_expr.error());
  auto else_expr = CompilePart(node, "else", scope);
  if (!else_expr) return std::unexpected(else_expr.error());
  return std::make_unique<ConditionalExpr>(std::move(*if_expr), std::move(*then_expr),
                                           std::move(*else_expr));
}

std::expected<ExprPtr, Error> CompileFilter(const pugi::xml_node& node, const CompileScope& scope) {
  auto in = CompilePart(node, "in", scope);
  if (!in) return std::unexpected(in.error());
  CompileScope match_scope = scope;
  match_scope.item_fields = true;
  auto match = CompilePart(node, "match", match_scope);
  if (!match) return std::unexpected(match.error());
  return std::make_unique<FilterExpr>(std::move(*in), std::move(*match));
}

std::expected<ExprPtr, Error> CompileIteration(const pugi::xml_node& node,
                                               const CompileScope& scope) {
  std::string name(LocalName(node));
  std::string variable = node.attribute("iteratorVariable").value();
  if (variable.empty()) {
    return std::unexpected(Malformed(scope, node, name + " has no iteratorVariable attribute"));
  }
  auto in = CompilePart(node, "in", scope);
  if (!in) return std::unexpected(in.error());
  auto body = CompilePart(node, name == "for" ? "return" : "satisfies", scope);
  if (!body) return std::unexpected(body.error());
  if (name == "for") {
    return std::make_unique<ForExpr>(std::move(variable), std::move(*in), std::move(*body));
  }
  return std::make_unique<QuantifiedExpr>(name == "every", std::move(variable), std::move(*in),
                                          std::move(*body));
}

}  // namespace

bool IsBoxedExpression(const pugi::xml_node& node) {
  if (node.type() != pugi::node_element) return false;
  std::string_view name = LocalName(node);
  return std::find(std::begin(kBoxedNames), std::end(kBoxedNames), name) != std::end(kBoxedNames);
}

pugi::xml_node ExpressionChild(const pugi::xml_node& node) {
  for (pugi::xml_node c : node.children()) {
    if (IsBoxedExpression(c)) return c;
  }
  return {};
}

std::string CheckerMessage(const feel::TypeIssue& issue, std::string_view what,
                           std::string_view text) {
  int line = 1, column = 1;
  for (int i = 0; i < issue.position && i < static_cast<int>(text.size()); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::string(issue.kind == feel::TypeIssue::Kind::kType ? "type error in "
                                                                : "name error in ") +
         std::string(what) + " '" + std::string(text) + "': line " + std::to_string(line) +
         ", column " + std::to_string(column) + ": " + issue.message;
}

CompiledFeel CompiledFeel::Compile(std::string_view text, const CompileScope& scope,
                                   std::string_view what) {
  CompiledFeel c;
  c.text_ = Trim(text);
  if (c.text_.empty()) return c;
  auto compiled = feel::Expression::Compile(c.text_, *scope.options);
  if (compiled) {
    // The checker stage: an operation that is null whatever the inputs is a load warning (a
    // policy with one does not load), with its position.
    if (scope.warnings) {
      for (const feel::TypeIssue& issue : compiled->Check(*scope.options)) {
        if (scope.item_fields && issue.kind == feel::TypeIssue::Kind::kUnknownName) continue;
        scope.warnings->push_back({scope.element, CheckerMessage(issue, what, c.text_)});
      }
    }
    c.expression_ = std::move(*compiled);
    return c;
  }
  c.error_ = "FEEL syntax error in " + std::string(what) + " '" + c.text_ +
             "': " + compiled.error().ToString();
  if (scope.warnings) scope.warnings->push_back({scope.element, c.error_});
  return c;
}

Value CompiledFeel::Evaluate(const FramePtr& frame, Diagnostics& diag) const {
  if (expression_) return expression_->Evaluate(frame, diag);
  if (!error_.empty()) diag.Warn(-1, error_);
  return Value();
}

Value BindAndEvaluate(const Expr& body, const std::vector<Parameter>& params,
                      std::span<const Value> args, const FramePtr& parent, feel::CallContext& ctx,
                      std::string_view what) {
  FramePtr frame = feel::Frame::Make(parent);
  for (size_t i = 0; i < params.size(); ++i) {
    Value v = i < args.size() ? args[i] : Value();
    if (params[i].type) {
      if (auto c = Coerce(v, *params[i].type)) {
        v = std::move(*c);
      } else {
        ctx.Warn(std::string(what) + ": argument '" + params[i].name +
                 "' = " + feel::ToDisplayString(v) + " does not conform to type " +
                 params[i].type->name + "; the result is null");
        return Value();
      }
    }
    frame->Set(params[i].name, std::move(v));
  }
  return body.Evaluate(frame, ctx.diagnostics);
}

std::expected<ExprPtr, Error> CompileBoxed(const pugi::xml_node& node, const CompileScope& scope) {
  std::string_view name = LocalName(node);
  if (name == "literalExpression") {
    std::string what = "literal expression";
    return std::make_unique<LiteralExpr>(
        CompiledFeel::Compile(Child(node, "text").child_value(), scope, what));
  }
  if (name == "context") return CompileContext(node, scope);
  if (name == "decisionTable") return CompileDecisionTable(node, scope);
  if (name == "invocation") return CompileInvocation(node, scope);
  if (name == "relation") return CompileRelation(node, scope);
  if (name == "list") return CompileList(node, scope);
  if (name == "functionDefinition") return CompileFunctionDefinition(node, scope);
  if (name == "conditional") return CompileConditional(node, scope);
  if (name == "filter") return CompileFilter(node, scope);
  if (name == "for" || name == "some" || name == "every") return CompileIteration(node, scope);
  return std::unexpected(
      Malformed(scope, node, "unknown boxed expression <" + std::string(name) + ">"));
}

}  // namespace tamga::dmn::internal

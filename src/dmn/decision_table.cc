// Decision tables (DMN 1.5 chapter 8): inputs evaluated once, input entries as unary tests, output
// entries as expressions, the hit policies U, A, P, F, R, O, C (with SUM, COUNT, MIN, MAX),
// input/output value restrictions, default outputs and rule annotations for the trace.
#include <algorithm>
#include <cstddef>
#include <iterator>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "dmn/boxed.h"

namespace tamga::dmn::internal {
namespace {

using feel::Diagnostics;
using feel::FramePtr;
using feel::Kind;
using feel::Value;

enum class HitPolicy { kUnique, kAny, kPriority, kFirst, kRuleOrder, kOutputOrder, kCollect };
enum class Aggregation { kNone, kSum, kCount, kMin, kMax };

// Unary tests compiled once; a syntax error never matches and warns when tested.
class CompiledTests {
 public:
  // `input`: the type of what the tests are applied to, when known, for the checker stage.
  static CompiledTests Compile(std::string_view text, const CompileScope& scope,
                               std::string_view what, const feel::Type* input = nullptr) {
    CompiledTests t;
    t.text_ = std::string(text);
    auto compiled = feel::UnaryTests::Compile(text, *scope.options);
    if (compiled) {
      if (scope.warnings) {
        const feel::Type any = feel::Type::Any();
        for (const feel::TypeIssue& issue : compiled->Check(*scope.options, input ? *input : any))
          scope.warnings->push_back({scope.element, CheckerMessage(issue, what, text)});
      }
      t.dash_ = compiled->is_dash();
      t.tests_ = std::move(*compiled);
    } else {
      t.error_ = "FEEL syntax error in " + std::string(what) + " '" + t.text_ +
                 "': " + compiled.error().ToString();
      if (scope.warnings) scope.warnings->push_back({scope.element, t.error_});
    }
    return t;
  }
  // true when `input` passes; false otherwise (including undecidable tests).
  bool Matches(const Value& input, const FramePtr& frame, Diagnostics& diag) const {
    if (!tests_) {
      diag.Warn(-1, error_);
      return false;
    }
    if (dash_) return true;
    Value r = tests_->Test(input, frame, diag);
    return r.is(Kind::kBoolean) && r.boolean();
  }
  const std::string& text() const { return text_; }
  bool compiled() const { return tests_.has_value(); }
  bool dash() const { return dash_; }

 private:
  std::optional<feel::UnaryTests> tests_;
  bool dash_ = false;  // tests_ is "-", known at compile time (asking costs a call per entry)
  std::string error_;
  std::string text_;
};

bool IsEmptyEntry(std::string_view text) { return text.empty() || text == "-"; }

struct Input {
  std::string label;
  CompiledFeel expression;
  std::optional<CompiledTests> allowed;  // inputValues
};

struct Output {
  std::string name;
  std::optional<CompiledTests> allowed;  // outputValues
  std::vector<Value> priority;           // outputValues as a list, for P and O
  CompiledFeel default_entry;
};

struct Rule {
  std::string id;
  std::vector<std::optional<CompiledTests>> inputs;  // nullopt: "-" or empty
  std::vector<CompiledFeel> outputs;
  std::string annotation;
};

constexpr int kNoSlot = -1;

// What an evaluation knows about an input entry that several rules share.
enum class Answer : unsigned char { kUnknown, kMatch, kNoMatch };

// Room for at most `capacity` elements, known up front: inside the object (on the stack) when that
// is at most N, else on the heap. An evaluation's scratch values (input values, matched rules,
// their outputs) mostly fit, and then cost no allocation.
template <typename T, size_t N>
class Scratch {
 public:
  explicit Scratch(size_t capacity)
      : data_(capacity <= N ? reinterpret_cast<T*>(inline_)
                            : std::allocator<T>().allocate(capacity)),
        capacity_(capacity) {}
  ~Scratch() {
    std::destroy_n(data_, size_);
    if (capacity_ > N) std::allocator<T>().deallocate(data_, capacity_);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  template <typename U>  // while size() < capacity
  void push_back(U&& v) {
    std::construct_at(data_ + size_++, std::forward<U>(v));
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

 private:
  alignas(T) std::byte inline_[N * sizeof(T)];
  T* data_;
  size_t size_ = 0;
  size_t capacity_;
};

class DecisionTableExpr final : public Expr {
 public:
  HitPolicy policy = HitPolicy::kUnique;
  Aggregation aggregation = Aggregation::kNone;
  std::string id;
  std::string label;
  std::vector<Input> inputs;
  std::vector<Output> outputs;
  std::vector<Rule> rules;
  // The input entries of all rules, rule after rule, as the evaluation walks them: the tests
  // (nullptr for "-") and the slot of the answer the entry shares with other rules (see
  // ShareAnswers), or kNoSlot. Contiguous, unlike the rules.
  struct Cell {
    const CompiledTests* tests = nullptr;
    int slot = kNoSlot;
  };
  std::vector<Cell> cells;
  int answer_slots = 0;

  Value Evaluate(const FramePtr& frame, Diagnostics& diag) const override {
    TableTrace trace{id, label, {}};
    Value result = Run(frame, diag, trace);
    if (auto* recorder = dynamic_cast<TableTraceRecorder*>(diag.recorder()))
      recorder->Add(std::move(trace));
    return result;
  }

 private:
  // What an evaluation keeps on the stack: tables with more inputs, rules, shared entries or
  // outputs of matched rules use the heap for them.
  static constexpr size_t kInlineInputs = 8;
  static constexpr size_t kInlineRules = 64;
  static constexpr size_t kInlineOutputs = 4;

  // The output values of the matched rules: row k holds the outputs of the k-th match.
  struct Rows {
    std::span<Value> values;
    size_t width;  // outputs per rule, at least 1
    size_t size() const { return values.size() / width; }
    std::span<Value> operator[](size_t k) const { return values.subspan(k * width, width); }
  };

  Value Run(const FramePtr& frame, Diagnostics& diag, TableTrace& trace) const {
    Scratch<Value, kInlineInputs> values(inputs.size());
    for (const Input& in : inputs) {
      Value v = in.expression.Evaluate(frame, diag);
      if (in.allowed && !v.is_null() && !in.allowed->Matches(v, frame, diag)) {
        diag.Warn(-1, "decision table input '" + in.label + "' = " + feel::ToDisplayString(v) +
                          " is not among its input values " + in.allowed->text());
        return Value();
      }
      values.push_back(std::move(v));
    }

    // The sizes, once: the compiler cannot tell that the calls in the loop leave them alone.
    const size_t rule_count = rules.size(), width = inputs.size();
    Scratch<size_t, kInlineRules> matched(rule_count);
    Scratch<Answer, kInlineRules> answers(answer_slots);
    for (int k = 0; k < answer_slots; ++k) answers.push_back(Answer::kUnknown);
    const Cell* cell = cells.data();
    for (size_t r = 0; r < rule_count; ++r, cell += width) {
      bool match = true;
      for (size_t i = 0; i < width && match; ++i) {
        const CompiledTests* entry = cell[i].tests;
        if (!entry) continue;
        const int slot = cell[i].slot;
        if (slot == kNoSlot) {
          match = entry->Matches(values[i], frame, diag);
        } else if (answers[slot] != Answer::kUnknown) {
          match = answers[slot] == Answer::kMatch;
        } else {
          // An answer that came with a warning is not kept: the next rule asks again and the
          // warning repeats, as it would without sharing.
          const size_t warnings = diag.warnings().size();
          match = entry->Matches(values[i], frame, diag);
          if (diag.warnings().size() == warnings) {
            answers[slot] = match ? Answer::kMatch : Answer::kNoMatch;
          }
        }
      }
      if (match) matched.push_back(r);
    }
    if (matched.empty()) return DefaultResult(frame, diag);
    trace.matches.reserve(matched.size());
    for (size_t r : matched) {
      trace.matches.emplace_back(static_cast<int>(r + 1), rules[r].id, rules[r].annotation, false);
    }

    // Output values of each matched rule, one per output column.
    Scratch<Value, kInlineOutputs> outputs_of_matches(matched.size() * outputs.size());
    for (size_t r : matched) {
      for (size_t o = 0; o < outputs.size(); ++o) {
        Value v = rules[r].outputs[o].Evaluate(frame, diag);
        if (outputs[o].allowed && !v.is_null() && !outputs[o].allowed->Matches(v, frame, diag)) {
          diag.Warn(-1, "decision table output " + OutputName(o) + " = " +
                            feel::ToDisplayString(v) + " of rule " + std::to_string(r + 1) +
                            " is not among its output values " + outputs[o].allowed->text());
          v = Value();
        }
        outputs_of_matches.push_back(std::move(v));
      }
    }
    const Rows results{outputs_of_matches, outputs.size()};

    // Each row is turned into the result (RowValue, which moves from it) at most once, last.
    auto select = [&](size_t k) { trace.matches[k].selected = true; };
    switch (policy) {
      case HitPolicy::kUnique:
        if (matched.size() > 1) {
          diag.Warn(-1, "decision table with hit policy UNIQUE matched " +
                            std::to_string(matched.size()) + " rules: " + RuleList(matched));
          return Value();
        }
        select(0);
        return RowValue(results[0]);
      case HitPolicy::kAny:
        for (size_t k = 1; k < results.size(); ++k) {
          if (!SameRow(results[0], results[k])) {
            diag.Warn(-1,
                      "decision table with hit policy ANY matched rules with different outputs: " +
                          RuleList(matched));
            return Value();
          }
        }
        for (size_t k = 0; k < results.size(); ++k) select(k);
        return RowValue(results[0]);
      case HitPolicy::kFirst:
        select(0);
        return RowValue(results[0]);
      case HitPolicy::kPriority: {
        std::vector<size_t> order = PriorityOrder(results);
        select(order[0]);
        return RowValue(results[order[0]]);
      }
      case HitPolicy::kRuleOrder: {
        feel::List list;
        list.reserve(results.size());
        for (size_t k = 0; k < results.size(); ++k) {
          select(k);
          list.push_back(RowValue(results[k]));
        }
        return Value(std::move(list));
      }
      case HitPolicy::kOutputOrder: {
        feel::List list;
        list.reserve(results.size());
        for (size_t k : PriorityOrder(results)) {
          select(k);
          list.push_back(RowValue(results[k]));
        }
        return Value(std::move(list));
      }
      case HitPolicy::kCollect: {
        feel::List list;
        list.reserve(results.size());
        for (size_t k = 0; k < results.size(); ++k) {
          select(k);
          list.push_back(RowValue(results[k]));
        }
        return Aggregate(std::move(list), diag);
      }
    }
    return Value();
  }

  std::string OutputName(size_t o) const {
    return outputs[o].name.empty() ? "#" + std::to_string(o + 1) : "'" + outputs[o].name + "'";
  }

  std::string RuleList(std::span<const size_t> matched) const {
    std::string s;
    for (size_t r : matched) {
      if (!s.empty()) s += ", ";
      s += std::to_string(r + 1);
      if (!rules[r].id.empty()) s += " (" + rules[r].id + ")";
    }
    return s;
  }

  // One rule's result: the single output's value, or a context of the outputs by name. Moves the
  // values out of `row`.
  Value RowValue(std::span<Value> row) const {
    if (outputs.size() == 1) return std::move(row[0]);
    feel::Context c;
    c.entries.reserve(outputs.size());
    for (size_t o = 0; o < outputs.size(); ++o) c.Set(outputs[o].name, std::move(row[o]));
    return Value(std::move(c));
  }

  static bool SameRow(std::span<const Value> a, std::span<const Value> b) {
    for (size_t o = 0; o < a.size(); ++o) {
      if (!feel::SameValue(a[o], b[o])) return false;
    }
    return true;
  }

  Value DefaultResult(const FramePtr& frame, Diagnostics& diag) const {
    bool any_default = false;
    Scratch<Value, kInlineOutputs> row(outputs.size());
    for (const Output& o : outputs) {
      any_default = any_default || !o.default_entry.empty();
      row.push_back(o.default_entry.Evaluate(frame, diag));
    }
    if (!any_default) return Value();
    return RowValue(row);
  }

  // Position of `v` among the output values of output `o` (unlisted values come last).
  size_t PriorityOf(size_t o, const Value& v) const {
    const std::vector<Value>& p = outputs[o].priority;
    for (size_t k = 0; k < p.size(); ++k) {
      if (feel::SameValue(p[k], v)) return k;
    }
    return p.size();
  }

  // Indices into `results`, highest priority first (by first output, then the next); ties keep
  // rule order.
  std::vector<size_t> PriorityOrder(const Rows& results) const {
    std::vector<size_t> order(results.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      for (size_t o = 0; o < outputs.size(); ++o) {
        size_t pa = PriorityOf(o, results[a][o]), pb = PriorityOf(o, results[b][o]);
        if (pa != pb) return pa < pb;
      }
      return false;
    });
    return order;
  }

  Value Aggregate(feel::List list, Diagnostics& diag) const {
    switch (aggregation) {
      case Aggregation::kNone:
        return Value(std::move(list));
      case Aggregation::kCount:
        return Value(static_cast<int64_t>(list.size()));
      case Aggregation::kSum: {
        feel::Number sum;
        for (const Value& v : list) {
          if (!v.is(Kind::kNumber)) {
            diag.Warn(-1, "decision table C+: " + feel::ToDisplayString(v) + " is not a number");
            return Value();
          }
          auto s = sum.Add(v.number());
          if (!s) {
            diag.Warn(-1, "decision table C+: the sum overflows");
            return Value();
          }
          sum = *s;
        }
        return Value(sum);
      }
      case Aggregation::kMin:
      case Aggregation::kMax: {
        const bool min = aggregation == Aggregation::kMin;
        Value best = list[0];
        for (size_t k = 1; k < list.size(); ++k) {
          std::optional<int> c = feel::CompareOrder(list[k], best);
          if (!c) {
            diag.Warn(-1, std::string("decision table ") + (min ? "C<" : "C>") + ": " +
                              feel::ToDisplayString(list[k]) + " and " +
                              feel::ToDisplayString(best) + " cannot be compared");
            return Value();
          }
          if (min ? *c < 0 : *c > 0) best = list[k];
        }
        return best;
      }
    }
    return Value();
  }
};

std::optional<HitPolicy> ParseHitPolicy(std::string_view s) {
  if (s.empty() || s == "UNIQUE" || s == "U") return HitPolicy::kUnique;
  if (s == "ANY" || s == "A") return HitPolicy::kAny;
  if (s == "PRIORITY" || s == "P") return HitPolicy::kPriority;
  if (s == "FIRST" || s == "F") return HitPolicy::kFirst;
  if (s == "RULE ORDER" || s == "R") return HitPolicy::kRuleOrder;
  if (s == "OUTPUT ORDER" || s == "O") return HitPolicy::kOutputOrder;
  if (s == "COLLECT" || s == "C") return HitPolicy::kCollect;
  return std::nullopt;
}

std::optional<Aggregation> ParseAggregation(std::string_view s) {
  if (s.empty()) return Aggregation::kNone;
  if (s == "SUM") return Aggregation::kSum;
  if (s == "COUNT") return Aggregation::kCount;
  if (s == "MIN") return Aggregation::kMin;
  if (s == "MAX") return Aggregation::kMax;
  return std::nullopt;
}

// The output values "a", "b", "c" as a list, for priorities; empty when they are not literals.
std::vector<Value> PriorityList(const std::string& text, const CompileScope& scope) {
  if (text.empty()) return {};
  auto list = feel::Expression::Compile("[" + text + "]", *scope.options);
  if (!list) return {};
  Diagnostics diag;
  Value v = list->Evaluate(feel::Context{}, diag);
  if (!v.is(Kind::kList)) return {};
  return v.list();
}

std::string JoinAnnotations(const pugi::xml_node& rule) {
  std::string s;
  auto add = [&s](std::string text) {
    if (text.empty()) return;
    if (!s.empty()) s += "; ";
    s += text;
  };
  for (pugi::xml_node c : rule.children()) {
    if (LocalName(c) == "annotationEntry") add(ChildText(c, "text"));
  }
  add(ChildText(rule, "description"));
  return s;
}

// Whether unary tests `text` answer the same for the same input throughout one evaluation of a
// table, doing nothing else (but warn): whether they consist of literals, '?', comparisons, ranges,
// not(...) and calls of the built-in date, time and duration constructors, and name nothing in
// `known_names`. A name could be a variable (fixed during the evaluation, but unknown here), a
// business knowledge model or decision service (which adds to the trace when called), or a
// function like today(); tests that may refer to one are not shared. Conservative: the text is
// scanned, not parsed, so anything unexpected disqualifies it.
bool IsSelfContained(std::string_view text, const std::vector<std::string>& known_names) {
  static constexpr std::string_view kWords[] = {"not",     "true", "false", "null", "and",     "or",
                                                "between", "in",   "date",  "time", "duration"};
  static constexpr std::string_view kPunctuation = " \t\r\n.,<>=!?[]()-+*/@";
  auto is_word_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {  // a string literal, with backslash escapes
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      if (i >= text.size()) return false;
      ++i;
      continue;
    }
    const bool word = is_word_char(c) && !(c >= '0' && c <= '9');
    if (word || c == '?') {
      // A name that starts here (possibly with spaces or operators in it) would be read as such.
      for (const std::string& name : known_names) {
        if (text.substr(i).starts_with(name)) return false;
      }
    }
    if (word) {
      size_t end = i;
      while (end < text.size() && is_word_char(text[end])) ++end;
      if (std::ranges::find(kWords, text.substr(i, end - i)) == std::end(kWords)) return false;
      i = end;
      continue;
    }
    if (!(c >= '0' && c <= '9') && kPunctuation.find(c) == std::string_view::npos) return false;
    ++i;
  }
  return true;
}

// Gives the input entries that several rules have in common (the same text in the same column,
// self-contained) a shared answer slot: an evaluation tests each of them once, whichever rule
// asks first, and the other rules reuse the answer. Decision tables repeat entries a lot (each
// rule of a column chooses among a few conditions), so most tests are then never run twice.
// Entries that do not compile keep their own (their warnings name their rule).
void ShareAnswers(DecisionTableExpr& table, const std::vector<std::string>& known_names) {
  const size_t width = table.inputs.size();
  table.cells.assign(table.rules.size() * width, {});
  for (size_t r = 0; r < table.rules.size(); ++r) {
    for (size_t i = 0; i < width; ++i) {
      const auto& entry = table.rules[r].inputs[i];
      if (entry) table.cells[r * width + i].tests = &*entry;
    }
  }
  for (size_t i = 0; i < width; ++i) {
    std::map<std::string_view, std::vector<DecisionTableExpr::Cell*>> cells_by_text;
    for (size_t r = 0; r < table.rules.size(); ++r) {
      DecisionTableExpr::Cell& cell = table.cells[r * width + i];
      if (cell.tests && cell.tests->compiled() && !cell.tests->dash()) {
        cells_by_text[cell.tests->text()].push_back(&cell);
      }
    }
    for (const auto& [text, cells] : cells_by_text) {
      if (cells.size() < 2 || !IsSelfContained(text, known_names)) continue;
      for (DecisionTableExpr::Cell* cell : cells) cell->slot = table.answer_slots;
      ++table.answer_slots;
    }
  }
}

}  // namespace

std::expected<ExprPtr, Error> CompileDecisionTable(const pugi::xml_node& node,
                                                   const CompileScope& scope) {
  auto table = std::make_unique<DecisionTableExpr>();
  auto malformed = [&](std::string message) {
    std::string where = scope.element;
    if (!table->id.empty()) where += " (decision table id " + table->id + ")";
    return std::unexpected(Error{where, std::move(message)});
  };
  table->id = node.attribute("id").value();
  table->label = node.attribute("outputLabel").value();
  auto policy = ParseHitPolicy(node.attribute("hitPolicy").value());
  if (!policy) {
    return malformed("unknown hit policy '" + std::string(node.attribute("hitPolicy").value()) +
                     "'");
  }
  table->policy = *policy;
  auto aggregation = ParseAggregation(node.attribute("aggregation").value());
  if (!aggregation) {
    return malformed("unknown aggregation '" + std::string(node.attribute("aggregation").value()) +
                     "'");
  }
  table->aggregation = *aggregation;
  if (table->aggregation != Aggregation::kNone && table->policy != HitPolicy::kCollect) {
    return malformed("an aggregation is only allowed with hit policy COLLECT");
  }

  std::vector<pugi::xml_node> rule_nodes;
  // The type of each input (its typeRef, else the declared type of the name it is), for checking
  // the input entries.
  std::vector<std::optional<feel::Type>> input_types;
  for (pugi::xml_node c : node.children()) {
    std::string_view name = LocalName(c);
    if (name == "input") {
      Input in;
      in.label = c.attribute("label").value();
      pugi::xml_node expr = Child(c, "inputExpression");
      if (!expr)
        return malformed("input " + std::to_string(table->inputs.size() + 1) +
                         " has no inputExpression");
      std::string text = ChildText(expr, "text");
      if (in.label.empty()) in.label = text;
      in.expression = CompiledFeel::Compile(text, scope, "input expression");
      std::optional<feel::Type> type;
      if (const char* ref = expr.attribute("typeRef").value(); *ref)
        type = feel::ParseType(ref, scope.options->types);
      if (auto it = scope.options->name_types.find(in.expression.text());
          !type && it != scope.options->name_types.end())
        type = it->second;
      input_types.push_back(std::move(type));
      if (pugi::xml_node values = Child(c, "inputValues")) {
        std::string vt = ChildText(values, "text");
        if (!IsEmptyEntry(vt)) in.allowed = CompiledTests::Compile(vt, scope, "input values");
      }
      table->inputs.push_back(std::move(in));
    } else if (name == "output") {
      Output out;
      out.name = c.attribute("name").value();
      if (pugi::xml_node values = Child(c, "outputValues")) {
        std::string vt = ChildText(values, "text");
        if (!IsEmptyEntry(vt)) {
          out.allowed = CompiledTests::Compile(vt, scope, "output values");
          out.priority = PriorityList(vt, scope);
        }
      }
      if (pugi::xml_node def = Child(c, "defaultOutputEntry")) {
        out.default_entry =
            CompiledFeel::Compile(ChildText(def, "text"), scope, "default output entry");
      }
      table->outputs.push_back(std::move(out));
    } else if (name == "rule") {
      rule_nodes.push_back(c);
    }
  }
  if (table->outputs.empty()) return malformed("decision table has no output");
  if (table->outputs.size() > 1) {
    for (size_t o = 0; o < table->outputs.size(); ++o) {
      if (table->outputs[o].name.empty()) {
        return malformed("output " + std::to_string(o + 1) +
                         " of a decision table with several outputs has no name");
      }
    }
    if (table->aggregation != Aggregation::kNone) {
      return malformed("an aggregation needs a single output");
    }
  }
  if (table->label.empty()) table->label = scope.element_name;

  for (pugi::xml_node rn : rule_nodes) {
    Rule rule;
    rule.id = rn.attribute("id").value();
    rule.annotation = JoinAnnotations(rn);
    std::string where = "rule " + std::to_string(table->rules.size() + 1);
    if (!rule.id.empty()) where += " (" + rule.id + ")";
    for (pugi::xml_node c : rn.children()) {
      std::string_view name = LocalName(c);
      if (name == "inputEntry") {
        std::string text = ChildText(c, "text");
        if (IsEmptyEntry(text)) {
          rule.inputs.emplace_back();
        } else {
          size_t i = rule.inputs.size();
          const feel::Type* type =
              i < input_types.size() && input_types[i] ? &*input_types[i] : nullptr;
          rule.inputs.push_back(
              CompiledTests::Compile(text, scope, "input entry of " + where, type));
        }
      } else if (name == "outputEntry") {
        rule.outputs.push_back(
            CompiledFeel::Compile(ChildText(c, "text"), scope, "output entry of " + where));
      }
    }
    if (rule.inputs.size() != table->inputs.size()) {
      return malformed(where + " has " + std::to_string(rule.inputs.size()) +
                       " input entries for " + std::to_string(table->inputs.size()) + " inputs");
    }
    if (rule.outputs.size() != table->outputs.size()) {
      return malformed(where + " has " + std::to_string(rule.outputs.size()) +
                       " output entries for " + std::to_string(table->outputs.size()) + " outputs");
    }
    table->rules.push_back(std::move(rule));
  }
  ShareAnswers(*table, scope.options->known_names);
  return table;
}

}  // namespace tamga::dmn::internal

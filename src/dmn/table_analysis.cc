#include "dmn/table_analysis.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pugixml.hpp>

#include "dmn/dmn.h"
#include "dmn/xml.h"
#include "feel/feel.h"

namespace tamga::dmn {
namespace {

using feel::Kind;
using feel::Value;
using Severity = TableFinding::Severity;

// ---- Sets of values of one input ----------------------------------------------------------------

// One end of an interval; unbounded is minus or plus infinity within the input's kind.
struct Bound {
  Value value;
  bool unbounded = true;
  bool included = false;
};

struct Interval {
  Bound lo, hi;
};

// Order within one kind: booleans false < true, the rest as FEEL orders them. Values FEEL cannot
// order (a time with and one without an offset) count as equal, which can only make the analysis
// report less.
int Compare(const Value& a, const Value& b) {
  if (a.is(Kind::kBoolean) && b.is(Kind::kBoolean)) return int{a.boolean()} - int{b.boolean()};
  return feel::CompareOrder(a, b).value_or(0);
}

// Compares lower bounds (-inf first; an included bound before an excluded one at the same value).
int CompareLo(const Bound& a, const Bound& b) {
  if (a.unbounded || b.unbounded) return a.unbounded == b.unbounded ? 0 : (a.unbounded ? -1 : 1);
  int c = Compare(a.value, b.value);
  if (c != 0) return c;
  return a.included == b.included ? 0 : (a.included ? -1 : 1);
}

// Compares upper bounds (+inf last; an excluded bound before an included one at the same value).
int CompareHi(const Bound& a, const Bound& b) {
  if (a.unbounded || b.unbounded) return a.unbounded == b.unbounded ? 0 : (a.unbounded ? 1 : -1);
  int c = Compare(a.value, b.value);
  if (c != 0) return c;
  return a.included == b.included ? 0 : (a.included ? 1 : -1);
}

bool IsEmpty(const Interval& i) {
  if (i.lo.unbounded || i.hi.unbounded) return false;
  int c = Compare(i.lo.value, i.hi.value);
  return c > 0 || (c == 0 && !(i.lo.included && i.hi.included));
}

// A union of disjoint intervals in increasing order.
using ValueSet = std::vector<Interval>;

Interval Point(const Value& v) { return {{v, false, true}, {v, false, true}}; }

ValueSet Intersect(const ValueSet& a, const ValueSet& b) {
  ValueSet out;
  for (const Interval& x : a) {
    for (const Interval& y : b) {
      Interval i{CompareLo(x.lo, y.lo) >= 0 ? x.lo : y.lo,
                 CompareHi(x.hi, y.hi) <= 0 ? x.hi : y.hi};
      if (!IsEmpty(i)) out.push_back(std::move(i));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Interval& x, const Interval& y) { return CompareLo(x.lo, y.lo) < 0; });
  return out;
}

// Whether the interval ending at `hi` and the one starting at `lo` touch or overlap.
bool Joins(const Bound& hi, const Bound& lo) {
  if (hi.unbounded || lo.unbounded) return true;
  int c = Compare(hi.value, lo.value);
  return c > 0 || (c == 0 && (hi.included || lo.included));
}

ValueSet Union(ValueSet a, const ValueSet& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end(),
            [](const Interval& x, const Interval& y) { return CompareLo(x.lo, y.lo) < 0; });
  ValueSet out;
  for (Interval& i : a) {
    if (IsEmpty(i)) continue;
    if (!out.empty() && Joins(out.back().hi, i.lo)) {
      if (CompareHi(i.hi, out.back().hi) > 0) out.back().hi = i.hi;
    } else {
      out.push_back(std::move(i));
    }
  }
  return out;
}

// Everything of the kind but `a` (a must be sorted and disjoint, as every ValueSet here is).
ValueSet Complement(const ValueSet& a) {
  ValueSet out;
  Bound from;  // -inf
  for (const Interval& i : a) {
    if (!i.lo.unbounded) {
      Interval gap{from, {i.lo.value, false, !i.lo.included}};
      if (!IsEmpty(gap)) out.push_back(gap);
    }
    if (i.hi.unbounded) return out;
    from = {i.hi.value, false, !i.hi.included};
  }
  out.push_back({from, {}});
  return out;
}

ValueSet Subtract(const ValueSet& a, const ValueSet& b) { return Intersect(a, Complement(b)); }
bool Within(const ValueSet& a, const ValueSet& b) { return Subtract(a, b).empty(); }

// A literal as FEEL writes it.
std::string Literal(const Value& v) {
  switch (v.kind()) {
    case Kind::kDate:
      return "date(\"" + feel::ToFeelString(v) + "\")";
    case Kind::kTime:
      return "time(\"" + feel::ToFeelString(v) + "\")";
    case Kind::kDateTime:
      return "date and time(\"" + feel::ToFeelString(v) + "\")";
    case Kind::kDayTimeDuration:
    case Kind::kYearMonthDuration:
      return "duration(\"" + feel::ToFeelString(v) + "\")";
    default:
      return feel::ToDisplayString(v);
  }
}

// The set as unary tests: "5", "\"a\"", "< 5", "[1..5)", "-" for everything.
std::string Describe(const ValueSet& set, const ValueSet& universe) {
  if (set.empty()) return "nothing";
  if (Within(universe, set)) return "-";
  std::string out;
  for (const Interval& i : set) {
    if (!out.empty()) out += ", ";
    if (!i.lo.unbounded && !i.hi.unbounded && Compare(i.lo.value, i.hi.value) == 0) {
      out += Literal(i.lo.value);
    } else if (i.lo.unbounded) {
      out += (i.hi.included ? "<= " : "< ") + Literal(i.hi.value);
    } else if (i.hi.unbounded) {
      out += (i.lo.included ? ">= " : "> ") + Literal(i.lo.value);
    } else {
      out += (i.lo.included ? "[" : "(") + Literal(i.lo.value) + ".." + Literal(i.hi.value) +
             (i.hi.included ? "]" : ")");
    }
  }
  return out;
}

// ---- Reading entries as sets
// ----------------------------------------------------------------------

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

// Splits at commas outside strings, parentheses and brackets.
std::vector<std::string> SplitTopLevel(std::string_view text) {
  std::vector<std::string> parts;
  int depth = 0;
  bool in_string = false;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '(' || c == '[')
      ++depth;
    else if ((c == ')' || c == ']') && depth > 0)
      --depth;
    else if (c == ',' && depth == 0) {
      parts.push_back(Trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  parts.push_back(Trim(text.substr(start)));
  return parts;
}

// The value of a literal entry ("5", "\"a\"", "date(\"2022-01-01\")", "-3"); nullopt when it needs
// names or is not a single comparable value.
std::optional<Value> LiteralValue(std::string_view text) {
  auto expression = feel::Expression::Compile(text);
  if (!expression) return std::nullopt;
  feel::Diagnostics diagnostics;
  Value v = expression->Evaluate(feel::Context{}, diagnostics);
  if (!diagnostics.warnings().empty()) return std::nullopt;
  switch (v.kind()) {
    case Kind::kBoolean:
    case Kind::kNumber:
    case Kind::kString:
    case Kind::kDate:
    case Kind::kTime:
    case Kind::kDateTime:
    case Kind::kDayTimeDuration:
    case Kind::kYearMonthDuration:
      return v;
    default:
      return std::nullopt;
  }
}

// One input's kind and universe; kinds are fixed by the first literal seen.
struct Column {
  std::string label;
  std::optional<Kind> kind;
  bool mixed = false;  // literals of two kinds: the column is not analysed
  ValueSet universe;   // all values of the kind, or the input's allowed values
  bool restricted = false;
};

ValueSet Everything() { return {Interval{}}; }

// Reads one simple test: a literal, a comparison with one, or an interval.
std::optional<ValueSet> ReadSimple(const std::string& text, Column& column) {
  auto note_kind = [&](const Value& v) {
    if (!column.kind) column.kind = v.kind();
    if (*column.kind != v.kind()) column.mixed = true;
    return !column.mixed;
  };
  for (std::string_view op : {"<=", ">=", "!=", "<", ">", "="}) {
    if (!text.starts_with(op)) continue;
    auto v = LiteralValue(Trim(std::string_view(text).substr(op.size())));
    if (!v || !note_kind(*v)) return std::nullopt;
    if (op == "<" || op == "<=") return ValueSet{{{}, {*v, false, op == "<="}}};
    if (op == ">" || op == ">=") return ValueSet{{{*v, false, op == ">="}, {}}};
    if (op == "=") return ValueSet{Point(*v)};
    return Complement({Point(*v)});
  }
  char open = text.empty() ? '\0' : text.front(), close = text.empty() ? '\0' : text.back();
  size_t dots = text.find("..");
  if ((open == '[' || open == '(' || open == ']') &&
      (close == ']' || close == ')' || close == '[') && dots != std::string::npos) {
    auto lo = LiteralValue(Trim(std::string_view(text).substr(1, dots - 1)));
    auto hi = LiteralValue(Trim(std::string_view(text).substr(dots + 2, text.size() - dots - 3)));
    if (!lo || !hi || !note_kind(*lo) || !note_kind(*hi)) return std::nullopt;
    ValueSet set{{{*lo, false, open == '['}, {*hi, false, close == ']'}}};
    if (IsEmpty(set.front())) return ValueSet{};
    return set;
  }
  auto v = LiteralValue(text);
  if (!v || !note_kind(*v)) return std::nullopt;
  return ValueSet{Point(*v)};
}

// An input entry as a set of values, or nullopt when it is not known before evaluation.
std::optional<ValueSet> ReadEntry(const std::string& raw, Column& column) {
  std::string text = Trim(raw);
  if (text.empty() || text == "-") return Everything();
  bool negated = false;
  if (text.starts_with("not(") && text.ends_with(")")) {
    negated = true;
    text = Trim(std::string_view(text).substr(4, text.size() - 5));
  }
  ValueSet set;
  for (const std::string& part : SplitTopLevel(text)) {
    auto simple = ReadSimple(part, column);
    if (!simple) return std::nullopt;
    set = Union(std::move(set), *simple);
  }
  return negated ? Complement(set) : set;
}

// ---- The table ----------------------------------------------------------------------------------

struct Rule {
  std::string id;
  int line = 0;
  std::vector<std::string> texts;
  std::vector<std::optional<ValueSet>> inputs;  // within the column's universe; nullopt: unknown
  std::vector<std::string> outputs;             // trimmed output entry texts
};

int LineOf(std::string_view xml, ptrdiff_t offset) {
  if (offset < 0) return 0;
  return 1 + static_cast<int>(
                 std::count(xml.begin(), xml.begin() + std::min<size_t>(offset, xml.size()), '\n'));
}

class TableAnalysis {
 public:
  TableAnalysis(std::string_view xml, const pugi::xml_node& table, std::string element,
                std::vector<TableFinding>& findings)
      : xml_(xml), table_(table), element_(std::move(element)), findings_(findings) {}

  void Run() {
    std::string policy = table_.attribute("hitPolicy").value();
    hit_policy_ = policy.empty() ? "UNIQUE" : policy;
    aggregation_ = table_.attribute("aggregation").value();
    table_id_ = table_.attribute("id").value();
    ReadColumns();
    ReadRules();
    if (rules_.empty()) return;
    if (hit_policy_ == "UNIQUE" || hit_policy_ == "ANY") Overlaps();
    if (hit_policy_ == "FIRST") Unreachable();
    if (hit_policy_ != "FIRST" && hit_policy_ != "UNIQUE") Subsumed();
    if (hit_policy_ != "COLLECT" && !all_outputs_default_) Gaps();
  }

 private:
  void Add(Severity severity, std::string kind, std::vector<const Rule*> rules,
           std::string message) {
    TableFinding f;
    f.severity = severity;
    f.kind = std::move(kind);
    f.element = element_;
    f.table = table_id_;
    for (const Rule* r : rules) f.rules.push_back(r->id);
    f.line = rules.empty() ? LineOf(xml_, table_.offset_debug()) : rules.front()->line;
    f.message = std::move(message);
    findings_.push_back(std::move(f));
  }

  void ReadColumns() {
    bool any_output = false;
    all_outputs_default_ = true;
    for (pugi::xml_node node : table_.children()) {
      std::string_view name = LocalName(node);
      if (name == "input") {
        Column column;
        column.label = node.attribute("label").value();
        if (column.label.empty()) column.label = ChildText(Child(node, "inputExpression"), "text");
        std::string allowed = ChildText(Child(node, "inputValues"), "text");
        column.universe = Everything();
        if (!allowed.empty()) {
          if (auto set = ReadEntry(allowed, column); set && !column.mixed) {
            column.universe = *set;
            column.restricted = true;
          }
        }
        columns_.push_back(std::move(column));
      } else if (name == "output") {
        any_output = true;
        std::string label = node.attribute("name").value();
        if (label.empty()) label = node.attribute("label").value();
        output_names_.push_back(label);
        Column values;
        std::optional<ValueSet> allowed;
        std::string text = ChildText(Child(node, "outputValues"), "text");
        if (!text.empty()) allowed = ReadEntry(text, values);
        output_allowed_.push_back(allowed && !values.mixed ? allowed : std::nullopt);
        output_allowed_text_.push_back(text);
        if (ChildText(Child(node, "defaultOutputEntry"), "text").empty())
          all_outputs_default_ = false;
      }
    }
    if (!any_output) all_outputs_default_ = false;
  }

  void ReadRules() {
    int position = 0;
    for (pugi::xml_node node : table_.children()) {
      if (LocalName(node) != "rule") continue;
      ++position;
      Rule rule;
      rule.id = node.attribute("id").value();
      if (rule.id.empty()) rule.id = "rule " + std::to_string(position);
      rule.line = LineOf(xml_, node.offset_debug());
      for (pugi::xml_node child : node.children()) {
        std::string_view name = LocalName(child);
        if (name == "inputEntry") rule.texts.push_back(ChildText(child, "text"));
        if (name == "outputEntry") rule.outputs.push_back(ChildText(child, "text"));
      }
      if (rule.texts.size() != columns_.size()) continue;  // the reader reports the shape
      for (size_t c = 0; c < columns_.size(); ++c) {
        std::string text = rule.texts[c];
        if (!text.empty() && text != "-") {
          if (auto syntax = feel::UnaryTests::Compile(text); !syntax) {
            Add(Severity::kError, "syntax", {&rule},
                "input '" + columns_[c].label + "': '" + text + "' is not valid FEEL (" +
                    syntax.error().ToString() + ")");
          }
        }
        auto set = ReadEntry(text, columns_[c]);
        if (set) {
          ValueSet within = Intersect(*set, columns_[c].universe);
          if (within.empty() && columns_[c].restricted) {
            Add(Severity::kWarning, "input-value", {&rule},
                "input '" + columns_[c].label + "': '" + text +
                    "' matches none of the allowed values (" +
                    Describe(columns_[c].universe, Everything()) + "), so the rule never fires");
          }
          set = std::move(within);
        }
        rule.inputs.push_back(std::move(set));
      }
      for (size_t o = 0; o < rule.outputs.size() && o < output_allowed_.size(); ++o) {
        if (!output_allowed_[o]) continue;
        auto value = LiteralValue(rule.outputs[o]);
        if (!value) continue;  // an expression: its value is known only when it runs
        if (!Within({Point(*value)}, *output_allowed_[o])) {
          Add(Severity::kError, "output-value", {&rule},
              "output '" + output_names_[o] + "': " + rule.outputs[o] +
                  " is not one of the allowed values (" + output_allowed_text_[o] + ")");
        }
      }
      rules_.push_back(std::move(rule));
    }
    // Only true and false are booleans, whatever intervals an entry names.
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (columns_[c].kind != Kind::kBoolean || columns_[c].mixed) continue;
      columns_[c].universe = Intersect(columns_[c].universe, {Point(false), Point(true)});
      for (Rule& r : rules_) {
        if (r.inputs[c]) r.inputs[c] = Intersect(*r.inputs[c], columns_[c].universe);
      }
    }
    // A column whose literals are of two kinds is not analysed: every entry counts as unknown.
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (!columns_[c].mixed) continue;
      for (Rule& r : rules_) {
        bool dash = Trim(r.texts[c]).empty() || Trim(r.texts[c]) == "-";
        r.inputs[c] = dash ? std::optional<ValueSet>(Everything()) : std::nullopt;
      }
    }
  }

  // The inputs both rules certainly match, or nullopt when they match none in common or one of
  // the entries involved is unknown (an identical unknown entry counts as matching the same).
  std::optional<std::vector<ValueSet>> Common(const Rule& a, const Rule& b) const {
    std::vector<ValueSet> common;
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (!a.inputs[c] || !b.inputs[c]) {
        if (a.inputs[c] || b.inputs[c] || Trim(a.texts[c]) != Trim(b.texts[c])) return std::nullopt;
        common.push_back(Everything());  // the same expression on both sides
        continue;
      }
      ValueSet both = Intersect(*a.inputs[c], *b.inputs[c]);
      if (both.empty()) return std::nullopt;
      common.push_back(std::move(both));
    }
    return common;
  }

  std::string DescribeCell(const std::vector<ValueSet>& cell) const {
    std::string out;
    for (size_t c = 0; c < cell.size(); ++c) {
      std::string d = Describe(cell[c], columns_[c].universe);
      if (d == "-") continue;
      if (!out.empty()) out += ", ";
      out += columns_[c].label + ": " + d;
    }
    return out.empty() ? "every input" : out;
  }

  // True when `outer` matches every input `inner` matches, whatever unknown entries evaluate to
  // (an unknown entry of `outer` only covers the identical entry of `inner`).
  bool Covers(const Rule& outer, const Rule& inner) const {
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (!outer.inputs[c] || !inner.inputs[c]) {
        if (outer.inputs[c] && Within(columns_[c].universe, *outer.inputs[c])) continue;
        if (!outer.inputs[c] && !inner.inputs[c] && Trim(outer.texts[c]) == Trim(inner.texts[c]))
          continue;
        return false;
      }
      if (!Within(*inner.inputs[c], *outer.inputs[c])) return false;
    }
    return true;
  }

  void Overlaps() {
    for (size_t i = 0; i < rules_.size(); ++i) {
      for (size_t j = i + 1; j < rules_.size(); ++j) {
        const Rule &a = rules_[i], &b = rules_[j];
        if (hit_policy_ == "ANY" && a.outputs == b.outputs) continue;
        auto common = Common(a, b);
        if (!common) continue;
        Add(Severity::kError, "overlap", {&a, &b},
            "rules " + a.id + " and " + b.id + " both match " + DescribeCell(*common) +
                (hit_policy_ == "UNIQUE"
                     ? ", which the UNIQUE hit policy forbids (the table answers null there)"
                     : " with different outputs, which the ANY hit policy forbids"));
      }
    }
  }

  // Per column, the pieces every entry's set is a union of: the points where an entry's interval
  // starts or ends and the open intervals between them, within the column's universe.
  std::vector<ValueSet> Pieces(size_t c) const {
    std::vector<Value> points;
    auto add = [&](const Bound& b) {
      if (!b.unbounded) points.push_back(b.value);
    };
    for (const Interval& i : columns_[c].universe) add(i.lo), add(i.hi);
    for (const Rule& r : rules_) {
      if (!r.inputs[c]) continue;
      for (const Interval& i : *r.inputs[c]) add(i.lo), add(i.hi);
    }
    std::sort(points.begin(), points.end(),
              [](const Value& a, const Value& b) { return Compare(a, b) < 0; });
    points.erase(std::unique(points.begin(), points.end(),
                             [](const Value& a, const Value& b) { return Compare(a, b) == 0; }),
                 points.end());
    std::vector<ValueSet> pieces;
    auto keep = [&](Interval i) {
      ValueSet within = Intersect({std::move(i)}, columns_[c].universe);
      if (!within.empty()) pieces.push_back(std::move(within));
    };
    if (points.empty()) {
      keep(Interval{});
      return pieces;
    }
    keep({{}, {points.front(), false, false}});
    for (size_t k = 0; k < points.size(); ++k) {
      keep(Point(points[k]));
      Bound next = k + 1 < points.size() ? Bound{points[k + 1], false, false} : Bound{};
      keep({{points[k], false, false}, next});
    }
    // Booleans: only true and false exist, whatever intervals say.
    if (columns_[c].kind == Kind::kBoolean) {
      std::erase_if(pieces, [](const ValueSet& p) {
        return p.size() != 1 || p.front().lo.unbounded || p.front().hi.unbounded ||
               Compare(p.front().lo.value, p.front().hi.value) != 0;
      });
    }
    return pieces;
  }

  static constexpr size_t kMaxCells = 20000;

  // Calls `visit` with each combination of pieces (indexes per column); false if there are more
  // than kMaxCells.
  template <typename Visit>
  bool ForEachCell(const std::vector<std::vector<ValueSet>>& pieces, Visit visit) const {
    size_t total = 1;
    for (const auto& p : pieces) {
      if (p.empty()) return true;
      total *= p.size();
      if (total > kMaxCells) return false;
    }
    std::vector<size_t> at(pieces.size(), 0);
    for (size_t n = 0; n < total; ++n) {
      visit(at);
      for (size_t c = 0; c < at.size(); ++c) {
        if (++at[c] < pieces[c].size()) break;
        at[c] = 0;
      }
    }
    return true;
  }

  // Whether `rule` matches the cell for sure (`unknown_matches`: or may match it).
  bool Matches(const Rule& rule, const std::vector<std::vector<ValueSet>>& pieces,
               const std::vector<size_t>& at, bool unknown_matches) const {
    for (size_t c = 0; c < at.size(); ++c) {
      if (!rule.inputs[c]) {
        if (!unknown_matches) return false;
        continue;
      }
      if (!Within(pieces[c][at[c]], *rule.inputs[c])) return false;
    }
    return true;
  }

  std::vector<std::vector<ValueSet>> AllPieces() const {
    std::vector<std::vector<ValueSet>> pieces;
    for (size_t c = 0; c < columns_.size(); ++c) pieces.push_back(Pieces(c));
    return pieces;
  }

  void Gaps() {
    auto pieces = AllPieces();
    std::vector<std::vector<ValueSet>> uncovered;
    bool complete = ForEachCell(pieces, [&](const std::vector<size_t>& at) {
      for (const Rule& r : rules_) {
        if (Matches(r, pieces, at, true)) return;
      }
      std::vector<ValueSet> cell;
      for (size_t c = 0; c < at.size(); ++c) cell.push_back(pieces[c][at[c]]);
      uncovered.push_back(std::move(cell));
    });
    if (!complete) {
      Add(Severity::kInfo, "gap", {},
          "not checked for gaps: its inputs combine in more than " + std::to_string(kMaxCells) +
              " ways");
      return;
    }
    if (uncovered.empty()) return;
    // Cells that differ in one input only are joined into one region, inputs with fewer pieces
    // first (a boolean before an age), until nothing joins.
    std::vector<size_t> order(columns_.size());
    for (size_t c = 0; c < order.size(); ++c) order[c] = c;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return pieces[a].size() < pieces[b].size(); });
    for (bool joined = true; joined;) {
      joined = false;
      for (size_t c : order) {
        std::map<std::string, size_t> by_rest;
        std::vector<std::vector<ValueSet>> next;
        for (auto& cell : uncovered) {
          std::string key;
          for (size_t k = 0; k < cell.size(); ++k)
            if (k != c) key += Describe(cell[k], Everything()) + "\x1f";
          auto [it, fresh] = by_rest.emplace(key, next.size());
          if (fresh) {
            next.push_back(std::move(cell));
          } else {
            next[it->second][c] = Union(next[it->second][c], cell[c]);
            joined = true;
          }
        }
        uncovered = std::move(next);
      }
    }
    std::string list;
    for (size_t i = 0; i < uncovered.size() && i < 5; ++i)
      list += (list.empty() ? "" : "; ") + DescribeCell(uncovered[i]);
    Add(Severity::kWarning, "gap", {},
        "no rule matches these inputs, where the table answers null: " + list +
            (uncovered.size() > 5 ? "; and " + std::to_string(uncovered.size() - 5) + " more"
                                  : ""));
  }

  void Unreachable() {
    auto pieces = AllPieces();
    for (size_t j = 1; j < rules_.size(); ++j) {
      const Rule& rule = rules_[j];
      const Rule* single = nullptr;
      for (size_t i = 0; i < j && !single; ++i) {
        if (Covers(rules_[i], rule)) single = &rules_[i];
      }
      if (single) {
        Add(Severity::kWarning, "unreachable", {&rule, single},
            "rule " + rule.id + " never fires under FIRST: the earlier rule " + single->id +
                " matches every input it matches");
        continue;
      }
      // Several earlier rules together: every cell the rule matches is matched earlier.
      if (std::any_of(rule.inputs.begin(), rule.inputs.end(),
                      [](const auto& s) { return !s.has_value(); }))
        continue;
      bool reached = false, any = false;
      std::vector<const Rule*> earlier;
      bool complete = ForEachCell(pieces, [&](const std::vector<size_t>& at) {
        if (reached || !Matches(rule, pieces, at, false)) return;
        any = true;
        for (size_t i = 0; i < j; ++i) {
          if (Matches(rules_[i], pieces, at, false)) {
            if (std::find(earlier.begin(), earlier.end(), &rules_[i]) == earlier.end())
              earlier.push_back(&rules_[i]);
            return;
          }
        }
        reached = true;
      });
      if (!complete || reached || !any) continue;
      std::vector<const Rule*> named{&rule};
      std::string ids;
      std::sort(earlier.begin(), earlier.end());  // rules_ order
      for (const Rule* r : earlier) {
        named.push_back(r);
        ids += (ids.empty() ? "" : ", ") + r->id;
      }
      Add(Severity::kWarning, "unreachable", named,
          "rule " + rule.id + " never fires under FIRST: the earlier rules " + ids +
              " together match every input it matches");
    }
  }

  void Subsumed() {
    for (size_t j = 0; j < rules_.size(); ++j) {
      for (size_t i = 0; i < rules_.size(); ++i) {
        if (i == j || rules_[i].outputs != rules_[j].outputs) continue;
        if (!Covers(rules_[i], rules_[j])) continue;
        // Two identical rules cover each other: report the later one only.
        if (Covers(rules_[j], rules_[i]) && j < i) continue;
        std::string what =
            hit_policy_ == "COLLECT" && (aggregation_ == "SUM" || aggregation_ == "COUNT")
                ? ", so the inputs it matches are counted twice"
                : ", so it adds nothing";
        Add(Severity::kWarning, "subsumed", {&rules_[j], &rules_[i]},
            "rule " + rules_[j].id + " has the same outputs as rule " + rules_[i].id +
                ", which matches every input it matches" + what);
        break;
      }
    }
  }

  std::string_view xml_;
  const pugi::xml_node& table_;
  std::string element_;
  std::vector<TableFinding>& findings_;
  std::string hit_policy_, aggregation_, table_id_;
  std::vector<Column> columns_;
  std::vector<std::string> output_names_;
  std::vector<std::optional<ValueSet>> output_allowed_;
  std::vector<std::string> output_allowed_text_;
  bool all_outputs_default_ = false;
  std::vector<Rule> rules_;
};

// The name of the decision, business knowledge model or function that holds `table`.
std::string HolderOf(const pugi::xml_node& table) {
  for (pugi::xml_node n = table.parent(); n; n = n.parent()) {
    std::string_view name = LocalName(n);
    if (name == "decision" || name == "businessKnowledgeModel" || name == "decisionService") {
      std::string label = n.attribute("name").value();
      return std::string(name == "decision" ? "decision" : "business knowledge model") + " '" +
             label + "'";
    }
  }
  return "the model";
}

void Collect(const pugi::xml_node& node, std::vector<pugi::xml_node>& tables) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    if (LocalName(child) == "decisionTable") tables.push_back(child);
    Collect(child, tables);
  }
}

}  // namespace

std::string_view SeverityName(TableFinding::Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "?";
}

std::expected<std::vector<TableFinding>, std::string> AnalyzeDecisionTables(std::string_view xml) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed)
    return std::unexpected("not XML: " + std::string(parsed.description()) + " at line " +
                           std::to_string(LineOf(xml, parsed.offset)));
  std::vector<pugi::xml_node> tables;
  Collect(doc, tables);
  std::vector<TableFinding> findings;
  for (const pugi::xml_node& table : tables)
    TableAnalysis(xml, table, HolderOf(table), findings).Run();
  return findings;
}

// The file and line of the element a load warning names ("decision 'x' (id d1)"): the first
// source that declares that id.
void PlaceInSource(const std::vector<ModelSource>& sources, TableFinding& f) {
  std::string id;
  if (!f.rules.empty()) {
    id = f.rules.front();  // the rule is more precise than its decision
  } else {
    size_t at = f.element.rfind("(id ");
    if (at == std::string::npos || f.element.back() != ')') return;
    id = f.element.substr(at + 4, f.element.size() - at - 5);
  }
  for (const ModelSource& source : sources) {
    for (const char* quote : {"\"", "'"}) {
      size_t found = source.xml.find(std::string("id=") + quote + id + quote);
      if (found == std::string::npos) continue;
      f.file = source.file;
      f.line = LineOf(source.xml, static_cast<ptrdiff_t>(found));
      return;
    }
  }
}

// The rule a compile message of a decision table names: DecisionTable's parser labels each entry
// "input entry of rule 3 (kz-pr-noc)" / "output entry of rule 3 (...)" (decision_table.cc), so that
// the finding can be shown on its rule. Empty when the message names no rule with an id.
std::string RuleNamedIn(std::string_view message) {
  constexpr std::string_view kMarker = " entry of rule ";
  size_t at = message.find(kMarker);
  if (at == std::string_view::npos) return "";
  at += kMarker.size();
  while (at < message.size() && message[at] >= '0' && message[at] <= '9') ++at;
  if (message.substr(at, 2) != " (") return "";
  const size_t end = message.find(')', at + 2);
  if (end == std::string_view::npos) return "";
  return std::string(message.substr(at + 2, end - at - 2));
}

std::vector<TableFinding> CheckModels(const std::vector<ModelSource>& sources) {
  std::vector<TableFinding> findings;
  std::vector<Source> all;
  for (const ModelSource& source : sources) all.push_back({source.file, source.xml});
  // Together, so that imports between them resolve.
  auto models = Models::Parse(all);
  if (!models) {
    TableFinding f;
    f.severity = Severity::kError;
    f.kind = "load";
    f.message = models.error().ToString();
    findings.push_back(std::move(f));
  } else {
    for (const Warning& w : models->load_warnings()) {
      // Input entries: the table analysis reports them with the rule and its line.
      if (w.message.find("FEEL syntax error in input entry of ") != std::string::npos) continue;
      TableFinding f;
      f.severity = Severity::kError;
      f.kind = w.message.starts_with("type error")   ? "type"
               : w.message.starts_with("name error") ? "name"
                                                     : "syntax";
      f.element = w.element;
      if (std::string rule = RuleNamedIn(w.message); !rule.empty()) f.rules.push_back(rule);
      PlaceInSource(sources, f);
      f.message = w.message + " (the element evaluates to null)";
      findings.push_back(std::move(f));
    }
  }
  for (const ModelSource& source : sources) {
    auto tables = AnalyzeDecisionTables(source.xml);
    if (!tables) {
      TableFinding f;
      f.severity = Severity::kError;
      f.kind = "load";
      f.file = source.file;
      f.message = tables.error();
      findings.push_back(std::move(f));
      continue;
    }
    for (TableFinding& f : *tables) {
      f.file = source.file;
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

std::string ToString(const TableFinding& f) {
  std::string out = f.file.empty() ? "" : f.file;
  if (f.line > 0) out += ":" + std::to_string(f.line);
  if (!out.empty()) out += ": ";
  out += std::string(SeverityName(f.severity)) + ": " + f.kind + ": ";
  std::string where = f.element;
  if (!f.table.empty()) where += (where.empty() ? "" : ", ") + std::string("table ") + f.table;
  if (!f.rules.empty()) {
    where += where.empty() ? "" : ", ";
    where += f.rules.size() == 1 ? "rule " : "rules ";
    for (size_t i = 0; i < f.rules.size(); ++i) where += (i ? ", " : "") + f.rules[i];
  }
  if (!where.empty()) out += where + ": ";
  return out + f.message;
}

}  // namespace tamga::dmn

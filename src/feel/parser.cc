// Recursive-descent FEEL parser over the source text. Lexing happens on demand at the current
// position because what counts as one name depends on the names in scope ("date and time",
// "Monthly Salary"), so the parser tries the known names first, longest first.
//
// Errors are values, not exceptions: the first syntax error is recorded, the position jumps to the
// end of the text (so every production finishes at once, returning a null literal in place of
// what it could not read), and the caller reads the error. The two places where FEEL's grammar
// needs a second try (a '(' after `in`, a '[' after an operand) save the position, try, and put
// the position back and forget the error when the try failed.
#include <algorithm>
#include <cstring>
#include <optional>

#include "feel/builtins.h"
#include "feel/nodes.h"

namespace tamga::feel {
namespace {

struct ParseFailure {
  int position;
  std::string message;
};

bool IsNameStart(unsigned char c) { return std::isalpha(c) || c == '_' || c == '?' || c >= 0x80; }
bool IsNamePart(unsigned char c) { return IsNameStart(c) || std::isdigit(c); }

const char* const kKeywords[] = {"and",  "or",    "in",       "between",   "instance", "of",
                                 "then", "else",  "return",   "satisfies", "if",       "for",
                                 "some", "every", "function", "true",      "false",    "null"};

bool IsKeyword(std::string_view w) {
  for (const char* k : kKeywords) {
    if (w == k) return true;
  }
  return false;
}

// How deeply expressions may nest (parentheses, operands of chained operators, postfix chains):
// parsing, evaluating and destroying a tree recurse once per level, so this bounds stack use.
constexpr int kMaxNesting = 400;

class Parser {
 public:
  Parser(std::string_view src, const CompileOptions& options) : src_(src), options_(options) {
    for (const auto& n : options.known_names) known_.push_back(&n);
    std::sort(known_.begin(), known_.end(), LongerFirst);
  }

  NodePtr ParseWholeExpression() {
    NodePtr e = Expression();
    ExpectEnd();
    return e;
  }

  // The first syntax error met, if any; the tree returned with one is not to be used.
  const std::optional<ParseFailure>& failure() const { return failure_; }

  NodePtr ParseWholeUnaryTests() {
    SkipSpace();
    int start = Pos();
    auto tests = std::make_unique<TestsNode>(start);
    if (pos_ < src_.size() && src_[pos_] == '-') {
      size_t save = pos_;
      ++pos_;
      SkipSpace();
      if (AtEnd()) return tests;  // "-": matches anything
      pos_ = save;
    }
    if (AtEnd()) return tests;
    if (LookingAtWord("not")) {
      size_t save = pos_;
      pos_ += 3;
      if (Eat('(')) {
        tests->negated = true;
        ParseTestList(*tests, /*full_expressions=*/true);
        Expect(')');
        SkipSpace();
        if (AtEnd()) return tests;
      }
      pos_ = save;
      tests->negated = false;
      tests->tests.clear();
    }
    ParseTestList(*tests, /*full_expressions=*/true);
    ExpectEnd();
    return tests;
  }

 private:
  // Counts nesting levels entered in one parsing function; a syntax error past kMaxNesting.
  class Nesting {
   public:
    // `entered`: whether entering the function is itself a level (not for operator chains).
    explicit Nesting(Parser& p, bool entered = true) : p_(p) {
      if (entered) Deeper();
    }
    ~Nesting() { p_.depth_ -= levels_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    void Deeper() {
      ++levels_;
      if (++p_.depth_ > kMaxNesting) p_.Fail("expression nests too deeply");
    }

    // In a loop over a chain of operators: each iteration after the first is a level.
    void Step() {
      if (steps_++ > 0) Deeper();
    }

   private:
    Parser& p_;
    int levels_ = 0;
    int steps_ = 0;
  };

  // ---- lexing primitives ----
  int Pos() const { return static_cast<int>(pos_); }
  // Records the first error and moves to the end of the text; callers return right after.
  void Fail(std::string message) { Fail(Pos(), std::move(message)); }
  void Fail(int at, std::string message) {
    if (!failure_) failure_ = ParseFailure{at, std::move(message)};
    pos_ = src_.size();
  }
  // A null literal standing for what could not be read after an error.
  NodePtr Failed(std::string message) {
    int at = Pos();
    Fail(at, std::move(message));
    return std::make_unique<Literal>(at, Value());
  }

  // A try of a production that may not apply here: Succeeded() tells whether it read without error;
  // if not, Undo() puts the position and the bound names back and forgets the error.
  class Attempt {
   public:
    explicit Attempt(Parser& p)
        : p_(p), pos_(p.pos_), bound_(p.bound_.size()), had_failed_(p.failure_.has_value()) {}
    bool Succeeded() const { return had_failed_ || !p_.failure_; }
    void Undo() {
      p_.pos_ = pos_;
      p_.bound_.resize(bound_);
      if (!had_failed_) p_.failure_.reset();
    }

   private:
    Parser& p_;
    size_t pos_;
    size_t bound_;
    bool had_failed_;
  };

  void SkipSpace() {
    while (pos_ < src_.size()) {
      unsigned char c = src_[pos_];
      if (std::isspace(c)) {
        ++pos_;
      } else if (c == 0xC2 && pos_ + 1 < src_.size() &&
                 static_cast<unsigned char>(src_[pos_ + 1]) == 0xA0) {
        pos_ += 2;  // no-break space
      } else if (src_.substr(pos_, 2) == "//") {
        while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
      } else if (src_.substr(pos_, 2) == "/*") {
        size_t end = src_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) return Fail("unterminated comment");
        pos_ = end + 2;
      } else {
        break;
      }
    }
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ >= src_.size();
  }
  void ExpectEnd() {
    if (!AtEnd()) Fail("unexpected '" + std::string(src_.substr(pos_, 12)) + "'");
  }
  bool LookingAt(std::string_view s) {
    SkipSpace();
    return src_.substr(pos_, s.size()) == s;
  }
  bool Eat(std::string_view s) {
    if (!LookingAt(s)) return false;
    pos_ += s.size();
    return true;
  }
  bool Eat(char c) { return Eat(std::string_view(&c, 1)); }
  void Expect(char c) {
    if (!Eat(c)) Fail(std::string("expected '") + c + "'");
  }
  bool LookingAtWord(std::string_view w) {
    SkipSpace();
    if (src_.substr(pos_, w.size()) != w) return false;
    size_t end = pos_ + w.size();
    return end >= src_.size() || !IsNamePart(src_[end]);
  }
  bool EatWord(std::string_view w) {
    if (!LookingAtWord(w)) return false;
    pos_ += w.size();
    return true;
  }
  void ExpectWord(std::string_view w) {
    if (!EatWord(w)) Fail("expected '" + std::string(w) + "'");
  }

  // Length of the source text at pos_ that spells `name` (whitespace runs in either match any
  // whitespace run in the other), or 0.
  size_t MatchName(const std::string& name) const {
    // A context key may be "" ({"": 1, b: 2}) and is bound like any other; it spells nothing.
    if (name.empty()) return 0;
    size_t i = 0, j = pos_;
    while (i < name.size()) {
      if (j >= src_.size()) return 0;
      if (std::isspace(static_cast<unsigned char>(name[i]))) {
        if (!std::isspace(static_cast<unsigned char>(src_[j]))) return 0;
        while (i < name.size() && std::isspace(static_cast<unsigned char>(name[i]))) ++i;
        while (j < src_.size() && std::isspace(static_cast<unsigned char>(src_[j]))) ++j;
        continue;
      }
      if (name[i] != src_[j]) return 0;
      ++i;
      ++j;
    }
    if (IsNamePart(name.back()) && j < src_.size() && IsNamePart(src_[j])) return 0;
    return j - pos_;
  }

  // A single word of name characters at pos_ (no spaces), or empty.
  std::string_view Word() const {
    size_t j = pos_;
    if (j >= src_.size() || !IsNameStart(src_[j])) return {};
    while (j < src_.size() && IsNamePart(src_[j])) ++j;
    return src_.substr(pos_, j - pos_);
  }

  // Reads a name: the longest known name here, else words joined by single spaces as long as no
  // keyword intervenes.
  std::string ReadName() {
    SkipSpace();
    for (auto it = bound_.rbegin(); it != bound_.rend(); ++it) {
      if (size_t n = MatchName(*it)) {
        pos_ += n;
        return *it;
      }
    }
    // The caller's names and the built-in names compete: the longest match wins, so an input named
    // "date" does not hide the function "date and time".
    const std::string* best = nullptr;
    size_t best_length = 0;
    auto longest_in = [&](const std::vector<const std::string*>& names) {
      for (const std::string* k : names) {
        if (k->size() < best_length) return;  // sorted longest first: no longer match follows
        if (size_t n = MatchName(*k); n > best_length) {
          best = k;
          best_length = n;
          return;
        }
      }
    };
    longest_in(known_);
    longest_in(SortedBuiltinNames());
    if (best) {
      pos_ += best_length;
      return *best;
    }
    return ReadWords();
  }

  // Words joined by single spaces as long as no keyword intervenes ("Monthly Salary").
  std::string ReadWords() {
    std::string_view w = Word();
    if (w.empty() || IsKeyword(w)) {
      Fail("expected a name");
      return {};
    }
    std::string name(w);
    pos_ += w.size();
    while (true) {
      size_t save = pos_;
      SkipSpace();
      std::string_view next = Word();
      if (next.empty() || IsKeyword(next) || save == pos_) {
        pos_ = save;
        break;
      }
      name += ' ';
      name += next;
      pos_ += next.size();
    }
    return name;
  }

  // The name after '.': a property or context key. Built-in function names mean nothing here
  // ("x.time offset" is the property, not the function time), so only the caller's names compete
  // with the plain words.
  std::string ReadPathName() {
    SkipSpace();
    size_t best = 0;
    std::string best_name;
    for (const auto& k : options_.known_names) {
      if (size_t n = MatchName(k); n > best) best = n, best_name = k;
    }
    size_t save = pos_;
    std::string words = ReadWords();
    if (best > pos_ - save) {
      pos_ = save + best;
      return best_name;
    }
    return words;
  }

  // Raw text up to one of `stops` (outside quotes), trimmed, inner whitespace collapsed: context
  // keys and parameter names may contain characters names elsewhere may not.
  std::string ReadRawName(std::string_view stops) {
    SkipSpace();
    std::string out;
    while (pos_ < src_.size() && stops.find(src_[pos_]) == std::string_view::npos) {
      char c = src_[pos_++];
      if (std::isspace(static_cast<unsigned char>(c))) {
        if (!out.empty() && out.back() != ' ') out += ' ';
      } else {
        out += c;
      }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }

  // ---- constant folding (the plan stage) ----
  static bool IsConstant(const Node* n) { return dynamic_cast<const Literal*>(n) != nullptr; }

  // Replaces a step whose inputs are all constants by its value, computed once here. Steps that
  // would warn stay, so the warning is raised (with its position) at every evaluation.
  NodePtr Fold(NodePtr node) {
    if (failure_) return node;  // the tree may hold stand-ins: it is not evaluated
    Diagnostics diag;
    Value v = node->Eval(Frame::Make(), diag);
    if (!diag.warnings().empty()) return node;
    return std::make_unique<Literal>(node->pos, std::move(v));
  }

  NodePtr FoldIfConstant(NodePtr node, std::initializer_list<const Node*> inputs) {
    for (const Node* n : inputs) {
      if (!IsConstant(n)) return node;
    }
    return Fold(std::move(node));
  }

  static bool IsPureBuiltinCall(const CallNode& call) {
    auto* ref = dynamic_cast<const NameRef*>(call.callee.get());
    if (!ref || !ref->builtin || ref->name == "now" || ref->name == "today") return false;
    for (const auto& a : call.args) {
      if (!IsConstant(a.get())) return false;
    }
    return true;
  }

  // ---- expressions ----
  NodePtr Expression() {
    Nesting nesting(*this);
    SkipSpace();
    if (LookingAtWord("for")) return For();
    if (LookingAtWord("if")) return If();
    if (LookingAtWord("some") || LookingAtWord("every")) return Quantified();
    return Disjunction();
  }

  NodePtr Disjunction() {
    Nesting nesting(*this, false);
    NodePtr left = Conjunction();
    while (true) {
      int at = (SkipSpace(), Pos());
      if (!EatWord("or")) return left;
      nesting.Step();
      left = std::make_unique<LogicNode>(at, false, std::move(left), Conjunction());
    }
  }

  NodePtr Conjunction() {
    Nesting nesting(*this, false);
    NodePtr left = Comparison();
    while (true) {
      int at = (SkipSpace(), Pos());
      if (!EatWord("and")) return left;
      nesting.Step();
      left = std::make_unique<LogicNode>(at, true, std::move(left), Comparison());
    }
  }

  std::optional<CompareOp> EatCompareOp() {
    if (Eat("<=")) return CompareOp::kLe;
    if (Eat(">=")) return CompareOp::kGe;
    if (Eat("!=")) return CompareOp::kNe;
    if (Eat("<")) return CompareOp::kLt;
    if (Eat(">")) return CompareOp::kGt;
    if (Eat("=")) return CompareOp::kEq;
    return std::nullopt;
  }

  NodePtr Comparison() {
    Nesting nesting(*this, false);
    NodePtr left = Additive();
    while (true) {
      SkipSpace();
      int at = Pos();
      nesting.Step();
      if (auto op = EatCompareOp()) {
        left = std::make_unique<CompareNode>(at, *op, std::move(left), Additive());
      } else if (EatWord("between")) {
        NodePtr low = Additive();
        ExpectWord("and");
        left = std::make_unique<BetweenNode>(at, std::move(left), std::move(low), Additive());
      } else if (EatWord("in")) {
        left = std::make_unique<InNode>(at, std::move(left), InTests());
      } else if (LookingAtWord("instance")) {
        EatWord("instance");
        ExpectWord("of");
        left = std::make_unique<InstanceOfNode>(at, std::move(left), ReadType());
      } else {
        return left;
      }
    }
  }

  // The right side of `in`: one positive unary test, or a parenthesized list of them.
  NodePtr InTests() {
    SkipSpace();
    int at = Pos();
    if (LookingAt("(")) {
      Attempt attempt(*this);
      Eat('(');
      auto tests = std::make_unique<TestsNode>(at);
      ParseTestList(*tests, /*full_expressions=*/false);
      Expect(')');
      if (attempt.Succeeded()) return tests;
      attempt.Undo();  // a parenthesized expression: "x in (a + b)"
    }
    return PositiveUnaryTest(false);
  }

  void ParseTestList(TestsNode& tests, bool full_expressions) {
    do {
      tests.tests.push_back(PositiveUnaryTest(full_expressions));
    } while (Eat(','));
    tests.uses_input = tests.UsesInput();
  }

  NodePtr PositiveUnaryTest(bool full_expression) {
    SkipSpace();
    int at = Pos();
    if (auto op = EatCompareOp()) {
      return std::make_unique<UnaryCompare>(at, *op, Additive());
    }
    return full_expression ? Expression() : Additive();
  }

  NodePtr Additive() {
    Nesting nesting(*this, false);
    NodePtr left = Multiplicative();
    while (true) {
      SkipSpace();
      int at = Pos();
      nesting.Step();
      if (Eat('+')) {
        NodePtr right = Multiplicative();
        const Node *l = left.get(), *r = right.get();
        left = FoldIfConstant(std::make_unique<ArithmeticNode>(at, ArithmeticOp::kAdd,
                                                               std::move(left), std::move(right)),
                              {l, r});
      } else if (LookingAt("-") && !LookingAt("->")) {
        Eat('-');
        NodePtr right = Multiplicative();
        const Node *l = left.get(), *r = right.get();
        left = FoldIfConstant(std::make_unique<ArithmeticNode>(at, ArithmeticOp::kSubtract,
                                                               std::move(left), std::move(right)),
                              {l, r});
      } else {
        return left;
      }
    }
  }

  NodePtr Multiplicative() {
    Nesting nesting(*this, false);
    NodePtr left = Power();
    while (true) {
      SkipSpace();
      int at = Pos();
      nesting.Step();
      if (LookingAt("**")) return left;
      if (Eat('*')) {
        left =
            std::make_unique<ArithmeticNode>(at, ArithmeticOp::kMultiply, std::move(left), Power());
      } else if (LookingAt("/") && !LookingAt("//") && !LookingAt("/*")) {
        Eat('/');
        left =
            std::make_unique<ArithmeticNode>(at, ArithmeticOp::kDivide, std::move(left), Power());
      } else {
        return left;
      }
    }
  }

  NodePtr Power() {
    Nesting nesting(*this, false);
    NodePtr left = Unary();
    while (true) {
      SkipSpace();
      int at = Pos();
      nesting.Step();
      if (!Eat("**")) return left;
      left = std::make_unique<ArithmeticNode>(at, ArithmeticOp::kPower, std::move(left), Unary());
    }
  }

  NodePtr Unary() {
    Nesting nesting(*this);
    SkipSpace();
    int at = Pos();
    if (Eat('-')) {
      NodePtr operand = Unary();
      const Node* o = operand.get();
      return FoldIfConstant(std::make_unique<NegateNode>(at, std::move(operand)), {o});
    }
    if (Eat('+')) return Unary();
    return Postfix();
  }

  NodePtr Postfix() {
    Nesting nesting(*this, false);
    NodePtr e = Primary();
    while (true) {
      SkipSpace();
      int at = Pos();
      nesting.Step();
      if (pos_ + 1 < src_.size() && src_[pos_] == '.' && src_[pos_ + 1] != '.') {
        ++pos_;
        SkipSpace();
        std::string name;
        if (LookingAt("\"")) {
          name = StringLiteralText();
        } else {
          name = ReadPathName();
        }
        e = std::make_unique<PathNode>(at, std::move(e), std::move(name));
      } else if (LookingAt("[")) {
        // A '[' that does not open a well-formed filter closes a range instead: "]1..10[".
        Attempt attempt(*this);
        size_t bound_before = bound_.size();
        Eat('[');
        bound_.push_back("item");
        NodePtr f = Expression();
        bound_.resize(bound_before);
        Expect(']');
        if (!attempt.Succeeded()) {
          attempt.Undo();
          return e;
        }
        e = std::make_unique<FilterNode>(at, std::move(e), std::move(f));
      } else if (Eat('(')) {
        e = Call(at, std::move(e));
      } else {
        return e;
      }
    }
  }

  NodePtr Call(int at, NodePtr callee) {
    auto call = std::make_unique<CallNode>(at, std::move(callee));
    if (Eat(')')) return call;
    do {
      SkipSpace();
      std::string name = NamedArgument();
      if (!name.empty()) {
        call->names.push_back(name);
      } else if (!call->names.empty()) {
        return Failed("positional argument after named arguments");
      }
      call->args.push_back(Expression());
    } while (Eat(','));
    Expect(')');
    if (!call->names.empty() && call->names.size() != call->args.size()) {
      Fail(at, "mix of named and positional arguments");
      return call;
    }
    if (IsPureBuiltinCall(*call)) return Fold(std::move(call));
    return call;
  }

  // "name:" at the start of an argument (a named invocation), consumed; else empty.
  std::string NamedArgument() {
    size_t j = pos_;
    while (j < src_.size() && (IsNamePart(src_[j]) || src_[j] == ' ' || src_[j] == '\'' ||
                               (src_[j] == '-' && j > pos_)))
      ++j;
    if (j == pos_ || j >= src_.size() || src_[j] != ':' || !IsNameStart(src_[pos_])) return {};
    std::string name(src_.substr(pos_, j - pos_));
    while (!name.empty() && name.back() == ' ') name.pop_back();
    pos_ = j + 1;
    return name;
  }

  NodePtr Primary() {
    SkipSpace();
    int at = Pos();
    if (pos_ >= src_.size()) return Failed("unexpected end of expression");
    unsigned char c = src_[pos_];
    if (std::isdigit(c) || (c == '.' && pos_ + 1 < src_.size() && std::isdigit(src_[pos_ + 1])))
      return NumberLiteral();
    if (c == '"') return std::make_unique<Literal>(at, Value(StringLiteralText()));
    if (c == '@') return TemporalLiteral();
    if (c == '(') return Parenthesized();
    if (c == '[') return Bracketed();
    if (c == ']') return OpenStartRange();
    if (c == '{') return ContextLiteral();
    if (auto op = EatCompareOp()) {  // DMN 1.5: "< 10" as an expression is the range it denotes
      return std::make_unique<UnaryCompare>(at, *op, Additive());
    }
    if (LookingAtWord("true")) return (EatWord("true"), std::make_unique<Literal>(at, true));
    if (LookingAtWord("false")) return (EatWord("false"), std::make_unique<Literal>(at, false));
    if (LookingAtWord("null")) return (EatWord("null"), std::make_unique<Literal>(at, Value()));
    if (LookingAtWord("function")) return FunctionDefinition();
    if (LookingAtWord("for") || LookingAtWord("if") || LookingAtWord("some") ||
        LookingAtWord("every"))
      return Expression();
    std::string name = ReadName();
    auto ref = std::make_unique<NameRef>(at, name);
    if (!IsBound(name) && !IsKnownOption(name)) ref->builtin = FindBuiltin(name);
    return ref;
  }

  bool IsBound(const std::string& name) const {
    return std::find(bound_.begin(), bound_.end(), name) != bound_.end();
  }
  bool IsKnownOption(const std::string& name) const {
    const auto& k = options_.known_names;
    return std::find(k.begin(), k.end(), name) != k.end();
  }

  NodePtr NumberLiteral() {
    int at = Pos();
    size_t j = pos_;
    while (j < src_.size() && std::isdigit(static_cast<unsigned char>(src_[j]))) ++j;
    if (j + 1 < src_.size() && src_[j] == '.' &&
        std::isdigit(static_cast<unsigned char>(src_[j + 1]))) {
      ++j;
      while (j < src_.size() && std::isdigit(static_cast<unsigned char>(src_[j]))) ++j;
    }
    if (j < src_.size() && (src_[j] == 'e' || src_[j] == 'E')) {
      size_t k = j + 1;
      if (k < src_.size() && (src_[k] == '+' || src_[k] == '-')) ++k;
      if (k < src_.size() && std::isdigit(static_cast<unsigned char>(src_[k]))) {
        j = k;
        while (j < src_.size() && std::isdigit(static_cast<unsigned char>(src_[j]))) ++j;
      }
    }
    auto n = Number::Parse(src_.substr(pos_, j - pos_));
    if (!n) return Failed("invalid number '" + std::string(src_.substr(pos_, j - pos_)) + "'");
    pos_ = j;
    return std::make_unique<Literal>(at, Value(*n));
  }

  static void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  uint32_t HexDigits(size_t count) {
    if (pos_ + count > src_.size()) {
      Fail("incomplete unicode escape");
      return 0;
    }
    uint32_t v = 0;
    for (size_t i = 0; i < count; ++i) {
      char h = src_[pos_++];
      if (!std::isxdigit(static_cast<unsigned char>(h))) {
        Fail("invalid unicode escape");
        return 0;
      }
      v = v * 16 +
          (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
    }
    return v;
  }

  // A string literal at pos_, with escapes resolved (\", \\, \n, \r, \t, \', \uXXXX with surrogate
  // pairs, \UXXXXXX).
  std::string StringLiteralText() {
    SkipSpace();
    int at = Pos();
    Expect('"');
    std::string out;
    while (true) {
      if (pos_ >= src_.size()) {
        Fail(at, "unterminated string");
        return out;
      }
      char c = src_[pos_++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= src_.size()) {
        Fail(at, "unterminated string");
        return out;
      }
      char e = src_[pos_++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case '"':
        case '\'':
        case '\\':
        case '/':
          out += e;
          break;
        case 'u': {
          uint32_t cp = HexDigits(4);
          if (cp >= 0xD800 && cp < 0xDC00 && src_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            uint32_t low = HexDigits(4);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(out, cp);
          break;
        }
        case 'U':
          AppendUtf8(out, HexDigits(6));
          break;
        default:  // not an escape FEEL defines: kept as written (regex classes like "\\s")
          out += '\\';
          out += e;
      }
    }
  }

  NodePtr TemporalLiteral() {
    int at = Pos();
    ++pos_;
    std::string text = StringLiteralText();
    Value v;
    bool duration =
        !text.empty() && (text[0] == 'P' || (text.size() > 1 && text[0] == '-' && text[1] == 'P'));
    if (duration) {
      if (auto ym = ParseYearMonthDuration(text))
        v = *ym;
      else if (auto dt = ParseDayTimeDuration(text))
        v = *dt;
    } else if (text.substr(0, text.find('@')).find('T') != std::string::npos) {
      if (auto dt = ParseDateTime(text)) v = *dt;
    } else if (text.find(':') != std::string::npos) {
      if (auto t = ParseTime(text)) v = *t;
    } else if (auto d = ParseDate(text)) {
      v = *d;
    }
    if (v.is_null()) Fail(at, "invalid temporal literal @\"" + text + "\"");
    return std::make_unique<Literal>(at, std::move(v));
  }

  // "(" expression ")" or a range whose start is excluded: "(1..10]".
  NodePtr Parenthesized() {
    int at = Pos();
    Expect('(');
    NodePtr e = Expression();
    if (Eat("..")) return RangeRest(at, std::move(e), false);
    Expect(')');
    return e;
  }

  NodePtr RangeRest(int at, NodePtr start, bool start_included) {
    NodePtr end = Expression();
    bool end_included = false;
    if (Eat(']')) {
      end_included = true;
    } else if (Eat(')') || Eat('[')) {
      end_included = false;
    } else {
      return Failed("expected ']', ')' or '[' to close the range");
    }
    const Node *s = start.get(), *e = end.get();
    return FoldIfConstant(std::make_unique<RangeNode>(at, std::move(start), std::move(end),
                                                      start_included, end_included),
                          {s, e});
  }

  NodePtr Bracketed() {
    int at = Pos();
    Expect('[');
    auto list = std::make_unique<ListNode>(at);
    if (Eat(']')) return list;
    NodePtr first = Expression();
    if (Eat("..")) return RangeRest(at, std::move(first), true);
    list->items.push_back(std::move(first));
    while (Eat(',')) list->items.push_back(Expression());
    Expect(']');
    for (const auto& item : list->items) {
      if (!IsConstant(item.get())) return list;
    }
    return Fold(std::move(list));
  }

  NodePtr OpenStartRange() {
    int at = Pos();
    Expect(']');
    NodePtr start = Expression();
    if (!Eat("..")) return Failed("expected '..' in range");
    return RangeRest(at, std::move(start), false);
  }

  NodePtr ContextLiteral() {
    int at = Pos();
    Expect('{');
    auto ctx = std::make_unique<ContextNode>(at);
    size_t bound_before = bound_.size();
    if (!Eat('}')) {
      do {
        SkipSpace();
        bool quoted = LookingAt("\"");
        std::string key = quoted ? StringLiteralText() : ReadRawName(":}");
        if (key.empty() && !quoted) return Failed("expected a context key");
        Expect(':');
        // The key is in scope in its own value, so a function entry can call itself even when its
        // name is also a built-in's ({count: function(n) ... count(n - 1)}).
        bound_.push_back(key);
        ctx->entries.emplace_back(key, Expression());
      } while (Eat(','));
      Expect('}');
    }
    bound_.resize(bound_before);
    return ctx;
  }

  NodePtr FunctionDefinition() {
    int at = Pos();
    ExpectWord("function");
    Expect('(');
    auto fn = std::make_unique<FunctionNode>(at);
    if (!Eat(')')) {
      do {
        std::string name = ReadRawName(",):");
        if (name.empty()) return Failed("expected a parameter name");
        fn->params.push_back(name);
        fn->param_types.push_back(Eat(':') ? std::optional<Type>(ReadType()) : std::nullopt);
      } while (Eat(','));
      Expect(')');
    }
    if (EatWord("external")) {
      fn->external = true;
      fn->body = Expression();
      return fn;
    }
    size_t bound_before = bound_.size();
    for (const auto& p : fn->params) bound_.push_back(p);
    fn->body = Expression();
    bound_.resize(bound_before);
    return fn;
  }

  // A type after `instance of` or in a parameter declaration.
  Type ReadType() {
    SkipSpace();
    int at = Pos();
    size_t start = pos_;
    static const char* const kSpaced[] = {"date and time", "days and time duration",
                                          "years and months duration"};
    bool matched = false;
    for (const auto& [name, type] : options_.types) {
      if (name.find(' ') != std::string::npos && MatchName(name)) {
        pos_ += MatchName(name);
        return type;
      }
    }
    for (const char* s : kSpaced) {
      if (size_t n = MatchName(s)) {
        pos_ += n;
        matched = true;
        break;
      }
    }
    if (!matched) {
      while (pos_ < src_.size() &&
             (IsNamePart(src_[pos_]) || src_[pos_] == '.' || src_[pos_] == ':'))
        ++pos_;
      if (pos_ == start) {
        Fail("expected a type");
        return Type::Any();
      }
      if (LookingAt("<")) {
        int depth = 0;
        do {
          if (src_[pos_] == '<') ++depth;
          if (src_[pos_] == '>' && src_[pos_ - 1] != '-') --depth;
          ++pos_;
        } while (depth > 0 && pos_ < src_.size());
        if (depth) {
          Fail(at, "unbalanced '<' in type");
          return Type::Any();
        }
      }
      size_t save = pos_;
      SkipSpace();
      if (src_.substr(pos_, 2) == "->") {
        pos_ += 2;
        ReadType();
      } else {
        pos_ = save;
      }
    }
    std::string text(src_.substr(start, pos_ - start));
    if (auto it = options_.types.find(text); it != options_.types.end()) return it->second;
    if (auto t = ParseType(text, options_.types)) return *t;
    Fail(at, "unknown type '" + text + "'");
    return Type::Any();
  }

  std::vector<IterationContext> IterationContexts(std::string_view terminator) {
    std::vector<IterationContext> out;
    do {
      IterationContext ic;
      ic.name = ReadRawNameUntilIn();
      ExpectWord("in");
      ic.domain = Expression();
      if (Eat("..")) ic.domain_end = Expression();
      bound_.push_back(ic.name);
      out.push_back(std::move(ic));
    } while (Eat(','));
    ExpectWord(terminator);
    return out;
  }

  // The variable of an iteration context: words up to the keyword `in`.
  std::string ReadRawNameUntilIn() {
    SkipSpace();
    std::string name;
    while (true) {
      std::string_view w = Word();
      if (w.empty()) {
        Fail("expected a variable name");
        return name;
      }
      if (w == "in" && !name.empty()) break;
      if (!name.empty()) name += ' ';
      name += w;
      pos_ += w.size();
      SkipSpace();
    }
    return name;
  }

  NodePtr For() {
    int at = Pos();
    ExpectWord("for");
    auto node = std::make_unique<ForNode>(at);
    size_t bound_before = bound_.size();
    node->contexts = IterationContexts("return");
    bound_.push_back("partial");
    size_t body_start = pos_;
    node->body = Expression();
    // Conservative: any mention of the word (even in a string) keeps `partial` bound.
    node->uses_partial =
        src_.substr(body_start, pos_ - body_start).find("partial") != std::string_view::npos;
    bound_.resize(bound_before);
    return node;
  }

  NodePtr Quantified() {
    int at = Pos();
    bool every = EatWord("every");
    if (!every) ExpectWord("some");
    auto node = std::make_unique<QuantifiedNode>(at, every);
    size_t bound_before = bound_.size();
    node->contexts = IterationContexts("satisfies");
    node->condition = Expression();
    bound_.resize(bound_before);
    return node;
  }

  NodePtr If() {
    int at = Pos();
    ExpectWord("if");
    NodePtr c = Expression();
    ExpectWord("then");
    NodePtr t = Expression();
    ExpectWord("else");
    NodePtr e = Expression();
    return std::make_unique<IfNode>(at, std::move(c), std::move(t), std::move(e));
  }

  std::string_view src_;
  size_t pos_ = 0;
  std::optional<ParseFailure> failure_;
  int depth_ = 0;  // nesting levels entered (Nesting)
  const CompileOptions& options_;
  static bool LongerFirst(const std::string* a, const std::string* b) {
    return a->size() > b->size();
  }
  static const std::vector<const std::string*>& SortedBuiltinNames() {
    static const std::vector<const std::string*> sorted = [] {
      std::vector<const std::string*> v;
      for (const auto& n : BuiltinNames()) v.push_back(&n);
      std::sort(v.begin(), v.end(), LongerFirst);
      return v;
    }();
    return sorted;
  }

  std::vector<const std::string*> known_;  // the caller's names, longest first
  std::vector<std::string> bound_;         // names bound by enclosing constructs, innermost last
};

SyntaxError MakeError(std::string_view src, const ParseFailure& f) {
  SyntaxError e;
  e.position = std::min<int>(f.position, static_cast<int>(src.size()));
  e.message = f.message;
  for (int i = 0; i < e.position; ++i) {
    if (src[i] == '\n') {
      ++e.line;
      e.column = 1;
    } else {
      ++e.column;
    }
  }
  return e;
}

}  // namespace

std::expected<NodePtr, SyntaxError> ParseExpression(std::string_view source,
                                                    const CompileOptions& options) {
  Parser parser(source, options);
  NodePtr tree = parser.ParseWholeExpression();
  if (parser.failure()) return std::unexpected(MakeError(source, *parser.failure()));
  return tree;
}

std::expected<NodePtr, SyntaxError> ParseUnaryTests(std::string_view source,
                                                    const CompileOptions& options) {
  Parser parser(source, options);
  NodePtr tree = parser.ParseWholeUnaryTests();
  if (parser.failure()) return std::unexpected(MakeError(source, *parser.failure()));
  return tree;
}

std::string SyntaxError::ToString() const {
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message;
}

}  // namespace tamga::feel

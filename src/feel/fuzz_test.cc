// Deterministic, bounded fuzzing of the FEEL engine: random expressions from a small grammar and
// byte-level mutations of the TCK's expression texts are compiled and evaluated. Nothing may throw,
// crash or hang; errors must surface as syntax errors, or as null plus a warning.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "feel/builtins.h"
#include "feel/feel.h"

namespace tamga::feel {
namespace {

constexpr std::string_view kTckLevel3 = "/work/shared/dmn-tck/compliance-level-3";

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  std::string Expression(int depth) {
    if (depth <= 0) return Literal();
    switch (Pick(22)) {
      case 0:
      case 1:
        return Literal();
      case 2:
        return Expression(depth - 1) + " " + BinaryOperator() + " " + Expression(depth - 1);
      case 3:
        return "-" + Expression(depth - 1);
      case 4:
        return Call(depth - 1);
      case 5:
        return Call(depth - 1);
      case 6:
        return "[" + Items(depth - 1) + "]";
      case 7:
        return ContextLiteral(depth - 1);
      case 8:
        return Range(depth - 1);
      case 9:
        return "function(" + Name() + ", " + Name() + ") " + Expression(depth - 1);
      case 10:
        return Expression(depth - 1) + "[" + Expression(depth - 1) + "]";
      case 11:
        return Expression(depth - 1) + "." + Name();
      case 12:
        return "for " + Name() + " in " + Domain(depth - 1) + " return " + Expression(depth - 1);
      case 13:
        return std::string(Pick(2) ? "some " : "every ") + Name() + " in " + Domain(depth - 1) +
               " satisfies " + Expression(depth - 1);
      case 14:
        return "if " + Expression(depth - 1) + " then " + Expression(depth - 1) + " else " +
               Expression(depth - 1);
      case 15:
        return Expression(depth - 1) + " instance of " + TypeName();
      case 16:
        return Expression(depth - 1) + " between " + Expression(depth - 1) + " and " +
               Expression(depth - 1);
      case 17:
        return Expression(depth - 1) + " in " + UnaryTest(depth - 1);
      case 18:
        return "(" + Expression(depth - 1) + ")";
      case 19:
        return "(function(" + Name() + ") " + Expression(depth - 1) + ")(" + Expression(depth - 1) +
               ")";
      case 20:
        return "not(" + Expression(depth - 1) + ")";
      default:
        return Name();
    }
  }

  std::string UnaryTest(int depth) {
    switch (Pick(8)) {
      case 0:
        return "-";
      case 1:
        return std::string(Pick(2) ? "< " : ">= ") + Expression(depth);
      case 2:
        return Range(depth);
      case 3:
        return "(" + Expression(depth) + ", " + Expression(depth) + ")";
      case 4:
        return "not(" + Expression(depth) + ")";
      case 5:
        return "? > " + Expression(depth);
      case 6:
        return "!= " + Expression(depth);
      default:
        return Expression(depth);
    }
  }

  uint32_t Pick(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng_); }

 private:
  std::string Literal() {
    static const std::vector<std::string> kLiterals = {"0",
                                                       "1",
                                                       "-1",
                                                       "3.14",
                                                       "1e400",
                                                       "1e-400",
                                                       "9.999999999999999999999999999999999e6144",
                                                       "1E+6144",
                                                       "1e-6176",
                                                       ".5",
                                                       "123456789012345678901234567890123456789",
                                                       "0.0000000001",
                                                       "null",
                                                       "true",
                                                       "false",
                                                       "\"\"",
                                                       "\"abc\"",
                                                       "\"\\u00e9\\\"\\\\\\n\"",
                                                       "\"\\uD83D\\uDE00\"",
                                                       "\"𝄞 ünï\"",
                                                       "\"\\U01F600\"",
                                                       "\"\\ud800\"",
                                                       "@\"2021-01-01\"",
                                                       "@\"2021-02-30\"",
                                                       "@\"-999999999-01-01\"",
                                                       "@\"999999999-12-31T23:59:59@Europe/Paris\"",
                                                       "@\"10:30:00+14:00\"",
                                                       "@\"10:30:00@Etc/Unknown\"",
                                                       "@\"P1Y2M\"",
                                                       "@\"P999999999999999999D\"",
                                                       "@\"-PT1.5S\"",
                                                       "@\"garbage\"",
                                                       "@\"\"",
                                                       "date(\"2012-12-24\")",
                                                       "duration(\"P1DT2H\")",
                                                       "time(\"23:59:60\")",
                                                       "date and time(\"2012-12-24T00:00:00Z\")",
                                                       "[]",
                                                       "{}",
                                                       "[1..10]",
                                                       "(1..2]",
                                                       "<5",
                                                       "\"a\"..\"z\"",
                                                       "99999999999999999999",
                                                       "-0",
                                                       "2147483648",
                                                       "9223372036854775808",
                                                       "-9223372036854775809"};
    return kLiterals[Pick(kLiterals.size())];
  }

  std::string BinaryOperator() {
    static const std::vector<std::string> kOps = {
        "+", "-", "*", "/", "**", "=", "!=", "<", "<=", ">", ">=", "and", "or"};
    return kOps[Pick(kOps.size())];
  }

  std::string Name() {
    static const std::vector<std::string> kNames = {"x", "y", "item",         "partial", "a",
                                                    "b", "?", "unknown name", "date",    "count"};
    return kNames[Pick(kNames.size())];
  }

  std::string TypeName() {
    static const std::vector<std::string> kTypes = {"number",
                                                    "string",
                                                    "date",
                                                    "time",
                                                    "date and time",
                                                    "list<number>",
                                                    "context<a: number>",
                                                    "function<number>->string",
                                                    "range<date>",
                                                    "Any",
                                                    "Null",
                                                    "days and time duration",
                                                    "years and months duration",
                                                    "boolean",
                                                    "list<list<Any>>",
                                                    "nonsense type"};
    return kTypes[Pick(kTypes.size())];
  }

  std::string Items(int depth) {
    std::string out;
    uint32_t n = Pick(4);
    for (uint32_t i = 0; i < n; ++i) out += (i ? ", " : "") + Expression(depth);
    return out;
  }

  std::string ContextLiteral(int depth) {
    std::string out = "{";
    uint32_t n = Pick(4);
    for (uint32_t i = 0; i < n; ++i) {
      out += (i ? ", " : "") + std::string(Pick(3) ? Name() : "\"k y\"") + ": " + Expression(depth);
    }
    return out + "}";
  }

  std::string Range(int depth) {
    static const std::vector<std::string> kOpen = {"[", "(", "]"};
    static const std::vector<std::string> kClose = {"]", ")", "["};
    return kOpen[Pick(3)] + Expression(depth) + ".." + Expression(depth) + kClose[Pick(3)];
  }

  std::string Domain(int depth) {
    switch (Pick(4)) {
      case 0:
        return Expression(depth) + ".." + Expression(depth);
      case 1:
        return "[" + Items(depth) + "]";
      case 2:
        return Range(depth);
      default:
        return Expression(depth);
    }
  }

  std::string Call(int depth) {
    const auto& names = BuiltinNames();
    std::string out = names[Pick(names.size())] + "(";
    uint32_t n = Pick(5);
    bool named = Pick(5) == 0;
    static const std::vector<std::string> kParams = {"string",
                                                     "list",
                                                     "from",
                                                     "to",
                                                     "start position",
                                                     "length",
                                                     "match",
                                                     "n",
                                                     "scale",
                                                     "delimiter",
                                                     "precision",
                                                     "format",
                                                     "year",
                                                     "point",
                                                     "range",
                                                     "value",
                                                     "key",
                                                     "m",
                                                     "pattern",
                                                     "replacement",
                                                     "flags",
                                                     "grouping separator",
                                                     "decimal separator",
                                                     "position"};
    for (uint32_t i = 0; i < n; ++i) {
      out += i ? ", " : "";
      if (named) out += kParams[Pick(kParams.size())] + ": ";
      out += Expression(depth);
    }
    return out + ")";
  }

  std::mt19937 rng_;
};

// Compiles and evaluates `source` with a few inputs; returns normally whatever happens.
void CompileAndEvaluate(std::string_view source) {
  CompileOptions options;
  options.known_names = {"x", "y", "unknown name"};
  auto e = Expression::Compile(source, options);
  if (!e) return;
  Context inputs;
  inputs.Set("x", Value(Number(3)));
  inputs.Set("y", Value(List{Value(Number(1)), Value("s")}));
  Diagnostics diag;
  e->Evaluate(inputs, diag);
}

std::string Mutate(std::string text, Generator& gen) {
  static const std::string kInserts[] = {
      "(",        ")",  "[",   "]",     "{",    "}",     "\"",   "@",        "..",
      ",",        ":",  "?",   "-",     "not(", " for ", " in ", " return ", " if ",
      " then ",   "\\", "\\u", "e9999", "\xff", "\xc3",  "\0",   "$",        " instance of ",
      "function", "<",  "=",   "..."};
  int edits = 1 + gen.Pick(4);
  for (int i = 0; i < edits; ++i) {
    size_t at = text.empty() ? 0 : gen.Pick(text.size() + 1);
    switch (gen.Pick(4)) {
      case 0:  // delete a run
        if (!text.empty() && at < text.size()) text.erase(at, 1 + gen.Pick(4));
        break;
      case 1: {  // insert a token
        const std::string& s = kInserts[gen.Pick(std::size(kInserts))];
        text.insert(at, s);
        break;
      }
      case 2:  // flip a byte
        if (at < text.size()) text[at] = static_cast<char>(gen.Pick(256));
        break;
      default:  // truncate
        text.resize(at);
        break;
    }
  }
  return text;
}

std::string Unescape(std::string s) {
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&lt;", "<"},   {"&gt;", ">"},   {"&quot;", "\""},
      {"&apos;", "'"}, {"&#10;", "\n"}, {"&amp;", "&"}};
  for (const auto& [from, to] : kEntities) {
    for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) {
      s.replace(p, from.size(), to);
    }
  }
  return s;
}

// The contents of <text> and <inputEntry>/<outputEntry> texts in the TCK level-3 models.
std::vector<std::string> TckTexts() {
  std::vector<std::string> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(kTckLevel3, ec)) return out;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kTckLevel3, ec)) {
    if (entry.path().extension() == ".dmn") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string xml = buffer.str();
    for (size_t p = 0; (p = xml.find("<text>", p)) != std::string::npos;) {
      p += 6;
      size_t end = xml.find("</text>", p);
      if (end == std::string::npos) break;
      out.push_back(Unescape(xml.substr(p, end - p)));
      p = end;
    }
  }
  return out;
}

TEST(FeelFuzzTest, GeneratedExpressionsNeverThrow) {
  Generator gen(20240611);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 6000; ++i) {
    std::string source = gen.Expression(1 + gen.Pick(4));
    SCOPED_TRACE(source);
    EXPECT_NO_THROW(CompileAndEvaluate(source));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

TEST(FeelFuzzTest, GeneratedUnaryTestsNeverThrow) {
  Generator gen(7);
  const Value inputs[] = {Value(), Value(Number(5)), Value("b"), Value(List{Value(Number(1))})};
  for (int i = 0; i < 2000; ++i) {
    std::string source = gen.UnaryTest(1 + gen.Pick(3));
    if (gen.Pick(3) == 0) source = Mutate(source, gen);
    SCOPED_TRACE(source);
    EXPECT_NO_THROW({
      auto t = UnaryTests::Compile(source, CompileOptions{{"x"}, {}, {}});
      if (t) {
        for (const Value& input : inputs) {
          Diagnostics diag;
          t->Test(input, Frame::Make(), diag);
        }
      }
    });
  }
}

TEST(FeelFuzzTest, MutatedTckExpressionsNeverThrow) {
  std::vector<std::string> texts = TckTexts();
  if (texts.empty()) GTEST_SKIP() << "no TCK at " << kTckLevel3;
  Generator gen(42);
  for (int i = 0; i < 8000; ++i) {
    std::string source = Mutate(texts[gen.Pick(texts.size())], gen);
    SCOPED_TRACE(source);
    EXPECT_NO_THROW(CompileAndEvaluate(source));
    EXPECT_NO_THROW({ (void)UnaryTests::Compile(source); });
  }
}

// Inputs that once exhausted the stack, memory or time.
TEST(FeelFuzzTest, PathologicalInputsAreBounded) {
  std::string chain = "1";
  for (int i = 0; i < 50000; ++i) chain += i % 2 ? " + x" : " * x";
  std::string path = "{a: 1}";
  for (int i = 0; i < 50000; ++i) path += ".a";
  for (const std::string& source : std::vector<std::string>{
           chain,
           path,
           std::string(100000, '(') + "1",
           std::string(100000, '['),
           std::string(100000, '-') + "1",
           "for i in 1..1000000000 return i",
           "for i in [1..1000000000] return i",
           "count(for i in 1..100000, j in 1..100000 return 1)",
           "for i in 1..200 return if i = 1 then \"ab\" else partial[-1] + partial[-1]",
           "{f: function(n) f(n + 1), r: f(1)}.r",
           "some i in 1..1000000000 satisfies i < 0",
           "distinct values(for i in 1..500000 return i)",
           "flatten(for i in 1..30 return [partial, partial])",
           "for i in 1..40 return if i = 1 then [1] else concatenate(partial[-1], partial[-1])",
       }) {
    SCOPED_TRACE(source.substr(0, 80));
    EXPECT_NO_THROW(CompileAndEvaluate(source));
  }
}

}  // namespace
}  // namespace tamga::feel

// String functions (DMN 1.5 10.3.4.3). Positions and lengths count Unicode code points, not bytes;
// patterns are XPath regular expressions (see builtins_regex.cc).
#include <unicode/locid.h>
#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "feel/builtins_internal.h"

namespace tamga::feel::builtins {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += IsContinuationByte(c) ? 0 : 1;
  return n;
}

// The byte offset where code point `index` starts (s.size() when index is the count).
size_t ByteOffset(std::string_view s, size_t index) {
  size_t seen = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsContinuationByte(s[i])) continue;
    if (seen == index) return i;
    ++seen;
  }
  return s.size();
}

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// ---- substring, length, case ----

// substring(string, start position, length?): start 1 is the first character and -1 the last; a
// start outside the string is null; the length (at least 0) is cut at the end of the string.
Value Substring(Args args, CallContext& ctx) {
  static constexpr std::string_view kName = "substring";
  const Value& string = args[0];
  const Value& start = args[1];
  const Value& length = ArgAt(args, 2);
  if (!string.is(Kind::kString)) return WrongKind(ctx, kName, "string", "a string", string);
  if (!start.is(Kind::kNumber)) return WrongKind(ctx, kName, "start position", "a number", start);
  if (args.size() > 2 && !length.is(Kind::kNumber)) {
    return WrongKind(ctx, kName, "length", "a number", length);
  }
  const std::string& s = string.string();
  const size_t count = CodePointCount(s);
  auto position = IntegerPart(start.number());
  auto first = position ? ResolvePosition(*position, count) : std::nullopt;
  if (!first) return Fail(ctx, kName, "start position is outside the string");
  size_t take = count - *first;
  if (args.size() > 2) {
    auto n = IntegerPart(length.number());
    if (!n || *n < 0) return Fail(ctx, kName, "length must not be negative");
    take = std::min<size_t>(take, static_cast<size_t>(*n));
  }
  const size_t begin = ByteOffset(s, *first);
  return s.substr(begin, ByteOffset(s, *first + take) - begin);
}

Value StringLength(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kString)) {
    return WrongKind(ctx, "string length", "string", "a string", args[0]);
  }
  return static_cast<int64_t>(CodePointCount(args[0].string()));
}

// Full Unicode case mapping in the root locale (no Turkish dotless i surprises).
Value CaseMapped(std::string_view name, bool upper, Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kString)) return WrongKind(ctx, name, "string", "a string", args[0]);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(args[0].string());
  return ToUtf8(upper ? s.toUpper(icu::Locale::getRoot()) : s.toLower(icu::Locale::getRoot()));
}

// ---- functions of a string and a match string ----

using MatchOp = Value (*)(const std::string& string, const std::string& match);

Function StringMatchFunction(std::string name, MatchOp op) {
  return Define(name, {StringParam("string"), StringParam("match")}, 2,
                [name, op](Args args, CallContext& ctx) -> Value {
                  if (!args[0].is(Kind::kString)) {
                    return WrongKind(ctx, name, "string", "a string", args[0]);
                  }
                  if (!args[1].is(Kind::kString)) {
                    return WrongKind(ctx, name, "match", "a string", args[1]);
                  }
                  return op(args[0].string(), args[1].string());
                });
}

Value SubstringBefore(const std::string& s, const std::string& match) {
  size_t at = s.find(match);
  return at == std::string::npos ? std::string() : s.substr(0, at);
}

Value SubstringAfter(const std::string& s, const std::string& match) {
  size_t at = s.find(match);
  return at == std::string::npos ? std::string() : s.substr(at + match.size());
}

Value Contains(const std::string& s, const std::string& match) {
  return s.find(match) != std::string::npos;
}

Value StartsWith(const std::string& s, const std::string& match) { return s.starts_with(match); }

Value EndsWith(const std::string& s, const std::string& match) { return s.ends_with(match); }

// ---- regular expressions ----

// The pattern and flags arguments compiled, or nullptr after a warning.
std::shared_ptr<const icu::RegexPattern> PatternArg(std::string_view name, const Value& pattern,
                                                    const Value& flags, CallContext& ctx,
                                                    RegexFlags* parsed = nullptr) {
  if (!pattern.is(Kind::kString)) {
    WrongKind(ctx, name, "pattern", "a string", pattern);
    return nullptr;
  }
  if (!flags.is_null() && !flags.is(Kind::kString)) {
    WrongKind(ctx, name, "flags", "a string", flags);
    return nullptr;
  }
  std::string error;
  auto f = ParseRegexFlags(flags.is_null() ? "" : flags.string(), error);
  if (!f) {
    Fail(ctx, name, error);
    return nullptr;
  }
  if (parsed) *parsed = *f;
  auto compiled = CompileRegex(pattern.string(), *f, error);
  if (!compiled) Fail(ctx, name, error);
  return compiled;
}

// XPath forbids replace() and tokenize() with a pattern that matches the empty string: there
// would be no sensible place between two matches.
bool MatchesEmptyString(const icu::RegexPattern& pattern) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString empty;
  std::unique_ptr<icu::RegexMatcher> m(pattern.matcher(empty, status));
  return U_SUCCESS(status) && m->find(status);
}

// ICU matchers backtrack without bound ("^(a+)+$" against "aaaa...a!" runs for ages); a limit of
// kRegexStepLimit match steps (ICU's unit, milliseconds on the order of magnitude) keeps every
// evaluation bounded, as docs/engine.md promises. Past it the call is null with U_REGEX_TIME_OUT.
constexpr int32_t kRegexStepLimit = 200;

std::unique_ptr<icu::RegexMatcher> BoundedMatcher(const icu::RegexPattern& pattern,
                                                  const icu::UnicodeString& input,
                                                  UErrorCode& status) {
  std::unique_ptr<icu::RegexMatcher> m(pattern.matcher(input, status));
  if (U_SUCCESS(status)) m->setTimeLimit(kRegexStepLimit, status);
  return m;
}

std::string RegexFailure(UErrorCode status) {
  if (status == U_REGEX_TIME_OUT)
    return "the pattern took too long on this input (it backtracks; simplify it)";
  return u_errorName(status);
}

Value Matches(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kString)) return WrongKind(ctx, "matches", "input", "a string", args[0]);
  auto pattern = PatternArg("matches", args[1], ArgAt(args, 2), ctx);
  if (!pattern) return Value();
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString input = icu::UnicodeString::fromUTF8(args[0].string());
  std::unique_ptr<icu::RegexMatcher> m = BoundedMatcher(*pattern, input, status);
  const bool found = U_SUCCESS(status) && m->find(status);
  if (U_FAILURE(status)) return Fail(ctx, "matches", RegexFailure(status));
  return found;
}

// A parsed replacement string: literal text and $N group references.
struct Replacement {
  struct Part {
    icu::UnicodeString text;
    int32_t group = -1;  // -1: literal text
  };
  std::vector<Part> parts;
};

// XPath replacement syntax: "\\" and "\$" are literal characters, "$N" is group N (as many digits
// as still name a group; a group that does not exist is empty); any other "\" or "$" is an error.
std::optional<Replacement> ParseReplacement(std::string_view text, int32_t groups, bool literal,
                                            std::string& error) {
  Replacement r;
  std::string pending;
  auto flush = [&] {
    if (!pending.empty()) r.parts.push_back({icu::UnicodeString::fromUTF8(pending), -1});
    pending.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (literal || (c != '\\' && c != '$')) {
      pending += c;
    } else if (c == '\\') {
      if (i + 1 >= text.size() || (text[i + 1] != '\\' && text[i + 1] != '$')) {
        error = "in the replacement, '\\' must be followed by '\\' or '$'";
        return std::nullopt;
      }
      pending += text[++i];
    } else {
      if (i + 1 >= text.size() || text[i + 1] < '0' || text[i + 1] > '9') {
        error = "in the replacement, '$' must be followed by a group number";
        return std::nullopt;
      }
      int32_t n = text[++i] - '0';
      while (i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9' &&
             n * 10 + (text[i + 1] - '0') <= groups) {
        n = n * 10 + (text[++i] - '0');
      }
      flush();
      if (n <= groups) r.parts.push_back({icu::UnicodeString(), n});
    }
  }
  flush();
  return r;
}

Value Replace(Args args, CallContext& ctx) {
  static constexpr std::string_view kName = "replace";
  if (!args[0].is(Kind::kString)) return WrongKind(ctx, kName, "input", "a string", args[0]);
  if (!args[2].is(Kind::kString)) return WrongKind(ctx, kName, "replacement", "a string", args[2]);
  RegexFlags flags;
  auto pattern = PatternArg(kName, args[1], ArgAt(args, 3), ctx, &flags);
  if (!pattern) return Value();
  if (MatchesEmptyString(*pattern)) return Fail(ctx, kName, "the pattern matches an empty string");
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString input = icu::UnicodeString::fromUTF8(args[0].string());
  std::unique_ptr<icu::RegexMatcher> m = BoundedMatcher(*pattern, input, status);
  if (U_FAILURE(status)) return Fail(ctx, kName, RegexFailure(status));
  std::string error;
  auto replacement = ParseReplacement(args[2].string(), m->groupCount(), flags.literal, error);
  if (!replacement) return Fail(ctx, kName, error);
  icu::UnicodeString out;
  int32_t copied = 0;
  while (m->find(status) && U_SUCCESS(status)) {
    out.append(input, copied, m->start(status) - copied);
    for (const auto& part : replacement->parts) {
      out.append(part.group < 0 ? part.text : m->group(part.group, status));
    }
    copied = m->end(status);
  }
  if (U_FAILURE(status)) return Fail(ctx, kName, RegexFailure(status));
  out.append(input, copied, input.length() - copied);
  return ToUtf8(out);
}

// split(string, delimiter): the pieces between matches of the delimiter pattern, empty pieces
// included (split("a;b;;", ";") = ["a", "b", "", ""]); an empty string has no pieces.
Value Split(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kString)) return WrongKind(ctx, "split", "string", "a string", args[0]);
  auto pattern = PatternArg("split", args[1], Value(), ctx);
  if (!pattern) return Value();
  if (MatchesEmptyString(*pattern)) {
    return Fail(ctx, "split", "the delimiter matches an empty string");
  }
  List pieces;
  if (args[0].string().empty()) return pieces;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString input = icu::UnicodeString::fromUTF8(args[0].string());
  std::unique_ptr<icu::RegexMatcher> m = BoundedMatcher(*pattern, input, status);
  int32_t piece_start = 0;
  while (U_SUCCESS(status) && m->find(status)) {
    const int32_t start = m->start(status);
    pieces.push_back(ToUtf8(icu::UnicodeString(input, piece_start, start - piece_start)));
    piece_start = m->end(status);
  }
  if (U_FAILURE(status)) return Fail(ctx, "split", RegexFailure(status));
  pieces.push_back(ToUtf8(icu::UnicodeString(input, piece_start)));
  return pieces;
}

// string join(list, delimiter?): the strings of the list in order, nulls skipped.
Value StringJoin(Args args, CallContext& ctx) {
  static constexpr std::string_view kName = "string join";
  if (!args[0].is(Kind::kList)) return WrongKind(ctx, kName, "list", "a list", args[0]);
  const Value& delimiter = ArgAt(args, 1);
  if (!delimiter.is_null() && !delimiter.is(Kind::kString)) {
    return WrongKind(ctx, kName, "delimiter", "a string", delimiter);
  }
  std::string out;
  bool first = true;
  for (const Value& item : args[0].list()) {
    if (item.is_null()) continue;
    if (!item.is(Kind::kString)) return WrongKind(ctx, kName, "every item", "a string", item);
    if (!first && !delimiter.is_null()) out += delimiter.string();
    out += item.string();
    if (out.size() > kMaxStringBytes) return Fail(ctx, kName, "the result is too long");
    first = false;
  }
  return out;
}

}  // namespace

void AddStringFunctions(std::vector<Function>& out) {
  out.push_back(Define(
      "substring", {StringParam("string"), NumberParam("start position"), NumberParam("length")}, 2,
      Substring));
  out.push_back(Define("string length", {StringParam("string")}, 1, StringLength));
  out.push_back(Define("upper case", {StringParam("string")}, 1, [](Args args, CallContext& ctx) {
    return CaseMapped("upper case", true, args, ctx);
  }));
  out.push_back(Define("lower case", {StringParam("string")}, 1, [](Args args, CallContext& ctx) {
    return CaseMapped("lower case", false, args, ctx);
  }));
  out.push_back(StringMatchFunction("substring before", SubstringBefore));
  out.push_back(StringMatchFunction("substring after", SubstringAfter));
  out.push_back(StringMatchFunction("contains", Contains));
  out.push_back(StringMatchFunction("starts with", StartsWith));
  out.push_back(StringMatchFunction("ends with", EndsWith));
  out.push_back(Define("replace",
                       {StringParam("input"), StringParam("pattern"), StringParam("replacement"),
                        StringParam("flags")},
                       3, Replace));
  out.push_back(Define(
      "matches", {StringParam("input"), StringParam("pattern"), StringParam("flags")}, 2, Matches));
  out.push_back(Define("split", {StringParam("string"), StringParam("delimiter")}, 2, Split));
  out.push_back(
      Define("string join", {ListParam("list"), StringParam("delimiter")}, 1, StringJoin));
}

}  // namespace tamga::feel::builtins

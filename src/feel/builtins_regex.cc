// XPath/XQuery 3.1 regular expressions (the syntax DMN 1.5 names for matches, replace and split),
// translated into ICU regular expressions with the same meaning. The translation also rejects
// what XPath forbids but ICU would accept (\b, lookahead, back-references into open groups, ...).
#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "feel/builtins_internal.h"

namespace tamga::feel::builtins {
namespace {

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Characters that XPath lets a backslash escape to stand for themselves.
bool IsSingleCharEscape(char c) {
  return std::string_view("\\|.?*+(){}-[]^$").find(c) != std::string_view::npos;
}

// XML name characters (XML 1.0 fifth edition), for \i and \c.
constexpr std::string_view kNameStartChars =
    "\\:A-Z_a-z\\x{C0}-\\x{D6}\\x{D8}-\\x{F6}\\x{F8}-\\x{2FF}\\x{370}-\\x{37D}\\x{37F}-\\x{1FFF}"
    "\\x{200C}-\\x{200D}\\x{2070}-\\x{218F}\\x{2C00}-\\x{2FEF}\\x{3001}-\\x{D7FF}"
    "\\x{F900}-\\x{FDCF}\\x{FDF0}-\\x{FFFD}\\x{10000}-\\x{EFFFF}";
constexpr std::string_view kNameExtraChars = "\\-\\.0-9\\x{B7}\\x{300}-\\x{36F}\\x{203F}-\\x{2040}";

// The ICU form of XPath's multi-character escapes; their XPath meanings differ from ICU's own
// \s and \w (XPath \s is only space, tab, CR and LF; \w excludes punctuation, separators and
// other characters).
std::optional<std::string> MultiCharEscape(char c) {
  switch (c) {
    case 's':
      return "[\\x{20}\\t\\n\\r]";
    case 'S':
      return "[^\\x{20}\\t\\n\\r]";
    case 'd':
      return "\\p{Nd}";
    case 'D':
      return "\\P{Nd}";
    case 'w':
      return "[^\\p{P}\\p{Z}\\p{C}]";
    case 'W':
      return "[\\p{P}\\p{Z}\\p{C}]";
    case 'i':
      return "[" + std::string(kNameStartChars) + "]";
    case 'I':
      return "[^" + std::string(kNameStartChars) + "]";
    case 'c':
      return "[" + std::string(kNameStartChars) + std::string(kNameExtraChars) + "]";
    case 'C':
      return "[^" + std::string(kNameStartChars) + std::string(kNameExtraChars) + "]";
    default:
      return std::nullopt;
  }
}

bool IsCategory(std::string_view name) {
  static constexpr std::string_view kCategories[] = {
      "L",  "Lu", "Ll", "Lt", "Lm", "Lo", "M",  "Mn", "Mc", "Me", "N",  "Nd",
      "Nl", "No", "P",  "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Z",  "Zs",
      "Zl", "Zp", "S",  "Sm", "Sc", "Sk", "So", "C",  "Cc", "Cf", "Co", "Cn"};
  for (std::string_view c : kCategories) {
    if (c == name) return true;
  }
  return false;
}

class Translator {
 public:
  Translator(std::string_view pattern, const RegexFlags& flags) : in_(pattern), flags_(flags) {}

  // The ICU pattern, or nullopt with error() saying what is wrong.
  std::optional<std::string> Translate() {
    if (!Sequence() || !groups_.empty()) {
      if (error_.empty()) error_ = "unbalanced '('";
      return std::nullopt;
    }
    return out_;
  }
  const std::string& error() const { return error_; }

 private:
  // What the previous piece was, to tell which quantifiers may follow.
  enum class Last { kNothing, kAtom, kQuantifier, kReluctant };

  bool Fail(std::string message) {
    error_ = std::move(message) + " at offset " + std::to_string(pos_);
    return false;
  }
  bool AtEnd() const { return pos_ >= in_.size(); }
  char Peek() const { return AtEnd() ? '\0' : in_[pos_]; }
  // In x mode whitespace is removed before the pattern is read, except inside classes.
  void SkipIgnoredSpace() {
    while (flags_.extended && !AtEnd() && IsXmlSpace(in_[pos_])) ++pos_;
  }

  // Copies one character, all bytes of its UTF-8 sequence.
  void CopyChar() {
    size_t len = 1;
    const auto lead = static_cast<unsigned char>(in_[pos_]);
    if (lead >= 0xF0) {
      len = 4;
    } else if (lead >= 0xE0) {
      len = 3;
    } else if (lead >= 0xC0) {
      len = 2;
    }
    len = std::min(len, in_.size() - pos_);
    out_.append(in_.substr(pos_, len));
    pos_ += len;
  }

  bool Sequence() {
    Last last = Last::kNothing;
    while (true) {
      SkipIgnoredSpace();
      if (AtEnd()) return true;
      const char c = in_[pos_];
      switch (c) {
        case '\\':
          if (!Escape()) return false;
          last = Last::kAtom;
          break;
        case '[':
          if (!Class()) return false;
          last = Last::kAtom;
          break;
        case '(':
          if (!OpenGroup()) return false;
          last = Last::kNothing;
          break;
        case ')':
          if (!CloseGroup()) return false;
          last = Last::kAtom;
          break;
        case '|':
          out_ += '|';
          ++pos_;
          last = Last::kNothing;
          break;
        case '.':
          out_ += flags_.dot_all ? "[\\x{0}-\\x{10FFFF}]" : "[^\\n\\r]";
          ++pos_;
          last = Last::kAtom;
          break;
        case '^':
          out_ += '^';
          ++pos_;
          last = Last::kNothing;
          break;
        case '$':
          // Without m, XPath's $ matches only at the very end (ICU's would also match before a
          // final newline).
          out_ += flags_.multiline ? "$" : "\\z";
          ++pos_;
          last = Last::kNothing;
          break;
        case '*':
        case '+':
        case '?':
          if (!Quantifier(last)) return false;
          break;
        case '{':
          if (last != Last::kAtom) return Fail("'{' quantifies nothing");
          if (!Quantity()) return false;
          last = Last::kQuantifier;
          break;
        case '}':
        case ']':
          return Fail(std::string("unescaped '") + c + "'");
        default:
          CopyChar();
          last = Last::kAtom;
      }
    }
  }

  bool Quantifier(Last& last) {
    const char c = in_[pos_];
    if (last == Last::kAtom) {
      last = Last::kQuantifier;
    } else if (last == Last::kQuantifier && c == '?') {
      last = Last::kReluctant;
    } else {
      return Fail(std::string("'") + c + "' quantifies nothing");
    }
    out_ += c;
    ++pos_;
    return true;
  }

  // {n}, {n,} or {n,m}.
  bool Quantity() {
    std::string text = "{";
    ++pos_;
    auto digits = [&] {
      size_t n = 0;
      SkipIgnoredSpace();
      while (!AtEnd() && IsDigit(in_[pos_])) {
        text += in_[pos_++];
        ++n;
        SkipIgnoredSpace();
      }
      return n;
    };
    if (digits() == 0) return Fail("expected a number after '{'");
    if (Peek() == ',') {
      text += ',';
      ++pos_;
      digits();
    }
    SkipIgnoredSpace();
    if (Peek() != '}') return Fail("expected '}' to close the quantifier");
    ++pos_;
    out_ += text + "}";
    return true;
  }

  bool OpenGroup() {
    ++pos_;
    if (Peek() == '?') {
      if (pos_ + 1 >= in_.size() || in_[pos_ + 1] != ':') {
        return Fail("only non-capturing groups '(?:' may start with '(?'");
      }
      pos_ += 2;
      out_ += "(?:";
      groups_.push_back(false);
    } else {
      out_ += '(';
      groups_.push_back(true);
    }
    return true;
  }

  bool CloseGroup() {
    if (groups_.empty()) return Fail("unbalanced ')'");
    if (groups_.back()) ++closed_groups_;
    groups_.pop_back();
    out_ += ')';
    ++pos_;
    return true;
  }

  // After a backslash outside a character class.
  bool Escape() {
    ++pos_;
    SkipIgnoredSpace();
    if (AtEnd()) return Fail("'\\' at the end of the pattern");
    const char c = in_[pos_];
    if (c >= '1' && c <= '9') return BackReference();
    return ClassEscape(/*in_class=*/false, nullptr);
  }

  // \N: the longest run of digits that still names a closed group.
  bool BackReference() {
    int64_t n = in_[pos_++] - '0';
    while (!AtEnd() && IsDigit(in_[pos_]) && n * 10 + (in_[pos_] - '0') <= closed_groups_) {
      n = n * 10 + (in_[pos_++] - '0');
    }
    if (n > closed_groups_)
      return Fail("back-reference \\" + std::to_string(n) + " to no closed group");
    out_ += "(?:\\" + std::to_string(n) + ")";  // the group keeps later digits literal
    return true;
  }

  // The escape at pos_ (after the backslash): single-character, multi-character or category.
  // `single` tells the caller whether it stands for one character (a range endpoint).
  bool ClassEscape(bool in_class, bool* single) {
    const char c = in_[pos_];
    if (single) *single = false;
    if (c == 'n' || c == 'r' || c == 't' || IsSingleCharEscape(c)) {
      out_ += '\\';
      out_ += c;
      ++pos_;
      if (single) *single = true;
      return true;
    }
    if (auto multi = MultiCharEscape(c)) {
      out_ += *multi;
      ++pos_;
      return true;
    }
    if (c == 'p' || c == 'P') return Category(c);
    if (in_class && IsDigit(c)) return Fail("back-reference inside a character class");
    return Fail(std::string("invalid escape '\\") + c + "'");
  }

  // \p{Lu}, \P{IsGreek}: a Unicode general category or (Is...) a block.
  bool Category(char p) {
    ++pos_;
    SkipIgnoredSpace();
    if (Peek() != '{') return Fail("expected '{' after \\p");
    ++pos_;
    std::string name;
    while (true) {
      SkipIgnoredSpace();
      if (AtEnd()) return Fail("unterminated \\p{");
      const char c = in_[pos_++];
      if (c == '}') break;
      if (!IsAsciiAlnum(c) && c != '-') return Fail("invalid character in \\p{...}");
      name += c;
    }
    std::string prefix = std::string("\\") + p + "{";
    if (IsCategory(name)) {
      out_ += prefix + name + "}";
    } else if (name.size() > 2 && name.starts_with("Is")) {
      out_ += prefix + "Block=" + name.substr(2) + "}";
    } else {
      return Fail("unknown category \\p{" + name + "}");
    }
    return true;
  }

  // A character class expression, from '[' to its ']', with XPath's subtraction "[a-z-[aeiou]]"
  // written as ICU's "[a-z--[aeiou]]". Whitespace inside stays significant even in x mode.
  bool Class() {
    ++pos_;
    out_ += '[';
    if (Peek() == '^') {
      out_ += '^';
      ++pos_;
    }
    size_t items = 0;
    bool last_single = false;  // the previous item is one character (a range may start there)
    while (true) {
      if (AtEnd()) return Fail("unterminated character class");
      const char c = in_[pos_];
      if (c == ']') {
        if (items == 0) return Fail("empty character class");
        out_ += ']';
        ++pos_;
        return true;
      }
      if (c == '-') {
        const char next = pos_ + 1 < in_.size() ? in_[pos_ + 1] : '\0';
        if (next == '[') {
          if (items == 0) return Fail("nothing to subtract from");
          out_ += "--";
          ++pos_;
          if (!Class()) return false;
          if (Peek() != ']') return Fail("a subtraction must end the character class");
          out_ += ']';
          ++pos_;
          return true;
        }
        if (items == 0 || next == ']') {
          out_ += "\\-";
          ++pos_;
          ++items;
          last_single = true;
          continue;
        }
        if (!last_single) return Fail("a range needs a single character before '-'");
        out_ += '-';
        ++pos_;
        bool single = false;
        if (!ClassChar(single)) return false;
        if (!single) return Fail("a range needs a single character after '-'");
        ++items;
        last_single = false;
        continue;
      }
      if (c == '[') return Fail("unescaped '[' inside a character class");
      if (!ClassChar(last_single)) return false;
      ++items;
    }
  }

  // One item of a class: an escape or a literal character (ASCII punctuation is escaped so ICU's
  // set syntax, such as "&&" and "[:alpha:]", does not apply).
  bool ClassChar(bool& single) {
    const char c = in_[pos_];
    if (c == '\\') {
      ++pos_;
      if (AtEnd()) return Fail("'\\' at the end of the pattern");
      return ClassEscape(/*in_class=*/true, &single);
    }
    if (c == '[' || c == ']') return Fail(std::string("unescaped '") + c + "'");
    single = true;
    if (static_cast<unsigned char>(c) < 0x80 && !IsAsciiAlnum(c)) {
      out_ += '\\';
      out_ += c;
      ++pos_;
      return true;
    }
    CopyChar();
    return true;
  }

  std::string_view in_;
  const RegexFlags& flags_;
  size_t pos_ = 0;
  std::string out_;
  std::string error_;
  std::vector<bool> groups_;  // open groups; true when capturing
  int64_t closed_groups_ = 0;
};

}  // namespace

std::optional<RegexFlags> ParseRegexFlags(std::string_view flags, std::string& error) {
  RegexFlags f;
  for (char c : flags) {
    switch (c) {
      case 's':
        f.dot_all = true;
        break;
      case 'm':
        f.multiline = true;
        break;
      case 'i':
        f.case_insensitive = true;
        break;
      case 'x':
        f.extended = true;
        break;
      case 'q':
        f.literal = true;
        break;
      default:
        error = std::string("invalid flag '") + c + "' (expected s, m, i, x or q)";
        return std::nullopt;
    }
  }
  return f;
}

namespace {

std::unique_ptr<const icu::RegexPattern> Compile(std::string_view pattern, const RegexFlags& flags,
                                                 std::string& error) {
  // UNIX_LINES: only "\n" ends a line for ^ and $ in m mode, as in XPath.
  uint32_t icu_flags = UREGEX_UNIX_LINES;
  if (flags.case_insensitive) icu_flags |= UREGEX_CASE_INSENSITIVE;
  std::string icu_pattern;
  if (flags.literal) {
    icu_flags |= UREGEX_LITERAL;  // with q, the flags m, s and x have no effect
    icu_pattern = std::string(pattern);
  } else {
    if (flags.multiline) icu_flags |= UREGEX_MULTILINE;
    Translator translator(pattern, flags);
    auto translated = translator.Translate();
    if (!translated) {
      error = "invalid regular expression: " + translator.error();
      return nullptr;
    }
    icu_pattern = std::move(*translated);
  }
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  std::unique_ptr<const icu::RegexPattern> compiled(icu::RegexPattern::compile(
      icu::UnicodeString::fromUTF8(icu_pattern), icu_flags, parse_error, status));
  if (U_FAILURE(status)) {
    error = std::string("invalid regular expression (") + u_errorName(status) + ")";
    return nullptr;
  }
  return compiled;
}

}  // namespace

std::shared_ptr<const icu::RegexPattern> CompileRegex(std::string_view pattern,
                                                      const RegexFlags& flags, std::string& error) {
  // A decision table calls matches() with the same few patterns over and over: keep the recent
  // ones, per thread (a compiled pattern is immutable; matchers are made per call).
  constexpr size_t kCacheSize = 64;
  thread_local std::unordered_map<std::string, std::shared_ptr<const icu::RegexPattern>> cache;
  std::string key = {flags.dot_all ? 's' : '-', flags.multiline ? 'm' : '-',
                     flags.case_insensitive ? 'i' : '-', flags.extended ? 'x' : '-',
                     flags.literal ? 'q' : '-'};
  key.append(pattern);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  std::shared_ptr<const icu::RegexPattern> compiled = Compile(pattern, flags, error);
  if (!compiled) return nullptr;
  if (cache.size() >= kCacheSize) cache.clear();
  cache.emplace(std::move(key), compiled);
  return compiled;
}

}  // namespace tamga::feel::builtins

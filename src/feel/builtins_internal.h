// Shared pieces of the built-in function library (builtins*.cc). Not part of the public API:
// callers use FindBuiltin() from feel/builtins.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/uversion.h>

#include "feel/function.h"
#include "feel/type.h"
#include "feel/value.h"

U_NAMESPACE_BEGIN
class RegexPattern;
U_NAMESPACE_END

namespace tamga::feel::builtins {

using Args = std::span<const Value>;
using Body = std::function<Value(Args args, CallContext& ctx)>;

// A parameter as DMN 1.5 names it (named invocation maps onto these names). A declared type lets
// Invoke() apply the singleton-list coercions of DMN 1.5 10.3.2.9.4 and reject other kinds; a
// parameter that takes several kinds has no type and its body checks the kind.
struct Param {
  std::string name;
  std::optional<Type> type;
};
Param AnyParam(std::string name);
Param NumberParam(std::string name);
Param StringParam(std::string name);
Param ListParam(std::string name);
Param ContextParam(std::string name);

// A built-in with fixed parameters, the first `min_args` of them required.
Function Define(std::string name, std::vector<Param> params, size_t min_args, Body body);
// A built-in whose last parameter takes the remaining arguments (min, append, concatenate, ...).
Function DefineVariadic(std::string name, std::vector<Param> params, size_t min_args, Body body);
// Adds the parameter names of a built-in's other forms, for named invocation: date(from) is also
// date(year, month, day), before(point1, point2) also before(range1, range2), ... The i-th name of
// every form is argument i; the body tells the forms apart by the arguments' kinds and number.
Function Overloaded(Function f, std::vector<std::vector<std::string>> other_forms);

// The families of DMN 1.5 section 10.3.4; each appends its functions.
void AddConversionFunctions(std::vector<Function>& out);  // 10.3.4.1
void AddBooleanFunctions(std::vector<Function>& out);     // 10.3.4.2
void AddStringFunctions(std::vector<Function>& out);      // 10.3.4.3
void AddListFunctions(std::vector<Function>& out);        // 10.3.4.4 (structure of lists)
void AddAggregateFunctions(std::vector<Function>& out);   // 10.3.4.4 (min, sum, mean, ...)
void AddNumericFunctions(std::vector<Function>& out);     // 10.3.4.5
void AddContextFunctions(std::vector<Function>& out);     // 10.3.4.8
void AddRangeFunctions(std::vector<Function>& out);       // 10.3.4.9
void AddTemporalFunctions(std::vector<Function>& out);    // 10.3.4.10, now(), today()

// ---- helpers for function bodies ----

// The argument at `i`, or null when the caller left that optional argument out.
const Value& ArgAt(Args args, size_t i);

// Records "<function>: <message>" and returns null: every failing call ends here.
Value Fail(CallContext& ctx, std::string_view function, std::string_view message);
// Fail() for an argument of the wrong kind: "substring: start position must be a number, not a
// string" (or "..., not null").
Value WrongKind(CallContext& ctx, std::string_view function, std::string_view param,
                std::string_view expected, const Value& got);

// The integer part of `n` (truncated toward zero, as the TCK expects of positions like 2.5), or
// nullopt when it does not fit in 64 bits.
std::optional<int64_t> IntegerPart(const Number& n);

// Maps a FEEL list position (1 is the first item, -1 the last) onto a 0-based index of a list of
// `size` items; nullopt for 0 and for positions beyond either end.
std::optional<size_t> ResolvePosition(int64_t position, size_t size);

// The items a variadic aggregate works on: a single list argument stands for its elements
// (max([1, 2]) = max(1, 2)); otherwise the arguments themselves.
Args VariadicItems(Args args);

// ---- regular expressions (XPath/XQuery 3.1 syntax, as DMN 1.5 10.3.4.3 requires) ----

struct RegexFlags {
  bool dot_all = false;           // s
  bool multiline = false;         // m
  bool case_insensitive = false;  // i
  bool extended = false;          // x: whitespace outside character classes is ignored
  bool literal = false;           // q: the pattern is a plain string
};

// Parses the flags argument of matches()/replace(); nullopt (with `error` set) for letters other
// than s, m, i, x, q.
std::optional<RegexFlags> ParseRegexFlags(std::string_view flags, std::string& error);

// Compiles an XPath regular expression into an ICU pattern with the same meaning; nullptr (with
// `error` set) when the pattern is not a valid XPath regular expression. Recently compiled
// patterns are reused.
std::shared_ptr<const icu::RegexPattern> CompileRegex(std::string_view pattern,
                                                      const RegexFlags& flags, std::string& error);

}  // namespace tamga::feel::builtins

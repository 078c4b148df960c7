// The table of built-in functions and the helpers their bodies share. Each family of DMN 1.5
// section 10.3.4 lives in its own builtins_<family>.cc and appends its functions to the table.
#include "feel/builtins.h"

#include <string>
#include <unordered_map>
#include <utility>

#include "feel/builtins_internal.h"

namespace tamga::feel {
namespace builtins {
namespace {

std::vector<Function> AllFunctions() {
  std::vector<Function> out;
  AddConversionFunctions(out);
  AddBooleanFunctions(out);
  AddStringFunctions(out);
  AddListFunctions(out);
  AddAggregateFunctions(out);
  AddNumericFunctions(out);
  AddContextFunctions(out);
  AddRangeFunctions(out);
  AddTemporalFunctions(out);
  return out;
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Built once, on first use, and never changed: the Values handed out stay valid for the program.
struct Library {
  std::unordered_map<std::string, Value, StringHash, std::equal_to<>> by_name;
  std::vector<std::string> names;

  Library() {
    for (Function& f : AllFunctions()) {
      names.push_back(f.name);
      std::string name = f.name;
      by_name.emplace(std::move(name), MakeFunction(std::move(f)));
    }
  }
};

const Library& TheLibrary() {
  static const Library* library = new Library();
  return *library;
}

Function Make(std::string name, std::vector<Param> params, size_t min_args, bool variadic,
              Body body) {
  Function f;
  f.name = std::move(name);
  bool typed = false;
  for (Param& p : params) {
    f.params.push_back(std::move(p.name));
    typed = typed || p.type.has_value();
    f.param_types.push_back(std::move(p.type));
  }
  if (!typed) f.param_types.clear();
  f.min_args = min_args;
  f.variadic = variadic;
  f.body = std::move(body);
  return f;
}

std::string_view KindWithArticle(Kind k) {
  switch (k) {
    case Kind::kNull:
      return "null";
    case Kind::kBoolean:
      return "a boolean";
    case Kind::kNumber:
      return "a number";
    case Kind::kString:
      return "a string";
    case Kind::kDate:
      return "a date";
    case Kind::kTime:
      return "a time";
    case Kind::kDateTime:
      return "a date and time";
    case Kind::kDayTimeDuration:
      return "a days and time duration";
    case Kind::kYearMonthDuration:
      return "a years and months duration";
    case Kind::kList:
      return "a list";
    case Kind::kContext:
      return "a context";
    case Kind::kRange:
      return "a range";
    case Kind::kFunction:
      return "a function";
  }
  return "an unknown value";
}

}  // namespace

Param AnyParam(std::string name) { return {std::move(name), std::nullopt}; }
Param NumberParam(std::string name) { return {std::move(name), Type::Of(Type::Tag::kNumber)}; }
Param StringParam(std::string name) { return {std::move(name), Type::Of(Type::Tag::kString)}; }
Param ListParam(std::string name) { return {std::move(name), Type::ListOf(Type::Any())}; }
Param ContextParam(std::string name) { return {std::move(name), Type::Of(Type::Tag::kContext)}; }

Function Define(std::string name, std::vector<Param> params, size_t min_args, Body body) {
  return Make(std::move(name), std::move(params), min_args, false, std::move(body));
}

Function DefineVariadic(std::string name, std::vector<Param> params, size_t min_args, Body body) {
  // Invoke() spreads variadic arguments without coercion, so a variadic built-in checks its own
  // argument kinds: it declares no types.
  for (Param& p : params) p.type.reset();
  return Make(std::move(name), std::move(params), min_args, true, std::move(body));
}

Function Overloaded(Function f, std::vector<std::vector<std::string>> other_forms) {
  f.overload_params = std::move(other_forms);
  return f;
}

const Value& ArgAt(Args args, size_t i) {
  static const Value kAbsent;
  return i < args.size() ? args[i] : kAbsent;
}

Value Fail(CallContext& ctx, std::string_view function, std::string_view message) {
  ctx.Warn(std::string(function) + ": " + std::string(message));
  return Value();
}

Value WrongKind(CallContext& ctx, std::string_view function, std::string_view param,
                std::string_view expected, const Value& got) {
  return Fail(ctx, function,
              std::string(param) + " must be " + std::string(expected) + ", not " +
                  std::string(KindWithArticle(got.kind())));
}

std::optional<int64_t> IntegerPart(const Number& n) {
  if (!n.IsFinite()) return std::nullopt;
  return n.Round(0, RoundingMode::kDown).ToInt64();
}

std::optional<size_t> ResolvePosition(int64_t position, size_t size) {
  const auto n = static_cast<int64_t>(size);
  if (position >= 1 && position <= n) return static_cast<size_t>(position - 1);
  if (position <= -1 && position >= -n) return static_cast<size_t>(n + position);
  return std::nullopt;
}

Args VariadicItems(Args args) {
  if (args.size() == 1 && args[0].is(Kind::kList)) return args[0].list();
  return args;
}

}  // namespace builtins

const Value* FindBuiltin(std::string_view name) {
  const auto& by_name = builtins::TheLibrary().by_name;
  auto it = by_name.find(name);
  return it == by_name.end() ? nullptr : &it->second;
}

const std::vector<std::string>& BuiltinNames() { return builtins::TheLibrary().names; }

}  // namespace tamga::feel

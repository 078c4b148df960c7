// Boolean functions (DMN 1.5 10.3.4.2): not(negand), and is(value1, value2), which asks whether
// two values are the same element of the FEEL semantic domain.
#include "feel/builtins_internal.h"

namespace tamga::feel::builtins {
namespace {

Value Not(Args args, CallContext& ctx) {
  const Value& negand = args[0];
  if (!negand.is(Kind::kBoolean)) return WrongKind(ctx, "not", "negand", "a boolean", negand);
  return !negand.boolean();
}

bool Is(const Value& a, const Value& b);

bool IsList(const List& a, const List& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!Is(a[i], b[i])) return false;
  }
  return true;
}

bool IsContext(const Context& a, const Context& b) {
  if (a.entries.size() != b.entries.size()) return false;
  for (const auto& [key, value] : a.entries) {
    const Value* other = b.Find(key);
    if (!other || !Is(value, *other)) return false;
  }
  return true;
}

// Unlike `=`, is() tells apart values that denote the same instant in different zones
// (@"12:00:00-01:00" vs @"17:00:00+04:00"), a date from a date and time, and a years and months
// duration from a days and time duration; 1 and 1.0 are the same number.
bool Is(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kNull:
      return true;
    case Kind::kTime:
      return a.time() == b.time();
    case Kind::kDateTime:
      return a.date_time() == b.date_time();
    case Kind::kList:
      return IsList(a.list(), b.list());
    case Kind::kContext:
      return IsContext(a.context(), b.context());
    default:
      return SameValue(a, b);
  }
}

}  // namespace

void AddBooleanFunctions(std::vector<Function>& out) {
  out.push_back(Define("not", {AnyParam("negand")}, 1, Not));
  out.push_back(Define("is", {AnyParam("value1"), AnyParam("value2")}, 2,
                       [](Args args, CallContext&) -> Value { return Is(args[0], args[1]); }));
}

}  // namespace tamga::feel::builtins

// Numeric functions (DMN 1.5 10.3.4.5): decimal, floor, ceiling, round up, round down, round half
// up, round half down, abs, modulo, sqrt, log, exp, odd, even. Results are exact Decimal128 except
// where the mathematics is not (sqrt, log, exp).
#include <string>

#include "feel/builtins_internal.h"

namespace tamga::feel::builtins {
namespace {

// Decimal128 exponents span -6176..6111, so scales beyond that range have no meaning.
constexpr int64_t kMinScale = -6111;
constexpr int64_t kMaxScale = 6176;

Value NumberArgError(CallContext& ctx, std::string_view name, std::string_view param,
                     const Value& got) {
  return WrongKind(ctx, name, param, "a number", got);
}

// The scale argument (fractions cut off, as decimal(1/3, 2.5) = 0.33 in the TCK), or nullopt after
// a warning.
std::optional<int64_t> ScaleArg(std::string_view name, const Value& scale, CallContext& ctx) {
  if (!scale.is(Kind::kNumber)) {
    NumberArgError(ctx, name, "scale", scale);
    return std::nullopt;
  }
  auto s = IntegerPart(scale.number());
  if (!s || *s < kMinScale || *s > kMaxScale) {
    Fail(ctx, name, "scale must be within -6111..6176");
    return std::nullopt;
  }
  return s;
}

// A rounding function (n, scale); `scale_optional` for floor and ceiling, where it defaults to 0.
Function Rounding(std::string name, RoundingMode mode, bool scale_optional) {
  return Define(name, {NumberParam("n"), NumberParam("scale")}, scale_optional ? 1 : 2,
                [name, mode](Args args, CallContext& ctx) -> Value {
                  if (!args[0].is(Kind::kNumber)) return NumberArgError(ctx, name, "n", args[0]);
                  int64_t scale = 0;
                  if (args.size() > 1) {
                    auto s = ScaleArg(name, args[1], ctx);
                    if (!s) return Value();
                    scale = *s;
                  }
                  return args[0].number().Round(scale, mode);
                });
}

// abs(n) of a number or either kind of duration.
Value Abs(Args args, CallContext& ctx) {
  const Value& n = args[0];
  switch (n.kind()) {
    case Kind::kNumber:
      return n.number().Abs();
    case Kind::kDayTimeDuration: {
      const __int128 nanos = n.day_time_duration().nanos;
      return DayTimeDuration{nanos < 0 ? -nanos : nanos};
    }
    case Kind::kYearMonthDuration: {
      const int64_t months = n.year_month_duration().months;
      return YearMonthDuration{months < 0 ? -months : months};
    }
    default:
      return WrongKind(ctx, "abs", "n", "a number or a duration", n);
  }
}

Value Modulo(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kNumber)) return NumberArgError(ctx, "modulo", "dividend", args[0]);
  if (!args[1].is(Kind::kNumber)) return NumberArgError(ctx, "modulo", "divisor", args[1]);
  if (args[1].number().IsZero()) return Fail(ctx, "modulo", "division by zero");
  auto r = args[0].number().Modulo(args[1].number());
  if (!r) return Fail(ctx, "modulo", "the result is not a finite number");
  return *r;
}

// A function of one number whose result may be undefined (sqrt of a negative number, ...).
using PartialOp = std::optional<Number> (Number::*)() const;

Function OneNumber(std::string name, PartialOp op, std::string undefined) {
  return Define(name, {NumberParam("number")}, 1,
                [name, op, undefined](Args args, CallContext& ctx) -> Value {
                  if (!args[0].is(Kind::kNumber)) {
                    return NumberArgError(ctx, name, "number", args[0]);
                  }
                  auto r = (args[0].number().*op)();
                  if (!r) return Fail(ctx, name, undefined);
                  return *r;
                });
}

// odd and even hold only for integers: even(2.5) and odd(2.5) are both false.
Function Parity(std::string name, bool want_odd) {
  return Define(name, {NumberParam("number")}, 1,
                [name, want_odd](Args args, CallContext& ctx) -> Value {
                  if (!args[0].is(Kind::kNumber)) {
                    return NumberArgError(ctx, name, "number", args[0]);
                  }
                  const Number& n = args[0].number();
                  if (!n.IsInteger()) return false;
                  auto r = n.Modulo(Number(2));
                  return r && (r->IsZero() != want_odd);
                });
}

}  // namespace

void AddNumericFunctions(std::vector<Function>& out) {
  out.push_back(Rounding("decimal", RoundingMode::kHalfEven, false));
  out.push_back(Rounding("floor", RoundingMode::kFloor, true));
  out.push_back(Rounding("ceiling", RoundingMode::kCeiling, true));
  out.push_back(Rounding("round up", RoundingMode::kUp, false));
  out.push_back(Rounding("round down", RoundingMode::kDown, false));
  out.push_back(Rounding("round half up", RoundingMode::kHalfUp, false));
  out.push_back(Rounding("round half down", RoundingMode::kHalfDown, false));
  out.push_back(Define("abs", {AnyParam("n")}, 1, Abs));
  out.push_back(Define("modulo", {NumberParam("dividend"), NumberParam("divisor")}, 2, Modulo));
  out.push_back(OneNumber("sqrt", &Number::Sqrt, "no square root of a negative number"));
  out.push_back(OneNumber("log", &Number::Log, "the logarithm needs a number above 0"));
  out.push_back(OneNumber("exp", &Number::Exp, "the result is too large"));
  out.push_back(Parity("odd", true));
  out.push_back(Parity("even", false));
}

}  // namespace tamga::feel::builtins

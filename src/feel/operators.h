// FEEL operators on values (DMN 1.5 section 10.3.2.3, tables of addition, subtraction,
// multiplication, division, exponentiation and negation). Each returns null and records a warning
// when the operands have kinds the operator does not accept.
#pragma once

#include "feel/function.h"
#include "feel/value.h"

namespace tamga::feel {

enum class ArithmeticOp { kAdd, kSubtract, kMultiply, kDivide, kPower };

Value Arithmetic(ArithmeticOp op, const Value& a, const Value& b, CallContext& ctx);
Value Negate(const Value& a, CallContext& ctx);

// Is `v` inside the range? true/false, or null when the endpoints and v are not comparable.
Value RangeContains(const Range& r, const Value& v);

// Properties of values reached with a path: date.year, time.hour, duration.days, range.start, ...
// Returns nullopt when the kind has no such property.
std::optional<Value> Property(const Value& v, std::string_view name);

}  // namespace tamga::feel

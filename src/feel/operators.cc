#include "feel/operators.h"

namespace tamga::feel {
namespace {

Value Unsupported(ArithmeticOp op, const Value& a, const Value& b, CallContext& ctx) {
  static const char* const kNames[] = {"+", "-", "*", "/", "**"};
  ctx.Warn(std::string("cannot apply '") + kNames[static_cast<int>(op)] + "' to " +
           std::string(KindName(a.kind())) + " and " + std::string(KindName(b.kind())));
  return Value();
}

Value FromOptional(std::optional<Number> n, CallContext& ctx, const char* what) {
  if (!n) {
    ctx.Warn(std::string(what) + " is undefined (division by zero or overflow)");
    return Value();
  }
  return *n;
}

Value Numeric(ArithmeticOp op, const Number& x, const Number& y, CallContext& ctx) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return FromOptional(x.Add(y), ctx, "sum");
    case ArithmeticOp::kSubtract:
      return FromOptional(x.Subtract(y), ctx, "difference");
    case ArithmeticOp::kMultiply:
      return FromOptional(x.Multiply(y), ctx, "product");
    case ArithmeticOp::kDivide:
      return FromOptional(x.Divide(y), ctx, "quotient");
    case ArithmeticOp::kPower:
      return FromOptional(x.Power(y), ctx, "power");
  }
  return Value();
}

DayTimeDuration Neg(DayTimeDuration d) { return {-d.nanos}; }
YearMonthDuration Neg(YearMonthDuration d) { return {-d.months}; }

// A date taking part in date-time arithmetic is midnight of that day, without zone.
std::optional<DateTime> AsDateTime(const Value& v) {
  if (v.is(Kind::kDateTime)) return v.date_time();
  if (v.is(Kind::kDate)) return AtMidnight(v.date());
  return std::nullopt;
}

Value ShiftDateTime(const Value& base, const Value& dur, bool subtract) {
  DateTime dt = *AsDateTime(base);
  DateTime r = dur.is(Kind::kDayTimeDuration)
                   ? Add(dt, subtract ? Neg(dur.day_time_duration()) : dur.day_time_duration())
                   : Add(dt, subtract ? Neg(dur.year_month_duration()) : dur.year_month_duration());
  if (base.is(Kind::kDate)) return r.date;
  return r;
}

Zone UtcZone() { return Zone{Zone::Kind::kOffset, 0, {}}; }

bool IsDuration(const Value& v) {
  return v.is(Kind::kDayTimeDuration) || v.is(Kind::kYearMonthDuration);
}

// Duration scaled by a number: days-time durations to the nanosecond, years-months to the month
// (truncated, as the months of a years and months duration are whole).
Value ScaleDuration(const Value& d, const Number& factor, bool divide, CallContext& ctx) {
  if (divide && factor.IsZero()) {
    ctx.Warn("division of a duration by zero");
    return Value();
  }
  if (d.is(Kind::kDayTimeDuration)) {
    Number nanos(static_cast<int64_t>(d.day_time_duration().nanos));
    auto r = divide ? nanos.Divide(factor) : nanos.Multiply(factor);
    if (!r) return Value();
    auto whole = r->Round(0, RoundingMode::kHalfEven).ToInt64();
    if (!whole) return Value();
    return DayTimeDuration{*whole};
  }
  Number months(d.year_month_duration().months);
  auto r = divide ? months.Divide(factor) : months.Multiply(factor);
  if (!r) return Value();
  auto whole = r->Round(0, RoundingMode::kDown).ToInt64();
  if (!whole) return Value();
  return YearMonthDuration{*whole};
}

Value Temporal(ArithmeticOp op, const Value& a, const Value& b, CallContext& ctx) {
  Kind ka = a.kind(), kb = b.kind();
  bool add = op == ArithmeticOp::kAdd, sub = op == ArithmeticOp::kSubtract;
  if ((add || sub) && ka == kb && IsDuration(a)) {
    if (ka == Kind::kDayTimeDuration) {
      auto x = a.day_time_duration().nanos, y = b.day_time_duration().nanos;
      return DayTimeDuration{add ? x + y : x - y};
    }
    auto x = a.year_month_duration().months, y = b.year_month_duration().months;
    return YearMonthDuration{add ? x + y : x - y};
  }
  if ((add || sub) && (ka == Kind::kDateTime || ka == Kind::kDate) && IsDuration(b))
    return ShiftDateTime(a, b, sub);
  if (add && IsDuration(a) && (kb == Kind::kDateTime || kb == Kind::kDate))
    return ShiftDateTime(b, a, false);
  if ((add || sub) && ka == Kind::kTime && kb == Kind::kDayTimeDuration)
    return Add(a.time(), sub ? Neg(b.day_time_duration()) : b.day_time_duration());
  if (add && ka == Kind::kDayTimeDuration && kb == Kind::kTime)
    return Add(b.time(), a.day_time_duration());
  if (sub && ka == Kind::kTime && kb == Kind::kTime) {
    if (auto d = Subtract(a.time(), b.time())) return *d;
    ctx.Warn("cannot subtract a time with zone and a time without");
    return Value();
  }
  if (sub && AsDateTime(a) && AsDateTime(b)) {
    DateTime x = *AsDateTime(a), y = *AsDateTime(b);
    // A date meeting a date and time is midnight UTC, so it cannot meet a local one (TCK 0100).
    if (ka == Kind::kDate && kb == Kind::kDateTime) x.time.zone = UtcZone();
    if (kb == Kind::kDate && ka == Kind::kDateTime) y.time.zone = UtcZone();
    if (auto d = Subtract(x, y)) return *d;
    ctx.Warn("cannot subtract a date and time with zone and one without");
    return Value();
  }
  if (op == ArithmeticOp::kMultiply && IsDuration(a) && kb == Kind::kNumber)
    return ScaleDuration(a, b.number(), false, ctx);
  if (op == ArithmeticOp::kMultiply && ka == Kind::kNumber && IsDuration(b))
    return ScaleDuration(b, a.number(), false, ctx);
  if (op == ArithmeticOp::kDivide && IsDuration(a) && kb == Kind::kNumber)
    return ScaleDuration(a, b.number(), true, ctx);
  if (op == ArithmeticOp::kDivide && ka == kb && ka == Kind::kDayTimeDuration) {
    if (b.day_time_duration().nanos == 0) return Value();
    Number x(static_cast<int64_t>(a.day_time_duration().nanos));
    Number y(static_cast<int64_t>(b.day_time_duration().nanos));
    return FromOptional(x.Divide(y), ctx, "quotient");
  }
  if (op == ArithmeticOp::kDivide && ka == kb && ka == Kind::kYearMonthDuration) {
    if (b.year_month_duration().months == 0) return Value();
    return FromOptional(
        Number(a.year_month_duration().months).Divide(Number(b.year_month_duration().months)), ctx,
        "quotient");
  }
  return Unsupported(op, a, b, ctx);
}

}  // namespace

Value Arithmetic(ArithmeticOp op, const Value& a, const Value& b, CallContext& ctx) {
  if (a.is_null() || b.is_null()) return Value();
  if (a.is(Kind::kNumber) && b.is(Kind::kNumber)) return Numeric(op, a.number(), b.number(), ctx);
  if (op == ArithmeticOp::kAdd && a.is(Kind::kString) && b.is(Kind::kString)) {
    if (a.string().size() + b.string().size() > kMaxStringBytes) {
      ctx.Warn("the string would be longer than " + std::to_string(kMaxStringBytes) + " bytes");
      return Value();
    }
    return a.string() + b.string();
  }
  return Temporal(op, a, b, ctx);
}

Value Negate(const Value& a, CallContext& ctx) {
  switch (a.kind()) {
    case Kind::kNull:
      return Value();
    case Kind::kNumber:
      return a.number().Negate();
    case Kind::kDayTimeDuration:
      return Neg(a.day_time_duration());
    case Kind::kYearMonthDuration:
      return Neg(a.year_month_duration());
    default:
      ctx.Warn("cannot negate a " + std::string(KindName(a.kind())));
      return Value();
  }
}

Value RangeContains(const Range& r, const Value& v) {
  if (r.form != Range::Form::kInterval) {
    Value eq = Equal(v, r.start);
    if (r.form == Range::Form::kEqual || eq.is_null()) return eq;
    return !eq.boolean();
  }
  if (v.is_null() || r.start_unknown || r.end_unknown) return Value();
  if (!r.start.is_null()) {
    auto c = CompareOrder(v, r.start);
    if (!c) return Value();
    if (*c < 0 || (*c == 0 && !r.start_included)) return false;
  }
  if (!r.end.is_null()) {
    auto c = CompareOrder(v, r.end);
    if (!c) return Value();
    if (*c > 0 || (*c == 0 && !r.end_included)) return false;
  }
  return true;
}

namespace {

Value ZoneValue(const Zone& z) {
  if (z.kind == Zone::Kind::kIana) return z.iana;
  return Value();
}

Value OffsetValue(const Zone& z, std::optional<int32_t> offset) {
  if (z.kind == Zone::Kind::kNone || !offset) return Value();
  return DayTimeDuration{static_cast<__int128>(*offset) * 1000000000};
}

Value Seconds(int64_t nanos_of_day) {
  int64_t secs = (nanos_of_day / 1000000000) % 60;
  int64_t frac = nanos_of_day % 1000000000;
  if (frac == 0) return Value(secs);
  auto n = Number(secs * 1000000000 + frac).Divide(Number(1000000000));
  return n ? Value(*n) : Value();
}

std::optional<Value> TimeProperty(const Time& t, std::optional<int32_t> offset,
                                  std::string_view name) {
  if (name == "hour") return Value(t.Hour());
  if (name == "minute") return Value(t.Minute());
  if (name == "second") return Seconds(t.nanos_of_day);
  if (name == "time offset") return OffsetValue(t.zone, offset);
  if (name == "timezone") return ZoneValue(t.zone);
  return std::nullopt;
}

std::optional<Value> DateProperty(const Date& d, std::string_view name) {
  if (name == "year") return Value(d.year);
  if (name == "month") return Value(d.month);
  if (name == "day") return Value(d.day);
  if (name == "weekday") return Value(d.Weekday());
  return std::nullopt;
}

}  // namespace

std::optional<Value> Property(const Value& v, std::string_view name) {
  switch (v.kind()) {
    case Kind::kDate:
      return DateProperty(v.date(), name);
    case Kind::kDateTime: {
      const DateTime& dt = v.date_time();
      if (auto p = DateProperty(dt.date, name)) return p;
      return TimeProperty(dt.time, dt.OffsetSeconds(), name);
    }
    case Kind::kTime: {
      const Time& t = v.time();
      std::optional<int32_t> offset;
      if (t.zone.kind == Zone::Kind::kOffset) offset = t.zone.offset_seconds;
      if (t.zone.kind == Zone::Kind::kIana) offset = DateTime{Date{}, t}.OffsetSeconds();
      return TimeProperty(t, offset, name);
    }
    case Kind::kDayTimeDuration: {
      __int128 n = v.day_time_duration().nanos;
      int sign = n < 0 ? -1 : 1;
      __int128 a = n < 0 ? -n : n;
      int64_t secs = static_cast<int64_t>(a / 1000000000);
      if (name == "days") return Value(sign * (secs / 86400));
      if (name == "hours") return Value(sign * ((secs / 3600) % 24));
      if (name == "minutes") return Value(sign * ((secs / 60) % 60));
      if (name == "seconds") return Value(sign * (secs % 60));
      return std::nullopt;
    }
    case Kind::kYearMonthDuration: {
      int64_t m = v.year_month_duration().months;
      if (name == "years") return Value(m / 12);
      if (name == "months") return Value(m % 12);
      return std::nullopt;
    }
    case Kind::kRange: {
      const Range& r = v.range();
      if (name == "start") return r.start;
      if (name == "end") return r.end;
      if (name == "start included") return Value(r.start_included);
      if (name == "end included") return Value(r.end_included);
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace tamga::feel

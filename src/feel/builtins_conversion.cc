// Conversion functions (DMN 1.5 10.3.4.1): date, date and time, time, number, string, duration,
// years and months duration, range.
#include <string>
#include <string_view>

#include "feel/builtins_internal.h"
#include "feel/feel.h"

namespace tamga::feel::builtins {
namespace {

constexpr int64_t kMaxYear = 999'999'999;  // the year range FEEL dates support
constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kMaxOffsetSeconds = 14 * 3600;  // as the time literal parser allows

bool IsLeapYear(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// A number argument that must be an integer in [low, high].
std::optional<int64_t> IntegerIn(const Value& v, int64_t low, int64_t high) {
  if (!v.is(Kind::kNumber) || !v.number().IsInteger()) return std::nullopt;
  auto i = v.number().ToInt64();
  if (!i || *i < low || *i > high) return std::nullopt;
  return i;
}

// ---- date ----

Value DateFrom(const Value& from, CallContext& ctx) {
  switch (from.kind()) {
    case Kind::kString:
      if (auto d = ParseDate(from.string())) return *d;
      return Fail(ctx, "date", "\"" + from.string() + "\" is not a date (expected YYYY-MM-DD)");
    case Kind::kDate:
      return from;
    case Kind::kDateTime:
      return from.date_time().date;
    default:
      return WrongKind(ctx, "date", "from", "a string, date or date and time", from);
  }
}

Value DateFromParts(Args args, CallContext& ctx) {
  static constexpr const char* kNames[] = {"year", "month", "day"};
  for (size_t i = 0; i < 3; ++i) {
    if (!args[i].is(Kind::kNumber)) return WrongKind(ctx, "date", kNames[i], "a number", args[i]);
  }
  auto year = IntegerIn(args[0], -kMaxYear, kMaxYear);
  auto month = IntegerIn(args[1], 1, 12);
  if (!year || !month) return Fail(ctx, "date", "year or month out of range");
  auto day = IntegerIn(args[2], 1, DaysInMonth(*year, static_cast<int>(*month)));
  if (!day) return Fail(ctx, "date", "day out of range for that month");
  return Date{*year, static_cast<int>(*month), static_cast<int>(*day)};
}

Value DateFn(Args args, CallContext& ctx) {
  if (args.size() == 1) return DateFrom(args[0], ctx);
  if (args.size() == 3) return DateFromParts(args, ctx);
  return Fail(ctx, "date", "takes one argument (from) or three (year, month, day)");
}

// ---- date and time ----

Value DateTimeFrom(const Value& from, CallContext& ctx) {
  if (!from.is(Kind::kString)) return WrongKind(ctx, "date and time", "from", "a string", from);
  if (auto dt = ParseDateTime(from.string())) return *dt;
  return Fail(ctx, "date and time", "\"" + from.string() + "\" is not a date and time");
}

// date and time(date, time): the date part of a date or date and time, with the time (and the
// time's zone, if any).
Value DateTimeFromParts(const Value& date, const Value& time, CallContext& ctx) {
  Date d;
  if (date.is(Kind::kDate)) {
    d = date.date();
  } else if (date.is(Kind::kDateTime)) {
    d = date.date_time().date;
  } else {
    return WrongKind(ctx, "date and time", "date", "a date or date and time", date);
  }
  if (!time.is(Kind::kTime)) return WrongKind(ctx, "date and time", "time", "a time", time);
  return DateTime{d, time.time()};
}

Value DateTimeFn(Args args, CallContext& ctx) {
  if (args.size() == 1) return DateTimeFrom(args[0], ctx);
  return DateTimeFromParts(args[0], args[1], ctx);
}

// ---- time ----

Value TimeFrom(const Value& from, CallContext& ctx) {
  switch (from.kind()) {
    case Kind::kString:
      if (auto t = ParseTime(from.string())) return *t;
      return Fail(ctx, "time", "\"" + from.string() + "\" is not a time");
    case Kind::kTime:
      return from;
    case Kind::kDateTime:
      return from.date_time().time;
    case Kind::kDate:  // midnight UTC, as the DMN TCK expects
      return Time{0, Zone{Zone::Kind::kOffset, 0, ""}};
    default:
      return WrongKind(ctx, "time", "from", "a string, time, date or date and time", from);
  }
}

// The zone of time(hour, minute, second, offset): a days and time duration of whole seconds
// within +-14 hours, or none for a null offset.
std::optional<Zone> OffsetZone(const Value& offset) {
  if (offset.is_null()) return Zone{};
  if (!offset.is(Kind::kDayTimeDuration)) return std::nullopt;
  const __int128 nanos = offset.day_time_duration().nanos;
  if (nanos % kNanosPerSecond != 0) return std::nullopt;
  const __int128 seconds = nanos / kNanosPerSecond;
  if (seconds > kMaxOffsetSeconds || seconds < -kMaxOffsetSeconds) return std::nullopt;
  return Zone{Zone::Kind::kOffset, static_cast<int32_t>(seconds), ""};
}

// Whole nanoseconds of a seconds value in [0, 60); finer fractions are cut off.
std::optional<int64_t> SecondNanos(const Value& second) {
  if (!second.is(Kind::kNumber)) return std::nullopt;
  const Number& s = second.number();
  if (s.IsNegative() || s.Compare(Number(60)) >= 0) return std::nullopt;
  auto nanos = s.Multiply(Number(kNanosPerSecond));
  if (!nanos) return std::nullopt;
  return IntegerPart(*nanos);
}

Value TimeFromParts(Args args, CallContext& ctx) {
  auto hour = IntegerIn(args[0], 0, 23);
  auto minute = IntegerIn(args[1], 0, 59);
  auto nanos = SecondNanos(args[2]);
  if (!hour || !minute || !nanos) {
    return Fail(ctx, "time", "hour, minute and second must be numbers within 0-23, 0-59, 0-59.999");
  }
  auto zone = OffsetZone(ArgAt(args, 3));
  if (!zone) {
    return Fail(ctx, "time", "offset must be a days and time duration of whole seconds within 14h");
  }
  return Time{(*hour * 3600 + *minute * 60) * kNanosPerSecond + *nanos, *zone};
}

Value TimeFn(Args args, CallContext& ctx) {
  if (args.size() == 1) return TimeFrom(args[0], ctx);
  if (args.size() >= 3) return TimeFromParts(args, ctx);
  return Fail(ctx, "time",
              "takes one argument (from) or three to four (hour, minute, second, offset)");
}

// ---- number ----

bool IsSeparator(const Value& v, bool allow_space) {
  if (v.is_null()) return true;
  if (!v.is(Kind::kString)) return false;
  const std::string& s = v.string();
  return s == "," || s == "." || (allow_space && s == " ");
}

// number(from, grouping separator, decimal separator): grouping is space, comma, period or null,
// decimal is comma, period or null, and they differ. The grouping character is dropped and the
// decimal one becomes the point; the rest must be a FEEL number.
Value NumberFn(Args args, CallContext& ctx) {
  if (args.size() == 2) return Fail(ctx, "number", "takes one argument or three");
  const Value& from = args[0];
  const Value& grouping = ArgAt(args, 1);
  const Value& decimal = ArgAt(args, 2);
  if (!from.is(Kind::kString)) return WrongKind(ctx, "number", "from", "a string", from);
  if (!IsSeparator(grouping, true)) {
    return Fail(ctx, "number", "grouping separator must be \" \", \",\", \".\" or null");
  }
  if (!IsSeparator(decimal, false)) {
    return Fail(ctx, "number", "decimal separator must be \",\", \".\" or null");
  }
  if (!grouping.is_null() && !decimal.is_null() && grouping.string() == decimal.string()) {
    return Fail(ctx, "number", "grouping and decimal separators must differ");
  }
  const char group = grouping.is_null() ? '\0' : grouping.string()[0];
  const char point = decimal.is_null() ? '.' : decimal.string()[0];
  std::string text;
  for (char c : from.string()) {
    if (group && c == group) continue;
    text += c == point ? '.' : c;
  }
  if (auto n = Number::Parse(text)) return *n;
  return Fail(ctx, "number", "\"" + from.string() + "\" is not a number");
}

// ---- string, duration ----

Value StringFn(Args args, CallContext&) {
  if (args[0].is_null()) return Value();
  return ToFeelString(args[0]);
}

Value DurationFn(Args args, CallContext& ctx) {
  const Value& from = args[0];
  if (!from.is(Kind::kString)) return WrongKind(ctx, "duration", "from", "a string", from);
  if (auto ym = ParseYearMonthDuration(from.string())) return *ym;
  if (auto dt = ParseDayTimeDuration(from.string())) return *dt;
  return Fail(ctx, "duration", "\"" + from.string() + "\" is not a duration (e.g. P1Y2M, P1DT2H)");
}

std::optional<Date> DateOf(const Value& v) {
  if (v.is(Kind::kDate)) return v.date();
  if (v.is(Kind::kDateTime)) return v.date_time().date;
  return std::nullopt;
}

// Whole months from `from` to `to`, from their dates (times of day do not count).
Value YearsAndMonthsDurationFn(Args args, CallContext& ctx) {
  static constexpr std::string_view kName = "years and months duration";
  auto from = DateOf(args[0]);
  if (!from) return WrongKind(ctx, kName, "from", "a date or date and time", args[0]);
  auto to = DateOf(args[1]);
  if (!to) return WrongKind(ctx, kName, "to", "a date or date and time", args[1]);
  return MonthsBetween(*from, *to);
}

// ---- range ----

Value EvaluateText(std::string_view text, Diagnostics& diagnostics) {
  auto expression = Expression::Compile(text);
  if (!expression) return Value();
  return expression->Evaluate(Context{}, diagnostics);
}

// The comparison forms of a range and how each one's endpoint goes into the range, longest
// operator first.
struct ComparisonForm {
  std::string_view op;
  void (*fill)(Range& r, Value endpoint);
};
constexpr ComparisonForm kComparisonForms[] = {
    {"<=", [](Range& r, Value e) { r.end = std::move(e), r.end_included = true; }},
    {">=", [](Range& r, Value e) { r.start = std::move(e), r.start_included = true; }},
    {"!=", [](Range& r, Value e) { r.start = std::move(e), r.form = Range::Form::kNotEqual; }},
    {"<", [](Range& r, Value e) { r.end = std::move(e); }},
    {">", [](Range& r, Value e) { r.start = std::move(e); }},
    {"=", [](Range& r, Value e) { r.start = std::move(e), r.form = Range::Form::kEqual; }},
};

// A range from its FEEL text: a range literal ("[1..10)", "]1..10]") or a comparison with an
// endpoint ("< 10", ">= @\"2020-01-01\"", "= 5").
Value RangeFn(Args args, CallContext& ctx) {
  const Value& from = args[0];
  if (!from.is(Kind::kString)) return WrongKind(ctx, "range", "from", "a string", from);
  std::string_view text = from.string();
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  Diagnostics diagnostics;
  Value result;
  const ComparisonForm* form = nullptr;
  for (const ComparisonForm& f : kComparisonForms) {
    if (text.starts_with(f.op)) {
      form = &f;
      break;
    }
  }
  if (form) {
    Value endpoint = EvaluateText(text.substr(form->op.size()), diagnostics);
    if (!endpoint.is_null()) {
      Range r;
      form->fill(r, std::move(endpoint));
      result = std::move(r);
    }
  } else {
    result = EvaluateText(text, diagnostics);
  }
  if (!result.is(Kind::kRange)) {
    return Fail(ctx, "range", "\"" + from.string() + "\" is not a range literal");
  }
  return result;
}

}  // namespace

void AddConversionFunctions(std::vector<Function>& out) {
  out.push_back(
      Overloaded(Define("date", {AnyParam("from"), AnyParam("month"), AnyParam("day")}, 1, DateFn),
                 {{"year", "month", "day"}}));
  out.push_back(
      Overloaded(Define("date and time", {AnyParam("from"), AnyParam("time")}, 1, DateTimeFn),
                 {{"date", "time"}}));
  out.push_back(Overloaded(
      Define("time", {AnyParam("from"), AnyParam("minute"), AnyParam("second"), AnyParam("offset")},
             1, TimeFn),
      {{"hour", "minute", "second", "offset"}}));
  out.push_back(
      Define("number",
             {StringParam("from"), AnyParam("grouping separator"), AnyParam("decimal separator")},
             1, NumberFn));
  out.push_back(Define("string", {AnyParam("from")}, 1, StringFn));
  out.push_back(Define("duration", {StringParam("from")}, 1, DurationFn));
  out.push_back(Define("years and months duration", {AnyParam("from"), AnyParam("to")}, 2,
                       YearsAndMonthsDurationFn));
  out.push_back(Define("range", {StringParam("from")}, 1, RangeFn));
}

}  // namespace tamga::feel::builtins

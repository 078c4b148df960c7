// Conversion functions (DMN 1.5 10.3.4.1): date, date and time, time, number, string, duration,
// years and months duration, range.
#include <algorithm>
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

std::string_view TrimBlanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Whether `text` is a range endpoint of DMN 1.5 grammar rule 67: a numeric literal (with an
// optional minus), a string literal, or a date time literal (rule 60: `@"..."`, or date, time,
// date and time or duration applied to string literals). Names and other expressions are not.
bool IsEndpointLiteral(std::string_view text) {
  auto is_string = [](std::string_view t) {
    if (t.size() < 2 || t.front() != '"' || t.back() != '"') return false;
    for (size_t i = 1; i + 1 < t.size(); ++i) {
      if (t[i] == '\\')
        ++i;
      else if (t[i] == '"')
        return false;
    }
    return true;
  };
  if (is_string(text)) return true;
  if (text.starts_with("@")) return is_string(TrimBlanks(text.substr(1)));
  std::string_view number = text.starts_with("-") ? TrimBlanks(text.substr(1)) : text;
  if (!number.empty() && number.find_first_not_of("0123456789.") == std::string_view::npos &&
      number.find_first_of("0123456789") != std::string_view::npos &&
      std::count(number.begin(), number.end(), '.') <= 1)
    return true;
  for (std::string_view fn : {"date and time", "date", "time", "duration"}) {
    if (!text.starts_with(fn)) continue;
    std::string_view rest = TrimBlanks(text.substr(fn.size()));
    if (rest.size() < 2 || rest.front() != '(' || rest.back() != ')') continue;
    rest = TrimBlanks(rest.substr(1, rest.size() - 2));
    // One or more string literals separated by commas (date and time(date, time) is not one).
    bool all = !rest.empty();
    size_t at = 0;
    while (all && at < rest.size()) {
      size_t end = at + 1;
      while (end < rest.size() && rest[end] != '"') end += rest[end] == '\\' ? 2 : 1;
      if (rest[at] != '"' || end >= rest.size()) {
        all = false;
        break;
      }
      at = end + 1;
      while (at < rest.size() && (rest[at] == ' ' || rest[at] == ',')) ++at;
    }
    if (all) return true;
  }
  return false;
}

// The position of the ".." that separates a range literal's endpoints, outside string literals.
std::optional<size_t> RangeDots(std::string_view inner) {
  bool in_string = false;
  for (size_t i = 0; i + 1 < inner.size(); ++i) {
    char c = inner[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '.' && inner[i + 1] == '.')
      return i;
  }
  return std::nullopt;
}

// A range literal by DMN 1.5 grammar rule 66 (10.3.1.2) and the rules of 10.3.2.7: a start
// ("[" closed, "(" or "]" open) and an end ("]" closed, ")" or "[" open) around two literal
// endpoints, one of which may be left out next to an open bracket ("[2..)" is >= 2, "(..2)" is
// < 2); the endpoints of one kind, the start not after the end. Anything else: nullopt.
std::optional<Range> ParseRangeLiteral(std::string_view text, Diagnostics& diagnostics) {
  text = TrimBlanks(text);
  if (text.size() < 4) return std::nullopt;
  char open = text.front(), close = text.back();
  if (open != '[' && open != '(' && open != ']') return std::nullopt;
  if (close != ']' && close != ')' && close != '[') return std::nullopt;
  std::string_view inner = text.substr(1, text.size() - 2);
  auto dots = RangeDots(inner);
  if (!dots) return std::nullopt;
  std::string_view from = TrimBlanks(inner.substr(0, *dots));
  std::string_view to = TrimBlanks(inner.substr(*dots + 2));
  const bool start_closed = open == '[', end_closed = close == ']';
  if (from.empty() && (start_closed || to.empty())) return std::nullopt;
  if (to.empty() && end_closed) return std::nullopt;
  Range r;
  if (!from.empty()) {
    if (!IsEndpointLiteral(from)) return std::nullopt;
    r.start = EvaluateText(from, diagnostics);
    if (r.start.is_null()) return std::nullopt;
    r.start_included = start_closed;
  }
  if (!to.empty()) {
    if (!IsEndpointLiteral(to)) return std::nullopt;
    r.end = EvaluateText(to, diagnostics);
    if (r.end.is_null()) return std::nullopt;
    r.end_included = end_closed;
  }
  if (!r.start.is_null() && !r.end.is_null()) {
    auto order = CompareOrder(r.start, r.end);
    if (!order || *order > 0) return std::nullopt;
  }
  return r;
}

// A range from its FEEL text: a range literal ("[1..10)", "]1..10]", "[2..)") or a comparison with
// an endpoint ("< 10", ">= @\"2020-01-01\"", "= 5").
Value RangeFn(Args args, CallContext& ctx) {
  const Value& from = args[0];
  if (!from.is(Kind::kString)) return WrongKind(ctx, "range", "from", "a string", from);
  std::string_view text = TrimBlanks(from.string());
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
    std::string_view operand = TrimBlanks(text.substr(form->op.size()));
    if (IsEndpointLiteral(operand)) {
      Value endpoint = EvaluateText(operand, diagnostics);
      if (!endpoint.is_null()) {
        Range r;
        form->fill(r, std::move(endpoint));
        result = std::move(r);
      }
    }
  } else if (auto r = ParseRangeLiteral(text, diagnostics)) {
    result = std::move(*r);
  }
  if (!result.is(Kind::kRange)) {
    return Fail(ctx, "range",
                "\"" + from.string() +
                    "\" is not a range literal (DMN 1.5 10.3.1.2 rule 66: literal endpoints of "
                    "one kind, the start not after the end, e.g. \"[18..21)\" or \"[2..)\")");
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

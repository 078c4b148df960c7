// Temporal functions (DMN 1.5 10.3.4.10): day of year, day of week, month of year, week of year
// of a date or date and time; and now() and today() (10.3.4.6), read from the system clock in the
// machine's local zone.
#include <chrono>
#include <ctime>
#include <string>

#include "feel/builtins_internal.h"

namespace tamga::feel::builtins {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;

// The calendar date of a date or date and time argument, or nullopt after a warning.
std::optional<Date> DateArg(std::string_view name, const Value& v, CallContext& ctx) {
  if (v.is(Kind::kDate)) return v.date();
  if (v.is(Kind::kDateTime)) return v.date_time().date;
  WrongKind(ctx, name, "date", "a date or date and time", v);
  return std::nullopt;
}

int64_t DayOfYear(const Date& d) {
  return d.DaysSinceEpoch() - Date{d.year, 1, 1}.DaysSinceEpoch() + 1;
}

bool IsLeapYear(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

// ISO 8601 weeks: a year has 53 when it starts on a Thursday, or is a leap year starting on a
// Wednesday.
int64_t IsoWeeksInYear(int64_t year) {
  const int jan1 = Date{year, 1, 1}.Weekday();
  return jan1 == 4 || (jan1 == 3 && IsLeapYear(year)) ? 53 : 52;
}

// The ISO 8601 week number: week 1 holds the year's first Thursday.
int64_t IsoWeek(const Date& d) {
  const int64_t week = (DayOfYear(d) - d.Weekday() + 10) / 7;
  if (week < 1) return IsoWeeksInYear(d.year - 1);
  if (week > IsoWeeksInYear(d.year)) return 1;
  return week;
}

using DateOp = Value (*)(const Date& d);

Function OfDate(std::string name, DateOp op) {
  return Define(name, {AnyParam("date")}, 1, [name, op](Args args, CallContext& ctx) -> Value {
    auto d = DateArg(name, args[0], ctx);
    if (!d) return Value();
    return op(*d);
  });
}

Value DayOfYearFn(const Date& d) { return DayOfYear(d); }

Value DayOfWeekFn(const Date& d) {
  static constexpr const char* kDays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};
  return kDays[d.Weekday() - 1];
}

Value MonthOfYearFn(const Date& d) {
  static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
  return kMonths[d.month - 1];
}

Value WeekOfYearFn(const Date& d) { return IsoWeek(d); }

// The current instant as a local date and time with the machine's UTC offset, to milliseconds.
DateTime Now() {
  const auto now = std::chrono::system_clock::now();
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  const int64_t offset = local.tm_gmtoff;
  const int64_t local_millis = millis + offset * 1000;
  const int64_t day =
      local_millis >= 0 ? local_millis / 86'400'000 : -((-local_millis + 86'399'999) / 86'400'000);
  const int64_t millis_of_day = local_millis - day * 86'400'000;
  Time time{millis_of_day * (kNanosPerSecond / 1000),
            Zone{Zone::Kind::kOffset, static_cast<int32_t>(offset), ""}};
  return DateTime{Date::FromDaysSinceEpoch(day), time};
}

}  // namespace

void AddTemporalFunctions(std::vector<Function>& out) {
  out.push_back(OfDate("day of year", DayOfYearFn));
  out.push_back(OfDate("day of week", DayOfWeekFn));
  out.push_back(OfDate("month of year", MonthOfYearFn));
  out.push_back(OfDate("week of year", WeekOfYearFn));
  out.push_back(Define("now", {}, 0, [](Args, CallContext&) -> Value { return Now(); }));
  out.push_back(Define("today", {}, 0, [](Args, CallContext&) -> Value { return Now().date; }));
}

}  // namespace tamga::feel::builtins

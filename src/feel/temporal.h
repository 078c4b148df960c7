// FEEL temporal values (DMN 1.5 section 10.3.2.3.4-10.3.2.3.7): date, time, date and time,
// days-and-time duration and years-and-months duration. Zones resolve through the system IANA tz
// database (Howard Hinnant's date/tz).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tamga::feel {

// A calendar date in the proleptic Gregorian calendar; years from -999,999,999 to 999,999,999.
struct Date {
  int64_t year = 1970;
  int month = 1;                   // 1..12
  int day = 1;                     // 1..31
  int64_t DaysSinceEpoch() const;  // 1970-01-01 is day 0
  static Date FromDaysSinceEpoch(int64_t days);
  // 1 = Monday .. 7 = Sunday (ISO 8601).
  int Weekday() const;
  bool operator==(const Date&) const = default;
};

// The zone of a time or a date and time: none (local), a fixed offset, or an IANA zone id.
struct Zone {
  enum class Kind { kNone, kOffset, kIana };
  Kind kind = Kind::kNone;
  int32_t offset_seconds = 0;  // for kOffset
  std::string iana;            // for kIana ("Europe/Paris"); "Z" is stored as kOffset 0
  bool operator==(const Zone&) const = default;
};

// A time of day with nanosecond precision and an optional zone.
struct Time {
  int64_t nanos_of_day = 0;  // 0 .. 86,400e9 - 1
  Zone zone;
  int Hour() const;
  int Minute() const;
  int Second() const;  // whole seconds; fractions are in nanos_of_day
  bool operator==(const Time&) const = default;
};

struct DateTime {
  Date date;
  Time time;
  // Offset from UTC in seconds that applies at this instant: the fixed offset, or the IANA zone's
  // offset at that local time; nullopt when there is no zone (local date and time).
  std::optional<int32_t> OffsetSeconds() const;
  // Nanoseconds since 1970-01-01T00:00:00Z, treating a local value as UTC.
  __int128 EpochNanos() const;
  bool operator==(const DateTime&) const = default;
};

// Days and time duration: a signed count of nanoseconds.
struct DayTimeDuration {
  __int128 nanos = 0;
  bool operator==(const DayTimeDuration&) const = default;
  auto operator<=>(const DayTimeDuration&) const = default;
};

// Years and months duration: a signed count of months.
struct YearMonthDuration {
  int64_t months = 0;
  bool operator==(const YearMonthDuration&) const = default;
  auto operator<=>(const YearMonthDuration&) const = default;
};

// Parsing, as FEEL's date(), time(), date and time() and duration() take text and as @"..."
// literals do. Each returns nullopt for text that is not valid (e.g. "2022-02-30", "24:00:01",
// unknown zone).
std::optional<Date> ParseDate(std::string_view text);  // "2012-12-25", "-0001-01-01"
std::optional<Time> ParseTime(
    std::string_view text);  // "13:10:30.5+01:00", "10:00:00@Europe/Paris"
std::optional<DateTime> ParseDateTime(
    std::string_view text);  // "2012-12-24T23:59:00Z"; a bare date means midnight
std::optional<DayTimeDuration> ParseDayTimeDuration(std::string_view text);  // "P1DT2H", "-PT0.5S"
std::optional<YearMonthDuration> ParseYearMonthDuration(std::string_view text);  // "P1Y2M"
bool IsValidZoneId(std::string_view iana);

// Canonical FEEL text (string() of the value): "2012-12-25", "13:10:30.5+01:00",
// "10:00:00@Europe/Paris", "2012-12-24T23:59:00Z", "P1DT2H", "-P1Y2M", "PT0S", "P0M".
std::string ToString(const Date& d);
std::string ToString(const Time& t);
std::string ToString(const DateTime& dt);
std::string ToString(const DayTimeDuration& d);
std::string ToString(const YearMonthDuration& d);

// Comparison per DMN 1.5 10.3.2.3: times and date-times compare as instants when both have a zone
// (or both have none); nullopt when one has a zone and the other does not.
std::optional<int> Compare(const Time& a, const Time& b);
std::optional<int> Compare(const DateTime& a, const DateTime& b);

// Arithmetic (DMN 1.5 table 57). nullopt where the result is undefined (e.g. zoned minus local).
std::optional<DayTimeDuration> Subtract(const DateTime& a, const DateTime& b);
std::optional<DayTimeDuration> Subtract(const Time& a, const Time& b);
DateTime Add(const DateTime& a, const DayTimeDuration& d);
DateTime Add(const DateTime& a, const YearMonthDuration& d);  // clamps day to month end
Time Add(const Time& a, const DayTimeDuration& d);            // wraps around midnight
YearMonthDuration MonthsBetween(const Date& from,
                                const Date& to);  // years and months duration(from, to)

// A date as a date and time at midnight without zone.
DateTime AtMidnight(const Date& d);

}  // namespace tamga::feel

#include "feel/temporal.h"

// libdate-tz on Debian is built against the OS tz database with std::string_view; the headers must
// see the same configuration or the time_zone layout and locate_zone signature would not match.
#ifndef USE_OS_TZDB
#define USE_OS_TZDB 1
#endif
#ifndef HAS_STRING_VIEW
#define HAS_STRING_VIEW 1
#endif
#ifndef ONLY_C_LOCALE
#define ONLY_C_LOCALE 1
#endif
#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <utility>

namespace tamga::feel {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;
constexpr int64_t kNanosPerDay = kSecondsPerDay * kNanosPerSecond;
constexpr int32_t kMaxOffsetSeconds = 14 * 3600;  // XML Schema limits zone offsets to +-14:00
constexpr int kMaxDurationDigits = 18;            // keeps every component product inside __int128

// Floor division and modulo: calendar arithmetic needs them for negative values.
template <typename T>
T FloorDiv(T a, T b) {
  T q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}
template <typename T>
T FloorMod(T a, T b) {
  return a - FloorDiv(a, b) * b;
}

// Howard Hinnant's days_from_civil / civil_from_days on int64, so years of +-999,999,999 work.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = FloorDiv<int64_t>(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = FloorDiv<int64_t>(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Date{yoe + era * 400 + (month <= 2), month, day};
}

bool IsLeapYear(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// ---------------------------------------------------------------------------------------------
// IANA zones. libdate-tz reads the TZif transitions but not the POSIX TZ footer that describes the
// rules after the last listed transition (2037 in Debian's files), so the footer is applied here
// to keep daylight saving time right for later years.

// One transition rule of a POSIX TZ string: "Jn", "n" or "Mm.w.d", with "/time" (seconds).
struct PosixRule {
  enum class Kind { kJulianNoLeap, kZeroBasedDay, kMonthWeekDay };
  Kind kind = Kind::kMonthWeekDay;
  int day = 0;  // Jn: 1..365, n: 0..365
  int month = 0, week = 0, weekday = 0;
  int64_t time = 2 * 3600;

  // Local seconds since the epoch at which the rule fires in `year`.
  int64_t LocalSeconds(int64_t year) const { return DayOf(year) * kSecondsPerDay + time; }

 private:
  int64_t DayOf(int64_t year) const {
    const int64_t jan1 = DaysFromCivil(year, 1, 1);
    switch (kind) {
      case Kind::kJulianNoLeap:
        return jan1 + day - 1 + (IsLeapYear(year) && day >= 60);
      case Kind::kZeroBasedDay:
        return jan1 + day;
      case Kind::kMonthWeekDay:
        return NthWeekday(year);
    }
    return jan1;
  }
  int64_t NthWeekday(int64_t year) const {
    const int64_t first = DaysFromCivil(year, month, 1);
    const int64_t first_weekday = FloorMod<int64_t>(first + 4, 7);  // 0 = Sunday; 1970-01-01 = Thu
    int64_t day = first + FloorMod<int64_t>(weekday - first_weekday, 7) + (week - 1) * 7;
    while (day >= first + DaysInMonth(year, month)) day -= 7;  // week 5 means "last"
    return day;
  }
};

// The POSIX TZ footer of a TZif file, e.g. "CET-1CEST,M3.5.0,M10.5.0/3".
struct PosixTz {
  int32_t std_offset = 0;  // seconds east of UTC
  bool has_dst = false;
  int32_t dst_offset = 0;
  PosixRule start, end;  // start is in standard local time, end in daylight local time

  int32_t OffsetAt(int64_t utc_seconds) const {
    return has_dst && IsDst(utc_seconds) ? dst_offset : std_offset;
  }

 private:
  bool IsDst(int64_t t) const {
    const int64_t year = CivilFromDays(FloorDiv<int64_t>(t + std_offset, kSecondsPerDay)).year;
    const int64_t on = start.LocalSeconds(year) - std_offset;
    const int64_t off = end.LocalSeconds(year) - dst_offset;
    return on < off ? (on <= t && t < off) : !(off <= t && t < on);  // southern zones wrap
  }
};

// Reads the POSIX TZ grammar left to right; each method consumes only what it accepts.
class PosixTzReader {
 public:
  explicit PosixTzReader(std::string_view text) : text_(text) {}

  std::optional<PosixTz> Read() {
    PosixTz tz;
    std::optional<int64_t> std_offset;
    if (!SkipName() || !(std_offset = Offset())) return std::nullopt;
    tz.std_offset = static_cast<int32_t>(-*std_offset);  // POSIX offsets count west of UTC
    if (AtEnd()) return tz;
    if (!SkipName()) return std::nullopt;
    tz.has_dst = true;
    tz.dst_offset = tz.std_offset + 3600;
    if (!AtEnd() && text_[pos_] != ',') {
      const std::optional<int64_t> dst_offset = Offset();
      if (!dst_offset) return std::nullopt;
      tz.dst_offset = static_cast<int32_t>(-*dst_offset);
    }
    std::optional<PosixRule> start, end;
    if (!Eat(',') || !(start = Rule()) || !Eat(',') || !(end = Rule()) || !AtEnd()) {
      return std::nullopt;
    }
    tz.start = *start;
    tz.end = *end;
    return tz;
  }

 private:
  bool AtEnd() const { return pos_ == text_.size(); }
  bool Eat(char c) {
    if (AtEnd() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool IsDigit() const { return !AtEnd() && text_[pos_] >= '0' && text_[pos_] <= '9'; }
  std::optional<int> Number() {
    if (!IsDigit()) return std::nullopt;
    int value = 0;
    while (IsDigit() && value < 100000) value = value * 10 + (text_[pos_++] - '0');
    return value;
  }
  // A zone abbreviation: "<+06>" or at least three letters.
  bool SkipName() {
    if (Eat('<')) {
      const size_t close = text_.find('>', pos_);
      if (close == std::string_view::npos) return false;
      pos_ = close + 1;
      return true;
    }
    const size_t begin = pos_;
    while (!AtEnd() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return pos_ - begin >= 3;
  }
  // [+-]hh[:mm[:ss]] as signed seconds (also the "/time" of a rule, which may exceed 24h).
  std::optional<int64_t> Offset() {
    const bool negative = Eat('-');
    if (!negative) Eat('+');
    std::optional<int> part = Number();
    if (!part) return std::nullopt;
    int64_t seconds = *part * int64_t{3600};
    for (int scale : {60, 1}) {
      if (!Eat(':')) break;
      if (!(part = Number())) return std::nullopt;
      seconds += *part * scale;
    }
    return negative ? -seconds : seconds;
  }
  std::optional<PosixRule> Rule() {
    PosixRule rule;
    std::optional<int> a, b, c;
    if (Eat('M')) {
      if (!(a = Number()) || !Eat('.') || !(b = Number()) || !Eat('.') || !(c = Number())) {
        return std::nullopt;
      }
      if (*a < 1 || *a > 12 || *b < 1 || *b > 5 || *c > 6) return std::nullopt;
      rule.month = *a, rule.week = *b, rule.weekday = *c;
    } else {
      rule.kind = Eat('J') ? PosixRule::Kind::kJulianNoLeap : PosixRule::Kind::kZeroBasedDay;
      if (!(a = Number()) || *a > 365) return std::nullopt;
      rule.day = *a;
    }
    if (Eat('/')) {
      const std::optional<int64_t> time = Offset();
      if (!time) return std::nullopt;
      rule.time = *time;
    }
    return rule;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// Where Debian's libdate-tz (USE_OS_TZDB) reads its zone files.
constexpr std::string_view kZoneInfoDir = "/usr/share/zoneinfo/";

// The footer of a TZif version 2+ file: the text between the last two newlines.
std::optional<PosixTz> ReadFooter(const std::string& zone_name) {
  std::ifstream in(std::string(kZoneInfoDir) + zone_name, std::ios::binary);
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() < 6 || data.compare(0, 4, "TZif") != 0 || data[4] < '2' || data.back() != '\n') {
    return std::nullopt;
  }
  const size_t begin = data.rfind('\n', data.size() - 2);
  if (begin == std::string::npos) return std::nullopt;
  return PosixTzReader(std::string_view(data).substr(begin + 1, data.size() - begin - 2)).Read();
}

// Footers are parsed once per zone; zones live as long as the tz database (the whole process).
const PosixTz* FooterOf(const date::time_zone* zone) {
  static std::mutex mutex;
  static std::map<const date::time_zone*, std::optional<PosixTz>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(zone);
  if (it == cache.end()) it = cache.emplace(zone, ReadFooter(std::string(zone->name()))).first;
  return it->second ? &*it->second : nullptr;
}

const date::time_zone* FindZone(std::string_view id) {
  if (id.empty()) return nullptr;
  try {
    return date::locate_zone(id);
  } catch (const std::exception&) {
    return nullptr;  // unknown id, or no tz database installed
  }
}

// The UTC offset of `zone` at an instant (seconds since the epoch, UTC).
int32_t OffsetAtInstant(const date::time_zone* zone, int64_t utc_seconds) {
  // The last period of a zone's transitions ends at the library's end of time; past its start
  // the footer's rules apply.
  static const date::sys_seconds kOpenEnded{
      std::chrono::seconds{DaysFromCivil(9999, 1, 1) * kSecondsPerDay}};
  const date::sys_info info = zone->get_info(date::sys_seconds{std::chrono::seconds{utc_seconds}});
  const auto offset = static_cast<int32_t>(info.offset.count());
  if (info.end < kOpenEnded) return offset;
  const PosixTz* footer = FooterOf(zone);
  return footer != nullptr ? footer->OffsetAt(utc_seconds) : offset;
}

// The UTC offset of `zone` at a local time (local seconds since the epoch). An ambiguous local
// time (clocks set back) takes the earlier instant, i.e. the larger offset; a local time in a gap
// (clocks set forward) takes the offset before the gap, as java.time does.
int32_t OffsetAtLocal(const date::time_zone* zone, int64_t local_seconds) {
  // Zone transitions are (in practice) more than a day apart, so the offsets a day before and a
  // day after are the only candidates.
  const int32_t before = OffsetAtInstant(zone, local_seconds - kSecondsPerDay);
  const int32_t after = OffsetAtInstant(zone, local_seconds + kSecondsPerDay);
  if (before == after) return before;
  const bool before_fits = OffsetAtInstant(zone, local_seconds - before) == before;
  const bool after_fits = OffsetAtInstant(zone, local_seconds - after) == after;
  if (before_fits && after_fits) return std::max(before, after);
  if (after_fits) return after;
  return before;
}

// ---------------------------------------------------------------------------------------------
// Parsing.

// Reads ISO 8601 / XML Schema lexical forms left to right.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  size_t Position() const { return pos_; }
  void Rewind(size_t pos) { pos_ = pos; }
  bool Eat(char c) {
    if (AtEnd() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  // The (possibly empty) run of ASCII digits at the cursor.
  std::string_view Digits() {
    const size_t begin = pos_;
    while (!AtEnd() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    return text_.substr(begin, pos_ - begin);
  }
  // Exactly `n` digits, not followed by another digit.
  std::optional<int> Fixed(size_t n) {
    const std::string_view digits = Digits();
    if (digits.size() != n) return std::nullopt;
    int value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    return value;
  }
  std::string_view Rest() {
    const std::string_view rest = text_.substr(pos_);
    pos_ = text_.size();
    return rest;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

std::optional<int64_t> ToInt(std::string_view digits) {
  if (digits.empty() || digits.size() > kMaxDurationDigits) return std::nullopt;
  int64_t value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// A decimal fraction's digits as nanoseconds; digits past the ninth are dropped.
int64_t FractionNanos(std::string_view digits) {
  int64_t nanos = 0;
  for (size_t i = 0; i < 9; ++i) nanos = nanos * 10 + (i < digits.size() ? digits[i] - '0' : 0);
  return nanos;
}

// XML Schema 1.1 yearFrag: at least four digits, no leading zero when longer; "0000" is 1 BCE.
std::optional<Date> ScanDate(Scanner& s) {
  const bool negative = s.Eat('-');
  const std::string_view digits = s.Digits();
  if (digits.size() < 4 || digits.size() > 9 || (digits.size() > 4 && digits[0] == '0')) {
    return std::nullopt;
  }
  const int64_t year = *ToInt(digits);
  std::optional<int> month, day;
  if (!s.Eat('-') || !(month = s.Fixed(2)) || !s.Eat('-') || !(day = s.Fixed(2))) {
    return std::nullopt;
  }
  if (*month < 1 || *month > 12 || *day < 1 || *day > DaysInMonth(year, *month)) {
    return std::nullopt;
  }
  return Date{negative ? -year : year, *month, *day};
}

struct ClockTime {
  int64_t nanos_of_day = 0;
  bool end_of_day = false;  // "24:00:00": midnight at the end of the day
};

// hh:mm:ss[.s+]; hour 24 only as 24:00:00.
std::optional<ClockTime> ScanClock(Scanner& s) {
  std::optional<int> hour, minute, second;
  if (!(hour = s.Fixed(2)) || !s.Eat(':') || !(minute = s.Fixed(2)) || !s.Eat(':') ||
      !(second = s.Fixed(2))) {
    return std::nullopt;
  }
  int64_t fraction = 0;
  if (s.Eat('.')) {
    const std::string_view digits = s.Digits();
    if (digits.empty()) return std::nullopt;
    fraction = FractionNanos(digits);
  }
  if (*minute > 59 || *second > 59 || *hour > 24) return std::nullopt;
  if (*hour == 24) {
    if (*minute != 0 || *second != 0 || fraction != 0) return std::nullopt;
    return ClockTime{0, true};
  }
  const int64_t seconds = *hour * 3600 + *minute * 60 + *second;
  return ClockTime{seconds * kNanosPerSecond + fraction, false};
}

// Nothing (local), "Z", "+hh:mm" / "-hh:mm" within +-14:00, or "@" and a known IANA id.
std::optional<Zone> ScanZone(Scanner& s) {
  if (s.AtEnd()) return Zone{};
  if (s.Eat('Z')) return Zone{Zone::Kind::kOffset, 0, {}};
  if (s.Eat('@')) {
    const std::string_view id = s.Rest();
    if (!IsValidZoneId(id)) return std::nullopt;
    return Zone{Zone::Kind::kIana, 0, std::string(id)};
  }
  const bool negative = s.Eat('-');
  if (!negative && !s.Eat('+')) return std::nullopt;
  std::optional<int> hours, minutes;
  if (!(hours = s.Fixed(2)) || !s.Eat(':') || !(minutes = s.Fixed(2)) || *minutes > 59) {
    return std::nullopt;
  }
  const int32_t seconds = *hours * 3600 + *minutes * 60;
  if (seconds > kMaxOffsetSeconds) return std::nullopt;
  return Zone{Zone::Kind::kOffset, negative ? -seconds : seconds, {}};
}

// The components of an xs:duration, each absent unless written.
struct DurationFields {
  bool negative = false;
  std::optional<int64_t> years, months, days, hours, minutes;
  std::optional<__int128> second_nanos;  // whole and fractional seconds, in nanoseconds
};

// Reads "nX" when the digits at the cursor are followed by `designator`; otherwise leaves the
// cursor alone so that a later designator can claim them. False when the number is too long.
bool ScanComponent(Scanner& s, char designator, std::optional<int64_t>& slot, int& count) {
  const size_t start = s.Position();
  const std::string_view digits = s.Digits();
  if (digits.empty() || !s.Eat(designator)) {
    s.Rewind(start);
    return true;
  }
  slot = ToInt(digits);
  ++count;
  return slot.has_value();
}

// Reads "n[.f]S", ".fS" or "n.S" (xs:duration allows a decimal point on either side alone).
bool ScanSeconds(Scanner& s, std::optional<__int128>& slot, int& count) {
  const size_t start = s.Position();
  const std::string_view whole = s.Digits();
  const bool has_point = s.Eat('.');
  const std::string_view fraction = has_point ? s.Digits() : std::string_view();
  if ((whole.empty() && fraction.empty()) || !s.Eat('S')) {
    s.Rewind(start);
    return true;
  }
  const std::optional<int64_t> seconds = whole.empty() ? std::optional<int64_t>(0) : ToInt(whole);
  if (!seconds) return false;
  slot = static_cast<__int128>(*seconds) * kNanosPerSecond + FractionNanos(fraction);
  ++count;
  return true;
}

// -?P(nY)?(nM)?(nD)?(T(nH)?(nM)?(n(.n)?S)?)? with at least one component, and "T" only before
// at least one time component.
std::optional<DurationFields> ParseDurationFields(std::string_view text) {
  Scanner s(text);
  DurationFields f;
  f.negative = s.Eat('-');
  if (!s.Eat('P')) return std::nullopt;
  int count = 0;
  if (!ScanComponent(s, 'Y', f.years, count) || !ScanComponent(s, 'M', f.months, count) ||
      !ScanComponent(s, 'D', f.days, count)) {
    return std::nullopt;
  }
  if (s.Eat('T')) {
    int time_count = 0;
    if (!ScanComponent(s, 'H', f.hours, time_count) ||
        !ScanComponent(s, 'M', f.minutes, time_count) ||
        !ScanSeconds(s, f.second_nanos, time_count) || time_count == 0) {
      return std::nullopt;
    }
    count += time_count;
  }
  if (count == 0 || !s.AtEnd()) return std::nullopt;
  return f;
}

// ---------------------------------------------------------------------------------------------
// Formatting.

// |value| zero-padded to `width` digits.
std::string Padded(unsigned __int128 value, size_t width) {
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  } while (value != 0);
  if (digits.size() < width) digits.append(width - digits.size(), '0');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

unsigned __int128 Magnitude(__int128 value) {
  return value < 0 ? -static_cast<unsigned __int128>(value) : static_cast<unsigned __int128>(value);
}

// ".5", ".123" or "" for a whole second: trailing zeros trimmed.
std::string FractionText(int64_t nanos) {
  if (nanos == 0) return "";
  std::string digits = Padded(static_cast<unsigned __int128>(nanos), 9);
  digits.erase(digits.find_last_not_of('0') + 1);
  return "." + digits;
}

std::string ZoneText(const Zone& zone) {
  switch (zone.kind) {
    case Zone::Kind::kNone:
      return "";
    case Zone::Kind::kIana:
      return "@" + zone.iana;
    case Zone::Kind::kOffset: {
      if (zone.offset_seconds == 0) return "Z";
      const unsigned __int128 seconds = Magnitude(zone.offset_seconds);
      std::string text = (zone.offset_seconds < 0 ? "-" : "+") + Padded(seconds / 3600, 2) + ":" +
                         Padded(seconds / 60 % 60, 2);
      if (seconds % 60 != 0) text += ":" + Padded(seconds % 60, 2);
      return text;
    }
  }
  return "";
}

// A resolvable zone's UTC offset for a local date and time given as local seconds.
std::optional<int32_t> ZoneOffsetAtLocal(const Zone& zone, int64_t local_seconds) {
  switch (zone.kind) {
    case Zone::Kind::kNone:
      return std::nullopt;
    case Zone::Kind::kOffset:
      return zone.offset_seconds;
    case Zone::Kind::kIana: {
      const date::time_zone* tz = FindZone(zone.iana);
      if (tz == nullptr) return std::nullopt;
      return OffsetAtLocal(tz, local_seconds);
    }
  }
  return std::nullopt;
}

bool HasZone(const Zone& zone) { return zone.kind != Zone::Kind::kNone; }

// Nanoseconds since the epoch of a local date and time, as if it were UTC.
__int128 LocalNanos(const DateTime& dt) {
  return static_cast<__int128>(dt.date.DaysSinceEpoch()) * kNanosPerDay + dt.time.nanos_of_day;
}

DateTime FromLocalNanos(__int128 local_nanos, Zone zone) {
  const __int128 days = FloorDiv<__int128>(local_nanos, kNanosPerDay);
  const auto nanos_of_day = static_cast<int64_t>(local_nanos - days * kNanosPerDay);
  return DateTime{Date::FromDaysSinceEpoch(static_cast<int64_t>(days)),
                  Time{nanos_of_day, std::move(zone)}};
}

// A time as an instant on the reference date 1970-01-01, which also fixes the offset of an IANA
// zone (e.g. Europe/Paris is +01:00 there), as XPath compares times on a reference date.
__int128 TimeInstant(const Time& t) { return DateTime{Date{}, t}.EpochNanos(); }

int Sign(__int128 value) { return value < 0 ? -1 : (value > 0 ? 1 : 0); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public interface.

int64_t Date::DaysSinceEpoch() const { return DaysFromCivil(year, month, day); }

Date Date::FromDaysSinceEpoch(int64_t days) { return CivilFromDays(days); }

int Date::Weekday() const {
  return static_cast<int>(FloorMod<int64_t>(DaysSinceEpoch() + 3, 7)) + 1;  // 1970-01-01: Thu
}

int Time::Hour() const { return static_cast<int>(nanos_of_day / (3600 * kNanosPerSecond)); }
int Time::Minute() const { return static_cast<int>(nanos_of_day / (60 * kNanosPerSecond) % 60); }
int Time::Second() const { return static_cast<int>(nanos_of_day / kNanosPerSecond % 60); }

std::optional<int32_t> DateTime::OffsetSeconds() const {
  return ZoneOffsetAtLocal(
      time.zone, static_cast<int64_t>(FloorDiv<__int128>(LocalNanos(*this), kNanosPerSecond)));
}

__int128 DateTime::EpochNanos() const {
  return LocalNanos(*this) - static_cast<__int128>(OffsetSeconds().value_or(0)) * kNanosPerSecond;
}

std::optional<Date> ParseDate(std::string_view text) {
  Scanner s(text);
  std::optional<Date> date = ScanDate(s);
  if (!date || !s.AtEnd()) return std::nullopt;
  return date;
}

std::optional<Time> ParseTime(std::string_view text) {
  Scanner s(text);
  const std::optional<ClockTime> clock = ScanClock(s);
  if (!clock) return std::nullopt;
  std::optional<Zone> zone = ScanZone(s);
  if (!zone || !s.AtEnd()) return std::nullopt;
  return Time{clock->nanos_of_day, std::move(*zone)};
}

std::optional<DateTime> ParseDateTime(std::string_view text) {
  Scanner s(text);
  const std::optional<Date> date = ScanDate(s);
  if (!date) return std::nullopt;
  if (s.AtEnd()) return AtMidnight(*date);
  std::optional<ClockTime> clock;
  if (!s.Eat('T') || !(clock = ScanClock(s))) return std::nullopt;
  std::optional<Zone> zone = ScanZone(s);
  if (!zone || !s.AtEnd()) return std::nullopt;
  // XML Schema: "24:00:00" is the first instant of the next day.
  const Date day = clock->end_of_day ? Date::FromDaysSinceEpoch(date->DaysSinceEpoch() + 1) : *date;
  return DateTime{day, Time{clock->nanos_of_day, std::move(*zone)}};
}

std::optional<DayTimeDuration> ParseDayTimeDuration(std::string_view text) {
  const std::optional<DurationFields> f = ParseDurationFields(text);
  if (!f || f->years || f->months) return std::nullopt;
  const __int128 nanos = static_cast<__int128>(f->days.value_or(0)) * kNanosPerDay +
                         static_cast<__int128>(f->hours.value_or(0)) * 3600 * kNanosPerSecond +
                         static_cast<__int128>(f->minutes.value_or(0)) * 60 * kNanosPerSecond +
                         f->second_nanos.value_or(0);
  return DayTimeDuration{f->negative ? -nanos : nanos};
}

std::optional<YearMonthDuration> ParseYearMonthDuration(std::string_view text) {
  const std::optional<DurationFields> f = ParseDurationFields(text);
  if (!f || f->days || f->hours || f->minutes || f->second_nanos) return std::nullopt;
  const __int128 months = static_cast<__int128>(f->years.value_or(0)) * 12 + f->months.value_or(0);
  if (months > INT64_MAX) return std::nullopt;
  return YearMonthDuration{static_cast<int64_t>(f->negative ? -months : months)};
}

bool IsValidZoneId(std::string_view iana) { return FindZone(iana) != nullptr; }

std::string ToString(const Date& d) {
  return (d.year < 0 ? "-" : "") + Padded(Magnitude(d.year), 4) + "-" + Padded(d.month, 2) + "-" +
         Padded(d.day, 2);
}

std::string ToString(const Time& t) {
  const int64_t fraction = t.nanos_of_day % kNanosPerSecond;
  return Padded(t.Hour(), 2) + ":" + Padded(t.Minute(), 2) + ":" + Padded(t.Second(), 2) +
         FractionText(fraction) + ZoneText(t.zone);
}

std::string ToString(const DateTime& dt) { return ToString(dt.date) + "T" + ToString(dt.time); }

std::string ToString(const DayTimeDuration& d) {
  if (d.nanos == 0) return "PT0S";
  const unsigned __int128 total = Magnitude(d.nanos);
  const unsigned __int128 days = total / kNanosPerDay;
  const auto rest = static_cast<int64_t>(total % kNanosPerDay);
  const int64_t seconds = rest / kNanosPerSecond;
  const int64_t fraction = rest % kNanosPerSecond;
  std::string text = d.nanos < 0 ? "-P" : "P";
  if (days != 0) text += Padded(days, 1) + "D";
  if (rest == 0) return text;
  text += "T";
  if (seconds / 3600 != 0) text += Padded(seconds / 3600, 1) + "H";
  if (seconds / 60 % 60 != 0) text += Padded(seconds / 60 % 60, 1) + "M";
  if (seconds % 60 != 0 || fraction != 0) {
    text += Padded(seconds % 60, 1) + FractionText(fraction) + "S";
  }
  return text;
}

std::string ToString(const YearMonthDuration& d) {
  if (d.months == 0) return "P0M";
  const unsigned __int128 total = Magnitude(d.months);
  std::string text = d.months < 0 ? "-P" : "P";
  if (total / 12 != 0) text += Padded(total / 12, 1) + "Y";
  if (total % 12 != 0) text += Padded(total % 12, 1) + "M";
  return text;
}

std::optional<int> Compare(const Time& a, const Time& b) {
  if (HasZone(a.zone) != HasZone(b.zone)) return std::nullopt;
  return Sign(TimeInstant(a) - TimeInstant(b));
}

std::optional<int> Compare(const DateTime& a, const DateTime& b) {
  if (HasZone(a.time.zone) != HasZone(b.time.zone)) return std::nullopt;
  return Sign(a.EpochNanos() - b.EpochNanos());
}

std::optional<DayTimeDuration> Subtract(const DateTime& a, const DateTime& b) {
  if (HasZone(a.time.zone) != HasZone(b.time.zone)) return std::nullopt;
  return DayTimeDuration{a.EpochNanos() - b.EpochNanos()};
}

std::optional<DayTimeDuration> Subtract(const Time& a, const Time& b) {
  if (HasZone(a.zone) != HasZone(b.zone)) return std::nullopt;
  return DayTimeDuration{TimeInstant(a) - TimeInstant(b)};
}

DateTime Add(const DateTime& a, const DayTimeDuration& d) {
  const date::time_zone* zone =
      a.time.zone.kind == Zone::Kind::kIana ? FindZone(a.time.zone.iana) : nullptr;
  if (zone == nullptr) return FromLocalNanos(LocalNanos(a) + d.nanos, a.time.zone);
  // An IANA zone's offset may differ at the result: move the instant, then read the local time.
  const __int128 instant = a.EpochNanos() + d.nanos;
  const int32_t offset =
      OffsetAtInstant(zone, static_cast<int64_t>(FloorDiv<__int128>(instant, kNanosPerSecond)));
  return FromLocalNanos(instant + static_cast<__int128>(offset) * kNanosPerSecond, a.time.zone);
}

DateTime Add(const DateTime& a, const YearMonthDuration& d) {
  const int64_t month_index = a.date.year * 12 + (a.date.month - 1) + d.months;
  const int64_t year = FloorDiv<int64_t>(month_index, 12);
  const int month = static_cast<int>(FloorMod<int64_t>(month_index, 12)) + 1;
  return DateTime{Date{year, month, std::min(a.date.day, DaysInMonth(year, month))}, a.time};
}

Time Add(const Time& a, const DayTimeDuration& d) {
  const auto nanos =
      static_cast<int64_t>(FloorMod<__int128>(a.nanos_of_day + d.nanos, kNanosPerDay));
  return Time{nanos, a.zone};
}

YearMonthDuration MonthsBetween(const Date& from, const Date& to) {
  int64_t months = (to.year - from.year) * 12 + (to.month - from.month);
  // Only whole months count, as java.time.Period.between: truncate toward zero.
  if (months > 0 && to.day < from.day) --months;
  if (months < 0 && to.day > from.day) ++months;
  return YearMonthDuration{months};
}

DateTime AtMidnight(const Date& d) { return DateTime{d, Time{}}; }

}  // namespace tamga::feel

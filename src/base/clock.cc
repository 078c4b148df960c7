#include "base/clock.h"

#include <cstdio>

#include <date/tz.h>

#include "base/time.h"

namespace tamga::base {
namespace {

bool Digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int Number(std::string_view s, size_t at, size_t n) {
  int v = 0;
  for (size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

const date::time_zone* FindZone(const std::string& zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

Clock Clock::Real() { return Clock(); }

Clock Clock::StartingAt(Instant start) {
  Clock c;
  c.offset_ = start - std::chrono::system_clock::now();
  c.shifted_ = true;
  return c;
}

Instant Clock::Now() const { return std::chrono::system_clock::now() + offset_; }

std::string Clock::NowIso() const { return IsoUtc(Now()); }

std::optional<Instant> ParseInstant(std::string_view s) {
  // YYYY-MM-DDTHH:MM
  if (!Digits(s, 0, 4) || s.size() < 16 || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' ||
      !Digits(s, 8, 2) || (s[10] != 'T' && s[10] != 't') || !Digits(s, 11, 2) || s[13] != ':' ||
      !Digits(s, 14, 2))
    return std::nullopt;
  int year = Number(s, 0, 4), month = Number(s, 5, 2), day = Number(s, 8, 2);
  int hour = Number(s, 11, 2), minute = Number(s, 14, 2), second = 0;
  int64_t nanos = 0;
  size_t at = 16;
  if (at < s.size() && s[at] == ':') {
    if (!Digits(s, at + 1, 2)) return std::nullopt;
    second = Number(s, at + 1, 2);
    at += 3;
    if (at < s.size() && s[at] == '.') {
      size_t start = ++at;
      while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
      if (at == start || at - start > 9) return std::nullopt;
      nanos = Number(s, start, at - start);
      for (size_t i = at - start; i < 9; ++i) nanos *= 10;
    }
  }
  int offset_minutes = 0;
  if (at < s.size() && (s[at] == 'Z' || s[at] == 'z') && at + 1 == s.size()) {
    offset_minutes = 0;
  } else if (at < s.size() && (s[at] == '+' || s[at] == '-') && at + 6 == s.size() &&
             Digits(s, at + 1, 2) && s[at + 3] == ':' && Digits(s, at + 4, 2)) {
    int hours = Number(s, at + 1, 2), minutes = Number(s, at + 4, 2);
    if (hours > 14 || minutes > 59) return std::nullopt;
    offset_minutes = (s[at] == '-' ? -1 : 1) * (hours * 60 + minutes);
  } else {
    return std::nullopt;
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  date::year_month_day ymd{date::year(year), date::month(static_cast<unsigned>(month)),
                           date::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return std::nullopt;
  auto t = date::sys_days(ymd) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
           std::chrono::seconds(second) - std::chrono::minutes(offset_minutes);
  return std::chrono::time_point_cast<Instant::duration>(t) +
         std::chrono::duration_cast<Instant::duration>(std::chrono::nanoseconds(nanos));
}

std::expected<std::string, std::string> LocalDate(Instant t, const std::string& zone) {
  auto local = LocalDateTime(t, zone);
  if (!local) return local;
  return local->substr(0, 10);
}

std::expected<std::string, std::string> LocalDateTime(Instant t, const std::string& zone) {
  const date::time_zone* tz = FindZone(zone);
  if (!tz) return std::unexpected("unknown time zone \"" + zone + "\"");
  auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  date::sys_info info = tz->get_info(seconds);
  auto local = seconds + info.offset;
  auto day = std::chrono::floor<date::days>(local);
  date::year_month_day ymd{day};
  date::hh_mm_ss hms{local - day};
  auto off = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                off < 0 ? '-' : '+', static_cast<int>((off < 0 ? -off : off) / 60),
                static_cast<int>((off < 0 ? -off : off) % 60));
  return std::string(buf);
}

}  // namespace tamga::base

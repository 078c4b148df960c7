// The one clock of the process, and the conversion of instants to the local calendar of a time
// zone. Real time by default; for training systems and tests (`tamga serve --clock`) the clock
// starts at a chosen instant and runs on from there. Services take a Clock; no code reads the
// system time directly, so every instant recorded by one process comes from the same clock.
#pragma once

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace tamga::base {

using Instant = std::chrono::system_clock::time_point;

class Clock {
 public:
  // The system's clock.
  static Clock Real();
  // A clock that reads `start` now and advances in real time from here on.
  static Clock StartingAt(Instant start);

  Instant Now() const;
  std::string NowIso() const;  // IsoUtc(Now())
  bool shifted() const { return shifted_; }

 private:
  std::chrono::system_clock::duration offset_{};
  bool shifted_ = false;
};

// An instant written in ISO 8601 with a zone: "2022-09-26T10:00:00+06:00", "2022-09-26T04:00Z",
// "2022-09-26T04:00:00.123Z". Seconds and fractions are optional; the zone is not. nullopt for
// anything else (a local time without an offset names no instant).
std::optional<Instant> ParseInstant(std::string_view text);

// The calendar date "YYYY-MM-DD" at instant `t` in the IANA zone `zone` ("Asia/Almaty"), with the
// zone's history (Kazakhstan's move from UTC+6 to UTC+5 on 2024-03-01 included). Fails naming the
// zone when it is unknown.
std::expected<std::string, std::string> LocalDate(Instant t, const std::string& zone);
// The local date and time with its offset, "2022-09-26T10:00:00+06:00", to the second.
std::expected<std::string, std::string> LocalDateTime(Instant t, const std::string& zone);

}  // namespace tamga::base

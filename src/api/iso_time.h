// UTC timestamps as the rest of tamga writes them: ISO 8601 ("2022-09-26T10:15:00Z").
#pragma once

#include <chrono>
#include <ctime>
#include <string>

namespace tamga::api {

inline std::string IsoUtc(std::chrono::system_clock::time_point t) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace tamga::api

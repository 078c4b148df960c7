// UTC timestamps as tamga writes them everywhere (history, audit entries, records):
// ISO 8601 with milliseconds, "2022-09-26T10:15:00.123Z".
#pragma once

#include <chrono>
#include <string>

namespace tamga::base {

std::string IsoUtc(std::chrono::system_clock::time_point t);
inline std::string UtcNow() { return IsoUtc(std::chrono::system_clock::now()); }

}  // namespace tamga::base

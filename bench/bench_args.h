// What the benchmark programs share: a whole-number option from the command line and elapsed time.
#pragma once

#include <chrono>
#include <cstdlib>
#include <string_view>

namespace tamga::bench {

// The value of `--name N` on the command line, or `fallback`.
inline int Arg(int argc, char** argv, std::string_view name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == name) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

// Seconds since `since` on the steady clock.
inline double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace tamga::bench

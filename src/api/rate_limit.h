// Per-address request limits for the routes that let an anonymous client guess or flood: logins,
// access-code lookups and anonymous submissions. A token bucket per client address; the server
// answers 429 with Retry-After when a bucket is empty (docs/api.md, "Limits").
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tamga::api {

// How many requests of one class an address may make: `requests` per `per`, refilled evenly, with
// at most `requests` at once (a burst). 0 requests: no limit.
struct RateLimit {
  int requests = 0;
  std::chrono::seconds per{60};
  // Exponential back-off: each request refused while the address is already refused doubles its
  // wait (from per / requests up to max_backoff). A client that honours Retry-After loses nothing;
  // one that keeps guessing locks itself out for longer and longer.
  bool backoff = false;
  std::chrono::seconds max_backoff{15 * 60};

  bool unlimited() const { return requests <= 0 || per.count() <= 0; }
};

// The limits of ServerOptions, one per class of route (RateClass in routes.h).
struct RateLimits {
  RateLimit login{10, std::chrono::seconds(60), true};  // POST /api/v1/auth/login
  RateLimit access_code{30, std::chrono::seconds(60)};  // status lookups, access-code routes
  RateLimit submission{20, std::chrono::seconds(60)};   // POST /api/v1/applications, no token

  // No limits at all: for tests and benchmarks that drive many requests from one address.
  static RateLimits Off() { return {RateLimit{}, RateLimit{}, RateLimit{}}; }
};

// The key an address is counted under: an IPv4 address as it is, an IPv6 address by its /64
// prefix (one host commonly holds a whole /64, so counting single addresses would not limit it).
std::string RateKey(std::string_view address);

// One class's token buckets, by address. Thread-safe. Memory is bounded: buckets that have refilled
// are dropped, and past `max_tracked` addresses the oldest-looking are evicted (an attacker who
// cycles through that many addresses can reset buckets, but no one can grow the table without end).
class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  struct Decision {
    bool allowed = true;
    std::chrono::seconds retry_after{0};  // when refused: whole seconds, at least 1
  };

  explicit RateLimiter(RateLimit limit, Clock clock = std::chrono::steady_clock::now,
                       size_t max_tracked = 100000);

  // Counts one request from `address` (any string; RateKey is applied) and says whether it may go.
  Decision Take(std::string_view address);

  const RateLimit& limit() const { return limit_; }
  size_t Tracked() const;  // addresses with a bucket

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Bucket {
    double tokens = 0;
    TimePoint updated;
    TimePoint blocked_until;  // back-off: refused until then whatever the tokens say
    int strikes = 0;          // requests refused in a row
  };
  void Refill(Bucket& bucket, TimePoint now) const;
  void Sweep(TimePoint now);

  RateLimit limit_;
  Clock clock_;
  size_t max_tracked_;
  double per_second_;  // tokens added per second
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  size_t takes_since_sweep_ = 0;
};

}  // namespace tamga::api

// Per-address request limits for the routes that let an anonymous client guess or flood: logins,
// access-code lookups and anonymous submissions. A token bucket per client address; the server
// answers 429 with Retry-After when a bucket is empty (docs/api.md, "Limits").
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tamga::store {
class Database;
}

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

// The answer to one request: go on, or wait this long.
struct RateDecision {
  bool allowed = true;
  std::chrono::seconds retry_after{0};  // when refused: whole seconds, at least 1
};

// One address's bucket. Times are seconds since whatever fixed epoch the caller's clock counts
// from (the in-process limiter's steady clock, the wall clock for buckets shared in a database).
struct RateBucket {
  double tokens = 0;
  double updated = 0;
  double blocked_until = 0;  // back-off: refused until then whatever the tokens say
  int strikes = 0;           // requests refused in a row
};

// The token-bucket arithmetic, the one copy both limiters use: refills `bucket` up to `now`, then
// takes a token or says how long to wait (doubling the wait under back-off). A new bucket is
// {limit.requests, now}. `limit` must not be unlimited().
RateDecision TakeToken(const RateLimit& limit, RateBucket& bucket, double now);

// Whether a bucket has refilled and is not blocked, i.e. is the same as no bucket at all.
bool IsIdle(const RateLimit& limit, const RateBucket& bucket, double now);

// One class's token buckets, by address. Thread-safe. Memory is bounded: buckets that have refilled
// are dropped, and past `max_tracked` addresses the oldest-looking are evicted (an attacker who
// cycles through that many addresses can reset buckets, but no one can grow the table without end).
class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  using Decision = RateDecision;

  explicit RateLimiter(RateLimit limit, Clock clock = std::chrono::steady_clock::now,
                       size_t max_tracked = 100000);

  // Counts one request from `address` (any string; RateKey is applied) and says whether it may go.
  Decision Take(std::string_view address);

  const RateLimit& limit() const { return limit_; }
  size_t Tracked() const;  // addresses with a bucket

 private:
  double Now() const;  // seconds on clock_
  void Sweep(double now);

  RateLimit limit_;
  Clock clock_;
  size_t max_tracked_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, RateBucket> buckets_;
  size_t takes_since_sweep_ = 0;
};

// The same limits counted in the database, so that an address gets one allowance from all the
// instances behind a load balancer, not one from each (docs/api.md, "Limits"). Each Take is one
// short write transaction that locks the address's bucket row, so it runs on a worker thread; the
// server puts the in-process RateLimiter in front of it on the I/O thread, which refuses a flood
// without reaching the database. Buckets are kept in wall-clock seconds: instances' clocks are
// assumed to agree to well under a second (NTP).
class SharedRateLimits {
 public:
  using WallClock = std::function<std::chrono::system_clock::time_point()>;

  // Creates the table (a migration) if it is missing. Every `sweep_every` takes, buckets that
  // have refilled are deleted.
  static std::expected<std::unique_ptr<SharedRateLimits>, std::string> Open(
      store::Database& db, WallClock clock = std::chrono::system_clock::now,
      uint64_t sweep_every = 4096);

  // Counts one request of class `name` ("login", ...) from `address` under `limit`. When the
  // database cannot be reached the request is allowed (the caller's in-process limit still
  // holds) and the error is reported once on stderr: a database outage must not lock every
  // applicant out, and nothing is written anyway while it lasts.
  RateDecision Take(std::string_view name, const RateLimit& limit, std::string_view address);

  // Buckets stored (for tests).
  int64_t Stored() const;

 private:
  SharedRateLimits(store::Database& db, WallClock clock, uint64_t sweep_every)
      : db_(db), clock_(std::move(clock)), sweep_every_(std::max<uint64_t>(sweep_every, 1)) {}
  void Sweep(std::string_view name, const RateLimit& limit, double now);

  store::Database& db_;
  WallClock clock_;
  uint64_t sweep_every_;
  std::atomic<uint64_t> takes_{0};
  std::atomic<bool> reported_{false};
};

}  // namespace tamga::api

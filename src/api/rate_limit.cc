#include "api/rate_limit.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include "store/database.h"

namespace tamga::api {

std::string RateKey(std::string_view address) {
  std::string text(address);
  in6_addr v6{};
  if (text.find(':') == std::string::npos || inet_pton(AF_INET6, text.c_str(), &v6) != 1) {
    return text;
  }
  std::memset(v6.s6_addr + 8, 0, 8);
  char prefix[INET6_ADDRSTRLEN];
  if (!inet_ntop(AF_INET6, &v6, prefix, sizeof prefix)) return text;
  return std::string(prefix) + "/64";
}

RateDecision TakeToken(const RateLimit& limit, RateBucket& bucket, double now) {
  const double per_second =
      static_cast<double>(limit.requests) / static_cast<double>(limit.per.count());
  if (now > bucket.updated) {
    bucket.tokens =
        std::min<double>(limit.requests, bucket.tokens + (now - bucket.updated) * per_second);
    bucket.updated = now;
  }
  bool blocked = limit.backoff && now < bucket.blocked_until;
  if (!blocked && bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    bucket.strikes = 0;
    return {};
  }
  // Refused: the wait until the next token, or (back-off) the doubled penalty if that is longer.
  double wait = (1.0 - std::min(bucket.tokens, 1.0)) / per_second;
  if (limit.backoff) {
    bucket.strikes = std::min(bucket.strikes + 1, 30);
    double penalty = std::min<double>(static_cast<double>(limit.max_backoff.count()),
                                      std::ldexp(1.0, bucket.strikes - 1) / per_second);
    bucket.blocked_until = std::max(bucket.blocked_until, now + std::max(wait, penalty));
    wait = bucket.blocked_until - now;
  }
  auto seconds = static_cast<long long>(std::ceil(wait));
  return {false, std::chrono::seconds(std::max<long long>(seconds, 1))};
}

bool IsIdle(const RateLimit& limit, const RateBucket& bucket, double now) {
  const double per_second =
      static_cast<double>(limit.requests) / static_cast<double>(limit.per.count());
  double tokens = bucket.tokens + std::max(0.0, now - bucket.updated) * per_second;
  return tokens >= limit.requests && now >= bucket.blocked_until;
}

RateLimiter::RateLimiter(RateLimit limit, Clock clock, size_t max_tracked)
    : limit_(limit), clock_(std::move(clock)), max_tracked_(std::max<size_t>(max_tracked, 1)) {}

double RateLimiter::Now() const {
  return std::chrono::duration<double>(clock_().time_since_epoch()).count();
}

RateLimiter::Decision RateLimiter::Take(std::string_view address) {
  if (limit_.unlimited()) return {};
  const double now = Now();
  std::lock_guard lock(mutex_);
  if (++takes_since_sweep_ >= 4096 || buckets_.size() >= max_tracked_) Sweep(now);
  auto [it, created] = buckets_.try_emplace(RateKey(address));
  if (created) it->second = RateBucket{static_cast<double>(limit_.requests), now, 0, 0};
  return TakeToken(limit_, it->second, now);
}

void RateLimiter::Sweep(double now) {
  takes_since_sweep_ = 0;
  std::erase_if(buckets_, [&](const auto& entry) { return IsIdle(limit_, entry.second, now); });
  // Still full: addresses cycled faster than buckets refill. Evict to make room; which ones does
  // not matter much, as each evicted address merely starts again with a full bucket.
  while (buckets_.size() >= max_tracked_) buckets_.erase(buckets_.begin());
}

size_t RateLimiter::Tracked() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

namespace {

// Stored as integers, which both engines keep exactly: tokens in millionths, times in microseconds
// since 1970 (UTC).
constexpr double kScale = 1e6;
int64_t Scaled(double value) { return static_cast<int64_t>(std::llround(value * kScale)); }
double Unscaled(int64_t value) { return static_cast<double>(value) / kScale; }

const std::vector<store::Migration>& SharedSchema() {
  static const std::vector<store::Migration> schema = {
      {200, "api: rate-limit buckets shared by the instances on one database", R"(
CREATE TABLE rate_buckets (
  class TEXT NOT NULL,              -- login, access-code, submission
  address TEXT NOT NULL,            -- RateKey of the client address
  tokens INTEGER NOT NULL,          -- millionths of a request
  updated INTEGER NOT NULL,         -- microseconds since 1970 UTC
  blocked_until INTEGER NOT NULL,   -- microseconds since 1970 UTC; 0: not blocked
  strikes INTEGER NOT NULL,
  PRIMARY KEY (class, address)
);
CREATE INDEX rate_buckets_by_update ON rate_buckets (class, updated)
)"}};
  return schema;
}

}  // namespace

std::expected<std::unique_ptr<SharedRateLimits>, std::string> SharedRateLimits::Open(
    store::Database& db, WallClock clock, uint64_t sweep_every) {
  if (auto migrated = db.Migrate(SharedSchema()); !migrated)
    return std::unexpected("rate limits: " + migrated.error().message);
  return std::unique_ptr<SharedRateLimits>(new SharedRateLimits(db, std::move(clock), sweep_every));
}

RateDecision SharedRateLimits::Take(std::string_view name, const RateLimit& limit,
                                    std::string_view address) {
  if (limit.unlimited()) return {};
  const double now = std::chrono::duration<double>(clock_().time_since_epoch()).count();
  const std::string key = RateKey(address);
  std::optional<store::Error> failed;
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto tx = db_.Begin();
    if (!tx) {
      failed = tx.error();
      if (!failed->busy) break;
      continue;
    }
    // The insert-or-touch locks the address's row (PostgreSQL: until commit), so two instances
    // counting the same address take turns and neither loses the other's token.
    auto touched = tx->Execute(
        "INSERT INTO rate_buckets (class, address, tokens, updated, blocked_until, strikes) "
        "VALUES (?, ?, ?, ?, 0, 0) "
        "ON CONFLICT (class, address) DO UPDATE SET strikes = rate_buckets.strikes",
        {std::string(name), key, Scaled(limit.requests), Scaled(now)});
    auto rows = touched
                    ? tx->Query(
                          "SELECT tokens, updated, blocked_until, strikes FROM rate_buckets "
                          "WHERE class = ? AND address = ?",
                          {std::string(name), key})
                    : std::expected<store::Rows, store::Error>(std::unexpected(touched.error()));
    if (!rows || rows->empty()) {
      failed = rows ? store::Error{"the bucket row vanished"} : rows.error();
      if (!failed->busy) break;
      continue;
    }
    const store::Row& row = rows->front();
    RateBucket bucket{Unscaled(row.Int(0)), Unscaled(row.Int(1)), Unscaled(row.Int(2)),
                      static_cast<int>(row.Int(3))};
    RateDecision decision = TakeToken(limit, bucket, now);
    auto saved = tx->Execute(
        "UPDATE rate_buckets SET tokens = ?, updated = ?, blocked_until = ?, strikes = ? "
        "WHERE class = ? AND address = ?",
        {Scaled(bucket.tokens), Scaled(bucket.updated), Scaled(bucket.blocked_until),
         int64_t{bucket.strikes}, std::string(name), key});
    auto committed =
        saved ? tx->Commit() : std::expected<void, store::Error>(std::unexpected(saved.error()));
    if (!committed) {
      failed = committed.error();
      if (!failed->busy) break;
      continue;
    }
    if (++takes_ % sweep_every_ == 0) Sweep(name, limit, now);
    return decision;
  }
  if (failed && !reported_.exchange(true))
    std::fprintf(stderr,
                 "tamga api: shared rate limits unavailable (%s); each instance counts on its own "
                 "until the database answers\n",
                 failed->message.c_str());
  return {};
}

// Drops the class's buckets that have refilled and are not blocked: they are the same as none.
void SharedRateLimits::Sweep(std::string_view name, const RateLimit& limit, double now) {
  auto tx = db_.Begin();
  if (!tx) return;
  double full_after = static_cast<double>(limit.per.count());
  (void)tx->Execute(
      "DELETE FROM rate_buckets WHERE class = ? AND updated < ? AND blocked_until < ?",
      {std::string(name), Scaled(now - full_after), Scaled(now)});
  (void)tx->Commit();
}

int64_t SharedRateLimits::Stored() const {
  auto tx = db_.Begin();
  if (!tx) return -1;
  auto rows = tx->Query("SELECT COUNT(*) FROM rate_buckets");
  return rows && !rows->empty() ? rows->front().Int(0) : -1;
}

}  // namespace tamga::api

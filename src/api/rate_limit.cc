#include "api/rate_limit.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstring>

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

RateLimiter::RateLimiter(RateLimit limit, Clock clock, size_t max_tracked)
    : limit_(limit),
      clock_(std::move(clock)),
      max_tracked_(std::max<size_t>(max_tracked, 1)),
      per_second_(limit.unlimited() ? 0.0
                                    : static_cast<double>(limit.requests) /
                                          static_cast<double>(limit.per.count())) {}

void RateLimiter::Refill(Bucket& bucket, TimePoint now) const {
  if (now <= bucket.updated) return;
  double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  bucket.tokens = std::min<double>(limit_.requests, bucket.tokens + elapsed * per_second_);
  bucket.updated = now;
}

RateLimiter::Decision RateLimiter::Take(std::string_view address) {
  if (limit_.unlimited()) return {};
  const TimePoint now = clock_();
  std::lock_guard lock(mutex_);
  if (++takes_since_sweep_ >= 4096 || buckets_.size() >= max_tracked_) Sweep(now);
  std::string key = RateKey(address);
  auto [it, created] = buckets_.try_emplace(key);
  Bucket& bucket = it->second;
  if (created) {
    bucket.tokens = limit_.requests;
    bucket.updated = now;
  }
  Refill(bucket, now);
  bool blocked = limit_.backoff && now < bucket.blocked_until;
  if (!blocked && bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    bucket.strikes = 0;
    return {};
  }
  // Refused: the wait until the next token, or (back-off) the doubled penalty if that is longer.
  double wait = (1.0 - std::min(bucket.tokens, 1.0)) / per_second_;
  if (limit_.backoff) {
    bucket.strikes = std::min(bucket.strikes + 1, 30);
    double interval = 1.0 / per_second_;
    double penalty = std::min<double>(static_cast<double>(limit_.max_backoff.count()),
                                      interval * std::ldexp(1.0, bucket.strikes - 1));
    auto until = now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(std::max(wait, penalty)));
    bucket.blocked_until = std::max(bucket.blocked_until, until);
    wait = std::chrono::duration<double>(bucket.blocked_until - now).count();
  }
  auto seconds = static_cast<long long>(std::ceil(wait));
  return {false, std::chrono::seconds(std::max<long long>(seconds, 1))};
}

void RateLimiter::Sweep(TimePoint now) {
  takes_since_sweep_ = 0;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    Bucket& bucket = it->second;
    Refill(bucket, now);
    bool idle = bucket.tokens >= limit_.requests && now >= bucket.blocked_until;
    it = idle ? buckets_.erase(it) : std::next(it);
  }
  // Still full: addresses cycled faster than buckets refill. Evict to make room; which ones does
  // not matter much, as each evicted address merely starts again with a full bucket.
  while (buckets_.size() >= max_tracked_) buckets_.erase(buckets_.begin());
}

size_t RateLimiter::Tracked() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace tamga::api

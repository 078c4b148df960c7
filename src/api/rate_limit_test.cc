// Per-address token buckets, on a clock the test moves.
#include "api/rate_limit.h"

#include <gtest/gtest.h>

namespace tamga::api {
namespace {

using std::chrono::seconds;

class FakeClock {
 public:
  std::chrono::steady_clock::time_point Now() const { return now_; }
  void Advance(std::chrono::steady_clock::duration d) { now_ += d; }
  RateLimiter::Clock Function() {
    return [this] { return Now(); };
  }

 private:
  std::chrono::steady_clock::time_point now_{seconds(1000)};
};

TEST(RateLimitTest, ABurstThenOneRequestPerInterval) {
  FakeClock clock;
  RateLimiter limiter({.requests = 3, .per = seconds(60)}, clock.Function());
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("10.0.0.1").allowed) << i;
  RateLimiter::Decision refused = limiter.Take("10.0.0.1");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, seconds(20));  // one token every 20 s
  clock.Advance(seconds(10));
  EXPECT_EQ(limiter.Take("10.0.0.1").retry_after, seconds(10));
  clock.Advance(seconds(10));
  EXPECT_TRUE(limiter.Take("10.0.0.1").allowed);
  EXPECT_FALSE(limiter.Take("10.0.0.1").allowed);
  // Other addresses have their own buckets.
  EXPECT_TRUE(limiter.Take("10.0.0.2").allowed);
  // A full minute refills the whole burst, and no more.
  clock.Advance(seconds(600));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("10.0.0.1").allowed) << i;
  EXPECT_FALSE(limiter.Take("10.0.0.1").allowed);
}

TEST(RateLimitTest, BackOffDoublesWhileRefusedRequestsGoOnAndResetsWhenHonoured) {
  FakeClock clock;
  RateLimiter limiter(
      {.requests = 10, .per = seconds(60), .backoff = true, .max_backoff = seconds(100)},
      clock.Function());
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.Take("10.0.0.1").allowed);
  std::vector<long> waits;
  for (int i = 0; i < 6; ++i) {
    RateLimiter::Decision d = limiter.Take("10.0.0.1");
    EXPECT_FALSE(d.allowed);
    waits.push_back(static_cast<long>(d.retry_after.count()));
  }
  EXPECT_EQ(waits, (std::vector<long>{6, 12, 24, 48, 96, 100}));  // capped at max_backoff
  // Waiting out the block (the bucket has refilled meanwhile) lets the client in again...
  clock.Advance(seconds(100));
  EXPECT_TRUE(limiter.Take("10.0.0.1").allowed);
  // ...and the next refusal starts again from the base wait.
  for (int i = 0; i < 9; ++i) EXPECT_TRUE(limiter.Take("10.0.0.1").allowed);
  EXPECT_EQ(limiter.Take("10.0.0.1").retry_after, seconds(6));
}

TEST(RateLimitTest, NoLimitAllowsEverything) {
  RateLimiter limiter(RateLimit{});
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.Take("10.0.0.1").allowed);
  EXPECT_EQ(limiter.Tracked(), 0u);
  RateLimits off = RateLimits::Off();
  EXPECT_TRUE(off.login.unlimited() && off.access_code.unlimited() && off.submission.unlimited());
  RateLimits defaults;
  EXPECT_FALSE(defaults.login.unlimited());
  EXPECT_TRUE(defaults.login.backoff);
}

TEST(RateLimitTest, IPv6AddressesCountByTheirSlash64) {
  EXPECT_EQ(RateKey("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(RateKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(RateKey("2001:db8:1:2:bbbb::9"), "2001:db8:1:2::/64");
  EXPECT_EQ(RateKey("not an address"), "not an address");
  FakeClock clock;
  RateLimiter limiter({.requests = 1, .per = seconds(60)}, clock.Function());
  EXPECT_TRUE(limiter.Take("2001:db8:1:2::1").allowed);
  EXPECT_FALSE(limiter.Take("2001:db8:1:2::2").allowed);
  EXPECT_TRUE(limiter.Take("2001:db8:1:3::1").allowed);
}

TEST(RateLimitTest, MemoryIsBoundedAndRefilledBucketsAreDropped) {
  FakeClock clock;
  RateLimiter limiter({.requests = 2, .per = seconds(60)}, clock.Function(), /*max_tracked=*/100);
  for (int i = 0; i < 1000; ++i)
    limiter.Take("10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256));
  EXPECT_LE(limiter.Tracked(), 100u);
  clock.Advance(seconds(120));
  limiter.Take("10.9.9.9");  // a full table is swept first: every bucket has refilled
  EXPECT_EQ(limiter.Tracked(), 1u);
}

}  // namespace
}  // namespace tamga::api

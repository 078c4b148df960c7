// Per-address token buckets, on a clock the test moves.
#include "api/rate_limit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "store/test_database.h"

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

// Two instances on one database, as two SharedRateLimits on two connections: an address gets one
// allowance between them (docs/api.md, "Limits"; issue 10: rate-limit counters are shared).
class SharedRateLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tamga-rate-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    for (auto* db : {&db_a_, &db_b_}) {
      auto opened = store::OpenTestDatabase(dir_);
      ASSERT_TRUE(opened) << opened.error().message;
      *db = *std::move(opened);
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<SharedRateLimits> Open(store::Database& db) {
    auto opened = SharedRateLimits::Open(
        db, [this] { return now_.load(); }, 100);
    EXPECT_TRUE(opened) << opened.error();
    return opened ? *std::move(opened) : nullptr;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_a_, db_b_;
  std::atomic<std::chrono::system_clock::time_point> now_{
      std::chrono::system_clock::time_point(seconds(1'800'000'000))};
};

TEST_F(SharedRateLimitsTest, TwoInstancesShareOneAllowance) {
  auto a = Open(*db_a_);
  auto b = Open(*db_b_);
  ASSERT_TRUE(a && b);
  const RateLimit limit{.requests = 4, .per = seconds(60)};
  EXPECT_TRUE(a->Take("login", limit, "10.0.0.1").allowed);
  EXPECT_TRUE(b->Take("login", limit, "10.0.0.1").allowed);
  EXPECT_TRUE(a->Take("login", limit, "10.0.0.1").allowed);
  EXPECT_TRUE(b->Take("login", limit, "10.0.0.1").allowed);
  RateDecision refused = a->Take("login", limit, "10.0.0.1");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, seconds(15));  // one token every 15 s
  EXPECT_FALSE(b->Take("login", limit, "10.0.0.1").allowed);
  // Classes and addresses are counted apart; an IPv6 /64 is one address.
  EXPECT_TRUE(b->Take("submission", limit, "10.0.0.1").allowed);
  EXPECT_TRUE(b->Take("login", limit, "10.0.0.2").allowed);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(a->Take("login", limit, "2001:db8::1").allowed) << i;
  EXPECT_FALSE(b->Take("login", limit, "2001:db8::ffff").allowed);
  // The refill is shared too: 15 s later one more request goes, on either instance.
  now_ = now_.load() + seconds(15);
  EXPECT_TRUE(b->Take("login", limit, "10.0.0.1").allowed);
  EXPECT_FALSE(a->Take("login", limit, "10.0.0.1").allowed);
}

TEST_F(SharedRateLimitsTest, BackOffDoublesAcrossInstances) {
  auto a = Open(*db_a_);
  auto b = Open(*db_b_);
  ASSERT_TRUE(a && b);
  const RateLimit limit{.requests = 2, .per = seconds(60), .backoff = true};
  EXPECT_TRUE(a->Take("login", limit, "10.0.0.9").allowed);
  EXPECT_TRUE(b->Take("login", limit, "10.0.0.9").allowed);
  // Refused in a row, alternating instances: 30 s, 60 s, 120 s (doubling from per / requests).
  EXPECT_EQ(a->Take("login", limit, "10.0.0.9").retry_after, seconds(30));
  EXPECT_EQ(b->Take("login", limit, "10.0.0.9").retry_after, seconds(60));
  EXPECT_EQ(a->Take("login", limit, "10.0.0.9").retry_after, seconds(120));
}

// Concurrent takes from two connections lose no count: of 2 x 40 requests exactly `requests` go.
TEST_F(SharedRateLimitsTest, ConcurrentTakesGrantExactlyTheAllowance) {
  auto a = Open(*db_a_);
  auto b = Open(*db_b_);
  ASSERT_TRUE(a && b);
  const RateLimit limit{.requests = 25, .per = seconds(3600)};
  std::atomic<int> allowed = 0;
  auto run = [&](SharedRateLimits& limits) {
    for (int i = 0; i < 40; ++i) allowed += limits.Take("submission", limit, "10.1.1.1").allowed;
  };
  std::thread ta(run, std::ref(*a)), tb(run, std::ref(*b));
  ta.join();
  tb.join();
  EXPECT_EQ(allowed.load(), 25);
}

// Buckets that have refilled are deleted now and then, so the table does not grow without end.
TEST_F(SharedRateLimitsTest, RefilledBucketsAreSwept) {
  auto a = Open(*db_a_);
  ASSERT_TRUE(a);
  const RateLimit limit{.requests = 5, .per = seconds(60)};
  for (int i = 0; i < 99; ++i) a->Take("access-code", limit, "10.2.0." + std::to_string(i));
  EXPECT_EQ(a->Stored(), 99);
  now_ = now_.load() + seconds(61);
  a->Take("access-code", limit, "10.3.0.1");  // the 100th take sweeps
  EXPECT_EQ(a->Stored(), 1);
}

}  // namespace
}  // namespace tamga::api

#include <gtest/gtest.h>

#include "base/clock.h"
#include "base/sha256.h"
#include "base/time.h"

namespace tamga::base {
namespace {

TEST(Sha256Test, KnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(IsSha256Hex(Sha256Hex("x")));
  EXPECT_FALSE(IsSha256Hex("ABC"));
}

TEST(TimeTest, IsoUtcWithMilliseconds) {
  std::chrono::system_clock::time_point t{std::chrono::milliseconds(1664187300123)};
  EXPECT_EQ(IsoUtc(t), "2022-09-26T10:15:00.123Z");
}

TEST(ClockTest, ParsesInstantsWithTheirOffsetOnly) {
  auto t = ParseInstant("2022-09-26T10:00:00+06:00");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(IsoUtc(*t), "2022-09-26T04:00:00.000Z");
  EXPECT_EQ(IsoUtc(*ParseInstant("2022-09-26T04:00Z")), "2022-09-26T04:00:00.000Z");
  EXPECT_EQ(IsoUtc(*ParseInstant("2022-09-26T04:00:00.123456Z")), "2022-09-26T04:00:00.123Z");
  EXPECT_EQ(IsoUtc(*ParseInstant("2022-09-25T23:30:00-04:30")), "2022-09-26T04:00:00.000Z");
  for (const char* bad : {"2022-09-26T10:00:00", "2022-09-26", "2022-02-30T10:00Z",
                          "2022-09-26T24:00Z", "2022-09-26T10:00:00+6:00", "2022-09-26T10:00Zx",
                          "2022-09-26 10:00Z", "2022-09-26T10:00:00.Z", ""}) {
    EXPECT_FALSE(ParseInstant(bad).has_value()) << bad;
  }
}

// The local calendar of a zone with its history: Almaty at UTC+6 until Kazakhstan's move to a
// single zone, UTC+5, on 2024-03-01 (Government Decree No. 20 of 2024-01-19); Riga at UTC+3 in
// summer time and UTC+2 in winter.
TEST(ClockTest, LocalDatesFollowTheZonesHistory) {
  auto local = [](const char* instant, const char* zone) {
    return LocalDateTime(*ParseInstant(instant), zone).value_or("error");
  };
  EXPECT_EQ(local("2022-09-21T17:59:59Z", "Asia/Almaty"), "2022-09-21T23:59:59+06:00");
  EXPECT_EQ(local("2022-09-21T18:00:00Z", "Asia/Almaty"), "2022-09-22T00:00:00+06:00");
  // At midnight of 2024-03-01 (UTC+6) the clocks went back to 23:00: the hour repeats.
  EXPECT_EQ(local("2024-02-29T17:30:00Z", "Asia/Almaty"), "2024-02-29T23:30:00+06:00");
  EXPECT_EQ(local("2024-02-29T18:30:00Z", "Asia/Almaty"), "2024-02-29T23:30:00+05:00");
  EXPECT_EQ(local("2024-03-04T19:30:00Z", "Asia/Almaty"), "2024-03-05T00:30:00+05:00");
  EXPECT_EQ(local("2022-09-20T20:59:59Z", "Europe/Riga"), "2022-09-20T23:59:59+03:00");
  EXPECT_EQ(local("2022-09-20T21:00:00Z", "Europe/Riga"), "2022-09-21T00:00:00+03:00");
  EXPECT_EQ(local("2022-12-31T22:00:00Z", "Europe/Riga"), "2023-01-01T00:00:00+02:00");
  EXPECT_EQ(LocalDate(*ParseInstant("2022-09-21T18:00:00Z"), "Asia/Almaty").value_or(""),
            "2022-09-22");
  auto unknown = LocalDate(*ParseInstant("2022-09-21T18:00:00Z"), "Asia/Atlantis");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().find("Asia/Atlantis"), std::string::npos);
}

TEST(ClockTest, AShiftedClockStartsAtItsInstantAndRunsOn) {
  Clock real = Clock::Real();
  EXPECT_FALSE(real.shifted());
  Clock training = Clock::StartingAt(*ParseInstant("2022-09-26T10:00:00+06:00"));
  EXPECT_TRUE(training.shifted());
  Instant first = training.Now();
  auto since = first - *ParseInstant("2022-09-26T04:00:00Z");
  EXPECT_GE(since, std::chrono::seconds(0));
  EXPECT_LT(since, std::chrono::seconds(60));
  EXPECT_GE(training.Now(), first);  // it runs on, never back
  EXPECT_EQ(training.NowIso().substr(0, 13), "2022-09-26T04");
}

}  // namespace
}  // namespace tamga::base

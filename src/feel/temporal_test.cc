#include "feel/temporal.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace tamga::feel {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kHour = 3600 * kSecond;
constexpr int64_t kDay = 24 * kHour;

// Parse helpers: the text must be valid (the test fails otherwise), keeping expectations short.
DateTime Dt(std::string_view text) {
  const std::optional<DateTime> dt = ParseDateTime(text);
  EXPECT_TRUE(dt.has_value()) << text;
  return dt.value_or(DateTime{});
}

Time T(std::string_view text) {
  const std::optional<Time> t = ParseTime(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(Time{});
}

DayTimeDuration Dtd(std::string_view text) {
  const std::optional<DayTimeDuration> d = ParseDayTimeDuration(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(DayTimeDuration{});
}

YearMonthDuration Ymd(std::string_view text) {
  const std::optional<YearMonthDuration> d = ParseYearMonthDuration(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(YearMonthDuration{});
}

int32_t OffsetOf(std::string_view date_time) { return Dt(date_time).OffsetSeconds().value_or(-1); }

// ---- Date
// ----------------------------------------------------------------------------------------

TEST(ParseDateTest, AcceptsXmlSchemaDates) {
  EXPECT_EQ(ParseDate("2017-12-31"), (Date{2017, 12, 31}));
  EXPECT_EQ(ParseDate("-2017-01-01"), (Date{-2017, 1, 1}));
  EXPECT_EQ(ParseDate("0000-01-01"), (Date{0, 1, 1}));  // 1 BCE in XML Schema 1.1
  EXPECT_EQ(ParseDate("12345-06-07"), (Date{12345, 6, 7}));
  EXPECT_EQ(ParseDate("999999999-12-31"), (Date{999999999, 12, 31}));
  EXPECT_EQ(ParseDate("-999999999-01-01"), (Date{-999999999, 1, 1}));
}

TEST(ParseDateTest, AcceptsLeapDaysOnlyInLeapYears) {
  EXPECT_EQ(ParseDate("2012-02-29"), (Date{2012, 2, 29}));
  EXPECT_EQ(ParseDate("2000-02-29"), (Date{2000, 2, 29}));
  EXPECT_EQ(ParseDate("0000-02-29"), (Date{0, 2, 29}));
  EXPECT_EQ(ParseDate("-0004-02-29"), (Date{-4, 2, 29}));
  EXPECT_FALSE(ParseDate("2021-02-29"));
  EXPECT_FALSE(ParseDate("1900-02-29"));
  EXPECT_FALSE(ParseDate("-0001-02-29"));
}

TEST(ParseDateTest, RejectsInvalidText) {
  for (std::string_view text : {"",
                                "2022-02-30",
                                "2017-04-31",
                                "2017-13-10",
                                "2017-00-10",
                                "2017-12-32",
                                "2017-12-00",
                                "998-12-31",
                                "01211-12-31",
                                "+2012-12-02",
                                "9999999999-12-25",
                                "2012-12-25T",
                                "2012/12/25",
                                "2012-1-01",
                                "2012-01-1",
                                " 2012-12-25",
                                "2012-12-25 ",
                                "2012T-12-2511:00:00Z",
                                "--2012-12-25",
                                "2012-12-25T00:00:00"}) {
    EXPECT_FALSE(ParseDate(text)) << text;
  }
}

TEST(DateTest, ToStringPadsYearToFourDigits) {
  EXPECT_EQ(ToString(Date{2012, 12, 25}), "2012-12-25");
  EXPECT_EQ(ToString(Date{-1, 1, 1}), "-0001-01-01");
  EXPECT_EQ(ToString(Date{0, 3, 4}), "0000-03-04");
  EXPECT_EQ(ToString(Date{33, 1, 1}), "0033-01-01");
  EXPECT_EQ(ToString(Date{99999, 12, 31}), "99999-12-31");
  EXPECT_EQ(ToString(Date{-999999999, 12, 31}), "-999999999-12-31");
}

TEST(DateTest, DaysSinceEpoch) {
  EXPECT_EQ((Date{1970, 1, 1}).DaysSinceEpoch(), 0);
  EXPECT_EQ((Date{1969, 12, 31}).DaysSinceEpoch(), -1);
  EXPECT_EQ((Date{2000, 3, 1}).DaysSinceEpoch(), 11017);
  EXPECT_EQ((Date{0, 3, 1}).DaysSinceEpoch(), -719468);
  EXPECT_EQ((Date{2021, 1, 2}).DaysSinceEpoch() - (Date{1995, 1, 1}).DaysSinceEpoch(), 9498);
  EXPECT_EQ(Date::FromDaysSinceEpoch(0), (Date{1970, 1, 1}));
  EXPECT_EQ(Date::FromDaysSinceEpoch(11016), (Date{2000, 2, 29}));
  EXPECT_EQ(Date::FromDaysSinceEpoch(-719469), (Date{0, 2, 29}));
}

TEST(DateTest, DaysSinceEpochRoundTripsOverTheWholeRange) {
  for (Date d : {Date{999999999, 12, 31}, Date{-999999999, 1, 1}, Date{-1, 12, 31}, Date{0, 1, 1},
                 Date{-400, 2, 29}, Date{123456789, 2, 28}}) {
    EXPECT_EQ(Date::FromDaysSinceEpoch(d.DaysSinceEpoch()), d) << ToString(d);
  }
  // Consecutive days stay consecutive across era and sign boundaries.
  for (int64_t day = -800000; day < -600000; day += 997) {
    const Date d = Date::FromDaysSinceEpoch(day);
    EXPECT_EQ(d.DaysSinceEpoch(), day);
    EXPECT_EQ(Date::FromDaysSinceEpoch(day + 1).DaysSinceEpoch(), day + 1);
  }
}

TEST(DateTest, WeekdayIsIso) {
  EXPECT_EQ((Date{1970, 1, 1}).Weekday(), 4);    // Thursday
  EXPECT_EQ((Date{2018, 12, 10}).Weekday(), 1);  // Monday
  EXPECT_EQ((Date{2017, 1, 1}).Weekday(), 7);    // Sunday
  EXPECT_EQ((Date{2024, 2, 29}).Weekday(), 4);
  EXPECT_EQ((Date{1969, 12, 28}).Weekday(), 7);
  EXPECT_EQ((Date{0, 1, 1}).Weekday(), 6);  // proleptic Gregorian 1 BCE began on a Saturday
}

// ---- Time
// ----------------------------------------------------------------------------------------

TEST(ParseTimeTest, AcceptsLocalTimesWithFractions) {
  EXPECT_EQ(T("01:02:03").nanos_of_day, 3723 * kSecond);
  EXPECT_EQ(T("00:00:00").nanos_of_day, 0);
  EXPECT_EQ(T("11:22:33.444").nanos_of_day, 40953 * kSecond + 444'000'000);
  EXPECT_EQ(T("11:22:33.123456789").nanos_of_day, 40953 * kSecond + 123'456'789);
  EXPECT_EQ(T("11:22:33.1234567899").nanos_of_day, 40953 * kSecond + 123'456'789);
  EXPECT_EQ(T("23:59:59.999999999").nanos_of_day, kDay - 1);
  EXPECT_EQ(T("01:02:03").zone, Zone{});
}

TEST(ParseTimeTest, TwentyFourIsMidnight) {
  EXPECT_EQ(T("24:00:00"), T("00:00:00"));
  EXPECT_EQ(T("24:00:00.000"), T("00:00:00"));
  EXPECT_FALSE(ParseTime("24:00:00.1"));
  EXPECT_FALSE(ParseTime("24:00:01"));
  EXPECT_FALSE(ParseTime("24:01:00"));
}

TEST(ParseTimeTest, AcceptsOffsetsAndZones) {
  EXPECT_EQ(T("23:59:00Z").zone, (Zone{Zone::Kind::kOffset, 0, ""}));
  EXPECT_EQ(T("13:20:00+02:00").zone, (Zone{Zone::Kind::kOffset, 7200, ""}));
  EXPECT_EQ(T("13:20:00-05:00").zone, (Zone{Zone::Kind::kOffset, -18000, ""}));
  EXPECT_EQ(T("11:22:33-00:00").zone, (Zone{Zone::Kind::kOffset, 0, ""}));
  EXPECT_EQ(T("11:22:33+14:00").zone.offset_seconds, 14 * 3600);
  EXPECT_EQ(T("11:22:33-14:00").zone.offset_seconds, -14 * 3600);
  EXPECT_EQ(T("10:30:00@Europe/Paris").zone, (Zone{Zone::Kind::kIana, 0, "Europe/Paris"}));
  EXPECT_EQ(T("10:30:00@Etc/UTC").zone, (Zone{Zone::Kind::kIana, 0, "Etc/UTC"}));
  EXPECT_EQ(T("10:30:00.5@Asia/Dhaka").nanos_of_day, 37800 * kSecond + 500'000'000);
}

TEST(ParseTimeTest, RejectsInvalidText) {
  for (std::string_view text : {"",
                                "23:59:60",
                                "25:00:00",
                                "00:60:00",
                                "00:00:61",
                                "7:00:00",
                                "07:1:00",
                                "07:01:2",
                                "7:20",
                                "07:20",
                                "07:2",
                                "11:30:00T",
                                "11:30:00.",
                                "11:30:00,5",
                                "13:20:00@xyz/abc",
                                "13:20:00@",
                                "13:20:00+19:00",
                                "13:20:00-19:00",
                                "13:20:00+14:01",
                                "13:20:00+5:00",
                                "13:20:00+5",
                                "13:20:00+05:0",
                                "13:20:00+05:60",
                                "13:20:00+0500",
                                "13:20:00z",
                                "13:20:00+02:00@Europe/Paris",
                                "13:20:00Z@Europe/Paris",
                                "2012T-12-2511:00:00Z",
                                "-13:20:00"}) {
    EXPECT_FALSE(ParseTime(text)) << text;
  }
}

TEST(TimeTest, Accessors) {
  const Time t = T("13:10:30.75");
  EXPECT_EQ(t.Hour(), 13);
  EXPECT_EQ(t.Minute(), 10);
  EXPECT_EQ(t.Second(), 30);
  EXPECT_EQ(T("23:59:59.999999999").Second(), 59);
  EXPECT_EQ(T("00:00:00").Hour(), 0);
}

TEST(TimeTest, ToString) {
  EXPECT_EQ(ToString(T("13:10:30")), "13:10:30");
  EXPECT_EQ(ToString(T("13:10:30.500")), "13:10:30.5");
  EXPECT_EQ(ToString(T("13:10:30.123")), "13:10:30.123");
  EXPECT_EQ(ToString(T("13:10:30.000000001")), "13:10:30.000000001");
  EXPECT_EQ(ToString(T("13:10:30.000")), "13:10:30");
  EXPECT_EQ(ToString(T("13:10:30+00:00")), "13:10:30Z");
  EXPECT_EQ(ToString(T("11:22:33-00:00")), "11:22:33Z");
  EXPECT_EQ(ToString(T("13:10:30.5+01:00")), "13:10:30.5+01:00");
  EXPECT_EQ(ToString(T("13:10:30-05:30")), "13:10:30-05:30");
  EXPECT_EQ(ToString(T("00:01:00@Europe/Paris")), "00:01:00@Europe/Paris");
  EXPECT_EQ(ToString(Time{0, Zone{Zone::Kind::kOffset, 5 * 3600 + 30 * 60 + 15, ""}}),
            "00:00:00+05:30:15");
}

// ---- Date and time
// -------------------------------------------------------------------------------

TEST(ParseDateTimeTest, AcceptsDateTimes) {
  const DateTime utc = Dt("2012-12-24T23:59:00Z");
  EXPECT_EQ(utc.date, (Date{2012, 12, 24}));
  EXPECT_EQ(utc.time.nanos_of_day, (23 * 3600 + 59 * 60) * kSecond);
  EXPECT_EQ(utc.time.zone, (Zone{Zone::Kind::kOffset, 0, ""}));
  EXPECT_EQ(Dt("2012-12-24T23:59:00+01:00").time.zone.offset_seconds, 3600);
  EXPECT_EQ(Dt("2018-12-10T10:30:00@Europe/Rome").time.zone,
            (Zone{Zone::Kind::kIana, 0, "Europe/Rome"}));
  const DateTime negative = Dt("-2017-02-28T02:02:02");
  EXPECT_EQ(negative.date, (Date{-2017, 2, 28}));
  EXPECT_EQ(negative.time, (Time{7322 * kSecond, Zone{}}));
}

TEST(ParseDateTimeTest, BareDateIsLocalMidnight) {
  EXPECT_EQ(Dt("2012-12-24"), AtMidnight(Date{2012, 12, 24}));
  EXPECT_EQ(AtMidnight(Date{2012, 12, 24}), (DateTime{Date{2012, 12, 24}, Time{0, Zone{}}}));
}

TEST(ParseDateTimeTest, TwentyFourIsTheNextDay) {
  EXPECT_EQ(Dt("2021-01-01T24:00:00"), Dt("2021-01-02T00:00:00"));
  EXPECT_EQ(Dt("2017-12-31T24:00:00Z"), Dt("2018-01-01T00:00:00Z"));
  EXPECT_EQ(Dt("2012-02-28T24:00:00"), Dt("2012-02-29T00:00:00"));
}

TEST(ParseDateTimeTest, RejectsInvalidText) {
  for (std::string_view text : {"",
                                "2012-12-25T",
                                "2011-12-0310:15:30",
                                "11:00:00",
                                "2017-12-31t11:22:33",
                                "2017-12-31 11:22:33",
                                "2017-12-31T7:20",
                                "2017-12-31T07:2",
                                "2017-02-29T10:00:00",
                                "2017-13-32T11:22:33",
                                "2017-13-0T11:22:33",
                                "998-12-31T11:22:33",
                                "01211-12-31T11:22:33",
                                "+99999-12-01T11:22:33",
                                "9999999999-12-27T11:22:33",
                                "2017-12-31T24:00:01",
                                "2017-12-31T00:00:61",
                                "2017-12-31T13:20:00@xyz/abc",
                                "2017-12-31T13:20:00+19:00",
                                "2017-12-31T13:20:00+05:0",
                                "2011-12-03T10:15:30+01:00@Europe/Paris"}) {
    EXPECT_FALSE(ParseDateTime(text)) << text;
  }
}

TEST(DateTimeTest, ToStringRoundTrips) {
  for (std::string_view text :
       {"2012-12-24T23:59:00Z", "2012-12-24T23:59:00+01:00", "2018-12-10T10:30:00@Europe/Rome",
        "-2017-02-28T02:02:02", "99999-12-31T11:22:33", "-99999-12-31T11:22:33",
        "-2017-12-31T11:22:33.456+01:35", "2011-12-31T10:15:30.987@Europe/Paris",
        "2011-12-31T10:15:30.123456789@Europe/Paris", "2011-12-31T10:15:30@Etc/UTC",
        "999999999-12-31T23:59:59.999999999@Europe/Paris",
        "-999999999-12-31T23:59:59.999999999+02:00"}) {
    EXPECT_EQ(ToString(Dt(text)), text);
  }
  EXPECT_EQ(ToString(Dt("2012-12-24")), "2012-12-24T00:00:00");
  EXPECT_EQ(ToString(Dt("2012-12-24T23:59:00.000-00:00")), "2012-12-24T23:59:00Z");
}

TEST(DateTimeTest, OffsetSecondsOfFixedAndMissingZones) {
  EXPECT_EQ(Dt("2012-12-24T23:59:00Z").OffsetSeconds(), 0);
  EXPECT_EQ(Dt("2012-12-24T23:59:00+05:30").OffsetSeconds(), 19800);
  EXPECT_EQ(Dt("2012-12-24T23:59:00-01:35").OffsetSeconds(), -5700);
  EXPECT_EQ(Dt("2012-12-24T23:59:00").OffsetSeconds(), std::nullopt);
}

TEST(DateTimeTest, OffsetSecondsFollowsDaylightSavingTime) {
  EXPECT_EQ(OffsetOf("2018-02-08T00:00:00@Europe/Paris"), 3600);
  EXPECT_EQ(OffsetOf("2018-07-08T12:00:00@Europe/Paris"), 7200);
  EXPECT_EQ(OffsetOf("2018-01-15T12:00:00@Australia/Melbourne"), 39600);
  EXPECT_EQ(OffsetOf("2018-07-15T12:00:00@Australia/Melbourne"), 36000);
  EXPECT_EQ(OffsetOf("2017-09-06T09:45:30@Asia/Dhaka"), 21600);
  EXPECT_EQ(OffsetOf("2017-09-06T09:45:30@Etc/UTC"), 0);
  EXPECT_EQ(OffsetOf("1900-01-01T00:00:00@Europe/Paris"), 561);  // Paris mean time
}

TEST(DateTimeTest, OffsetSecondsAtTransitions) {
  // 2018-03-25 02:00 Paris jumps to 03:00: a time in the gap keeps the offset before it.
  EXPECT_EQ(OffsetOf("2018-03-25T01:59:59@Europe/Paris"), 3600);
  EXPECT_EQ(OffsetOf("2018-03-25T02:30:00@Europe/Paris"), 3600);
  EXPECT_EQ(OffsetOf("2018-03-25T03:00:00@Europe/Paris"), 7200);
  // 2018-10-28 03:00 Paris falls back to 02:00: an ambiguous time takes the earlier instant.
  EXPECT_EQ(OffsetOf("2018-10-28T02:30:00@Europe/Paris"), 7200);
  EXPECT_EQ(OffsetOf("2018-10-28T03:00:00@Europe/Paris"), 3600);
}

TEST(DateTimeTest, OffsetSecondsAfterTheLastListedTransition) {
  // Debian's zone files list transitions up to 2037; later years follow the zone's POSIX rules.
  EXPECT_EQ(OffsetOf("2040-03-25T01:59:59@Europe/Paris"), 3600);
  EXPECT_EQ(OffsetOf("2040-03-25T03:00:00@Europe/Paris"), 7200);
  EXPECT_EQ(OffsetOf("2040-10-28T01:59:00@Europe/Paris"), 7200);
  EXPECT_EQ(OffsetOf("2040-10-28T03:00:00@Europe/Paris"), 3600);
  EXPECT_EQ(OffsetOf("2050-01-15T12:00:00@Europe/Paris"), 3600);
  EXPECT_EQ(OffsetOf("999999999-07-01T12:00:00@Europe/Paris"), 7200);
  EXPECT_EQ(OffsetOf("999999999-12-31T23:59:59@Europe/Paris"), 3600);
  EXPECT_EQ(OffsetOf("2060-01-15T12:00:00@Australia/Melbourne"), 39600);
  EXPECT_EQ(OffsetOf("2060-07-15T12:00:00@Australia/Melbourne"), 36000);
  EXPECT_EQ(OffsetOf("2050-01-15T12:00:00@America/Santiago"), -10800);
  EXPECT_EQ(OffsetOf("2050-07-15T12:00:00@America/Santiago"), -14400);
  EXPECT_EQ(OffsetOf("2050-07-01T00:00:00@Europe/Dublin"), 3600);
  EXPECT_EQ(OffsetOf("2050-01-01T00:00:00@Europe/Dublin"), 0);
  EXPECT_EQ(OffsetOf("-999999999-07-01T12:00:00@Europe/Paris"), 561);
}

TEST(DateTimeTest, EpochNanos) {
  EXPECT_EQ(Dt("1970-01-01T00:00:00Z").EpochNanos(), 0);
  EXPECT_EQ(Dt("1970-01-01T00:00:00").EpochNanos(), 0);
  EXPECT_EQ(Dt("1970-01-01T01:00:00+01:00").EpochNanos(), 0);
  EXPECT_EQ(Dt("1969-12-31T23:59:59.5Z").EpochNanos(), -kSecond / 2);
  EXPECT_EQ(Dt("2018-07-08T02:00:00@Europe/Paris").EpochNanos(),
            Dt("2018-07-08T00:00:00Z").EpochNanos());
  EXPECT_EQ(Dt("-999999999-01-01T00:00:00Z").EpochNanos(),
            static_cast<__int128>((Date{-999999999, 1, 1}).DaysSinceEpoch()) * kDay);
}

TEST(DateTimeTest, CompareAsInstants) {
  EXPECT_EQ(Compare(Dt("2002-04-02T12:00:00-01:00"), Dt("2002-04-02T17:00:00+04:00")), 0);
  EXPECT_EQ(Compare(Dt("2002-04-02T23:00:00-04:00"), Dt("2002-04-03T02:00:00-01:00")), 0);
  EXPECT_EQ(Compare(Dt("2002-04-02T12:00:00@Australia/Melbourne"),
                    Dt("2002-04-02T12:00:00@Australia/Sydney")),
            0);
  EXPECT_EQ(Compare(Dt("2018-02-08T00:00:00+01:00"), Dt("2018-02-08T00:00:00@Europe/Paris")), 0);
  EXPECT_EQ(Compare(Dt("2018-10-08T00:00:00+02:00"), Dt("2018-10-08T00:00:00@Europe/Paris")), 0);
  EXPECT_EQ(Compare(Dt("2018-12-01T10:30:00"), Dt("2018-12-02T10:30:00")), -1);
  EXPECT_EQ(Compare(Dt("2018-12-02T10:30:00Z"), Dt("2018-12-02T11:00:00+01:00")), 1);
  EXPECT_EQ(Compare(Dt("-0001-12-31T00:00:00"), Dt("0000-01-01T00:00:00")), -1);
}

TEST(DateTimeTest, CompareZonedWithLocalIsUndefined) {
  EXPECT_EQ(Compare(Dt("2018-12-01T10:30:00"), Dt("2018-12-01T10:30:00Z")), std::nullopt);
  EXPECT_EQ(Compare(Dt("2018-12-01T10:30:00@Europe/Paris"), Dt("2018-12-01T10:30:00")),
            std::nullopt);
}

TEST(DateTimeTest, Subtract) {
  EXPECT_EQ(Subtract(Dt("2021-01-02T10:10:10"), Dt("2021-01-01T10:10:10")), Dtd("P1D"));
  EXPECT_EQ(Subtract(Dt("2021-01-01T10:10:10"), Dt("2021-01-02T10:10:10")), Dtd("-P1D"));
  EXPECT_EQ(Subtract(Dt("2021-01-02T00:00:00Z"), Dt("2021-01-01T10:10:10+11:00")),
            Dtd("P1DT49M50S"));
  EXPECT_EQ(Subtract(Dt("2021-01-02T10:10:10@Europe/Paris"), Dt("2021-01-01T10:10:10@Asia/Dhaka")),
            Dtd("P1DT5H"));
  // 2018-03-25 in Paris lasted 23 hours.
  EXPECT_EQ(
      Subtract(Dt("2018-03-26T00:00:00@Europe/Paris"), Dt("2018-03-25T00:00:00@Europe/Paris")),
      Dtd("PT23H"));
  EXPECT_EQ(Subtract(Dt("2021-01-02T10:10:10"), Dt("2021-01-01T10:10:10+02:00")), std::nullopt);
  EXPECT_EQ(Subtract(Dt("2021-01-02T10:10:10@Europe/Paris"), Dt("2021-01-01T10:10:10")),
            std::nullopt);
}

TEST(DateTimeTest, AddDayTimeDuration) {
  EXPECT_EQ(Add(Dt("2021-01-01T24:00:00"), Dtd("PT1S")), Dt("2021-01-02T00:00:01"));
  EXPECT_EQ(Add(Dt("2021-01-01T24:00:00"), Dtd("-PT1S")), Dt("2021-01-01T23:59:59"));
  EXPECT_EQ(Add(Dt("2021-01-01T00:00:00"), Dtd("-PT0.5S")), Dt("2020-12-31T23:59:59.5"));
  EXPECT_EQ(Add(Dt("2021-01-12T10:10:10+11:00"), Dtd("P1DT1H")), Dt("2021-01-13T11:10:10+11:00"));
  EXPECT_EQ(Add(Dt("2021-01-01T10:10:10+11:00"), Dtd("-PT1H")), Dt("2021-01-01T09:10:10+11:00"));
  EXPECT_EQ(Add(Dt("2012-02-28T12:00:00Z"), Dtd("PT36H")), Dt("2012-03-01T00:00:00Z"));
  EXPECT_EQ(Add(Dt("-0001-12-31T23:00:00"), Dtd("PT1H")), Dt("0000-01-01T00:00:00"));
}

TEST(DateTimeTest, AddDayTimeDurationAcrossDaylightSavingTime) {
  // The instant moves by the duration; the local time is read in the zone afterwards.
  EXPECT_EQ(Add(Dt("2018-03-25T01:30:00@Europe/Paris"), Dtd("PT1H")),
            Dt("2018-03-25T03:30:00@Europe/Paris"));
  EXPECT_EQ(Add(Dt("2018-10-28T01:30:00@Europe/Paris"), Dtd("PT2H")),
            Dt("2018-10-28T02:30:00@Europe/Paris"));
  EXPECT_EQ(Add(Dt("2018-03-24T12:00:00@Europe/Paris"), Dtd("P1D")),
            Dt("2018-03-25T13:00:00@Europe/Paris"));
  EXPECT_EQ(Add(Dt("2040-03-25T01:30:00@Europe/Paris"), Dtd("PT1H")),
            Dt("2040-03-25T03:30:00@Europe/Paris"));
}

TEST(DateTimeTest, AddYearMonthDurationClampsTheDay) {
  EXPECT_EQ(Add(Dt("2012-01-31T10:00:00"), Ymd("P1M")), Dt("2012-02-29T10:00:00"));
  EXPECT_EQ(Add(Dt("2013-01-31T10:00:00"), Ymd("P1M")), Dt("2013-02-28T10:00:00"));
  EXPECT_EQ(Add(Dt("2020-02-29T00:00:00Z"), Ymd("P1Y")), Dt("2021-02-28T00:00:00Z"));
  EXPECT_EQ(Add(Dt("2020-02-29T00:00:00Z"), Ymd("P4Y")), Dt("2024-02-29T00:00:00Z"));
  EXPECT_EQ(Add(Dt("2021-01-01T10:10:10+11:00"), Ymd("-P1M")), Dt("2020-12-01T10:10:10+11:00"));
  EXPECT_EQ(Add(Dt("2021-01-02T00:00:00"), Ymd("-P1Y")), Dt("2020-01-02T00:00:00"));
  EXPECT_EQ(Add(Dt("2021-01-02T00:00:00"), Ymd("P1Y14M")), Dt("2023-03-02T00:00:00"));
  EXPECT_EQ(Add(Dt("0001-01-15T00:00:00"), Ymd("-P1M")), Dt("0000-12-15T00:00:00"));
  EXPECT_EQ(Add(Dt("0000-03-31T00:00:00"), Ymd("-P13M")), Dt("-0001-02-28T00:00:00"));
  // The local time and the zone stay as they were, even across a change of offset.
  EXPECT_EQ(Add(Dt("2018-01-15T10:00:00@Europe/Paris"), Ymd("P6M")),
            Dt("2018-07-15T10:00:00@Europe/Paris"));
}

// ---- Time arithmetic and comparison -------------------------------------------------------------

TEST(TimeTest, CompareOnTheReferenceDate) {
  EXPECT_EQ(Compare(T("12:00:00+01:00"), T("11:00:00Z")), 0);
  EXPECT_EQ(Compare(T("10:00:00@Europe/Paris"), T("09:00:00Z")), 0);  // +01:00 on 1970-01-01
  EXPECT_EQ(Compare(T("10:00:00"), T("10:00:00.000000001")), -1);
  EXPECT_EQ(Compare(T("23:00:00-05:00"), T("01:00:00Z")), 1);  // no wrap-around at midnight
  EXPECT_EQ(Compare(T("10:00:00"), T("10:00:00Z")), std::nullopt);
  EXPECT_EQ(Compare(T("10:00:00@Europe/Paris"), T("10:00:00")), std::nullopt);
}

TEST(TimeTest, Subtract) {
  EXPECT_EQ(Subtract(T("10:10:10+11:00"), T("09:10:10+11:00")), Dtd("PT1H"));
  EXPECT_EQ(Subtract(T("10:10:10+11:00"), T("11:10:10+11:00")), Dtd("-PT1H"));
  EXPECT_EQ(Subtract(T("10:10:10@Australia/Melbourne"), T("11:10:10@Australia/Melbourne")),
            Dtd("-PT1H"));
  EXPECT_EQ(Subtract(T("11:12:00Z"), T("04:00:00-05:00")), Dtd("PT2H12M"));
  EXPECT_EQ(Subtract(T("00:00:00"), T("23:59:59.5")), Dtd("-PT23H59M59.5S"));
  EXPECT_EQ(Subtract(T("10:00:00"), T("09:00:00Z")), std::nullopt);
}

TEST(TimeTest, AddWrapsAroundMidnight) {
  EXPECT_EQ(Add(T("23:30:00"), Dtd("PT1H")), T("00:30:00"));
  EXPECT_EQ(Add(T("00:30:00"), Dtd("-PT1H")), T("23:30:00"));
  EXPECT_EQ(Add(T("10:15:00+11:00"), Dtd("P1D")), T("10:15:00+11:00"));
  EXPECT_EQ(Add(T("10:10:10@Australia/Melbourne"), Dtd("-PT1H")),
            T("09:10:10@Australia/Melbourne"));
  EXPECT_EQ(Add(T("10:10:10"), Dtd("-P3DT1H0.5S")), T("09:10:09.5"));
  EXPECT_EQ(Add(T("10:10:10"), Dtd("P100000000000D")), T("10:10:10"));
}

// ---- Durations
// -----------------------------------------------------------------------------------

TEST(DayTimeDurationTest, ParsesAndNormalizes) {
  EXPECT_EQ(Dtd("P1D").nanos, kDay);
  EXPECT_EQ(Dtd("PT2H").nanos, 2 * kHour);
  EXPECT_EQ(Dtd("PT0.999S").nanos, 999'000'000);
  EXPECT_EQ(Dtd("-PT0.5S").nanos, -500'000'000);
  EXPECT_EQ(Dtd("PT.5S").nanos, 500'000'000);
  EXPECT_EQ(Dtd("PT0.S").nanos, 0);
  EXPECT_EQ(Dtd("-P0D").nanos, 0);
  EXPECT_EQ(Dtd("PT36H"), Dtd("P1DT12H"));
  EXPECT_EQ(Dtd("P1DT2H3M4.123456789S").nanos, kDay + 2 * kHour + 184 * kSecond + 123'456'789);
  EXPECT_EQ(Dtd("P999999999999999999D").nanos, static_cast<__int128>(999999999999999999) * kDay);
}

TEST(DayTimeDurationTest, RejectsInvalidText) {
  for (std::string_view text : {"",
                                "P",
                                "PT",
                                "-",
                                "-P",
                                "P0",
                                "1D",
                                "P1H",
                                "P1S",
                                "P1Y",
                                "P1M",
                                "P1Y2M",
                                "P1YT1H",
                                "P1DT",
                                "PT1M1H",
                                "PT1S1M",
                                "P1D1D",
                                "PT1H1H",
                                "P-1D",
                                "+P1D",
                                "PT1.5H",
                                "PT.S",
                                "PT1.5",
                                "P1DT2",
                                "p1d",
                                "P1D ",
                                "P1.5D",
                                "PT1234567890123456789S",
                                "P1234567890123456789D",
                                "2012T-12-2511:00:00Z"}) {
    EXPECT_FALSE(ParseDayTimeDuration(text)) << text;
  }
}

TEST(DayTimeDurationTest, ToStringIsCanonical) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"P1D", "P1D"},
      {"PT2H", "PT2H"},
      {"PT3M", "PT3M"},
      {"PT4S", "PT4S"},
      {"PT0.999S", "PT0.999S"},
      {"P1DT2H3M4.123456789S", "P1DT2H3M4.123456789S"},
      {"P1DT2H3M4.5S", "P1DT2H3M4.5S"},
      {"PT0S", "PT0S"},
      {"PT0.000S", "PT0S"},
      {"PT0.S", "PT0S"},
      {"PT0M", "PT0S"},
      {"P0D", "PT0S"},
      {"-P0D", "PT0S"},
      {"-PT1H2M", "-PT1H2M"},
      {"-P1D", "-P1D"},
      {"PT1000M", "PT16H40M"},
      {"PT1000M0.999999999S", "PT16H40M0.999999999S"},
      {"PT61M", "PT1H1M"},
      {"PT24H", "P1D"},
      {"PT36H", "P1DT12H"},
      {"PT240H", "P10D"},
      {"P2DT100M", "P2DT1H40M"},
      {"PT3600S", "PT1H"},
      {"P2DT274M", "P2DT4H34M"},
      {"PT90061.001S", "P1DT1H1M1.001S"},
      {"P999999999999999999D", "P999999999999999999D"},
  };
  for (const auto& [text, canonical] : cases) EXPECT_EQ(ToString(Dtd(text)), canonical) << text;
  EXPECT_EQ(ToString(DayTimeDuration{1}), "PT0.000000001S");
  EXPECT_EQ(ToString(DayTimeDuration{-kDay - 1}), "-P1DT0.000000001S");
}

TEST(DayTimeDurationTest, Ordering) {
  EXPECT_LT(Dtd("PT23H"), Dtd("P1D"));
  EXPECT_GT(Dtd("-PT1S"), Dtd("-PT2S"));
}

TEST(YearMonthDurationTest, ParsesAndNormalizes) {
  EXPECT_EQ(Ymd("P1Y2M").months, 14);
  EXPECT_EQ(Ymd("P1Y").months, 12);
  EXPECT_EQ(Ymd("P0Y").months, 0);
  EXPECT_EQ(Ymd("-P0M").months, 0);
  EXPECT_EQ(Ymd("-P1Y").months, -12);
  EXPECT_EQ(Ymd("P1Y14M"), Ymd("P2Y2M"));
  EXPECT_EQ(Ymd("-P999999999M").months, -999999999);
  EXPECT_EQ(Ymd("P99999999Y").months, 1199999988);
}

TEST(YearMonthDurationTest, RejectsInvalidText) {
  for (std::string_view text :
       {"", "P", "PT", "P0", "1Y", "P1D", "P1Y2D", "P1YT1H", "PT1M", "P1M1Y", "P1Y1Y", "P1.5Y",
        "-P-1Y", "+P1Y", "P1Y ", "p1y", "P999999999999999999Y", "P1234567890123456789M"}) {
    EXPECT_FALSE(ParseYearMonthDuration(text)) << text;
  }
}

TEST(YearMonthDurationTest, ToStringIsCanonical) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"P1Y2M", "P1Y2M"},
      {"P1Y", "P1Y"},
      {"P0Y", "P0M"},
      {"P0M", "P0M"},
      {"-P1Y", "-P1Y"},
      {"P26M", "P2Y2M"},
      {"P1Y27M", "P3Y3M"},
      {"P100M", "P8Y4M"},
      {"-P100M", "-P8Y4M"},
      {"P2M", "P2M"},
      {"P12M", "P1Y"},
      {"P999999999M", "P83333333Y3M"},
      {"-P999999999M", "-P83333333Y3M"},
      {"P99999999Y", "P99999999Y"},
  };
  for (const auto& [text, canonical] : cases) EXPECT_EQ(ToString(Ymd(text)), canonical) << text;
  EXPECT_EQ(ToString(YearMonthDuration{INT64_MIN}), "-P768614336404564650Y8M");
}

TEST(YearMonthDurationTest, MonthsBetweenTruncatesTowardZero) {
  EXPECT_EQ(MonthsBetween(Date{2011, 12, 22}, Date{2013, 8, 24}), Ymd("P1Y8M"));
  EXPECT_EQ(MonthsBetween(Date{2013, 8, 24}, Date{2011, 12, 22}), Ymd("-P1Y8M"));
  EXPECT_EQ(MonthsBetween(Date{2011, 12, 22}, Date{2013, 8, 22}), Ymd("P1Y8M"));
  EXPECT_EQ(MonthsBetween(Date{2011, 12, 22}, Date{2013, 8, 21}), Ymd("P1Y7M"));
  EXPECT_EQ(MonthsBetween(Date{2013, 8, 21}, Date{2011, 12, 22}), Ymd("-P1Y7M"));
  EXPECT_EQ(MonthsBetween(Date{2012, 1, 31}, Date{2012, 2, 29}), Ymd("P0M"));
  EXPECT_EQ(MonthsBetween(Date{2012, 1, 31}, Date{2012, 3, 1}), Ymd("P1M"));
  EXPECT_EQ(MonthsBetween(Date{2014, 1, 1}, Date{2014, 1, 1}), Ymd("P0M"));
  EXPECT_EQ(MonthsBetween(Date{-1, 6, 1}, Date{1, 6, 1}), Ymd("P2Y"));
}

// ---- Zones
// ---------------------------------------------------------------------------------------

TEST(ZoneTest, IsValidZoneId) {
  EXPECT_TRUE(IsValidZoneId("Europe/Paris"));
  EXPECT_TRUE(IsValidZoneId("Etc/UTC"));
  EXPECT_TRUE(IsValidZoneId("America/Argentina/Buenos_Aires"));
  EXPECT_FALSE(IsValidZoneId("xyz/abc"));
  EXPECT_FALSE(IsValidZoneId(""));
  EXPECT_FALSE(IsValidZoneId("Europe/Paris "));
}

}  // namespace
}  // namespace tamga::feel

#include "feel/number.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include <gtest/gtest.h>

namespace tamga::feel {
namespace {

using std::decimal::decimal128;

Number N(std::string_view text) {
  const auto n = Number::Parse(text);
  EXPECT_TRUE(n.has_value()) << text;
  return n.value_or(Number());
}

std::string Bits(decimal128 d) {
  unsigned __int128 b;
  std::memcpy(&b, &d, sizeof b);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(b >> 64),
                static_cast<unsigned long long>(b));
  return buf;
}

std::string Text(const std::optional<Number>& n) { return n ? n->ToString() : "nullopt"; }

std::string Rounded(std::string_view text, int64_t scale, RoundingMode mode) {
  return N(text).Round(scale, mode).ToString();
}

// The encoder must produce exactly the bits GCC's own arithmetic produces.
TEST(NumberTest, EncodingMatchesCompiler) {
  EXPECT_EQ(Bits(decimal128(1) / decimal128(3)), "2ffca45894e4829567d9da2155555555");
  EXPECT_EQ(Bits(N("0.3333333333333333333333333333333333").raw()),
            "2ffca45894e4829567d9da2155555555");
  EXPECT_EQ(Bits(N("1").raw()), Bits(decimal128(1)));
  EXPECT_EQ(Bits(N("-2.5").raw()), Bits(decimal128(-25) / decimal128(10)));
  EXPECT_EQ(Bits(N("0").raw()), Bits(decimal128(0)));
  EXPECT_EQ(Bits(N("12345").raw()), Bits(decimal128(12345)));
}

TEST(NumberTest, DecodesCompilerValues) {
  EXPECT_EQ(Number(decimal128(1) / decimal128(3)).ToString(),
            "0.3333333333333333333333333333333333");
  EXPECT_EQ(Number(decimal128(-25) / decimal128(10)).ToString(), "-2.5");
  EXPECT_EQ(Number(decimal128(2) / decimal128(3)).ToString(),
            "0.6666666666666666666666666666666667");
  EXPECT_EQ(Number(int64_t{-42}).ToString(), "-42");
  EXPECT_EQ(Number(std::numeric_limits<int64_t>::min()).ToString(), "-9223372036854775808");
}

TEST(NumberTest, ParsesValidLiterals) {
  EXPECT_EQ(N("1").ToString(), "1");
  EXPECT_EQ(N("-1.50").ToString(), "-1.5");
  EXPECT_EQ(N("+7").ToString(), "7");
  EXPECT_EQ(N(".5").ToString(), "0.5");
  EXPECT_EQ(N("5.").ToString(), "5");
  EXPECT_EQ(N("1e3").ToString(), "1000");
  EXPECT_EQ(N("1.2e3").ToString(), "1200");
  EXPECT_EQ(N("1.2E-4").ToString(), "0.00012");
  EXPECT_EQ(N("1E+3").ToString(), "1000");
  EXPECT_EQ(N("000123.4500").ToString(), "123.45");
  EXPECT_EQ(N("-0").ToString(), "0");
  EXPECT_EQ(N("0.000").ToString(), "0");
  EXPECT_EQ(N("0e99999999999").ToString(), "0");
}

TEST(NumberTest, RejectsInvalidLiterals) {
  for (const char* text :
       {"",          " ", " 1", "1 ", "1e", "1e+", "--1",   "+-1",   "1,000", "NaN", "Infinity",
        "-Infinity", ".", "-",  "+",  "e5", ".e5", "1.2.3", "1e2.5", "0x10",  "1f",  "١"}) {
    EXPECT_FALSE(Number::Parse(text).has_value()) << '"' << text << '"';
  }
}

TEST(NumberTest, ExponentRange) {
  EXPECT_FALSE(Number::Parse("1e6145").has_value());
  EXPECT_FALSE(Number::Parse("1e99999999999999999999").has_value());
  EXPECT_FALSE(Number::Parse("1e-6200").has_value());
  EXPECT_TRUE(Number::Parse("1e6144").has_value());  // 10^33 * 10^6111
  EXPECT_TRUE(Number::Parse("1e-6176").has_value());
  EXPECT_EQ(N("1e6144").ToString(), "1E+6144");
  EXPECT_EQ(N("1e-6176").ToString(), "1E-6176");
  EXPECT_EQ(N("10e-6177").ToString(), "1E-6176");
}

TEST(NumberTest, RoundsLongLiteralsHalfEvenTo34Digits) {
  EXPECT_EQ(N("12345678901234567890123456789012345678").ToString(),
            "12345678901234567890123456789012350000");
  EXPECT_EQ(N("1.0000000000000000000000000000000005").ToString(), "1");  // tie, even
  EXPECT_EQ(N("1.0000000000000000000000000000000015").ToString(),
            "1.000000000000000000000000000000002");
  EXPECT_EQ(N("1.00000000000000000000000000000000050001").ToString(),
            "1.000000000000000000000000000000001");
  EXPECT_EQ(N("9999999999999999999999999999999999.5").ToString(),
            "10000000000000000000000000000000000");
  EXPECT_EQ(N("-0.000123456789012345678901234567890123456").ToString(),
            "-0.0001234567890123456789012345678901235");
}

TEST(NumberTest, ToStringPlainAndExponentForms) {
  EXPECT_EQ(N("1000000").ToString(), "1000000");
  EXPECT_EQ(N("0.000001").ToString(), "0.000001");
  EXPECT_EQ(N("123.456").ToString(), "123.456");
  EXPECT_EQ(N("-0.5").ToString(), "-0.5");
  EXPECT_EQ(N("1000000000000000000000000000000").ToString(), "1000000000000000000000000000000");
  EXPECT_EQ(N("1e39").ToString(), "1000000000000000000000000000000000000000");
  EXPECT_EQ(N("1e40").ToString(), "1E+40");
  EXPECT_EQ(N("-1.5e40").ToString(), "-1.5E+40");
  EXPECT_EQ(N("1e-39").ToString(), "0.000000000000000000000000000000000000001");
  EXPECT_EQ(N("1.25e-40").ToString(), "1.25E-40");
  // Every value round-trips through its text.
  for (const char* text : {"1E+40", "1.25E-40", "0.3333333333333333333333333333333333", "-17"}) {
    EXPECT_EQ(N(N(text).ToString()), N(text)) << text;
  }
}

TEST(NumberTest, Arithmetic) {
  EXPECT_EQ(Text(N("0.1").Add(N("0.2"))), "0.3");
  EXPECT_TRUE(*N("0.1").Add(N("0.2")) == N("0.3"));
  EXPECT_EQ(Text(N("1").Subtract(N("0.9"))), "0.1");
  EXPECT_EQ(Text(N("1.5").Multiply(N("-4"))), "-6");
  EXPECT_EQ(Text(N("10").Divide(N("4"))), "2.5");
  EXPECT_EQ(Text(N("1").Divide(N("3"))), "0.3333333333333333333333333333333333");
  EXPECT_EQ(Text(N("1").Divide(N("3"))->Multiply(N("3"))), "0.9999999999999999999999999999999999");
  EXPECT_FALSE(N("1").Divide(N("0")).has_value());
  EXPECT_FALSE(N("0").Divide(N("0")).has_value());
  EXPECT_FALSE(N("9e6144").Multiply(N("10")).has_value());
  EXPECT_FALSE(N("9e6144").Add(N("9e6144")).has_value());
  EXPECT_EQ(N("5").Negate().ToString(), "-5");
  EXPECT_EQ(N("-5.5").Abs().ToString(), "5.5");
  EXPECT_EQ(N("-0").Abs().ToString(), "0");
}

TEST(NumberTest, Modulo) {
  EXPECT_EQ(Text(N("12").Modulo(N("5"))), "2");
  EXPECT_EQ(Text(N("-12").Modulo(N("5"))), "3");
  EXPECT_EQ(Text(N("12").Modulo(N("-5"))), "-3");
  EXPECT_EQ(Text(N("-12").Modulo(N("-5"))), "-2");
  EXPECT_EQ(Text(N("10.1").Modulo(N("4.5"))), "1.1");
  EXPECT_EQ(Text(N("-10.1").Modulo(N("4.5"))), "3.4");
  EXPECT_EQ(Text(N("10").Modulo(N("5"))), "0");
  EXPECT_EQ(Text(N("0").Modulo(N("-5"))), "0");
  EXPECT_FALSE(N("5").Modulo(N("0")).has_value());
  // Quotients far beyond 34 digits still give the exact remainder: 10^100 = 1 (mod 3, mod 9).
  EXPECT_EQ(Text(N("1e100").Modulo(N("3"))), "1");
  EXPECT_EQ(Text(N("1e100").Modulo(N("-9"))), "-8");
  EXPECT_EQ(Text(N("1e6000").Modulo(N("7"))), "1");  // 10^6 = 1 (mod 7), 6 | 6000
  // Divisor much larger than the dividend: quotient 0 or -1.
  EXPECT_EQ(Text(N("3").Modulo(N("1e50"))), "3");
  EXPECT_EQ(Text(N("-3").Modulo(N("1e50"))), "1E+50");  // 10^50 - 3 rounded to 34 digits
  EXPECT_EQ(Text(N("-0.5").Modulo(N("1e33"))), "999999999999999999999999999999999.5");
  EXPECT_EQ(Text(N("0.5").Modulo(N("0.25"))), "0");
  EXPECT_EQ(Text(N("1").Modulo(N("0.3"))), "0.1");
}

TEST(NumberTest, PowerIntegerExponents) {
  EXPECT_EQ(Text(N("2").Power(N("10"))), "1024");
  EXPECT_EQ(Text(N("2").Power(N("-2"))), "0.25");
  EXPECT_EQ(Text(N("2").Power(N("100"))), "1267650600228229401496703205376");
  EXPECT_EQ(Text(N("-3").Power(N("3"))), "-27");
  EXPECT_EQ(Text(N("1.1").Power(N("2"))), "1.21");
  EXPECT_EQ(Text(N("5").Power(N("0"))), "1");
  EXPECT_EQ(Text(N("0").Power(N("0"))), "1");
  EXPECT_EQ(Text(N("0").Power(N("3"))), "0");
  EXPECT_EQ(Text(N("2").Power(N("2.0"))), "4");
  EXPECT_FALSE(N("0").Power(N("-1")).has_value());
  EXPECT_FALSE(N("10").Power(N("7000")).has_value());
  EXPECT_FALSE(N("10").Power(N("1e30")).has_value());
  EXPECT_EQ(Text(N("10").Power(N("-1e30"))), "0");
  EXPECT_EQ(Text(N("-1").Power(N("1e30"))), "1");
  EXPECT_EQ(Text(N("-1").Power(N("10000000000000000000000000001"))), "-1");
  EXPECT_EQ(Text(N("10").Power(N("-7000"))), "0");
}

TEST(NumberTest, PowerFractionalExponents) {
  EXPECT_EQ(Text(N("4").Power(N("0.5"))), "2");
  EXPECT_EQ(Text(N("8").Power(N("1").Divide(N("3")).value())), "2");
  EXPECT_NEAR(N("2").Power(N("0.5"))->ToDouble(), std::sqrt(2.0), 1e-14);
  EXPECT_NEAR(N("10").Power(N("2.5"))->ToDouble(), std::pow(10.0, 2.5), 1e-10);
  EXPECT_FALSE(N("-8").Power(N("0.5")).has_value());
  EXPECT_FALSE(N("0").Power(N("-0.5")).has_value());
  EXPECT_EQ(Text(N("0").Power(N("0.5"))), "0");
  EXPECT_FALSE(N("10").Power(N("10000.5")).has_value());
}

TEST(NumberTest, RoundingModes) {
  EXPECT_EQ(Rounded("5.5", 0, RoundingMode::kHalfEven), "6");
  EXPECT_EQ(Rounded("6.5", 0, RoundingMode::kHalfEven), "6");
  EXPECT_EQ(Rounded("-5.5", 0, RoundingMode::kHalfEven), "-6");
  EXPECT_EQ(Rounded("5.5", 0, RoundingMode::kHalfUp), "6");
  EXPECT_EQ(Rounded("-5.5", 0, RoundingMode::kHalfUp), "-6");
  EXPECT_EQ(Rounded("5.5", 0, RoundingMode::kHalfDown), "5");
  EXPECT_EQ(Rounded("-5.5", 0, RoundingMode::kHalfDown), "-5");
  EXPECT_EQ(Rounded("5.51", 0, RoundingMode::kHalfDown), "6");
  EXPECT_EQ(Rounded("5.5", 0, RoundingMode::kUp), "6");
  EXPECT_EQ(Rounded("-5.5", 0, RoundingMode::kUp), "-6");
  EXPECT_EQ(Rounded("1.121", 2, RoundingMode::kUp), "1.13");
  EXPECT_EQ(Rounded("5.5", 0, RoundingMode::kDown), "5");
  EXPECT_EQ(Rounded("-5.5", 0, RoundingMode::kDown), "-5");
  EXPECT_EQ(Rounded("2.5", 0, RoundingMode::kHalfEven), "2");
  EXPECT_EQ(Rounded("3.5", 0, RoundingMode::kHalfEven), "4");
  EXPECT_EQ(Number(decimal128(1) / decimal128(3)).Round(2, RoundingMode::kHalfEven).ToString(),
            "0.33");
  EXPECT_EQ(Rounded("1.56", 1, RoundingMode::kFloor), "1.5");
  EXPECT_EQ(Rounded("-1.56", 1, RoundingMode::kCeiling), "-1.5");
  EXPECT_EQ(Rounded("1234", -2, RoundingMode::kHalfEven), "1200");
  EXPECT_EQ(Rounded("1250", -2, RoundingMode::kHalfEven), "1200");
  EXPECT_EQ(Rounded("1250", -2, RoundingMode::kHalfUp), "1300");
  EXPECT_EQ(Rounded("1234", -10, RoundingMode::kUp), "10000000000");
  EXPECT_EQ(Rounded("1234", -10, RoundingMode::kHalfUp), "0");
  EXPECT_EQ(Rounded("1.5", 100, RoundingMode::kUp), "1.5");
  EXPECT_EQ(Rounded("1.5", 1000000000000, RoundingMode::kDown), "1.5");
  EXPECT_EQ(Rounded("-0.4", 0, RoundingMode::kHalfEven), "0");
  EXPECT_EQ(Rounded("0.0001", 0, RoundingMode::kCeiling), "1");
  EXPECT_EQ(Rounded("-0.0001", 0, RoundingMode::kFloor), "-1");
  EXPECT_EQ(Rounded("9.99", 1, RoundingMode::kHalfUp), "10");
  EXPECT_EQ(Rounded("9999999999999999999999999999999999", -1, RoundingMode::kUp),
            "10000000000000000000000000000000000");
  EXPECT_EQ(Rounded("1e-40", 0, RoundingMode::kUp), "1");
  EXPECT_EQ(Rounded("1e-40", 0, RoundingMode::kHalfUp), "0");
}

TEST(NumberTest, FloorAndCeiling) {
  EXPECT_EQ(N("-1.5").Floor().ToString(), "-2");
  EXPECT_EQ(N("-1.5").Ceiling().ToString(), "-1");
  EXPECT_EQ(N("1.5").Floor().ToString(), "1");
  EXPECT_EQ(N("1.5").Ceiling().ToString(), "2");
  EXPECT_EQ(N("3").Floor().ToString(), "3");
  EXPECT_EQ(N("-0.5").Ceiling().ToString(), "0");
}

TEST(NumberTest, SqrtExpLog) {
  EXPECT_EQ(Text(N("16").Sqrt()), "4");
  EXPECT_EQ(Text(N("1.44").Sqrt()), "1.2");
  EXPECT_EQ(Text(N("1e78").Sqrt()), "1000000000000000000000000000000000000000");
  EXPECT_EQ(Text(N("1e-6176").Sqrt()), "1E-3088");
  EXPECT_EQ(Text(N("0").Sqrt()), "0");
  EXPECT_EQ(Text(N("2").Sqrt()), "1.414213562373095048801688724209698");
  EXPECT_FALSE(N("-1").Sqrt().has_value());
  EXPECT_EQ(Text(N("0").Exp()), "1");
  EXPECT_NEAR(N("1").Exp()->ToDouble(), std::exp(1.0), 1e-14);
  EXPECT_NEAR(N("-2").Exp()->ToDouble(), std::exp(-2.0), 1e-15);
  EXPECT_NEAR(N("14000").Exp()->Log()->ToDouble(), 14000.0, 1e-9);
  EXPECT_FALSE(N("20000").Exp().has_value());
  EXPECT_EQ(Text(N("-20000").Exp()), "0");
  EXPECT_EQ(Text(N("1").Log()), "0");
  EXPECT_EQ(Text(N("1.0").Log()), "0");
  EXPECT_NEAR(N("10").Log()->ToDouble(), std::log(10.0), 1e-14);
  EXPECT_NEAR(N("1e-5000").Log()->ToDouble(), -5000 * std::log(10.0), 1e-9);
  // Near 1 the result keeps its relative accuracy.
  EXPECT_NEAR(N("1.0000000000000000000001").Log()->ToDouble() / 1e-22, 1.0, 1e-12);
  EXPECT_FALSE(N("0").Log().has_value());
  EXPECT_FALSE(N("-1").Log().has_value());
}

TEST(NumberTest, Doubles) {
  EXPECT_EQ(N("0.1").ToDouble(), 0.1);
  EXPECT_EQ(N("-2.5").ToDouble(), -2.5);
  EXPECT_EQ(N("1e308").ToDouble(), 1e308);
  EXPECT_EQ(N("1e400").ToDouble(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(N("-1e-400").ToDouble(), 0.0);
  EXPECT_EQ(Number(decimal128(1) / decimal128(3)).ToDouble(), 1.0 / 3.0);
  EXPECT_EQ(Number::FromDouble(0.1).ToString(), "0.1");
  EXPECT_EQ(Number::FromDouble(1e300).ToString(), "1E+300");
  EXPECT_EQ(Number::FromDouble(-2.5).ToString(), "-2.5");
  EXPECT_EQ(Number::FromDouble(0.0).ToString(), "0");
  EXPECT_TRUE(Number::FromDouble(0.0).IsZero());
  EXPECT_EQ(Number::FromDouble(123456789.0).ToString(), "123456789");
  const Number nan = Number::FromDouble(std::nan(""));
  EXPECT_FALSE(nan.IsFinite());
  EXPECT_FALSE(nan.IsZero());
  EXPECT_FALSE(nan.Add(N("1")).has_value());
  const Number inf = Number::FromDouble(-std::numeric_limits<double>::infinity());
  EXPECT_FALSE(inf.IsFinite());
  EXPECT_FALSE(inf.IsZero());
  EXPECT_TRUE(inf.IsNegative());
}

TEST(NumberTest, IntegerQueries) {
  EXPECT_EQ(N("42").ToInt64(), 42);
  EXPECT_EQ(N("42.000").ToInt64(), 42);
  EXPECT_EQ(N("4.2e1").ToInt64(), 42);
  EXPECT_EQ(N("-9223372036854775808").ToInt64(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(N("9223372036854775807").ToInt64(), std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(N("9223372036854775808").ToInt64().has_value());
  EXPECT_FALSE(N("1e30").ToInt64().has_value());
  EXPECT_FALSE(N("4.5").ToInt64().has_value());
  EXPECT_EQ(N("0").ToInt64(), 0);
  EXPECT_TRUE(N("1e30").IsInteger());
  EXPECT_TRUE(N("2.00").IsInteger());
  EXPECT_FALSE(N("2.01").IsInteger());
  EXPECT_TRUE(N("0").IsZero());
  EXPECT_TRUE(N("-0.00").IsZero());
  EXPECT_FALSE(N("-0").IsNegative());
  EXPECT_TRUE(N("-0.1").IsNegative());
  EXPECT_FALSE(N("0.1").IsNegative());
  EXPECT_TRUE(N("1").IsFinite());
}

TEST(NumberTest, CompareAndHash) {
  EXPECT_EQ(N("1.0").Compare(N("1")), 0);
  EXPECT_TRUE(N("1.0") == N("1"));
  EXPECT_EQ(N("-0").Compare(N("0")), 0);
  EXPECT_EQ(N("1").Compare(N("2")), -1);
  EXPECT_EQ(N("2").Compare(N("1")), 1);
  EXPECT_TRUE(N("-3") < N("-2.5"));
  EXPECT_TRUE(N("1e-40") < N("1e40"));
  EXPECT_EQ(N("1.0").Hash(), N("1").Hash());
  EXPECT_EQ(N("100").Hash(), N("1e2").Hash());
  EXPECT_EQ(N("-0").Hash(), N("0.000").Hash());
  EXPECT_EQ(N("0.30").Hash(), N("0.1").Add(N("0.2"))->Hash());
  EXPECT_NE(N("1").Hash(), N("-1").Hash());
  EXPECT_NE(N("1").Hash(), N("10").Hash());
}

}  // namespace
}  // namespace tamga::feel

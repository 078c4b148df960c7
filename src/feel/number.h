// FEEL numbers: IEEE 754 Decimal128 (34 significant digits, round half to even), as DMN 1.5
// section 10.3.2.3.1 requires. Built on GCC's std::decimal::decimal128 (BID encoding, libgcc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <decimal/decimal>

namespace tamga::feel {

// Rounding modes of the FEEL rounding family (round up, round down, round half up, round half down)
// plus the half-even default of decimal(n, scale) and arithmetic.
enum class RoundingMode { kUp, kDown, kHalfUp, kHalfDown, kHalfEven, kFloor, kCeiling };

class Number {
 public:
  Number() : d_(0) {}
  Number(int64_t v)
      : d_(static_cast<long long>(v)) {}  // NOLINT: implicit by design, like a literal
  explicit Number(std::decimal::decimal128 d) : d_(d) {}

  // Parses a FEEL numeric literal or the argument of number(): optional sign, digits, optional
  // fraction, optional exponent ("1", "-1.50", ".5", "1e3", "1.2E-4"). Surrounding whitespace is
  // not allowed. nullopt when the text is not a number or overflows Decimal128.
  static std::optional<Number> Parse(std::string_view text);
  // Nearest Decimal128 to a double (used for results of sqrt/exp/log computed in binary).
  static Number FromDouble(double v);

  // Canonical FEEL text: plain notation without exponent and without trailing fraction zeros
  // ("1", "-0.5", "1000000", "0.000001"); exponent notation only beyond 34 digits either way.
  std::string ToString() const;
  double ToDouble() const;
  // The value as an integer when it has no fractional part and fits; nullopt otherwise.
  std::optional<int64_t> ToInt64() const;
  bool IsInteger() const;
  bool IsZero() const;
  bool IsNegative() const;
  bool IsFinite() const;

  // Arithmetic; nullopt for division by zero, overflow to infinity or NaN.
  std::optional<Number> Add(const Number& o) const;
  std::optional<Number> Subtract(const Number& o) const;
  std::optional<Number> Multiply(const Number& o) const;
  std::optional<Number> Divide(const Number& o) const;
  // FEEL modulo(dividend, divisor): dividend - divisor*floor(dividend/divisor); sign follows
  // divisor.
  std::optional<Number> Modulo(const Number& divisor) const;
  // Exponentiation: exact for integer exponents (repeated squaring, then rounded to 34 digits),
  // through binary floating point otherwise. nullopt when undefined or overflowing.
  std::optional<Number> Power(const Number& exponent) const;
  Number Negate() const;
  Number Abs() const;

  // Rounds to `scale` digits after the point (negative scale rounds to tens, hundreds, ...).
  Number Round(int64_t scale, RoundingMode mode) const;
  Number Floor() const { return Round(0, RoundingMode::kFloor); }
  Number Ceiling() const { return Round(0, RoundingMode::kCeiling); }
  std::optional<Number> Sqrt() const;  // nullopt for negative input
  std::optional<Number> Exp() const;
  std::optional<Number> Log() const;  // natural logarithm; nullopt for input <= 0

  // Numeric comparison: -1, 0, +1 (1.0 == 1).
  int Compare(const Number& o) const;
  bool operator==(const Number& o) const { return Compare(o) == 0; }
  bool operator<(const Number& o) const { return Compare(o) < 0; }
  // Equal numbers hash equally (1.0 and 1 alike).
  size_t Hash() const;

  std::decimal::decimal128 raw() const { return d_; }

 private:
  std::decimal::decimal128 d_;
};

}  // namespace tamga::feel

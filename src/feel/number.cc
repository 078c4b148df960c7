#include "feel/number.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <system_error>
#include <type_traits>

// libstdc++ provides Decimal128 arithmetic (correctly rounded, half-even) but no conversion to or
// from text. Both are done here on the BID128 encoding, which on x86_64 is the 16 bytes of the
// value read as a little-endian unsigned __int128:
//   bit 127        sign
//   bits 126..125  != 11: bits 126..113 are the biased exponent (bias 6176), bits 112..0 the
//                  coefficient (canonical only below 10^34; larger values mean 0)
//   bits 126..122  11110: infinity, 11111: NaN; any other 11 form is a non-canonical 0
// The value is (-1)^sign * coefficient * 10^(biased exponent - 6176).
//
// FromDouble maps a NaN or infinite double to a non-finite Number (IsFinite() is false and every
// arithmetic operation on it yields nullopt); callers should check std::isfinite first.

namespace tamga::feel {
namespace {

using std::decimal::decimal128;
using u128 = unsigned __int128;

constexpr int64_t kBias = 6176;
constexpr int64_t kMinExp = -6176;  // exponent of the lowest coefficient digit
constexpr int64_t kMaxExp = 6111;
constexpr int kMaxDigits = 34;
constexpr u128 kCoefMask = (u128{1} << 113) - 1;
// Plain notation longer than this many digits switches to exponent notation.
constexpr int64_t kMaxPlainDigits = 40;
constexpr long double kLn10 = 2.302585092994045684017991454684364208L;

constexpr u128 Pow10(int64_t n) {
  u128 r = 1;
  while (n-- > 0) r *= 10;
  return r;
}
constexpr u128 kCoefLimit = Pow10(kMaxDigits);  // canonical coefficients are below 10^34

enum class Kind { kFinite, kInfinity, kNaN };

// A decoded Decimal128: (-1)^negative * coef * 10^exp when finite.
struct Parts {
  Kind kind = Kind::kFinite;
  bool negative = false;
  u128 coef = 0;
  int64_t exp = 0;
};

static_assert(sizeof(decimal128) == sizeof(u128) && std::is_trivially_copyable_v<decimal128>);

u128 ToBits(decimal128 d) { return std::bit_cast<u128>(d); }

decimal128 FromBits(u128 bits) { return std::bit_cast<decimal128>(bits); }

decimal128 Infinity(bool negative) {
  return FromBits((u128{negative} << 127) | (u128{0x1E} << 122));
}

decimal128 NaN() { return FromBits(u128{0x1F} << 122); }

Parts Decode(decimal128 d) {
  const u128 bits = ToBits(d);
  Parts p;
  p.negative = (bits >> 127) != 0;
  const unsigned top = static_cast<unsigned>(bits >> 122) & 0x1F;  // bits 126..122
  if ((top & 0x18) == 0x18) {
    if (top == 0x1E) {
      p.kind = Kind::kInfinity;
    } else if (top == 0x1F) {
      p.kind = Kind::kNaN;
    } else {  // coefficient >= 2^113: non-canonical, reads as zero
      p.exp = static_cast<int64_t>((bits >> 111) & 0x3FFF) - kBias;
    }
    return p;
  }
  p.exp = static_cast<int64_t>((bits >> 113) & 0x3FFF) - kBias;
  p.coef = bits & kCoefMask;
  if (p.coef >= kCoefLimit) p.coef = 0;
  return p;
}

int Digits(u128 v) {
  int n = 1;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}

std::string DigitsText(u128 v) {
  std::string s;
  do {
    s.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  std::reverse(s.begin(), s.end());
  return s;
}

// Removes trailing zeros of the coefficient into the exponent (1.50 -> 15e-1); zero stays 0e0.
void Normalize(Parts& p) {
  if (p.coef == 0) {
    p.exp = 0;
    return;
  }
  while (p.coef % 10 == 0) {
    p.coef /= 10;
    ++p.exp;
  }
}

// Where the digits discarded by rounding lie relative to half a unit of the kept last digit.
enum class Rest { kZero, kBelowHalf, kHalf, kAboveHalf };

struct Split {
  u128 quotient;
  Rest rest;
};

// Splits off the `count` lowest decimal digits of `coef` (coef < 10^38).
Split DropDigits(u128 coef, int64_t count) {
  if (count <= 0) return {coef, Rest::kZero};
  if (count > 38) return {0, coef == 0 ? Rest::kZero : Rest::kBelowHalf};
  const u128 divisor = Pow10(count);
  const u128 r = coef % divisor;
  const u128 half = divisor / 2;
  Rest rest = Rest::kAboveHalf;
  if (r == 0) {
    rest = Rest::kZero;
  } else if (r < half) {
    rest = Rest::kBelowHalf;
  } else if (r == half) {
    rest = Rest::kHalf;
  }
  return {coef / divisor, rest};
}

// Whether rounding the magnitude `s` under `mode` moves it one unit away from zero.
bool RoundsAway(const Split& s, RoundingMode mode, bool negative) {
  if (s.rest == Rest::kZero) return false;
  switch (mode) {
    case RoundingMode::kUp:
      return true;
    case RoundingMode::kDown:
      return false;
    case RoundingMode::kHalfUp:
      return s.rest == Rest::kHalf || s.rest == Rest::kAboveHalf;
    case RoundingMode::kHalfDown:
      return s.rest == Rest::kAboveHalf;
    case RoundingMode::kHalfEven:
      return s.rest == Rest::kAboveHalf || (s.rest == Rest::kHalf && (s.quotient & 1) != 0);
    case RoundingMode::kFloor:
      return negative;
    case RoundingMode::kCeiling:
      return !negative;
  }
  return false;
}

// Encodes (-1)^negative * coef * 10^exp (coef < 10^38), rounding half-even to 34 digits and into
// the subnormal range as IEEE 754 does. nullopt when the magnitude exceeds Decimal128.
std::optional<decimal128> Encode(bool negative, u128 coef, int64_t exp) {
  int64_t drop = coef >= kCoefLimit ? Digits(coef) - kMaxDigits : 0;
  if (exp + drop < kMinExp) drop = kMinExp - exp;
  if (drop > 0) {
    const Split s = DropDigits(coef, drop);
    coef = s.quotient + (RoundsAway(s, RoundingMode::kHalfEven, negative) ? 1 : 0);
    exp += drop;
    if (coef >= kCoefLimit) {  // 999..9 rounded up to 10^34: the dropped digit is a zero
      coef /= 10;
      ++exp;
    }
  }
  if (coef == 0) exp = std::clamp(exp, kMinExp, kMaxExp);
  // Large exponents of short coefficients fit by padding the coefficient with zeros.
  while (exp > kMaxExp && coef < kCoefLimit / 10) {
    coef *= 10;
    --exp;
  }
  if (exp > kMaxExp) return std::nullopt;
  return FromBits((u128{negative} << 127) | (static_cast<u128>(exp + kBias) << 113) | coef);
}

std::optional<Number> FiniteOrNull(decimal128 d) {
  const Number n(d);
  if (!n.IsFinite()) return std::nullopt;
  return n;
}

// The value times 10^k, exact unless it leaves the Decimal128 range.
std::optional<Number> ScaleByPow10(const Number& n, int64_t k) {
  const Parts p = Decode(n.raw());
  const auto d = Encode(p.negative, p.coef, p.exp + k);
  if (!d) return std::nullopt;
  return Number(*d);
}

// Finite Number -> exponent-form text "[-]<coefficient>e<exponent>" that from_chars reads exactly.
std::string ScientificText(const Parts& p) {
  return (p.negative ? "-" : "") + DigitsText(p.coef) + "e" + std::to_string(p.exp);
}

template <typename Float>
Float ToBinary(decimal128 d) {
  const Parts p = Decode(d);
  if (p.kind == Kind::kNaN) return std::numeric_limits<Float>::quiet_NaN();
  if (p.kind == Kind::kInfinity) {
    return p.negative ? -std::numeric_limits<Float>::infinity()
                      : std::numeric_limits<Float>::infinity();
  }
  const std::string text = ScientificText(p);
  Float value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    // Too large or too small for the binary type: saturate to infinity or zero.
    const bool huge = p.exp + Digits(p.coef) > 0;
    value = huge ? std::numeric_limits<Float>::infinity() : Float{0};
    if (p.negative) value = -value;
  }
  return value;
}

// A binary result of sqrt/exp/log rounded to 15 significant digits: the noise of binary
// arithmetic disappears, so exact results (sqrt(16), exp(0)) come out exact.
std::optional<Number> FromLongDouble15(long double v) {
  if (!std::isfinite(v)) return std::nullopt;
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, 14);
  if (ec != std::errc()) return std::nullopt;
  return Number::Parse(std::string_view(buf, end - buf));
}

// e^x for the whole Decimal128 range: e^x = 10^k * e^(x - k ln 10) keeps the binary part in
// [1, 10) so long double never overflows.
std::optional<Number> ExpOf(long double x) {
  if (std::isnan(x) || x > 14200.0L) return std::nullopt;
  if (x < -14300.0L) return Number(0);  // below the smallest subnormal
  const long double k = std::floor(x / kLn10);
  const auto mantissa = FromLongDouble15(std::exp(x - k * kLn10));
  if (!mantissa) return std::nullopt;
  return ScaleByPow10(*mantissa, static_cast<int64_t>(k));
}

// ln(x) for finite x > 0 anywhere in the Decimal128 range.
long double LnOf(const Number& x) {
  const Number one(1);
  if (Number(2).Compare(x) >= 0 && Number(decimal128(5) / decimal128(10)).Compare(x) <= 0) {
    // Near 1 ln loses relative accuracy; x - 1 is exact in decimal, log1p keeps it.
    return std::log1p(ToBinary<long double>(x.raw() - one.raw()));
  }
  Parts p = Decode(x.raw());
  const int64_t adjusted = p.exp + Digits(p.coef) - 1;
  if (adjusted > -4900 && adjusted < 4900) return std::log(ToBinary<long double>(x.raw()));
  // Outside the long double range: ln(c * 10^e) = ln(c) + e ln 10.
  return std::log(static_cast<long double>(p.coef)) + static_cast<long double>(p.exp) * kLn10;
}

// (a * b) mod m for a, b < m < 2^113, by doubling so that nothing overflows 128 bits.
u128 MulMod(u128 a, u128 b, u128 m) {
  if (m <= (u128{1} << 64)) return (a * b) % m;
  u128 r = 0;
  for (int bit = 127; bit >= 0; --bit) {
    r = (r * 2) % m;
    if (((b >> bit) & 1) != 0) r = (r + a) % m;
  }
  return r;
}

// 10^e mod m.
u128 Pow10Mod(int64_t e, u128 m) {
  u128 result = 1 % m;
  u128 base = 10 % m;
  while (e > 0) {
    if ((e & 1) != 0) result = MulMod(result, base, m);
    base = MulMod(base, base, m);
    e >>= 1;
  }
  return result;
}

// x^n by repeated squaring, each product rounded to 34 digits; infinite on overflow.
decimal128 PowerBySquaring(decimal128 base, uint64_t n) {
  decimal128 result(1);
  while (n != 0) {
    if ((n & 1) != 0) result *= base;
    n >>= 1;
    if (n != 0) base *= base;
    if (!Number(result).IsFinite() || !Number(base).IsFinite()) return Infinity(false);
  }
  return result;
}

// base^n for an integer n too large for int64: the result is 0, +-1 or out of range.
std::optional<Number> PowerHugeInteger(const Number& base, const Number& n) {
  const bool n_negative = n.IsNegative();
  if (base.IsZero()) return n_negative ? std::nullopt : std::optional<Number>(Number(0));
  const int magnitude = base.Abs().Compare(Number(1));
  if (magnitude == 0) {
    Parts e = Decode(n.raw());
    Normalize(e);
    const bool odd = e.exp == 0 && (e.coef & 1) != 0;
    return (base.IsNegative() && odd) ? Number(-1) : Number(1);
  }
  // |base| > 1 grows without bound for n > 0 and vanishes for n < 0; |base| < 1 the reverse.
  if ((magnitude > 0) != n_negative) return std::nullopt;
  return Number(0);
}

std::optional<Number> PowerInteger(const Number& base, const Number& exponent) {
  const auto n = exponent.ToInt64();
  if (!n) return PowerHugeInteger(base, exponent);
  if (base.IsZero() && *n < 0) return std::nullopt;
  const uint64_t magnitude = *n < 0 ? 0 - static_cast<uint64_t>(*n) : static_cast<uint64_t>(*n);
  const decimal128 p = PowerBySquaring(base.raw(), magnitude);
  if (*n >= 0) return FiniteOrNull(p);
  if (!Number(p).IsFinite()) return Number(0);  // 1 / overflow: underflows to zero
  if (Number(p).IsZero()) return std::nullopt;  // 1 / underflow: overflows
  return FiniteOrNull(decimal128(1) / p);
}

}  // namespace

std::optional<Number> Number::Parse(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  // Keep the first 34 significant digits; remember the first dropped digit and whether any later
  // one is nonzero, which is all half-even rounding needs.
  u128 coef = 0;
  int kept = 0;
  int64_t dropped = 0, fraction_digits = 0;
  int round_digit = 0;
  bool sticky = false, any_digit = false, point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      if (point) return std::nullopt;
      point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any_digit = true;
    const int digit = c - '0';
    if (point) ++fraction_digits;
    if (kept == 0 && digit == 0) continue;  // leading zero
    if (kept < kMaxDigits) {
      coef = coef * 10 + static_cast<unsigned>(digit);
      ++kept;
    } else {
      if (dropped == 0) {
        round_digit = digit;
      } else if (digit != 0) {
        sticky = true;
      }
      ++dropped;
    }
  }
  if (!any_digit) return std::nullopt;

  int64_t exponent = 0;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return std::nullopt;
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      exponent_negative = text[i] == '-';
      ++i;
    }
    if (i == text.size()) return std::nullopt;
    for (; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      // Saturate: anything this large is out of range (or a zero) anyway.
      exponent = std::min<int64_t>(exponent * 10 + (text[i] - '0'), 1'000'000'000);
    }
    if (exponent_negative) exponent = -exponent;
  }
  exponent += dropped - fraction_digits;

  Rest rest = Rest::kZero;
  if (round_digit > 5 || (round_digit == 5 && sticky)) {
    rest = Rest::kAboveHalf;
  } else if (round_digit == 5) {
    rest = Rest::kHalf;
  } else if (round_digit > 0 || sticky) {
    rest = Rest::kBelowHalf;
  }
  if (RoundsAway(Split{coef, rest}, RoundingMode::kHalfEven, negative)) ++coef;

  const auto d = Encode(negative, coef, exponent);
  if (!d) return std::nullopt;
  if (coef != 0 && Decode(*d).coef == 0) return std::nullopt;  // underflow below 1E-6176
  return Number(*d);
}

Number Number::FromDouble(double v) {
  if (std::isnan(v)) return Number(NaN());
  if (std::isinf(v)) return Number(Infinity(v < 0));
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip text
  if (ec != std::errc()) return Number(NaN());
  const auto n = Parse(std::string_view(buf, end - buf));
  return n ? *n : Number(NaN());
}

std::string Number::ToString() const {
  Parts p = Decode(d_);
  if (p.kind == Kind::kNaN) return "NaN";
  if (p.kind == Kind::kInfinity) return p.negative ? "-Infinity" : "Infinity";
  if (p.coef == 0) return "0";
  Normalize(p);
  const std::string digits = DigitsText(p.coef);
  const auto n = static_cast<int64_t>(digits.size());
  std::string out = p.negative ? "-" : "";
  const int64_t plain_digits = p.exp >= 0 ? n + p.exp : std::max(n, 1 - p.exp);
  if (plain_digits <= kMaxPlainDigits) {
    if (p.exp >= 0) {
      out += digits;
      out.append(static_cast<size_t>(p.exp), '0');
    } else if (-p.exp < n) {
      out += digits.substr(0, static_cast<size_t>(n + p.exp));
      out += '.';
      out += digits.substr(static_cast<size_t>(n + p.exp));
    } else {
      out += "0.";
      out.append(static_cast<size_t>(-p.exp - n), '0');
      out += digits;
    }
    return out;
  }
  // Java BigDecimal.toString style: one digit before the point, signed adjusted exponent.
  const int64_t adjusted = p.exp + n - 1;
  out += digits[0];
  if (n > 1) {
    out += '.';
    out += digits.substr(1);
  }
  out += adjusted >= 0 ? "E+" : "E-";
  out += std::to_string(adjusted >= 0 ? adjusted : -adjusted);
  return out;
}

double Number::ToDouble() const { return ToBinary<double>(d_); }

std::optional<int64_t> Number::ToInt64() const {
  Parts p = Decode(d_);
  if (p.kind != Kind::kFinite) return std::nullopt;
  Normalize(p);
  if (p.exp < 0 || Digits(p.coef) + p.exp > 19) return std::nullopt;
  const u128 magnitude = p.coef * Pow10(p.exp);
  const u128 limit = static_cast<u128>(std::numeric_limits<int64_t>::max()) + (p.negative ? 1 : 0);
  if (magnitude > limit) return std::nullopt;
  const auto m = static_cast<uint64_t>(magnitude);
  return static_cast<int64_t>(p.negative ? 0 - m : m);
}

bool Number::IsInteger() const {
  Parts p = Decode(d_);
  if (p.kind != Kind::kFinite) return false;
  Normalize(p);
  return p.exp >= 0;
}

bool Number::IsZero() const {
  const Parts p = Decode(d_);
  return p.kind == Kind::kFinite && p.coef == 0;
}

bool Number::IsNegative() const {
  const Parts p = Decode(d_);
  if (p.kind == Kind::kNaN) return false;
  return p.negative && (p.kind == Kind::kInfinity || p.coef != 0);
}

bool Number::IsFinite() const { return Decode(d_).kind == Kind::kFinite; }

std::optional<Number> Number::Add(const Number& o) const { return FiniteOrNull(d_ + o.d_); }

std::optional<Number> Number::Subtract(const Number& o) const { return FiniteOrNull(d_ - o.d_); }

std::optional<Number> Number::Multiply(const Number& o) const { return FiniteOrNull(d_ * o.d_); }

std::optional<Number> Number::Divide(const Number& o) const {
  if (o.IsZero()) return std::nullopt;
  return FiniteOrNull(d_ / o.d_);
}

// Exact for all operands: with a = A*10^ea and b = B*10^eb the remainder is computed on the
// integer coefficients (modular exponentiation when ea > eb), so huge quotients lose nothing.
std::optional<Number> Number::Modulo(const Number& divisor) const {
  if (!IsFinite() || !divisor.IsFinite() || divisor.IsZero()) return std::nullopt;
  const Parts a = Decode(d_);
  const Parts b = Decode(divisor.d_);
  u128 modulus = b.coef;
  u128 remainder = 0;
  int64_t exp = b.exp;
  if (a.exp >= b.exp) {
    remainder = MulMod(a.coef % modulus, Pow10Mod(a.exp - b.exp, modulus), modulus);
  } else {
    const int64_t shift = b.exp - a.exp;
    if (Digits(b.coef) + shift > 38) {
      // |b| >= 10^37 units of a while |a| < 10^34 of them: the floored quotient is 0 or -1.
      if (a.coef == 0 || a.negative == b.negative) return *this;
      return FiniteOrNull(d_ + divisor.d_);
    }
    modulus = b.coef * Pow10(shift);
    remainder = a.coef % modulus;
    exp = a.exp;
  }
  if (remainder != 0 && a.negative != b.negative) remainder = modulus - remainder;
  const auto d = Encode(b.negative, remainder, exp);
  if (!d) return std::nullopt;
  return Number(*d);
}

std::optional<Number> Number::Power(const Number& exponent) const {
  if (!IsFinite() || !exponent.IsFinite()) return std::nullopt;
  if (exponent.IsInteger()) return PowerInteger(*this, exponent);
  if (IsNegative()) return std::nullopt;  // no real root
  if (IsZero()) return exponent.IsNegative() ? std::nullopt : std::optional<Number>(Number(0));
  return ExpOf(ToBinary<long double>(exponent.raw()) * LnOf(*this));
}

Number Number::Negate() const { return Number(-d_); }

Number Number::Abs() const {
  const u128 sign = u128{1} << 127;
  return Number(FromBits(ToBits(d_) & ~sign));
}

Number Number::Round(int64_t scale, RoundingMode mode) const {
  const Parts p = Decode(d_);
  if (p.kind != Kind::kFinite) return *this;
  // Beyond +-20000 every scale behaves alike; clamping keeps the arithmetic in range.
  const int64_t target = -std::clamp<int64_t>(scale, -20000, 20000);
  if (p.exp >= target) return *this;  // no digits below the rounding position
  const Split s = DropDigits(p.coef, target - p.exp);
  const u128 coef = s.quotient + (RoundsAway(s, mode, p.negative) ? 1 : 0);
  const auto d = Encode(p.negative, coef, target);
  return Number(d ? *d : Infinity(p.negative));  // only a unit at 10^6112 or above overflows
}

// Two Newton steps in decimal refine the 15-digit binary estimate to full precision and keep
// exact roots exact.
std::optional<Number> Number::Sqrt() const {
  if (!IsFinite() || IsNegative()) return std::nullopt;
  if (IsZero()) return Number(0);
  Parts p = Decode(d_);
  if (p.exp % 2 != 0) {
    p.coef *= 10;
    --p.exp;
  }
  const auto estimate = FromLongDouble15(std::sqrt(static_cast<long double>(p.coef)));
  if (!estimate) return std::nullopt;
  const auto scaled = ScaleByPow10(*estimate, p.exp / 2);
  if (!scaled) return std::nullopt;
  decimal128 y = scaled->d_;
  for (int step = 0; step < 2; ++step) y = (y + d_ / y) / decimal128(2);
  return FiniteOrNull(y);
}

std::optional<Number> Number::Exp() const {
  if (!IsFinite()) return std::nullopt;
  return ExpOf(ToBinary<long double>(d_));
}

std::optional<Number> Number::Log() const {
  if (!IsFinite() || IsNegative() || IsZero()) return std::nullopt;
  return FromLongDouble15(LnOf(*this));
}

int Number::Compare(const Number& o) const {
  // Fast path for the common case of two canonical finite values with the same exponent (integers
  // from literals and inputs): compare sign and coefficient directly.
  const u128 a = ToBits(d_), b = ToBits(o.d_);
  constexpr u128 kSpecial = u128{3} << 125;
  if ((a & kSpecial) != kSpecial && (b & kSpecial) != kSpecial && ((a ^ b) >> 113 & 0x3FFF) == 0) {
    const u128 ca = a & kCoefMask, cb = b & kCoefMask;
    if (ca < kCoefLimit && cb < kCoefLimit) {
      const bool na = (a >> 127) != 0, nb = (b >> 127) != 0;
      if (ca == 0 && cb == 0) return 0;
      if (na != nb) return na ? -1 : 1;
      if (ca == cb) return 0;
      return (ca < cb) != na ? -1 : 1;
    }
  }
  if (d_ < o.d_) return -1;
  if (o.d_ < d_) return 1;
  return 0;
}

size_t Number::Hash() const {
  Parts p = Decode(d_);
  if (p.kind != Kind::kFinite)
    return std::hash<int>()(static_cast<int>(p.kind) + (p.negative ? 8 : 0));
  Normalize(p);
  const bool negative = p.negative && p.coef != 0;  // -0 == 0
  size_t h = std::hash<uint64_t>()(static_cast<uint64_t>(p.coef));
  const auto mix = [&h](uint64_t v) {
    h ^= std::hash<uint64_t>()(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  };
  mix(static_cast<uint64_t>(p.coef >> 64));
  mix(static_cast<uint64_t>(p.exp));
  mix(negative ? 1 : 0);
  return h;
}

}  // namespace tamga::feel

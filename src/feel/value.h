// FEEL values: null, boolean, number, string, the five temporal kinds, list, context, range and
// function. Values are immutable; compound values share their payload, so a copy is cheap.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "feel/number.h"
#include "feel/temporal.h"

namespace tamga::feel {

class Value;
struct Context;
struct Range;
struct Function;
class Diagnostics;
struct Type;

using List = std::vector<Value>;

enum class Kind {
  kNull,
  kBoolean,
  kNumber,
  kString,
  kDate,
  kTime,
  kDateTime,
  kDayTimeDuration,
  kYearMonthDuration,
  kList,
  kContext,
  kRange,
  kFunction,
};

// The FEEL name of a kind as `instance of` and error messages spell it ("date and time").
std::string_view KindName(Kind k);

class Value {
 public:
  Value() = default;                                                 // null
  Value(bool b) : v_(b) {}                                           // NOLINT
  Value(Number n) : v_(n) {}                                         // NOLINT
  Value(int64_t n) : v_(Number(n)) {}                                // NOLINT
  Value(int n) : v_(Number(int64_t{n})) {}                           // NOLINT
  Value(std::string s) : v_(std::move(s)) {}                         // NOLINT
  Value(const char* s) : v_(std::string(s)) {}                       // NOLINT
  Value(Date d) : v_(d) {}                                           // NOLINT
  Value(Time t) : v_(std::move(t)) {}                                // NOLINT
  Value(DateTime t) : v_(std::move(t)) {}                            // NOLINT
  Value(DayTimeDuration d) : v_(d) {}                                // NOLINT
  Value(YearMonthDuration d) : v_(d) {}                              // NOLINT
  Value(List l) : v_(std::make_shared<const List>(std::move(l))) {}  // NOLINT
  Value(Context c);                                                  // NOLINT
  Value(Range r);                                                    // NOLINT
  Value(std::shared_ptr<const List> l) : v_(std::move(l)) {}         // NOLINT
  Value(std::shared_ptr<const Context> c) : v_(std::move(c)) {}      // NOLINT
  Value(std::shared_ptr<const Range> r) : v_(std::move(r)) {}        // NOLINT
  Value(std::shared_ptr<const Function> f) : v_(std::move(f)) {}     // NOLINT

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_null() const { return v_.index() == 0; }
  bool is(Kind k) const { return kind() == k; }

  // Accessors; each requires the matching kind.
  bool boolean() const { return std::get<bool>(v_); }
  const Number& number() const { return std::get<Number>(v_); }
  const std::string& string() const { return std::get<std::string>(v_); }
  const Date& date() const { return std::get<Date>(v_); }
  const Time& time() const { return std::get<Time>(v_); }
  const DateTime& date_time() const { return std::get<DateTime>(v_); }
  const DayTimeDuration& day_time_duration() const { return std::get<DayTimeDuration>(v_); }
  const YearMonthDuration& year_month_duration() const { return std::get<YearMonthDuration>(v_); }
  const List& list() const { return *std::get<std::shared_ptr<const List>>(v_); }
  const Context& context() const { return *std::get<std::shared_ptr<const Context>>(v_); }
  const Range& range() const { return *std::get<std::shared_ptr<const Range>>(v_); }
  const std::shared_ptr<const Context>& context_ptr() const {
    return std::get<std::shared_ptr<const Context>>(v_);
  }
  const Function& function() const { return *std::get<std::shared_ptr<const Function>>(v_); }
  const std::shared_ptr<const Function>& function_ptr() const {
    return std::get<std::shared_ptr<const Function>>(v_);
  }

 private:
  std::variant<std::monostate, bool, Number, std::string, Date, Time, DateTime, DayTimeDuration,
               YearMonthDuration, std::shared_ptr<const List>, std::shared_ptr<const Context>,
               std::shared_ptr<const Range>, std::shared_ptr<const Function>>
      v_;
};

// A FEEL context: entries in insertion order; keys are unique.
struct Context {
  std::vector<std::pair<std::string, Value>> entries;
  const Value* Find(std::string_view key) const;
  // Replaces the value of an existing key, or appends the entry.
  void Set(std::string key, Value value);
};

// A range (interval). A missing endpoint (null start or end) is unbounded on that side, as the
// unary test `< 10` produces. Endpoints have the same kind when both are present.
struct Range {
  Value start;
  Value end;
  bool start_included = false;
  bool end_included = false;
  // The unary tests "= x" and "!= x" are ranges too in DMN 1.5, distinct from [x..x]; their
  // operand is `start`.
  enum class Form { kInterval, kEqual, kNotEqual };
  Form form = Form::kInterval;
  // An endpoint written as null ("(null..10)") is unknown, unlike the missing end of "< 10", which
  // is unbounded: whether a value lies in the range is then null.
  bool start_unknown = false;
  bool end_unknown = false;
};

// FEEL equality (DMN 1.5 10.3.2.2): null when the kinds are not comparable, else true/false.
// Lists and contexts compare element-wise; 1 = 1.0; date-times with and without zone are not equal.
Value Equal(const Value& a, const Value& b);
// Ordering for <, <=, >, >=: -1/0/+1, or nullopt when the values are not ordered (different kinds,
// kinds without order, or a zoned and a local time).
std::optional<int> CompareOrder(const Value& a, const Value& b);
// Structural equality used by the TCK and by distinct values(): like Equal, but null = null and
// never null as an answer.
bool SameValue(const Value& a, const Value& b);

// The text that string(v) returns: numbers canonical, strings unchanged, temporal values in ISO
// form, lists "[1, 2]", contexts "{a: 1}", ranges "[1..2]", null "null".
std::string ToFeelString(const Value& v);
// Like ToFeelString but quotes strings ("\"a\""); for messages, traces and test output.
std::string ToDisplayString(const Value& v);

}  // namespace tamga::feel

#include "feel/value.h"

#include <cctype>

#include "feel/function.h"

namespace tamga::feel {

std::string_view KindName(Kind k) {
  switch (k) {
    case Kind::kNull:
      return "Null";
    case Kind::kBoolean:
      return "boolean";
    case Kind::kNumber:
      return "number";
    case Kind::kString:
      return "string";
    case Kind::kDate:
      return "date";
    case Kind::kTime:
      return "time";
    case Kind::kDateTime:
      return "date and time";
    case Kind::kDayTimeDuration:
      return "days and time duration";
    case Kind::kYearMonthDuration:
      return "years and months duration";
    case Kind::kList:
      return "list";
    case Kind::kContext:
      return "context";
    case Kind::kRange:
      return "range";
    case Kind::kFunction:
      return "function";
  }
  return "unknown";
}

Value::Value(Context c) : v_(std::make_shared<const Context>(std::move(c))) {}
Value::Value(Range r) : v_(std::make_shared<const Range>(std::move(r))) {}

const Value* Context::Find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k == key) return &v;
  }
  return nullptr;
}

void Context::Set(std::string key, Value value) {
  for (auto& [k, v] : entries) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  entries.emplace_back(std::move(key), std::move(value));
}

namespace {

// Combines element-wise equality answers: any false -> false, else any null -> null, else true.
Value AllEqual(size_t n, const auto& equal_at) {
  bool unknown = false;
  for (size_t i = 0; i < n; ++i) {
    Value e = equal_at(i);
    if (e.is_null()) {
      unknown = true;
    } else if (!e.boolean()) {
      return false;
    }
  }
  if (unknown) return Value();
  return true;
}

Value EqualLists(const List& a, const List& b) {
  if (a.size() != b.size()) return false;
  return AllEqual(a.size(), [&](size_t i) { return Equal(a[i], b[i]); });
}

Value EqualContexts(const Context& a, const Context& b) {
  if (a.entries.size() != b.entries.size()) return false;
  for (const auto& [k, v] : a.entries) {
    if (!b.Find(k)) return false;
  }
  return AllEqual(a.entries.size(), [&](size_t i) {
    const auto& [k, v] = a.entries[i];
    return Equal(v, *b.Find(k));
  });
}

Value EqualRanges(const Range& a, const Range& b) {
  if (a.start_included != b.start_included || a.end_included != b.end_included ||
      a.form != b.form || a.start_unknown != b.start_unknown || a.end_unknown != b.end_unknown)
    return false;
  Value s = Equal(a.start, b.start);
  Value e = Equal(a.end, b.end);
  if (s.is_null() || e.is_null()) return Value();
  return s.boolean() && e.boolean();
}

// A time or date and time with its fraction of a second cut to whole milliseconds.
Value ToMillis(const Value& v) {
  auto cut = [](Time t) {
    t.nanos_of_day -= t.nanos_of_day % 1000000;
    return t;
  };
  if (v.is(Kind::kTime)) return cut(v.time());
  DateTime dt = v.date_time();
  dt.time = cut(dt.time);
  return dt;
}

}  // namespace

Value Equal(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (a.kind() != b.kind()) return Value();
  switch (a.kind()) {
    case Kind::kNull:
      return true;
    case Kind::kBoolean:
      return a.boolean() == b.boolean();
    case Kind::kNumber:
      return a.number() == b.number();
    case Kind::kString:
      return a.string() == b.string();
    case Kind::kDate:
      return a.date() == b.date();
    case Kind::kTime:
    case Kind::kDateTime: {
      // Equality holds to the millisecond, as the TCK expects (0068: 10:30:00.0001 =
      // 10:30:00.0002).
      auto c = CompareOrder(ToMillis(a), ToMillis(b));
      if (!c) return false;
      return *c == 0;
    }
    case Kind::kDayTimeDuration:
      return a.day_time_duration() == b.day_time_duration();
    case Kind::kYearMonthDuration:
      return a.year_month_duration() == b.year_month_duration();
    case Kind::kList:
      return EqualLists(a.list(), b.list());
    case Kind::kContext:
      return EqualContexts(a.context(), b.context());
    case Kind::kRange:
      return EqualRanges(a.range(), b.range());
    case Kind::kFunction:
      return a.function_ptr() == b.function_ptr();
  }
  return Value();
}

std::optional<int> CompareOrder(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return std::nullopt;
  auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  switch (a.kind()) {
    case Kind::kNumber:
      return a.number().Compare(b.number());
    case Kind::kString:
      return a.string().compare(b.string()) < 0 ? -1 : (a.string() == b.string() ? 0 : 1);
    case Kind::kDate:
      return sign(a.date().DaysSinceEpoch(), b.date().DaysSinceEpoch());
    // To the millisecond, as equality is (above): otherwise two times could be both equal and
    // ordered (t1 < t2 and t1 = t2 for 10:30:00.0001 and 10:30:00.0002).
    case Kind::kTime:
      return Compare(ToMillis(a).time(), ToMillis(b).time());
    case Kind::kDateTime:
      return Compare(ToMillis(a).date_time(), ToMillis(b).date_time());
    case Kind::kDayTimeDuration:
      return sign(a.day_time_duration(), b.day_time_duration());
    case Kind::kYearMonthDuration:
      return sign(a.year_month_duration(), b.year_month_duration());
    default:
      return std::nullopt;
  }
}

bool SameValue(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kList: {
      const List& x = a.list();
      const List& y = b.list();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!SameValue(x[i], y[i])) return false;
      }
      return true;
    }
    case Kind::kContext: {
      const Context& x = a.context();
      const Context& y = b.context();
      if (x.entries.size() != y.entries.size()) return false;
      for (const auto& [k, v] : x.entries) {
        const Value* w = y.Find(k);
        if (!w || !SameValue(v, *w)) return false;
      }
      return true;
    }
    case Kind::kRange: {
      const Range& x = a.range();
      const Range& y = b.range();
      return x.start_included == y.start_included && x.end_included == y.end_included &&
             x.form == y.form && x.start_unknown == y.start_unknown &&
             x.end_unknown == y.end_unknown && SameValue(x.start, y.start) &&
             SameValue(x.end, y.end);
    }
    default: {
      Value e = Equal(a, b);
      return !e.is_null() && e.boolean();
    }
  }
}

namespace {

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A key that reads back as a name; others are written as string literals ({"{": 1}).
bool IsPlainKey(const std::string& k) {
  if (k.empty() || std::isdigit(static_cast<unsigned char>(k[0]))) return false;
  for (unsigned char c : k) {
    if (!(std::isalnum(c) || c == '_' || c == ' ' || c == '?' || c >= 0x80)) return false;
  }
  return k.front() != ' ' && k.back() != ' ';
}

std::string Render(const Value& v, bool quote_strings) {
  switch (v.kind()) {
    case Kind::kNull:
      return "null";
    case Kind::kBoolean:
      return v.boolean() ? "true" : "false";
    case Kind::kNumber:
      return v.number().ToString();
    case Kind::kString:
      return quote_strings ? Quote(v.string()) : v.string();
    case Kind::kDate:
      return ToString(v.date());
    case Kind::kTime:
      return ToString(v.time());
    case Kind::kDateTime:
      return ToString(v.date_time());
    case Kind::kDayTimeDuration:
      return ToString(v.day_time_duration());
    case Kind::kYearMonthDuration:
      return ToString(v.year_month_duration());
    case Kind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < v.list().size(); ++i) {
        if (i) out += ", ";
        out += Render(v.list()[i], true);
      }
      return out + "]";
    }
    case Kind::kContext: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, e] : v.context().entries) {
        if (!first) out += ", ";
        first = false;
        out += (IsPlainKey(k) ? k : Quote(k)) + ": " + Render(e, true);
      }
      return out + "}";
    }
    case Kind::kRange: {
      const Range& r = v.range();
      if (r.form != Range::Form::kInterval)
        return std::string(r.form == Range::Form::kEqual ? "=" : "!=") + Render(r.start, true);
      if (r.start.is_null() && !r.end.is_null() && !r.start_unknown) {
        return std::string(r.end_included ? "<=" : "<") + " " + Render(r.end, true);
      }
      if (r.end.is_null() && !r.start.is_null() && !r.end_unknown) {
        return std::string(r.start_included ? ">=" : ">") + " " + Render(r.start, true);
      }
      return std::string(r.start_included ? "[" : "(") + Render(r.start, true) + ".." +
             Render(r.end, true) + (r.end_included ? "]" : ")");
    }
    case Kind::kFunction:
      return "function " + v.function().name;
  }
  return "?";
}

}  // namespace

std::string ToFeelString(const Value& v) { return Render(v, false); }
std::string ToDisplayString(const Value& v) { return Render(v, true); }

}  // namespace tamga::feel

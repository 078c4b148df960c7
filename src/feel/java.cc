#include "feel/java.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

namespace tamga::feel {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

// "max(double, double)" -> {"max", {"double", "double"}}.
bool SplitSignature(std::string_view sig, std::string& name, std::vector<std::string>& params) {
  size_t open = sig.find('('), close = sig.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open)
    return false;
  name = Trim(sig.substr(0, open));
  std::string_view inner = sig.substr(open + 1, close - open - 1);
  while (!inner.empty()) {
    size_t comma = inner.find(',');
    params.push_back(Trim(inner.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    inner.remove_prefix(comma + 1);
  }
  return true;
}

bool IsIntegral(const std::string& t) {
  return t == "int" || t == "long" || t == "short" || t == "byte";
}
bool IsFloating(const std::string& t) { return t == "double" || t == "float"; }

// Converts a FEEL argument to the Java parameter type; nullopt when Java would not accept it.
std::optional<Value> ToJava(const Value& v, const std::string& type) {
  if (IsIntegral(type)) {
    if (!v.is(Kind::kNumber) || !v.number().IsInteger()) return std::nullopt;
    return v;
  }
  if (IsFloating(type)) return v.is(Kind::kNumber) ? std::optional<Value>(v) : std::nullopt;
  if (type == "char") {  // exactly one code point
    if (!v.is(Kind::kString) || v.string().empty()) return std::nullopt;
    size_t lead = static_cast<unsigned char>(v.string()[0]);
    size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (v.string().size() != len) return std::nullopt;
    return v;
  }
  if (type == "java.lang.String")
    return v.is(Kind::kString) ? std::optional<Value>(v) : std::nullopt;
  return v;  // java.lang.Object and arrays take anything
}

using Body = std::function<Value(std::span<const Value>, CallContext&)>;

Value FromDouble(double d) {
  if (!std::isfinite(d)) return Value();
  return Number::FromDouble(d);
}

Body UnaryMath(double (*f)(double)) {
  return [f](std::span<const Value> a, CallContext&) {
    return FromDouble(f(a[0].number().ToDouble()));
  };
}

std::optional<Body> MathMethod(const std::string& name, size_t arity) {
  static const std::map<std::string, double (*)(double)> kUnary = {
      {"cos", std::cos},
      {"sin", std::sin},
      {"tan", std::tan},
      {"acos", std::acos},
      {"asin", std::asin},
      {"atan", std::atan},
      {"exp", std::exp},
      {"log", std::log},
      {"log10", std::log10},
      {"sqrt", std::sqrt},
      {"cbrt", std::cbrt},
      {"floor", std::floor},
      {"ceil", std::ceil},
      {"signum", [](double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0); }},
      {"toRadians", [](double x) { return x * M_PI / 180; }},
      {"toDegrees", [](double x) { return x * 180 / M_PI; }},
  };
  if (arity == 1) {
    if (auto it = kUnary.find(name); it != kUnary.end()) return UnaryMath(it->second);
    if (name == "abs")
      return Body(
          [](std::span<const Value> a, CallContext&) { return Value(a[0].number().Abs()); });
    if (name == "round")
      return Body([](std::span<const Value> a, CallContext&) {
        auto shifted = a[0].number().Add(*Number::Parse("0.5"));  // Java: floor(x + 0.5)
        return shifted ? Value(shifted->Floor()) : Value();
      });
  }
  if (arity == 2) {
    if (name == "max" || name == "min") {
      bool max = name == "max";
      return Body([max](std::span<const Value> a, CallContext&) {
        bool first = a[0].number().Compare(a[1].number()) >= 0;
        return first == max ? a[0] : a[1];
      });
    }
    if (name == "pow")
      return Body([](std::span<const Value> a, CallContext&) {
        return FromDouble(std::pow(a[0].number().ToDouble(), a[1].number().ToDouble()));
      });
    if (name == "atan2")
      return Body([](std::span<const Value> a, CallContext&) {
        return FromDouble(std::atan2(a[0].number().ToDouble(), a[1].number().ToDouble()));
      });
  }
  return std::nullopt;
}

// Integer.valueOf("123"), Double.valueOf("1.5"), Short.valueOf(short), ...
std::optional<Body> ValueOf(const std::string& cls, const std::vector<std::string>& params) {
  bool integral = cls == "Integer" || cls == "Long" || cls == "Short" || cls == "Byte";
  if (!integral && cls != "Double" && cls != "Float") return std::nullopt;
  if (params.size() != 1) return std::nullopt;
  return Body([integral](std::span<const Value> a, CallContext& ctx) -> Value {
    if (a[0].is(Kind::kNumber)) return a[0];
    auto n = Number::Parse(a[0].string());
    if (!n || (integral && !n->IsInteger())) {
      ctx.Warn("NumberFormatException: \"" + a[0].string() + "\"");
      return Value();
    }
    return *n;
  });
}

// String.format with the conversions models use: %s, %d, %f (with precision), %n, %%.
Value Format(std::span<const Value> a, CallContext& ctx) {
  const std::string& fmt = a[0].string();
  std::vector<Value> args(a.begin() + 1, a.end());
  if (args.size() == 1 && args[0].is(Kind::kList)) args = args[0].list();
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    size_t j = i + 1;
    std::string spec;
    while (j < fmt.size() && (std::isdigit(static_cast<unsigned char>(fmt[j])) || fmt[j] == '.'))
      spec += fmt[j++];
    if (j >= fmt.size()) break;
    char conv = fmt[j];
    i = j;
    if (conv == '%') {
      out += '%';
      continue;
    }
    if (conv == 'n') {
      out += '\n';
      continue;
    }
    if (next >= args.size()) {
      ctx.Warn("MissingFormatArgumentException: " + fmt);
      return Value();
    }
    const Value& v = args[next++];
    if (conv == 's') {
      out += ToFeelString(v);
    } else if ((conv == 'd' || conv == 'f') && v.is(Kind::kNumber)) {
      char buf[128];
      std::string f = "%" + spec + (conv == 'd' ? "lld" : "f");
      if (conv == 'd')
        std::snprintf(buf, sizeof buf, f.c_str(), static_cast<long long>(v.number().ToDouble()));
      else
        std::snprintf(buf, sizeof buf, f.c_str(), v.number().ToDouble());
      out += buf;
    } else {
      ctx.Warn(std::string("IllegalFormatConversionException: %") + conv);
      return Value();
    }
  }
  return out;
}

}  // namespace

std::optional<Function> JavaStaticMethod(std::string_view class_name, std::string_view signature) {
  std::string name;
  std::vector<std::string> types;
  if (!SplitSignature(signature, name, types)) return std::nullopt;
  std::string cls(class_name);
  if (cls.rfind("java.lang.", 0) != 0) return std::nullopt;
  cls = cls.substr(10);
  std::optional<Body> body;
  bool variadic = false;
  if (cls == "Math") {
    bool numeric = std::all_of(types.begin(), types.end(),
                               [](const std::string& t) { return IsIntegral(t) || IsFloating(t); });
    if (numeric) body = MathMethod(name, types.size());
  } else if (name == "valueOf" && cls == "String" && types.size() == 1) {
    body = Body([](std::span<const Value> a, CallContext&) { return Value(ToFeelString(a[0])); });
  } else if (name == "format" && cls == "String" && types.size() == 2 &&
             types[1] == "[Ljava.lang.Object;") {
    body = Body(Format);
    variadic = true;
  } else if (name == "valueOf") {
    body = ValueOf(cls, types);
  }
  if (!body) return std::nullopt;
  Function f;
  f.name = cls + "." + name;
  for (size_t i = 0; i < types.size(); ++i) f.params.push_back("arg" + std::to_string(i));
  f.min_args = variadic ? types.size() - 1 : types.size();
  f.variadic = variadic;
  f.body = [types, variadic, call = std::move(*body)](std::span<const Value> args,
                                                      CallContext& ctx) -> Value {
    std::vector<Value> converted;
    for (size_t i = 0; i < args.size(); ++i) {
      const std::string& t = i < types.size() ? types[i] : types.back();
      auto v =
          (variadic && i + 1 >= types.size()) ? std::optional<Value>(args[i]) : ToJava(args[i], t);
      if (!v) {
        ctx.Warn("argument " + std::to_string(i + 1) + " cannot be passed as Java " + t);
        return Value();
      }
      converted.push_back(*v);
    }
    return call(converted, ctx);
  };
  return f;
}

}  // namespace tamga::feel

#include "feel/json.h"

#include <charconv>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "feel/function.h"

namespace tamga::feel {
namespace {

std::expected<Value, std::string> TemporalFromString(const std::string& s, const Type& type,
                                                     const std::string& path) {
  std::optional<Value> v;
  const char* what = "";
  switch (type.tag) {
    case Type::Tag::kDate:
      what = "date";
      if (auto d = ParseDate(s)) v = *d;
      break;
    case Type::Tag::kTime:
      what = "time";
      if (auto t = ParseTime(s)) v = *t;
      break;
    case Type::Tag::kDateTime:
      what = "date and time";
      if (auto dt = ParseDateTime(s)) v = *dt;
      break;
    case Type::Tag::kDayTimeDuration:
      what = "days and time duration";
      if (auto d = ParseDayTimeDuration(s)) v = *d;
      break;
    case Type::Tag::kYearMonthDuration:
      what = "years and months duration";
      if (auto d = ParseYearMonthDuration(s)) v = *d;
      break;
    default:
      return Value(s);
  }
  if (!v) return std::unexpected(path + ": \"" + s + "\" is not a valid " + what);
  return *v;
}

std::expected<Value, std::string> NumberFromJson(const nlohmann::json& j, const std::string& path) {
  if (j.is_number_integer()) {
    if (j.is_number_unsigned()) {
      auto n = Number::Parse(std::to_string(j.get<uint64_t>()));
      return Value(*n);
    }
    return Value(Number(j.get<int64_t>()));
  }
  double d = j.get<double>();
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  auto n = Number::Parse(std::string_view(buf, r.ptr - buf));
  if (!n) return std::unexpected(path + ": number out of range");
  return Value(*n);
}

}  // namespace

std::expected<Value, std::string> FromJson(const nlohmann::json& j, const Type& type,
                                           const std::string& path) {
  using T = Type::Tag;
  // A single value where a list is declared becomes a one-element list.
  if (type.tag == T::kList && !j.is_array() && !j.is_null()) {
    auto e = FromJson(j, type.args.empty() ? Type::Any() : type.args[0], path);
    if (!e) return e;
    return Value(List{*e});
  }
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return Value();
    case nlohmann::json::value_t::boolean:
      return Value(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return NumberFromJson(j, path);
    case nlohmann::json::value_t::string:
      return TemporalFromString(j.get<std::string>(), type, path);
    case nlohmann::json::value_t::array: {
      Type element = type.tag == T::kList && !type.args.empty() ? type.args[0] : Type::Any();
      List out;
      for (size_t i = 0; i < j.size(); ++i) {
        auto e = FromJson(j[i], element, path + "[" + std::to_string(i) + "]");
        if (!e) return e;
        out.push_back(std::move(*e));
      }
      return Value(std::move(out));
    }
    case nlohmann::json::value_t::object: {
      Context out;
      for (const auto& [key, item] : j.items()) {
        Type field = Type::Any();
        for (const auto& [name, t] : type.fields) {
          if (name == key) field = t;
        }
        auto e = FromJson(item, field, path + "." + key);
        if (!e) return e;
        out.entries.emplace_back(key, std::move(*e));
      }
      return Value(std::move(out));
    }
    default:
      return std::unexpected(path + ": unsupported JSON value");
  }
}

std::string JsonQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  // Runs of characters that need no escape (most of any text) are copied whole.
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      }
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
  return out;
}

std::string PrettyJson(std::string_view in) {
  std::string out;
  int depth = 0;
  bool in_string = false;
  auto newline = [&] { out += '\n' + std::string(2 * depth, ' '); };
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < in.size())
        out += in[++i];
      else if (c == '"')
        in_string = false;
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        out += c;
        break;
      case '{':
      case '[':
        out += c;
        if (i + 1 < in.size() && (in[i + 1] == '}' || in[i + 1] == ']')) {
          out += in[++i];
        } else {
          ++depth;
          newline();
        }
        break;
      case '}':
      case ']':
        --depth;
        newline();
        out += c;
        break;
      case ',':
        out += c;
        newline();
        break;
      case ':':
        out += ": ";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string ToJson(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      return "null";
    case Kind::kBoolean:
      return v.boolean() ? "true" : "false";
    case Kind::kNumber: {
      std::string s = v.number().ToString();
      return v.number().IsFinite() ? s : "null";
    }
    case Kind::kString:
      return JsonQuote(v.string());
    case Kind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < v.list().size(); ++i) out += (i ? "," : "") + ToJson(v.list()[i]);
      return out + "]";
    }
    case Kind::kContext: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, e] : v.context().entries) {
        out += (first ? "" : ",") + JsonQuote(k) + ":" + ToJson(e);
        first = false;
      }
      return out + "}";
    }
    case Kind::kRange: {
      const Range& r = v.range();
      return "{\"start\":" + ToJson(r.start) + ",\"end\":" + ToJson(r.end) +
             ",\"startIncluded\":" + (r.start_included ? "true" : "false") +
             ",\"endIncluded\":" + (r.end_included ? "true" : "false") + "}";
    }
    case Kind::kFunction:
      return JsonQuote("function " + v.function().name);
    default:
      return JsonQuote(ToFeelString(v));  // temporal values in ISO form
  }
}

}  // namespace tamga::feel

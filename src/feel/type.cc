#include "feel/type.h"

#include <cctype>

#include "feel/function.h"

namespace tamga::feel {

Type Type::ListOf(Type element) {
  Type t = Of(Tag::kList);
  t.args.push_back(std::move(element));
  return t;
}

namespace {

// Recursive-descent reader of FEEL type syntax over a string.
class TypeReader {
 public:
  TypeReader(std::string_view s, const std::map<std::string, Type, std::less<>>* named)
      : s_(s), named_(named) {}

  std::optional<Type> ReadAll() {
    auto t = Read();
    SkipSpace();
    if (!t || pos_ != s_.size()) return std::nullopt;
    return t;
  }

 private:
  void SkipSpace() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool Eat(char c) {
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool EatArrow() {
    SkipSpace();
    if (s_.substr(pos_, 2) == "->") {
      pos_ += 2;
      return true;
    }
    return false;
  }
  // A name up to one of the delimiters of type syntax; inner whitespace is collapsed to one space.
  std::string ReadName() {
    SkipSpace();
    std::string out;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '<' || c == '>' || c == ',' || c == ':' || (c == '-' && s_.substr(pos_, 2) == "->"))
        break;
      if (std::isspace(static_cast<unsigned char>(c))) {
        if (!out.empty() && out.back() != ' ') out += ' ';
      } else {
        out += c;
      }
      ++pos_;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }

  std::optional<Type> Read() {
    std::string name = ReadName();
    if (name.rfind("feel:", 0) == 0) name = name.substr(5);
    if (name == "list" || name == "range") {
      Type t = Type::Of(name == "list" ? Type::Tag::kList : Type::Tag::kRange);
      if (Eat('<')) {
        auto e = Read();
        if (!e || !Eat('>')) return std::nullopt;
        t.args.push_back(*e);
      }
      return t;
    }
    if (name == "context") {
      Type t = Type::Of(Type::Tag::kContext);
      if (Eat('<')) {
        do {
          std::string field = ReadName();
          if (field.empty() || !Eat(':')) return std::nullopt;
          auto ft = Read();
          if (!ft) return std::nullopt;
          t.fields.emplace_back(field, *ft);
        } while (Eat(','));
        if (!Eat('>')) return std::nullopt;
      }
      return t;
    }
    if (name == "function") {
      Type t = Type::Of(Type::Tag::kFunction);
      if (Eat('<')) {
        if (!Eat('>')) {
          do {
            auto p = Read();
            if (!p) return std::nullopt;
            t.args.push_back(*p);
          } while (Eat(','));
          if (!Eat('>')) return std::nullopt;
        }
        if (!EatArrow()) return std::nullopt;
        auto r = Read();
        if (!r) return std::nullopt;
        t.result.push_back(*r);
      }
      return t;
    }
    if (auto t = Simple(name)) return t;
    if (named_) {
      if (auto it = named_->find(name); it != named_->end()) return it->second;
    }
    return std::nullopt;
  }

  static std::optional<Type> Simple(const std::string& name) {
    using T = Type::Tag;
    static const std::pair<const char*, T> kNames[] = {
        {"Any", T::kAny},
        {"Null", T::kNull},
        {"number", T::kNumber},
        {"string", T::kString},
        {"boolean", T::kBoolean},
        {"date", T::kDate},
        {"time", T::kTime},
        {"date and time", T::kDateTime},
        {"dateTime", T::kDateTime},
        {"days and time duration", T::kDayTimeDuration},
        {"dayTimeDuration", T::kDayTimeDuration},
        {"years and months duration", T::kYearMonthDuration},
        {"yearMonthDuration", T::kYearMonthDuration},
    };
    for (const auto& [n, tag] : kNames) {
      if (name == n) return Type::Of(tag);
    }
    return std::nullopt;
  }

  std::string_view s_;
  const std::map<std::string, Type, std::less<>>* named_;
  size_t pos_ = 0;
};

Kind KindOfTag(Type::Tag t) {
  using T = Type::Tag;
  switch (t) {
    case T::kNull:
      return Kind::kNull;
    case T::kBoolean:
      return Kind::kBoolean;
    case T::kNumber:
      return Kind::kNumber;
    case T::kString:
      return Kind::kString;
    case T::kDate:
      return Kind::kDate;
    case T::kTime:
      return Kind::kTime;
    case T::kDateTime:
      return Kind::kDateTime;
    case T::kDayTimeDuration:
      return Kind::kDayTimeDuration;
    case T::kYearMonthDuration:
      return Kind::kYearMonthDuration;
    case T::kList:
      return Kind::kList;
    case T::kContext:
      return Kind::kContext;
    case T::kRange:
      return Kind::kRange;
    case T::kFunction:
      return Kind::kFunction;
    case T::kAny:
      break;
  }
  return Kind::kNull;
}

}  // namespace

std::optional<Type> ParseBuiltinType(std::string_view text) {
  return TypeReader(text, nullptr).ReadAll();
}

std::optional<Type> ParseType(std::string_view text,
                              const std::map<std::string, Type, std::less<>>& named) {
  return TypeReader(text, &named).ReadAll();
}

Value DateAtUtcMidnight(const Value& v) {
  if (!v.is(Kind::kDate)) return v;
  return DateTime{v.date(), Time{0, Zone{Zone::Kind::kOffset, 0, ""}}};
}

bool Conforms(const Value& v, const Type& t) {
  if (v.is_null() || t.tag == Type::Tag::kAny) return true;
  if (v.kind() != KindOfTag(t.tag)) return false;
  switch (t.tag) {
    case Type::Tag::kList:
      if (t.args.empty()) return true;
      for (const Value& e : v.list()) {
        if (!Conforms(e, t.args[0])) return false;
      }
      return true;
    case Type::Tag::kContext:
      for (const auto& [name, ft] : t.fields) {
        const Value* e = v.context().Find(name);
        if (!e || !Conforms(*e, ft)) return false;
      }
      return true;
    case Type::Tag::kRange: {
      if (t.args.empty()) return true;
      const Range& r = v.range();
      return Conforms(r.start, t.args[0]) && Conforms(r.end, t.args[0]);
    }
    case Type::Tag::kFunction: {
      if (t.args.empty() && t.result.empty()) return true;
      const Function& f = v.function();
      if (f.params.size() != t.args.size()) return false;
      for (size_t i = 0; i < f.param_types.size() && i < t.args.size(); ++i) {
        // Parameters are contravariant: the function must accept what the type promises to pass.
        if (f.param_types[i] && f.param_types[i]->tag != Type::Tag::kAny &&
            TypeName(*f.param_types[i]) != TypeName(t.args[i]))
          return false;
      }
      return true;
    }
    default:
      return true;
  }
}

std::string TypeName(const Type& t) {
  using T = Type::Tag;
  switch (t.tag) {
    case T::kAny:
      return "Any";
    case T::kList:
      return t.args.empty() ? "list" : "list<" + TypeName(t.args[0]) + ">";
    case T::kRange:
      return t.args.empty() ? "range" : "range<" + TypeName(t.args[0]) + ">";
    case T::kContext: {
      if (t.fields.empty()) return "context";
      std::string out = "context<";
      for (size_t i = 0; i < t.fields.size(); ++i) {
        if (i) out += ", ";
        out += t.fields[i].first + ": " + TypeName(t.fields[i].second);
      }
      return out + ">";
    }
    case T::kFunction: {
      if (t.args.empty() && t.result.empty()) return "function";
      std::string out = "function<";
      for (size_t i = 0; i < t.args.size(); ++i) {
        if (i) out += ", ";
        out += TypeName(t.args[i]);
      }
      return out + ">->" + (t.result.empty() ? "Any" : TypeName(t.result[0]));
    }
    default:
      return std::string(KindName(KindOfTag(t.tag)));
  }
}

}  // namespace tamga::feel

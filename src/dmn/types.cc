// DMN type conformance and conversion (DMN 1.5 10.3.2.9): item definitions with components,
// collections, references to other item definitions, function items and allowed values.
#include <optional>
#include <string>
#include <utility>

#include "dmn/model.h"

namespace tamga::dmn::internal {
namespace {

bool PassesAllowedValues(const feel::Value& v, const DmnType& t) {
  if (!t.allowed_values || v.is_null()) return true;
  feel::Diagnostics diag;
  feel::Value ok = t.allowed_values->Test(v, feel::Frame::Make(), diag);
  return ok.is(feel::Kind::kBoolean) && ok.boolean();
}

// Conformance of one (non-collection) value to the element part of `t`.
bool ConformsElement(const feel::Value& v, const DmnType& t) {
  if (v.is_null()) return true;
  if (t.function_type) {
    if (!feel::Conforms(v, *t.function_type)) return false;
  } else if (t.is_structure) {
    if (!v.is(feel::Kind::kContext)) return false;
    const feel::Context& c = v.context();
    for (const auto& [name, component] : t.components) {
      const feel::Value* entry = c.Find(name);
      if (entry && component && !Conforms(*entry, *component)) return false;
    }
  } else if (t.base) {
    if (!Conforms(v, *t.base)) return false;
  } else if (t.builtin) {
    if (!feel::Conforms(v, *t.builtin)) return false;
  }
  return PassesAllowedValues(v, t);
}

// The type a single element of `t` must conform to when `t` is a list type without being a
// collection item definition ("list<number>" or a reference to a collection); nullptr otherwise.
bool IsListType(const DmnType& t) {
  if (t.is_collection) return true;
  if (t.is_structure || t.function_type) return false;
  if (t.base) return IsListType(*t.base);
  return t.builtin && t.builtin->tag == feel::Type::Tag::kList;
}

bool ConformsToListElement(const feel::Value& v, const DmnType& t) {
  if (t.is_collection) return ConformsElement(v, t);
  if (t.base) return ConformsToListElement(v, *t.base);
  if (t.builtin && t.builtin->tag == feel::Type::Tag::kList) {
    return t.builtin->args.empty() || feel::Conforms(v, t.builtin->args[0]);
  }
  return false;
}

feel::Type ToFeelTypeAtDepth(const DmnType& t, int depth) {
  if (depth > 8) return feel::Type::Any();
  feel::Type element;
  if (t.function_type) {
    element = *t.function_type;
  } else if (t.is_structure) {
    element = feel::Type::Of(feel::Type::Tag::kContext);
    for (const auto& [name, component] : t.components) {
      element.fields.emplace_back(
          name, component ? ToFeelTypeAtDepth(*component, depth + 1) : feel::Type::Any());
    }
  } else if (t.base) {
    element = ToFeelTypeAtDepth(*t.base, depth + 1);
  } else if (t.builtin) {
    element = *t.builtin;
  }
  if (!t.allowed_values_text.empty()) element.allowed_values = t.allowed_values_text;
  if (t.is_collection) return feel::Type::ListOf(std::move(element));
  return element;
}

// The kind every non-null value of `t` has, when `t` is just a built-in scalar type ("string",
// "number", "date", ...: no allowed values, components or collection): conformance to it is then
// that kind, as feel::Conforms decides for these types. nullopt for any other type.
std::optional<feel::Kind> ScalarKind(const DmnType& t) {
  if (!t.builtin || t.is_collection || t.is_structure || t.base || t.function_type ||
      t.allowed_values) {
    return std::nullopt;
  }
  using Tag = feel::Type::Tag;
  switch (t.builtin->tag) {
    case Tag::kBoolean:
      return feel::Kind::kBoolean;
    case Tag::kNumber:
      return feel::Kind::kNumber;
    case Tag::kString:
      return feel::Kind::kString;
    case Tag::kDate:
      return feel::Kind::kDate;
    case Tag::kTime:
      return feel::Kind::kTime;
    case Tag::kDateTime:
      return feel::Kind::kDateTime;
    case Tag::kDayTimeDuration:
      return feel::Kind::kDayTimeDuration;
    case Tag::kYearMonthDuration:
      return feel::Kind::kYearMonthDuration;
    default:
      return std::nullopt;
  }
}

}  // namespace

bool Conforms(const feel::Value& v, const DmnType& t) {
  if (v.is_null()) return true;
  // The common case (inputs and decisions typed "string", "number", ...), checked in place.
  if (std::optional<feel::Kind> kind = ScalarKind(t)) return v.kind() == *kind;
  if (!t.is_collection) return ConformsElement(v, t);
  if (!v.is(feel::Kind::kList)) return false;
  for (const feel::Value& e : v.list()) {
    if (!ConformsElement(e, t)) return false;
  }
  return true;
}

// The implicit conversions of DMN 1.5 10.3.2.9.4 that bind a value to a typed element: from
// singleton list, to singleton list, and from date to date and time (UTC midnight); nullopt when
// the value still does not conform (the "conforms to" conversion then makes it null).
std::optional<feel::Value> Coerce(const feel::Value& v, const DmnType& t) {
  if (Conforms(v, t)) return v;
  if (v.is(feel::Kind::kList) && v.list().size() == 1) {
    const feel::Value& element = v.list()[0];
    if (Conforms(element, t)) return element;
    if (feel::Value midnight = feel::DateAtUtcMidnight(element);
        element.is(feel::Kind::kDate) && Conforms(midnight, t))
      return midnight;
  }
  if (v.is(feel::Kind::kDate)) {
    if (feel::Value midnight = feel::DateAtUtcMidnight(v); Conforms(midnight, t)) return midnight;
  }
  if (!v.is(feel::Kind::kList) && IsListType(t)) {
    if (ConformsToListElement(v, t)) return feel::Value(feel::List{v});
    feel::Value midnight = feel::DateAtUtcMidnight(v);
    if (v.is(feel::Kind::kDate) && ConformsToListElement(midnight, t))
      return feel::Value(feel::List{midnight});
  }
  return std::nullopt;
}

feel::Type ToFeelType(const DmnType& t) { return ToFeelTypeAtDepth(t, 0); }

}  // namespace tamga::dmn::internal

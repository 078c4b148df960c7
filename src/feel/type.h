// FEEL types, for `instance of`, function parameter types and DMN typeRef conformance.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "feel/value.h"

namespace tamga::feel {

struct Type {
  enum class Tag {
    kAny,
    kNull,
    kBoolean,
    kNumber,
    kString,
    kDate,
    kTime,
    kDateTime,
    kDayTimeDuration,
    kYearMonthDuration,
    kList,      // element type in args[0]
    kContext,   // fields
    kRange,     // endpoint type in args[0]
    kFunction,  // parameter types in args, result type in result
  };
  Tag tag = Tag::kAny;
  std::vector<Type> args;
  std::vector<std::pair<std::string, Type>> fields;
  std::vector<Type> result;  // zero or one element (vector to allow the recursive type)
  // Allowed values of a DMN item definition, as unary tests source text (empty: no restriction).
  std::string allowed_values;

  static Type Any() { return Type{}; }
  static Type Of(Tag t) { return Type{t, {}, {}, {}, {}}; }
  static Type ListOf(Type element);
};

// Parses FEEL type syntax and the DMN/XSD built-in names: "number", "string", "boolean", "date",
// "time", "date and time", "dateTime", "days and time duration", "dayTimeDuration",
// "years and months duration", "yearMonthDuration", "list<number>", "context<a: string, b:
// number>", "range<date>", "function<number, string>->boolean", "Any", "Null", "context", "list",
// "range", "function"; an optional "feel:" prefix is ignored. nullopt for any other name (a user
// type name is resolved by the caller).
std::optional<Type> ParseBuiltinType(std::string_view text);
// Like ParseBuiltinType, with `named` types (DMN item definitions) usable anywhere in the syntax:
// "tPerson", "list<tPerson>", "context<p: tPerson>".
std::optional<Type> ParseType(std::string_view text,
                              const std::map<std::string, Type, std::less<>>& named);

// Does `v` conform to `t`? (DMN 1.5 10.3.2.9.1). null conforms to every type; a context conforms to
// context<...> when it has at least those fields with conforming values; an empty list conforms to
// every list type.
bool Conforms(const Value& v, const Type& t);

// DMN 1.5 10.3.2.9.4 "from date to date and time": where a date and time is expected, a date is
// "a date time value in which the time of day is UTC midnight (00:00:00)". Any other value: as is.
Value DateAtUtcMidnight(const Value& v);

std::string TypeName(const Type& t);

}  // namespace tamga::feel

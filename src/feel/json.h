// The mapping between JSON and FEEL values used by `tamga decide` and the HTTP API:
//   JSON null, true/false, string, array, object  <->  FEEL null, boolean, string, list, context
//   JSON number <-> FEEL number (integers exactly; fractions through the shortest decimal text of
//   the
//                   double, so 0.1 stays 0.1)
//   FEEL date, time, date and time, durations -> ISO 8601 strings ("2022-09-26", "P1Y2M");
//   a JSON string becomes one of them only where the declared type says so.
//   FEEL range -> {"start": .., "end": .., "startIncluded": .., "endIncluded": ..};
//   FEEL function -> the string "function NAME".
#pragma once

#include <expected>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "feel/type.h"
#include "feel/value.h"

namespace tamga::feel {

// Converts `json` to a FEEL value, guided by `type` (Any when unknown). A string where the type
// wants a date, time, date and time or duration must parse as one; otherwise the error names the
// JSON path ("$.applicant.birthDate: \"2022-02-30\" is not a valid date").
std::expected<Value, std::string> FromJson(const nlohmann::json& json, const Type& type,
                                           const std::string& path = "$");

// Renders a FEEL value as JSON text (numbers keep all their digits).
std::string ToJson(const Value& value);

// Re-indents compact JSON text for people (two spaces a level); strings are left untouched.
std::string PrettyJson(std::string_view compact);

// Quotes and escapes a string for JSON.
std::string JsonQuote(std::string_view s);

}  // namespace tamga::feel

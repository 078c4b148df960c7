// The built-in functions of DMN 1.5 (section 10.3.4): conversion, boolean, string, list, numeric,
// date and time, range, temporal, sort, context functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "feel/function.h"

namespace tamga::feel {

// The built-in function of that name ("substring", "date and time"), or nullptr. The returned
// pointer lives for the whole program.
const Value* FindBuiltin(std::string_view name);
// Every built-in name; the parser treats these as known names (some contain spaces).
const std::vector<std::string>& BuiltinNames();

}  // namespace tamga::feel

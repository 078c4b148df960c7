// The DMN evaluation trace as JSON: the shape `tamga decide --trace` prints and
// Decision::trace_json holds. A list of decisions in the order their evaluation finished:
//   [{"decision", "id", "value", "tables": [{"table", "label",
//       "matched": [{"rule" (1-based), "id", "annotation", "selected"}]}]}]
#pragma once

#include <string>

#include "dmn/dmn.h"

namespace tamga::policy {

std::string TraceJson(const dmn::Result& result);

}  // namespace tamga::policy

// External Java functions (DMN 1.5 10.3.2.13.3): `function(x) external {java: {class:
// "java.lang.Math", method signature: "cos(double)"}}`. tamga runs no JVM; it carries native
// implementations of the static methods of java.lang that models use (Math, the boxed number types'
// valueOf, String.valueOf and String.format). Any other class or method is refused with a warning.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "feel/function.h"

namespace tamga::feel {

// The body of the named static method, or nullopt when tamga does not provide it. `signature` is as
// written in the model, e.g. "max(double, double)" or "format(java.lang.String,
// [Ljava.lang.Object;)".
std::optional<Function> JavaStaticMethod(std::string_view class_name, std::string_view signature);

}  // namespace tamga::feel

// libFuzzer target: the FEEL parser and evaluator. The first byte chooses how the rest is read:
// as an expression (compiled with a few known names, then evaluated against a small context) or
// as unary tests (tested against a few inputs). Whatever the text, the engine must answer with a
// syntax error or a value (null with a warning on failure): an exception escaping, a crash,
// undefined behaviour or a leak is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feel/feel.h"

namespace {

using namespace tamga::feel;

const CompileOptions& Options() {
  static const CompileOptions options{{"x", "y", "s", "d", "unknown name"}, {}};
  return options;
}

const Context& Inputs() {
  static const Context inputs = [] {
    Context c;
    c.Set("x", Value(Number(3)));
    c.Set("y", Value(List{Value(Number(1)), Value("s"), Value()}));
    c.Set("s", Value("abc"));
    Context d;
    d.Set("a", Value(Number(-2)));
    d.Set("b", Value(true));
    c.Set("d", Value(std::move(d)));
    return c;
  }();
  return inputs;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool unary = data[0] & 1;
  const std::string_view source(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (!unary) {
    auto e = Expression::Compile(source, Options());
    if (!e) return 0;
    Diagnostics diagnostics;
    (void)e->Evaluate(Inputs(), diagnostics);
    return 0;
  }
  auto t = UnaryTests::Compile(source, Options());
  if (!t) return 0;
  const Value inputs[] = {Value(), Value(Number(5)), Value("b"), Value(List{Value(Number(1))})};
  FramePtr env = Frame::Make();
  for (const auto& [name, value] : Inputs().entries) env->Set(name, value);
  for (const Value& input : inputs) {
    Diagnostics diagnostics;
    (void)t->Test(input, env, diagnostics);
  }
  return 0;
}

// The `tamga` command: thin shell over the library. Each sub-command parses its arguments and calls
// one library entry point.
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "feel/feel.h"

namespace {

// `tamga feel EXPRESSION [--context JSON-like FEEL context]`: evaluates one FEEL expression; for
// trying the language out and for scripts.
int RunFeel(const std::string& expression, const std::string& context_source) {
  using namespace tamga::feel;
  Diagnostics diag;
  Context inputs;
  if (!context_source.empty()) {
    auto ctx = Expression::Compile(context_source);
    if (!ctx) {
      std::cerr << "tamga feel: --context: " << ctx.error().ToString() << "\n";
      return 2;
    }
    Value v = ctx->Evaluate(Context{}, diag);
    if (!v.is(Kind::kContext)) {
      std::cerr << "tamga feel: --context must be a FEEL context such as {age: 30}\n";
      return 2;
    }
    inputs = v.context();
  }
  std::vector<std::string> names;
  for (const auto& [k, v] : inputs.entries) names.push_back(k);
  auto compiled = Expression::Compile(expression, CompileOptions{names, {}});
  if (!compiled) {
    std::cerr << "tamga feel: " << compiled.error().ToString() << "\n";
    return 2;
  }
  Value result = compiled->Evaluate(inputs, diag);
  std::cout << ToDisplayString(result) << "\n";
  for (const auto& w : diag.warnings())
    std::cerr << "warning at column " << (w.position + 1) << ": " << w.message << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tamga: residence-permit and visa decisions under executable law (DMN 1.5)"};
  app.require_subcommand(1);

  std::string expression, context_source;
  auto* feel = app.add_subcommand("feel", "evaluate one FEEL expression");
  feel->add_option("expression", expression, "the FEEL expression")->required();
  feel->add_option("--context", context_source, "variables, as a FEEL context: {age: 30}");

  CLI11_PARSE(app, argc, argv);
  if (*feel) return RunFeel(expression, context_source);
  return 0;
}

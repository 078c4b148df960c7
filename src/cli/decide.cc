#include "cli/decide.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "dmn/dmn.h"
#include "feel/json.h"
#include "policy/trace_json.h"

namespace tamga::cli {
namespace {

std::string ReadAll(const std::string& path, std::ostream& err, bool& ok) {
  std::stringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream in(path);
    if (!in) {
      err << "tamga decide: cannot read " << path << "\n";
      ok = false;
      return {};
    }
    ss << in.rdbuf();
  }
  ok = true;
  return ss.str();
}

}  // namespace

int Decide(const DecideOptions& options, std::ostream& out, std::ostream& err) {
  std::vector<std::filesystem::path> files(options.models.begin(), options.models.end());
  auto models = dmn::Models::Load(files);
  if (!models) {
    err << "tamga decide: " << models.error().ToString() << "\n";
    return 1;
  }
  bool ok = false;
  std::string text = ReadAll(options.input_file, err, ok);
  if (!ok) return 1;
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    err << "tamga decide: " << options.input_file << ": invalid JSON: " << e.what() << "\n";
    return 1;
  }
  if (!json.is_object()) {
    err << "tamga decide: " << options.input_file << ": the input must be a JSON object\n";
    return 1;
  }
  dmn::Inputs inputs;
  for (const auto& [name, item] : json.items()) {
    feel::Type type = models->DeclaredType("", name).value_or(feel::Type::Any());
    auto value = feel::FromJson(item, type, "$." + name);
    if (!value) {
      err << "tamga decide: " << options.input_file << ": " << value.error() << "\n";
      return 1;
    }
    inputs.values.entries.emplace_back(name, std::move(*value));
  }
  auto result = models->Evaluate("", options.decision, inputs);
  if (!result) {
    err << "tamga decide: " << result.error().ToString() << "\n";
    return 1;
  }
  std::string body = "{\"decision\":" + feel::JsonQuote(options.decision) + ",\"outputs\":{";
  for (size_t i = 0; i < result->outputs.size(); ++i) {
    body += std::string(i ? "," : "") + feel::JsonQuote(result->outputs[i].first) + ":" +
            feel::ToJson(result->outputs[i].second);
  }
  body += "},\"warnings\":[";
  for (size_t i = 0; i < result->warnings.size(); ++i) {
    const auto& w = result->warnings[i];
    body += std::string(i ? "," : "") + "{\"element\":" + feel::JsonQuote(w.element) +
            ",\"message\":" + feel::JsonQuote(w.message) + "}";
  }
  body += "]";
  if (options.trace) body += ",\"trace\":" + policy::TraceJson(*result);
  body += "}";
  out << feel::PrettyJson(body) << "\n";
  return 0;
}

}  // namespace tamga::cli

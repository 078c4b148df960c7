// The DMN TCK runner: finds TCK test folders (a folder holding *-test-*.xml files and the .dmn
// models they test), runs every test case and reports failures, per-level summaries and a final
// line "tck: N passed, M failed".
#pragma once

#include <expected>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "feel/type.h"
#include "feel/value.h"

namespace tamga::tck {

struct RunOptions {
  std::vector<std::string> paths;  // TCK roots, level folders, test folders or test files
  std::string csv_path;            // when set: one CSV line per test case
  bool verbose = false;            // also list passing cases and the warnings of failing ones
};

// Runs the TCK below `options.paths`, printing to `out`. Returns 0 when every test case passed, 1
// when some failed, 2 when no test case was found or the CSV file cannot be written.
int Run(const RunOptions& options, std::ostream& out);

// A value as written in a test case file (testCases.xsd valueType), before it is typed.
struct ValueSpec {
  enum class Form { kNil, kValue, kComponents, kList };
  Form form = Form::kNil;
  std::string xsi_type;  // "xsd:decimal" etc. for kValue; empty when absent
  std::string text;      // for kValue
  std::vector<std::pair<std::string, ValueSpec>> components;
  std::vector<ValueSpec> items;
};

struct InputNode {
  std::string name;
  std::string ns;  // optional namespace of the model the input belongs to
  ValueSpec value;
};

struct ResultNode {
  std::string name;
  std::string ns;
  bool error_result = false;  // the evaluation is expected to fail, i.e. yield null
  std::optional<ValueSpec> expected;
};

struct TestCase {
  std::string id;
  std::string description;
  std::string type = "decision";  // decision, bkm or decisionService
  std::string invocable_name;
  std::string ns;  // optional namespace selecting the model
  std::vector<InputNode> inputs;
  std::vector<ResultNode> results;
};

struct TestFile {
  std::string model_name;  // the <modelName> file, may be empty
  std::string ns;          // optional namespace attribute of <testCases>
  std::vector<TestCase> cases;
};

// Parses a test case file (testCases.xsd); an error message when it is not one.
std::expected<TestFile, std::string> ParseTestFile(std::string_view xml);

// The FEEL value of `spec`. An untyped <value> takes `declared` (the typeRef of the input or
// decision) when known, else it is a string; components and items follow the declared fields and
// element type. xsd:duration becomes a years-and-months or a days-and-time duration by its text.
feel::Value ToValue(const ValueSpec& spec, const std::optional<feel::Type>& declared);

// TCK comparison: null expects null; numbers within 1e-8; strings and booleans exactly; temporal
// values and durations by FEEL equality; lists by length and order; contexts by the same entry
// names with matching values.
bool ValuesMatch(const feel::Value& expected, const feel::Value& actual);

}  // namespace tamga::tck

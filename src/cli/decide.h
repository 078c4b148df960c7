// `tamga decide`: evaluates one decision, decision service or business knowledge model of a set of
// DMN models with JSON input, and prints the JSON result, warnings and (optionally) the trace.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace tamga::cli {

struct DecideOptions {
  std::vector<std::string> models;  // .dmn files
  std::string decision;             // name of the decision (or service, or BKM)
  std::string input_file;           // JSON object of inputs; "-" for standard input
  bool trace = false;
};

// Returns the process exit code: 0 on success, 1 when the model or input is refused (with a
// message on `err` naming the file, element or JSON path).
int Decide(const DecideOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tamga::cli

// Static analysis of decision tables for policy authors: what a table does that its hit policy does
// not allow or its author did not mean (DMN 1.5 8.2.10 hit policies, 8.2.6 input and output values;
// the checks follow the table-verification literature: Calvanese et al., "Semantic DMN", and
// Laurson and Maggi, "Multi-dimensional interval analysis for DMN tables"):
//   - overlap: two rules match one input, which UNIQUE forbids, and ANY forbids when their outputs
//     differ (error);
//   - gap: inputs no rule matches, where the table then answers null (warning; not for COLLECT,
//     whose answer is then an empty list, nor when every output has a default);
//   - unreachable: under FIRST, a rule whose every input an earlier rule (or earlier rules
//     together) already match (warning);
//   - subsumed: under the other policies, a rule with the same outputs as a rule that matches every
//     input it matches (warning: it adds nothing, or counts twice under COLLECT SUM and COUNT);
//   - output-value: an output entry that is not one of the output's allowed values (error);
//   - input-value: an input entry none of whose values is allowed for the input (warning);
//   - syntax: an entry that is not valid FEEL (error).
// Entries are read as sets of values per input: literals, comparisons with a literal, intervals,
// lists of these and not(...). An entry that refers to names or calls functions is not a set
// known before evaluation: a finding involving it is reported only when it holds whatever the
// entry matches (a gap is reported only if no rule could match, however such entries evaluate).
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace tamga::dmn {

struct TableFinding {
  enum class Severity { kError, kWarning, kInfo };
  Severity severity = Severity::kWarning;
  std::string kind;     // "overlap", "gap", "unreachable", "subsumed", ...
  std::string file;     // the model's file (CheckModels; AnalyzeDecisionTables leaves it)
  std::string element;  // the decision or business knowledge model holding the table
  std::string table;    // the decisionTable's id ("" when it has none)
  std::vector<std::string> rules;  // rule ids ("rule 3" for a rule without an id)
  int line = 0;                    // line in the XML of the table, or of the first rule named
  std::string message;
};

std::string_view SeverityName(TableFinding::Severity severity);

// Every decision table in a DMN model's XML text, with its findings in table order. An error only
// when the text is not XML.
std::expected<std::vector<TableFinding>, std::string> AnalyzeDecisionTables(std::string_view xml);

// What `tamga policy check` and a draft's publication report of a set of models: each model that
// does not load (an error, kind "load"), each FEEL expression that does not compile (an error, kind
// "syntax": the element evaluates to null), and the findings of every decision table. Findings
// carry their file; those of one file stay in table order.
struct ModelSource {
  std::string file;
  std::string xml;
};
std::vector<TableFinding> CheckModels(const std::vector<ModelSource>& sources);

// "file:line: severity: kind: element, table id, rules a, b: message", as the CLI prints it.
std::string ToString(const TableFinding& finding);

}  // namespace tamga::dmn

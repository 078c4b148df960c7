// Reads what the policy library needs from a version's DMN XML beyond what the engine exposes:
// every decision table rule with its annotation cells by column name, and the input data names.
#include <algorithm>
#include <cstdlib>

#include <pugixml.hpp>

#include "dmn/xml.h"
#include "policy/internal.h"

namespace tamga::policy::internal {
namespace {

using dmn::LocalName;

bool Is(const pugi::xml_node& node, std::string_view local_name) {
  return node.type() == pugi::node_element && LocalName(node) == local_name;
}

// The text of the <text> child of `node`, trimmed.
std::string Text(const pugi::xml_node& node) {
  for (pugi::xml_node c : node.children()) {
    if (!Is(c, "text")) continue;
    std::string_view s = c.text().get();
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return "";
    size_t e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
  }
  return "";
}

// The value of a FEEL string literal without escapes ("\"passport\"" -> "passport"); "" otherwise.
std::string StringLiteral(const std::string& text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return "";
  std::string inner = text.substr(1, text.size() - 2);
  if (inner.find_first_of("\"\\") != std::string::npos) return "";
  return inner;
}

// The name of the decision or business knowledge model that holds `table`.
std::string Owner(pugi::xml_node table) {
  for (pugi::xml_node n = table.parent(); n; n = n.parent()) {
    if (Is(n, "decision") || Is(n, "businessKnowledgeModel")) return n.attribute("name").value();
  }
  return "";
}

void ScanTable(const pugi::xml_node& table, const std::string& file, std::vector<Rule>& rules) {
  std::vector<std::string> columns;
  for (pugi::xml_node c : table.children()) {
    if (Is(c, "annotation")) columns.push_back(c.attribute("name").value());
  }
  for (pugi::xml_node rule : table.children()) {
    if (!Is(rule, "rule")) continue;
    Rule r;
    r.id = rule.attribute("id").value();
    r.decision = Owner(table);
    r.table_id = table.attribute("id").value();
    r.file = file;
    size_t column = 0;
    bool first_output = true;
    for (pugi::xml_node cell : rule.children()) {
      if (Is(cell, "outputEntry") && first_output) {
        first_output = false;
        r.output = StringLiteral(Text(cell));
      }
      if (!Is(cell, "annotationEntry")) continue;
      std::string name = column < columns.size() ? columns[column] : "";
      ++column;
      std::string text = Text(cell);
      if (text.empty()) continue;
      if (name == "Reason") r.reason = text;
      if (name == "Citation") r.citation = text;
      if (name == "Annex VI") r.form_ground = std::atoi(text.c_str());
      // "Reason (ru)", "Citation (kk)": the same column in another language.
      for (auto [prefix, target] :
           {std::pair{"Reason (", &r.reason_in}, std::pair{"Citation (", &r.citation_in}}) {
        std::string_view n = name;
        if (n.starts_with(prefix) && n.ends_with(")")) {
          (*target)[std::string(n.substr(std::string_view(prefix).size(),
                                         n.size() - std::string_view(prefix).size() - 1))] = text;
        }
      }
    }
    rules.push_back(std::move(r));
  }
}

void ScanNode(const pugi::xml_node& node, const std::string& file, ModelScan& scan) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    if (Is(c, "decisionTable")) {
      ScanTable(c, file, scan.rules);
    } else if (Is(c, "inputData")) {
      scan.input_data.push_back(c.attribute("name").value());
    }
    ScanNode(c, file, scan);
  }
}

}  // namespace

std::expected<ModelScan, Error> ScanModels(const std::vector<dmn::Source>& sources) {
  ModelScan scan;
  for (const dmn::Source& source : sources) {
    pugi::xml_document doc;
    pugi::xml_parse_result parsed = doc.load_buffer(source.xml.data(), source.xml.size());
    if (!parsed) {
      return std::unexpected(Error{source.file, std::string("malformed XML: ") +
                                                    parsed.description() + " at offset " +
                                                    std::to_string(parsed.offset)});
    }
    ScanNode(doc, source.file, scan);
  }
  return scan;
}

}  // namespace tamga::policy::internal

namespace tamga::policy {
namespace {

// The 1-based line of the element with `id` in `xml` (0 when it is not found).
int LineOfId(std::string_view xml, const std::string& id) {
  for (char quote : {'"', '\''}) {
    const std::string attribute = std::string("id=") + quote + id + quote;
    if (size_t at = xml.find(attribute); at != std::string_view::npos) {
      return 1 + static_cast<int>(std::count(xml.begin(), xml.begin() + at, '\n'));
    }
  }
  return 0;
}

// dmn-js names a new rule "DecisionRule_" and seven base-36 characters.
bool IsGeneratedRuleId(std::string_view id) {
  constexpr std::string_view kPrefix = "DecisionRule_";
  if (!id.starts_with(kPrefix) || id.size() == kPrefix.size()) return false;
  return std::all_of(id.begin() + kPrefix.size(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

// An error finding about one rule of `model`, at the rule's line.
dmn::TableFinding RuleError(const dmn::ModelSource& model, const Rule& rule, std::string kind,
                            std::string message) {
  dmn::TableFinding f;
  f.severity = dmn::TableFinding::Severity::kError;
  f.kind = std::move(kind);
  f.file = model.file;
  f.element = rule.decision;
  f.table = rule.table_id;
  f.rules = {rule.id.empty() ? "(a rule without an id)" : rule.id};
  f.line = rule.id.empty() ? 0 : LineOfId(model.xml, rule.id);
  f.message = "rule " + f.rules.front() + " " + std::move(message);
  return f;
}

}  // namespace

std::vector<dmn::TableFinding> RuleFindings(std::span<const dmn::ModelSource> models,
                                            const std::map<std::string, Translations>& documents,
                                            bool asylum) {
  std::vector<dmn::TableFinding> out;
  for (const dmn::ModelSource& model : models) {
    // A file that is not XML is reported by the model check; here it has no rules.
    auto scan = internal::ScanModels({dmn::Source{model.file, model.xml}});
    if (!scan) continue;
    for (const Rule& rule : scan->rules) {
      if (IsGeneratedRuleId(rule.id)) {
        out.push_back(RuleError(model, rule, "rule-id",
                                "has the id the modeler generated: decisions, notices and tests "
                                "name rules by id, so give it one that says what it is (e.g. "
                                "kz-tr-medical-certificate)"));
      }
      const bool decides = std::ranges::find(kOutcomes, rule.output) != std::end(kOutcomes);
      if (asylum && decides) {
        out.push_back(RuleError(model, rule, "automatic-refusal",
                                "produces the outcome \"" + rule.output +
                                    "\" in an asylum procedure, whose rules only say what the "
                                    "officer's answers point to (questions-remain, "
                                    "protection-indicated, protection-not-indicated, "
                                    "exclusion-indicated): only officers decide a claim, and a "
                                    "refusal needs two of them (docs/asylum.md)"));
      }
      const bool outcome =
          decides || std::ranges::find(kAsylumOutcomes, rule.output) != std::end(kAsylumOutcomes);
      const bool required = rule.decision == "Required Documents" && !rule.output.empty();
      if (required) {
        auto named = documents.find(rule.output);
        if (named == documents.end() || !named->second.contains("en") ||
            !named->second.contains("ru")) {
          out.push_back(RuleError(model, rule, "document-name",
                                  "requires the document \"" + rule.output +
                                      "\", which the version does not name in English and "
                                      "Russian (documents): applicants would be asked for a code"));
        }
      }
      if (!outcome && !required && !documents.contains(rule.output)) continue;
      std::vector<std::string> missing;
      if (rule.reason.empty()) missing.push_back("Reason");
      if (rule.citation.empty()) missing.push_back("Citation");
      if (!rule.reason_in.contains("ru")) missing.push_back("Reason (ru)");
      if (!rule.citation_in.contains("ru")) missing.push_back("Citation (ru)");
      if (missing.empty()) continue;
      std::string cells;
      for (size_t i = 0; i < missing.size(); ++i)
        cells += (i == 0 ? "" : i + 1 == missing.size() ? " and " : ", ") + missing[i];
      out.push_back(RuleError(model, rule, "citation",
                              std::string("produces ") +
                                  (outcome ? "the outcome" : "the required document") + " \"" +
                                  rule.output + "\" without " + cells +
                                  ": applicants and officers would see it with no reason or legal "
                                  "basis"));
    }
  }
  return out;
}

}  // namespace tamga::policy

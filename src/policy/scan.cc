// Reads what the policy library needs from a version's DMN XML beyond what the engine exposes:
// every decision table rule with its annotation cells by column name, and the input data names.
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
    Rule r{rule.attribute("id").value(), Owner(table), table.attribute("id").value(), file, "", ""};
    size_t column = 0;
    for (pugi::xml_node cell : rule.children()) {
      if (!Is(cell, "annotationEntry")) continue;
      std::string name = column < columns.size() ? columns[column] : "";
      ++column;
      if (name == "Reason") r.reason = Text(cell);
      if (name == "Citation") r.citation = Text(cell);
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

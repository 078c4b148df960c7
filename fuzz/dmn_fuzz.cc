// libFuzzer target: the DMN reader. The input is one model's XML; a model that loads has each of
// its decisions evaluated with no inputs (every input data null). Loading must succeed or fail
// with an Error, and evaluation must return values or warnings: an exception escaping, a crash,
// undefined behaviour or a leak is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "dmn/dmn.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tamga::dmn;
  std::string xml(reinterpret_cast<const char*>(data), size);
  auto models = Models::Parse({Source{"fuzz.dmn", xml}});
  if (!models) return 0;
  // The decision names, read again with pugixml: the Models API evaluates by name.
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return 0;
  std::vector<std::string> names;
  for (pugi::xml_node n : doc.document_element().children()) {
    std::string_view tag = n.name();
    if (auto colon = tag.rfind(':'); colon != std::string_view::npos) tag.remove_prefix(colon + 1);
    if ((tag == "decision" || tag == "businessKnowledgeModel" || tag == "decisionService") &&
        n.attribute("name")) {
      names.emplace_back(n.attribute("name").value());
    }
  }
  for (const std::string& name : names) (void)models->Evaluate("", name, Inputs{});
  return 0;
}

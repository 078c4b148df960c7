// Reading DMN and TCK XML without regard to namespace prefixes ("dmn:decision" and "decision"
// alike), as files from different modelers write them. Shared by the model reader, the TCK runner
// and the policy library's rule scanner.
#pragma once

#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace tamga::dmn {

// The XML local name of a node ("decision" for "dmn:decision").
std::string_view LocalName(const pugi::xml_node& node);
// The first child element with local name `name`, or an empty node.
pugi::xml_node Child(const pugi::xml_node& node, std::string_view name);
// The trimmed text of the child `name` (e.g. <text>), or "".
std::string ChildText(const pugi::xml_node& node, std::string_view name);

}  // namespace tamga::dmn

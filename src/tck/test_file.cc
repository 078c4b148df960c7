// Reading TCK test case files (testCases.xsd) and typing their values.
#include <cctype>
#include <string>
#include <utility>

#include <pugixml.hpp>

#include "feel/number.h"
#include "feel/temporal.h"
#include "tck/tck.h"

#include "dmn/xml.h"

namespace tamga::tck {
namespace {

using dmn::Child;
using dmn::LocalName;

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// An attribute by local name ("xsi:type" and "type" under any prefix bound to XMLSchema-instance).
std::string XsiAttribute(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view name = a.name();
    size_t colon = name.find(':');
    if (colon != std::string_view::npos && name.substr(colon + 1) == local) return a.value();
  }
  return "";
}

bool IsNil(const pugi::xml_node& node) { return XsiAttribute(node, "nil") == "true"; }

ValueSpec ParseValueSpec(const pugi::xml_node& node) {
  ValueSpec spec;
  if (IsNil(node)) return spec;
  if (pugi::xml_node value = Child(node, "value")) {
    if (IsNil(value)) return spec;
    spec.form = ValueSpec::Form::kValue;
    spec.xsi_type = XsiAttribute(value, "type");
    spec.text = value.child_value();
    return spec;
  }
  if (pugi::xml_node list = Child(node, "list")) {
    if (IsNil(list)) return spec;
    spec.form = ValueSpec::Form::kList;
    for (pugi::xml_node item : list.children()) {
      if (LocalName(item) == "item") spec.items.push_back(ParseValueSpec(item));
    }
    return spec;
  }
  bool has_components = false;
  for (pugi::xml_node c : node.children()) {
    if (LocalName(c) != "component") continue;
    has_components = true;
    spec.components.emplace_back(c.attribute("name").value(), ParseValueSpec(c));
  }
  if (has_components) spec.form = ValueSpec::Form::kComponents;
  return spec;
}

std::string_view StripPrefix(std::string_view type) {
  size_t colon = type.find(':');
  return colon == std::string_view::npos ? type : type.substr(colon + 1);
}

feel::Value ParseNumber(const std::string& text) {
  std::string t = Trim(text);
  if (auto n = feel::Number::Parse(t)) return *n;
  return feel::Value();
}

feel::Value ParseDuration(const std::string& text) {
  std::string t = Trim(text);
  if (t.find('T') != std::string::npos || t.find('D') != std::string::npos) {
    if (auto d = feel::ParseDayTimeDuration(t)) return *d;
    return feel::Value();
  }
  if (auto d = feel::ParseYearMonthDuration(t)) return *d;
  if (auto d = feel::ParseDayTimeDuration(t)) return *d;
  return feel::Value();
}

feel::Value ParseTyped(std::string_view type, const std::string& text) {
  if (type == "string" || type == "anyURI" || type == "normalizedString") return text;
  std::string t = Trim(text);
  if (type == "decimal" || type == "double" || type == "float" || type == "integer" ||
      type == "int" || type == "long" || type == "short") {
    return ParseNumber(t);
  }
  if (type == "boolean") {
    if (t == "true" || t == "1") return true;
    if (t == "false" || t == "0") return false;
    return feel::Value();
  }
  if (type == "date") {
    if (auto d = feel::ParseDate(t)) return *d;
    return feel::Value();
  }
  if (type == "time") {
    if (auto d = feel::ParseTime(t)) return *d;
    return feel::Value();
  }
  if (type == "dateTime") {
    if (auto d = feel::ParseDateTime(t)) return *d;
    return feel::Value();
  }
  if (type == "duration" || type == "dayTimeDuration" || type == "yearMonthDuration") {
    return ParseDuration(t);
  }
  return text;
}

// An untyped value read as the declared type says.
feel::Value ParseDeclared(const std::optional<feel::Type>& declared, const std::string& text) {
  using Tag = feel::Type::Tag;
  if (!declared) return text;
  switch (declared->tag) {
    case Tag::kNumber:
      return ParseTyped("decimal", text);
    case Tag::kBoolean:
      return ParseTyped("boolean", text);
    case Tag::kDate:
      return ParseTyped("date", text);
    case Tag::kTime:
      return ParseTyped("time", text);
    case Tag::kDateTime:
      return ParseTyped("dateTime", text);
    case Tag::kDayTimeDuration:
    case Tag::kYearMonthDuration:
      return ParseTyped("duration", text);
    default:
      return text;
  }
}

std::optional<feel::Type> FieldType(const std::optional<feel::Type>& declared,
                                    std::string_view name) {
  if (!declared) return std::nullopt;
  for (const auto& [n, t] : declared->fields) {
    if (n == name) return t;
  }
  return std::nullopt;
}

std::optional<feel::Type> ElementType(const std::optional<feel::Type>& declared) {
  if (!declared || declared->tag != feel::Type::Tag::kList || declared->args.empty()) {
    return std::nullopt;
  }
  return declared->args[0];
}

}  // namespace

std::expected<TestFile, std::string> ParseTestFile(std::string_view xml) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    return std::unexpected(std::string("XML error at offset ") + std::to_string(parsed.offset) +
                           ": " + parsed.description());
  }
  pugi::xml_node root = doc.document_element();
  if (LocalName(root) != "testCases") {
    return std::unexpected("the root element is <" + std::string(root.name()) +
                           ">, not <testCases>");
  }
  TestFile file;
  file.model_name = Trim(Child(root, "modelName").child_value());
  file.ns = root.attribute("namespace").value();
  for (pugi::xml_node tc : root.children()) {
    if (LocalName(tc) != "testCase") continue;
    TestCase c;
    c.id = tc.attribute("id").value();
    if (c.id.empty()) c.id = tc.attribute("name").value();
    if (const char* type = tc.attribute("type").value(); *type) c.type = type;
    c.invocable_name = tc.attribute("invocableName").value();
    c.ns = tc.attribute("namespace").value();
    c.description = Trim(Child(tc, "description").child_value());
    for (pugi::xml_node n : tc.children()) {
      std::string_view name = LocalName(n);
      if (name == "inputNode") {
        c.inputs.push_back(
            {n.attribute("name").value(), n.attribute("namespace").value(), ParseValueSpec(n)});
      } else if (name == "resultNode") {
        ResultNode r;
        r.name = n.attribute("name").value();
        r.ns = n.attribute("namespace").value();
        r.error_result = std::string_view(n.attribute("errorResult").value()) == "true";
        if (pugi::xml_node expected = Child(n, "expected")) r.expected = ParseValueSpec(expected);
        c.results.push_back(std::move(r));
      }
    }
    file.cases.push_back(std::move(c));
  }
  return file;
}

feel::Value ToValue(const ValueSpec& spec, const std::optional<feel::Type>& declared) {
  switch (spec.form) {
    case ValueSpec::Form::kNil:
      return feel::Value();
    case ValueSpec::Form::kValue:
      if (spec.xsi_type.empty()) return ParseDeclared(declared, spec.text);
      return ParseTyped(StripPrefix(spec.xsi_type), spec.text);
    case ValueSpec::Form::kComponents: {
      feel::Context c;
      for (const auto& [name, component] : spec.components) {
        c.Set(name, ToValue(component, FieldType(declared, name)));
      }
      return feel::Value(std::move(c));
    }
    case ValueSpec::Form::kList: {
      feel::List list;
      std::optional<feel::Type> element = ElementType(declared);
      for (const ValueSpec& item : spec.items) list.push_back(ToValue(item, element));
      return feel::Value(std::move(list));
    }
  }
  return feel::Value();
}

bool ValuesMatch(const feel::Value& expected, const feel::Value& actual) {
  using feel::Kind;
  if (expected.is_null() || actual.is_null()) return expected.is_null() && actual.is_null();
  if (expected.kind() != actual.kind()) return false;
  switch (expected.kind()) {
    case Kind::kNumber: {
      auto diff = expected.number().Subtract(actual.number());
      if (!diff) return false;
      static const feel::Number kEpsilon = *feel::Number::Parse("0.00000001");
      return diff->Abs().Compare(kEpsilon) < 0;
    }
    case Kind::kString:
      return expected.string() == actual.string();
    case Kind::kBoolean:
      return expected.boolean() == actual.boolean();
    case Kind::kList: {
      const feel::List& e = expected.list();
      const feel::List& a = actual.list();
      if (e.size() != a.size()) return false;
      for (size_t i = 0; i < e.size(); ++i) {
        if (!ValuesMatch(e[i], a[i])) return false;
      }
      return true;
    }
    case Kind::kContext: {
      const feel::Context& e = expected.context();
      const feel::Context& a = actual.context();
      if (e.entries.size() != a.entries.size()) return false;
      for (const auto& [name, v] : e.entries) {
        const feel::Value* other = a.Find(name);
        if (!other || !ValuesMatch(v, *other)) return false;
      }
      return true;
    }
    default: {
      feel::Value eq = feel::Equal(expected, actual);
      return eq.is(Kind::kBoolean) && eq.boolean();
    }
  }
}

}  // namespace tamga::tck

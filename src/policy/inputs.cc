// The inputs every policy receives: their names and types, and their checking and conversion.
#include <nlohmann/json.hpp>

#include "feel/json.h"
#include "policy/internal.h"

namespace tamga::policy {
namespace {

using Tag = feel::Type::Tag;

constexpr std::string_view kDocumentDetails = "Document Details";

feel::Type DocumentDetailType() {
  feel::Type t = feel::Type::Of(Tag::kContext);
  t.fields = {
      {"kind", feel::Type::Of(Tag::kString)},   {"issuing state", feel::Type::Of(Tag::kString)},
      {"number", feel::Type::Of(Tag::kString)}, {"issued", feel::Type::Of(Tag::kDate)},
      {"expires", feel::Type::Of(Tag::kDate)},  {"verification", feel::Type::Of(Tag::kString)}};
  return t;
}

const InputSpec* FindSpec(std::string_view name) {
  for (const InputSpec& spec : StandardInputs()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::string KnownNames() {
  std::string s;
  for (const InputSpec& spec : StandardInputs()) s += (s.empty() ? "" : ", ") + spec.name;
  return s;
}

Error UnknownInput(const std::string& name) {
  return Error{"input '" + name + "'",
               "is not an input policies receive (they receive " + KnownNames() + ")"};
}

// A Document Details entry with all of its keys, in the declared order (null when not given).
std::expected<feel::Value, Error> NormalizeDetail(const feel::Value& entry, size_t index) {
  std::string where = std::string("input '") + std::string(kDocumentDetails) + "' entry " +
                      std::to_string(index + 1);
  if (!entry.is(feel::Kind::kContext)) {
    return std::unexpected(Error{where, "must be a context, not " + feel::ToDisplayString(entry)});
  }
  static const feel::Type type = DocumentDetailType();
  for (const auto& [key, value] : entry.context().entries) {
    bool known = false;
    for (const auto& [field, field_type] : type.fields) known = known || field == key;
    if (!known) {
      return std::unexpected(Error{
          where, "unknown key '" + key +
                     "' (known: kind, issuing state, number, issued, expires, verification)"});
    }
  }
  feel::Context out;
  for (const auto& [field, field_type] : type.fields) {
    const feel::Value* v = entry.context().Find(field);
    out.entries.emplace_back(field, v ? *v : feel::Value());
  }
  return feel::Value(std::move(out));
}

std::expected<feel::Value, Error> NormalizeDetails(const feel::Value& details) {
  if (!details.is(feel::Kind::kList)) return details;
  feel::List out;
  for (size_t i = 0; i < details.list().size(); ++i) {
    auto entry = NormalizeDetail(details.list()[i], i);
    if (!entry) return std::unexpected(entry.error());
    out.push_back(std::move(*entry));
  }
  return feel::Value(std::move(out));
}

}  // namespace

const std::vector<InputSpec>& StandardInputs() {
  static const std::vector<InputSpec> specs = {
      {"Application Kind", feel::Type::Of(Tag::kString)},
      {"Purpose", feel::Type::Of(Tag::kString)},
      {"Filing Date", feel::Type::Of(Tag::kDate)},
      {"Citizenships", feel::Type::ListOf(feel::Type::Of(Tag::kString))},
      {"Birth Date", feel::Type::Of(Tag::kDate)},
      {"Passport Expiry", feel::Type::Of(Tag::kDate)},
      {"Documents", feel::Type::ListOf(feel::Type::Of(Tag::kString))},
      {std::string(kDocumentDetails), feel::Type::ListOf(DocumentDetailType())},
      // "none", "asylum-pending" or "refugee": the applicant's international protection in the
      // jurisdiction, as its own asylum claims establish it (docs/asylum.md).
      {"Protection", feel::Type::Of(Tag::kString)},
      // An asylum claim's legal questions answered: question id -> "yes" or "no" (absent or null
      // while unanswered).
      {"Checklist", feel::Type::Of(Tag::kContext)},
  };
  return specs;
}

namespace internal {

std::expected<feel::Context, Error> NormalizeInputs(const feel::Context& inputs) {
  feel::Context out;
  for (const auto& [name, value] : inputs.entries) {
    const InputSpec* spec = FindSpec(name);
    if (!spec) return std::unexpected(UnknownInput(name));
    feel::Value v = value;
    if (name == kDocumentDetails) {
      auto details = NormalizeDetails(value);
      if (!details) return std::unexpected(details.error());
      v = std::move(*details);
    }
    if (!feel::Conforms(v, spec->type)) {
      return std::unexpected(
          Error{"input '" + name + "'",
                "must be a " + feel::TypeName(spec->type) + ", not " + feel::ToDisplayString(v)});
    }
    out.entries.emplace_back(name, std::move(v));
  }
  return out;
}

}  // namespace internal

std::expected<feel::Context, Error> InputsFromJson(const nlohmann::json& json,
                                                   const std::string& where) {
  if (!json.is_object()) return std::unexpected(Error{where, "inputs must be a JSON object"});
  feel::Context inputs;
  for (const auto& [name, item] : json.items()) {
    const InputSpec* spec = FindSpec(name);
    if (!spec) return std::unexpected(Error{where, UnknownInput(name).ToString()});
    auto value = feel::FromJson(item, spec->type, "$." + name);
    if (!value) return std::unexpected(Error{where, value.error()});
    inputs.entries.emplace_back(name, std::move(*value));
  }
  auto normalized = internal::NormalizeInputs(inputs);
  if (!normalized) return std::unexpected(Error{where, normalized.error().ToString()});
  return *normalized;
}

}  // namespace tamga::policy

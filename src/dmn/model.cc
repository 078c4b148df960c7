// Small queries on the compiled model (model.h).
#include "dmn/model.h"

#include <filesystem>

namespace tamga::dmn::internal {

std::string Element::Describe() const {
  std::string kind_name;
  switch (kind) {
    case Kind::kInputData:
      kind_name = "input data";
      break;
    case Kind::kDecision:
      kind_name = "decision";
      break;
    case Kind::kBusinessKnowledgeModel:
      kind_name = "business knowledge model";
      break;
    case Kind::kDecisionService:
      kind_name = "decision service";
      break;
  }
  std::string s = kind_name + " '" + name + "'";
  if (!id.empty()) s += " (id " + id + ")";
  return s;
}

std::vector<const Element*> DecisionService::Parameters() const {
  std::vector<const Element*> params(input_data.begin(), input_data.end());
  params.insert(params.end(), input_decisions.begin(), input_decisions.end());
  return params;
}

const Import* Model::ImportOf(const Model* other) const {
  for (const Import& i : imports) {
    if (i.model == other) return &i;
  }
  return nullptr;
}

const Element* Model::Find(std::string_view element_name) const {
  auto it = by_name.find(element_name);
  return it == by_name.end() ? nullptr : it->second;
}

const Model* ModelSet::FindModel(std::string_view key) const {
  for (const auto& m : models) {
    if (m->file == key) return m.get();
  }
  for (const auto& m : models) {
    if (std::filesystem::path(m->file).filename() == key) return m.get();
  }
  for (const auto& m : models) {
    if (m->name == key || m->ns == key) return m.get();
  }
  return nullptr;
}

}  // namespace tamga::dmn::internal

// Internal: the compiled form of DMN models, shared by the reader (which builds it) and the
// evaluator (which runs it). Not part of the public interface (see dmn.h).
#pragma once

#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dmn/dmn.h"
#include "feel/feel.h"
#include "feel/function.h"
#include "feel/type.h"
#include "feel/value.h"

namespace tamga::dmn::internal {

struct Model;

// A DMN type: a built-in type, an item definition (possibly a collection, a structure of
// components, a reference to another type, a function) with its allowed values. Types are owned by
// their model and refer to each other by pointer, so recursive item definitions are fine.
struct DmnType {
  std::string name;
  std::optional<feel::Type> builtin;  // a built-in base type ("number", "list<string>")
  const DmnType* base = nullptr;      // the item definition's typeRef to another item definition
  std::vector<std::pair<std::string, const DmnType*>> components;
  bool is_structure = false;  // has itemComponents (possibly zero of them)
  bool is_collection = false;
  std::optional<feel::Type> function_type;         // functionItem
  std::optional<feel::UnaryTests> allowed_values;  // restricts the (element) values
  std::string allowed_values_text;
};

// Does `v` conform to `t` (DMN 1.5 10.3.2.9), including allowed values? null always conforms.
bool Conforms(const feel::Value& v, const DmnType& t);
// `v` converted to `t`: unchanged when it conforms, a singleton list unwrapped or a value wrapped
// into a singleton list when that makes it conform (10.3.2.9.4); nullopt when it cannot conform.
std::optional<feel::Value> Coerce(const feel::Value& v, const DmnType& t);
// The structural FEEL type of `t` (recursion beyond a few levels becomes Any).
feel::Type ToFeelType(const DmnType& t);

// A boxed expression, compiled. Evaluation never throws: errors are null plus a warning.
class Expr {
 public:
  virtual ~Expr() = default;
  virtual feel::Value Evaluate(const feel::FramePtr& frame, feel::Diagnostics& diag) const = 0;
};
using ExprPtr = std::unique_ptr<const Expr>;

struct Element {
  enum class Kind { kInputData, kDecision, kBusinessKnowledgeModel, kDecisionService };
  Kind kind;
  std::string id;
  std::string name;
  const Model* model = nullptr;
  const DmnType* type = nullptr;  // the variable's typeRef; nullptr: any
  std::string Describe() const;   // "decision 'X' (id _1)"
};

// A reference from one element to another, with the name under which the target is visible to the
// referring element: its own name, or "import.name" when the target lives in an imported model.
struct Requirement {
  const Element* target = nullptr;
  std::string import_name;  // empty for a target in the same model
};

struct Decision : Element {
  std::vector<Requirement> information;  // required decisions and input data
  std::vector<Requirement> knowledge;    // required BKMs and decision services
  ExprPtr logic;                         // nullptr: no decision logic
};

struct Parameter {
  std::string name;
  const DmnType* type = nullptr;
};

struct BusinessKnowledgeModel : Element {
  std::vector<Parameter> params;
  std::vector<Requirement> knowledge;
  ExprPtr body;  // nullptr: no logic (invocation yields null)
  std::string logic_kind = "FEEL";
};

struct DecisionService : Element {
  std::vector<const Decision*> outputs;
  std::vector<const Decision*> encapsulated;
  std::vector<const Element*> input_data;  // InputData elements
  std::vector<const Decision*> input_decisions;
  // Parameter order: input data, then input decisions (DMN 1.5 10.4, as the TCK expects).
  std::vector<const Element*> Parameters() const;
};

struct Import {
  std::string name;  // the qualifier ("myimport"); may be empty (DMN 1.1 style)
  std::string ns;
  const Model* model = nullptr;
};

struct Model {
  std::string name;
  std::string ns;
  std::string id;
  std::string file;
  std::vector<Import> imports;
  std::map<std::string, std::unique_ptr<DmnType>, std::less<>> types;  // item definitions by name
  std::vector<std::unique_ptr<DmnType>> anonymous_types;  // item components, inline types
  std::vector<std::unique_ptr<Element>> inputs;           // InputData
  std::vector<std::unique_ptr<Decision>> decisions;
  std::vector<std::unique_ptr<BusinessKnowledgeModel>> bkms;
  std::vector<std::unique_ptr<DecisionService>> services;
  std::map<std::string, const Element*, std::less<>> by_id;
  std::map<std::string, const Element*, std::less<>> by_name;

  const Import* ImportOf(const Model* other) const;  // nullptr when `other` is not imported
  const Element* Find(std::string_view name) const;
};

struct ModelSet {
  std::vector<std::unique_ptr<Model>> models;
  std::vector<ModelInfo> infos;
  std::vector<Warning> load_warnings;
  // Built-in types by name ("number", ...), created on demand while loading.
  std::map<std::string, std::unique_ptr<DmnType>, std::less<>> builtin_types;

  const Model* FindModel(std::string_view key) const;  // file, file name, name or namespace
};

// Reads and compiles the models (reader.cc).
std::expected<std::shared_ptr<ModelSet>, Error> ReadModels(std::vector<Source> sources);

}  // namespace tamga::dmn::internal

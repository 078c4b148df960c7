// DMN 1.1 - 1.5 models: load a set of models (imports resolve among them), then evaluate decisions,
// decision services and business knowledge models with FEEL values as inputs. Every FEEL text is
// compiled once, at load time; an evaluation returns values, warnings and a trace.
#pragma once

#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "feel/type.h"
#include "feel/value.h"

namespace tamga::dmn {

namespace internal {
struct ModelSet;
}

// A model that cannot be loaded, or a request that cannot be served. `element` names the culprit
// ("decision 'Approval' (id _d1)", "file a.dmn"), `message` says what is wrong.
struct Error {
  std::string element;
  std::string message;
  std::string ToString() const;  // "element: message", or the message alone
};

// Something that made a value null (or was suspicious) during loading or evaluation.
struct Warning {
  std::string element;  // the decision, business knowledge model, ... being evaluated
  std::string message;
};

// A decision table rule that matched its inputs.
struct RuleMatch {
  int index = 0;           // 1-based position of the rule in its table
  std::string id;          // the rule's id attribute (may be empty)
  std::string annotation;  // its annotation entries and description, joined with "; "
  bool selected = false;   // whether the hit policy kept it for the result
};

struct TableTrace {
  std::string table_id;  // the decisionTable's id (may be empty)
  std::string label;     // the decisionTable's outputLabel, else the name of the element holding it
  std::vector<RuleMatch> matches;
};

// One decision's evaluation: its value and the decision tables evaluated for it (including tables
// inside business knowledge models it called).
struct DecisionTrace {
  std::string model;
  std::string name;
  std::string id;
  feel::Value value;
  std::vector<TableTrace> tables;
};

struct Result {
  // The requested values in request order: each requested decision; a decision service's output
  // decisions; a business knowledge model's result under its own name.
  std::vector<std::pair<std::string, feel::Value>> outputs;
  std::vector<Warning> warnings;
  std::vector<DecisionTrace> trace;  // decisions in the order their evaluation finished

  // The value of output `name`, or nullptr.
  const feel::Value* Find(std::string_view name) const;
};

// Input data values by name. An input of any model is looked up in `by_namespace` under its
// model's namespace first, then in `values` (the usual place for the inputs of the model being
// evaluated). A missing input is null with a warning.
struct Inputs {
  feel::Context values;
  std::map<std::string, feel::Context, std::less<>> by_namespace;
};

enum class InvocableKind { kDecision, kDecisionService, kBusinessKnowledgeModel };

struct ModelInfo {
  std::string name;
  std::string ns;    // the definitions' namespace
  std::string file;  // as given to Load/Parse
};

// DMN XML text and the name it is known by (its file name).
struct Source {
  std::string file;
  std::string xml;
};

class Models {
 public:
  // Reads and compiles the models. Fails, naming the element, on malformed XML, a missing required
  // attribute, a reference to an element or import that is not there, or a decision requirement
  // cycle. FEEL syntax errors do not fail the load: they are recorded in load_warnings() and the
  // element evaluates to null with a warning.
  static std::expected<Models, Error> Parse(std::vector<Source> sources);
  static std::expected<Models, Error> Load(const std::vector<std::filesystem::path>& files);

  const std::vector<ModelInfo>& models() const;
  const std::vector<Warning>& load_warnings() const;

  // Evaluates the named decisions of `model` (its file name, name or namespace; empty when the set
  // holds one model, or to mean the first model that no other model imports).
  std::expected<Result, Error> EvaluateDecisions(std::string_view model,
                                                 std::span<const std::string> decisions,
                                                 const Inputs& inputs) const;
  // The same decisions over many input sets, as a simulation of a law change over stored cases
  // needs: the model and decision names are resolved once, the sets are shared out among
  // `threads` threads (0: one per core), and the results come back in input order, each as
  // EvaluateDecisions would give it. Fails only when a name does not resolve.
  std::expected<std::vector<Result>, Error> EvaluateBatch(std::string_view model,
                                                          std::span<const std::string> decisions,
                                                          std::span<const Inputs> inputs,
                                                          int threads = 0) const;
  // Invokes a decision service (its parameters are its input data and input decisions, by name) or
  // a business knowledge model (its formal parameters, by name); a missing argument is null.
  std::expected<Result, Error> Invoke(std::string_view model, InvocableKind kind,
                                      std::string_view name, const feel::Context& args) const;
  // Evaluates the decision, decision service or business knowledge model called `name`, whichever
  // exists (in that order). For a decision, `inputs` are input data; otherwise they are arguments.
  std::expected<Result, Error> Evaluate(std::string_view model, std::string_view name,
                                        const Inputs& inputs) const;

  // The declared type of the input data or decision `name` of `model`, if it has a typeRef.
  std::optional<feel::Type> DeclaredType(std::string_view model, std::string_view name) const;
  // The kind of element `name` in `model`, if it is a decision, decision service or BKM.
  std::optional<InvocableKind> KindOf(std::string_view model, std::string_view name) const;

 private:
  explicit Models(std::shared_ptr<const internal::ModelSet> set) : set_(std::move(set)) {}
  std::shared_ptr<const internal::ModelSet> set_;
};

// Calls `work(i)` for every i in [0, n) on up to `threads` threads (0: one per core), the calling
// thread among them; returns when all calls have returned. `work` must be safe to run in parallel.
void ParallelFor(size_t n, int threads, const std::function<void(size_t)>& work);

}  // namespace tamga::dmn

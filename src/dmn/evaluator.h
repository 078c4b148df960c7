// Internal: evaluating the decision requirements graph. A Session is one evaluation: it memoizes
// decision and input values, collects warnings and the trace, and owns the frames that expose
// business knowledge models and decision services as FEEL functions.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <vector>

#include "dmn/model.h"

namespace tamga::dmn::internal {

struct Session : std::enable_shared_from_this<Session> {
  std::shared_ptr<const ModelSet> set;
  const Model* main = nullptr;  // the model whose inputs are Inputs::values
  Inputs inputs;
  // Inside a decision service: only `given` values (its parameters) are inputs; its input
  // decisions are never evaluated.
  bool service_scope = false;
  std::set<const Element*> service_inputs;
  std::map<const Element*, feel::Value> given;
  int depth = 0;  // nesting of business knowledge model and decision service calls

  std::map<const Element*, feel::Value> values;  // memoized decisions and input data
  std::set<const Element*> active;               // decisions being evaluated
  std::map<const Model*, feel::FramePtr> model_frames;
  std::vector<Warning> warnings;
  std::vector<DecisionTrace> trace;

  static std::shared_ptr<Session> Make(std::shared_ptr<const ModelSet> set, const Model* main);
};

// The value of decision `d` in session `s` (evaluating what it requires first).
feel::Value EvaluateDecision(Session& s, const Decision& d);

// Invokes decision service `ds` with its parameters given by element; returns the value of each
// output decision (in order). An argument that does not conform to its parameter's type makes
// every output null. Warnings and trace go to `parent` (pass one to keep them).
std::vector<std::pair<std::string, feel::Value>> InvokeService(
    const std::shared_ptr<const ModelSet>& set, const DecisionService& ds, Session* parent,
    const std::map<const Element*, feel::Value>& args);

// The FEEL function value of a business knowledge model, bound to session `s`.
feel::Value BkmFunction(Session& s, const BusinessKnowledgeModel& b);

}  // namespace tamga::dmn::internal

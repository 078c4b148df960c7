// Internal: evaluating the decision requirements graph. A Session is one evaluation: it memoizes
// decision and input values, collects warnings and the trace, and owns the frames that expose
// business knowledge models and decision services as FEEL functions.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "dmn/model.h"

namespace tamga::dmn::internal {

// Values keyed by element. An evaluation touches a handful of elements, which are kept in the
// object itself and found by a linear scan (faster than a node-based map, and no allocation per
// entry); more spill to a vector.
class ElementValues {
 public:
  ElementValues() {}  // not `= default`: value-initialization would zero the inline storage
  ~ElementValues() { std::destroy_n(InlineEntries(), inline_size_); }
  ElementValues(const ElementValues&) = delete;
  ElementValues& operator=(const ElementValues&) = delete;

  const feel::Value* Find(const Element* e) const {
    for (const Entry& entry : std::span(InlineEntries(), inline_size_)) {
      if (entry.element == e) return entry.value();
    }
    for (const Entry& entry : overflow_) {
      if (entry.element == e) return entry.value();
    }
    return nullptr;
  }
  // Replaces the value of `e`, or adds it.
  template <typename V>  // const feel::Value& or feel::Value&&: copied or moved in place
  void Set(const Element* e, V&& v) {
    Entry& entry = EntryFor(e);
    entry.owned = std::forward<V>(v);
    entry.borrowed = nullptr;
  }
  // Set(e, *v) without the copy, for a value that outlives this.
  void Borrow(const Element* e, const feel::Value* v) {
    Entry& entry = EntryFor(e);
    entry.owned = feel::Value();
    entry.borrowed = v;
  }

 private:
  static constexpr size_t kInlineSize = 8;
  struct Entry {
    const Element* element;
    feel::Value owned;
    const feel::Value* borrowed;  // the value instead of `owned`, when set
    const feel::Value* value() const { return borrowed ? borrowed : &owned; }
  };

  Entry* InlineEntries() { return reinterpret_cast<Entry*>(inline_); }
  const Entry* InlineEntries() const { return reinterpret_cast<const Entry*>(inline_); }
  Entry& EntryFor(const Element* e) {
    for (Entry& entry : std::span(InlineEntries(), inline_size_)) {
      if (entry.element == e) return entry;
    }
    for (Entry& entry : overflow_) {
      if (entry.element == e) return entry;
    }
    if (inline_size_ < kInlineSize) {
      return *std::construct_at(InlineEntries() + inline_size_++, e, feel::Value(), nullptr);
    }
    return overflow_.emplace_back(e, feel::Value(), nullptr);
  }

  alignas(Entry) std::byte inline_[kInlineSize * sizeof(Entry)];
  size_t inline_size_ = 0;
  std::vector<Entry> overflow_;
};

// One evaluation. Not shared: the call that evaluates owns it (EvaluateDecisions keeps it on its
// stack); the functions it hands out reach it through Handle().
struct Session {
  Session(std::shared_ptr<const ModelSet> model_set, const Model* main_model)
      : set(std::move(model_set)), main(main_model) {}
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  std::shared_ptr<const ModelSet> set;
  const Model* main = nullptr;  // the model whose inputs are Inputs::values
  // The caller's inputs, not a copy: they outlive the session, which lives only while the call
  // that made it runs.
  const Inputs* inputs = &NoInputs();
  // Inside a decision service: only `given` values (its parameters) are inputs; its input
  // decisions are never evaluated.
  bool service_scope = false;
  std::vector<const Element*> service_inputs;
  ElementValues given;
  int depth = 0;  // nesting of business knowledge model and decision service calls

  ElementValues values;  // memoized decisions and input data
  // The decisions being evaluated, innermost first: a list through the stack frames of
  // EvaluateDecision, which push and pop in order (no allocation).
  struct ActiveDecision {
    const Element* decision;
    const ActiveDecision* outer;
  };
  const ActiveDecision* active = nullptr;
  std::vector<std::pair<const Model*, feel::FramePtr>> model_frames;
  std::vector<Warning> warnings;
  std::vector<DecisionTrace> trace;

  // What the functions the session hands out (business knowledge models, decision services) keep
  // to reach it: it expires when the session ends, after which they evaluate in a session of
  // their own. Made when first asked for: most evaluations hand out no function.
  std::weak_ptr<Session* const> Handle();

  static const Inputs& NoInputs();

 private:
  std::shared_ptr<Session* const> handle_;
};

// The value of decision `d` in session `s` (evaluating what it requires first).
feel::Value EvaluateDecision(Session& s, const Decision& d);

// Invokes decision service `ds` with its parameters given by element; returns the value of each
// output decision (in order). An argument that does not conform to its parameter's type makes
// every output null. Warnings and trace go to `parent` (pass one to keep them).
std::vector<std::pair<std::string, feel::Value>> InvokeService(
    const std::shared_ptr<const ModelSet>& set, const DecisionService& ds, Session* parent,
    const ElementValues& args);

// The FEEL function value of a business knowledge model, bound to session `s`.
feel::Value BkmFunction(Session& s, const BusinessKnowledgeModel& b);

}  // namespace tamga::dmn::internal

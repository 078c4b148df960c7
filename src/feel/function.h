// Callable FEEL values (built-in functions, user-defined functions and closures, business knowledge
// models and decision services) and what a call needs: diagnostics and variable frames.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "feel/type.h"
#include "feel/value.h"

namespace tamga::feel {

// A warning raised while evaluating: the result became null for the reason given. `position` is a
// 0-based offset into the expression text (-1 when unknown).
struct Warning {
  int position = -1;
  std::string message;
};

// Size limits on values an evaluation builds (docs/engine.md, "Limits"): past them the operation
// is null with a warning.
inline constexpr size_t kMaxStringBytes = size_t{1} << 20;
inline constexpr size_t kMaxListLength = 1'000'000;

// What a language embedding FEEL records about an evaluation besides warnings (DMN records the
// decision tables that ran, for the trace). Set on the Diagnostics an evaluation is given, it
// travels with them into every nested call; FEEL itself never looks at it.
class EvaluationRecorder {
 public:
  virtual ~EvaluationRecorder() = default;
};

class Diagnostics {
 public:
  Diagnostics() = default;
  explicit Diagnostics(EvaluationRecorder* recorder) : recorder_(recorder) {}
  EvaluationRecorder* recorder() const { return recorder_; }

  void Warn(int position, std::string message) {
    warnings_.push_back({position, std::move(message)});
  }
  const std::vector<Warning>& warnings() const { return warnings_; }
  void Clear() {
    warnings_.clear();
    work_left_ = kWorkBudget;
  }

  // The work one evaluation may do (iteration steps, elements copied into `partial`), so that
  // uploaded expressions cannot exhaust time or memory (docs/engine.md, "Limits").
  static constexpr int64_t kWorkBudget = 10'000'000;
  // Takes `units` of work from the budget; false (and the budget stays exhausted) when it runs out.
  bool Spend(int64_t units) {
    work_left_ -= units;
    return work_left_ >= 0;
  }
  int64_t work_left() const { return work_left_; }

 private:
  std::vector<Warning> warnings_;
  int64_t work_left_ = kWorkBudget;
  EvaluationRecorder* recorder_ = nullptr;
};

// A frame of variables visible to an expression; frames chain to their parent. A frame may also
// expose a context's entries (as inside a filter over contexts, or a context's later entries).
// Frames are shared so closures keep the variables they captured.
struct Frame;
using FramePtr = std::shared_ptr<Frame>;
struct Frame {
  FramePtr parent;
  std::vector<std::pair<std::string, Value>> vars;
  std::shared_ptr<const Context> context;  // optional: its entries are visible too

  static FramePtr Make(FramePtr parent = nullptr) {
    auto f = std::make_shared<Frame>();
    f->parent = std::move(parent);
    return f;
  }
  void Set(std::string name, Value v);
  // Innermost binding of `name`, or nullptr.
  const Value* Find(std::string_view name) const;
  // A frame for the entries of a context being built. A function defined in such an entry sees the
  // frame and is stored in it: a reference cycle, which the enclosing EvaluationScope breaks.
  static FramePtr MakeForContext(FramePtr parent);
};

// Breaks the reference cycles between closures and the context frames that hold them, so repeated
// evaluations do not leak. While the outermost scope of a thread is open, context frames are
// collected; Finish() drops their variables unless the result still holds a function (which may
// need them later; then they stay, and so does the memory). Nested scopes do nothing.
class EvaluationScope {
 public:
  EvaluationScope();
  ~EvaluationScope();
  EvaluationScope(const EvaluationScope&) = delete;
  EvaluationScope& operator=(const EvaluationScope&) = delete;
  // Call with everything the evaluation hands back; returns whether frames were released.
  bool Finish(std::span<const Value> results);

 private:
  bool owner_;
};

// Whether `v` is or contains a function value (in lists, contexts or ranges).
bool HoldsFunction(const Value& v);

struct CallContext {
  Diagnostics& diagnostics;
  int position = -1;  // where the call is in the caller's text
  // For a named invocation, the parameter names of the form the arguments were matched to (an
  // overloaded built-in may need to know which: context put's `key` takes no list, `keys` does).
  const std::vector<std::string>* named_params = nullptr;
  void Warn(std::string message) const { diagnostics.Warn(position, std::move(message)); }
};

struct Function {
  std::string name;                              // for messages ("substring", "anonymous function")
  std::vector<std::string> params;               // names, for named invocation
  std::vector<std::optional<Type>> param_types;  // empty or one per param; nullopt: any
  size_t min_args = 0;                           // trailing parameters beyond this are optional
  bool variadic = false;  // the last parameter takes the remaining arguments (as given)
  // Parameter names of an overloaded built-in's other forms (date(from) is also date(year, month,
  // day)): the i-th name of each form is argument i. Named invocation picks the form that fits.
  std::vector<std::vector<std::string>> overload_params;
  // Receives the arguments after arity checking. Missing optional ones are absent (args is
  // shorter).
  std::function<Value(std::span<const Value> args, CallContext& ctx)> body;
};

// Calls `f` with positional arguments; wrong arity or a non-conforming argument is null plus a
// warning. Singleton-list and list-to-singleton coercion of arguments follows DMN 1.5 10.3.2.9.4.
Value Invoke(const Function& f, std::vector<Value> args, CallContext& ctx);
// Calls `f` with named arguments, mapped onto its parameter names.
Value InvokeNamed(const Function& f, std::vector<std::pair<std::string, Value>> args,
                  CallContext& ctx);

Value MakeFunction(Function f);

}  // namespace tamga::feel

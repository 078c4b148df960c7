// Throughput of the tamga engine on the cases in bench/cases.json, which bench/peers/feelin
// evaluates with feelin for the side-by-side comparison (scripts/run-bench). Each case compiles or
// loads once, checks once that it evaluates to the expected value without warnings (exiting with
// a message otherwise, so a broken evaluation is never timed), then evaluates in the timed loop.
// Times are wall-clock (UseRealTime) because the JavaScript peer can only measure wall-clock.
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <new>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "dmn/dmn.h"
#include "feel/feel.h"
#include "feel/json.h"
#include "feel/temporal.h"
#include "policy/policy.h"

// Every C++ heap allocation is counted so each case can report allocations per evaluation
// ("allocs_per_op"): on this engine, allocation is the first thing to look at when it gets slower.
namespace {
std::atomic<long> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
// Not inlined: GCC would otherwise see free() applied to operator new's result and warn.
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

using tamga::dmn::Models;
using tamga::feel::Value;
namespace feel = tamga::feel;
namespace policy = tamga::policy;
namespace dmn = tamga::dmn;

[[noreturn]] void Fail(std::string_view bench, const std::string& message) {
  std::fprintf(stderr, "tamga_bench: %.*s: %s\n", static_cast<int>(bench.size()), bench.data(),
               message.c_str());
  std::exit(EXIT_FAILURE);
}

std::string ReadFile(std::string_view bench, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail(bench, "cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The case called `name` in bench/cases.json.
const nlohmann::json& Case(std::string_view name) {
  static const nlohmann::json cases =
      nlohmann::json::parse(ReadFile("cases.json", TAMGA_BENCH_DIR "/cases.json"))["cases"];
  for (const auto& c : cases) {
    if (c["name"] == name) return c;
  }
  Fail(name, "no such case in bench/cases.json");
}

Value FromJson(std::string_view bench, const nlohmann::json& json, const feel::Type& type) {
  auto value = feel::FromJson(json, type);
  if (!value) Fail(bench, value.error());
  return *value;
}

std::string Warnings(const std::vector<feel::Warning>& warnings) {
  std::string text;
  for (const auto& w : warnings) text += "; " + w.message;
  return text;
}

std::string Warnings(const std::vector<dmn::Warning>& warnings) {
  std::string text;
  for (const auto& w : warnings) text += "; " + w.element + ": " + w.message;
  return text;
}

// Exits unless `actual` is the case's expected value and nothing was warned about.
void CheckResult(std::string_view bench, const nlohmann::json& spec, const Value& actual,
                 const std::string& warnings) {
  Value expected = FromJson(bench, spec["expected"], feel::Type::Any());
  if (!feel::SameValue(actual, expected) || !warnings.empty()) {
    Fail(bench, "expected " + feel::ToDisplayString(expected) + ", got " +
                    feel::ToDisplayString(actual) + warnings);
  }
}

// Throughput as items_per_second (one item = one evaluation) and the heap allocations the timed
// loop made per evaluation, counted since `allocations_before`.
void Report(benchmark::State& state, long allocations_before, size_t items_per_iteration = 1) {
  const double items =
      static_cast<double>(state.iterations()) * static_cast<double>(items_per_iteration);
  const double per_op = static_cast<double>(allocations.load() - allocations_before) / items;
  state.SetItemsProcessed(static_cast<int64_t>(items));
  state.counters["allocs_per_op"] = benchmark::Counter(per_op);
}

void BM_FeelExpression(benchmark::State& state) {
  constexpr std::string_view kName = "BM_FeelExpression";
  const nlohmann::json& spec = Case(kName);
  const feel::Context inputs = FromJson(kName, spec["inputs"], feel::Type::Any()).context();
  feel::CompileOptions options;
  for (const auto& [name, value] : inputs.entries) options.known_names.push_back(name);
  auto expression = feel::Expression::Compile(spec["expression"].get<std::string>(), options);
  if (!expression) Fail(kName, expression.error().ToString());

  feel::Diagnostics diagnostics;
  CheckResult(kName, spec, expression->Evaluate(inputs, diagnostics),
              Warnings(diagnostics.warnings()));
  const long before = allocations.load();
  for (auto _ : state) {
    Value result = expression->Evaluate(inputs, diagnostics);
    benchmark::DoNotOptimize(result);
  }
  Report(state, before);
}

// The same expression through Evaluate(FramePtr) with a frame built once: not compared with
// feelin; the difference to BM_FeelExpression is what Evaluate(Context) spends per call on
// building a frame and copying the inputs into it.
void BM_FeelExpressionPrebuiltFrame(benchmark::State& state) {
  constexpr std::string_view kName = "BM_FeelExpressionPrebuiltFrame";
  const nlohmann::json& spec = Case("BM_FeelExpression");
  const Value inputs = FromJson(kName, spec["inputs"], feel::Type::Any());
  feel::CompileOptions options;
  for (const auto& [name, value] : inputs.context().entries) options.known_names.push_back(name);
  auto expression = feel::Expression::Compile(spec["expression"].get<std::string>(), options);
  if (!expression) Fail(kName, expression.error().ToString());
  feel::FramePtr frame = feel::Frame::Make();
  frame->context = inputs.context_ptr();

  feel::Diagnostics diagnostics;
  CheckResult(kName, spec, expression->Evaluate(frame, diagnostics),
              Warnings(diagnostics.warnings()));
  const long before = allocations.load();
  for (auto _ : state) {
    Value result = expression->Evaluate(frame, diagnostics);
    benchmark::DoNotOptimize(result);
  }
  Report(state, before);
}

Models LoadModels(std::string_view bench, const std::string& file) {
  std::string xml = ReadFile(bench, std::string(TAMGA_BENCH_DIR "/") + file);
  auto models = Models::Parse({{file, std::move(xml)}});
  if (!models) Fail(bench, models.error().ToString());
  if (!models->load_warnings().empty()) Fail(bench, Warnings(models->load_warnings()));
  return std::move(*models);
}

// JSON inputs converted as `tamga decide` does: guided by each input data's declared type, so
// "2023-01-15" becomes a date where the model says typeRef="date".
dmn::Inputs DecisionInputs(std::string_view bench, const Models& models,
                           const nlohmann::json& json) {
  dmn::Inputs inputs;
  for (const auto& [name, value] : json.items()) {
    feel::Type type = models.DeclaredType("", name).value_or(feel::Type::Any());
    inputs.values.Set(name, FromJson(bench, value, type));
  }
  return inputs;
}

// A decision table case: the DMN model is loaded (and every FEEL text in it compiled) once; each
// iteration evaluates the decision through the public API, as a caller of the library would.
void RunDecisionCase(benchmark::State& state, std::string_view name) {
  const nlohmann::json& spec = Case(name);
  const Models models = LoadModels(name, spec["model"].get<std::string>());
  const dmn::Inputs inputs = DecisionInputs(name, models, spec["inputs"]);
  const std::vector<std::string> decisions = {spec["decision"].get<std::string>()};

  auto result = models.EvaluateDecisions("", decisions, inputs);
  if (!result) Fail(name, result.error().ToString());
  const Value* value = result->Find(decisions[0]);
  CheckResult(name, spec, value ? *value : Value(), Warnings(result->warnings));
  const long before = allocations.load();
  for (auto _ : state) {
    auto r = models.EvaluateDecisions("", decisions, inputs);
    benchmark::DoNotOptimize(r);
  }
  Report(state, before);
}

void BM_UniqueTable(benchmark::State& state) { RunDecisionCase(state, "BM_UniqueTable"); }
void BM_FirstTable(benchmark::State& state) { RunDecisionCase(state, "BM_FirstTable"); }

// The shipped policies (policies/): every test case of a kind that gives a filing date, repeated
// to 1,000 applications, decided one at a time through Library::Decide as the case service decides
// an application, and as one batch under the kind's latest version on every core through
// Library::DecideBatch, as a simulation of a law change over stored cases does. One item is one
// application decided (with its grounds and trace).
struct PolicyCases {
  policy::Library library;
  policy::Version latest;
  std::vector<policy::Library::CaseInputs> cases;
};

const PolicyCases& Policy(std::string_view bench, const std::string& jurisdiction,
                          const std::string& kind) {
  static std::map<std::string, PolicyCases> loaded;
  const std::string key = jurisdiction + "/" + kind;
  if (auto it = loaded.find(key); it != loaded.end()) return it->second;
  const std::string root = TAMGA_BENCH_DIR "/../policies";
  auto library = policy::Library::Load(root);
  if (!library) Fail(bench, library.error().ToString());
  PolicyCases p{*library, library->Versions(jurisdiction, kind).back(), {}};
  std::string folder = jurisdiction;
  for (char& c : folder) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<policy::Library::CaseInputs> one_round;
  for (const auto& entry :
       std::filesystem::directory_iterator(root + "/" + folder + "/" + kind + "/tests")) {
    std::ifstream in(entry.path());
    for (const nlohmann::json& c : nlohmann::json::parse(in)) {
      if (!c.contains("filing_date") || !c.contains("inputs")) continue;
      auto date = feel::ParseDate(c["filing_date"].get<std::string>());
      auto inputs = policy::InputsFromJson(c["inputs"], "bench");
      if (!date || !inputs) Fail(bench, "a test case of " + key + " does not read");
      one_round.push_back({*date, *inputs});
    }
  }
  if (one_round.empty()) Fail(bench, "no test cases with a filing date in " + key);
  while (p.cases.size() < 1000) p.cases.insert(p.cases.end(), one_round.begin(), one_round.end());
  // Checked once: every application decides, one at a time and in the batch.
  for (const auto& c : p.cases) {
    auto d = p.library.Decide(jurisdiction, kind, c.filing_date, c.inputs);
    if (!d) Fail(bench, d.error().ToString());
  }
  for (const auto& d : p.library.DecideBatch(p.latest, p.cases)) {
    if (!d) Fail(bench, d.error().ToString());
  }
  return loaded.emplace(key, std::move(p)).first->second;
}

void RunPolicySingle(benchmark::State& state, std::string_view name, const std::string& j,
                     const std::string& k) {
  const PolicyCases& p = Policy(name, j, k);
  const long before = allocations.load();
  for (auto _ : state) {
    for (const auto& c : p.cases) {
      auto d = p.library.Decide(j, k, c.filing_date, c.inputs);
      benchmark::DoNotOptimize(d);
    }
  }
  Report(state, before, p.cases.size());
}

void RunPolicyBatch(benchmark::State& state, std::string_view name, const std::string& j,
                    const std::string& k) {
  const PolicyCases& p = Policy(name, j, k);
  const long before = allocations.load();
  for (auto _ : state) {
    auto decided = p.library.DecideBatch(p.latest, p.cases);
    benchmark::DoNotOptimize(decided);
  }
  Report(state, before, p.cases.size());
}

void BM_PolicyKzSingle(benchmark::State& state) {
  RunPolicySingle(state, "BM_PolicyKzSingle", "KZ", "permanent-residence");
}
void BM_PolicyKzBatch(benchmark::State& state) {
  RunPolicyBatch(state, "BM_PolicyKzBatch", "KZ", "permanent-residence");
}
void BM_PolicyLvSingle(benchmark::State& state) {
  RunPolicySingle(state, "BM_PolicyLvSingle", "LV", "visa");
}
void BM_PolicyLvBatch(benchmark::State& state) {
  RunPolicyBatch(state, "BM_PolicyLvBatch", "LV", "visa");
}

BENCHMARK(BM_FeelExpression)->UseRealTime();
BENCHMARK(BM_FeelExpressionPrebuiltFrame)->UseRealTime();
BENCHMARK(BM_UniqueTable)->UseRealTime();
BENCHMARK(BM_FirstTable)->UseRealTime();
BENCHMARK(BM_PolicyKzSingle)->UseRealTime();
BENCHMARK(BM_PolicyKzBatch)->UseRealTime();
BENCHMARK(BM_PolicyLvSingle)->UseRealTime();
BENCHMARK(BM_PolicyLvBatch)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

// RunTests: the policy tests under policies/<jurisdiction>/<kind>/tests/*.json, and the rules no
// test exercised.
#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "policy/internal.h"

namespace tamga::policy {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

struct TestCase {
  std::string name;
  feel::Date filing_date;
  std::string filed_at;  // the instant of filing, when the case gives it instead of filing_date
  std::optional<feel::Date> decided_on;  // when the case is decided later than filed
  feel::Context inputs;
  std::string expected_outcome;
  std::vector<std::string> expected_grounds;                  // a subset of the grounds
  std::optional<std::vector<std::string>> expected_missing;   // compared as a set
  std::optional<feel::Date> expected_version;                 // the version's takes_effect
  std::optional<std::vector<std::string>> expected_decisive;  // compared as a set
};

// Rule ids that matched in some case, by version id.
using Exercised = std::map<std::string, std::set<std::string>>;

std::string CaseName(const json& j, size_t index) {
  std::string s = "case " + std::to_string(index + 1);
  auto it = j.find("name");
  if (it != j.end() && it->is_string()) s += " ('" + it->get<std::string>() + "')";
  return s;
}

std::expected<std::vector<std::string>, std::string> Strings(const json& j,
                                                             std::string_view field) {
  if (!j.is_array()) return std::unexpected("field '" + std::string(field) + "' must be a list");
  std::vector<std::string> out;
  for (const json& e : j) {
    if (!e.is_string()) {
      return std::unexpected("field '" + std::string(field) + "' must hold strings, not " +
                             e.dump());
    }
    out.push_back(e.get<std::string>());
  }
  return out;
}

std::expected<feel::Date, std::string> DateField(const json& j, std::string_view field) {
  std::optional<feel::Date> d;
  if (j.is_string()) d = internal::ParseIsoDate(j.get<std::string>());
  if (!d) return std::unexpected("field '" + std::string(field) + "' must be a date YYYY-MM-DD");
  return *d;
}

std::expected<void, std::string> CheckCaseFields(const json& j) {
  static const std::set<std::string, std::less<>> known = {"name",
                                                           "filing_date",
                                                           "filed_at",
                                                           "decided_on",
                                                           "inputs",
                                                           "expected_outcome",
                                                           "expected_grounds",
                                                           "expected_decisive_grounds",
                                                           "expected_missing_documents",
                                                           "expected_version"};
  for (const char* required : {"name", "inputs", "expected_outcome"}) {
    if (!j.contains(required))
      return std::unexpected("field '" + std::string(required) + "': missing");
  }
  if (j.contains("filing_date") == j.contains("filed_at")) {
    return std::unexpected(std::string(
        "give either 'filing_date' (a local date) or 'filed_at' (an instant with its offset)"));
  }
  for (const auto& [key, value] : j.items()) {
    if (!known.contains(key)) return std::unexpected("field '" + key + "': unknown field");
  }
  if (!j["name"].is_string()) return std::unexpected("field 'name' must be a string");
  // An outcome of either contract: which one the version's procedure takes is checked by
  // deciding (an asylum version never answers "refuse").
  const json& outcome = j["expected_outcome"];
  auto is_outcome = [](const std::string& o) {
    return std::ranges::find(kOutcomes, o) != std::end(kOutcomes) ||
           std::ranges::find(kAsylumOutcomes, o) != std::end(kAsylumOutcomes);
  };
  if (!outcome.is_string() || !is_outcome(outcome.get<std::string>())) {
    return std::unexpected(
        "field 'expected_outcome' must be \"eligible\", \"documents-missing\" or \"refuse\" "
        "(an asylum claim's: \"questions-remain\", \"protection-indicated\", "
        "\"protection-not-indicated\" or \"exclusion-indicated\")");
  }
  return {};
}

std::expected<TestCase, std::string> ParseCaseFields(const json& j) {
  if (!j.is_object()) return std::unexpected(std::string("must be a JSON object"));
  if (auto ok = CheckCaseFields(j); !ok) return std::unexpected(ok.error());
  TestCase c;
  c.name = j["name"].get<std::string>();
  c.expected_outcome = j["expected_outcome"].get<std::string>();
  if (j.contains("filed_at")) {
    // The local date follows from the jurisdiction's time zone when the case runs.
    if (!j["filed_at"].is_string() || !base::ParseInstant(j["filed_at"].get<std::string>()))
      return std::unexpected(std::string(
          "field 'filed_at' must be an instant with its offset, \"2022-09-21T18:30:00Z\""));
    c.filed_at = j["filed_at"].get<std::string>();
  } else {
    auto filing = DateField(j["filing_date"], "filing_date");
    if (!filing) return std::unexpected(filing.error());
    c.filing_date = *filing;
  }
  if (j.contains("decided_on")) {
    auto decided = DateField(j["decided_on"], "decided_on");
    if (!decided) return std::unexpected(decided.error());
    if (c.filed_at.empty() && internal::Before(*decided, c.filing_date))
      return std::unexpected(std::string("field 'decided_on' is before the filing date"));
    c.decided_on = *decided;
  }
  auto inputs = InputsFromJson(j["inputs"], "field 'inputs'");
  if (!inputs) return std::unexpected(inputs.error().ToString());
  c.inputs = std::move(*inputs);
  if (j.contains("expected_grounds")) {
    auto grounds = Strings(j["expected_grounds"], "expected_grounds");
    if (!grounds) return std::unexpected(grounds.error());
    c.expected_grounds = std::move(*grounds);
  }
  if (j.contains("expected_missing_documents")) {
    auto missing = Strings(j["expected_missing_documents"], "expected_missing_documents");
    if (!missing) return std::unexpected(missing.error());
    c.expected_missing = std::move(*missing);
  }
  if (j.contains("expected_decisive_grounds")) {
    auto decisive = Strings(j["expected_decisive_grounds"], "expected_decisive_grounds");
    if (!decisive) return std::unexpected(decisive.error());
    c.expected_decisive = std::move(*decisive);
  }
  if (j.contains("expected_version")) {
    auto version = DateField(j["expected_version"], "expected_version");
    if (!version) return std::unexpected(version.error());
    c.expected_version = *version;
  }
  return c;
}

// The cases of a test file, from its text; `name` names the file in errors.
std::expected<std::vector<TestCase>, Error> ParseTests(const std::string& text,
                                                       const std::string& name) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return std::unexpected(Error{name, "invalid JSON"});
  if (!j.is_array() || j.empty()) {
    return std::unexpected(Error{name, "must be a non-empty JSON list of test cases"});
  }
  std::vector<TestCase> cases;
  std::set<std::string> names;
  for (size_t i = 0; i < j.size(); ++i) {
    auto c = ParseCaseFields(j[i]);
    if (!c) return std::unexpected(Error{name, CaseName(j[i], i) + ": " + c.error()});
    if (!names.insert(c->name).second) {
      return std::unexpected(Error{name, CaseName(j[i], i) + ": the name is used twice"});
    }
    cases.push_back(std::move(*c));
  }
  return cases;
}

std::expected<std::vector<TestCase>, Error> ParseTestFile(const fs::path& path) {
  auto text = internal::ReadFile(path);
  if (!text) return std::unexpected(text.error());
  return ParseTests(*text, path.string());
}

std::string Join(const std::vector<std::string>& items) {
  std::string s;
  for (const std::string& item : items) s += (s.empty() ? "" : ", ") + item;
  return "[" + s + "]";
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// What differs between the case's expectations and the decision ("" when nothing does).
std::string Compare(const TestCase& c, const Decision& d, const Version& version) {
  std::vector<std::string> problems;
  if (c.expected_version && !(*c.expected_version == version.takes_effect)) {
    problems.push_back("version: expected " + feel::ToString(*c.expected_version) + ", got " +
                       feel::ToString(version.takes_effect));
  }
  if (d.outcome != c.expected_outcome) {
    problems.push_back("outcome: expected " + c.expected_outcome + ", got " + d.outcome);
  }
  std::vector<std::string> grounds;
  for (const Ground& g : d.grounds) grounds.push_back(g.rule_id);
  for (const std::string& id : c.expected_grounds) {
    if (std::find(grounds.begin(), grounds.end(), id) == grounds.end()) {
      problems.push_back("grounds: expected " + id + " among " + Join(grounds));
    }
  }
  if (c.expected_decisive) {
    std::vector<std::string> decisive;
    for (const Ground& g : d.decisive_grounds) decisive.push_back(g.rule_id);
    if (Sorted(*c.expected_decisive) != Sorted(decisive)) {
      problems.push_back("decisive grounds: expected " + Join(Sorted(*c.expected_decisive)) +
                         ", got " + Join(Sorted(decisive)));
    }
  }
  if (c.expected_missing && Sorted(*c.expected_missing) != Sorted(d.missing_documents)) {
    problems.push_back("missing documents: expected " + Join(*c.expected_missing) + ", got " +
                       Join(d.missing_documents));
  }
  std::string s;
  for (const std::string& p : problems) s += (s.empty() ? "" : "; ") + p;
  return s;
}

// The local filing date of a case given by its instant, in the jurisdiction's time zone.
std::expected<feel::Date, std::string> LocalFilingDate(const Library& library,
                                                       const std::string& jurisdiction,
                                                       const std::string& filed_at) {
  const Jurisdiction* j = library.FindJurisdiction(jurisdiction);
  if (!j) return std::unexpected("unknown jurisdiction " + jurisdiction);
  auto local = base::LocalDate(*base::ParseInstant(filed_at), j->time_zone);
  if (!local) return std::unexpected(local.error());
  return *feel::ParseDate(*local);
}

void RunCase(const Library& library, const std::string& jurisdiction, const std::string& kind,
             TestCase c, const std::string& file, TestReport& report, Exercised& exercised) {
  std::string prefix = file + ": case '" + c.name + "': ";
  if (!c.filed_at.empty()) {
    auto local = LocalFilingDate(library, jurisdiction, c.filed_at);
    if (!local) {
      ++report.failed;
      report.failures.push_back(prefix + local.error());
      return;
    }
    c.filing_date = *local;
  }
  feel::Date decided = c.decided_on.value_or(c.filing_date);
  auto version = library.Applicable(jurisdiction, kind, c.filing_date, decided);
  auto decision = library.Decide(jurisdiction, kind, c.filing_date, c.inputs, decided);
  if (!version || !decision) {
    ++report.failed;
    report.failures.push_back(prefix + (version ? decision.error() : version.error()).ToString());
    return;
  }
  exercised[version->id()].insert(decision->matched_rules.begin(), decision->matched_rules.end());
  std::string problems = Compare(c, *decision, *version);
  if (problems.empty()) {
    ++report.passed;
    return;
  }
  ++report.failed;
  report.failures.push_back(prefix + problems + " (under " + version->id() + ")");
}

// The test files of a kind folder, sorted; none when it has no tests/ folder.
std::expected<std::vector<fs::path>, Error> TestFiles(const fs::path& kind_dir) {
  fs::path dir = kind_dir / "tests";
  if (!internal::IsDirectory(dir)) return std::vector<fs::path>{};
  auto names = internal::ListDir(dir);
  if (!names) return std::unexpected(names.error());
  std::vector<fs::path> files;
  for (const std::string& name : *names) {
    if (!name.ends_with(".json") || internal::IsDirectory(dir / name)) {
      return std::unexpected(
          Error{(dir / name).string(), "unexpected entry: a tests folder holds .json test files"});
    }
    files.push_back(dir / name);
  }
  return files;
}

std::expected<void, Error> RunKind(const Library& library, const fs::path& kind_dir,
                                   const std::string& jurisdiction, TestReport& report,
                                   Exercised& exercised) {
  auto files = TestFiles(kind_dir);
  if (!files) return std::unexpected(files.error());
  std::string kind = kind_dir.filename().string();
  for (const fs::path& file : *files) {
    auto cases = ParseTestFile(file);
    if (!cases) return std::unexpected(cases.error());
    for (const TestCase& c : *cases) {
      RunCase(library, jurisdiction, kind, c, file.string(), report, exercised);
    }
  }
  return {};
}

void ListUnexercisedOfKind(const Library& library, const std::string& j, const std::string& k,
                           const Exercised& exercised, TestReport& report) {
  for (const Version& v : library.Versions(j, k)) {
    auto it = exercised.find(v.id());
    for (const Rule& r : library.Rules(v)) {
      if (it == exercised.end() || !it->second.contains(r.id)) {
        report.unexercised.push_back(v.id() + " rule " + r.id);
      }
    }
  }
}

void ListUnexercised(const Library& library, const Exercised& exercised, TestReport& report) {
  for (const std::string& j : library.Jurisdictions()) {
    for (const std::string& k : library.Kinds(j))
      ListUnexercisedOfKind(library, j, k, exercised, report);
  }
}

}  // namespace

std::expected<TestReport, Error> RunTests(const Library& library,
                                          const std::filesystem::path& root) {
  auto jurisdictions = internal::ListDir(root);
  if (!jurisdictions) return std::unexpected(jurisdictions.error());
  TestReport report;
  Exercised exercised;
  for (const std::string& j : *jurisdictions) {
    if (!internal::IsDirectory(root / j)) continue;
    auto kinds = internal::ListDir(root / j);
    if (!kinds) return std::unexpected(kinds.error());
    for (const std::string& k : *kinds) {
      if (!internal::IsDirectory(root / j / k)) continue;
      auto ok = RunKind(library, root / j / k, internal::Upper(j), report, exercised);
      if (!ok) return std::unexpected(ok.error());
    }
  }
  ListUnexercised(library, exercised, report);
  return report;
}

std::expected<void, Error> CheckTestFile(const TestFile& file) {
  auto cases = ParseTests(file.json, file.name);
  if (!cases) return std::unexpected(cases.error());
  return {};
}

std::expected<TestReport, Error> RunKindTests(const Library& library,
                                              const std::string& jurisdiction,
                                              const std::string& kind,
                                              const std::filesystem::path& kind_dir,
                                              const std::vector<TestFile>& extra) {
  TestReport report;
  Exercised exercised;
  std::string upper = internal::Upper(jurisdiction);
  auto files = TestFiles(kind_dir);
  if (!files) return std::unexpected(files.error());
  for (const fs::path& file : *files) {
    auto cases = ParseTestFile(file);
    if (!cases) return std::unexpected(cases.error());
    for (const TestCase& c : *cases) {
      RunCase(library, upper, kind, c, file.string(), report, exercised);
    }
  }
  for (const TestFile& file : extra) {
    auto cases = ParseTests(file.json, file.name);
    if (!cases) return std::unexpected(cases.error());
    for (const TestCase& c : *cases) RunCase(library, upper, kind, c, file.name, report, exercised);
  }
  ListUnexercisedOfKind(library, upper, kind, exercised, report);
  return report;
}

}  // namespace tamga::policy

// Running the TCK: discovering test folders, loading each folder's models once, running every test
// case (a crash in one case fails that case only), and reporting.
#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "dmn/dmn.h"
#include "tck/tck.h"

namespace tamga::tck {
namespace {

namespace fs = std::filesystem;

struct Folder {
  fs::path dir;
  std::string level;                 // e.g. "compliance-level-2"
  std::vector<fs::path> test_files;  // sorted
};

bool IsTestFile(const fs::path& p) {
  std::string name = p.filename().string();
  return p.extension() == ".xml" && name.find("-test-") != std::string::npos;
}

std::vector<fs::path> TestFilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && IsTestFile(entry.path())) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The level a folder belongs to: the first path component below the root the user gave, or the
// folder's parent name when the user named the folder itself.
std::string LevelOf(const fs::path& root, const fs::path& dir) {
  fs::path rel = dir.lexically_relative(root);
  if (rel.empty() || rel == ".") return dir.parent_path().filename().string();
  auto first = rel.begin();
  if (std::next(first) == rel.end()) return root.filename().string();
  return first->string();
}

std::vector<Folder> Discover(const std::vector<std::string>& paths, std::ostream& out) {
  std::map<fs::path, Folder> folders;
  for (const std::string& p : paths) {
    fs::path path = fs::weakly_canonical(fs::path(p));
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
      Folder& f = folders[path.parent_path()];
      f.dir = path.parent_path();
      f.level = f.dir.parent_path().filename().string();
      f.test_files.push_back(path);
      continue;
    }
    if (!fs::is_directory(path, ec)) {
      out << "tck: " << p << " is neither a folder nor a test file\n";
      continue;
    }
    std::vector<fs::path> dirs{path};
    for (auto it = fs::recursive_directory_iterator(path, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory()) dirs.push_back(it->path());
    }
    for (const fs::path& dir : dirs) {
      std::vector<fs::path> files = TestFilesIn(dir);
      if (files.empty()) continue;
      Folder& f = folders[dir];
      f.dir = dir;
      f.level = LevelOf(path, dir);
      f.test_files = std::move(files);
    }
  }
  std::vector<Folder> result;
  for (auto& [dir, f] : folders) {
    std::sort(f.test_files.begin(), f.test_files.end());
    f.test_files.erase(std::unique(f.test_files.begin(), f.test_files.end()), f.test_files.end());
    result.push_back(std::move(f));
  }
  return result;
}

std::expected<dmn::Models, dmn::Error> LoadFolder(const fs::path& dir) {
  std::vector<fs::path> models;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".dmn") {
      models.push_back(entry.path());
    }
  }
  std::sort(models.begin(), models.end());
  if (models.empty())
    return std::unexpected(dmn::Error{"folder " + dir.string(), "holds no .dmn model"});
  return dmn::Models::Load(models);
}

struct Outcome {
  bool passed = false;
  std::vector<std::string> failures;  // one per failing result node (or one for the whole case)
  std::vector<dmn::Warning> warnings;
};

std::string ModelKey(const TestFile& file, const TestCase& tc) {
  if (!tc.ns.empty()) return tc.ns;
  if (!file.model_name.empty()) return file.model_name;
  if (!file.ns.empty()) return file.ns;
  return "";
}

// The name of the model an input node belongs to (by its namespace), or `main`.
std::string InputModel(const dmn::Models& models, const std::string& main, const InputNode& in) {
  if (in.ns.empty()) return main;
  for (const dmn::ModelInfo& m : models.models()) {
    if (m.ns == in.ns) return m.ns;
  }
  return main;
}

// Typed value of the expected result of a node, using the decision's declared type for untyped
// values.
feel::Value Expected(const dmn::Models& models, const std::string& model, const ResultNode& node) {
  if (!node.expected) return feel::Value();
  return ToValue(*node.expected, models.DeclaredType(model, node.name));
}

void CompareTyped(const dmn::Models& models, const std::string& model, const ResultNode& node,
                  const feel::Value* actual, Outcome& outcome) {
  feel::Value expected = Expected(models, model, node);
  if (!actual) {
    outcome.failures.push_back("result node '" + node.name + "': not evaluated");
    return;
  }
  if (!ValuesMatch(expected, *actual)) {
    outcome.failures.push_back("result node '" + node.name + "': expected " +
                               feel::ToDisplayString(expected) + ", actual " +
                               feel::ToDisplayString(*actual));
  }
}

Outcome RunCase(const dmn::Models& models, const TestFile& file, const TestCase& tc) {
  Outcome outcome;
  std::string model = ModelKey(file, tc);
  dmn::Inputs inputs;
  for (const InputNode& in : tc.inputs) {
    std::string in_model = InputModel(models, model, in);
    feel::Value v = ToValue(in.value, models.DeclaredType(in_model, in.name));
    if (in_model == model || in.ns.empty()) {
      inputs.values.Set(in.name, std::move(v));
    } else {
      inputs.by_namespace[in.ns].Set(in.name, std::move(v));
    }
  }

  if (tc.type == "decisionService" || tc.type == "bkm") {
    dmn::InvocableKind kind = tc.type == "bkm" ? dmn::InvocableKind::kBusinessKnowledgeModel
                                               : dmn::InvocableKind::kDecisionService;
    auto result = models.Invoke(model, kind, tc.invocable_name, inputs.values);
    if (!result) {
      outcome.failures.push_back(result.error().ToString());
      return outcome;
    }
    outcome.warnings = result->warnings;
    for (const ResultNode& node : tc.results) {
      const feel::Value* actual = result->Find(node.name);
      feel::Value whole;
      if (!actual && node.name == tc.invocable_name) {
        if (result->outputs.size() == 1) {
          actual = &result->outputs[0].second;
        } else {
          feel::Context c;
          for (const auto& [n, v] : result->outputs) c.Set(n, v);
          whole = feel::Value(std::move(c));
          actual = &whole;
        }
      }
      if (!actual && kind == dmn::InvocableKind::kBusinessKnowledgeModel &&
          !result->outputs.empty()) {
        actual = &result->outputs[0].second;
      }
      CompareTyped(models, model, node, actual, outcome);
    }
    outcome.passed = outcome.failures.empty();
    return outcome;
  }

  std::vector<std::string> names;
  for (const ResultNode& node : tc.results) {
    if (models.KindOf(model, node.name) == dmn::InvocableKind::kDecision) {
      names.push_back(node.name);
    } else {
      outcome.failures.push_back("result node '" + node.name + "': the model has no decision '" +
                                 node.name + "'");
    }
  }
  auto result = models.EvaluateDecisions(model, names, inputs);
  if (!result) {
    outcome.failures.push_back(result.error().ToString());
    return outcome;
  }
  outcome.warnings = result->warnings;
  for (const ResultNode& node : tc.results) {
    if (std::find(names.begin(), names.end(), node.name) == names.end()) continue;
    CompareTyped(models, model, node, result->Find(node.name), outcome);
  }
  outcome.passed = outcome.failures.empty();
  return outcome;
}

std::string CsvField(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out + "\"";
}

struct Tally {
  int passed = 0;
  int failed = 0;
};

}  // namespace

int Run(const RunOptions& options, std::ostream& out) {
  std::vector<Folder> folders = Discover(options.paths, out);
  std::ofstream csv;
  if (!options.csv_path.empty()) {
    csv.open(options.csv_path);
    if (!csv) {
      out << "tck: cannot write " << options.csv_path << "\n";
      return 2;
    }
  }
  std::map<std::string, Tally> levels;
  Tally total;
  for (const Folder& folder : folders) {
    std::string folder_name = folder.dir.filename().string();
    Tally& level = levels[folder.level];
    auto models = LoadFolder(folder.dir);
    if (options.verbose && models) {
      for (const dmn::Warning& w : models->load_warnings()) {
        out << "load warning: " << folder_name << ": " << w.element << ": " << w.message << "\n";
      }
    }
    for (const fs::path& test_path : folder.test_files) {
      std::string suite = test_path.stem().string();
      std::ifstream in(test_path, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      auto file = ParseTestFile(text.str());
      auto report = [&](const std::string& id, bool passed, const std::string& comment,
                        const std::vector<dmn::Warning>& warnings) {
        (passed ? level.passed : level.failed)++;
        (passed ? total.passed : total.failed)++;
        if (csv.is_open()) {
          csv << CsvField(folder_name) << "," << CsvField(suite) << "," << CsvField(id) << ","
              << CsvField(passed ? "SUCCESS" : "ERROR") << "," << CsvField(comment) << "\n";
        }
        if (!passed || options.verbose) {
          out << (passed ? "PASS " : "FAIL ") << folder.level << "/" << folder_name << "/"
              << test_path.filename().string() << " case " << id;
          if (!comment.empty()) out << ": " << comment;
          out << "\n";
          if (!passed && options.verbose) {
            for (const dmn::Warning& w : warnings) {
              out << "    warning: " << w.element << ": " << w.message << "\n";
            }
          }
        }
      };
      if (!file) {
        report("(file)", false, "cannot read the test file: " + file.error(), {});
        continue;
      }
      for (const TestCase& tc : file->cases) {
        if (!models) {
          report(tc.id, false, "the models do not load: " + models.error().ToString(), {});
          continue;
        }
        Outcome outcome;
        try {
          outcome = RunCase(*models, *file, tc);
        } catch (const std::exception& e) {
          outcome.passed = false;
          outcome.failures = {std::string("exception: ") + e.what()};
        } catch (...) {
          outcome.passed = false;
          outcome.failures = {"unknown exception"};
        }
        std::string comment;
        for (const std::string& f : outcome.failures) {
          if (!comment.empty()) comment += "; ";
          comment += f;
        }
        report(tc.id, outcome.passed, comment, outcome.warnings);
      }
    }
  }
  for (const auto& [name, tally] : levels) {
    int n = tally.passed + tally.failed;
    out << name << ": " << tally.passed << " passed, " << tally.failed << " failed";
    if (n > 0) out << " (" << (100 * tally.passed / n) << "%)";
    out << "\n";
  }
  out << "tck: " << total.passed << " passed, " << total.failed << " failed\n";
  if (total.passed + total.failed == 0) return 2;
  return total.failed == 0 ? 0 : 1;
}

}  // namespace tamga::tck

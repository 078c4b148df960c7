// `tamga policy simulate`: a draft version folder over the stored cases, before anyone approves it.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cases/case_store.h"
#include "cases/simulation.h"
#include "cli/commands.h"
#include "store/database.h"

namespace tamga::cli {
namespace {

// "FROM..TO" as two dates.
bool ParsePeriod(const std::string& text, cases::SimulationScope& scope, std::string& why) {
  size_t dots = text.find("..");
  if (dots == std::string::npos) {
    why = "--period wants FROM..TO, e.g. 2022-09-01..2022-12-31, not \"" + text + "\"";
    return false;
  }
  auto from = feel::ParseDate(text.substr(0, dots));
  auto to = feel::ParseDate(text.substr(dots + 2));
  if (!from || !to || text.substr(0, dots).size() != 10 || text.substr(dots + 2).size() != 10) {
    why = "--period: \"" + text + "\" is not two dates YYYY-MM-DD..YYYY-MM-DD";
    return false;
  }
  if (from->DaysSinceEpoch() > to->DaysSinceEpoch()) {
    why = "--period: " + text + " starts after it ends";
    return false;
  }
  scope.from = from;
  scope.to = to;
  return true;
}

void PrintCounts(const char* title, const std::map<std::string, int64_t>& counts) {
  if (counts.empty()) return;
  std::cout << title << ":\n";
  std::vector<std::pair<std::string, int64_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [key, count] : sorted)
    std::cout << "  " << (key.empty() ? "(none)" : key) << "  " << count << "\n";
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "none" : out;
}

}  // namespace

int PolicySimulate(const PolicySimulateOptions& options) {
  const char* me = "tamga policy simulate: ";
  auto draft = policy::ReadDraftFolder(options.draft_dir);
  if (!draft) {
    std::cerr << me << draft.error().ToString() << "\n";
    return 2;
  }
  cases::SimulationScope scope;
  if (!options.period.empty()) {
    std::string why;
    if (!ParsePeriod(options.period, scope, why)) {
      std::cerr << me << why << "\n";
      return 2;
    }
  }
  auto library = policy::Library::Load(options.policies_dir);
  if (!library) {
    std::cerr << me << library.error().ToString() << "\n";
    return 1;
  }
  auto with = library->WithDraft(*draft, library->Root());
  if (!with) {
    std::cerr << me << "the draft does not load beside " << options.policies_dir << ": "
              << with.error().ToString() << "\n";
    return 1;
  }
  auto version = with->InForce(draft->jurisdiction, draft->kind, draft->takes_effect);
  if (!version) {
    std::cerr << me << version.error().ToString() << "\n";
    return 1;
  }
  const std::string location = DatabaseLocation(options.data_dir, options.db);
  if (!store::Database::IsPostgresUrl(location) && !std::filesystem::exists(location)) {
    std::cerr << me << "no database at " << location << " (use --data DIR or --db URL)\n";
    return 1;
  }
  auto db = store::Database::Open(location);
  if (!db) {
    std::cerr << me << location << ": " << db.error().message << "\n";
    return 1;
  }
  auto store = cases::MakeSqlCaseStore(**db);
  int64_t total = 0;
  for (const cases::CaseScan& scan : cases::SimulationScans(*version, scope)) {
    auto count = store->CountScan(scan);
    if (!count) {
      std::cerr << me << count.error().message << "\n";
      return 1;
    }
    total += *count;
  }
  std::cout << "simulating " << version->id() << " ("
            << (version->applies_to == policy::AppliesTo::kPending
                    ? "applies to pending applications"
                    : "applies to applications filed from its date")
            << ") over the pending cases it would reach"
            << (scope.from ? " and the cases decided, filed " + options.period : "") << ": "
            << total << " cases\n";
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  int shown = -1;
  cases::SimulationOptions run;
  run.max_listed = static_cast<size_t>(std::max(0, options.list));
  run.progress = [&](int64_t done) {
    int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
    if (percent == shown || (!terminal && percent % 10 != 0)) return;
    shown = percent;
    constexpr int kWidth = 30;
    std::string bar(static_cast<size_t>(percent * kWidth / 100), '#');
    bar.resize(kWidth, '.');
    std::cerr << (terminal ? "\r" : "") << "[" << bar << "] " << percent << "% " << done << "/"
              << total << (terminal ? "" : "\n") << std::flush;
  };
  auto simulation = cases::Simulate(*store, *with, *version, scope, run);
  if (terminal && shown >= 0) std::cerr << "\n";
  if (!simulation) {
    std::cerr << me << simulation.error().message << "\n";
    return 1;
  }
  const cases::Simulation& s = *simulation;
  std::cout << "pending cases: " << s.pending << "; decided cases: " << (s.cases - s.pending)
            << "; changed: " << s.changed << "; could not be decided: " << s.errors << "\n";
  PrintCounts("changed by outcome", s.by_outcome);
  PrintCounts("changed by decisive ground", s.by_ground);
  PrintCounts("changed by citizenship", s.by_citizenship);
  PrintCounts("changed by filing month", s.by_month);
  if (!s.changed_cases.empty()) {
    std::cout << "changed cases"
              << (s.listed_all ? ""
                               : " (the first " + std::to_string(s.changed_cases.size()) +
                                     "; --list N for more)")
              << ":\n";
    for (const cases::SimulatedCase& c : s.changed_cases) {
      std::cout << "  " << c.number << "  " << cases::StateName(c.state) << "  "
                << feel::ToString(c.filing_date) << "  " << Join(c.citizenships) << "  ";
      if (!c.error.empty()) {
        std::cout << "error: " << c.error << "\n";
        continue;
      }
      std::cout << (c.current.outcome.empty() ? "none" : c.current.outcome) << " -> "
                << c.simulated.outcome << " (missing: " << Join(c.simulated.missing_documents)
                << ")\n";
    }
  }
  std::cout << "simulate: " << s.cases << " cases, " << s.changed << " changed\n";
  return 0;
}

}  // namespace tamga::cli

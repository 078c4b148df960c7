// A law change simulated over a national caseload (issue 12): generates N stored cases of Kazakh
// temporary residence in a fresh SQLite database (synthetic applicants, each decided under the
// version in force with its trace, as intake stores them), then times cases::Simulate of a draft
// that requires a medical certificate from 2027-03-01 over every pending case and the cases decided
// in a year. Prints generation and simulation time, cases/s and the goal (1,000,000 in < 10 s).
//
//   tamga_simulation_bench [--cases N] [--threads T] [--repeat R]
//
// The cases are made by bench/case_generator.h.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_args.h"
#include "case_generator.h"
#include "cases/case_store.h"
#include "cases/service.h"
#include "cases/simulation.h"
#include "policy/policy.h"
#include "store/database.h"

namespace {

using namespace tamga;
using Clock = std::chrono::steady_clock;

using bench::Arg;
using bench::Seconds;

// The draft: KZ temporary residence as in force, plus a medical certificate from 2027-03-01 that
// applies to pending applications.
std::expected<policy::Draft, std::string> MedicalCertificateDraft(const policy::Library& library,
                                                                  const policy::Version& v) {
  policy::Draft d;
  d.jurisdiction = v.jurisdiction;
  d.kind = v.kind;
  d.takes_effect = feel::Date{2027, 3, 1};
  d.title = v.title + " (medical certificate)";
  d.legal_basis = v.legal_basis;
  d.applies_to = policy::AppliesTo::kPending;
  d.decision = v.decision;
  d.deadline_days = v.deadline_days;
  d.purposes = v.purposes;
  d.documents = v.documents;
  d.documents["medical-certificate"] = {{"en", "Medical certificate"},
                                        {"ru", "Медицинская справка"}};
  d.refusal_form = v.refusal_form;
  for (const policy::VersionFile& f : library.Files(v)) {
    if (!f.name.ends_with(".dmn")) continue;
    std::string xml = f.content;
    const std::string passport = "<outputEntry><text>\"passport\"</text></outputEntry>";
    size_t at = xml.find(passport);
    if (at != std::string::npos) {
      size_t end = xml.find("</rule>", at) + 7;
      xml.insert(end, R"(
      <rule id="kz-tr-medical">
        <inputEntry><text>"temporary-residence"</text></inputEntry>
        <outputEntry><text>"medical-certificate"</text></outputEntry>
        <annotationEntry><text>A medical certificate is required from 2027-03-01.</text></annotationEntry>
        <annotationEntry><text>Illustrative order of 2027-03-01, item 1</text></annotationEntry>
        <annotationEntry><text>С 2027-03-01 требуется медицинская справка.</text></annotationEntry>
        <annotationEntry><text>Иллюстративный приказ от 2027-03-01, пункт 1</text></annotationEntry>
      </rule>)");
    }
    d.models.push_back({f.name, std::move(xml)});
  }
  if (d.models.empty()) return std::unexpected("no models in " + v.id());
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = Arg(argc, argv, "--cases", 1'000'000);
  const int threads = Arg(argc, argv, "--threads", 0);
  namespace fs = std::filesystem;
  const bench::ScratchDir scratch("tamga-simulation-bench");
  const fs::path& dir = scratch.path;

  auto library = policy::Library::Load(fs::path(TAMGA_SOURCE_DIR) / "policies");
  if (!library) {
    std::fprintf(stderr, "%s\n", library.error().ToString().c_str());
    return 1;
  }
  auto in_force = library->InForce("KZ", "temporary-residence", feel::Date{2022, 9, 1});
  if (!in_force) {
    std::fprintf(stderr, "%s\n", in_force.error().ToString().c_str());
    return 1;
  }
  auto draft = MedicalCertificateDraft(*library, *in_force);
  if (!draft) {
    std::fprintf(stderr, "%s\n", draft.error().c_str());
    return 1;
  }
  auto with = library->WithDraft(*draft, library->Root());
  if (!with) {
    std::fprintf(stderr, "the draft does not load: %s\n", with.error().ToString().c_str());
    return 1;
  }
  auto draft_version = with->InForce("KZ", "temporary-residence", draft->takes_effect);

  auto db = store::Database::Open((dir / "tamga.db").string());
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().message.c_str());
    return 1;
  }
  auto schema = cases::Schema();
  if (auto ok = (*db)->Migrate(schema); !ok) {
    std::fprintf(stderr, "%s\n", ok.error().message.c_str());
    return 1;
  }

  std::printf("simulation: generating %d stored KZ temporary-residence cases...\n", n);
  std::fflush(stdout);
  auto generated = bench::GenerateCases(**db, *library, n, threads);
  if (!generated) {
    std::fprintf(stderr, "%s\n", generated.error().c_str());
    return 1;
  }
  const int64_t pending_expected = generated->pending;
  std::printf(
      "simulation: generated %d cases in %.1f s (%.0f cases/s), %lld pending, database "
      "%.0f MB\n",
      n, generated->seconds, n / generated->seconds, static_cast<long long>(pending_expected),
      static_cast<double>(fs::file_size(dir / "tamga.db")) / 1e6);

  auto store = cases::MakeSqlCaseStore(**db);
  cases::SimulationScope scope;
  scope.from = feel::Date{2022, 9, 1};
  scope.to = feel::Date{2023, 8, 31};
  cases::SimulationOptions options;
  options.threads = threads;
  // --repeat R runs the simulation R times and reports the fastest (a profile of it alone).
  const int repeat = std::max(1, Arg(argc, argv, "--repeat", 1));
  double took = 1e300;
  std::expected<cases::Simulation, cases::Error> simulation;
  for (int r = 0; r < repeat; ++r) {
    const auto simulating = Clock::now();
    simulation = cases::Simulate(*store, *with, *draft_version, scope, options);
    took = std::min(took, Seconds(simulating));
  }
  if (!simulation) {
    std::fprintf(stderr, "%s\n", simulation.error().message.c_str());
    return 1;
  }
  // What reading the cases alone costs (the store's scans, each case parsed), beside deciding them.
  const auto reading = Clock::now();
  int64_t read = 0;
  for (const cases::CaseScan& scan : cases::SimulationScans(*draft_version, scope)) {
    auto ok = store->Scan(
        scan, [&](std::vector<cases::Case>& batch) -> std::expected<void, cases::Error> {
          read += static_cast<int64_t>(batch.size());
          return {};
        });
    if (!ok) {
      std::fprintf(stderr, "%s\n", ok.error().message.c_str());
      return 1;
    }
  }
  std::printf("simulation: reading the %lld cases alone takes %.2f s\n",
              static_cast<long long>(read), Seconds(reading));
  if (simulation->cases != n || simulation->pending != pending_expected) {
    std::fprintf(stderr, "simulated %lld cases (%lld pending), generated %d (%lld pending)\n",
                 static_cast<long long>(simulation->cases),
                 static_cast<long long>(simulation->pending), n,
                 static_cast<long long>(pending_expected));
    return 1;
  }
  std::printf(
      "simulation: %lld cases (%lld pending, %lld decided) simulated in %.2f s "
      "(%.0f cases/s), %lld changed; goal for 1,000,000: < 10 s (%s)\n",
      static_cast<long long>(simulation->cases), static_cast<long long>(simulation->pending),
      static_cast<long long>(simulation->cases - simulation->pending), took,
      simulation->cases / took, static_cast<long long>(simulation->changed),
      n >= 1'000'000
          ? (took < 10 ? "met" : "missed")
          : ("projected " + std::to_string(static_cast<int>(1e6 / (n / took))) + " s").c_str());
  return 0;
}

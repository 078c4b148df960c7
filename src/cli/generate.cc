// `tamga demo generate`: a synthetic caseload written straight to the store (cases::GenerateCases).
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cases/case_store.h"
#include "cases/demo.h"
#include "cli/commands.h"
#include "policy/policy.h"
#include "store/database.h"

namespace tamga::cli {

int DemoGenerate(const DemoGenerateOptions& options) {
  const char* me = "tamga demo generate: ";
  if (options.cases < 1) {
    std::cerr << me << "--cases must be at least 1\n";
    return 2;
  }
  auto library = policy::Library::Load(options.policies_dir);
  if (!library) {
    std::cerr << me << library.error().ToString() << "\n";
    return 1;
  }
  std::error_code ec;
  if (options.db.empty()) std::filesystem::create_directories(options.data_dir, ec);
  const std::string location = DatabaseLocation(options.data_dir, options.db);
  auto db = store::Database::Open(location);
  if (!db) {
    std::cerr << me << location << ": " << db.error().message << "\n";
    return 1;
  }
  if (auto migrated = (*db)->Migrate(cases::Schema()); !migrated) {
    std::cerr << me << "schema migration: " << migrated.error().message << "\n";
    return 1;
  }
  auto store = cases::MakeSqlCaseStore(**db);
  cases::GenerateOptions generate;
  generate.cases = options.cases;
  generate.seed = options.seed;
  generate.batch = options.batch;
  generate.progress = [&](int64_t stored) {
    std::fprintf(stderr, "\r%s%lld of %lld cases", me, static_cast<long long>(stored),
                 static_cast<long long>(options.cases));
  };
  auto summary = cases::GenerateCases(*store, *library, generate);
  std::fputc('\n', stderr);
  if (!summary) {
    const cases::Error& e = summary.error();
    std::cerr << me << (e.field.empty() ? "" : e.field + ": ") << e.message << "\n";
    return 1;
  }
  // The planner's statistics (and PostgreSQL's visibility map) for the rows just written, so the
  // first queue read after a generation is as quick as the rest.
  if (auto tidied = (*db)->AfterBulkLoad(); !tidied) {
    std::cerr << me << "after the load: " << tidied.error().message << "\n";
    return 1;
  }
  for (const auto& [state, n] : summary->by_state) std::cout << "  " << state << ": " << n << "\n";
  std::printf("generated %lld cases in %.1f s (%.0f cases/s) into %s\n",
              static_cast<long long>(summary->cases), summary->seconds,
              summary->seconds > 0 ? static_cast<double>(summary->cases) / summary->seconds : 0.0,
              (*db)->Location().c_str());
  return 0;
}

}  // namespace tamga::cli

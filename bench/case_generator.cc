#include "case_generator.h"

#include <chrono>

#include "cases/case_store.h"
#include "cases/demo.h"

namespace tamga::bench {

std::expected<Generated, std::string> GenerateCases(store::Database& db,
                                                    const policy::Library& library, int64_t n,
                                                    int threads) {
  auto store = cases::MakeSqlCaseStore(db);
  cases::GenerateOptions options;
  options.cases = n;
  options.seed = 20220921;
  options.threads = threads;
  options.batch = 10'000;
  options.kinds = {{"KZ", "temporary-residence"}};
  auto generated = cases::GenerateCases(*store, library, options);
  if (!generated) return std::unexpected(generated.error().message);
  const auto start = std::chrono::steady_clock::now();
  if (auto after = db.AfterBulkLoad(); !after) return std::unexpected(after.error().message);
  const std::chrono::duration<double> after = std::chrono::steady_clock::now() - start;
  return Generated{generated->cases, generated->pending, generated->seconds, after.count()};
}

}  // namespace tamga::bench

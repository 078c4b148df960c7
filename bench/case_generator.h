// Synthetic stored cases for the benchmarks that need a national caseload (the simulation and the
// queue): Kazakh temporary-residence applicants filed between 2022-09-01 and 2023-08-31, each
// checked and decided under the version in force with its trace and stored as intake stores it
// (cases::GenerateCases through CaseStore::CreateMany: audit entries, counters, screening
// records), 60% still pending.
#pragma once

#include <cstdint>
#include <string>

#include "policy/policy.h"
#include "store/database.h"

namespace tamga::bench {

struct Generated {
  int64_t cases = 0;
  int64_t pending = 0;
  double seconds = 0;        // writing the cases
  double after_seconds = 0;  // Database::AfterBulkLoad, as tamga demo generate ends
};

// Writes `n` cases into `db` (migrated to cases::Schema()), decided under `library` on `threads`
// threads, then refreshes the database after the load as `tamga demo generate` does. Fails with a
// message on the first error.
std::expected<Generated, std::string> GenerateCases(store::Database& db,
                                                    const policy::Library& library, int64_t n,
                                                    int threads);

}  // namespace tamga::bench

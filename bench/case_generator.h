// Synthetic stored cases for the benchmarks that need a national caseload (the simulation and the
// queue): Kazakh temporary-residence applicants filed between 2022-09-01 and 2023-08-31, each
// decided under the version in force with its trace as intake stores it, 60% still pending.
// Rows are written straight into cases and case_inputs (10,000 per transaction), not through
// CaseStore::Create with its audit chain: the benchmarks read those tables, and intake speed is
// bench/intake_bench.cc's.
#pragma once

#include <cstdint>
#include <string>

#include "policy/policy.h"
#include "store/database.h"

namespace tamga::bench {

struct Generated {
  int64_t cases = 0;
  int64_t pending = 0;
  double seconds = 0;
};

// Writes `n` cases into `db` (migrated to cases::Schema()), decided by `version` of `library` on
// `threads` threads. Fails with a message on the first error.
std::expected<Generated, std::string> GenerateCases(store::Database& db,
                                                    const policy::Library& library,
                                                    const policy::Version& version, int n,
                                                    int threads);

}  // namespace tamga::bench

// The officer's queue, the supervisor's stats and case reads at national scale (issue 13): N stored
// cases generated (bench/case_generator.h) in a fresh SQLite database, then each query timed
// through CaseStore as the API calls it, repeated, with p50 and p99 printed beside the goals.
//
//   tamga_queue_bench [--cases N] [--repeat R] [--pages P] [--postgres CLUSTER_URL]
//
// Queries: the queue's first page in one jurisdiction (overdue first, then by deadline), a page
// filtered by state and one by citizenship, page P reached by following the cursors (each step
// timed), the stats of one jurisdiction over 90 days, and a case read by number.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "bench_args.h"
#include "case_generator.h"
#include "cases/case_store.h"
#include "policy/policy.h"
#include "store/database.h"
#include "store/test_database.h"

namespace {

using namespace tamga;
using Clock = std::chrono::steady_clock;

struct Timing {
  double p50_ms = 0;
  double p99_ms = 0;
};

Timing Percentiles(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))];
  };
  return {at(0.5), at(0.99)};
}

// Runs `query` `repeat` times; fails on its first error.
std::expected<Timing, std::string> Time(
    int repeat, const std::function<std::expected<void, std::string>()>& query) {
  std::vector<double> ms;
  for (int i = 0; i < repeat; ++i) {
    const auto start = Clock::now();
    if (auto ok = query(); !ok) return std::unexpected(ok.error());
    ms.push_back(bench::Seconds(start) * 1e3);
  }
  return Percentiles(std::move(ms));
}

void Row(const char* what, const Timing& t, double goal_ms) {
  std::printf("queue: %-44s p50 %8.2f ms  p99 %8.2f ms  goal p99 < %3.0f ms  %s\n", what, t.p50_ms,
              t.p99_ms, goal_ms, t.p99_ms < goal_ms ? "met" : "missed");
}

}  // namespace

int main(int argc, char** argv) {
  const int n = bench::Arg(argc, argv, "--cases", 100'000);
  const int repeat = std::max(1, bench::Arg(argc, argv, "--repeat", 50));
  const int pages = std::max(2, bench::Arg(argc, argv, "--pages", 1000));
  namespace fs = std::filesystem;
  const bench::ScratchDir scratch("tamga-queue-bench");
  const fs::path& dir = scratch.path;
  auto fail = [](const std::string& message) {
    std::fprintf(stderr, "queue: %s\n", message.c_str());
    return 1;
  };

  auto library = policy::Library::Load(fs::path(TAMGA_SOURCE_DIR) / "policies");
  if (!library) return fail(library.error().ToString());
  // SQLite in the scratch folder, or a fresh schema in the PostgreSQL cluster at --postgres.
  std::string location = (dir / "tamga.db").string();
  if (const std::string cluster = bench::TextArg(argc, argv, "--postgres", ""); !cluster.empty()) {
    auto schema = store::NewTestSchema(cluster);
    if (!schema) return fail(schema.error().message);
    location = *schema;
  }
  std::printf("queue: on %s\n", store::Database::IsPostgresUrl(location) ? "PostgreSQL" : "SQLite");
  auto db = store::Database::Open(location);
  if (!db) return fail(db.error().message);
  if (auto ok = (*db)->Migrate(cases::Schema()); !ok) return fail(ok.error().message);
  std::printf("queue: generating %d stored cases...\n", n);
  std::fflush(stdout);
  auto generated = bench::GenerateCases(**db, *library, n, 0);
  if (!generated) return fail(generated.error());
  std::printf("queue: generated %d cases in %.1f s (%.0f cases/s), then %.1f s after the load\n", n,
              generated->seconds, n / generated->seconds, generated->after_seconds);
  // As a server started on this database would find it (statistics refreshed on open).
  db->reset();
  db = store::Database::Open(location);
  if (!db) return fail(db.error().message);
  auto store = cases::MakeSqlCaseStore(**db);

  const feel::Date today{2023, 9, 1};
  auto list = [&](cases::CaseFilter f) -> std::expected<void, std::string> {
    f.today = today;
    f.jurisdictions = {"KZ"};
    f.page_size = 25;
    auto page = store->List(f);
    if (!page) return std::unexpected(page.error().message);
    if (page->cases.empty()) return std::unexpected("an empty page");
    return {};
  };
  auto first = Time(repeat, [&] { return list({}); });
  if (!first) return fail(first.error());
  Row("queue, first page (one jurisdiction)", *first, 20);
  cases::CaseFilter by_state;
  by_state.state = cases::State::kReadyForReview;
  auto state = Time(repeat, [&] { return list(by_state); });
  if (!state) return fail(state.error());
  Row("queue filtered by state, first page", *state, 20);
  cases::CaseFilter by_citizenship;
  by_citizenship.citizenship = "ARM";
  auto citizenship = Time(repeat, [&] { return list(by_citizenship); });
  if (!citizenship) return fail(citizenship.error());
  Row("queue filtered by citizenship, first page", *citizenship, 20);

  // Page `pages` by the cursors: every step timed.
  std::vector<double> steps;
  cases::CaseFilter walk;
  walk.today = today;
  walk.jurisdictions = {"KZ"};
  walk.page_size = 25;
  int reached = 0;
  for (; reached < pages; ++reached) {
    const auto start = Clock::now();
    auto page = store->List(walk);
    steps.push_back(bench::Seconds(start) * 1e3);
    if (!page) return fail(page.error().message);
    if (page->next.empty()) break;
    walk.after = page->next;
  }
  Row(("queue, pages 1.." + std::to_string(reached) + " by cursor").c_str(), Percentiles(steps),
      20);

  cases::StatsQuery stats_query;
  stats_query.jurisdictions = {"KZ"};
  stats_query.today = today;
  auto stats = Time(std::max(1, repeat / 10), [&]() -> std::expected<void, std::string> {
    auto s = store->Stats(stats_query);
    if (!s) return std::unexpected(s.error().message);
    return {};
  });
  if (!stats) return fail(stats.error());
  Row("stats, one jurisdiction, 90 days", *stats, 50);

  // The store numbers cases per filing year: KZ-<year>-<1..last of that year>.
  std::vector<std::pair<std::string, int64_t>> years;
  {
    auto tx = (*db)->BeginRead();
    if (!tx) return fail(tx.error().message);
    auto rows = tx->Query("SELECT year, last_seq FROM case_numbers WHERE jurisdiction = 'KZ'");
    if (!rows || rows->empty()) return fail("no case numbers");
    for (const store::Row& r : *rows) years.emplace_back(r.Text(0), r.Int(1));
  }
  std::mt19937_64 rng(13);
  auto read = Time(repeat * 4, [&]() -> std::expected<void, std::string> {
    const auto& [year, last] = years[rng() % years.size()];
    char number[64];
    std::snprintf(number, sizeof number, "KZ-%s-%06lld", year.c_str(),
                  static_cast<long long>(1 + rng() % static_cast<uint64_t>(last)));
    if (auto c = store->Load(number); !c) return std::unexpected(c.error().message);
    return {};
  });
  if (!read) return fail(read.error());
  Row("case read by number", *read, 2);
  return 0;
}

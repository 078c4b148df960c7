// Intake under load: concurrent clients on loopback submit applications to a real `tamga serve`
// stack (HTTP, JSON validation, decision under the policy in force, SQLite commit, audit entry) and
// measure applications per second and latency percentiles. Bounded: a fixed number of requests per
// client and a time limit.
//
//   tamga_intake_bench [--clients N] [--requests-per-client M] [--seconds S]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/http.h"
#include "api/server.h"
#include "cases/case_store.h"
#include "cases/screening.h"
#include "cases/service.h"
#include "watchlist/watchlist.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string Application(int client, int i) {
  // Filed now (the server fixes the filing time) without the consent of the state of citizenship:
  // documents-missing for KZ, the path that exercises the policy's grounds and issues a notice;
  // every fifth is an LV visa (refused for a citizen of Russia). Names repeat (as common names
  // do) with different birth dates, so screening compares each with earlier namesakes.
  static const char* kSurnames[][2] = {{"IVANOV", "Иванов"},      {"SMIRNOV", "Смирнов"},
                                       {"KUZNETSOV", "Кузнецов"}, {"POPOV", "Попов"},
                                       {"VASILEV", "Васильев"},   {"SOKOLOV", "Соколов"},
                                       {"MIKHAILOV", "Михайлов"}, {"NOVIKOV", "Новиков"}};
  static const char* kGiven[][2] = {
      {"IVAN", "Иван"},     {"SERGEI", "Сергей"}, {"ANDREI", "Андрей"}, {"DMITRII", "Дмитрий"},
      {"MAKSIM", "Максим"}, {"ILIA", "Илья"},     {"KIRILL", "Кирилл"}};
  bool lv = (i % 5) == 0;
  int n = client * 100000 + i;
  const auto& surname = kSurnames[n % 8];
  const auto& given = kGiven[(n / 8) % 7];
  char body[1024];
  std::snprintf(body, sizeof body,
                R"({"jurisdiction":"%s","kind":"%s","purpose":"%s",)"
                R"("applicant":{"surname":"%s","givenNames":"%s","nativeName":"%s %s",)"
                R"("birthDate":"%04d-%02d-%02d","sex":"M","citizenships":["RUS"],)"
                R"("passport":{"number":"75%07d","issuingState":"RUS","expiry":"2030-01-01"}}})",
                lv ? "LV" : "KZ", lv ? "visa" : "permanent-residence",
                lv ? "business" : "employment", surname[0], given[0], surname[1], given[1],
                1950 + (n / 56) % 50, 1 + (n / 7) % 12, 1 + n % 28, n);
  return body;
}

int Arg(int argc, char** argv, const char* name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == name) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tamga;
  const int clients = Arg(argc, argv, "--clients", 8);
  const int per_client = Arg(argc, argv, "--requests-per-client", 250);
  const int seconds = Arg(argc, argv, "--seconds", 60);

  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tamga-intake-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto policies = policy::Library::Load(TAMGA_SOURCE_DIR "/policies");
  auto db = store::Database::OpenSqlite((dir / "tamga.db").string());
  if (!policies || !db) {
    std::fprintf(stderr, "intake bench: cannot set up the server\n");
    return 1;
  }
  auto schema = cases::Schema();
  if (!(*db)->Migrate(schema)) return 1;
  auto accounts = api::Accounts::Open(**db);
  if (!accounts) return 1;
  auto store = cases::MakeSqlCaseStore(**db);
  cases::FileStore files((dir / "files").string());
  policy::Registry registry(*policies);
  // Screening as `tamga serve --demo` does it: the demo watchlists and every earlier application.
  for (const char* list : {"lv-entry-bans", "kz-wanted"}) {
    std::ifstream in(std::string(TAMGA_SOURCE_DIR "/demo/watchlists/") + list + ".csv");
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = watchlist::ParseCsv(text.str());
    watchlist::ImportRequest request{
        list,    watchlist::ListKind::kEntryBan, "demo", std::vector<std::string>{"*"}, "csv", "",
        "bench", "2022-09-26T10:00:00.000Z"};
    if (!parsed || !watchlist::Import(**db, request, *parsed)) return 1;
  }
  cases::Screener screener(**db, *store);
  if (!screener.Load()) return 1;
  cases::CaseService service(
      *store, registry, files, [] { return std::string("2022-09-26T10:00:00.000Z"); },
      "http://127.0.0.1:8080", &screener);
  api::ServerOptions options;
  options.threads = clients;
  // Every client submits from 127.0.0.1, far past the per-address limit of anonymous submissions.
  options.rate_limits = api::RateLimits::Off();
  api::Server server(options, service, registry, **accounts);
  auto port = server.Start();
  if (!port) {
    std::fprintf(stderr, "intake bench: %s\n", port.error().c_str());
    return 1;
  }

  std::vector<std::vector<double>> latencies(clients);
  std::atomic<int> failures{0};
  const auto deadline = Clock::now() + std::chrono::seconds(seconds);
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", *port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      for (int i = 0; i < per_client && Clock::now() < deadline; ++i) {
        auto t0 = Clock::now();
        auto res = client.Post("/api/v1/applications", Application(c, i), "application/json");
        auto t1 = Clock::now();
        if (!res || res->status != 201) {
          failures++;
          continue;
        }
        latencies[c].push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      }
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  server.Stop();

  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))];
  };
  std::printf(
      "intake: %d clients, %zu applications committed in %.2f s: %.0f applications/s; "
      "latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d failed\n",
      clients, all.size(), elapsed, all.size() / elapsed, pct(0.50), pct(0.99),
      all.empty() ? 0.0 : all.back(), failures.load());
  std::filesystem::remove_all(dir);
  return failures.load() == 0 && !all.empty() ? 0 : 1;
}

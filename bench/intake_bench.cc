// Intake under load: concurrent clients on loopback submit applications to a real `tamga serve`
// stack (HTTP, JSON validation, decision under the policy in force, commit, audit entry) and
// measure applications per second and latency percentiles. Bounded: a fixed number of requests per
// client and a time limit.
//
//   tamga_intake_bench [--clients N] [--requests-per-client M] [--seconds S] [--postgres URL]
//
// With --postgres (a cluster's URL; a fresh schema is made for each run) the same load runs on
// SQLite with one instance, then on PostgreSQL with one and with two instances, and the figures are
// printed side by side with what PostgreSQL's backends spent their time on.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/http.h"
#include "api/server.h"
#include "bench_args.h"
#include "cases/case_store.h"
#include "cases/screening.h"
#include "cases/service.h"
#include "policy/policy.h"
#include "store/database.h"
#include "store/test_database.h"
#include "watchlist/watchlist.h"

namespace {

using namespace tamga;
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

using bench::Arg;

std::string TextArg(int argc, char** argv, const char* name) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == name) return argv[i + 1];
  }
  return "";
}

// One `tamga serve` as serve.cc assembles it: its own connection (pool) to the database, case
// store, screener and server on its own port. Instances on one database share nothing else.
struct Instance {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<api::Accounts> accounts;
  std::unique_ptr<cases::CaseStore> store;
  std::unique_ptr<cases::FileStore> files;
  std::unique_ptr<policy::Registry> registry;
  std::unique_ptr<cases::Screener> screener;
  std::unique_ptr<cases::CaseService> service;
  std::unique_ptr<api::Server> server;
  int port = 0;
};

bool ImportDemoWatchlists(store::Database& db) {
  for (const char* list : {"lv-entry-bans", "kz-wanted"}) {
    std::ifstream in(std::string(TAMGA_SOURCE_DIR "/demo/watchlists/") + list + ".csv");
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = watchlist::ParseCsv(text.str());
    watchlist::ImportRequest request{
        list,    watchlist::ListKind::kEntryBan, "demo", std::vector<std::string>{"*"}, "csv", "",
        "bench", "2022-09-26T10:00:00.000Z"};
    if (!parsed || !watchlist::Import(db, request, *parsed)) return false;
  }
  return true;
}

std::unique_ptr<Instance> StartInstance(const std::string& location,
                                        const policy::Library& policies,
                                        const std::filesystem::path& files_dir, int threads,
                                        bool first) {
  auto instance = std::make_unique<Instance>();
  auto db = store::Database::Open(location);
  if (!db) {
    std::fprintf(stderr, "intake bench: %s\n", db.error().message.c_str());
    return nullptr;
  }
  instance->db = *std::move(db);
  auto schema = cases::Schema();
  if (auto migrated = instance->db->Migrate(schema); !migrated) {
    std::fprintf(stderr, "intake bench: %s\n", migrated.error().message.c_str());
    return nullptr;
  }
  auto accounts = api::Accounts::Open(*instance->db);
  if (!accounts) return nullptr;
  instance->accounts = *std::move(accounts);
  // Screening as `tamga serve --demo` does it: the demo watchlists and every earlier application.
  if (first && !ImportDemoWatchlists(*instance->db)) return nullptr;
  instance->store = cases::MakeSqlCaseStore(*instance->db);
  instance->files = std::make_unique<cases::FileStore>(files_dir.string());
  instance->registry = std::make_unique<policy::Registry>(policies);
  instance->screener = std::make_unique<cases::Screener>(*instance->db, *instance->store);
  if (!instance->screener->Load()) return nullptr;
  instance->service = std::make_unique<cases::CaseService>(
      *instance->store, *instance->registry, *instance->files,
      [] { return std::string("2022-09-26T10:00:00.000Z"); }, "http://127.0.0.1:8080",
      instance->screener.get());
  api::ServerOptions options;
  options.threads = threads;
  // Every client submits from 127.0.0.1, far past the per-address limit of anonymous submissions.
  options.rate_limits = api::RateLimits::Off();
  instance->server = std::make_unique<api::Server>(options, *instance->service, *instance->registry,
                                                   *instance->accounts);
  auto port = instance->server->Start();
  if (!port) {
    std::fprintf(stderr, "intake bench: %s\n", port.error().c_str());
    return nullptr;
  }
  instance->port = *port;
  return instance;
}

// What PostgreSQL's client backends were doing while the load ran, sampled from pg_stat_activity
// every 10 ms on a connection of its own: on CPU, waiting for a row lock another transaction holds
// (Lock), for the WAL to reach the disk (IO/WALSync, IPC), or idle inside a transaction while
// tamga works between statements. Averages: backends in each state at any moment.
class ActivitySampler {
 public:
  explicit ActivitySampler(const std::string& url) {
    auto db = store::Database::OpenPostgres(url, 1);
    if (!db) return;
    db_ = *std::move(db);
    thread_ = std::thread([this] { Run(); });
  }
  ~ActivitySampler() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::string Report() const {
    if (samples_ == 0) return "no samples";
    std::vector<std::pair<double, std::string>> shares;
    for (const auto& [state, count] : counts_)
      shares.push_back({static_cast<double>(count) / samples_, state});
    std::sort(shares.rbegin(), shares.rend());
    std::string out;
    for (const auto& [share, state] : shares) {
      if (share < 0.05) continue;
      char line[160];
      std::snprintf(line, sizeof line, "%s%s %.2f", out.empty() ? "" : ", ", state.c_str(), share);
      out += line;
    }
    return out;
  }

 private:
  void Run() {
    while (!stop_) {
      auto tx = db_->Begin();
      if (!tx) break;
      auto rows = tx->Query(
          "SELECT CASE WHEN state = 'idle in transaction' THEN 'in transaction, waiting for "
          "tamga' WHEN wait_event_type IS NULL THEN 'on CPU' ELSE wait_event_type || '/' || "
          "wait_event END, COUNT(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
          "AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction') "
          "GROUP BY 1");
      (void)tx->Commit();
      if (!rows) break;
      ++samples_;
      for (const store::Row& r : *rows) counts_[r.Text(0)] += r.Int(1);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  std::unique_ptr<store::Database> db_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  int64_t samples_ = 0;
  std::map<std::string, int64_t> counts_;
};

// CPU time (user and system) used so far by every process whose command name is `comm`, in
// seconds (for PostgreSQL's server processes; a backend that exits takes its time with it, but
// the pools' backends live through a run).
double ProcessesCpuSeconds(const std::string& comm) {
  double ticks = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    std::ifstream in(entry.path() / "stat");
    std::string line;
    if (!std::getline(in, line)) continue;
    size_t open = line.find('('), close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    if (line.substr(open + 1, close - open - 1) != comm) continue;
    std::istringstream fields(line.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; fields >> field; ++i) {  // field 3 is the state; 14 utime, 15 stime
      if (i == 14) utime = std::atof(field.c_str());
      if (i == 15) {
        stime = std::atof(field.c_str());
        break;
      }
    }
    ticks += utime + stime;
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double OwnCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Result {
  std::string name;
  size_t committed = 0;
  double elapsed = 0, p50 = 0, p99 = 0, max = 0;
  int failures = 0;
  std::string activity;
  double tamga_cpu = 0, postgres_cpu = 0;  // seconds during the run
};

// Runs the load against `instances` servers on the database at `location` (clients split across
// them round-robin).
std::optional<Result> Run(const std::string& name, const std::string& location, int instances,
                          int clients, int per_client, int seconds) {
  auto policies = policy::Library::Load(TAMGA_SOURCE_DIR "/policies");
  if (!policies) {
    std::fprintf(stderr, "intake bench: %s\n", policies.error().ToString().c_str());
    return std::nullopt;
  }
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tamga-intake-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string where =
      store::Database::IsPostgresUrl(location) ? location : (dir / location).string();
  std::vector<std::unique_ptr<Instance>> servers;
  for (int i = 0; i < instances; ++i) {
    // The server's threads split between the instances, as on one machine.
    auto instance =
        StartInstance(where, *policies, dir / "files", std::max(2, clients / instances), i == 0);
    if (!instance) return std::nullopt;
    servers.push_back(std::move(instance));
  }
  std::optional<ActivitySampler> sampler;
  if (store::Database::IsPostgresUrl(location)) sampler.emplace(location);

  std::vector<std::vector<double>> latencies(clients);
  std::atomic<int> failures{0};
  const double tamga_cpu = OwnCpuSeconds(), postgres_cpu = ProcessesCpuSeconds("postgres");
  const auto deadline = Clock::now() + std::chrono::seconds(seconds);
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", servers[c % servers.size()]->port);
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
  Result result;
  result.name = name;
  result.elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  result.tamga_cpu = OwnCpuSeconds() - tamga_cpu;
  result.postgres_cpu = ProcessesCpuSeconds("postgres") - postgres_cpu;
  if (sampler) {
    sampler->Stop();
    result.activity = sampler->Report();
  }
  for (auto& s : servers) s->server->Stop();
  servers.clear();
  std::filesystem::remove_all(dir);

  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))];
  };
  result.committed = all.size();
  result.p50 = pct(0.50);
  result.p99 = pct(0.99);
  result.max = all.empty() ? 0.0 : all.back();
  result.failures = failures.load();
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tamga;
  const int clients = Arg(argc, argv, "--clients", 8);
  const int per_client = Arg(argc, argv, "--requests-per-client", 250);
  const int seconds = Arg(argc, argv, "--seconds", 60);
  // A PostgreSQL cluster's URL (scripts/run-bench passes the throwaway one of with-postgres): the
  // load runs on SQLite, then on PostgreSQL with one and with two instances.
  const std::string pg = TextArg(argc, argv, "--postgres");

  std::vector<Result> results;
  auto run = [&](const std::string& name, const std::string& location, int instances) {
    auto r = Run(name, location, instances, clients, per_client, seconds);
    if (r) results.push_back(*std::move(r));
    return r.has_value();
  };
  if (!run("SQLite, 1 instance", "tamga.db", 1)) return 1;
  if (!pg.empty()) {
    for (int instances : {1, 2}) {
      auto schema = store::NewTestSchema(pg);  // a fresh schema in the cluster for each run
      if (!schema) {
        std::fprintf(stderr, "intake bench: %s\n", schema.error().message.c_str());
        return 1;
      }
      if (!run(
              "PostgreSQL, " + std::to_string(instances) + " instance" + (instances > 1 ? "s" : ""),
              *schema, instances))
        return 1;
    }
  }

  std::printf(
      "intake: %d clients on loopback, up to %d applications each (each decided, screened, "
      "committed with its audit entries)\n",
      clients, per_client);
  const long cores = sysconf(_SC_NPROCESSORS_ONLN);
  std::printf("  %-24s %10s %14s %9s %9s %9s %7s %19s\n", "", "committed", "applications/s",
              "p50 ms", "p99 ms", "max ms", "failed", "CPU tamga/postgres");
  int failed = 0;
  for (const Result& r : results) {
    // CPU: the share of the machine's cores each side kept busy (tamga's includes the clients).
    auto share = [&](double cpu) { return 100.0 * cpu / (r.elapsed * static_cast<double>(cores)); };
    std::printf("  %-24s %10zu %14.0f %9.2f %9.2f %9.2f %7d %11.0f%% / %3.0f%%\n", r.name.c_str(),
                r.committed, r.committed / r.elapsed, r.p50, r.p99, r.max, r.failures,
                share(r.tamga_cpu), share(r.postgres_cpu));
    failed += r.failures + (r.committed == 0);
  }
  std::printf(
      "  (CPU: share of the machine's %ld cores busy in this process, server and load "
      "clients together, and in PostgreSQL's processes)\n",
      cores);
  if (results.size() == 3) {
    auto rate = [](const Result& r) { return r.committed / r.elapsed; };
    std::printf("  PostgreSQL with 2 instances / SQLite with 1: %.2f (target: at least 1)\n",
                rate(results[2]) / rate(results[0]));
  }
  for (const Result& r : results) {
    if (!r.activity.empty())
      std::printf("  %s, PostgreSQL backends on average: %s\n", r.name.c_str(), r.activity.c_str());
  }
  return failed == 0 ? 0 : 1;
}

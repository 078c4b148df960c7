#include "cli/serve.h"

#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "api/server.h"
#include "base/clock.h"
#include "base/time.h"
#include "cases/demo.h"
#include "cases/screening.h"
#include "cli/commands.h"
#include "watchlist/watchlist.h"

namespace tamga::cli {
namespace {

volatile std::sig_atomic_t stop_requested = 0;
void OnSignal(int) { stop_requested = 1; }

struct DemoAccount {
  const char* name;
  const char* password;
  api::Role role;
  std::vector<std::string> jurisdictions;
};

const std::vector<DemoAccount>& DemoAccounts() {
  static const std::vector<DemoAccount> kAccounts = {
      {"officer.kz", "officer-kz-demo", api::Role::kOfficer, {"KZ"}},
      {"officer.lv", "officer-lv-demo", api::Role::kOfficer, {"LV"}},
      // A second officer per jurisdiction: four eyes (a validated case is decided by another).
      {"officer2.kz", "officer2-kz-demo", api::Role::kOfficer, {"KZ"}},
      {"officer2.lv", "officer2-lv-demo", api::Role::kOfficer, {"LV"}},
      {"supervisor", "supervisor-demo", api::Role::kSupervisor, {"*"}},
      {"policy.author", "policy-author-demo", api::Role::kPolicyAuthor, {"*"}},
      {"auditor", "auditor-demo", api::Role::kAuditor, {"*"}},
      {"admin", "admin-demo-password", api::Role::kAdmin, {"*"}},
  };
  return kAccounts;
}

// Fills a new database with demo cases and accounts; a database that has cases is left alone, so
// restarting with --demo keeps what was done in the meantime.
bool SeedIfNew(cases::CaseStore& store, const policy::Library& policies, cases::FileStore& files,
               api::Accounts& accounts, int applications) {
  cases::CaseFilter any;
  any.page_size = 1;
  auto existing = store.List(any);
  if (!existing) {
    std::cerr << "tamga serve: " << existing.error().message << "\n";
    return false;
  }
  if (existing->total > 0) return true;
  std::cout << "seeding " << applications << " demo applications..." << std::flush;
  auto summary = cases::SeedDemo(store, policies, files, {applications, 2022});
  if (!summary) {
    std::cerr << "\ntamga serve: demo data: " << summary.error().message << "\n";
    return false;
  }
  std::cout << " done:";
  for (const auto& [state, count] : summary->by_state)
    std::cout << " " << state << " " << count << ";";
  std::cout << std::endl;
  for (const auto& a : DemoAccounts()) {
    auto created = accounts.CreateAccount(a.name, a.password, a.role, a.jurisdictions);
    if (!created && created.error().code != cases::Error::Code::kConflict) {
      std::cerr << "tamga serve: demo account " << a.name << ": " << created.error().message
                << "\n";
      return false;
    }
  }
  return true;
}

// The demo's synthetic watchlists, imported once into a database that has none.
bool ImportDemoWatchlists(store::Database& db, const std::string& data_dir,
                          const std::string& dir) {
  auto lists = watchlist::Lists(db);
  if (!lists) {
    std::cerr << "tamga serve: " << lists.error().message << "\n";
    return false;
  }
  if (!lists->empty()) return true;
  struct Demo {
    const char* file;
    const char* name;
    const char* kind;
    const char* jurisdiction;
    const char* basis;
  };
  const Demo kDemo[] = {
      {"lv-entry-bans.csv", "lv-entry-bans", "entry-ban", "LV",
       "Immigration Law (Latvia), Section 61 (illustrative)"},
      {"kz-wanted.csv", "kz-wanted", "wanted", "KZ", "synthetic demo list (no legal effect)"},
  };
  for (const Demo& d : kDemo) {
    WatchlistImport import;
    import.name = d.name;
    import.format = "csv";
    import.kind = d.kind;
    import.legal_basis = d.basis;
    import.jurisdictions = {d.jurisdiction};
    import.data_dir = data_dir;
    import.file = dir + "/" + d.file;
    import.actor = "demo";
    if (!std::filesystem::exists(import.file)) continue;
    std::cout << "demo watchlist: ";
    if (ImportWatchlist(import, std::cout, std::cerr) != 0) return false;
  }
  return true;
}

void Rescreen(cases::CaseService& service) {
  auto hits = service.RescreenLists();
  if (!hits) {
    std::cerr << "tamga serve: re-screening open cases: " << hits.error().message << "\n";
  } else if (*hits > 0) {
    std::cout << "re-screened open cases against new watchlist versions: " << *hits << " new hits"
              << std::endl;
  }
}

void ApplyPending(cases::CaseService& service) {
  auto applied = service.ApplyPendingVersions();
  if (!applied) {
    std::cerr << "tamga serve: applying versions to pending cases: " << applied.error().message
              << "\n";
  } else if (*applied > 0) {
    std::cout << "decided " << *applied
              << " pending cases again under versions that apply to pending applications"
              << std::endl;
  }
}

}  // namespace

int Serve(const ServeOptions& options) {
  size_t colon = options.listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "tamga serve: --listen wants HOST:PORT, e.g. 127.0.0.1:8080\n";
    return 2;
  }
  std::string host = options.listen.substr(0, colon);
  int port = std::atoi(options.listen.c_str() + colon + 1);
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    std::cerr << "tamga serve: cannot create " << options.data_dir << ": " << ec.message() << "\n";
    return 1;
  }
  base::Clock clock = base::Clock::Real();
  if (!options.clock.empty()) {
    auto start = base::ParseInstant(options.clock);
    if (!start) {
      std::cerr << "tamga serve: --clock wants an instant with its offset, e.g. "
                   "2022-09-26T10:00:00+06:00, not \""
                << options.clock << "\"\n";
      return 2;
    }
    clock = base::Clock::StartingAt(*start);
  }
  auto now = [clock] { return clock.NowIso(); };
  auto policies = policy::Library::Load(options.policies_dir);
  if (!policies) {
    std::cerr << "tamga serve: " << policies.error().ToString() << "\n";
    return 1;
  }
  auto db = store::Database::OpenSqlite(DatabasePath(options.data_dir));
  auto accounts_db = store::Database::OpenSqlite(options.data_dir + "/accounts.db");
  if (!db || !accounts_db) {
    std::cerr << "tamga serve: " << (!db ? db.error() : accounts_db.error()).message << "\n";
    return 1;
  }
  auto schema = cases::Schema();
  if (auto migrated = (*db)->Migrate(schema); !migrated) {
    std::cerr << "tamga serve: schema migration: " << migrated.error().message << "\n";
    return 1;
  }
  auto accounts = api::Accounts::Open(**accounts_db);
  if (!accounts) {
    std::cerr << "tamga serve: accounts: " << accounts.error().message << "\n";
    return 1;
  }
  auto store = cases::MakeSqlCaseStore(**db);
  cases::FileStore files(FilesPath(options.data_dir));
  policy::Registry registry(*policies);
  std::string public_url =
      options.public_url.empty() ? "http://" + options.listen : options.public_url;
  while (public_url.ends_with("/")) public_url.pop_back();
  if (options.demo && !SeedIfNew(*store, *policies, files, **accounts, options.demo_applications))
    return 1;
  if (options.demo && !ImportDemoWatchlists(**db, options.data_dir, options.demo_watchlists))
    return 1;
  cases::Screener screener(**db, *store);
  if (auto loaded = screener.Load(); !loaded) {
    std::cerr << "tamga serve: screening: " << loaded.error().message << "\n";
    return 1;
  }
  std::cout << "screening against " << screener.ListEntries() << " watchlist entries and "
            << screener.Applicants() << " earlier applicants" << std::endl;
  cases::CaseService service(*store, registry, files, now, public_url, &screener);
  // List versions imported while the server was down.
  Rescreen(service);
  // Versions that apply to pending applications and took effect while the server was down.
  ApplyPending(service);

  api::ServerOptions server_options;
  server_options.host = host;
  server_options.port = port;
  server_options.now = now;
  server_options.clock_shifted = clock.shifted();
  server_options.clock_started = options.clock;
  server_options.case_store = store.get();
  server_options.policies_dir = options.policies_dir;
  server_options.web_root = options.web_dir;
  api::Server server(server_options, service, registry, **accounts);
  auto bound = server.Start();
  if (!bound) {
    std::cerr << "tamga serve: " << bound.error() << "\n";
    return 1;
  }
  if (clock.shifted())
    std::cout << "clock started at " << options.clock << " (now " << now() << ")\n";
  std::cout << "tamga is serving http://" << host << ":" << *bound << "/ (API under /api/v1, "
            << "OpenAPI at /api/v1/openapi.json); data in " << options.data_dir << "\n";
  std::error_code web_error;
  if (std::filesystem::is_directory(options.web_dir, web_error)) {
    std::cout << "web UI from " << options.web_dir << "\n";
  } else {
    std::cout << "no web UI (" << options.web_dir << " is not a folder): API only\n";
  }
  if (options.demo) {
    std::cout << "demo accounts (POST /api/v1/auth/login with {\"name\", \"password\"}):\n";
    for (const auto& a : DemoAccounts())
      std::cout << "  " << a.name << " / " << a.password << "  (" << api::RoleName(a.role) << ")\n";
  }
  std::cout << std::flush;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  // A version that applies to pending applications takes effect at the local midnight of its
  // jurisdiction: look every 30 seconds.
  // A watchlist version imported by `tamga watchlist import` is screened against within seconds.
  auto next_check = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  auto next_lists = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!stop_requested) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (std::chrono::steady_clock::now() >= next_check) {
      ApplyPending(service);
      next_check = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    }
    if (std::chrono::steady_clock::now() >= next_lists) {
      Rescreen(service);
      next_lists = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    }
  }
  std::cout << "stopping\n";
  server.Stop();
  return 0;
}

}  // namespace tamga::cli

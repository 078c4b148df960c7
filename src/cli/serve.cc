#include "cli/serve.h"

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "api/server.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/time.h"
#include "cases/demo.h"
#include "cases/screening.h"
#include "cli/commands.h"
#include "watchlist/watchlist.h"

namespace tamga::cli {
namespace {

// How many of the newest audit entries are verified at start (the whole chain: `tamga audit
// verify`); the signed checkpoints cover what lies before.
constexpr int64_t kTailEntries = 10000;

volatile std::sig_atomic_t stop_requested = 0;
void OnSignal(int) { stop_requested = 1; }

struct DemoAccount {
  const char* name;
  const char* password;
  api::Role role;
  std::vector<std::string> jurisdictions;
  // Fixed one-time-password secrets of the demo's supervisor and policy author (published with
  // the demo, like its passwords; a real account gets a random one at creation).
  const char* totp_secret = "";
  std::vector<std::string> asylum = {};  // where the account holds the asylum role
};

const std::vector<DemoAccount>& DemoAccounts() {
  static const std::vector<DemoAccount> kAccounts = {
      {"officer.kz", "officer-kz-demo", api::Role::kOfficer, {"KZ"}},
      {"officer.lv", "officer-lv-demo", api::Role::kOfficer, {"LV"}},
      // A second officer per jurisdiction: four eyes (a validated case is decided by another).
      {"officer2.kz", "officer2-kz-demo", api::Role::kOfficer, {"KZ"}},
      {"officer2.lv", "officer2-lv-demo", api::Role::kOfficer, {"LV"}},
      {"supervisor",
       "supervisor-demo",
       api::Role::kSupervisor,
       {"*"},
       "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"},
      {"policy.author",
       "policy-author-demo",
       api::Role::kPolicyAuthor,
       {"*"},
       "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"},
      // A second policy author: four eyes (a proposed version is approved by another person).
      {"policy.author2",
       "policy-author2-demo",
       api::Role::kPolicyAuthor,
       {"*"},
       "ORQW2Z3BEBQXK5DIN5ZDEIDEMVWW6IJB"},
      // Officers with the asylum role (docs/asylum.md), two per jurisdiction: four eyes refuse a
      // claim. The officers above do not see asylum claims.
      {"asylum.kz", "asylum-kz-demo", api::Role::kOfficer, {"KZ"}, "", {"KZ"}},
      {"asylum2.kz", "asylum2-kz-demo", api::Role::kOfficer, {"KZ"}, "", {"KZ"}},
      {"asylum.lv", "asylum-lv-demo", api::Role::kOfficer, {"LV"}, "", {"LV"}},
      {"asylum2.lv", "asylum2-lv-demo", api::Role::kOfficer, {"LV"}, "", {"LV"}},
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
    auto created = accounts.CreateAccount(a.name, a.password, a.role, a.jurisdictions,
                                          accounts::Caller{}, a.totp_secret, a.asylum);
    if (!created && created.error().code != accounts::Error::Code::kConflict) {
      std::cerr << "tamga serve: demo account " << a.name << ": " << created.error().message
                << "\n";
      return false;
    }
  }
  return true;
}

// The demo's synthetic watchlists, imported once into a database that has none.
bool ImportDemoWatchlists(store::Database& db, const std::string& data_dir,
                          const std::string& db_location, const std::string& dir) {
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
    import.db = db_location;
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

// Verifies the newest entries of the audit chain and the signed checkpoints before anything is
// written; returns why the chain cannot be trusted (the server then serves read-only), or "".
std::string CheckAuditAtStart(store::Database& db, const std::string& data_dir) {
  auto tx = db.Begin();
  if (!tx) return "cannot read the audit log: " + tx.error().message;
  audit::VerifyReport tail = audit::VerifyTail(*tx, kTailEntries);
  std::string problem;
  if (tail.first_bad_seq) {
    problem = "the audit chain is broken at entry " + std::to_string(*tail.first_bad_seq) + ": " +
              tail.problem;
  } else {
    audit::CheckpointReport signed_heads = audit::VerifyCheckpoints(
        *tx, CheckpointsPath(data_dir), audit::ReadPublicKey(AuditKeyPath(data_dir)));
    if (!signed_heads.problem.empty())
      problem = "the audit chain disagrees with its signed checkpoints: " + signed_heads.problem;
  }
  if (!problem.empty())
    std::cerr << "\n*** tamga serve: " << problem
              << "\n*** serving READ-ONLY: nothing is written until an operator runs `tamga audit "
                 "verify`, restores the database from a backup and restarts ***\n\n";
  return problem;
}

// Copies the accounts of an accounts.db (tamga before accounts moved into tamga.db) into the case
// database, once, and renames the old file so its password hashes are not left behind readable.
bool TakeOverAccountsDb(store::Database& db, const std::string& data_dir) {
  const std::string old_path = data_dir + "/accounts.db";
  if (!std::filesystem::exists(old_path)) return true;
  auto old = store::Database::OpenSqlite(old_path);
  if (!old) {
    std::cerr << "tamga serve: " << old_path << ": " << old.error().message << "\n";
    return false;
  }
  std::vector<store::Row> rows;
  {
    auto from = (*old)->Begin();
    auto read =
        from ? from->Query(
                   "SELECT name, password_hash, role, jurisdictions, created_at "
                   "FROM accounts")
             : std::expected<std::vector<store::Row>, store::Error>(std::unexpected(from.error()));
    if (!read) {
      std::cerr << "tamga serve: reading " << old_path << ": " << read.error().message << "\n";
      return false;
    }
    rows = std::move(*read);
  }
  old->reset();
  auto to = db.Begin();
  if (!to) return false;
  for (const store::Row& r : rows) {
    auto ok = to->Execute(
        "INSERT INTO accounts (name, password_hash, role, jurisdictions, created_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
        {r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)});
    if (!ok) {
      std::cerr << "tamga serve: taking over " << old_path << ": " << ok.error().message << "\n";
      return false;
    }
  }
  audit::Entry entry;
  entry.actor = "system";
  entry.action = "account.migrate";
  entry.details = "{\"accounts\":" + std::to_string(rows.size()) + "}";
  if (auto ok = audit::Append(*to, entry); !ok || !to->Commit()) return false;
  std::error_code ec;
  std::filesystem::rename(old_path, old_path + ".migrated", ec);
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(old_path + suffix, ec);
  std::filesystem::permissions(
      old_path + ".migrated",
      std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  std::cout << "took over " << rows.size() << " accounts from " << old_path << std::endl;
  return true;
}

// Signs the audit head into the checkpoint file when it moved.
void Checkpoint(store::Database& db, audit::Checkpoints& checkpoints, const std::string& at) {
  auto tx = db.Begin();
  if (!tx) return;
  if (auto written = checkpoints.Write(*tx, at); !written)
    std::cerr << "tamga serve: audit checkpoint: " << written.error() << "\n";
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

// Applies what other instances announce on cases::kChangesChannel until `running` turns false;
// reconnects (after a second) when the listening connection drops.
void FollowOtherInstances(store::Database& db, cases::CaseStore& store, cases::Screener& screener,
                          policy::Registry& registry, const std::string& policies_dir,
                          const std::atomic<bool>& running) {
  std::unique_ptr<store::Listener> listener;
  while (running) {
    if (!listener) {
      auto opened = db.Listen(cases::kChangesChannel);
      if (!opened) {
        std::cerr << "tamga serve: listening for other instances: " << opened.error().message
                  << "\n";
        std::this_thread::sleep_for(std::chrono::seconds(1));
        continue;
      }
      listener = std::move(*opened);
    }
    auto got = listener->Wait(std::chrono::milliseconds(200));
    if (!got) {
      std::cerr << "tamga serve: " << got.error().message << "\n";
      listener.reset();
      continue;
    }
    bool reload = false;
    for (const std::string& change : *got) {
      if (change.starts_with("policy:")) {
        reload = true;
      } else if (change.starts_with("case:")) {
        if (auto c = store.Load(change.substr(5))) screener.Remember(*c);
      }
    }
    if (!reload) continue;
    auto library = policy::Library::Load(policies_dir);
    if (!library) {
      std::cerr << "tamga serve: reloading policies published by another instance: "
                << library.error().ToString() << "\n";
      continue;
    }
    registry.Replace(*std::move(library));
    std::cout << "policies reloaded: another instance published a version" << std::endl;
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
  const std::string db_location = DatabaseLocation(options.data_dir, options.db);
  auto db = store::Database::Open(db_location);
  if (!db) {
    std::cerr << "tamga serve: " << db.error().message << "\n";
    return 1;
  }
  auto schema = cases::Schema();
  auto migrated = (*db)->Migrate(schema);
  if (!migrated) {
    std::cerr << "tamga serve: schema migration: " << migrated.error().message << "\n";
    return 1;
  }
  // Accounts live in the case database (one database, one backup; their changes are audited in
  // the same transactions). A separate accounts.db of earlier versions is taken over once.
  auto accounts = api::Accounts::Open(**db);
  if (!accounts) {
    std::cerr << "tamga serve: accounts: " << accounts.error().message << "\n";
    return 1;
  }
  if (!TakeOverAccountsDb(**db, options.data_dir)) return 1;
  std::string read_only = CheckAuditAtStart(**db, options.data_dir);
  auto checkpoints =
      audit::Checkpoints::Open(CheckpointsPath(options.data_dir), AuditKeyPath(options.data_dir));
  if (!checkpoints) {
    std::cerr << "tamga serve: " << checkpoints.error() << "\n";
    return 1;
  }
  auto store = cases::MakeSqlCaseStore(**db);
  cases::FileStore files(FilesPath(options.data_dir));
  policy::Registry registry(*policies);
  std::string public_url =
      options.public_url.empty() ? "http://" + options.listen : options.public_url;
  while (public_url.ends_with("/")) public_url.pop_back();
  if (options.demo && read_only.empty() &&
      !SeedIfNew(*store, *policies, files, **accounts, options.demo_applications))
    return 1;
  if (options.demo && read_only.empty() &&
      !ImportDemoWatchlists(**db, options.data_dir, options.db, options.demo_watchlists))
    return 1;
  cases::Screener screener(**db, *store);
  if (auto loaded = screener.Load(); !loaded) {
    std::cerr << "tamga serve: screening: " << loaded.error().message << "\n";
    return 1;
  }
  std::cout << "screening against " << screener.ListEntries() << " watchlist entries and "
            << screener.Applicants() << " earlier applicants" << std::endl;
  cases::CaseService service(*store, registry, files, now, public_url, &screener);
  if (read_only.empty()) {
    // List versions imported while the server was down.
    Rescreen(service);
    // Versions that apply to pending applications and took effect while the server was down.
    ApplyPending(service);
    Checkpoint(**db, *checkpoints, now());
  }

  api::ServerOptions server_options;
  server_options.host = host;
  server_options.port = port;
  server_options.now = now;
  server_options.clock_shifted = clock.shifted();
  server_options.clock_started = options.clock;
  server_options.policies_dir = options.policies_dir;
  server_options.web_root = options.web_dir;
  server_options.read_only_reason = read_only;
  server_options.database_engine = std::string((*db)->Engine());
  // The highest version recorded, the accounts' migrations included (applied after the cases').
  if (!options.rate_limits) server_options.rate_limits = api::RateLimits::Off();
  // Instances on one PostgreSQL share their counts (an address gets one allowance, not one per
  // instance); on SQLite, which one process serves, the in-process count is the whole count.
  std::unique_ptr<api::SharedRateLimits> shared_limits;
  if (options.rate_limits && (*db)->Engine() == "postgresql") {
    auto opened = api::SharedRateLimits::Open(**db);
    if (!opened) {
      std::cerr << "tamga serve: " << opened.error() << "\n";
      return 1;
    }
    shared_limits = *std::move(opened);
    server_options.shared_rate_limits = shared_limits.get();
  }
  server_options.threads = options.threads;
  server_options.migration_version = (*db)->SchemaVersion().value_or(*migrated);
  api::Server server(server_options, service, registry, **accounts);
  auto bound = server.Start();
  if (!bound) {
    std::cerr << "tamga serve: " << bound.error() << "\n";
    return 1;
  }
  if (clock.shifted())
    std::cout << "clock started at " << options.clock << " (now " << now() << ")\n";
  std::cout << "tamga is serving http://" << host << ":" << *bound << "/ (API under /api/v1, "
            << "OpenAPI at /api/v1/openapi.json); database " << (*db)->Location() << ", files in "
            << options.data_dir << "\n";
  std::error_code web_error;
  if (std::filesystem::is_directory(options.web_dir, web_error)) {
    std::cout << "web UI from " << options.web_dir << "\n";
  } else {
    std::cout << "no web UI (" << options.web_dir << " is not a folder): API only\n";
  }
  if (options.demo) {
    std::cout << "demo accounts (POST /api/v1/auth/login with {\"name\", \"password\"}):\n";
    for (const auto& a : DemoAccounts()) {
      std::cout << "  " << a.name << " / " << a.password << "  (" << api::RoleName(a.role)
                << (a.asylum.empty() ? "" : ", asylum role in " + a.asylum.front()) << ")";
      if (*a.totp_secret)
        std::cout << "  authenticator secret " << a.totp_secret << " (code now: "
                  << accounts::TotpCode(a.totp_secret, std::chrono::system_clock::now()) << ")";
      std::cout << "\n";
    }
  }
  std::cout << std::flush;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  // What other instances on the same PostgreSQL database change: their new cases become
  // screenable here, and their policy publications current here, within a second.
  std::atomic<bool> listening = true;
  std::thread follower([&] {
    FollowOtherInstances(**db, *store, screener, registry, options.policies_dir, listening);
  });
  // A version that applies to pending applications takes effect at the local midnight of its
  // jurisdiction: look every 30 seconds.
  // A watchlist version imported by `tamga watchlist import` is screened against within seconds.
  auto next_check = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  auto next_lists = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!stop_requested) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (std::chrono::steady_clock::now() >= next_check) {
      if (read_only.empty()) ApplyPending(service);
      next_check = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    }
    if (std::chrono::steady_clock::now() >= next_lists) {
      if (read_only.empty()) Rescreen(service);
      if (read_only.empty()) Checkpoint(**db, *checkpoints, now());
      next_lists = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    }
  }
  std::cout << "stopping\n";
  listening = false;
  follower.join();
  server.Stop();
  if (read_only.empty()) Checkpoint(**db, *checkpoints, now());
  return 0;
}

}  // namespace tamga::cli

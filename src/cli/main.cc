// The `tamga` command: thin shell over the library. Each sub-command parses its arguments and calls
// one library entry point.
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/decide.h"
#include "cli/serve.h"
#include "feel/feel.h"
#include "identity/names.h"
#include "tck/tck.h"

namespace {

// `tamga feel EXPRESSION [--context JSON-like FEEL context]`: evaluates one FEEL expression; for
// trying the language out and for scripts.
int RunFeel(const std::string& expression, const std::string& context_source) {
  using namespace tamga::feel;
  Diagnostics diag;
  Context inputs;
  if (!context_source.empty()) {
    auto ctx = Expression::Compile(context_source);
    if (!ctx) {
      std::cerr << "tamga feel: --context: " << ctx.error().ToString() << "\n";
      return 2;
    }
    Value v = ctx->Evaluate(Context{}, diag);
    if (!v.is(Kind::kContext)) {
      std::cerr << "tamga feel: --context must be a FEEL context such as {age: 30}\n";
      return 2;
    }
    inputs = v.context();
  }
  std::vector<std::string> names;
  for (const auto& [k, v] : inputs.entries) names.push_back(k);
  auto compiled = Expression::Compile(expression, CompileOptions{names, {}, {}});
  if (!compiled) {
    std::cerr << "tamga feel: " << compiled.error().ToString() << "\n";
    return 2;
  }
  Value result = compiled->Evaluate(inputs, diag);
  std::cout << ToDisplayString(result) << "\n";
  for (const auto& w : diag.warnings())
    std::cerr << "warning at column " << (w.position + 1) << ": " << w.message << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tamga: residence-permit and visa decisions under executable law (DMN 1.5)"};
  app.require_subcommand(1);

  std::string expression, context_source;
  auto* feel = app.add_subcommand("feel", "evaluate one FEEL expression");
  feel->add_option("expression", expression, "the FEEL expression")->required();
  feel->add_option("--context", context_source, "variables, as a FEEL context: {age: 30}");

  tamga::cli::DecideOptions decide_options;
  auto* decide = app.add_subcommand("decide", "evaluate a decision of DMN models with JSON input");
  decide->add_option("models", decide_options.models, "DMN model files")
      ->required()
      ->check(CLI::ExistingFile);
  decide
      ->add_option("--decision", decide_options.decision,
                   "decision, decision service or business knowledge model to evaluate")
      ->required();
  decide->add_option("--input", decide_options.input_file, "JSON object of inputs ('-': stdin)")
      ->required();
  decide->add_flag("--trace", decide_options.trace,
                   "print which decisions ran and which rules matched");

  tamga::tck::RunOptions tck_options;
  auto* tck = app.add_subcommand("tck", "run DMN TCK test cases and report conformance");
  tck->add_option("paths", tck_options.paths, "TCK folders or test files")
      ->required()
      ->check(CLI::ExistingPath);
  tck->add_option("--csv", tck_options.csv_path, "write the TCK results format to FILE");
  tck->add_flag("--verbose", tck_options.verbose, "list passing cases and warnings too");

  std::string policies_dir = "policies";
  auto* policy = app.add_subcommand("policy", "policy library tools");
  policy->require_subcommand(1);
  auto* policy_test =
      policy->add_subcommand("test", "run the policies' tests; list unexercised rules");
  policy_test->add_option("dir", policies_dir, "policy library directory (default: policies)");
  auto* policy_check = policy->add_subcommand(
      "check",
      "check every model: FEEL that does not compile, and decision tables' overlaps, "
      "gaps, rules that never fire, subsumed rules and values outside the allowed ones");
  policy_check->add_option("dir", policies_dir, "policy library directory (default: policies)");

  tamga::cli::PolicySimulateOptions simulate;
  auto* policy_simulate = policy->add_subcommand(
      "simulate",
      "run a draft version folder over the stored cases it would reach (and those decided in a "
      "period) and count what changes; writes nothing");
  policy_simulate
      ->add_option("draft", simulate.draft_dir,
                   "the draft's folder, in <jurisdiction>/<kind>/ (policy.json, *.dmn)")
      ->required();
  policy_simulate->add_option("--period", simulate.period,
                              "also the cases decided and filed FROM..TO (YYYY-MM-DD..YYYY-MM-DD)");
  policy_simulate->add_option("--policies", simulate.policies_dir,
                              "policy library the draft joins (default policies)");
  policy_simulate->add_option("--data", simulate.data_dir,
                              "data directory of tamga serve (default: var)");
  policy_simulate->add_option("--list", simulate.list, "how many changed cases to list (20)");
  auto* mrz = app.add_subcommand(
      "mrz", "check machine-readable zones (TD1, TD2, TD3, MRV-A, MRV-B): JSON lines in and out");

  std::string names_file;
  double names_threshold = tamga::identity::kDefaultThreshold;
  auto* names = app.add_subcommand("names", "name matching across scripts and transliterations");
  names->require_subcommand(1);
  auto* names_match = names->add_subcommand(
      "match", "score name1,name2 pairs of a CSV file; prints name1,name2,score,match");
  names_match->add_option("file", names_file, "CSV with a header naming name1 and name2")
      ->required();
  names_match->add_option("--threshold", names_threshold, "score from which a pair matches")
      ->check(CLI::Range(0.0, 1.0));

  std::string data_dir = "var";
  auto* audit = app.add_subcommand("audit", "audit trail tools");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "check the hash chain of the audit trail");
  audit_verify->add_option("--data", data_dir, "data directory of tamga serve (default: var)");
  // --db everywhere a command opens the database; TAMGA_DB when not given.
  std::string db_location;
  const char* kDbHelp =
      "the database: postgresql://USER@HOST:PORT/DB or an SQLite file "
      "(default: DATA/tamga.db; env TAMGA_DB)";
  audit_verify->add_option("--db", db_location, kDbHelp)->envname("TAMGA_DB");
  policy_simulate->add_option("--db", simulate.db, kDbHelp)->envname("TAMGA_DB");
  std::string audit_public_key;
  audit_verify->add_option(
      "--public-key", audit_public_key,
      "the checkpoint signing key's public half (hex), from the operator's own "
      "copy; default: the one beside the key in the data directory");

  tamga::cli::WatchlistImport watchlist_import;
  auto* watchlist = app.add_subcommand("watchlist", "watchlists of law enforcement for screening");
  watchlist->require_subcommand(1);
  auto* watchlist_import_cmd = watchlist->add_subcommand(
      "import", "import a list (FollowTheMoney JSON lines or CSV) as its next version");
  watchlist_import_cmd->add_option("--name", watchlist_import.name, "the list's name")->required();
  watchlist_import_cmd->add_option("--format", watchlist_import.format, "ftm or csv")->required();
  watchlist_import_cmd->add_option("--kind", watchlist_import.kind,
                                   "entry-ban, wanted or sanctions (required for a new list)");
  watchlist_import_cmd->add_option("--legal-basis", watchlist_import.legal_basis,
                                   "the law the list rests on (for entries without their own)");
  watchlist_import_cmd->add_option("--jurisdiction", watchlist_import.jurisdictions,
                                   "where the list applies (repeatable; default: everywhere)");
  watchlist_import_cmd->add_option("--data", watchlist_import.data_dir,
                                   "data directory of tamga serve (default: var)");
  watchlist_import_cmd->add_option("--db", watchlist_import.db, kDbHelp)->envname("TAMGA_DB");
  watchlist_import_cmd->add_option("file", watchlist_import.file, "the list file")->required();
  auto* watchlist_list = watchlist->add_subcommand("list", "show lists and their versions");
  watchlist_list->add_option("--data", data_dir, "data directory of tamga serve (default: var)");
  watchlist_list->add_option("--db", db_location, kDbHelp)->envname("TAMGA_DB");

  tamga::cli::DbCopy db_copy;
  auto* db_cmd = app.add_subcommand("db", "database tools");
  db_cmd->require_subcommand(1);
  auto* db_copy_cmd = db_cmd->add_subcommand(
      "copy", "copy an office's data into an empty database (SQLite <-> PostgreSQL) and verify it");
  db_copy_cmd->add_option("--from", db_copy.from, "data folder (SQLite) or PostgreSQL URL")
      ->required();
  db_copy_cmd->add_option("--to", db_copy.to, "data folder (SQLite) or PostgreSQL URL")->required();
  db_copy_cmd->add_option("--from-data", db_copy.from_data,
                          "with a URL --from: the folder of its files (documents, checkpoints)");
  db_copy_cmd->add_option("--to-data", db_copy.to_data,
                          "with a URL --to: the folder for its files");

  tamga::cli::DemoGenerateOptions demo_generate;
  auto* demo_cmd = app.add_subcommand("demo", "synthetic data");
  demo_cmd->require_subcommand(1);
  auto* demo_generate_cmd = demo_cmd->add_subcommand(
      "generate", "write N synthetic applications, checked and decided, straight to the store");
  demo_generate_cmd->add_option("--cases", demo_generate.cases, "how many applications")
      ->required()
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  demo_generate_cmd->add_option("--data", demo_generate.data_dir,
                                "data directory of tamga serve (default: var)");
  demo_generate_cmd->add_option("--db", demo_generate.db, kDbHelp)->envname("TAMGA_DB");
  demo_generate_cmd->add_option("--policies", demo_generate.policies_dir,
                                "policy library (default: policies)");
  demo_generate_cmd->add_option("--seed", demo_generate.seed, "random seed (default 2022)");
  demo_generate_cmd
      ->add_option("--batch", demo_generate.batch, "applications per transaction (default 2000)")
      ->check(CLI::Range(1, 100'000));

  tamga::cli::ServeOptions serve_options;
  auto* serve = app.add_subcommand("serve", "run the case service over HTTP");
  serve->add_option("--listen", serve_options.listen, "HOST:PORT (default 127.0.0.1:8080)");
  serve->add_option("--data", serve_options.data_dir,
                    "uploaded files, audit checkpoints and (without --db) the database (default "
                    "var); shared storage when several instances serve one database");
  serve->add_option("--db", serve_options.db, kDbHelp)->envname("TAMGA_DB");
  serve->add_option("--policies", serve_options.policies_dir,
                    "policy library; published versions are written here (default policies)");
  serve->add_option("--web", serve_options.web_dir,
                    "the web UI's built files (default web/dist; none there: API only)");
  serve->add_flag("--demo", serve_options.demo, "seed demo data and accounts into a new database");
  serve->add_option("--clock", serve_options.clock,
                    "start the server's clock at this instant and run on, e.g. "
                    "2022-09-26T10:00:00+06:00 (training systems and tests)");
  serve->add_option("--public-url", serve_options.public_url,
                    "the address notices give for verifying them (default http://LISTEN)");
  auto* threads =
      serve->add_option("--threads", serve_options.threads,
                        "worker threads that run requests (default 8; connections take none)");
  threads->check(CLI::Range(1, 256));
  bool no_rate_limits = false;
  serve->add_flag("--no-rate-limits", no_rate_limits,
                  "no per-address limits of logins, lookups and anonymous submissions (test rigs "
                  "that drive many requests from one address; never in production)");
  serve->add_option("--demo-applications", serve_options.demo_applications,
                    "how many demo applications to seed (default 3000)");
  serve->add_option("--demo-watchlists", serve_options.demo_watchlists,
                    "synthetic watchlists --demo imports into a new database (default "
                    "demo/watchlists)");

  CLI11_PARSE(app, argc, argv);
  if (*serve) {
    serve_options.rate_limits = !no_rate_limits;
    return tamga::cli::Serve(serve_options);
  }
  if (*policy_test) return tamga::cli::PolicyTest(policies_dir);
  if (*policy_check) return tamga::cli::PolicyCheck(policies_dir);
  if (*policy_simulate) return tamga::cli::PolicySimulate(simulate);
  if (*audit_verify) return tamga::cli::AuditVerify(data_dir, audit_public_key, db_location);
  if (*demo_generate_cmd) return tamga::cli::DemoGenerate(demo_generate);
  if (*db_copy_cmd) return tamga::cli::CopyDatabase(db_copy, std::cout, std::cerr);
  if (*tck) return tamga::tck::Run(tck_options, std::cout);
  if (*feel) return RunFeel(expression, context_source);
  if (*decide) return tamga::cli::Decide(decide_options, std::cout, std::cerr);
  if (*mrz) return tamga::cli::Mrz(std::cin, std::cout);
  if (*names_match) return tamga::cli::NamesMatch(names_file, names_threshold);
  if (*watchlist_import_cmd)
    return tamga::cli::ImportWatchlist(watchlist_import, std::cout, std::cerr);
  if (*watchlist_list)
    return tamga::cli::ListWatchlists(data_dir, db_location, std::cout, std::cerr);
  return 0;
}

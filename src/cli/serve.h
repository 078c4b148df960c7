// `tamga serve`: the case service over HTTP, with the web UI's assets when they are built.
#pragma once

#include <string>

namespace tamga::cli {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "var";  // uploaded files, the checkpoint log and key; tamga.db unless db
  // A PostgreSQL URL (several instances share it) or an SQLite file; empty: DATA/tamga.db.
  std::string db;
  std::string policies_dir = "policies";
  // The web UI's built files; a missing folder means no UI (API only).
  std::string web_dir = "web/dist";
  bool demo = false;  // seed demo data and accounts into a new database
  int demo_applications = 3000;
  std::string demo_watchlists = "demo/watchlists";  // imported by --demo when there is no list
  // Start the clock at this instant ("2022-09-26T10:00:00+06:00") and run on from there: for
  // training systems and tests. Empty: the system clock.
  std::string clock;
  // Where notices tell readers to verify them; empty: http://<listen>.
  std::string public_url;
  // Per-address limits of logins, lookups and anonymous submissions; off for test rigs that drive
  // many requests from one address (tamga serve --no-rate-limits).
  bool rate_limits = true;
  int threads = 8;  // worker threads of the HTTP server (api::ServerOptions::threads)
};

// Runs until SIGINT or SIGTERM; returns the exit code.
int Serve(const ServeOptions& options);

}  // namespace tamga::cli

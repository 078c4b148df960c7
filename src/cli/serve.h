// `tamga serve`: the case service over HTTP, with the web UI's assets when they are built.
#pragma once

#include <string>

namespace tamga::cli {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "var";
  std::string policies_dir = "policies";
  // The web UI's built files; a missing folder means no UI (API only).
  std::string web_dir = "web/dist";
  bool demo = false;  // seed demo data and accounts into a new database
  int demo_applications = 3000;
};

// Runs until SIGINT or SIGTERM; returns the exit code.
int Serve(const ServeOptions& options);

}  // namespace tamga::cli

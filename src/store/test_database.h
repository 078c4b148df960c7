// For tests only: the database a test suite runs on. SQLite in a test's folder by default; with
// TAMGA_TEST_ENGINE=postgresql (ctest's *_pg tests, run under scripts/with-postgres), a fresh
// schema of its own in the cluster TAMGA_TEST_PG names, so that tests never see each other's rows.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <expected>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "store/database.h"

namespace tamga::store {

inline bool TestsOnPostgres() {
  const char* engine = std::getenv("TAMGA_TEST_ENGINE");
  return engine && std::string(engine) == "postgresql";
}

// The URL of a new, empty schema (search_path set to it) in the cluster at `cluster`, by default
// the TAMGA_TEST_PG one.
inline std::expected<std::string, Error> NewTestSchema(std::string cluster = "") {
  if (cluster.empty()) {
    const char* env = std::getenv("TAMGA_TEST_PG");
    cluster = env ? env : "";
  }
  const std::string& url = cluster;
  if (url.empty())
    return std::unexpected(
        Error{"TAMGA_TEST_ENGINE=postgresql needs TAMGA_TEST_PG "
              "(run the tests under scripts/with-postgres)"});
  static std::atomic<int> counter = 0;
  std::string schema = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  auto admin = Database::OpenPostgres(url, 1);
  if (!admin) return std::unexpected(admin.error());
  auto tx = (*admin)->Begin();
  if (!tx) return std::unexpected(tx.error());
  if (auto ok =
          tx->Execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
      !ok)
    return std::unexpected(ok.error());
  if (auto ok = tx->Commit(); !ok) return std::unexpected(ok.error());
  std::string base = url;
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema;
}

// The database of a test folder: SQLite at dir/tamga.db, or (TestsOnPostgres) a schema of the
// test cluster made on first use and named in dir/postgres-url, so opening the folder again
// (a restart in a test) opens the same schema.
inline std::expected<std::string, Error> TestDatabaseLocation(const std::filesystem::path& dir) {
  if (!TestsOnPostgres()) return (dir / "tamga.db").string();
  std::filesystem::path saved = dir / "postgres-url";
  if (std::ifstream in(saved); in) {
    std::string url;
    std::getline(in, url);
    if (!url.empty()) return url;
  }
  auto url = NewTestSchema();
  if (!url) return std::unexpected(url.error());
  std::ofstream(saved) << *url << "\n";
  return url;
}

inline std::expected<std::unique_ptr<Database>, Error> OpenTestDatabase(
    const std::filesystem::path& dir) {
  auto location = TestDatabaseLocation(dir);
  if (!location) return std::unexpected(location.error());
  return Database::Open(*location);
}

}  // namespace tamga::store

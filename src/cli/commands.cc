#include "cli/commands.h"

#include <filesystem>
#include <iostream>

#include "audit/audit.h"
#include "policy/policy.h"
#include "store/database.h"

namespace tamga::cli {

std::string DatabasePath(const std::string& data_dir) { return data_dir + "/tamga.db"; }
std::string FilesPath(const std::string& data_dir) { return data_dir + "/files"; }

int PolicyTest(const std::string& policies_dir) {
  auto library = policy::Library::Load(policies_dir);
  if (!library) {
    std::cerr << "tamga policy test: " << library.error().ToString() << "\n";
    return 1;
  }
  auto report = policy::RunTests(*library, policies_dir);
  if (!report) {
    std::cerr << "tamga policy test: " << report.error().ToString() << "\n";
    return 1;
  }
  for (const auto& f : report->failures) std::cout << "FAIL " << f << "\n";
  for (const auto& u : report->unexercised) std::cout << "not exercised by any test: " << u << "\n";
  std::cout << "policy test: " << report->passed << " passed, " << report->failed << " failed\n";
  return report->failed == 0 ? 0 : 1;
}

int AuditVerify(const std::string& data_dir) {
  std::string path = DatabasePath(data_dir);
  if (!std::filesystem::exists(path)) {
    std::cerr << "tamga audit verify: no database at " << path << " (use --data DIR)\n";
    return 1;
  }
  auto db = store::Database::OpenSqlite(path);
  if (!db) {
    std::cerr << "tamga audit verify: " << path << ": " << db.error().message << "\n";
    return 1;
  }
  auto tx = (*db)->Begin();
  if (!tx) {
    std::cerr << "tamga audit verify: " << tx.error().message << "\n";
    return 1;
  }
  audit::VerifyReport report = audit::Verify(*tx);
  if (report.first_bad_seq) {
    std::cout << "audit verify: BROKEN at entry " << *report.first_bad_seq << ": " << report.problem
              << " (" << report.entries_checked << " entries checked)\n";
    return 1;
  }
  std::cout << "audit verify: intact, " << report.entries_checked << " entries; head "
            << report.head_seq << " " << report.head_hash
            << " (keep a copy of this line elsewhere)\n";
  return 0;
}

}  // namespace tamga::cli

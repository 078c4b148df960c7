#include "cli/commands.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <vector>

#include "audit/audit.h"
#include "cases/case_store.h"
#include "dmn/table_analysis.h"
#include "policy/policy.h"
#include "store/database.h"

namespace tamga::cli {

std::string DatabasePath(const std::string& data_dir) { return data_dir + "/tamga.db"; }
std::string FilesPath(const std::string& data_dir) { return data_dir + "/files"; }
std::string DatabaseLocation(const std::string& data_dir, const std::string& db) {
  return db.empty() ? DatabasePath(data_dir) : db;
}

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

int PolicyCheck(const std::string& policies_dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(policies_dir, error)) {
    std::cerr << "tamga policy check: " << policies_dir << " is not a folder\n";
    return 2;
  }
  // Each version folder's models are checked together (one may import another).
  std::map<fs::path, std::vector<dmn::ModelSource>> by_folder;
  for (auto it = fs::recursive_directory_iterator(policies_dir, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file() || it->path().extension() != ".dmn") continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    by_folder[it->path().parent_path()].push_back({it->path().string(), text.str()});
  }
  if (error) {
    std::cerr << "tamga policy check: " << policies_dir << ": " << error.message() << "\n";
    return 2;
  }
  int files = 0, errors = 0, warnings = 0;
  for (auto& [folder, sources] : by_folder) {
    std::sort(sources.begin(), sources.end(),
              [](const auto& a, const auto& b) { return a.file < b.file; });
    files += static_cast<int>(sources.size());
    std::vector<dmn::TableFinding> findings = dmn::CheckModels(sources);
    // Rules that tell a result need their reason and legal basis (documents named in policy.json).
    if (auto version = policy::ReadDraftFolder(folder)) {
      for (dmn::TableFinding& f :
           policy::RuleFindings(sources, version->documents, version->asylum.has_value()))
        findings.push_back(std::move(f));
    }
    for (const dmn::TableFinding& f : findings) {
      std::cout << dmn::ToString(f) << "\n";
      errors += f.severity == dmn::TableFinding::Severity::kError;
      warnings += f.severity == dmn::TableFinding::Severity::kWarning;
    }
  }
  std::cout << "policy check: " << files << " models, " << errors << " errors, " << warnings
            << " warnings\n";
  return errors == 0 ? 0 : 1;
}

std::string CheckpointsPath(const std::string& data_dir) {
  return data_dir + "/audit-checkpoints.log";
}
std::string AuditKeyPath(const std::string& data_dir) { return data_dir + "/audit-signing.key"; }

int AuditVerify(const std::string& data_dir, const std::string& public_key,
                const std::string& db_location) {
  std::string path = DatabaseLocation(data_dir, db_location);
  if (!store::Database::IsPostgresUrl(path) && !std::filesystem::exists(path)) {
    std::cerr << "tamga audit verify: no database at " << path << " (use --data DIR or --db URL)\n";
    return 1;
  }
  auto db = store::Database::Open(path);
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
  std::string key = public_key.empty() ? audit::ReadPublicKey(AuditKeyPath(data_dir)) : public_key;
  std::string checkpoints_path = CheckpointsPath(data_dir);
  bool have_checkpoints = std::filesystem::exists(checkpoints_path);
  audit::CheckpointReport signed_heads;
  if (have_checkpoints) {
    signed_heads = audit::VerifyCheckpoints(*tx, checkpoints_path, key);
    if (!signed_heads.problem.empty()) {
      std::cout << "audit verify: BROKEN checkpoints: " << signed_heads.problem << "\n";
      return 1;
    }
  }
  cases::StateReport states = cases::VerifyCaseStates(*tx, FilesPath(data_dir));
  if (!states.problem.empty()) {
    std::cout << "audit verify: BROKEN state: " << states.problem << "\n";
    return 1;
  }
  std::cout << "audit verify: intact, " << report.entries_checked << " entries; "
            << states.cases_checked << " cases and " << states.documents_checked
            << " files match their audited state";
  if (states.uncovered > 0)
    std::cout << " (" << states.uncovered << " cases predate state hashing and were not compared)";
  std::cout << "; ";
  if (signed_heads.last)
    std::cout << signed_heads.checkpoints << " signed checkpoints verify, the newest at entry "
              << signed_heads.last->seq << " (" << signed_heads.last->at << ")";
  else
    std::cout << "no signed checkpoints" << (have_checkpoints ? "" : " file");
  std::cout << "; head " << report.head_seq << " " << report.head_hash
            << " (keep a copy of this line elsewhere)\n";
  return 0;
}

}  // namespace tamga::cli

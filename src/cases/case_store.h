// Persistence of cases. One implementation, SqlCaseStore, runs on store::Database (SQLite now,
// PostgreSQL later): each case is a row with the columns queues filter on plus the whole case as
// JSON; every change commits together with its audit entry.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "cases/model.h"
#include "store/database.h"

namespace tamga::cases {

class CaseStore {
 public:
  virtual ~CaseStore() = default;

  // Stores a new case; assigns id and number ("<jurisdiction>-<filing year>-<6-digit sequence>")
  // and keeps the hash of the applicant's access code. The audit entry commits with it.
  virtual std::expected<Case, Error> Create(Case c, const std::string& access_code_hash,
                                            audit::Entry entry) = 0;
  virtual std::expected<Case, Error> Load(const std::string& number) = 0;
  virtual std::expected<std::string, Error> AccessCodeHash(const std::string& number) = 0;
  // Replaces the stored case if its revision is still `c.revision - 1`, else kConflict (someone
  // else changed it first). The audit entry commits with it.
  virtual std::expected<Case, Error> Update(const Case& c, audit::Entry entry) = 0;
  virtual std::expected<CasePage, Error> List(const CaseFilter& filter) = 0;
  // Records a read of personal data.
  virtual std::expected<void, Error> RecordRead(audit::Entry entry) = 0;
  virtual std::expected<std::vector<audit::Entry>, Error> AuditTrail(const std::string& number) = 0;
};

// The schema of cases (and of the audit log), as migrations for store::Database::Migrate.
std::vector<store::Migration> Schema();

std::unique_ptr<CaseStore> MakeSqlCaseStore(store::Database& db);

// JSON form of a case as stored (and as the API returns it to officers).
std::string CaseToJson(const Case& c);
std::expected<Case, Error> CaseFromJson(const std::string& json);

}  // namespace tamga::cases

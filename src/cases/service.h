// The case service: what an applicant, an officer or the system can do with a case. Every operation
// validates its input, applies the lifecycle, decides under the law in force on the filing date,
// commits the change with its audit entry, and returns the case as stored.
#pragma once

#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/case_store.h"
#include "cases/model.h"
#include "policy/policy.h"

namespace tamga::cases {

// Who acts. The API authenticates and checks role and jurisdiction scope before calling.
struct Actor {
  std::string name;  // account name; "applicant:<number>" for an applicant with an access code
  std::string role;  // applicant, officer, supervisor, policy-author, auditor, admin, system
};

// Uploaded files, stored by content (SHA-256) under a directory.
class FileStore {
 public:
  explicit FileStore(std::string directory);
  // Writes the bytes durably (temporary file, fsync, rename); returns the hex SHA-256.
  std::expected<std::string, Error> Put(std::string_view bytes);
  std::expected<std::string, Error> Get(const std::string& sha256) const;

 private:
  std::string dir_;
};

// The application as the policies' input data (docs/policies.md): kind, purpose, filing date,
// citizenships, birth date, passport expiry, and the kinds and details of its documents. The
// passport's details are mandatory at intake, so "passport" is always among the documents.
feel::Context PolicyInputs(const Application& application);

// Limits on uploads.
inline constexpr int64_t kMaxDocumentBytes = 10 * 1024 * 1024;
// "application/pdf", "image/jpeg" or "image/png" from the file's first bytes; empty otherwise.
std::string SniffContentType(std::string_view bytes);

class CaseService {
 public:
  // `now` returns the current UTC time as ISO 8601 (tests and the demo pass their own clock). Each
  // operation decides under the library current in `policies` when it starts (a version published
  // meanwhile applies to later operations).
  CaseService(CaseStore& store, policy::Registry& policies, FileStore& files,
              std::function<std::string()> now);

  struct Submitted {
    Case c;
    std::string access_code;  // shown to the applicant once; only its hash is stored
  };
  // Validates the application (every field named on error), computes the deadline from the policy
  // in force on the filing date, decides, and moves the case to awaiting-documents or
  // ready-for-review. Answered only after commit.
  std::expected<Submitted, Error> Submit(Application application, const Actor& actor);

  std::expected<Case, Error> Get(const std::string& number, const Actor& actor);
  std::expected<Case, Error> GetForApplicant(const std::string& number,
                                             const std::string& access_code);
  std::expected<CasePage, Error> List(const CaseFilter& filter, const Actor& actor);
  // Counts over the cases in the query's scope (the caller has checked it): backlog by state,
  // filings and decisions per day, decisions within the statutory deadline, the oldest open cases.
  std::expected<CaseStats, Error> Stats(const StatsQuery& query, const Actor& actor);

  // Adds a document (the file is checked by content and size) and re-decides while the case awaits
  // documents or review.
  std::expected<Case, Error> AddDocument(const std::string& number, Document document,
                                         std::string_view bytes, const Actor& actor);
  std::expected<std::string, Error> DocumentContent(const std::string& number, int64_t document_id,
                                                    const Actor& actor);

  // Officer actions. Each fails with kConflict when the lifecycle does not allow it from the
  // current state, or when another officer holds the case.
  std::expected<Case, Error> Claim(const std::string& number, const Actor& officer);
  std::expected<Case, Error> RequestDocuments(const std::string& number,
                                              const std::vector<std::string>& kinds,
                                              const std::string& reason, const Actor& officer);
  std::expected<Case, Error> Validate(const std::string& number, const Actor& officer);
  std::expected<Case, Error> Approve(const std::string& number, const std::string& reason,
                                     const Actor& officer);
  std::expected<Case, Error> Refuse(const std::string& number,
                                    const std::vector<policy::Ground>& grounds,
                                    const Actor& officer);
  std::expected<Case, Error> Redecide(const std::string& number, const Actor& actor);
  std::expected<Case, Error> Appeal(const std::string& number, const std::string& reason,
                                    const Actor& applicant);
  std::expected<Case, Error> DecideAppeal(const std::string& number, bool upheld,
                                          const std::string& reason, const Actor& officer);
  std::expected<Case, Error> Withdraw(const std::string& number, const std::string& reason,
                                      const Actor& actor);

 private:
  // Moves `c` to `to`, records the transition (who, when, why) and commits it with its audit entry.
  std::expected<Case, Error> Commit(Case c, State to, const Actor& actor, std::string action,
                                    std::string reason);
  // Decides `c` under the law in force on its filing date.
  std::expected<void, Error> Decide(Case& c);

  CaseStore& store_;
  policy::Registry& policies_;
  FileStore& files_;
  std::function<std::string()> now_;
};

}  // namespace tamga::cases

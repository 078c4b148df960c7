// Screening of applicants (docs/screening.md): against every current watchlist entry of the lists
// that apply in the case's jurisdiction, and against every earlier application (duplicates,
// earlier refusals, parallel applications). Both are kept in memory behind blocking indexes, so a
// screening compares the applicant with a few candidates, not with millions of records.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "cases/case_store.h"
#include "cases/model.h"
#include "store/database.h"
#include "watchlist/watchlist.h"

namespace tamga::cases {

// The applicant as screening compares them: the name as in the passport and in the native script,
// the birth date, citizenships, and the numbers of the passport and the other documents.
watchlist::Person ApplicantPerson(const Application& app);
// Hex SHA-256 of what ApplicantPerson compares (a hit's applicant fingerprint).
std::string PersonFingerprint(const watchlist::Person& person);

// A stored application found by an officer's search.
struct PersonFound {
  std::string number;
  std::string jurisdiction;
  std::string name;  // as the application recorded it
  double score = 0;
  std::string evidence;  // JSON, as on a hit
};

class Screener {
 public:
  // Lists come from `db` (watchlist tables); earlier applications from the `case_subjects`
  // table that `store` fills with each new case, and their states from `store`.
  Screener(store::Database& db, CaseStore& store);
  ~Screener();

  // Loads every current list entry and every stored applicant. Call once before use.
  std::expected<void, Error> Load();
  // Reloads the lists when a version was imported since they were loaded; true if it did.
  std::expected<bool, Error> RefreshLists();

  struct Scope {
    bool lists = true;
    bool applications = true;
    std::string only_list;     // non-empty: only this list
    int64_t only_version = 0;  // with only_list: only entries added or changed in this version
  };
  // New hits for `c`: records scoring at least watchlist::kHitThreshold that are not on the case
  // yet and were not adjudicated for the same two records. Ids continue the case's.
  std::expected<std::vector<ScreeningHit>, Error> Screen(const Case& c, const std::string& at,
                                                         const Scope& scope) const;
  std::expected<std::vector<ScreeningHit>, Error> Screen(const Case& c,
                                                         const std::string& at) const {
    return Screen(c, at, Scope{});
  }
  // Makes a stored case findable by later screenings and searches.
  void Remember(const Case& c);
  // Numbers of stored cases whose applicant may be `subject` (re-screening after a list change).
  std::vector<std::string> CasesLike(const watchlist::Person& subject) const;
  // Stored applications like `query`, best first, scoring at least `min_score`, in the given
  // jurisdictions (empty: all).
  std::vector<PersonFound> Search(const watchlist::Person& query,
                                  const std::vector<std::string>& jurisdictions,
                                  double min_score = 0.6, size_t limit = 20) const;

  // List versions whose changes open cases were not yet screened against, oldest first, and the
  // entries a version added or changed.
  std::expected<std::vector<watchlist::Version>, Error> VersionsToRescreen() const;
  std::expected<std::vector<watchlist::ListedSubject>, Error> ChangedIn(
      const watchlist::Version& version) const;

  // Every list with its versions, newest first.
  struct Overview {
    std::vector<watchlist::List> lists;
    std::vector<watchlist::Version> versions;
  };
  std::expected<Overview, Error> Lists() const;

  size_t ListEntries() const;
  size_t Applicants() const;

 private:
  struct ListIndex;
  struct Applications;
  std::expected<std::shared_ptr<const ListIndex>, Error> LoadLists() const;

  store::Database& db_;
  CaseStore& store_;
  mutable std::shared_mutex mutex_;  // guards the pointers and the applications index
  std::shared_ptr<const ListIndex> lists_;
  std::unique_ptr<Applications> applications_;
};

}  // namespace tamga::cases

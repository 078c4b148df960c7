// Whether two records describe the same person: names in any script and transliteration, birth
// dates (full or partial), citizenships and document numbers, with the evidence for the score
// (docs/screening.md). Used for watchlist entries and for earlier applications alike.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "identity/names.h"

namespace tamga::watchlist {

// A person as a list or an application records them.
struct Person {
  std::vector<std::string> names;         // the first is the primary name; others are aliases
  std::vector<std::string> birth_dates;   // "YYYY-MM-DD", "YYYY-MM" or "YYYY"
  std::vector<std::string> citizenships;  // ISO 3166-1 alpha-3 (or ICAO 9303 codes)
  std::vector<std::string> documents;     // document numbers as printed
};

// A person with their names split and spelt out once, for comparing with many others.
struct PreparedPerson {
  explicit PreparedPerson(Person p);
  Person person;
  std::vector<identity::PreparedName> names;
  std::vector<std::string> documents;  // normalized: upper-case letters and digits only
};

// What raised or lowered a score beyond the names.
struct Factor {
  std::string name;    // "birth-date", "citizenship", "document"
  double effect = 0;   // added to the name score
  std::string detail;  // "1985-03-14 on both", "day and month swapped: 1985-03-04 / 1985-04-03"
};

struct PersonMatch {
  double score = 0;                   // 0..1: the name score plus the factors' effects, clamped
  double name_score = 0;              // the best name pair's score
  std::string left_name, right_name;  // the names of that pair, as recorded
  identity::NameMatch name;           // per-part evidence of that pair
  std::vector<Factor> factors;
};

// Compares every name of `a` with every name of `b`, keeps the best pair, and adds the factors:
// birth dates (same full date +0.08; same as far as both state, e.g. year only, +0.03; day and
// month swapped +0.04; same year but another day -0.20; another year -0.30), citizenships (one in
// common +0.02; both known and none in common -0.05) and document numbers (one in common +0.25).
PersonMatch ComparePersons(const PreparedPerson& a, const PreparedPerson& b);

// Scores at or above this raise a screening hit.
inline constexpr double kHitThreshold = 0.80;

// The letters and digits of a document number, upper case ("ab 123-45" -> "AB12345").
std::string NormalizeDocumentNumber(std::string_view number);

// A blocking index over many persons: finds, for a query person, the few recorded persons worth a
// full comparison without comparing them all (docs/screening.md). Refs are looked up under the
// query's rare name parts (keys of identity::PreparedName::PartKeys held by at most
// kRarePartLimit persons; the rarest part when none is rare), its full birth dates and its
// document numbers. Of those, a candidate shares a document number with the query; or shares keys
// for at least two parts of a query name, or for one part when either name has one part only or
// a full birth date is the same (which covers a typo in the other part). A person whose stated
// birth years all differ from the query's cannot reach kHitThreshold without a shared document
// (at most 1.0 - 0.30 + 0.02) and is left out. Not thread-safe for writing: callers guard Add
// against concurrent Candidates.
class PersonIndex {
 public:
  static constexpr size_t kRarePartLimit = 2000;

  // Records `person` under `ref` (cheapest when refs come in increasing order).
  void Add(uint32_t ref, const PreparedPerson& person);
  // Candidates for `query`, the most shared parts first, at most `limit`.
  std::vector<uint32_t> Candidates(const PreparedPerson& query, size_t limit = 256) const;
  size_t size() const { return count_; }

 private:
  bool SameBirthDate(uint32_t ref, const std::vector<uint32_t>& dates) const;
  // Both sides state birth years and none is shared.
  bool OtherYears(uint32_t ref, const std::vector<uint16_t>& years) const;

  std::unordered_map<std::string, std::vector<uint32_t>> postings_;  // key -> refs, ascending
  std::vector<uint32_t> birth_;  // by ref: the first full birth date as yyyymmdd, 0 if none
  std::vector<uint16_t> year_;   // by ref: the first birth year, 0 if none
  std::vector<uint8_t> parts_;   // by ref: the fewest parts among its names
  // Refs with several birth dates: all full dates and years.
  std::unordered_map<uint32_t, std::pair<std::vector<uint32_t>, std::vector<uint16_t>>> more_;
  size_t count_ = 0;
};

}  // namespace tamga::watchlist

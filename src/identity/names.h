// Matching of personal names across scripts and transliteration systems, with the evidence for
// each decision: which part of one name matched which part of the other, and how.
//
// A name is split into parts (spaces, hyphens, commas, MRZ '<' fillers; honorifics dropped). Each
// Cyrillic part is spelt in Latin under the systems passports and registers have used (ICAO 9303
// 2013, FMS 2010-2013, Russian foreign passports 1997-2010, Soviet French-style, BGN/PCGN,
// GOST 7.79 A and B, Ukrainian national 2010, ICU Any-Latin); every spelling is reduced to a
// phonetic "skeleton" (ASCII, doubled letters collapsed, y/i/j, ks/x, kh/h, ts/c, ou/u unified).
// Parts are paired independently of order; a patronymic missing on one side costs little, gendered
// surname forms (Ivanov/Ivanova) match with a penalty, typos are scored by Damerau-Levenshtein.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tamga::identity {

enum class PartMatch { kExact, kTransliteration, kEditDistance, kPhonetic, kGenderForm, kNone };

struct PartEvidence {
  std::string left, right;  // the parts as written in the inputs (upper case)
  PartMatch how;
  double score;        // 0..1
  std::string detail;  // e.g. the transliteration system or the compared skeletons
};

struct NameMatch {
  double score;  // 0..1
  std::vector<PartEvidence> parts;
  std::vector<std::string> unmatched_left, unmatched_right;
};

// A name split into parts with every spelling of every part worked out once, for comparing one
// name with many (screening). Cheap to copy (shared, immutable); safe to use from many threads.
class PreparedName {
 public:
  explicit PreparedName(std::string_view name);
  bool empty() const;  // no part with a letter
  // Blocking keys, per part: the masculine phonetic skeleton of each spelling of the part. When
  // MatchNames pairs two parts by an exact, transliteration, phonetic or gender-form match, they
  // share a key; parts paired only by edit distance may share none.
  std::vector<std::vector<std::string>> PartKeys() const;

 private:
  friend NameMatch MatchNames(const PreparedName& a, const PreparedName& b);
  struct Parts;
  std::shared_ptr<const Parts> parts_;
};

// Compares two names in any script (Cyrillic, Latin with or without diacritics) and any order.
// Deterministic.
NameMatch MatchNames(std::string_view a, std::string_view b);
NameMatch MatchNames(const PreparedName& a, const PreparedName& b);

std::string_view PartMatchName(PartMatch how);

// Scores at or above this are a match (chosen on bench/names/pairs.csv).
inline constexpr double kDefaultThreshold = 0.80;

}  // namespace tamga::identity

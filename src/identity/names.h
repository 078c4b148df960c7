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

// Compares two names in any script (Cyrillic, Latin with or without diacritics) and any order.
// Deterministic.
NameMatch MatchNames(std::string_view a, std::string_view b);

std::string_view PartMatchName(PartMatch how);

// Scores at or above this are a match (chosen on bench/names/pairs.csv).
inline constexpr double kDefaultThreshold = 0.80;

}  // namespace tamga::identity

// Transliteration of names from Cyrillic to Latin script, as passports and databases spell them.
// Rules run through ICU's rule-based transliterator.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace tamga::identity {

enum class Scheme {
  kIcao9303,  // ICAO Doc 9303 part 3 (machine-readable passports since 2013): Щ -> SHCH, Ц -> TS
  kGost7034,  // GOST R 7.0.34-2014 simplified (e.g. Ц -> C, Щ -> SHH)
  kBgn,       // BGN/PCGN romanization (ICU's Russian-Latin/BGN)
};

// The name in Latin letters, upper case for kIcao9303 (as in the MRZ and the data page), mixed case
// otherwise. Characters outside Cyrillic pass through unchanged.
std::expected<std::string, std::string> Transliterate(std::string_view name, Scheme scheme);

}  // namespace tamga::identity

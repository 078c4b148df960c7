#include "identity/transliteration.h"

#include <gtest/gtest.h>

namespace tamga::identity {
namespace {

std::string Icao(std::string_view s) { return Transliterate(s, Scheme::kIcao9303).value(); }

TEST(TransliterationTest, IcaoDoc9303) {
  EXPECT_EQ(Icao("Щукин Юрий"), "SHCHUKIN IURII");
  EXPECT_EQ(Icao("Царёва Наталья"), "TSAREVA NATALIA");
  EXPECT_EQ(Icao("Объедков"), "OBIEEDKOV");  // Ъ -> IE, then Е -> E
  EXPECT_EQ(Icao("Хрущёв"), "KHRUSHCHEV");
  EXPECT_EQ(Icao("Smith"), "SMITH");
}

TEST(TransliterationTest, GostAndBgn) {
  EXPECT_EQ(Transliterate("Щукин", Scheme::kGost7034).value(), "Shhukin");
  EXPECT_EQ(Transliterate("Щукин", Scheme::kBgn).value(), "Shchukin");
}

}  // namespace
}  // namespace tamga::identity

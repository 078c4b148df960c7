#include "identity/mrz.h"

#include <gtest/gtest.h>

namespace tamga::identity {
namespace {

// The specimen of ICAO Doc 9303 part 4, appendix: Utopia, Anna Maria Eriksson.
constexpr char kSpecimen[] =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

TEST(MrzTest, ParsesTheIcaoSpecimen) {
  auto td3 = ParseTd3(kSpecimen, 2026);
  ASSERT_TRUE(td3.has_value()) << td3.error().message;
  EXPECT_EQ(td3->issuing_state, "UTO");
  EXPECT_EQ(td3->surname, "ERIKSSON");
  EXPECT_EQ(td3->given_names, "ANNA MARIA");
  EXPECT_EQ(td3->number, "L898902C3");
  EXPECT_EQ(td3->nationality, "UTO");
  EXPECT_EQ(td3->birth_date, "1974-08-12");
  EXPECT_EQ(td3->sex, "F");
  EXPECT_EQ(td3->expiry_date, "2012-04-15");
  EXPECT_EQ(td3->personal_number, "ZE184226B");
}

TEST(MrzTest, CheckDigitsAreVerifiedNamingThePosition) {
  std::string bad = kSpecimen;
  bad[45 + 9] = '5';  // the document number's check digit
  auto td3 = ParseTd3(bad, 2026);
  ASSERT_FALSE(td3.has_value());
  EXPECT_EQ(td3.error().line, 2);
  EXPECT_EQ(td3.error().position, 10);
  EXPECT_NE(td3.error().message.find("document number"), std::string::npos);
  EXPECT_EQ(CheckDigit("L898902C3"), 6);
  EXPECT_EQ(CheckDigit("740812"), 2);
}

TEST(MrzTest, MalformedTextIsRefused) {
  EXPECT_FALSE(ParseTd3("P<UTO", 2026).has_value());
  std::string lower = kSpecimen;
  lower[5] = 'e';
  auto td3 = ParseTd3(lower, 2026);
  ASSERT_FALSE(td3.has_value());
  EXPECT_EQ(td3.error().line, 1);
  EXPECT_EQ(td3.error().position, 6);
}

TEST(MrzTest, FormatRoundTrips) {
  Td3 t;
  t.issuing_state = "RUS";
  t.surname = "IVANOVA";
  t.given_names = "ANNA";
  t.number = "751234567";
  t.nationality = "RUS";
  t.birth_date = "1990-05-17";
  t.sex = "F";
  t.expiry_date = "2030-01-01";
  std::string text = FormatTd3(t);
  auto back = ParseTd3(text, 2026);
  ASSERT_TRUE(back.has_value()) << back.error().message << "\n" << text;
  EXPECT_EQ(back->surname, "IVANOVA");
  EXPECT_EQ(back->number, "751234567");
  EXPECT_EQ(back->birth_date, "1990-05-17");
  EXPECT_EQ(back->expiry_date, "2030-01-01");
  EXPECT_EQ(FormatTd3(*back), text);
}

}  // namespace
}  // namespace tamga::identity

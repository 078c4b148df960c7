#include "identity/mrz.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

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

// ---- ParseMrz: every ICAO 9303 document ----
//
// The specimens are those printed in ICAO Doc 9303 (eighth edition, 2021) for the fictitious
// state of Utopia: part 5 appendix (TD1), part 6 appendix (TD2), part 4 appendix (TD3), part 7
// appendix (MRV-A, MRV-B). Every check digit was recomputed by hand from part 3 4.9 (weights
// 7-3-1) before being used here.

using Lines = std::vector<std::string>;

const Lines kTd1 = {"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"};
const Lines kTd2 = {"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"};
const Lines kTd3 = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                    "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};
const Lines kMrvA = {"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                     "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"};
const Lines kMrvB = {"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
                     "L8988901C4XXX4009078F9612109<<<<<<<<"};

std::string Errors(const MachineReadableZone& z) {
  std::string out;
  for (const std::string& e : z.errors) out += (out.empty() ? "" : ",") + e;
  return out;
}

// The check digits of part 3 4.9 on the specimens' fields.
TEST(ParseMrzTest, CheckDigitsOfTheSpecimens_9303_3_4_9) {
  EXPECT_EQ(CheckDigit("D23145890"), 7);
  EXPECT_EQ(CheckDigit("L8988901C"), 4);
  EXPECT_EQ(CheckDigit("400907"), 8);
  EXPECT_EQ(CheckDigit("961210"), 9);
  EXPECT_EQ(CheckDigit("120415"), 9);
  EXPECT_EQ(CheckDigit("ZE184226B<<<<<"), 1);
  EXPECT_EQ(CheckDigit("a"), -1);
}

// 9303-5 4.2.2 and appendix A: TD1 specimen.
TEST(ParseMrzTest, Td1Specimen_9303_5) {
  auto z = ParseMrz(kTd1, 2026);
  EXPECT_TRUE(z.valid) << Errors(z);
  EXPECT_EQ(z.format, MrzFormat::kTd1);
  EXPECT_EQ(z.document_code, "I");
  EXPECT_EQ(z.issuing_state, "UTO");
  EXPECT_EQ(z.document_number, "D23145890");
  EXPECT_EQ(z.nationality, "UTO");
  EXPECT_EQ(z.date_of_birth, "1974-08-12");
  EXPECT_EQ(z.sex, "F");
  EXPECT_EQ(z.expiry_date, "2012-04-15");
  EXPECT_EQ(z.surname, "ERIKSSON");
  EXPECT_EQ(z.given_names, "ANNA MARIA");
  EXPECT_FALSE(z.name_may_be_truncated);
  EXPECT_EQ(z.optional_data, "");
  EXPECT_EQ(z.optional_data_2, "");
}

// 9303-6 4.2.2 and appendix A: TD2 specimen.
TEST(ParseMrzTest, Td2Specimen_9303_6) {
  auto z = ParseMrz(kTd2, 2026);
  EXPECT_TRUE(z.valid) << Errors(z);
  EXPECT_EQ(z.format, MrzFormat::kTd2);
  EXPECT_EQ(z.document_code, "I");
  EXPECT_EQ(z.document_number, "D23145890");
  EXPECT_EQ(z.date_of_birth, "1974-08-12");
  EXPECT_EQ(z.expiry_date, "2012-04-15");
  EXPECT_EQ(z.surname, "ERIKSSON");
  EXPECT_EQ(z.given_names, "ANNA MARIA");
}

// 9303-4 4.2.2 and appendix A: TD3 (passport) specimen.
TEST(ParseMrzTest, Td3Specimen_9303_4) {
  auto z = ParseMrz(kTd3, 2026);
  EXPECT_TRUE(z.valid) << Errors(z);
  EXPECT_EQ(z.format, MrzFormat::kTd3);
  EXPECT_EQ(z.document_code, "P");
  EXPECT_EQ(z.document_number, "L898902C3");
  EXPECT_EQ(z.nationality, "UTO");
  EXPECT_EQ(z.date_of_birth, "1974-08-12");
  EXPECT_EQ(z.expiry_date, "2012-04-15");
  EXPECT_EQ(z.optional_data, "ZE184226B");
  EXPECT_EQ(z.surname, "ERIKSSON");
  EXPECT_EQ(z.given_names, "ANNA MARIA");
}

// 9303-7 4.2.2 and appendix A: MRV-A specimen (no composite check digit; optional data 29-44).
TEST(ParseMrzTest, MrvASpecimen_9303_7) {
  auto z = ParseMrz(kMrvA, 2026);
  EXPECT_TRUE(z.valid) << Errors(z);
  EXPECT_EQ(z.format, MrzFormat::kMrvA);
  EXPECT_EQ(z.document_code, "V");
  EXPECT_EQ(z.issuing_state, "UTO");
  EXPECT_EQ(z.document_number, "L8988901C");
  EXPECT_EQ(z.nationality, "XXX");
  EXPECT_EQ(z.date_of_birth, "1940-09-07");
  EXPECT_EQ(z.sex, "F");
  EXPECT_EQ(z.expiry_date, "1996-12-10");  // 2096 is beyond reference + 50
  EXPECT_EQ(z.optional_data, "6ZE184226B");
  EXPECT_EQ(z.surname, "ERIKSSON");
  EXPECT_EQ(z.given_names, "ANNA MARIA");
}

// 9303-7 4.2.2 and appendix A: MRV-B specimen (optional data 29-36).
TEST(ParseMrzTest, MrvBSpecimen_9303_7) {
  auto z = ParseMrz(kMrvB, 2026);
  EXPECT_TRUE(z.valid) << Errors(z);
  EXPECT_EQ(z.format, MrzFormat::kMrvB);
  EXPECT_EQ(z.document_number, "L8988901C");
  EXPECT_EQ(z.date_of_birth, "1940-09-07");
  EXPECT_EQ(z.expiry_date, "1996-12-10");
  EXPECT_EQ(z.optional_data, "");
}

// Each check digit damaged in turn names exactly its field. In TD1/TD2/TD3 the composite check
// digit also covers the field check digits (9303-5/6/4 4.2.2), so it fails with them; damaging
// the composite digit alone names only "composite". Visas have no composite (9303-7).
TEST(ParseMrzTest, EachDamagedCheckDigitNamesItsField) {
  struct Case {
    const char* name;
    const Lines* lines;
    size_t line, column;  // 0-based
    const char* expected;
  };
  const Case cases[] = {
      {"TD1 number (9303-5)", &kTd1, 0, 14, "document_number,composite"},
      {"TD1 birth", &kTd1, 1, 6, "date_of_birth,composite"},
      {"TD1 expiry", &kTd1, 1, 14, "expiry_date,composite"},
      {"TD1 composite", &kTd1, 1, 29, "composite"},
      {"TD2 number (9303-6)", &kTd2, 1, 9, "document_number,composite"},
      {"TD2 birth", &kTd2, 1, 19, "date_of_birth,composite"},
      {"TD2 expiry", &kTd2, 1, 27, "expiry_date,composite"},
      {"TD2 composite", &kTd2, 1, 35, "composite"},
      {"TD3 number (9303-4)", &kTd3, 1, 9, "document_number,composite"},
      {"TD3 birth", &kTd3, 1, 19, "date_of_birth,composite"},
      {"TD3 expiry", &kTd3, 1, 27, "expiry_date,composite"},
      {"TD3 personal number", &kTd3, 1, 42, "optional_data,composite"},
      {"TD3 composite", &kTd3, 1, 43, "composite"},
      {"MRV-A number (9303-7)", &kMrvA, 1, 9, "document_number"},
      {"MRV-A birth", &kMrvA, 1, 19, "date_of_birth"},
      {"MRV-A expiry", &kMrvA, 1, 27, "expiry_date"},
      {"MRV-B number", &kMrvB, 1, 9, "document_number"},
      {"MRV-B birth", &kMrvB, 1, 19, "date_of_birth"},
      {"MRV-B expiry", &kMrvB, 1, 27, "expiry_date"},
  };
  for (const Case& c : cases) {
    Lines lines = *c.lines;
    char& digit = lines[c.line][c.column];
    ASSERT_TRUE(digit >= '0' && digit <= '9') << c.name;
    digit = static_cast<char>('0' + (digit - '0' + 1) % 10);
    auto z = ParseMrz(lines, 2026);
    EXPECT_FALSE(z.valid) << c.name;
    EXPECT_EQ(Errors(z), c.expected) << c.name;
  }
}

// Damaged data (not the digit) fails the same checks; visas' optional data carries no check.
TEST(ParseMrzTest, DamagedDataFailsItsCheck) {
  Lines td3 = kTd3;
  td3[1][2] = '7';  // document number L898902C3 -> L878902C3
  EXPECT_EQ(Errors(ParseMrz(td3, 2026)), "document_number,composite");
  Lines td1 = kTd1;
  // ('A' would go unnoticed: its value 10 times weight 7 is 0 modulo 10.)
  td1[0][20] = 'B';  // optional data of line 1: only the composite covers it (9303-5)
  EXPECT_EQ(Errors(ParseMrz(td1, 2026)), "composite");
  Lines mrva = kMrvA;
  mrva[1][30] = 'Q';  // optional data of a visa: no check digit at all (9303-7)
  EXPECT_TRUE(ParseMrz(mrva, 2026).valid);
}

// 9303-3 4.1 (MRZ alphabet: A-Z, 0-9, '<') and the line sizes of parts 4-7.
TEST(ParseMrzTest, MalformedInputIsReportedWithoutCrashing) {
  Lines shorter = kTd3;
  shorter[1].pop_back();
  auto z = ParseMrz(shorter, 2026);
  EXPECT_FALSE(z.valid);
  EXPECT_EQ(Errors(z), "line_length");
  EXPECT_EQ(z.document_number, "");

  Lines mixed = {kTd3[0], kTd2[1]};  // 44 and 36
  EXPECT_EQ(Errors(ParseMrz(mixed, 2026)), "line_length");
  Lines td1_short = kTd1;
  td1_short[2] += "<";
  EXPECT_EQ(Errors(ParseMrz(td1_short, 2026)), "line_length");

  Lines lower = kTd3;
  lower[0][5] = 'e';  // in the name: no check digit covers it
  z = ParseMrz(lower, 2026);
  EXPECT_EQ(Errors(z), "alphabet");
  Lines lower_number = kTd1;
  lower_number[0][5] = 'd';  // in the document number: its checks cannot pass either
  EXPECT_EQ(Errors(ParseMrz(lower_number, 2026)), "alphabet,document_number,composite");
  Lines bad = kMrvB;
  bad[0][10] = '-';
  bad[1][30] = '\xc3';
  EXPECT_EQ(Errors(ParseMrz(bad, 2026)), "alphabet");

  EXPECT_EQ(Errors(ParseMrz({}, 2026)), "line_count");
  EXPECT_EQ(Errors(ParseMrz({kTd3[0]}, 2026)), "line_count");
  EXPECT_EQ(Errors(ParseMrz({"", "  ", "\r"}, 2026)), "line_count");
  EXPECT_EQ(Errors(ParseMrz({kTd1[0], kTd1[1], kTd1[2], kTd1[2]}, 2026)), "line_count");
}

// Field-level malformations: state codes (9303-3 5), sex (9303-4 4.2.2 note), document code.
TEST(ParseMrzTest, MalformedFieldsAreNamed) {
  Lines td3 = kTd3;
  td3[0][3] = '1';  // issuing state "U1O" (no check digit covers line 1)
  EXPECT_EQ(Errors(ParseMrz(td3, 2026)), "issuing_state");
  td3 = kTd3;
  td3[0][0] = 'I';  // a TD3 code starts with P (9303-4)
  EXPECT_EQ(Errors(ParseMrz(td3, 2026)), "document_code");
  td3 = kTd3;
  td3[1][20] = 'Q';  // sex; also covered by no check digit
  EXPECT_EQ(Errors(ParseMrz(td3, 2026)), "sex");
  Lines td1 = kTd1;
  td1[0][1] = 'V';  // "IV": V is not allowed as second character of an MROTD code (9303-5)
  EXPECT_EQ(Errors(ParseMrz(td1, 2026)), "document_code");
}

// 9303-3 4.8: unknown parts of the date of birth are '<'; the check digit still covers them.
TEST(ParseMrzTest, UnknownBirthDateParts) {
  Lines td3 = {kTd3[0], "L898902C36UTO74<<<<1F1204159ZE184226B<<<<<18"};
  auto z = ParseMrz(td3, 2026);
  EXPECT_TRUE(z.valid) << Errors(z);
  EXPECT_EQ(z.date_of_birth, "1974-XX-XX");
}

// Two-digit years: birth dates never after the reference year; expiry dates within
// [reference - 49, reference + 50].
TEST(ParseMrzTest, CenturyWindows) {
  auto z = ParseMrz(kTd3, 1950);  // born "74" seen from 1950: 1874
  EXPECT_EQ(z.date_of_birth, "1874-08-12");
  EXPECT_EQ(z.expiry_date, "1912-04-15");  // 2012 > 1950 + 50
  z = ParseMrz(kMrvA, 2046);               // "96" seen from 2046: 2096 = 2046 + 50
  EXPECT_EQ(z.expiry_date, "2096-12-10");
  z = ParseMrz(kTd3, 2074);  // born in the reference year itself is allowed
  EXPECT_EQ(z.date_of_birth, "2074-08-12");
}

// 9303-5 4.2.2 note: a TD1 document number longer than nine characters has '<' in position 15
// and continues in the optional data, followed by its check digit (over the whole number).
TEST(ParseMrzTest, Td1LongDocumentNumber_9303_5) {
  Lines td1 = {"I<UTOD23145890<1233<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<2",
               "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"};
  auto z = ParseMrz(td1, 2026);
  EXPECT_TRUE(z.valid) << Errors(z);
  EXPECT_EQ(z.document_number, "D23145890123");
  EXPECT_EQ(z.optional_data, "");
  td1[0][18] = '4';  // the long number's check digit
  z = ParseMrz(td1, 2026);
  EXPECT_EQ(Errors(z), "document_number,composite");
}

// 9303-6 4.2.2 note: the same overflow for TD2, into positions 29-35 of line 2.
TEST(ParseMrzTest, Td2LongDocumentNumber_9303_6) {
  Lines td2 = {kTd2[0], "D23145890<UTO7408122F12041591233<<<4"};
  auto z = ParseMrz(td2, 2026);
  EXPECT_TRUE(z.valid) << Errors(z);
  EXPECT_EQ(z.document_number, "D23145890123");
  EXPECT_EQ(z.optional_data, "");
}

// 9303-3 4.6: '<<' separates the primary and secondary identifiers; a name that fills the field
// may have been truncated and is returned as is.
TEST(ParseMrzTest, NamesAndTruncation) {
  Lines td1 = kTd1;
  td1[2] = "VAN<DER<BERG<<MARIA<LUISA<ANNA";  // exactly 30, last character not a filler
  ASSERT_EQ(td1[2].size(), 30u);
  auto z = ParseMrz(td1, 2026);
  EXPECT_TRUE(z.valid) << Errors(z);
  EXPECT_EQ(z.surname, "VAN DER BERG");
  EXPECT_EQ(z.given_names, "MARIA LUISA ANNA");
  EXPECT_TRUE(z.name_may_be_truncated);
  td1[2] = "ERIKSSON<<<<<<<<<<<<<<<<<<<<<<";  // primary identifier only
  z = ParseMrz(td1, 2026);
  EXPECT_EQ(z.surname, "ERIKSSON");
  EXPECT_EQ(z.given_names, "");
}

TEST(ParseMrzTest, TextWithNewlinesAndJson) {
  auto z = ParseMrzText(
      "  I<UTOD231458907<<<<<<<<<<<<<<<\r\n7408122F1204159UTO<<<<<<<<<<<6\r\n"
      "ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n",
      2026);
  EXPECT_TRUE(z.valid) << Errors(z);
  EXPECT_EQ(MrzJson(z),
            R"({"valid":true,"format":"TD1","document_code":"I","issuing_state":"UTO",)"
            R"("document_number":"D23145890","nationality":"UTO","date_of_birth":"1974-08-12",)"
            R"("sex":"F","expiry_date":"2012-04-15","surname":"ERIKSSON",)"
            R"("given_names":"ANNA MARIA","optional_data":"","optional_data_2":"","errors":[]})");
  Lines bad = kMrvB;
  bad[0][10] = '"';
  bad[0][11] = '\x01';
  bad[1][9] = '0';
  std::string json = MrzJson(ParseMrz(bad, 2026));
  EXPECT_NE(json.find(R"("valid":false,"format":"MRVB")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"(\"\u0001)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("errors":["alphabet","document_number"])"), std::string::npos) << json;
}

// Random mutations of the specimens (substitutions with any byte, insertions, deletions, lines
// dropped or duplicated) never crash, and valid is exactly "no errors".
TEST(ParseMrzTest, RandomMutationsNeverCrash) {
  const Lines* specimens[] = {&kTd1, &kTd2, &kTd3, &kMrvA, &kMrvB};
  std::mt19937 rng(9303);
  int valid = 0;
  for (int i = 0; i < 2000; ++i) {
    Lines lines = *specimens[i % 5];
    int mutations = 1 + static_cast<int>(rng() % 4);
    for (int m = 0; m < mutations && !lines.empty(); ++m) {
      std::string& line = lines[rng() % lines.size()];
      size_t at = line.empty() ? 0 : rng() % line.size();
      static constexpr char kMrzChars[] = "<<<<0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
      char c = rng() % 3 == 0 ? static_cast<char>(rng() % 256)
                              : kMrzChars[rng() % (sizeof(kMrzChars) - 1)];
      switch (rng() % 6) {
        case 0:
          line.insert(line.begin() + static_cast<long>(at), c);
          break;
        case 1:
          if (!line.empty()) line.erase(at, 1);
          break;
        case 2:
          lines.erase(lines.begin() + static_cast<long>(rng() % lines.size()));
          break;
        case 3:
          lines.push_back(lines[rng() % lines.size()]);
          break;
        default:
          if (!line.empty()) line[at] = c;
      }
    }
    auto z = ParseMrz(lines, 1900 + static_cast<int>(rng() % 200));
    EXPECT_EQ(z.valid, z.errors.empty());
    EXPECT_FALSE(MrzJson(z).empty());
    valid += z.valid;
  }
  EXPECT_LT(valid, 2000);
}

}  // namespace
}  // namespace tamga::identity

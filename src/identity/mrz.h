// The machine-readable zone of travel documents (ICAO Doc 9303): the TD3 passport API (part 4:
// two lines of 44 characters; parsing with check-digit verification, and formatting for demo data
// and tests), and ParseMrz for every machine-readable travel document: TD1 (part 5), TD2
// (part 6), TD3 (part 4), MRV-A and MRV-B visas (part 7). Common rules (alphabet, check digits,
// names, dates) are part 3.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace tamga::identity {

struct Td3 {
  std::string document_code = "P";  // "P" or "P" followed by a state-defined letter
  std::string issuing_state;        // ICAO 3-letter code
  std::string surname;              // as in the MRZ, '<' read as space: "IVANOVA"
  std::string given_names;          // "ANNA MARIA"
  std::string number;               // without filler: "751234567"
  std::string nationality;
  std::string birth_date;       // ISO "1990-05-17" (century inferred: not in the future)
  std::string sex;              // "M", "F" or "X" ('<' in the MRZ)
  std::string expiry_date;      // ISO "2030-01-01" (always 20YY)
  std::string personal_number;  // may be empty
};

// What is wrong with an MRZ: a message naming the line and 1-based position.
struct MrzError {
  int line = 0;
  int position = 0;
  std::string message;
};

// The check digit of ICAO 9303 (weights 7, 3, 1; digits, A=10..Z=35, '<'=0). -1 for a character
// outside the MRZ alphabet.
int CheckDigit(std::string_view field);

// Parses two TD3 lines (separated by a newline; surrounding whitespace ignored). `this_year`
// decides the century of the birth date. Every check digit must match.
std::expected<Td3, MrzError> ParseTd3(std::string_view text, int this_year);

// The two lines for `td3`, check digits computed; names already in MRZ letters (A-Z and spaces).
std::string FormatTd3(const Td3& td3);

// ---- Every ICAO 9303 machine-readable travel document ----

enum class MrzFormat {
  kTd1,   // 9303-5: three lines of 30 (identity cards)
  kTd2,   // 9303-6: two lines of 36
  kTd3,   // 9303-4: two lines of 44 (passports)
  kMrvA,  // 9303-7: two lines of 44, document code starting with 'V'
  kMrvB,  // 9303-7: two lines of 36, document code starting with 'V'
};

// "TD1", "TD2", "TD3", "MRVA", "MRVB".
std::string_view MrzFormatName(MrzFormat format);

// A parsed MRZ. Fields are read at their positions even when a check fails (best effort), except
// after a "line_count"/"line_length" error, when the positions are meaningless and fields stay
// empty. '<' fillers are removed; '<' inside a field reads as a space.
struct MachineReadableZone {
  MrzFormat format = MrzFormat::kTd3;  // a guess when the line count is wrong
  std::string document_code;           // "P", "I", "ID", "V", "AC", ...
  std::string issuing_state;           // "UTO", "D" (German "D<<")
  // The whole number: for TD1/TD2 numbers longer than nine characters (9303-5 4.2.2, 9303-6
  // 4.2.2: filler in place of the check digit, the rest in the optional data followed by the
  // check digit) the nine characters and the overflow are joined.
  std::string document_number;
  std::string nationality;
  // Dates are ISO 8601 "1974-08-12". The century: birth dates are not after `reference_year`;
  // expiry dates lie within [reference_year - 49, reference_year + 50]. A date of birth whose
  // parts are unknown (filled with '<', 9303-3 4.8) keeps them as 'X' (ISO 8601-2 unspecified
  // digits): "1974-XX-XX", "XXXX-XX-XX". A malformed date is returned as the six MRZ characters.
  std::string date_of_birth;
  std::string sex;          // "M", "F" or "X" ('<' unspecified in the MRZ)
  std::string expiry_date;  // see date_of_birth ("valid until" for visas)
  // 9303-3 4.6: the primary identifier (surname) before the first "<<", the secondary after;
  // '<' between name parts reads as a space. A name filling the field to its last position may
  // have been truncated by the issuer: it is returned as is, and `name_may_be_truncated` is set.
  std::string surname;
  std::string given_names;
  bool name_may_be_truncated = false;
  // TD1: line 1 positions 16-30 (after a long document number's overflow); TD2: line 2 29-35
  // (idem); TD3: the personal number, line 2 29-42; MRV-A: line 2 29-44; MRV-B: line 2 29-36.
  std::string optional_data;
  std::string optional_data_2;  // TD1 only: line 2 positions 19-29
  bool valid = false;           // errors.empty()
  // Each name once, in the order checked: "line_count", "line_length", "alphabet",
  // "document_code", "issuing_state", "document_number", "nationality", "date_of_birth", "sex",
  // "expiry_date", "optional_data" (TD3 personal number check digit), "composite" (TD1/TD2/TD3;
  // visas have none), "name". A field is named when its check digit fails or it is malformed.
  std::vector<std::string> errors;
};

// Parses the lines of an MRZ (surrounding whitespace and empty lines ignored). The format comes
// from the line count and length, and the first letter (V: a visa). Never throws; every failing
// check is listed in `errors`.
MachineReadableZone ParseMrz(const std::vector<std::string>& lines, int reference_year);

// The same for text with the lines separated by newlines.
MachineReadableZone ParseMrzText(std::string_view text, int reference_year);

// One JSON object: valid, format, document_code, issuing_state, document_number, nationality,
// date_of_birth, sex, expiry_date, surname, given_names, optional_data, optional_data_2, errors.
// Bytes outside printable ASCII (only possible in an MRZ with an "alphabet" error) are written
// as \u00XX escapes, so the output is always valid JSON.
std::string MrzJson(const MachineReadableZone& mrz);

}  // namespace tamga::identity

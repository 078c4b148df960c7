// The machine-readable zone of a passport (ICAO Doc 9303 part 4, TD3: two lines of 44 characters):
// parsing with check-digit verification, and formatting (for demo data and tests).
#pragma once

#include <expected>
#include <string>
#include <string_view>

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

}  // namespace tamga::identity

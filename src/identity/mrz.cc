#include "identity/mrz.h"

#include <cctype>
#include <vector>

namespace tamga::identity {
namespace {

constexpr size_t kLineLength = 44;

int CharValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c == '<') return 0;
  return -1;
}

std::string Unfill(std::string_view s) {  // "IVANOV<<" -> "IVANOV"; "ANNA<MARIA" -> "ANNA MARIA"
  std::string out(s);
  for (char& c : out) {
    if (c == '<') c = ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string Fill(std::string_view s, size_t width) {
  std::string out;
  for (char c : s)
    out += (c == ' ' ? '<' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (out.size() > width) out.resize(width);
  out.append(width - out.size(), '<');
  return out;
}

// "900517" -> "1990-05-17"; the century is the latest one that does not put the date after
// `this_year` (birth dates), or always 20YY (expiry dates).
std::string IsoDate(std::string_view yymmdd, bool birth, int this_year) {
  int yy = std::stoi(std::string(yymmdd.substr(0, 2)));
  int year = 2000 + yy;
  if (birth && year > this_year) year -= 100;
  return std::to_string(year) + "-" + std::string(yymmdd.substr(2, 2)) + "-" +
         std::string(yymmdd.substr(4, 2));
}

std::string Yymmdd(std::string_view iso) {  // "1990-05-17" -> "900517"
  if (iso.size() != 10) return "<<<<<<";
  return std::string(iso.substr(2, 2)) + std::string(iso.substr(5, 2)) +
         std::string(iso.substr(8, 2));
}

struct Field {
  const char* name;
  size_t start, length;  // in line 2, 0-based
  size_t check;          // position of its check digit
};

constexpr Field kNumber{"document number", 0, 9, 9};
constexpr Field kBirth{"date of birth", 13, 6, 19};
constexpr Field kExpiry{"date of expiry", 21, 6, 27};
constexpr Field kPersonal{"personal number", 28, 14, 42};

std::expected<void, MrzError> Verify(std::string_view line2, const Field& f) {
  int expected = CheckDigit(line2.substr(f.start, f.length));
  char given = line2[f.check];
  // An empty personal number may carry '<' as its check digit.
  if (given == '<' && f.start == kPersonal.start && expected == 0) return {};
  if (expected < 0 || given != '0' + expected) {
    return std::unexpected(MrzError{2, static_cast<int>(f.check) + 1,
                                    std::string("check digit of the ") + f.name + " is '" + given +
                                        "', expected " + std::to_string(expected)});
  }
  return {};
}

bool IsDigits(std::string_view s) {
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

int CheckDigit(std::string_view field) {
  static constexpr int kWeights[] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < field.size(); ++i) {
    int v = CharValue(field[i]);
    if (v < 0) return -1;
    sum += v * kWeights[i % 3];
  }
  return sum % 10;
}

std::expected<Td3, MrzError> ParseTd3(std::string_view text, int this_year) {
  std::vector<std::string> lines;
  std::string current;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      if (!current.empty()) lines.push_back(current);
      current.clear();
    } else if (c != ' ' && c != '\t') {
      current += c;
    }
  }
  if (!current.empty()) lines.push_back(current);
  if (lines.size() != 2)
    return std::unexpected(
        MrzError{0, 0, "a passport MRZ has two lines, found " + std::to_string(lines.size())});
  for (int l = 0; l < 2; ++l) {
    if (lines[l].size() != kLineLength)
      return std::unexpected(MrzError{l + 1, 0,
                                      "line " + std::to_string(l + 1) + " has " +
                                          std::to_string(lines[l].size()) +
                                          " characters, a passport MRZ line has 44"});
    for (size_t i = 0; i < kLineLength; ++i) {
      if (CharValue(lines[l][i]) < 0)
        return std::unexpected(MrzError{
            l + 1, static_cast<int>(i) + 1,
            std::string("character '") + lines[l][i] + "' is not allowed in an MRZ (A-Z, 0-9, <)"});
    }
  }
  const std::string& l1 = lines[0];
  const std::string& l2 = lines[1];
  if (l1[0] != 'P') return std::unexpected(MrzError{1, 1, "a passport MRZ starts with 'P'"});
  if (!IsDigits(l2.substr(kBirth.start, 6)) || !IsDigits(l2.substr(kExpiry.start, 6)))
    return std::unexpected(MrzError{2, 14, "dates in the MRZ are six digits YYMMDD"});
  for (const Field* f : {&kNumber, &kBirth, &kExpiry, &kPersonal}) {
    if (auto ok = Verify(l2, *f); !ok) return std::unexpected(ok.error());
  }
  std::string composite = l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, 22);
  int expected = CheckDigit(composite);
  if (l2[43] != '0' + expected)
    return std::unexpected(MrzError{2, 44,
                                    std::string("composite check digit is '") + l2[43] +
                                        "', expected " + std::to_string(expected)});
  Td3 td3;
  td3.document_code = Unfill(l1.substr(0, 2));
  td3.issuing_state = Unfill(l1.substr(2, 3));
  std::string_view names = std::string_view(l1).substr(5);
  size_t separator = names.find("<<");
  td3.surname = Unfill(names.substr(0, separator));
  td3.given_names = separator == std::string_view::npos ? "" : Unfill(names.substr(separator + 2));
  td3.number = Unfill(l2.substr(0, 9));
  td3.nationality = Unfill(l2.substr(10, 3));
  td3.birth_date = IsoDate(l2.substr(13, 6), true, this_year);
  td3.sex = l2[20] == '<' ? "X" : std::string(1, l2[20]);
  td3.expiry_date = IsoDate(l2.substr(21, 6), false, this_year);
  td3.personal_number = Unfill(l2.substr(28, 14));
  return td3;
}

std::string FormatTd3(const Td3& t) {
  std::string l1 = Fill(t.document_code, 2) + Fill(t.issuing_state, 3) +
                   Fill(t.surname + "  " + t.given_names, 39);
  std::string number = Fill(t.number, 9);
  std::string birth = Yymmdd(t.birth_date);
  std::string expiry = Yymmdd(t.expiry_date);
  std::string personal = Fill(t.personal_number, 14);
  auto digit = [](std::string_view s) { return static_cast<char>('0' + CheckDigit(s)); };
  std::string l2 = number + digit(number) + Fill(t.nationality, 3) + birth + digit(birth) +
                   (t.sex == "X" ? std::string("<") : Fill(t.sex, 1)) + expiry + digit(expiry) +
                   personal + digit(personal);
  std::string composite = l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, 22);
  l2 += digit(composite);
  return l1 + "\n" + l2;
}

}  // namespace tamga::identity

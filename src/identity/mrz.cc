#include "identity/mrz.h"

#include <algorithm>
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

// ---- ParseMrz: every ICAO 9303 document ----

namespace {

struct Layout {
  size_t lines, length;
};

constexpr Layout LayoutOf(MrzFormat f) {
  switch (f) {
    case MrzFormat::kTd1:
      return {3, 30};
    case MrzFormat::kTd2:
    case MrzFormat::kMrvB:
      return {2, 36};
    case MrzFormat::kTd3:
    case MrzFormat::kMrvA:
      return {2, 44};
  }
  return {2, 44};
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v'; };
  while (b < e && space(s[b])) ++b;
  while (e > b && space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

bool IsLetter(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class Parser {
 public:
  // reference_year is clamped to 1900..9999 (bounds the century arithmetic).
  Parser(MachineReadableZone& out, int reference_year)
      : z_(out), year_(std::clamp(reference_year, 1900, 9999)) {}

  void Error(const char* name) {
    if (std::find(z_.errors.begin(), z_.errors.end(), name) == z_.errors.end())
      z_.errors.push_back(name);
  }

  // Whether `check` is the check digit of `field` (9303-3 4.9). A field with characters outside
  // the MRZ alphabet never checks.
  static bool Checks(std::string_view field, char check) {
    int expected = CheckDigit(field);
    return expected >= 0 && check == '0' + expected;
  }

  void CheckField(const char* name, std::string_view field, char check) {
    if (!Checks(field, check)) Error(name);
  }

  // A 3-letter state or organization code: letters, right-padded with '<' (9303-3 5).
  void StateCode(const char* name, std::string_view s, std::string& out) {
    out = Unfill(s);
    bool ok = !s.empty() && IsLetter(s[0]);
    bool filler = false;
    for (char c : s) {
      if (c == '<') {
        filler = true;
      } else if (!IsLetter(c) || filler) {
        ok = false;
      }
    }
    if (!ok) Error(name);
  }

  // YYMMDD -> ISO 8601, see MachineReadableZone::date_of_birth.
  void Date(const char* name, std::string_view d, bool birth, std::string& out) {
    out = std::string(d);
    auto part = [&](size_t i) -> int {  // 0..99, -1 unknown ("<<"), -2 malformed
      char a = d[i], b = d[i + 1];
      if (a == '<' && b == '<') return -1;
      if (IsDigit(a) && IsDigit(b)) return (a - '0') * 10 + (b - '0');
      return -2;
    };
    int yy = part(0), mm = part(2), dd = part(4);
    bool unknown = yy == -1 || mm == -1 || dd == -1;
    if (yy == -2 || mm == -2 || dd == -2 || (unknown && !birth)) {
      Error(name);
      return;
    }
    int year = -1;
    if (yy >= 0) {
      if (birth) {
        year = 2000 + yy;
        while (year > year_) year -= 100;
      } else {
        year = 1900 + yy;
        while (year < year_ - 49) year += 100;
      }
    }
    if (mm == 0 || mm > 12 || dd == 0) {
      Error(name);
      return;
    }
    if (dd > 0) {
      static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      int max = mm > 0 ? kDays[mm - 1] : 31;
      if (mm == 2 && year >= 0 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
        max = 28;
      if (dd > max) {
        Error(name);
        return;
      }
    }
    auto two = [](int v) {
      return v < 0 ? std::string("XX") : std::string(1, '0' + v / 10) + char('0' + v % 10);
    };
    out = (year < 0 ? std::string("XXXX") : std::to_string(year)) + "-" + two(mm) + "-" + two(dd);
  }

  void Sex(char c) {
    if (c == 'M' || c == 'F' || c == 'X') {
      z_.sex = std::string(1, c);
    } else if (c == '<') {
      z_.sex = "X";
    } else {
      z_.sex = std::string(1, c);
      Error("sex");
    }
  }

  // 9303-3 4.6: primary and secondary identifiers.
  void Names(std::string_view field) {
    size_t separator = field.find("<<");
    z_.surname = Unfill(field.substr(0, separator));
    z_.given_names = separator == std::string_view::npos ? "" : Unfill(field.substr(separator + 2));
    // Filler runs inside the given names ("ANNA<<MARIA" after truncation rules) read as one space.
    std::string collapsed;
    for (char c : z_.given_names) {
      if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
      collapsed += c;
    }
    size_t first = collapsed.find_first_not_of(' ');
    z_.given_names = first == std::string::npos ? "" : collapsed.substr(first);
    z_.name_may_be_truncated = !field.empty() && field.back() != '<';
    if (z_.surname.empty() || (!field.empty() && field[0] == '<')) Error("name");
  }

  // The document number at `number` with its check digit `check`; for TD1/TD2 `overflow` is the
  // optional data where a long number continues (9303-5 4.2.2, 9303-6 4.2.2). Returns the
  // optional data that remains after the overflow.
  std::string_view DocumentNumber(std::string_view number, char check, std::string_view optional,
                                  bool long_allowed) {
    if (check == '<' && long_allowed && !optional.empty() && optional[0] != '<') {
      size_t end = optional.find('<');
      std::string_view rest = optional.substr(0, end);  // overflow + check digit
      std::string full = std::string(number) + std::string(rest.substr(0, rest.size() - 1));
      if (rest.size() < 2 || !Checks(full, rest.back())) Error("document_number");
      z_.document_number = Unfill(full);
      if (end == std::string_view::npos) return {};
      return optional.substr(end + 1);
    }
    CheckField("document_number", number, check);
    z_.document_number = Unfill(number);
    if (z_.document_number.empty() || number[0] == '<') Error("document_number");
    return optional;
  }

  void DocumentCode(std::string_view code) {
    z_.document_code = Unfill(code);
    char first = code[0], second = code[1];
    bool ok = second == '<' || IsLetter(second);
    switch (z_.format) {
      case MrzFormat::kTd1:
      case MrzFormat::kTd2:  // 9303-5/6 4.2.2: A, C or I
        ok = ok && (first == 'A' || first == 'C' || first == 'I');
        break;
      case MrzFormat::kTd3:  // 9303-4 4.2.2: P
        ok = ok && first == 'P';
        break;
      case MrzFormat::kMrvA:
      case MrzFormat::kMrvB:  // 9303-7 4.2.2: V
        ok = ok && first == 'V';
        break;
    }
    // 9303-5/6 4.2.2: the second character of an MROTD's code is not 'V'.
    bool mrotd = z_.format == MrzFormat::kTd1 || z_.format == MrzFormat::kTd2;
    if (ok && mrotd && second == 'V') ok = false;
    if (!ok) Error("document_code");
  }

  // Line 2 of TD2, TD3 and the visas, which share positions 1-28.
  std::string_view CommonLine2(std::string_view l2, bool long_allowed, std::string_view optional) {
    std::string_view rest = DocumentNumber(l2.substr(0, 9), l2[9], optional, long_allowed);
    StateCode("nationality", l2.substr(10, 3), z_.nationality);
    CheckField("date_of_birth", l2.substr(13, 6), l2[19]);
    Date("date_of_birth", l2.substr(13, 6), true, z_.date_of_birth);
    Sex(l2[20]);
    CheckField("expiry_date", l2.substr(21, 6), l2[27]);
    Date("expiry_date", l2.substr(21, 6), false, z_.expiry_date);
    return rest;
  }

  void Parse(const std::vector<std::string>& l) {
    switch (z_.format) {
      case MrzFormat::kTd1: {  // 9303-5 4.2.2
        DocumentCode(l[0].substr(0, 2));
        StateCode("issuing_state", std::string_view(l[0]).substr(2, 3), z_.issuing_state);
        std::string_view rest = DocumentNumber(std::string_view(l[0]).substr(5, 9), l[0][14],
                                               std::string_view(l[0]).substr(15, 15), true);
        z_.optional_data = Unfill(rest);
        const std::string& l2 = l[1];
        CheckField("date_of_birth", std::string_view(l2).substr(0, 6), l2[6]);
        Date("date_of_birth", std::string_view(l2).substr(0, 6), true, z_.date_of_birth);
        Sex(l2[7]);
        CheckField("expiry_date", std::string_view(l2).substr(8, 6), l2[14]);
        Date("expiry_date", std::string_view(l2).substr(8, 6), false, z_.expiry_date);
        StateCode("nationality", std::string_view(l2).substr(15, 3), z_.nationality);
        z_.optional_data_2 = Unfill(std::string_view(l2).substr(18, 11));
        CheckField("composite",
                   l[0].substr(5, 25) + l2.substr(0, 7) + l2.substr(8, 7) + l2.substr(18, 11),
                   l2[29]);
        Names(l[2]);
        break;
      }
      case MrzFormat::kTd2: {  // 9303-6 4.2.2
        DocumentCode(l[0].substr(0, 2));
        StateCode("issuing_state", std::string_view(l[0]).substr(2, 3), z_.issuing_state);
        Names(std::string_view(l[0]).substr(5));
        const std::string& l2 = l[1];
        z_.optional_data = Unfill(CommonLine2(l2, true, std::string_view(l2).substr(28, 7)));
        CheckField("composite", l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, 14), l2[35]);
        break;
      }
      case MrzFormat::kTd3: {  // 9303-4 4.2.2
        DocumentCode(l[0].substr(0, 2));
        StateCode("issuing_state", std::string_view(l[0]).substr(2, 3), z_.issuing_state);
        Names(std::string_view(l[0]).substr(5));
        const std::string& l2 = l[1];
        CommonLine2(l2, false, {});
        std::string_view personal = std::string_view(l2).substr(28, 14);
        z_.optional_data = Unfill(personal);
        // The personal number's check digit may be '<' when the field is all fillers.
        if (!(l2[42] == '<' && personal.find_first_not_of('<') == std::string_view::npos))
          CheckField("optional_data", personal, l2[42]);
        CheckField("composite", l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, 22), l2[43]);
        break;
      }
      case MrzFormat::kMrvA:
      case MrzFormat::kMrvB: {  // 9303-7 4.2.2: no composite check digit, no optional data check
        DocumentCode(l[0].substr(0, 2));
        StateCode("issuing_state", std::string_view(l[0]).substr(2, 3), z_.issuing_state);
        Names(std::string_view(l[0]).substr(5));
        const std::string& l2 = l[1];
        CommonLine2(l2, false, {});
        z_.optional_data = Unfill(std::string_view(l2).substr(28));
        break;
      }
    }
  }

 private:
  MachineReadableZone& z_;
  int year_;
};

void JsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c >= 0x7f) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  out += '"';
}

}  // namespace

std::string_view MrzFormatName(MrzFormat format) {
  switch (format) {
    case MrzFormat::kTd1:
      return "TD1";
    case MrzFormat::kTd2:
      return "TD2";
    case MrzFormat::kTd3:
      return "TD3";
    case MrzFormat::kMrvA:
      return "MRVA";
    case MrzFormat::kMrvB:
      return "MRVB";
  }
  return "TD3";
}

MachineReadableZone ParseMrz(const std::vector<std::string>& input, int reference_year) {
  MachineReadableZone z;
  std::vector<std::string> lines;
  for (const std::string& line : input) {
    std::string t = Trim(line);
    if (!t.empty()) lines.push_back(std::move(t));
  }
  Parser p(z, reference_year);
  // The format: three lines are TD1; two lines are 44 or 36 wide (the first line's length
  // decides, then the second's), visas starting with 'V'.
  bool visa = !lines.empty() && lines[0][0] == 'V';
  if (lines.size() == 3) {
    z.format = MrzFormat::kTd1;
  } else if (lines.size() == 2) {
    size_t width =
        lines[0].size() == 36 || lines[0].size() == 44 ? lines[0].size() : lines[1].size();
    if (width == 36) {
      z.format = visa ? MrzFormat::kMrvB : MrzFormat::kTd2;
    } else {
      z.format = visa ? MrzFormat::kMrvA : MrzFormat::kTd3;
    }
  } else {
    p.Error("line_count");
    z.format = visa ? MrzFormat::kMrvA : MrzFormat::kTd3;
    return z;
  }
  Layout layout = LayoutOf(z.format);
  for (const std::string& line : lines) {
    if (line.size() != layout.length) p.Error("line_length");
  }
  for (const std::string& line : lines) {
    for (char c : line) {
      if (CharValue(c) < 0) p.Error("alphabet");
    }
  }
  if (z.errors.empty() || z.errors.front() != "line_length") p.Parse(lines);
  z.valid = z.errors.empty();
  return z;
}

MachineReadableZone ParseMrzText(std::string_view text, int reference_year) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return ParseMrz(lines, reference_year);
}

std::string MrzJson(const MachineReadableZone& z) {
  std::string out = "{\"valid\":";
  out += z.valid ? "true" : "false";
  auto field = [&](const char* key, std::string_view value) {
    out += ",\"";
    out += key;
    out += "\":";
    JsonString(out, value);
  };
  field("format", MrzFormatName(z.format));
  field("document_code", z.document_code);
  field("issuing_state", z.issuing_state);
  field("document_number", z.document_number);
  field("nationality", z.nationality);
  field("date_of_birth", z.date_of_birth);
  field("sex", z.sex);
  field("expiry_date", z.expiry_date);
  field("surname", z.surname);
  field("given_names", z.given_names);
  field("optional_data", z.optional_data);
  field("optional_data_2", z.optional_data_2);
  out += ",\"errors\":[";
  for (size_t i = 0; i < z.errors.size(); ++i) {
    if (i > 0) out += ',';
    JsonString(out, z.errors[i]);
  }
  out += "]}";
  return out;
}

}  // namespace tamga::identity

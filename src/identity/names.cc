#include "identity/names.h"

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <utility>

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "identity/transliteration.h"

namespace tamga::identity {
namespace {

// ---------------------------------------------------------------------------------------------
// Transliteration tables for Cyrillic capitals. Context rules (word start, following letter) are
// applied in TransliterateWord.

struct Letter {
  char32_t cyrillic;
  const char* latin;
};

// ICAO Doc 9303 part 3 (7th ed., 2015; Russian foreign passports since 2013, FMS order 211 of
// 2014): Й > I, Ц > TS, Ю > IU, Я > IA, Ъ > IE. Matches kIcaoRules in transliteration.cc.
constexpr Letter kIcao[] = {{U'А', "A"},  {U'Б', "B"},    {U'В', "V"},  {U'Г', "G"},  {U'Ґ', "G"},
                            {U'Д', "D"},  {U'Е', "E"},    {U'Ё', "E"},  {U'Є', "IE"}, {U'Ж', "ZH"},
                            {U'З', "Z"},  {U'И', "I"},    {U'І', "I"},  {U'Ї', "I"},  {U'Й', "I"},
                            {U'К', "K"},  {U'Л', "L"},    {U'М', "M"},  {U'Н', "N"},  {U'О', "O"},
                            {U'П', "P"},  {U'Р', "R"},    {U'С', "S"},  {U'Т', "T"},  {U'У', "U"},
                            {U'Ў', "U"},  {U'Ф', "F"},    {U'Х', "KH"}, {U'Ц', "TS"}, {U'Ч', "CH"},
                            {U'Ш', "SH"}, {U'Щ', "SHCH"}, {U'Ъ', "IE"}, {U'Ы', "Y"},  {U'Ь', ""},
                            {U'Э', "E"},  {U'Ю', "IU"},   {U'Я', "IA"}};

// FMS order 26 of 3 February 2010 (Russian foreign passports, March 2010 - 2013; the table of
// GOST R 52535.1-2006): as ICAO but Ц > TC and Ъ omitted.
constexpr Letter kFms2010[] = {
    {U'А', "A"},  {U'Б', "B"},  {U'В', "V"},    {U'Г', "G"}, {U'Д', "D"},  {U'Е', "E"},
    {U'Ё', "E"},  {U'Ж', "ZH"}, {U'З', "Z"},    {U'И', "I"}, {U'Й', "I"},  {U'К', "K"},
    {U'Л', "L"},  {U'М', "M"},  {U'Н', "N"},    {U'О', "O"}, {U'П', "P"},  {U'Р', "R"},
    {U'С', "S"},  {U'Т', "T"},  {U'У', "U"},    {U'Ф', "F"}, {U'Х', "KH"}, {U'Ц', "TC"},
    {U'Ч', "CH"}, {U'Ш', "SH"}, {U'Щ', "SHCH"}, {U'Ъ', ""},  {U'Ы', "Y"},  {U'Ь', ""},
    {U'Э', "E"},  {U'Ю', "IU"}, {U'Я', "IA"}};

// Russian foreign passports 1997 - March 2010 (MVD instruction to order No. 310 of 26 May 1997,
// English-style): Й > Y, Ю > YU, Я > YA, Ь as apostrophe (dropped here).
constexpr Letter kMvd1997[] = {
    {U'А', "A"},  {U'Б', "B"},  {U'В', "V"},    {U'Г', "G"}, {U'Д', "D"},  {U'Е', "E"},
    {U'Ё', "E"},  {U'Ж', "ZH"}, {U'З', "Z"},    {U'И', "I"}, {U'Й', "Y"},  {U'К', "K"},
    {U'Л', "L"},  {U'М', "M"},  {U'Н', "N"},    {U'О', "O"}, {U'П', "P"},  {U'Р', "R"},
    {U'С', "S"},  {U'Т', "T"},  {U'У', "U"},    {U'Ф', "F"}, {U'Х', "KH"}, {U'Ц', "TS"},
    {U'Ч', "CH"}, {U'Ш', "SH"}, {U'Щ', "SHCH"}, {U'Ъ', ""},  {U'Ы', "Y"},  {U'Ь', ""},
    {U'Э', "E"},  {U'Ю', "YU"}, {U'Я', "YA"}};

// Soviet foreign passports (French-based practice before 1997; not verified against the
// original order, reconstructed from the conventions of French transcription): У > OU, Ю > IOU,
// Ш > CH, Ч > TCH, Щ > CHTCH, Ж > J, Г > GU before front vowels (see TransliterateWord).
constexpr Letter kSovietFrench[] = {
    {U'А', "A"},   {U'Б', "B"},   {U'В', "V"},     {U'Г', "G"}, {U'Д', "D"},  {U'Е', "E"},
    {U'Ё', "IO"},  {U'Ж', "J"},   {U'З', "Z"},     {U'И', "I"}, {U'Й', "I"},  {U'К', "K"},
    {U'Л', "L"},   {U'М', "M"},   {U'Н', "N"},     {U'О', "O"}, {U'П', "P"},  {U'Р', "R"},
    {U'С', "S"},   {U'Т', "T"},   {U'У', "OU"},    {U'Ф', "F"}, {U'Х', "KH"}, {U'Ц', "TS"},
    {U'Ч', "TCH"}, {U'Ш', "CH"},  {U'Щ', "CHTCH"}, {U'Ъ', ""},  {U'Ы', "Y"},  {U'Ь', ""},
    {U'Э', "E"},   {U'Ю', "IOU"}, {U'Я', "IA"}};

// GOST 7.79-2000 system B (ASCII; diacritic marks ` and '' dropped): Й > J, Х > X, Ц > CZ (C
// before E, I, Y, J), Щ > SHH, Ё > YO, Ю > YU, Я > YA, Ы > Y`, Э > E`; Ukrainian Г > G, И > Y`.
constexpr Letter kGostB[] = {
    {U'А', "A"},  {U'Б', "B"},  {U'В', "V"},  {U'Г', "G"},   {U'Ґ', "G"}, {U'Д', "D"}, {U'Е', "E"},
    {U'Ё', "YO"}, {U'Є', "YE"}, {U'Ж', "ZH"}, {U'З', "Z"},   {U'И', "I"}, {U'І', "I"}, {U'Ї', "YI"},
    {U'Й', "J"},  {U'К', "K"},  {U'Л', "L"},  {U'М', "M"},   {U'Н', "N"}, {U'О', "O"}, {U'П', "P"},
    {U'Р', "R"},  {U'С', "S"},  {U'Т', "T"},  {U'У', "U"},   {U'Ў', "U"}, {U'Ф', "F"}, {U'Х', "X"},
    {U'Ц', "CZ"}, {U'Ч', "CH"}, {U'Ш', "SH"}, {U'Щ', "SHH"}, {U'Ъ', ""},  {U'Ы', "Y"}, {U'Ь', ""},
    {U'Э', "E"},  {U'Ю', "YU"}, {U'Я', "YA"}};

// GOST 7.79-2000 system A (= ISO 9:1995), with diacritics; Latin input is folded through the same
// LatinFold, which spells the diacritic letters out (Û > YU, Š > SH, ...).
constexpr Letter kGostA[] = {
    {U'А', "A"}, {U'Б', "B"}, {U'В', "V"}, {U'Г', "G"}, {U'Ґ', "G̀"}, {U'Д', "D"}, {U'Е', "E"},
    {U'Ё', "Ë"}, {U'Є', "Ê"}, {U'Ж', "Ž"}, {U'З', "Z"}, {U'И', "I"}, {U'І', "Ì"}, {U'Ї', "Ï"},
    {U'Й', "J"}, {U'К', "K"}, {U'Л', "L"}, {U'М', "M"}, {U'Н', "N"}, {U'О', "O"}, {U'П', "P"},
    {U'Р', "R"}, {U'С', "S"}, {U'Т', "T"}, {U'У', "U"}, {U'Ў', "Ǔ"}, {U'Ф', "F"}, {U'Х', "H"},
    {U'Ц', "C"}, {U'Ч', "Č"}, {U'Ш', "Š"}, {U'Щ', "Ŝ"}, {U'Ъ', ""},  {U'Ы', "Y"}, {U'Ь', ""},
    {U'Э', "È"}, {U'Ю', "Û"}, {U'Я', "Â"}};

// Ukrainian national romanization (Cabinet of Ministers resolution No. 55 of 27 January 2010):
// Г > H, Ґ > G, И > Y, І > I, Х > KH, Щ > SHCH; Є, Ї, Й, Ю, Я are YE, YI, Y, YU, YA at the start
// of a word and IE, I, I, IU, IA elsewhere (see TransliterateWord).
constexpr Letter kUkrainian[] = {
    {U'А', "A"},    {U'Б', "B"},  {U'В', "V"},  {U'Г', "H"},  {U'Ґ', "G"},  {U'Д', "D"},
    {U'Е', "E"},    {U'Ё', "IO"}, {U'Є', "IE"}, {U'Ж', "ZH"}, {U'З', "Z"},  {U'И', "Y"},
    {U'І', "I"},    {U'Ї', "I"},  {U'Й', "I"},  {U'К', "K"},  {U'Л', "L"},  {U'М', "M"},
    {U'Н', "N"},    {U'О', "O"},  {U'П', "P"},  {U'Р', "R"},  {U'С', "S"},  {U'Т', "T"},
    {U'У', "U"},    {U'Ф', "F"},  {U'Х', "KH"}, {U'Ц', "TS"}, {U'Ч', "CH"}, {U'Ш', "SH"},
    {U'Щ', "SHCH"}, {U'Ъ', ""},   {U'Ы', "Y"},  {U'Ь', ""},   {U'Э', "E"},  {U'Ю', "IU"},
    {U'Я', "IA"}};

enum class System { kIcao, kFms2010, kMvd1997, kSovietFrench, kGostB, kGostA, kUkrainian };

struct SystemTable {
  System system;
  const char* name;
  const Letter* begin;
  const Letter* end;
};

const std::array<SystemTable, 7>& Systems() {
  static const std::array<SystemTable, 7> systems = {{
      {System::kIcao, "ICAO 9303", std::begin(kIcao), std::end(kIcao)},
      {System::kFms2010, "FMS 2010-2013", std::begin(kFms2010), std::end(kFms2010)},
      {System::kMvd1997, "MVD 1997-2010", std::begin(kMvd1997), std::end(kMvd1997)},
      {System::kSovietFrench, "Soviet French-style", std::begin(kSovietFrench),
       std::end(kSovietFrench)},
      {System::kGostB, "GOST 7.79 B", std::begin(kGostB), std::end(kGostB)},
      {System::kGostA, "GOST 7.79 A", std::begin(kGostA), std::end(kGostA)},
      {System::kUkrainian, "Ukrainian 2010", std::begin(kUkrainian), std::end(kUkrainian)},
  }};
  return systems;
}

bool IsCyrillic(char32_t c) { return c >= 0x0400 && c <= 0x052F; }

bool IsFrontVowel(char32_t c) {
  return c == U'Е' || c == U'И' || c == U'Ё' || c == U'Й' || c == U'Ы' || c == U'Э' || c == U'Є' ||
         c == U'І' || c == U'Ї';
}

std::u32string ToU32(const icu::UnicodeString& s) {
  std::u32string out;
  for (int32_t i = 0; i < s.length();) {
    UChar32 c = s.char32At(i);
    out.push_back(static_cast<char32_t>(c));
    i += U16_LENGTH(c);
  }
  return out;
}

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Upper-case Cyrillic word to Latin under one system; characters without an entry pass through.
std::string TransliterateWord(const std::u32string& word, const SystemTable& table) {
  icu::UnicodeString out;
  for (size_t i = 0; i < word.size(); ++i) {
    char32_t c = word[i];
    char32_t next = i + 1 < word.size() ? word[i + 1] : 0;
    bool start = i == 0;
    const char* latin = nullptr;
    switch (table.system) {
      case System::kSovietFrench:
        if (c == U'Г' && IsFrontVowel(next)) latin = "GU";
        if (c == U'Й' && i > 0 && (word[i - 1] == U'И' || word[i - 1] == U'Ы'))
          latin = "";  // IOURI
        break;
      case System::kGostB:
        if (c == U'Ц' && (next == U'Е' || next == U'И' || next == U'Ы' || next == U'Й' ||
                          next == U'І' || next == U'Є'))
          latin = "C";
        break;
      case System::kUkrainian:
        if (start) {
          if (c == U'Є') latin = "YE";
          if (c == U'Ї') latin = "YI";
          if (c == U'Й') latin = "Y";
          if (c == U'Ю') latin = "YU";
          if (c == U'Я') latin = "YA";
        }
        break;
      default:
        break;
    }
    if (latin == nullptr) {
      for (const Letter* l = table.begin; l != table.end; ++l) {
        if (l->cyrillic == c) {
          latin = l->latin;
          break;
        }
      }
    }
    if (latin != nullptr) {
      out += icu::UnicodeString::fromUTF8(latin);
    } else {
      out.append(static_cast<UChar32>(c));
    }
  }
  return ToUtf8(out);
}

// ---------------------------------------------------------------------------------------------
// ICU: generic Latin folding.

struct Icu {
  Icu() {
    UErrorCode status = U_ZERO_ERROR;
    to_ascii.reset(
        icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) to_ascii.reset();
  }
  std::unique_ptr<icu::Transliterator> to_ascii;  // "Any-Latin; Latin-ASCII"; null if missing
  std::mutex mutex;  // one ICU transliterator instance is not thread-safe
};

Icu& IcuInstance() {
  static Icu icu;
  return icu;
}

// Latin letters with diacritics that scholarly and GOST 7.79 A spellings use, spelt out before
// the ASCII fold (which would otherwise just drop the mark: Û > U instead of YU).
constexpr std::pair<const char16_t*, const char16_t*> kDiacritics[] = {
    {u"Û", u"YU"}, {u"Â", u"YA"}, {u"Ë", u"YO"},   {u"Ê", u"YE"}, {u"Ï", u"YI"}, {u"Č", u"CH"},
    {u"Š", u"SH"}, {u"Ž", u"ZH"}, {u"Ŝ", u"SHCH"}, {u"Ǔ", u"U"},  {u"È", u"E"},  {u"Ì", u"I"}};

// Upper-case ASCII letters only: diacritics spelt out, other scripts through ICU's Any-Latin.
std::string LatinFold(const icu::UnicodeString& upper) {
  icu::UnicodeString text = upper;
  for (const auto& [from, to] : kDiacritics) text.findAndReplace(from, to);
  // Plain ASCII letters (most Latin names, and most transliterations) need no transform; ICU's
  // transliterator is slow and, shared, serializes the threads that screen.
  bool ascii = true;
  for (int32_t i = 0; i < text.length() && ascii; ++i) {
    char16_t c = text[i];
    ascii = (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z');
  }
  if (ascii) {
    std::string out;
    out.reserve(static_cast<size_t>(text.length()));
    for (int32_t i = 0; i < text.length(); ++i) {
      char16_t c = text[i];
      out.push_back(static_cast<char>(c >= u'a' ? c - u'a' + u'A' : c));
    }
    return out;
  }
  Icu& icu = IcuInstance();
  if (icu.to_ascii) {
    std::lock_guard<std::mutex> lock(icu.mutex);
    icu.to_ascii->transliterate(text);
  }
  text.toUpper();
  std::string out;
  for (int32_t i = 0; i < text.length(); ++i) {
    char16_t c = text[i];
    if (c >= u'A' && c <= u'Z') out.push_back(static_cast<char>(c));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Skeleton: a lossy phonetic key over ASCII spellings.

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
}

void CollapseDoubles(std::string& s) { s.erase(std::unique(s.begin(), s.end()), s.end()); }

bool IsVowel(char c) {
  return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' || c == 'Y';
}

// Symbols: '4' for the hushing sibilants (Ш, Ч, Щ in any spelling), '3' for Ж, 'C' for Ц,
// 'G' for Г and Х (Ukrainian H, Russian KH), 'I' for Й/Ы/Y/J.
std::string Skeleton(std::string s) {
  static constexpr std::pair<std::string_view, std::string_view> kRules[] = {
      {"SHTCH", "4"}, {"CHTCH", "4"}, {"SHCH", "4"}, {"SZCZ", "4"}, {"TSCH", "4"}, {"SHH", "4"},
      {"SCH", "4"},   {"TCH", "4"},   {"CH", "4"},   {"SH", "4"},   {"SZ", "4"},   {"CZ", "C"},
      {"ZH", "3"},    {"KH", "G"},    {"X", "KS"},   {"TS", "C"},   {"TZ", "C"},   {"TC", "C"},
      {"PH", "F"},    {"W", "V"},     {"CK", "K"},   {"Q", "K"},    {"GUE", "GE"}, {"GUI", "GI"},
      {"GUY", "GY"},  {"OU", "U"},    {"H", "G"},    {"Y", "I"},    {"J", "I"},
  };
  for (const auto& [from, to] : kRules) ReplaceAll(s, from, to);
  CollapseDoubles(s);
  ReplaceAll(s, "IE", "E");
  // Ё after a consonant: FEDOR / FYODOR / FIODOR, PETR / PYOTR / PIOTR.
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == 'I' && i > 0 && i + 1 < s.size() && s[i + 1] == 'O' && !IsVowel(s[i - 1])) {
      out.push_back('E');
      ++i;
      continue;
    }
    out.push_back(s[i]);
  }
  CollapseDoubles(out);
  return out;
}

// The masculine form of a gendered skeleton: surname endings (Ivanova > Ivanov, -skaya > -sky),
// then given-name endings (Aleksandra > Aleksandr, Evgeniia > Evgenii). `surname` tells which.
std::string Masculine(const std::string& skeleton, bool& surname) {
  static constexpr std::pair<std::string_view, std::string_view> kSurname[] = {
      {"SKAIA", "SKI"}, {"CKAIA", "CKI"}, {"SKAA", "SKI"}, {"SKA", "SKI"},
      {"CKA", "CKI"},   {"OVA", "OV"},    {"EVA", "EV"},   {"INA", "IN"}};
  static constexpr std::pair<std::string_view, std::string_view> kGiven[] = {{"IA", "I"},
                                                                             {"A", ""}};
  surname = true;
  for (const auto& [ending, masc] : kSurname) {
    if (skeleton.size() > ending.size() + 1 && skeleton.ends_with(ending)) {
      return skeleton.substr(0, skeleton.size() - ending.size()) + std::string(masc);
    }
  }
  surname = false;
  for (const auto& [ending, masc] : kGiven) {
    if (skeleton.size() > ending.size() + 1 && skeleton.ends_with(ending)) {
      return skeleton.substr(0, skeleton.size() - ending.size()) + std::string(masc);
    }
  }
  return skeleton;
}

// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions).
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

double Similarity(std::string_view a, std::string_view b) {
  size_t n = std::max(a.size(), b.size());
  if (n == 0) return 1.0;
  // One slip is a typo; several edits are more often a different name (Ivanov / Ivanovsky), so
  // they cost half as much again.
  double d = static_cast<double>(EditDistance(a, b));
  if (d >= 2) d *= 1.5;
  return std::max(0.0, 1.0 - d / static_cast<double>(n));
}

// ---------------------------------------------------------------------------------------------
// Parts.

struct Variant {
  std::string ascii;
  std::string systems;  // which systems give this spelling, comma-separated
};

struct Part {
  std::string shown;  // upper case, as written
  bool cyrillic = false;
  std::vector<Variant> variants;
  std::vector<std::string> skeletons;
  double weight = 1;
  bool patronymic = false;
};

constexpr std::string_view kHonorifics[] = {"MR",   "MRS",   "MS",  "MISS", "DR",       "MX",
                                            "SIR",  "MADAM", "MME", "MLLE", "HERR",     "FRAU",
                                            "PROF", "Г",     "ГН",  "ГЖА",  "ГОСПОДИН", "ГОСПОЖА"};

constexpr std::string_view kPatronymicEndings[] = {"VICH", "VNA",  "ICHNA", "VYCH", "ULY",
                                                   "UULU", "KYZY", "QYZY",  "OGLY", "OGLU"};

void AddVariant(Part& part, std::string ascii, std::string_view system) {
  if (ascii.empty()) return;
  for (Variant& v : part.variants) {
    if (v.ascii == ascii) {
      if (!system.empty() && v.systems.find(system) == std::string::npos) {
        if (!v.systems.empty()) v.systems += ", ";
        v.systems += system;
      }
      return;
    }
  }
  part.variants.push_back({std::move(ascii), std::string(system)});
}

Part MakePart(const icu::UnicodeString& upper) {
  Part part;
  part.shown = ToUtf8(upper);
  std::u32string word = ToU32(upper);
  part.cyrillic = std::any_of(word.begin(), word.end(), IsCyrillic);
  if (part.cyrillic) {
    for (const SystemTable& table : Systems()) {
      AddVariant(part, LatinFold(icu::UnicodeString::fromUTF8(TransliterateWord(word, table))),
                 table.name);
    }
    if (auto bgn = Transliterate(part.shown, Scheme::kBgn)) {
      AddVariant(part, LatinFold(icu::UnicodeString::fromUTF8(*bgn)), "BGN/PCGN");
    }
    AddVariant(part, LatinFold(upper), "ICU Any-Latin");
  } else {
    AddVariant(part, LatinFold(upper), "");
  }
  for (const Variant& v : part.variants) {
    std::string sk = Skeleton(v.ascii);
    if (std::find(part.skeletons.begin(), part.skeletons.end(), sk) == part.skeletons.end()) {
      part.skeletons.push_back(std::move(sk));
    }
    for (std::string_view ending : kPatronymicEndings) {
      if (v.ascii.size() > ending.size() + 3 && v.ascii.ends_with(ending)) part.patronymic = true;
    }
  }
  // Latin X is KS in English spellings (Alexey) but Х in GOST 7.79 B (Xabarov): keep both readings.
  // A part of letters that fold to no Latin at all (N'Ko, say) has no variant: SplitName drops it.
  if (!part.cyrillic && !part.variants.empty() &&
      part.variants[0].ascii.find('X') != std::string::npos) {
    std::string kh = part.variants[0].ascii;
    ReplaceAll(kh, "X", "KH");
    part.skeletons.push_back(Skeleton(kh));
  }
  part.weight = part.skeletons.empty() ? 1.0 : std::max<double>(1, part.skeletons[0].size());
  return part;
}

// Names repeat (given names, patronymics, common surnames), and spelling a Cyrillic part under
// every system costs several ICU transforms: parts are kept once spelt, up to kMaxCachedParts (then
// the cache starts afresh).
constexpr size_t kMaxCachedParts = 200000;

Part CachedPart(const icu::UnicodeString& upper, const std::string& utf8) {
  static std::shared_mutex mutex;
  static std::unordered_map<std::string, Part> cache;
  {
    std::shared_lock lock(mutex);
    if (auto it = cache.find(utf8); it != cache.end()) return it->second;
  }
  Part part = MakePart(upper);
  std::unique_lock lock(mutex);
  if (cache.size() >= kMaxCachedParts) cache.clear();
  cache.emplace(utf8, part);
  return part;
}

std::vector<Part> SplitName(std::string_view name) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  text.toUpper();
  std::vector<Part> parts;
  icu::UnicodeString current;
  auto flush = [&] {
    if (current.isEmpty()) return;
    std::string utf8 = ToUtf8(current);
    bool honorific =
        std::find(std::begin(kHonorifics), std::end(kHonorifics), utf8) != std::end(kHonorifics);
    if (!honorific) {
      Part part = CachedPart(current, utf8);
      if (!part.variants.empty()) parts.push_back(std::move(part));
    }
    current.remove();
  };
  for (int32_t i = 0; i < text.length();) {
    UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c) || c == '-' || c == ',' || c == '.' || c == '<' || c == '/' ||
        c == ';' || u_charType(c) == U_DASH_PUNCTUATION) {
      flush();
    } else if (u_isalpha(c) || u_charType(c) == U_NON_SPACING_MARK) {
      current.append(c);
    }
    // Apostrophes, soft-sign marks and digits are dropped.
  }
  flush();
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Comparing parts.

constexpr double kTransliterationScore = 0.97;
constexpr double kPhoneticScore = 0.92;
constexpr double kGenderScore = 0.85;
constexpr double kGivenGenderScore = 0.6;
constexpr double kMaxEditScore = 0.9;
constexpr double kMinPairScore = 0.65;  // below this two parts are not paired at all
constexpr double kPatronymicFactor = 0.97;
constexpr double kTwoGenderFactor = 0.7;

struct Comparison {
  PartMatch how = PartMatch::kNone;
  double score = 0;
  std::string detail;
};

Comparison Compare(const Part& a, const Part& b) {
  if (a.shown == b.shown) return {PartMatch::kExact, 1.0, "identical"};
  for (const Variant& va : a.variants) {
    for (const Variant& vb : b.variants) {
      if (va.ascii != vb.ascii) continue;
      if (!a.cyrillic && !b.cyrillic) {
        return {PartMatch::kExact, 1.0, "same letters ignoring case and diacritics"};
      }
      std::string detail = va.ascii + " under ";
      if (a.cyrillic && b.cyrillic) {
        detail += "all systems";
      } else {
        detail += a.cyrillic ? va.systems : vb.systems;
      }
      return {PartMatch::kTransliteration, kTransliterationScore, detail};
    }
  }
  for (const std::string& sa : a.skeletons) {
    for (const std::string& sb : b.skeletons) {
      if (sa == sb) return {PartMatch::kPhonetic, kPhoneticScore, "skeleton " + sa};
    }
  }
  for (const std::string& sa : a.skeletons) {
    for (const std::string& sb : b.skeletons) {
      bool surname_a = false, surname_b = false;
      std::string ma = Masculine(sa, surname_a), mb = Masculine(sb, surname_b);
      if (ma != mb) continue;
      // A feminine surname ending is often a recording difference; a feminine given name is
      // more likely another person (Aleksandr / Aleksandra).
      bool surname = surname_a || surname_b;
      return {
          PartMatch::kGenderForm, surname ? kGenderScore : kGivenGenderScore,
          sa + " ~ " + sb + (surname ? " (surname" : " (given name") + " masculine " + ma + ")"};
    }
  }
  Comparison best;
  for (const std::string& sa : a.skeletons) {
    for (const std::string& sb : b.skeletons) {
      double sim = Similarity(sa, sb);
      if (sim > best.score) best = {PartMatch::kEditDistance, sim, sa + " ~ " + sb};
    }
  }
  for (const Variant& va : a.variants) {
    for (const Variant& vb : b.variants) {
      double sim = Similarity(va.ascii, vb.ascii);
      if (sim > best.score) best = {PartMatch::kEditDistance, sim, va.ascii + " ~ " + vb.ascii};
    }
  }
  best.detail = "edit distance " + best.detail;
  best.score = std::min(best.score, kMaxEditScore);
  if (best.score < kMinPairScore) best.how = PartMatch::kNone;
  if (best.how == PartMatch::kNone) return best;
  return best;
}

// The score of one pairing (pairing[i] is the right part paired with left part i, or -1):
// part scores weighted by length; an unpaired part counts as a zero, except a patronymic that the
// other side lacks, which only costs kPatronymicFactor; two gender forms cost kTwoGenderFactor.
double Evaluate(const std::vector<std::vector<Comparison>>& table, const std::vector<Part>& left,
                const std::vector<Part>& right, const std::vector<int>& pairing) {
  double num = 0, den = 0, factor = 1;
  int gender_forms = 0, pairs = 0;
  std::vector<bool> right_used(right.size());
  for (size_t i = 0; i < left.size(); ++i) {
    if (pairing[i] < 0) continue;
    size_t j = static_cast<size_t>(pairing[i]);
    right_used[j] = true;
    double w = std::max(left[i].weight, right[j].weight);
    num += w * table[i][j].score;
    den += w;
    ++pairs;
    if (table[i][j].how == PartMatch::kGenderForm) ++gender_forms;
  }
  bool left_patronymic = false, right_patronymic = false;
  for (size_t i = 0; i < left.size(); ++i) {
    if (pairing[i] < 0 && left[i].patronymic) left_patronymic = true;
  }
  for (size_t j = 0; j < right.size(); ++j) {
    if (!right_used[j] && right[j].patronymic) right_patronymic = true;
  }
  for (size_t i = 0; i < left.size(); ++i) {
    if (pairing[i] >= 0) continue;
    if (left[i].patronymic && !right_patronymic) {
      factor *= kPatronymicFactor;
    } else {
      den += left[i].weight;
    }
  }
  for (size_t j = 0; j < right.size(); ++j) {
    if (right_used[j]) continue;
    if (right[j].patronymic && !left_patronymic) {
      factor *= kPatronymicFactor;
    } else {
      den += right[j].weight;
    }
  }
  if (gender_forms >= 2) factor *= kTwoGenderFactor;
  return pairs > 0 && den > 0 ? num / den * factor : 0.0;
}

// Exhaustive search for the pairing with the best score; names have few parts.
struct Search {
  const std::vector<std::vector<Comparison>>& table;
  const std::vector<Part>& left;
  const std::vector<Part>& right;
  std::vector<int> current, best;
  std::vector<bool> used;
  double best_score = -1;

  void Run(size_t i) {
    if (i == left.size()) {
      double score = Evaluate(table, left, right, current);
      if (score > best_score + 1e-12) {
        best_score = score;
        best = current;
      }
      return;
    }
    for (size_t j = 0; j < right.size(); ++j) {
      if (used[j] || table[i][j].how == PartMatch::kNone) continue;
      used[j] = true;
      current[i] = static_cast<int>(j);
      Run(i + 1);
      used[j] = false;
    }
    current[i] = -1;
    Run(i + 1);
  }
};

// For long names: pair the best-scoring parts first.
std::vector<int> Greedy(const std::vector<std::vector<Comparison>>& table, size_t n, size_t m) {
  std::vector<int> pairing(n, -1);
  std::vector<bool> used_left(n), used_right(m);
  while (true) {
    double best = -1;
    size_t bi = 0, bj = 0;
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < m; ++j) {
        if (used_left[i] || used_right[j] || table[i][j].how == PartMatch::kNone) continue;
        if (table[i][j].score > best) best = table[i][j].score, bi = i, bj = j;
      }
    }
    if (best < 0) break;
    pairing[bi] = static_cast<int>(bj);
    used_left[bi] = used_right[bj] = true;
  }
  return pairing;
}

}  // namespace

std::string_view PartMatchName(PartMatch how) {
  switch (how) {
    case PartMatch::kExact:
      return "exact";
    case PartMatch::kTransliteration:
      return "transliteration";
    case PartMatch::kEditDistance:
      return "edit-distance";
    case PartMatch::kPhonetic:
      return "phonetic";
    case PartMatch::kGenderForm:
      return "gender-form";
    case PartMatch::kNone:
      return "none";
  }
  return "none";
}

struct PreparedName::Parts {
  std::vector<Part> parts;
};

PreparedName::PreparedName(std::string_view name)
    : parts_(std::make_shared<Parts>(Parts{SplitName(name)})) {}

bool PreparedName::empty() const { return parts_->parts.empty(); }

std::vector<std::vector<std::string>> PreparedName::PartKeys() const {
  std::vector<std::vector<std::string>> out;
  for (const Part& part : parts_->parts) {
    std::vector<std::string>& keys = out.emplace_back();
    for (const std::string& skeleton : part.skeletons) {
      bool surname = false;
      std::string key = Masculine(skeleton, surname);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
    }
  }
  return out;
}

NameMatch MatchNames(std::string_view a, std::string_view b) {
  return MatchNames(PreparedName(a), PreparedName(b));
}

NameMatch MatchNames(const PreparedName& a, const PreparedName& b) {
  const std::vector<Part>& left = a.parts_->parts;
  const std::vector<Part>& right = b.parts_->parts;
  NameMatch result{0.0, {}, {}, {}};
  std::vector<std::vector<Comparison>> table(left.size(), std::vector<Comparison>(right.size()));
  for (size_t i = 0; i < left.size(); ++i) {
    for (size_t j = 0; j < right.size(); ++j) table[i][j] = Compare(left[i], right[j]);
  }
  std::vector<int> pairing;
  if (left.size() <= 6 && right.size() <= 6) {
    Search search{
        table, left, right, std::vector<int>(left.size(), -1), {}, std::vector<bool>(right.size()),
        -1};
    search.Run(0);
    pairing = search.best;
  } else {
    pairing = Greedy(table, left.size(), right.size());
  }
  result.score = Evaluate(table, left, right, pairing);
  std::vector<bool> right_used(right.size());
  for (size_t i = 0; i < left.size(); ++i) {
    if (pairing[i] < 0) {
      result.unmatched_left.push_back(left[i].shown);
      continue;
    }
    size_t j = static_cast<size_t>(pairing[i]);
    right_used[j] = true;
    const Comparison& c = table[i][j];
    result.parts.push_back({left[i].shown, right[j].shown, c.how, c.score, c.detail});
  }
  for (size_t j = 0; j < right.size(); ++j) {
    if (!right_used[j]) result.unmatched_right.push_back(right[j].shown);
  }
  return result;
}

}  // namespace tamga::identity

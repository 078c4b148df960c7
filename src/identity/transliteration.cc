#include "identity/transliteration.h"

#include <memory>
#include <mutex>

#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace tamga::identity {
namespace {

// ICAO Doc 9303-3 table for Russian, Belarusian and Ukrainian letters; the transliterator runs
// after upper-casing, so only capitals are listed.
constexpr const char16_t* kIcaoRules =
    u"А > A; Б > B; В > V; Г > G; Ґ > G; Д > D; Е > E; Ё > E; Є > IE; Ж > ZH; З > Z; И > I; "
    u"І > I; Ї > I; Й > I; К > K; Л > L; М > M; Н > N; О > O; П > P; Р > R; С > S; Т > T; "
    u"У > U; Ў > U; Ф > F; Х > KH; Ц > TS; Ч > CH; Ш > SH; Щ > SHCH; Ъ > IE; Ы > Y; Ь > ; "
    u"Э > E; Ю > IU; Я > IA; ’ > ; \\' > ;";

constexpr const char16_t* kGostRules =
    u"А > A; Б > B; В > V; Г > G; Д > D; Е > E; Ё > E; Ж > ZH; З > Z; И > I; Й > J; К > K; "
    u"Л > L; М > M; Н > N; О > O; П > P; Р > R; С > S; Т > T; У > U; Ф > F; Х > X; Ц > C; "
    u"Ч > CH; Ш > SH; Щ > SHH; Ъ > \\'\\'; Ы > Y\\'; Ь > \\'; Э > E\\'; Ю > YU; Я > YA;";

struct Transliterators {
  std::unique_ptr<icu::Transliterator> icao, gost, bgn;
  std::string error;
};

std::unique_ptr<icu::Transliterator> FromRules(const char* id, const char16_t* rules,
                                               std::string& error) {
  UParseError parse_error;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createFromRules(
      icu::UnicodeString::fromUTF8(id), icu::UnicodeString(rules), UTRANS_FORWARD, parse_error,
      status));
  if (U_FAILURE(status)) error = std::string(id) + ": " + u_errorName(status);
  return t;
}

const Transliterators& Instances() {
  static const Transliterators instances = [] {
    Transliterators t;
    t.icao = FromRules("tamga-ICAO9303", kIcaoRules, t.error);
    t.gost = FromRules("tamga-GOST7034", kGostRules, t.error);
    UErrorCode status = U_ZERO_ERROR;
    t.bgn.reset(icu::Transliterator::createInstance("Russian-Latin/BGN", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) t.error = std::string("Russian-Latin/BGN: ") + u_errorName(status);
    return t;
  }();
  return instances;
}

}  // namespace

std::expected<std::string, std::string> Transliterate(std::string_view name, Scheme scheme) {
  const Transliterators& t = Instances();
  if (!t.error.empty()) return std::unexpected("transliteration rules failed to load: " + t.error);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  // ICU transliterators are not thread-safe for concurrent use of one instance.
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  switch (scheme) {
    case Scheme::kIcao9303:
      text.toUpper();
      t.icao->transliterate(text);
      break;
    case Scheme::kGost7034: {
      icu::UnicodeString upper = text;
      upper.toUpper();
      t.gost->transliterate(upper);
      // Keep the original capitalization: capitalize each word's first letter only.
      text = upper.toLower();
      bool start = true;
      for (int32_t i = 0; i < text.length(); ++i) {
        if (start && u_isalpha(text[i])) text.replace(i, 1, u_toupper(text[i]));
        start = text[i] == ' ' || text[i] == '-';
      }
      break;
    }
    case Scheme::kBgn:
      t.bgn->transliterate(text);
      break;
  }
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace tamga::identity

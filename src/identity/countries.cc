#include "identity/countries.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>

#include <unicode/uloc.h>

namespace tamga::identity {
namespace {

// Every alpha-3 code ICU knows, from its list of alpha-2 codes.
const std::set<std::string, std::less<>>& Alpha3Codes() {
  static const std::set<std::string, std::less<>> codes = [] {
    std::set<std::string, std::less<>> out;
    for (const char* const* c = uloc_getISOCountries(); *c; ++c) {
      std::string locale = std::string("und_") + *c;
      std::string alpha3 = uloc_getISO3Country(locale.c_str());
      if (alpha3.size() == 3) out.insert(alpha3);
    }
    return out;
  }();
  return codes;
}

constexpr std::array<std::string_view, 22> kIcaoCodes = {
    "XXA", "XXB", "XXC", "XXX", "UNO", "UNA", "UNK", "EUE", "GBD", "GBN", "GBO",
    "GBP", "GBS", "RKS", "XOM", "XPO", "XCC", "XES", "XMP", "XBA", "XIM", "XCE"};

}  // namespace

bool IsIsoAlpha3(std::string_view code) { return code.size() == 3 && Alpha3Codes().contains(code); }

std::string Alpha3FromAlpha2(std::string_view alpha2) {
  if (alpha2.size() != 2) return "";
  std::string locale = "und_";
  for (char c : alpha2) locale.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c));
  std::string alpha3 = uloc_getISO3Country(locale.c_str());
  return IsIsoAlpha3(alpha3) ? alpha3 : "";
}

bool IsTravelDocumentCode(std::string_view code) {
  return IsIsoAlpha3(code) || code == "XEC" ||
         std::find(kIcaoCodes.begin(), kIcaoCodes.end(), code) != kIcaoCodes.end();
}

bool IsStatelessOrRefugee(std::string_view code) {
  return code == "XXA" || code == "XXB" || code == "XXC";
}

}  // namespace tamga::identity

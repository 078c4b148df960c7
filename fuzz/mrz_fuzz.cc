// libFuzzer target: the MRZ parser (ICAO 9303, every format). Besides not crashing, ParseMrzText
// promises that `valid` is errors.empty() and that MrzJson always writes valid JSON; and a TD3
// that ParseTd3 accepts must survive FormatTd3 and a second parse unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "identity/mrz.h"

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "mrz_fuzz: broken promise: %s\n", what);
  std::abort();
}

bool SameTd3(const tamga::identity::Td3& a, const tamga::identity::Td3& b) {
  return a.document_code == b.document_code && a.issuing_state == b.issuing_state &&
         a.surname == b.surname && a.given_names == b.given_names && a.number == b.number &&
         a.nationality == b.nationality && a.birth_date == b.birth_date && a.sex == b.sex &&
         a.expiry_date == b.expiry_date && a.personal_number == b.personal_number;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tamga::identity;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  constexpr int kYear = 2024;

  MachineReadableZone mrz = ParseMrzText(text, kYear);
  Require(mrz.valid == mrz.errors.empty(), "valid == errors.empty()");
  const std::string json = MrzJson(mrz);
  Require(nlohmann::json::accept(json), "MrzJson writes valid JSON");

  auto td3 = ParseTd3(text, kYear);
  if (td3) {
    auto again = ParseTd3(FormatTd3(*td3), kYear);
    Require(again.has_value(), "FormatTd3 of a parsed TD3 parses");
    Require(SameTd3(*td3, *again), "FormatTd3 then ParseTd3 gives the same TD3");
  }
  return 0;
}

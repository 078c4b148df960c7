// Codes of states as travel documents and the law write them: ISO 3166-1 alpha-3 (from ICU's
// region data) and the extra codes of ICAO Doc 9303 part 3 for nationalities and issuers.
#pragma once

#include <string>
#include <string_view>

namespace tamga::identity {

// An ISO 3166-1 alpha-3 code of a state or territory ("KAZ", "LVA"); upper case only.
bool IsIsoAlpha3(std::string_view code);

// The alpha-3 code of an ISO 3166-1 alpha-2 code in either case ("ru" -> "RUS"); "" if unknown.
std::string Alpha3FromAlpha2(std::string_view alpha2);

// A code that may stand in a passport's nationality or issuing-state field: ISO alpha-3 or one of
// ICAO 9303's own codes (XXA stateless, XXB and XXC refugees, XXX unspecified, UNO/UNA/UNK United
// Nations, EUE European Union, GBD/GBN/GBO/GBP/GBS British categories, RKS Kosovo, XOM, XPO, XCC,
// XES, XMP, XBA, XIM, XCE, XEC).
bool IsTravelDocumentCode(std::string_view code);

// Whether the code says the holder has no state of citizenship: stateless (XXA) or a refugee
// (XXB, XXC), whose travel document is issued by the state of residence.
bool IsStatelessOrRefugee(std::string_view code);

}  // namespace tamga::identity
